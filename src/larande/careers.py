"""Careers: what it takes for a person to hold another role (a new position as the reward).

The source documents want learning to be visible in people's careers: a new position is
one of its rewards. :func:`career_gap` answers "what would I need to learn to become a
...?" with ordinary person needs, so the answer goes straight into :func:`~larande.plan`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from larande.competence import Assessment
from larande.exceptions import ValidationError
from larande.needs import Context, Need, NeedScope, Reason
from larande.organization import Organization

__all__ = ["career_gap"]

RULE = "career-gap"
"""The ``Reason.rule`` (and message code) of every need :func:`career_gap` finds."""


def career_gap(
    org: Organization,
    assessments: Iterable[Assessment],
    person: str,
    role: str,
    *,
    as_of: dt.date,
) -> tuple[Need, ...]:
    """What ``person`` would need to learn to hold ``role``: one person need per gap.

    Every requirement of the role counts, also one that takes effect later (its need is
    ``due`` that day): a career step is planned ahead. A need's priority is ``(1 + gap) *
    the requirement's weight``; the needs come by descending priority, then competency.
    Its reason, rule ``"career-gap"``, cites the requirement and the assessment behind the
    current level (no valid assessment counts as level 0). A person who already meets
    every requirement gets ``()``.

    >>> from larande.datasets import load_demo
    >>> from larande import plan
    >>> demo = load_demo()
    >>> step = career_gap(demo.org, demo.assessments, "wilma.gran", "it-manager",
    ...                   as_of=demo.as_of)
    >>> [(n.competency, n.current, n.required) for n in step]
    [('coaching', None, 3), ('work-environment', None, 3)]
    >>> plans = plan(step, demo.catalog, org=demo.org)
    >>> plans[0].person
    'wilma.gran'

    Raises:
        UnknownIdError: an unknown person or role.
        ValidationError: an assessment that does not fit the organisation, or an
            ``as_of`` that is not a date.
    """
    context = Context(org, assessments, as_of=as_of)
    try:
        org.person(person)
    except ValidationError as err:
        raise err.at("person") from None
    try:
        target = org.role(role)
    except ValidationError as err:
        raise err.at("role") from None
    out: list[Need] = []
    for req in target.requirements:
        held = context.assessment(person, req.competency)
        current = None if held is None else held.level
        if (current or 0) >= req.level:
            continue
        gap = req.level - (current or 0)
        evidence = (req.evidence_id(role),) + (() if held is None else (held.evidence_id,))
        due = req.effective if req.effective is not None and req.effective > as_of else None
        reason = Reason(
            RULE,
            evidence,
            f"to hold role {role!r}, {person!r} needs {req.competency!r} at level {req.level}; "
            f"now level {current or 0}",
            {
                "person": person,
                "role": role,
                "competency": req.competency,
                "required": req.level,
                "current": current or 0,
            },
        )
        out.append(
            Need(
                person,
                NeedScope.PERSON,
                req.competency,
                current,
                req.level,
                gap,
                round((1 + gap) * req.weight, 6),
                (reason,),
                due,
            )
        )
    out.sort(key=lambda n: (-n.priority, n.competency))
    return tuple(out)
