"""The records of a goal graph: levels, metrics, goals and the findings about them."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import Any

import attrs

from larande import _check as check
from larande.exceptions import ValidationError
from larande.frozenmap import FrozenMap


class Level(enum.IntEnum):
    """How broad a goal is; ordered from broadest (``ORGANIZATION``) to narrowest.

    >>> Level.TEAM > Level.UNIT
    True
    """

    ORGANIZATION = 1
    UNIT = 2
    TEAM = 3
    INDIVIDUAL = 4


@attrs.frozen
class Metric:
    """How a goal is measured: a quantity, its unit, where it starts and where it should end.

    The direction follows from the numbers: a target below the baseline means "reduce".

    >>> release = Metric("release lead time", "days", baseline=20, target=17)
    >>> release.direction, release.fraction(18.5)
    (-1, 0.5)
    """

    name: str = attrs.field(validator=check.text)
    unit: str = attrs.field(validator=check.text)
    baseline: float = attrs.field(converter=check.to_float, validator=check.finite_number)
    target: float = attrs.field(converter=check.to_float, validator=check.finite_number)

    def __attrs_post_init__(self) -> None:
        if self.target == self.baseline:
            raise ValidationError(
                f"Metric {self.name!r}: the target equals the baseline ({self.target}); "
                "a goal must move its metric",
                path="target",
                code="target-equals-baseline",
                params={"metric": self.name, "value": self.target},
            )

    @property
    def direction(self) -> int:
        """``1`` when the target is above the baseline (increase), ``-1`` when below."""
        return 1 if self.target > self.baseline else -1

    def fraction(self, value: float) -> float:
        """The share of the way from baseline to target that ``value`` stands at, in [0, 1]."""
        share = (value - self.baseline) / (self.target - self.baseline)
        return min(1.0, max(0.0, share))

    def reached(self, value: float) -> bool:
        """Whether ``value`` meets or passes the target."""
        return value >= self.target if self.direction > 0 else value <= self.target


def _competency_ids(value: Iterable[str]) -> frozenset[str]:
    return check.str_set(value)


def _level(value: Level | str | int) -> Level:
    if isinstance(value, Level):
        return value
    if isinstance(value, str):
        try:
            return Level[value.upper()]
        except KeyError:
            return value  # type: ignore[return-value]  # the validator refuses it
    return value  # type: ignore[return-value]


def _validate_level(inst: Goal, attribute: attrs.Attribute[Level], value: object) -> None:
    if not isinstance(value, Level):
        check.fail(inst, attribute.name, value, f"a Level ({', '.join(m.name for m in Level)})")


@attrs.frozen
class Goal:
    """A goal at some level: the guiding star, a unit's or team's goal, a person's objective.

    Attributes:
        id: the goal's id (unique in its graph).
        title: what the goal is, in words a manager would use.
        level: how broad it is (a :class:`Level`; its name as a string is accepted).
        owner: a unit id; a person id at ``INDIVIDUAL``; ``None`` for the whole organisation.
        metric: how it is measured, if it is.
        deadline: when it should be reached.
        competencies: what the goal depends on (for an individual objective: what it
            develops).
        target_level: for an individual objective, the level it develops its competencies to.
    """

    id: str = attrs.field(validator=check.identifier)
    title: str = attrs.field(validator=check.text)
    level: Level = attrs.field(converter=_level, validator=_validate_level)
    owner: str | None = attrs.field(default=None, validator=check.optional_identifier)
    metric: Metric | None = attrs.field(
        default=None,
        validator=attrs.validators.optional(check.instance(Metric, "a Metric or None")),
    )
    deadline: dt.date | None = attrs.field(default=None, validator=check.optional_day)
    competencies: frozenset[str] = attrs.field(
        default=frozenset(),
        converter=_competency_ids,
        validator=check.set_of(check.is_id, "a non-empty str competency id"),
    )
    target_level: int | None = attrs.field(default=None, validator=check.optional_level)

    def __attrs_post_init__(self) -> None:
        if self.level is Level.INDIVIDUAL and self.owner is None:
            raise ValidationError(
                f"individual objective {self.id!r} has no owner; expected the person's id",
                path="owner",
                code="individual-without-owner",
                params={"goal": self.id},
            )


class Severity(enum.StrEnum):
    """How much a finding matters."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class FindingCode(enum.StrEnum):
    """What a :class:`Finding` is about; each value is its stable code."""

    DEADLINE_AFTER_PARENT = "deadline-after-parent"
    """A goal is due after a goal it contributes to."""
    ORPHAN = "orphan"
    """A goal below the organisation level contributes to nothing."""
    OVERDUE = "overdue"
    """A goal's deadline has passed and it is not achieved."""
    TOO_MANY_GOALS = "too-many-goals"
    """An owner has more than two goals at unit or at team level (pick one or two)."""
    UNCOVERED = "uncovered"
    """Nobody has a learning objective under an organisation goal."""
    UNMEASURABLE = "unmeasurable"
    """An organisation or unit goal lacks a metric or a deadline."""


def _finding_code(value: FindingCode | str) -> FindingCode:
    return check.as_member(FindingCode, value)


def _severity(value: Severity | str) -> Severity:
    return check.as_member(Severity, value)


@attrs.frozen
class Finding:
    """Something about a goal graph worth a manager's attention.

    Attributes:
        code: what kind of finding (a :class:`FindingCode`, equal to its string).
        severity: how much it matters.
        subject: the id it is about (a goal; for ``too-many-goals``, the owner).
        message: the English text.
        params: the values the message is built from, for translation.
    """

    code: FindingCode = attrs.field(
        converter=_finding_code, validator=check.member_of(FindingCode)
    )
    severity: Severity = attrs.field(converter=_severity, validator=check.member_of(Severity))
    subject: str = attrs.field(validator=check.identifier)
    message: str = attrs.field(validator=check.text)
    params: FrozenMap[str, Any] = attrs.field(factory=FrozenMap, converter=check.frozen_params)
