"""The events a host system sends after training: completions, plans, check-ins and more.

Every event is frozen, carries its own ``id`` (the host's, or an xAPI statement id) and
the day ``on`` which it happened. Events arrive late and twice; :func:`replay` copes.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from larande import _check as check
from larande.exceptions import ValidationError
from larande.frozenmap import FrozenMap


def _optional_share(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (type(value) is not float or not 0.0 <= value <= 1.0):
        check.fail(inst, attribute.name, value, "a share from 0 to 1, or None")


def _optional_bool(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and type(value) is not bool:
        check.fail(inst, attribute.name, value, "True, False or None")


@attrs.frozen
class ActivityCompleted:
    """A person completed an activity.

    Attributes:
        score: a scaled score from 0 to 1 (convert a raw score as ``raw / max``), if any.
        passed: whether it was passed, if it can be failed.
    """

    id: str = attrs.field(validator=check.identifier)
    person: str = attrs.field(validator=check.identifier)
    activity: str = attrs.field(validator=check.identifier)
    on: dt.date = attrs.field(validator=check.day)
    score: float | None = attrs.field(
        default=None, converter=check.optional_float, validator=_optional_share
    )
    passed: bool | None = attrs.field(default=None, validator=_optional_bool)


def _tasks(value: Iterable[str]) -> tuple[str, ...]:
    return check.strs(value)


@attrs.frozen
class ActionPlanSet:
    """After an activity, what a person (or a whole team) will do to put it to use.

    Exactly one of ``person`` and ``unit`` is given: a team action plan names the unit
    (``person=None``), and check-ins by any of its members count for it.

    Attributes:
        person: the person whose plan it is, or ``None`` for a team action plan.
        tasks: concrete tasks where the new knowledge applies.
        goal: the goal whose metric the plan aims to move (say, release lead time).
        due: when the plan should be carried out.
        unit: the unit whose team action plan it is, or ``None`` for a person's plan.

    >>> team = ActionPlanSet("ap-south", None, "apt-medication-reflection",
    ...                      dt.date(2026, 3, 3), ["Double-check at every evening round"],
    ...                      unit="homecare-south")
    >>> team.unit, team.person
    ('homecare-south', None)
    """

    id: str = attrs.field(validator=check.identifier)
    person: str | None = attrs.field(validator=check.optional_identifier)
    activity: str = attrs.field(validator=check.identifier)
    on: dt.date = attrs.field(validator=check.day)
    tasks: tuple[str, ...] = attrs.field(
        converter=_tasks, validator=check.tuple_of(lambda t: isinstance(t, str), "a task text")
    )
    goal: str | None = attrs.field(default=None, validator=check.optional_identifier)
    due: dt.date | None = attrs.field(default=None, validator=check.optional_day)
    unit: str | None = attrs.field(default=None, validator=check.optional_identifier)

    def __attrs_post_init__(self) -> None:
        if (self.person is None) == (self.unit is None):
            raise ValidationError(
                f"action plan {self.id!r} names "
                + (
                    "neither a person nor a unit"
                    if self.person is None
                    else "both a person and a unit"
                )
                + "; expected exactly one",
                path="person" if self.person is None else "unit",
                code="action-plan-owner",
                params={"event": self.id},
            )


@attrs.frozen
class CheckIn:
    """A follow-up conversation on an activity or an objective.

    Attributes:
        subject: the activity id or the objective id it is about.
        progress: how far along, from 0 to 1, if said.
        note: what was said, briefly.
    """

    id: str = attrs.field(validator=check.identifier)
    person: str = attrs.field(validator=check.identifier)
    subject: str = attrs.field(validator=check.identifier)
    on: dt.date = attrs.field(validator=check.day)
    progress: float | None = attrs.field(
        default=None, converter=check.optional_float, validator=_optional_share
    )
    note: str = attrs.field(default="", validator=check.text)


def _rating(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (type(value) is not int or not 1 <= value <= 5):
        check.fail(inst, attribute.name, value, "a rating from 1 to 5, or None")


def _answers(value: Mapping[str, str]) -> FrozenMap[str, str]:
    return check.as_frozenmap(value)  # type: ignore[no-any-return]


def _validate_answers(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, FrozenMap):
        check.fail(inst, attribute.name, value, "a mapping question -> answer")
    for q, a in value.items():
        if not isinstance(q, str) or not isinstance(a, str):
            check.fail(inst, attribute.name, (q, a), "str questions and str answers")


@attrs.frozen
class FeedbackGiven:
    """A feedback session after an activity: a rating and answers to questions.

    Attributes:
        rating: from 1 to 5, if given.
        answers: question (or its key in :data:`larande.reflection.QUESTIONS`) -> answer.
    """

    id: str = attrs.field(validator=check.identifier)
    person: str = attrs.field(validator=check.identifier)
    activity: str = attrs.field(validator=check.identifier)
    on: dt.date = attrs.field(validator=check.day)
    rating: int | None = attrs.field(default=None, validator=_rating)
    answers: FrozenMap[str, str] = attrs.field(
        factory=FrozenMap, converter=_answers, validator=_validate_answers
    )


@attrs.frozen
class Measured:
    """A measurement of a goal's metric (a finite number in the metric's unit)."""

    id: str = attrs.field(validator=check.identifier)
    goal: str = attrs.field(validator=check.identifier)
    on: dt.date = attrs.field(validator=check.day)
    value: float = attrs.field(converter=check.to_float, validator=check.finite_number)


@attrs.frozen
class KnowledgeShared:
    """A person shared what they learnt (at the team meeting, on the intranet...)."""

    id: str = attrs.field(validator=check.identifier)
    person: str = attrs.field(validator=check.identifier)
    activity: str = attrs.field(validator=check.identifier)
    on: dt.date = attrs.field(validator=check.day)
    forum: str = attrs.field(default="APT", validator=check.text)


@attrs.frozen
class ObjectiveAchieved:
    """A person reached an individual objective."""

    id: str = attrs.field(validator=check.identifier)
    person: str = attrs.field(validator=check.identifier)
    objective: str = attrs.field(validator=check.identifier)
    on: dt.date = attrs.field(validator=check.day)


class LedKind(enum.StrEnum):
    """What a person led: leading is how the documents spot tomorrow's leaders."""

    PROJECT = "project"
    WORKING_GROUP = "working-group"
    MEETING = "meeting"
    """A meeting, such as the team's reflection at the workplace meeting (APT)."""
    MENTORING = "mentoring"
    """Mentoring a colleague (beyond the three kinds of DESIGN: mentoring is leading too)."""


def _led_kind(value: LedKind | str) -> LedKind | str:
    # Kinds are open: a host's own kind ("study-circle") is kept as given.
    return check.as_member(LedKind, value)


@attrs.frozen
class Led:
    """A person led something: a project, a working group, a meeting.

    Attributes:
        what: what was led, in the host's words (a project's name).
        kind: a :class:`LedKind`, or a host's own non-empty str (``"study-circle"``).

    >>> Led("led-1", "xin.li", dt.date(2026, 3, 2), "Pipeline pilot", "project").kind
    <LedKind.PROJECT: 'project'>
    """

    id: str = attrs.field(validator=check.identifier)
    person: str = attrs.field(validator=check.identifier)
    on: dt.date = attrs.field(validator=check.day)
    what: str = attrs.field(validator=check.text)
    kind: LedKind | str = attrs.field(converter=_led_kind, validator=check.open_member_of(LedKind))


@attrs.frozen
class Retracted:
    """Withdraws the event ``target``, whenever either arrives (a correction, a voiding)."""

    id: str = attrs.field(validator=check.identifier)
    on: dt.date = attrs.field(validator=check.day)
    target: str = attrs.field(validator=check.identifier)

    def __attrs_post_init__(self) -> None:
        if self.target == self.id:
            raise ValidationError(
                f"retraction {self.id!r} targets itself; expected another event's id",
                path="target",
                code="self-retraction",
                params={"event": self.id},
            )


Event = (
    ActivityCompleted
    | ActionPlanSet
    | CheckIn
    | FeedbackGiven
    | Measured
    | KnowledgeShared
    | ObjectiveAchieved
    | Led
    | Retracted
)
"""Any follow-up event."""

EVENT_TYPES: tuple[type[Event], ...] = (
    ActivityCompleted,
    ActionPlanSet,
    CheckIn,
    FeedbackGiven,
    Measured,
    KnowledgeShared,
    ObjectiveAchieved,
    Led,
    Retracted,
)
"""Every event class, as JSON names them in their ``type`` tag."""


def person_of(event: Event) -> str | None:
    """The person an event is about, if any."""
    return getattr(event, "person", None)
