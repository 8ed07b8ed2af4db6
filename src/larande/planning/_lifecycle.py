"""A plan's lifecycle: a transition table, and one function that follows it."""

from __future__ import annotations

import datetime as dt

import attrs

from larande import _check as check
from larande.exceptions import InvalidTransitionError, ValidationError
from larande.frozenmap import FrozenMap
from larande.planning._records import LearningPlan, PlanAction, PlanStatus, Transition

_S, _A = PlanStatus, PlanAction

TRANSITIONS: FrozenMap[tuple[PlanStatus, PlanAction], PlanStatus] = FrozenMap(
    {
        (_S.DRAFT, _A.SUBMIT): _S.IN_REVIEW,
        (_S.DRAFT, _A.CANCEL): _S.CANCELLED,
        (_S.IN_REVIEW, _A.APPROVE): _S.ACTIVE,
        (_S.IN_REVIEW, _A.REJECT): _S.DRAFT,
        (_S.IN_REVIEW, _A.CANCEL): _S.CANCELLED,
        (_S.ACTIVE, _A.COMPLETE): _S.COMPLETE,
        (_S.ACTIVE, _A.CANCEL): _S.CANCELLED,
        (_S.COMPLETE, _A.REOPEN): _S.ACTIVE,
        (_S.CANCELLED, _A.REOPEN): _S.DRAFT,
    }
)
"""(status, action) -> the status after it. Any other pair is refused.

=========== ========= ======= ====== ======== ====== =========
from        submit    approve reject complete reopen cancel
=========== ========= ======= ====== ======== ====== =========
draft       in-review                                cancelled
in-review             active  draft                  cancelled
active                               complete        cancelled
complete                                      active
cancelled                                     draft
=========== ========= ======= ====== ======== ====== =========
"""


def allowed(status: PlanStatus | str) -> tuple[PlanAction, ...]:
    """The actions allowed from ``status``, in table order.

    >>> [str(a) for a in allowed("in-review")]
    ['approve', 'reject', 'cancel']
    """
    state = check.as_member(PlanStatus, status)
    if not isinstance(state, PlanStatus):
        raise ValidationError(
            f"expected one of {[s.value for s in PlanStatus]}, got {check.describe(status)}",
            path="status",
        )
    return tuple(action for (before, action) in TRANSITIONS if before is state)


def advance(
    plan: LearningPlan, action: PlanAction | str, *, on: dt.date, by: str | None = None
) -> LearningPlan:
    """The plan after ``action``, with the transition appended to its history.

    >>> p = LearningPlan("anna", [])
    >>> p = advance(p, "submit", on=dt.date(2026, 1, 12), by="karin")
    >>> p.status, len(p.history)
    (<PlanStatus.IN_REVIEW: 'in-review'>, 1)
    >>> advance(p, "complete", on=dt.date(2026, 1, 13))
    Traceback (most recent call last):
    ...
    larande.exceptions.InvalidTransitionError: cannot complete a plan that is in-review; allowed: approve, reject, cancel

    Raises:
        InvalidTransitionError: the table has no such step from the plan's status.
        ValidationError: ``plan``, ``action``, ``on`` or ``by`` is malformed.
    """  # noqa: E501
    if not isinstance(plan, LearningPlan):
        raise ValidationError(f"expected a LearningPlan, got {check.describe(plan)}", path="plan")
    step = check.as_member(PlanAction, action)
    if not isinstance(step, PlanAction):
        raise ValidationError(
            f"expected one of {[a.value for a in PlanAction]}, got {check.describe(action)}",
            path="action",
        )
    if not check.is_day(on):
        raise ValidationError(f"expected a datetime.date, got {check.describe(on)}", path="on")
    if by is not None and not check.is_id(by):
        raise ValidationError(f"expected a person id or None, got {check.describe(by)}", path="by")
    after = TRANSITIONS.get((plan.status, step))
    if after is None:
        raise InvalidTransitionError(
            plan.status.value, step.value, allowed=[a.value for a in allowed(plan.status)]
        )
    return attrs.evolve(
        plan,
        status=after,
        history=(*plan.history, Transition(step, plan.status, after, on, by)),
    )
