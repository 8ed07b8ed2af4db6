"""Key-person risk: where a unit depends on too few people for what its roles require.

A retiring specialist, a team where one person holds the delegation everyone relies on, a
unit of one: :func:`key_person_risk` lists every unit and competency where fewer than
``min_holders`` of the people whose roles require it hold the level required.

The report is about groups, never about a person. It names no one; its figures are counts,
and a count is shown only for a group of at least ``min_group`` people, and only where no
smaller group could be worked out by subtracting shown counts from one another (the same
rule as the needs matrix's, :meth:`~larande.NeedsReport.matrix`). The fact that a unit is
at risk is always shown, small units included: for a unit where fewer than
``min_holders`` people need the competency at all, the risk follows from its size alone
and says nothing about anyone's competence.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from larande import _check as check
from larande.competence import Assessment
from larande.exceptions import ValidationError
from larande.needs import Context
from larande.needs._matrix import _suppress, _Tree
from larande.organization import Organization

__all__ = ["Risk", "key_person_risk"]


def _optional_count(inst: object, attribute: attrs.Attribute[int | None], value: object) -> None:
    if value is not None and (type(value) is not int or value < 0):
        check.fail(inst, attribute.name, value, "a count of people, an int of 0 or more, or None")


@attrs.frozen
class Risk:
    """A unit that depends on too few people for a competency its roles require.

    Attributes:
        unit: the unit (its sub-units' people included).
        competency: the competency.
        holders: how many of ``required_by`` hold the level their roles require;
            ``None`` where showing it could single someone out.
        required_by: how many of the unit's people hold a role that requires the
            competency now; ``None`` where showing it could single someone out.
    """

    unit: str = attrs.field(validator=check.identifier)
    competency: str = attrs.field(validator=check.identifier)
    holders: int | None = attrs.field(validator=_optional_count)
    required_by: int | None = attrs.field(validator=_optional_count)

    def __attrs_post_init__(self) -> None:
        if (self.holders is None) != (self.required_by is None):
            raise ValidationError(
                f"risk {self.unit!r}/{self.competency!r}: holders and required_by are "
                "shown or suppressed together",
                path="holders" if self.holders is None else "required_by",
                code="risk-half-suppressed",
                params={"unit": self.unit, "competency": self.competency},
            )
        if (
            self.holders is not None
            and self.required_by is not None
            and self.holders > self.required_by
        ):
            check.fail(self, "holders", self.holders, f"at most required_by ({self.required_by})")

    @property
    def suppressed(self) -> bool:
        """Whether the counts are withheld."""
        return self.required_by is None


def _count(value: object, field: str) -> int:
    if type(value) is not int or value < 1:
        raise ValidationError(
            f"expected {field} to be an int of 1 or more, got {check.describe(value)}",
            path=field,
        )
    return value


def key_person_risk(
    org: Organization,
    assessments: Iterable[Assessment],
    *,
    as_of: dt.date,
    min_holders: int = 2,
    min_group: int = 5,
) -> tuple[Risk, ...]:
    """Every (unit, competency) where fewer than ``min_holders`` people hold what is required.

    For each unit (its sub-units' people included) and each competency that its people's
    roles require on ``as_of`` (requirements not yet in effect do not count), the unit is
    at risk when fewer than ``min_holders`` of those people hold, by their current level
    (the latest valid assessment), the level their own roles require. Risks come in the
    organisation's unit order, then the framework's competency order.

    ``holders`` and ``required_by`` are ``None`` for a group of fewer than ``min_group``
    people, and wherever such a group could be worked out by subtraction (see the module).

    >>> from larande.datasets import load_demo
    >>> demo = load_demo()
    >>> risks = key_person_risk(demo.org, demo.assessments, as_of=demo.as_of)
    >>> [r.competency for r in risks if r.unit == "it"]  # a unit of one: its manager
    ['coaching', 'work-environment']
    >>> risks[-1]
    Risk(unit='it', competency='work-environment', holders=None, required_by=None)
    >>> key_person_risk(demo.org, demo.assessments, as_of=demo.as_of, min_group=3)[0]
    Risk(unit='alvby', competency='work-environment', holders=1, required_by=3)

    Raises:
        ValidationError: ``min_holders`` or ``min_group`` not an int of 1 or more; an
            assessment that does not fit the organisation.
    """
    min_holders = _count(min_holders, "min_holders")
    min_group = _count(min_group, "min_group")
    context = Context(org, assessments, as_of=as_of)
    # Per competency, per unit of its own people: [required by, held].
    counts: dict[str, dict[str, list[int]]] = {}
    in_effect: dict[tuple[str, ...], dict[str, int]] = {}  # roles -> competency -> level
    for person in org.people:
        required = in_effect.get(person.roles)
        if required is None:
            # The highest level among the requirements in effect (a higher one that takes
            # effect later does not count yet; the lower one in effect does).
            required = in_effect[person.roles] = {}
            for role in org.roles_of(person.id):
                for r in role.requirements:
                    if r.effective is None or r.effective <= as_of:
                        required[r.competency] = max(r.level, required.get(r.competency, 0))
        if not required:
            continue
        current = context.current(person.id)
        for competency, level in required.items():
            c = counts.setdefault(competency, {}).setdefault(person.unit, [0, 0])
            c[0] += 1
            held = current.get(competency)
            if held is not None and held.level >= level:
                c[1] += 1
    tree = _Tree(org)
    order = {c: i for i, c in enumerate(org.framework)}
    out: list[Risk] = []
    for competency in sorted(counts, key=order.__getitem__):
        totals = _rolled_up(counts[competency], tree)
        at_risk = {u for u, (n, held) in totals.items() if held < min_holders}
        if not at_risk:
            continue
        # Only the units at risk show figures. Below a unit at risk every unit that needs
        # the competency is at risk too (it holds no more), so subtraction works within
        # them alone; the others count as hidden groups of nobody.
        bottom_up = sorted(totals, key=tree.post.__getitem__)
        people = {u: (totals[u][0] if u in at_risk else 0) for u in totals}
        shown = _suppress(bottom_up, tree.parent, people, min_group)
        for unit in at_risk:
            n, holding = totals[unit]
            if unit in shown:
                out.append(Risk(unit, competency, holding, n))
            else:
                out.append(Risk(unit, competency, None, None))
    out.sort(key=lambda r: (tree.index[r.unit], order[r.competency]))
    return tuple(out)


def _rolled_up(own: dict[str, list[int]], tree: _Tree) -> dict[str, tuple[int, int]]:
    """Each unit's counts with everything below it (units with people concerned, and up)."""
    totals: dict[str, list[int]] = {u: list(c) for u, c in own.items()}
    for unit in sorted(own, key=tree.post.__getitem__):
        # Walking up from each unit with its own counts: the chain of ancestors only.
        n, held = own[unit]
        up = tree.parent[unit]
        while up is not None:
            t = totals.setdefault(up, [0, 0])
            t[0] += n
            t[1] += held
            up = tree.parent[up]
    return {u: (t[0], t[1]) for u, t in totals.items()}
