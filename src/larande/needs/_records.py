"""The records of needs analysis: signals in, needs and their reasons out."""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from larande import _check as check
from larande._unchecked import unchecked
from larande.exceptions import ValidationError
from larande.frozenmap import FrozenMap


class SignalKind(enum.StrEnum):
    """Where a signal comes from (the sources a needs analysis looks at)."""

    RECORD_SAMPLE = "record-sample"
    """A sample of case records audited (*stickprov i journaler*); ``passed`` says how it went."""
    DEVIATION = "deviation"
    """An incident or deviation report (*avvikelse*)."""
    REPORT = "report"
    """A report pointing at a weakness (a complaint, an inspection remark)."""
    INTERNAL_CONTROL = "internal-control"
    """A check of internal control (*intern kontroll*); ``passed`` says how it went."""
    TEST_RESULT = "test-result"
    """A test or quiz result; ``passed`` says how it went."""
    WISH = "wish"
    """A person's own wish to learn the competency (:func:`~larande.wish` needs the person)."""


def _signal_kind(value: SignalKind | str) -> SignalKind | str:
    # Kinds are open: a host's own kind ("customer-feedback") is kept as the str it gave.
    return check.as_member(SignalKind, value)


def _optional_bool(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and type(value) is not bool:
        check.fail(inst, attribute.name, value, "True, False or None")


def _severity(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if type(value) is not int or value < 1:
        check.fail(inst, attribute.name, value, "a severity, an int of 1 or more")


@attrs.frozen
class Signal:
    """A piece of evidence about competence in a unit or of a person.

    Attributes:
        id: the host's id for it (cited as evidence).
        kind: where it comes from: a :class:`SignalKind`, or a host's own non-empty str
            (``"customer-feedback"``), kept as given; built-in rules act on the kinds
            they know only.
        on: the day it happened or was recorded.
        competency: the competency it says something about.
        unit: the unit it concerns.
        person: the person it concerns; a signal naming only a person counts for that
            person's unit.
        passed: for audits, controls and tests: whether it passed.
        severity: how heavily it counts (1 or more); deviations are summed by it.
    """

    id: str = attrs.field(validator=check.identifier)
    kind: SignalKind | str = attrs.field(
        converter=_signal_kind, validator=check.open_member_of(SignalKind)
    )
    on: dt.date = attrs.field(validator=check.day)
    competency: str = attrs.field(validator=check.identifier)
    unit: str | None = attrs.field(default=None, validator=check.optional_identifier)
    person: str | None = attrs.field(default=None, validator=check.optional_identifier)
    passed: bool | None = attrs.field(default=None, validator=_optional_bool)
    severity: int = attrs.field(default=1, validator=_severity)

    def __attrs_post_init__(self) -> None:
        if self.unit is None and self.person is None:
            raise ValidationError(
                f"signal {self.id!r} names neither a unit nor a person; expected at least one",
                path="unit",
                code="signal-without-subject",
                params={"signal": self.id},
            )


class NeedScope(enum.StrEnum):
    """Whose need it is: one person's, or a whole unit's."""

    PERSON = "person"
    UNIT = "unit"


def _scope(value: NeedScope | str) -> NeedScope:
    return check.as_member(NeedScope, value)


def _evidence(value: Iterable[str]) -> tuple[str, ...]:
    return check.strs(value)


@attrs.frozen
class Reason:
    """Why a need exists: the rule that found it, the evidence it rests on, and a sentence.

    Attributes:
        rule: the name of the rule (``"requirement-gap"``), a stable code.
        evidence: ids of the records behind it: requirements (``"{role}:{competency}"``),
            assessments (their ``evidence_id``) and signals (their ``id``).
        text: the English sentence.
        params: the values the sentence is built from, for translation.
    """

    rule: str = attrs.field(validator=check.identifier)
    evidence: tuple[str, ...] = attrs.field(
        converter=_evidence, validator=check.tuple_of(check.is_id, "a non-empty str evidence id")
    )
    text: str = attrs.field(validator=check.text)
    params: FrozenMap[str, Any] = attrs.field(factory=FrozenMap, converter=check.frozen_params)


def _reasons(value: Iterable[Reason]) -> tuple[Reason, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _validate_priority(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    check.non_negative_number(inst, attribute, value)


@attrs.frozen
class Need:
    """Someone needs to learn something, and why.

    A person need has ``current`` (``None``: no valid assessment, counted as 0),
    ``required`` and ``gap = required - current``. A unit need has ``current=None``,
    ``required`` the highest level its members' roles require (or ``None``) and ``gap=0``:
    its evidence stands on its own.

    Attributes:
        subject: the person's or the unit's id.
        scope: ``"person"`` or ``"unit"`` (a :class:`NeedScope`).
        competency: the competency to learn.
        current: the level now (person needs), else ``None``.
        required: the level needed, if known.
        gap: how far below the required level (0 for unit needs and for needs that are
            about renewal or re-assessment).
        priority: how urgent and important, comparable across needs (see
            :func:`larande.analyze`).
        reasons: why: each a :class:`Reason` with its evidence.
        due: when it must be met (a certificate's expiry, a requirement's start).
    """

    subject: str = attrs.field(validator=check.identifier)
    scope: NeedScope = attrs.field(converter=_scope, validator=check.member_of(NeedScope))
    competency: str = attrs.field(validator=check.identifier)
    current: int | None = attrs.field(validator=check.optional_level)
    required: int | None = attrs.field(validator=check.optional_level)
    gap: int = attrs.field(validator=check.level)
    priority: float = attrs.field(converter=check.to_float, validator=_validate_priority)
    reasons: tuple[Reason, ...] = attrs.field(
        converter=_reasons,
        validator=check.tuple_of(lambda r: isinstance(r, Reason), "a Reason"),
    )
    due: dt.date | None = attrs.field(default=None, validator=check.optional_day)

    def __attrs_post_init__(self) -> None:
        if self.scope is NeedScope.UNIT:
            if self.current is not None or self.gap != 0:
                raise ValidationError(
                    f"unit need {self.id!r} must have current=None and gap=0, got "
                    f"current={self.current!r}, gap={self.gap!r}",
                    path="gap" if self.current is None else "current",
                    code="unit-need-shape",
                    params={"need": self.id},
                )
        elif self.required is None:
            raise ValidationError(
                f"person need {self.id!r} has no required level; expected the level needed",
                path="required",
                code="person-need-without-required",
                params={"need": self.id},
            )
        elif self.gap != max(0, self.required - (self.current or 0)):
            raise ValidationError(
                f"person need {self.id!r} has gap {self.gap}, but required {self.required} "
                f"minus current {self.current or 0} is {self.required - (self.current or 0)}",
                path="gap",
                code="gap-mismatch",
                params={"need": self.id, "gap": self.gap},
            )

    @property
    def id(self) -> str:
        """``"{scope}:{subject}:{competency}"``, stable across runs."""
        return f"{self.scope.value}:{self.subject}:{self.competency}"

    @property
    def evidence(self) -> tuple[str, ...]:
        """Every evidence id behind the need, in order, each once."""
        return tuple(dict.fromkeys(e for r in self.reasons for e in r.evidence))

    def __repr__(self) -> str:
        # One line of at most 200 characters (DESIGN 9.7): the full record is in its fields.
        levels = (
            f"level {self.current if self.current is not None else '-'} of {self.required}, "
            f"gap {self.gap}"
            if self.scope is NeedScope.PERSON
            else f"required {'-' if self.required is None else self.required}"
        )
        rules = ", ".join(dict.fromkeys(r.rule for r in self.reasons)) or "no reasons"
        due = f", due {self.due.isoformat()}" if self.due is not None else ""
        text = f"Need({self.id}: {levels}, priority {self.priority:g}{due}; {rules})"
        return text if len(text) <= 200 else text[:196] + "...)"


# Fast paths for values valid by construction (built from validated records): generated
# from the fields, so a new field cannot be missed; tests keep them equal to the constructors.
trusted_need: Callable[
    [
        str,
        NeedScope,
        str,
        int | None,
        int | None,
        int,
        float,
        tuple[Reason, ...],
        dt.date | None,
    ],
    Need,
] = unchecked(Need)
"""A Need without its validators (private): subject, scope, competency, current, required,
gap, priority, reasons, due, in that order."""

_trusted_reason = unchecked(Reason)


def trusted_reason(
    rule: str, evidence: tuple[str, ...], text: str, params: Mapping[str, Any]
) -> Reason:
    """A Reason without its validators (private; see :data:`trusted_need`)."""
    frozen = params if type(params) is FrozenMap else FrozenMap(params)
    reason: Reason = _trusted_reason(rule, evidence, text, frozen)
    return reason
