"""The bundle that carries one organisation's data through the whole loop."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import attrs

from larande import _check as check
from larande.calendars import Absence, WorkCalendar
from larande.catalog import Catalog
from larande.competence import Assessment
from larande.exceptions import UnknownIdError, ValidationError
from larande.followup import Event, replay
from larande.goals import GoalGraph, Level
from larande.needs import Signal
from larande.needs._context import check_signals
from larande.organization import Organization
from larande.scheduling import Budget

__all__ = ["Dataset"]


def _assessments(value: Iterable[Assessment]) -> tuple[Assessment, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _validate_assessments(
    inst: Dataset, attribute: attrs.Attribute[object], value: object
) -> None:
    if not isinstance(value, tuple):
        check.fail(inst, attribute.name, value, "a sequence of Assessment")


def _signals(value: Iterable[Signal]) -> tuple[Signal, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _validate_signals(
    inst: Dataset, attribute: attrs.Attribute[tuple[Signal, ...]], value: object
) -> None:
    if not isinstance(value, tuple):
        check.fail(inst, attribute.name, value, "a sequence of Signal")


def _events(value: Iterable[Event]) -> tuple[Event, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _validate_events(
    inst: Dataset, attribute: attrs.Attribute[tuple[Event, ...]], value: object
) -> None:
    if not isinstance(value, tuple):
        check.fail(inst, attribute.name, value, "a sequence of follow-up events")


def _absences(value: Iterable[Absence]) -> tuple[Absence, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _validate_absences(
    inst: Dataset, attribute: attrs.Attribute[tuple[Absence, ...]], value: object
) -> None:
    check.tuple_of(lambda a: isinstance(a, Absence), "an Absence")(inst, attribute, value)


def _validate_budget(inst: Dataset, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None or isinstance(value, Budget):
        return
    check.optional_positive_duration(inst, attribute, value)


# Not hashable: later capabilities add a GoalGraph, which is a mutable container.
@attrs.frozen(unsafe_hash=False, repr=False)
class Dataset:
    """One organisation's data, ready for the loop: who, what they can, and "today".

    Each capability adds its field when it lands (goals, signals, catalog, events, the
    schedule settings). :func:`larande.datasets.load_demo` and
    :func:`larande.datasets.synthetic` return one; :mod:`larande.io.json` reads and writes
    it; the command line takes it as input.

    Attributes:
        org: the organisation.
        assessments: what is known of people's competence.
        as_of: the dataset's "today"; analyses of it default to this day.
        goals: the goal graph, from the guiding star to individual objectives, if any.
        signals: evidence for needs analysis: record samples, deviations, reports,
            internal control and test results.
        catalog: the activities on offer, if any.
        start: the first day learning is scheduled from (often ``as_of``).
        end: the last day of the scheduling horizon.
        budget: the working time set aside for learning per person: a ``timedelta`` a
            month, or a :class:`~larande.Budget` (a month's or a year's amount).
        calendar: the working days (say, ``WorkCalendar.sweden(2026)``).
        events: what happened after training (completions, check-ins, measurements...),
            for :func:`larande.replay`.
        absences: who is away when (parental leave, a long sick leave): nothing is
            scheduled for them then.

    Every assessment must fit ``org`` (a known person and competency, a level within the
    scale); the error's path names the assessment (``"assessments[12].level"``). Every goal's
    owner must be a unit of ``org`` (a person, for an individual objective) and its
    competencies must be in the framework.
    """

    org: Organization = attrs.field(validator=check.instance(Organization, "an Organization"))
    assessments: tuple[Assessment, ...] = attrs.field(
        converter=_assessments, validator=_validate_assessments
    )
    as_of: dt.date = attrs.field(validator=check.day)
    goals: GoalGraph | None = attrs.field(
        default=None, validator=attrs.validators.optional(check.instance(GoalGraph, "a GoalGraph"))
    )
    signals: tuple[Signal, ...] = attrs.field(
        default=(), converter=_signals, validator=_validate_signals
    )
    catalog: Catalog | None = attrs.field(
        default=None, validator=attrs.validators.optional(check.instance(Catalog, "a Catalog"))
    )
    start: dt.date | None = attrs.field(default=None, validator=check.optional_day)
    end: dt.date | None = attrs.field(default=None, validator=check.optional_day)
    budget: dt.timedelta | Budget | None = attrs.field(default=None, validator=_validate_budget)
    calendar: WorkCalendar | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(check.instance(WorkCalendar, "a WorkCalendar")),
    )
    events: tuple[Event, ...] = attrs.field(
        default=(), converter=_events, validator=_validate_events
    )
    absences: tuple[Absence, ...] = attrs.field(
        default=(), converter=_absences, validator=_validate_absences
    )

    def __attrs_post_init__(self) -> None:
        try:
            self.org.check_assessments(self.assessments)
        except ValidationError as err:
            raise err.at("assessments") from None
        if self.goals is not None:
            _check_goals(self.org, self.goals)
        check_signals(self.org, self.signals)
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValidationError(
                f"start {self.start.isoformat()} is after end {self.end.isoformat()}",
                path="start",
                code="start-after-end",
            )
        if self.calendar is not None:
            for name, day in (("start", self.start), ("end", self.end)):
                if day is not None and day.year not in self.calendar.years:
                    raise ValidationError(
                        f"{name} {day.isoformat()} is outside the calendar's years "
                        f"{sorted(self.calendar.years)}",
                        path=name,
                        code="outside-calendar",
                    )
        if self.catalog is not None:
            try:
                self.catalog.check(self.org.framework)
            except ValidationError as err:
                raise err.at("catalog") from None
        if self.events:
            # Checks every event, the people, goals and activities they name, and
            # conflicting ids.
            replay(self.events, org=self.org, goals=self.goals, catalog=self.catalog)
        for i, absence in enumerate(self.absences):
            if not self.org.has_person(absence.person):
                raise UnknownIdError(
                    "person",
                    absence.person,
                    path=f"absences[{i}].person",
                    referrer=f"an absence from {absence.start.isoformat()}",
                )

    def __repr__(self) -> str:
        goals = "" if self.goals is None else f", goals={len(self.goals)}"
        signals = f", signals={len(self.signals)}" if self.signals else ""
        catalog = "" if self.catalog is None else f", activities={len(self.catalog)}"
        events = f", events={len(self.events)}" if self.events else ""
        absences = f", absences={len(self.absences)}" if self.absences else ""
        return (
            f"Dataset(org={self.org!r}, assessments={len(self.assessments)}, "
            f"as_of={self.as_of.isoformat()}{goals}{signals}{catalog}{events}{absences})"
        )


def _check_goals(org: Organization, goals: GoalGraph) -> None:
    """Every goal's owner is a unit of ``org`` (a person for an objective); competencies known."""
    framework = org.framework
    for i, gid in enumerate(goals):
        goal = goals.goal(gid)
        path = f"goals.goals[{i}]"
        owner = goal.owner
        if owner is not None:
            if goal.level is Level.INDIVIDUAL:
                if not org.has_person(owner):
                    raise UnknownIdError(
                        "person",
                        owner,
                        path=f"{path}.owner",
                        referrer=f"objective {gid!r} (as owner)",
                    )
            elif not org.has_unit(owner):
                raise UnknownIdError(
                    "unit", owner, path=f"{path}.owner", referrer=f"goal {gid!r} (as owner)"
                )
        for competency in sorted(goal.competencies):
            if competency not in framework:
                raise UnknownIdError(
                    "competency", competency, path=f"{path}.competencies", referrer=f"goal {gid!r}"
                )
