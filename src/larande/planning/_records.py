"""The records of a learning plan."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

import attrs

from larande import _check as check
from larande.catalog import Catalog
from larande.frozenmap import FrozenMap
from larande.needs import Need


class PlanObjective(enum.StrEnum):
    """What :func:`~larande.plan` minimises first."""

    EFFORT = "effort"
    """The least working time; at equal effort, the lower cost."""
    COST = "cost"
    """The lowest cost; at equal cost, the least working time."""


class PlanStatus(enum.StrEnum):
    """Where a plan is in its lifecycle (see :data:`TRANSITIONS`)."""

    DRAFT = "draft"
    IN_REVIEW = "in-review"
    ACTIVE = "active"
    COMPLETE = "complete"
    CANCELLED = "cancelled"


class PlanAction(enum.StrEnum):
    """What can be done to a plan."""

    SUBMIT = "submit"
    APPROVE = "approve"
    REJECT = "reject"
    COMPLETE = "complete"
    REOPEN = "reopen"
    CANCEL = "cancel"


class UnmetReason(enum.StrEnum):
    """Why a need has no activity in the plan."""

    NO_ACTIVITY = "no-activity"
    """No activity in the catalog develops the competency."""
    LEVEL_NOT_REACHED = "level-not-reached"
    """Activities develop the competency, but none to the target level."""
    NOTHING_TO_LEARN = "nothing-to-learn"
    """The person is at the level already and nothing is due (re-assess instead)."""
    ALREADY_PASSED = "already-passed"
    """Only activities the person already passed close it, and it is open still (see
    :func:`~larande.replan`: nothing passed is planned again for the same need)."""


class DropReason(enum.StrEnum):
    """Why :func:`~larande.replan` took an item out of a plan."""

    NEED_CLOSED = "need-closed"
    """The needs it was planned for are closed (learnt otherwise, re-assessed, gone)."""
    NOT_REQUIRED = "not-required"
    """It was there as a prerequisite, and nothing left in the plan needs it."""
    RENEWAL = "renewal"
    """It was passed, but the certificate it gave is up for renewal: a new item of the
    same activity takes its place."""
    RETIRED = "retired"
    """The catalog no longer holds the activity."""


def _needs(value: Iterable[Need]) -> tuple[Need, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _ids(value: Iterable[str]) -> tuple[str, ...]:
    return check.strs(value)


@attrs.frozen
class PlanItem:
    """One activity in a person's plan, and why it is there.

    Attributes:
        activity: the activity's id.
        needs: the needs it closes (empty for an activity planned only as a prerequisite).
        deadline: by when it should be done: the earliest ``due`` of its needs (for a
            prerequisite, of what depends on it).
        priority: the highest priority of its needs (for a prerequisite, of what depends on
            it).
        required_by: the planned activities that need this one first (empty when none).
        done: the day the person passed it (set by :func:`~larande.replan` from follow-up),
            or ``None`` while it is open.
        alternatives: other activities that close the same needs, cheapest first (from
            ``plan(..., alternatives=k)``), for the scheduler to fall back on.
    """

    activity: str = attrs.field(validator=check.identifier)
    needs: tuple[Need, ...] = attrs.field(
        converter=_needs, validator=check.tuple_of(lambda n: isinstance(n, Need), "a Need")
    )
    deadline: dt.date | None = attrs.field(default=None, validator=check.optional_day)
    priority: float = attrs.field(
        default=1.0, converter=check.to_float, validator=check.non_negative_number
    )
    required_by: tuple[str, ...] = attrs.field(
        default=(), converter=_ids, validator=check.tuple_of(check.is_id, "an activity id")
    )
    done: dt.date | None = attrs.field(default=None, validator=check.optional_day)
    alternatives: tuple[str, ...] = attrs.field(
        default=(), converter=_ids, validator=check.tuple_of(check.is_id, "an activity id")
    )


def _drop_reason(value: DropReason | str) -> DropReason:
    return check.as_member(DropReason, value)


@attrs.frozen
class Dropped:
    """An item :func:`~larande.replan` took out of a plan: which, why and when.

    >>> Dropped("medication-course", "need-closed", dt.date(2026, 4, 15)).reason.value
    'need-closed'
    """

    activity: str = attrs.field(validator=check.identifier)
    reason: DropReason = attrs.field(converter=_drop_reason, validator=check.member_of(DropReason))
    on: dt.date = attrs.field(validator=check.day)


def _unmet_reason(value: UnmetReason | str) -> UnmetReason:
    return check.as_member(UnmetReason, value)


def _unmet_params(self: Unmet) -> FrozenMap[str, Any]:
    need = self.need
    return FrozenMap(
        {
            "person": need.subject,
            "competency": need.competency,
            "current": need.current,
            "target": need.required,
        }
    )


@attrs.frozen
class Unmet:
    """A need the plan cannot close, and why.

    Attributes:
        need: the need.
        reason: why (an :class:`UnmetReason`, equal to its string; the message code is
            ``unmet.{reason}``).
        detail: the reason in an English sentence.
        params: the values the sentence names, for translation (``person``,
            ``competency``, ``current``, ``target``); by default taken from the need.
    """

    need: Need = attrs.field(validator=check.instance(Need, "a Need"))
    reason: UnmetReason = attrs.field(
        converter=_unmet_reason, validator=check.member_of(UnmetReason)
    )
    detail: str = attrs.field(default="", validator=check.text)
    params: FrozenMap[str, Any] = attrs.field(
        default=attrs.Factory(_unmet_params, takes_self=True), converter=check.frozen_params
    )


def _status(value: PlanStatus | str) -> PlanStatus:
    return check.as_member(PlanStatus, value)


def _action(value: PlanAction | str) -> PlanAction:
    return check.as_member(PlanAction, value)


@attrs.frozen
class Transition:
    """One step in a plan's history: who did what, when, from which status to which."""

    action: PlanAction = attrs.field(converter=_action, validator=check.member_of(PlanAction))
    before: PlanStatus = attrs.field(converter=_status, validator=check.member_of(PlanStatus))
    after: PlanStatus = attrs.field(converter=_status, validator=check.member_of(PlanStatus))
    on: dt.date = attrs.field(validator=check.day)
    by: str | None = attrs.field(default=None, validator=check.optional_identifier)


def _items(value: Iterable[PlanItem]) -> tuple[PlanItem, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _unmet(value: Iterable[Unmet]) -> tuple[Unmet, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _history(value: Iterable[Transition]) -> tuple[Transition, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _dropped(value: Iterable[Dropped]) -> tuple[Dropped, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _validate_items(
    inst: LearningPlan, attribute: attrs.Attribute[tuple[PlanItem, ...]], value: object
) -> None:
    check.tuple_of(lambda i: isinstance(i, PlanItem), "a PlanItem")(inst, attribute, value)
    assert isinstance(value, tuple)
    check.no_duplicates(inst, attribute.name, (i.activity for i in value), "planned activity")


@attrs.frozen
class LearningPlan:
    """One person's plan: the activities, the needs nothing closes, and its lifecycle.

    Attributes:
        person: the person's id.
        items: the activities, prerequisites before what needs them, each once.
        unmet: the needs no activity closes, with why.
        status: where the plan is in its lifecycle.
        history: every transition so far, oldest first.
        dropped: the items :func:`~larande.replan` took out, oldest first.
    """

    person: str = attrs.field(validator=check.identifier)
    items: tuple[PlanItem, ...] = attrs.field(converter=_items, validator=_validate_items)
    unmet: tuple[Unmet, ...] = attrs.field(
        default=(),
        converter=_unmet,
        validator=check.tuple_of(lambda u: isinstance(u, Unmet), "an Unmet"),
    )
    status: PlanStatus = attrs.field(
        default=PlanStatus.DRAFT, converter=_status, validator=check.member_of(PlanStatus)
    )
    history: tuple[Transition, ...] = attrs.field(
        default=(),
        converter=_history,
        validator=check.tuple_of(lambda t: isinstance(t, Transition), "a Transition"),
    )
    dropped: tuple[Dropped, ...] = attrs.field(
        default=(),
        converter=_dropped,
        validator=check.tuple_of(lambda d: isinstance(d, Dropped), "a Dropped"),
    )

    @property
    def activities(self) -> tuple[str, ...]:
        """The planned activity ids, in plan order."""
        return tuple(i.activity for i in self.items)

    @property
    def open(self) -> tuple[PlanItem, ...]:
        """The items not done yet, in plan order."""
        return tuple(i for i in self.items if i.done is None)

    def effort(self, catalog: Catalog) -> dt.timedelta:
        """The working time the plan takes, in all."""
        return sum((catalog.activity(i.activity).effort for i in self.items), dt.timedelta())

    def cost(self, catalog: Catalog) -> float:
        """What the plan costs, in the organisation's currency."""
        return sum(catalog.activity(i.activity).cost for i in self.items)

    def __repr__(self) -> str:
        # One line of at most 200 characters (DESIGN 9.7): the items are in items.
        done = sum(1 for i in self.items if i.done is not None)
        listed = ", ".join(self.activities) or "none"
        text = (
            f"LearningPlan({self.person}, {self.status!s}: {len(self.items)} activities "
            f"({done} done), {len(self.unmet)} unmet; {listed})"
        )
        return text if len(text) <= 200 else text[:196] + "...)"
