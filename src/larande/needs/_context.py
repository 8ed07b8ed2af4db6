"""What a rule sees: the organisation, the evidence and "today", indexed once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any, Protocol, runtime_checkable

import attrs

from larande import _check as check
from larande.competence import Assessment, Requirement
from larande.exceptions import DuplicateIdError, UnknownIdError, ValidationError
from larande.goals import GoalGraph
from larande.needs._records import Need, Signal
from larande.organization import Organization


@attrs.frozen
class Required:
    """A competency a person's roles require: the requirement that counts, and its role.

    When several roles require the same competency, the highest level counts (then the
    larger weight, then the role id).
    """

    role: str
    requirement: Requirement

    @property
    def evidence_id(self) -> str:
        """``"{role}:{competency}"``."""
        return self.requirement.evidence_id(self.role)


_NO_REQUIREMENTS: Mapping[str, Required] = {}
_NO_ASSESSMENTS: Mapping[str, Assessment] = {}


class Context:
    """The input of a needs analysis with the look-ups rules use, built once per analysis.

    Attributes:
        org: the organisation.
        assessments: every assessment given.
        signals: every signal given.
        as_of: the day of the analysis.
        goals: the goal graph, if one was given.

    Rules read it and never change it. Building it checks the input: every assessment
    and signal must name known people, units and competencies, with levels within scale.
    """

    __slots__ = (
        "_by_person",
        "_current",
        "_required_by_roles",
        "_required_of",
        "_rows",
        "_signals_by_unit",
        "as_of",
        "assessments",
        "goals",
        "org",
        "signals",
    )

    def __init__(
        self,
        org: Organization,
        assessments: Iterable[Assessment],
        signals: Iterable[Signal] = (),
        *,
        as_of: dt.date,
        goals: GoalGraph | None = None,
    ) -> None:
        if not isinstance(org, Organization):
            raise ValidationError(
                f"expected an Organization, got {check.describe(org)}", path="org"
            )
        if not check.is_day(as_of):
            raise ValidationError(
                f"expected as_of to be a datetime.date, got {check.describe(as_of)}",
                path="as_of",
            )
        if goals is not None and not isinstance(goals, GoalGraph):
            raise ValidationError(
                f"expected a GoalGraph or None, got {check.describe(goals)}", path="goals"
            )
        self.org = org
        self.as_of = as_of
        self.goals = goals
        self.assessments: tuple[Assessment, ...] = _as_tuple(assessments, "assessments")
        self.signals: tuple[Signal, ...] = _as_tuple(signals, "signals")
        check_signals(org, self.signals)
        self._current = self._index_current()
        self._required_by_roles: dict[tuple[str, ...], dict[str, Required]] = {}
        self._required_of: dict[str, Mapping[str, Required]] = {}
        self._by_person: dict[str, tuple[Assessment, ...]] | None = None
        self._signals_by_unit: dict[str, tuple[Signal, ...]] | None = None
        self._rows: tuple[tuple[str, Mapping[str, Required], Mapping[str, Assessment]], ...] | None
        self._rows = None

    def _index_current(self) -> dict[str, dict[str, Assessment]]:
        """Per person and competency, the assessment that gives the current level.

        That is the latest valid one; on a tie, the higher level, then the smaller evidence
        id (so the evidence cited does not depend on the input's order). The same pass checks
        every assessment against the organisation (one walk over a million records, not
        two); the first that does not fit is then reported by the organisation's own check.
        """
        as_of = self.as_of
        framework = self.org.framework
        validity = {c.id: c.validity for c in framework.competencies}
        top = {c: framework.scale_of(c).top for c in framework}
        known = {p.id for p in self.org.people}  # a set: a million look-ups, not calls
        current: dict[str, dict[str, Assessment]] = {}
        for a in self.assessments:
            if (
                type(a) is not Assessment
                or a.level > top.get(a.competency, -1)
                or a.person not in known
            ):
                try:
                    self.org.check_assessments(self.assessments)
                except ValidationError as err:
                    raise err.at("assessments") from None
                raise AssertionError(
                    "an assessment failed the quick check only"
                )  # pragma: no cover
            on = a.on
            if on > as_of:
                continue
            valid_for = validity[a.competency]
            # As a length: on + valid_for may lie past 9999-12-31.
            if valid_for is not None and as_of - on >= valid_for:
                continue
            mine = current.get(a.person)
            if mine is None:
                current[a.person] = {a.competency: a}
                continue
            held = mine.get(a.competency)
            if (
                held is None
                or on > held.on
                or (on == held.on and (a.level, held.evidence_id) > (held.level, a.evidence_id))
            ):
                mine[a.competency] = a
        return current

    # -- look-ups --------------------------------------------------------------------------

    def level(self, person: str, competency: str) -> int | None:
        """The person's current level (latest valid assessment), or ``None``."""
        held = self._current.get(person, _NO_ASSESSMENTS).get(competency)
        return None if held is None else held.level

    def assessment(self, person: str, competency: str) -> Assessment | None:
        """The assessment that gives the person's current level, or ``None``."""
        return self._current.get(person, _NO_ASSESSMENTS).get(competency)

    def current(self, person: str) -> Mapping[str, Assessment]:
        """Per competency, the assessment giving the person's current level (read-only)."""
        return self._current.get(person, _NO_ASSESSMENTS)

    def assessments_of(self, person: str) -> tuple[Assessment, ...]:
        """Every assessment of a person, valid or not, oldest first."""
        if self._by_person is None:
            grouped: dict[str, list[Assessment]] = {}
            for a in self.assessments:
                grouped.setdefault(a.person, []).append(a)
            self._by_person = {
                p: tuple(sorted(v, key=lambda a: (a.on, a.competency))) for p, v in grouped.items()
            }
        return self._by_person.get(person, ())

    def unit_of(self, signal: Signal) -> str:
        """The unit a signal counts for: its own, else its person's."""
        if signal.unit is not None:
            return signal.unit
        assert signal.person is not None
        return self.org.person(signal.person).unit

    def signals_of(self, unit: str) -> tuple[Signal, ...]:
        """The signals that count for a unit (its own, and its people's without a unit)."""
        if self._signals_by_unit is None:
            grouped: dict[str, list[Signal]] = {}
            for s in self.signals:
                grouped.setdefault(self.unit_of(s), []).append(s)
            self._signals_by_unit = {u: tuple(v) for u, v in grouped.items()}
        return self._signals_by_unit.get(unit, ())

    def people_required(
        self,
    ) -> tuple[tuple[str, Mapping[str, Required], Mapping[str, Assessment]], ...]:
        """For every person whose roles require something: ``(person id, required, current)``.

        ``required`` is :meth:`required` and ``current`` :meth:`current` for that person,
        worked out once and shared by every rule that walks the whole organisation.
        """
        if self._rows is None:
            current = self._current
            rows = []
            for person in self.org.people:
                required = self.required(person.id)
                if required:
                    rows.append((person.id, required, current.get(person.id, _NO_ASSESSMENTS)))
            self._rows = tuple(rows)
        return self._rows

    def required(self, person: str) -> Mapping[str, Required]:
        """Per competency, what the person's roles require (in effect or not)."""
        # Asked for every need a person has: the answer is kept per person too.
        known = self._required_of.get(person)
        if known is not None:
            return known
        roles = self.org.person(person).roles
        found = self._required_by_roles.get(roles)
        if found is None:
            found = {}
            for role_id in roles:
                for req in self.org.role(role_id).requirements:
                    held = found.get(req.competency)
                    if held is None or (req.level, req.weight, held.role) > (
                        held.requirement.level,
                        held.requirement.weight,
                        role_id,
                    ):
                        found[req.competency] = Required(role_id, req)
            self._required_by_roles[roles] = found
        known = self._required_of[person] = found or _NO_REQUIREMENTS
        return known


def check_signals(org: Organization, signals: Iterable[Signal]) -> None:
    """Refuse signals that do not fit ``org``: unknown units, people or competencies.

    Two signals with one id are refused too: a need's reasons name its evidence by id, and
    the same report counted twice would pass a threshold it does not reach.
    The error's path names the signal (``"signals[3].unit"``).
    """
    framework = org.framework
    seen: dict[str, int] = {}
    for i, s in enumerate(signals):
        if not isinstance(s, Signal):
            raise ValidationError(
                f"expected a Signal, got {check.describe(s)}", path=f"signals[{i}]"
            )
        if s.id in seen:
            raise DuplicateIdError(
                "signal", s.id, path=f"signals[{i}].id", first=f"signals[{seen[s.id]}]"
            )
        seen[s.id] = i
        if s.unit is not None and not org.has_unit(s.unit):
            raise UnknownIdError(
                "unit", s.unit, path=f"signals[{i}].unit", referrer=f"signal {s.id!r}"
            )
        if s.person is not None and not org.has_person(s.person):
            raise UnknownIdError(
                "person", s.person, path=f"signals[{i}].person", referrer=f"signal {s.id!r}"
            )
        if s.competency not in framework:
            raise UnknownIdError(
                "competency",
                s.competency,
                path=f"signals[{i}].competency",
                referrer=f"signal {s.id!r}",
            )


def _as_tuple(value: Iterable[Any], field: str) -> tuple[Any, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, Iterable):
        raise ValidationError(
            f"expected {field} to be an iterable of records, got {check.describe(value)}",
            path=field,
        )
    return tuple(value)


@runtime_checkable
class Rule(Protocol):
    """A needs-analysis rule: a ``name``, and a call that returns the needs it finds.

    Called with a :class:`Context`, it returns an iterable of :class:`Need`.
    No subclassing is needed; a frozen attrs class, a dataclass or a function with a
    ``name`` attribute all do. Set each need's ``priority`` to the rule's own base score
    (the built-in rules use ``1 + gap`` for people and ``1 + strength`` for units);
    :func:`~larande.analyze` turns it into the final priority.
    """

    @property
    def name(self) -> str:
        """A stable, kebab-case name, written into each :class:`Reason` as ``rule``."""
        ...

    def __call__(self, context: Context) -> Iterable[Need]:
        """The needs this rule finds in ``context``."""
        ...
