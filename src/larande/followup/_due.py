"""What is due after training: action plans, check-ins, feedback, sharing, stalled plans."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping

import attrs

from larande import _check as check
from larande._unchecked import unchecked
from larande.exceptions import UnknownIdError, ValidationError
from larande.followup._events import (
    ActionPlanSet,
    ActivityCompleted,
    CheckIn,
    Event,
    FeedbackGiven,
    KnowledgeShared,
)
from larande.followup._state import FollowUpState
from larande.organization import Organization


def _days(inst: object, attribute: attrs.Attribute[int], value: object) -> None:
    if type(value) is not int or value < 0:
        check.fail(inst, attribute.name, value, "a number of days, an int of 0 or more")


def _check_in_days(value: tuple[int, ...]) -> tuple[int, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _validate_check_ins(
    inst: object, attribute: attrs.Attribute[tuple[int, ...]], value: object
) -> None:
    check.tuple_of(lambda d: type(d) is int and d >= 0, "a number of days")(inst, attribute, value)
    assert isinstance(value, tuple)
    if list(value) != sorted(set(value)):
        check.fail(inst, attribute.name, value, "days in increasing order, each once")


@attrs.frozen
class FollowUpPolicy:
    """When follow-up is due, in whole days after the completion it follows.

    Days count from the person's latest :class:`ActivityCompleted` of the activity (a
    retaken course starts the count again).

    Attributes:
        action_plan_within: an action plan is set within this many days.
        check_ins: the days of the check-ins, in order; the k-th check-in after the
            completion fulfils the k-th.
        feedback_after: the feedback session is held this many days after.
        share_within: what was learnt is shared (at the team meeting) within this many days.
        stalled_after: an action plan with no check-in, nor a measurement of its goal, for
            this many days has stalled.
        questions: the question set (in :data:`larande.reflection.QUESTIONS`) for feedback.
    """

    action_plan_within: int = attrs.field(default=7, validator=_days)
    check_ins: tuple[int, ...] = attrs.field(
        default=(14, 42, 90), converter=_check_in_days, validator=_validate_check_ins
    )
    feedback_after: int = attrs.field(default=30, validator=_days)
    share_within: int = attrs.field(default=30, validator=_days)
    stalled_after: int = attrs.field(default=60, validator=_days)
    questions: str = attrs.field(default="feedback", validator=check.identifier)

    @classmethod
    def gentle(cls) -> FollowUpPolicy:
        """Short, simple steps followed up soon: for someone uneasy about training.

        >>> FollowUpPolicy.gentle().check_ins
        (3, 7, 14, 28, 56)
        """
        return cls(
            action_plan_within=3,
            check_ins=(3, 7, 14, 28, 56),
            feedback_after=10,
            share_within=45,
            stalled_after=21,
            questions="feedback-gentle",
        )


class DueKind(enum.StrEnum):
    """What is due."""

    ACTION_PLAN = "action-plan"
    CHECK_IN = "check-in"
    FEEDBACK = "feedback"
    SHARE = "share"
    STALLED = "stalled"


def _kind(value: DueKind | str) -> DueKind:
    return check.as_member(DueKind, value)


@attrs.frozen
class Due:
    """A reminder: what is due, for whom, about what, since when.

    Attributes:
        kind: what is due (a :class:`DueKind`).
        person: who it is for.
        subject: the activity it follows up.
        due_on: the day it fell due.
        overdue_days: how many days past that ``as_of`` is (0 when due today).
        questions: for feedback, the question set to use.
    """

    kind: DueKind = attrs.field(converter=_kind, validator=check.member_of(DueKind))
    person: str = attrs.field(validator=check.identifier)
    subject: str = attrs.field(validator=check.identifier)
    due_on: dt.date = attrs.field(validator=check.day)
    overdue_days: int = attrs.field(validator=check.level)
    questions: str | None = attrs.field(default=None, validator=check.optional_identifier)


# Reminders come by the hundred thousand from validated events: built unchecked.
_due = unchecked(Due)


def _latest_completions(events: tuple[Event, ...]) -> dict[str, dt.date]:
    out: dict[str, dt.date] = {}
    for e in events:
        if isinstance(e, ActivityCompleted) and e.passed is not False:
            out[e.activity] = e.on  # events come by day, so the last one wins
    return out


def due(
    state: FollowUpState,
    *,
    as_of: dt.date,
    policy: FollowUpPolicy | None = None,
    policies: Mapping[str, FollowUpPolicy] | None = None,
    org: Organization | None = None,
) -> tuple[Due, ...]:
    """What is due on or before ``as_of`` and not yet done, sorted by day, person, kind, subject.

    For each activity a person completed (failed completions start nothing; the latest
    completion counts): an ``action-plan``, ``check-in`` slots, ``feedback`` and ``share``,
    each due the policy's number of days later and done by the matching event on or after
    the completion (a check-in dated before it fulfils no slot); and ``stalled`` for an
    action plan with no check-in on the activity nor measurement of its goal for
    ``stalled_after`` days. ``policies`` maps a person to their own policy.

    Team action plans (an :class:`ActionPlanSet` naming a ``unit``) need ``org``, which
    knows the members (sub-units included); without it they are skipped. With it, a team
    plan set on or after a member's completion is that member's action plan too, and a
    team plan stalls when no member has checked in on the activity (nor was its goal
    measured) for ``stalled_after`` days: one ``stalled`` reminder for each member.

    >>> from larande.followup import ActivityCompleted, replay
    >>> s = replay([ActivityCompleted("e1", "anna", "cpr", dt.date(2026, 2, 2))])
    >>> [(d.kind.value, d.due_on.isoformat()) for d in due(s, as_of=dt.date(2026, 2, 20))]
    [('action-plan', '2026-02-09'), ('check-in', '2026-02-16')]
    """
    if not isinstance(state, FollowUpState):
        raise ValidationError(
            f"expected a FollowUpState, got {check.describe(state)}", path="state"
        )
    if not check.is_day(as_of):
        raise ValidationError(
            f"expected a datetime.date, got {check.describe(as_of)}", path="as_of"
        )
    default = policy if policy is not None else FollowUpPolicy()
    if not isinstance(default, FollowUpPolicy):
        raise ValidationError(
            f"expected a FollowUpPolicy, got {check.describe(policy)}", path="policy"
        )
    own = dict(policies or {})
    for person, p in own.items():
        if not isinstance(p, FollowUpPolicy):
            raise ValidationError(
                f"expected a FollowUpPolicy, got {check.describe(p)}", path=f"policies[{person!r}]"
            )
    if org is not None and not isinstance(org, Organization):
        raise ValidationError(
            f"expected an Organization or None, got {check.describe(org)}", path="org"
        )
    teams = _team_plans(state, org)
    out: list[Due] = []
    for person in state.people():
        rules = own.get(person, default)
        events = state.of_person(person)
        completed = _latest_completions(events)
        if completed:
            shared_plans: list[ActionPlanSet] = []
            if teams:
                assert org is not None
                home = org.person(person).unit if org.has_person(person) else None
                for unit in (home, *org.unit_ancestors(home)) if home is not None else ():
                    shared_plans.extend(teams.get(unit, ()))
            out.extend(_due_after(person, (*events, *shared_plans), completed, rules, as_of))
        out.extend(_stalled(state, person, events, rules, as_of))
    if teams:
        assert org is not None
        out.extend(_team_stalled(state, org, teams, own, default, as_of))
    if teams:
        # A person's own plan and their teams' plans may stall alike: remind once, from
        # the earliest day.
        first: dict[tuple[str, str, str], Due] = {}
        for d in out:
            key = (d.kind.value, d.person, d.subject)
            if key not in first or d.due_on < first[key].due_on:
                first[key] = d
        out = list(first.values())
    out.sort(key=lambda d: (d.due_on, d.person, d.kind.value, d.subject))
    return tuple(out)


def _due_after(
    person: str,
    events: tuple[Event, ...],
    completed: dict[str, dt.date],
    rules: FollowUpPolicy,
    as_of: dt.date,
) -> list[Due]:
    out: list[Due] = []
    plans: set[str] = set()
    feedback: set[str] = set()
    shared: set[str] = set()
    check_ins: dict[str, int] = {}
    for e in events:
        subject = e.subject if isinstance(e, CheckIn) else getattr(e, "activity", None)
        if subject not in completed or e.on < completed[subject]:
            continue
        if isinstance(e, ActionPlanSet):
            plans.add(subject)
        elif isinstance(e, FeedbackGiven):
            feedback.add(subject)
        elif isinstance(e, KnowledgeShared):
            shared.add(subject)
        elif isinstance(e, CheckIn):
            check_ins[subject] = check_ins.get(subject, 0) + 1

    def remind(kind: DueKind, activity: str, days: int, questions: str | None = None) -> None:
        # Compared in days first: a day past 9999-12-31 is never due.
        if (as_of - completed[activity]).days >= days:
            day = completed[activity] + dt.timedelta(days=days)
            out.append(_due(kind, person, activity, day, (as_of - day).days, questions))

    for activity in sorted(completed):
        if activity not in plans:
            remind(DueKind.ACTION_PLAN, activity, rules.action_plan_within)
        done = check_ins.get(activity, 0)
        for k, days in enumerate(rules.check_ins):
            if k >= done:
                remind(DueKind.CHECK_IN, activity, days)
        if activity not in feedback:
            remind(DueKind.FEEDBACK, activity, rules.feedback_after, rules.questions)
        if activity not in shared:
            remind(DueKind.SHARE, activity, rules.share_within)
    return out


def _team_plans(
    state: FollowUpState, org: Organization | None
) -> dict[str, tuple[ActionPlanSet, ...]]:
    if org is None:
        return {}
    out = {}
    for unit in state.units():
        if not org.has_unit(unit):
            raise UnknownIdError(
                "unit", unit, path="state", referrer="a team action plan", expected="a unit of org"
            )
        out[unit] = state.of_unit(unit)
    return out


def _team_stalled(
    state: FollowUpState,
    org: Organization,
    teams: dict[str, tuple[ActionPlanSet, ...]],
    own: Mapping[str, FollowUpPolicy],
    default: FollowUpPolicy,
    as_of: dt.date,
) -> list[Due]:
    out: list[Due] = []
    for unit, plans in sorted(teams.items()):
        latest = {p.activity: p for p in plans}  # by day: the last one wins
        members = [m.id for m in org.members(unit)]
        last_check_in: dict[str, dt.date] = {}
        for m in members:
            for e in state.of_person(m):
                if isinstance(e, CheckIn) and e.subject in latest:
                    held = last_check_in.get(e.subject)
                    if held is None or e.on > held:
                        last_check_in[e.subject] = e.on
        for activity, plan in sorted(latest.items()):
            last = plan.on
            seen = last_check_in.get(activity)
            if seen is not None and seen > last:
                last = seen
            if plan.goal is not None:
                measured = state.measurements(plan.goal)
                if measured and measured[-1].on > last:
                    last = measured[-1].on
            for m in members:
                after = own.get(m, default).stalled_after
                if (as_of - last).days >= after:
                    day = last + dt.timedelta(days=after)
                    out.append(Due(DueKind.STALLED, m, activity, day, (as_of - day).days))
    return out


def _stalled(
    state: FollowUpState,
    person: str,
    events: tuple[Event, ...],
    rules: FollowUpPolicy,
    as_of: dt.date,
) -> list[Due]:
    latest_plan: dict[str, ActionPlanSet] = {}
    last_check_in: dict[str, dt.date] = {}
    for e in events:
        if isinstance(e, ActionPlanSet):
            latest_plan[e.activity] = e
        elif isinstance(e, CheckIn):
            last_check_in[e.subject] = e.on
    out = []
    for activity, plan in sorted(latest_plan.items()):
        last = plan.on
        seen = last_check_in.get(activity)
        if seen is not None and seen > last:
            last = seen
        if plan.goal is not None:
            measured = state.measurements(plan.goal)
            if measured and measured[-1].on > last:
                last = measured[-1].on
        if (as_of - last).days >= rules.stalled_after:
            day = last + dt.timedelta(days=rules.stalled_after)
            out.append(Due(DueKind.STALLED, person, activity, day, (as_of - day).days))
    return out
