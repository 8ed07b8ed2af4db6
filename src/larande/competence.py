"""Competencies, the scales they are measured on, roles that require them, and assessments.

A :class:`Framework` is a hierarchy of :class:`Competency` records (``medication`` under
``care``), each measured on a :class:`Scale` whose levels are ``int`` indices. A
:class:`Role` lists :class:`Requirement` records; an :class:`Assessment` says what level a
person showed, on which day. :func:`current_level` answers "what level does this person have
today?", honouring expiry (a CPR certificate lapses).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator

import attrs

from larande import _check as check
from larande.exceptions import CycleError, DuplicateIdError, UnknownIdError, ValidationError

__all__ = [
    "DEFAULT_SCALE",
    "Assessment",
    "Competency",
    "Framework",
    "LevelPolicy",
    "Requirement",
    "Role",
    "Scale",
    "current_level",
]


def _labels(value: Iterable[str]) -> tuple[str, ...]:
    return check.strs(value)


def _validate_labels(
    inst: Scale, attribute: attrs.Attribute[tuple[str, ...]], value: object
) -> None:
    check.tuple_of(check.is_id, "a non-empty str label")(inst, attribute, value)
    assert isinstance(value, tuple)
    if len(value) < 2:
        check.fail(inst, attribute.name, value, "at least two level labels")
    check.no_duplicates(inst, attribute.name, value, "level label")


@attrs.frozen
class Scale:
    """An ordered scale of levels; a level is the ``int`` index of its label.

    >>> s = Scale("cert", ["not certified", "certified"])
    >>> s.top, s.label(1)
    (1, 'certified')
    """

    id: str = attrs.field(validator=check.identifier)
    levels: tuple[str, ...] = attrs.field(converter=_labels, validator=_validate_labels)

    @property
    def top(self) -> int:
        """The highest level of the scale."""
        return len(self.levels) - 1

    def label(self, level: int) -> str:
        """The label of ``level``; ``ValidationError`` outside the scale."""
        if not check.is_level(level) or level > self.top:
            raise ValidationError(
                f"level {level!r} is outside scale {self.id!r} (0..{self.top})",
                params={"scale": self.id, "level": repr(level), "top": self.top},
            )
        return self.levels[level]

    def __contains__(self, level: object) -> bool:
        return check.is_level(level) and level <= self.top  # type: ignore[operator]


DEFAULT_SCALE = Scale("default", ("none", "basic", "intermediate", "advanced", "expert"))
"""The scale competencies use unless they name another: 0 (none) to 4 (expert)."""


@attrs.frozen
class Competency:
    """Something a person can be more or less able to do.

    Attributes:
        id: the competency's id.
        name: a readable name.
        parent: the broader competency it belongs under, or ``None`` at the top.
        scale: the id of the :class:`Scale` it is measured on.
        validity: how long an assessment of it stays valid (a CPR certificate expires);
            an assessment made on day ``d`` counts while ``as_of < d + validity``.
            ``None``: it never expires.
        uri: an external identifier (a CASE item's) so that a framework can be written back.

    >>> Competency("cpr", "CPR (HLR)", parent="safety", validity=dt.timedelta(days=365))
    Competency(id='cpr', name='CPR (HLR)', parent='safety', scale='default', validity=365 days, uri=None)
    """  # noqa: E501

    id: str = attrs.field(validator=check.identifier)
    name: str = attrs.field(validator=check.text)
    parent: str | None = attrs.field(default=None, validator=check.optional_identifier)
    scale: str = attrs.field(default="default", validator=check.identifier)
    validity: dt.timedelta | None = attrs.field(
        default=None, validator=check.optional_positive_duration, repr=check.span
    )
    uri: str | None = attrs.field(default=None, validator=check.optional_identifier)


def _competencies(value: Iterable[Competency]) -> tuple[Competency, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _scales(value: Iterable[Scale]) -> tuple[Scale, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


@attrs.frozen(cache_hash=True, repr=False)
class Framework:
    """A hierarchy of competencies and the scales they are measured on.

    An unknown parent or scale, a duplicate id or a cycle is refused at construction.

    >>> fw = Framework([
    ...     Competency("care", "Care"),
    ...     Competency("medication", "Medication handling", parent="care"),
    ...     Competency("insulin", "Insulin", parent="medication"),
    ... ])
    >>> fw.children("care"), fw.ancestors("insulin")
    (('medication',), ('medication', 'care'))
    >>> fw
    Framework(competencies=3, scales=('default',))
    """

    competencies: tuple[Competency, ...] = attrs.field(
        converter=_competencies,
        validator=check.tuple_of(lambda c: isinstance(c, Competency), "a Competency"),
    )
    scales: tuple[Scale, ...] = attrs.field(
        default=(DEFAULT_SCALE,),
        converter=_scales,
        validator=check.tuple_of(lambda s: isinstance(s, Scale), "a Scale"),
    )
    _by_id: dict[str, Competency] = attrs.field(init=False, repr=False, eq=False)
    _scale_by_id: dict[str, Scale] = attrs.field(init=False, repr=False, eq=False)
    _children: dict[str, tuple[str, ...]] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        check.no_duplicates(self, "scales", (s.id for s in self.scales), "scale")
        scales = {s.id: s for s in self.scales}
        by_id: dict[str, Competency] = {}
        for i, c in enumerate(self.competencies):
            if c.id in by_id:
                raise DuplicateIdError("competency", c.id, path=f"competencies[{i}].id")
            by_id[c.id] = c
        children: dict[str, list[str]] = {}
        for i, c in enumerate(self.competencies):
            if c.scale not in scales:
                raise UnknownIdError(
                    "scale",
                    c.scale,
                    path=f"competencies[{i}].scale",
                    referrer=f"competency {c.id!r}",
                    expected=f"one of {sorted(scales)}",
                )
            if c.parent is not None:
                if c.parent not in by_id:
                    raise UnknownIdError(
                        "competency",
                        c.parent,
                        path=f"competencies[{i}].parent",
                        referrer=f"competency {c.id!r}",
                        expected="a competency in the framework",
                    )
                children.setdefault(c.parent, []).append(c.id)
        _refuse_cycles(
            "competency",
            {c.id: c.parent for c in self.competencies},
            {c.id: i for i, c in enumerate(self.competencies)},
            "competencies",
        )
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_scale_by_id", scales)
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})

    def __repr__(self) -> str:
        return (
            f"Framework(competencies={len(self.competencies)}, "
            f"scales={tuple(s.id for s in self.scales)!r})"
        )

    def __len__(self) -> int:
        return len(self.competencies)

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __contains__(self, competency: object) -> bool:
        return competency in self._by_id

    def competency(self, id: str) -> Competency:
        """The competency with this id; ``UnknownIdError`` if there is none."""
        try:
            return self._by_id[id]
        except (KeyError, TypeError):
            raise UnknownIdError(
                "competency",
                repr(id) if not isinstance(id, str) else id,
                expected="a competency in the framework",
            ) from None

    def scale(self, id: str) -> Scale:
        """The scale with this id; ``UnknownIdError`` if there is none."""
        try:
            return self._scale_by_id[id]
        except (KeyError, TypeError):
            raise UnknownIdError("scale", str(id)) from None

    def scale_of(self, competency: str) -> Scale:
        """The scale a competency is measured on."""
        return self._scale_by_id[self.competency(competency).scale]

    def children(self, id: str) -> tuple[str, ...]:
        """The ids of the competencies directly under ``id``, in framework order."""
        self.competency(id)
        return self._children.get(id, ())

    def ancestors(self, id: str) -> tuple[str, ...]:
        """The ids above ``id``, nearest first."""
        out: list[str] = []
        parent = self.competency(id).parent
        while parent is not None:
            out.append(parent)
            parent = self._by_id[parent].parent
        return tuple(out)

    def roots(self) -> tuple[str, ...]:
        """The ids of the competencies without a parent, in framework order."""
        return tuple(c.id for c in self.competencies if c.parent is None)


def _refuse_cycles(
    kind: str, parent_of: dict[str, str | None], index: dict[str, int], field: str
) -> None:
    """Raise CycleError if following parents from any node comes back to it."""
    done: set[str] = set()
    for start in parent_of:
        path: list[str] = []
        on_path: set[str] = set()
        node: str | None = start
        while node is not None and node not in done:
            if node in on_path:
                loop = [*path[path.index(node) :], node]
                raise CycleError(kind, loop, path=f"{field}[{index[node]}].parent")
            on_path.add(node)
            path.append(node)
            node = parent_of.get(node)
        done.update(path)


def _to_float(value: float) -> float:
    return check.to_float(value)


@attrs.frozen
class Requirement:
    """What a role needs: a competency at a level, with a weight and maybe from a future day.

    Attributes:
        competency: the competency's id.
        level: the level required.
        weight: how much this requirement matters relative to others (above zero).
        effective: the day the role starts needing it (a *future* need); ``None``: now.

    Its evidence id (how needs cite it) is ``"{role}:{competency}"``:

    >>> Requirement("cpr", 2).evidence_id("nurse")
    'nurse:cpr'
    """

    competency: str = attrs.field(validator=check.identifier)
    level: int = attrs.field(validator=check.level)
    weight: float = attrs.field(default=1.0, converter=_to_float, validator=check.positive_number)
    effective: dt.date | None = attrs.field(default=None, validator=check.optional_day)

    def evidence_id(self, role: str) -> str:
        """The id under which needs cite this requirement of ``role``."""
        return f"{role}:{self.competency}"


def _requirements(value: Iterable[Requirement]) -> tuple[Requirement, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _validate_requirements(
    inst: Role, attribute: attrs.Attribute[tuple[Requirement, ...]], value: object
) -> None:
    check.tuple_of(lambda r: isinstance(r, Requirement), "a Requirement")(inst, attribute, value)
    assert isinstance(value, tuple)
    check.no_duplicates(inst, attribute.name, (r.competency for r in value), "required competency")


@attrs.frozen
class Role:
    """A role people hold, and the competencies it requires (each competency once).

    >>> nurse = Role("nurse", "Nurse", [Requirement("cpr", 2), Requirement("medication", 3)])
    >>> nurse.requirement("cpr").level
    2
    """

    id: str = attrs.field(validator=check.identifier)
    name: str = attrs.field(validator=check.text)
    requirements: tuple[Requirement, ...] = attrs.field(
        default=(), converter=_requirements, validator=_validate_requirements
    )

    def requirement(self, competency: str) -> Requirement | None:
        """The requirement on ``competency``, or ``None`` if the role does not require it."""
        for r in self.requirements:
            if r.competency == competency:
                return r
        return None


@attrs.frozen
class Assessment:
    """The level a person showed in a competency on a day, and who said so.

    Attributes:
        person: the person's id.
        competency: the competency's id.
        level: the level shown.
        on: the day of the assessment.
        source: who or what assessed it (``"manager"``, ``"self"``, ``"test"``...).
        id: the host's id for it, if it has one.

    Without an ``id`` its evidence id is ``"{person}:{competency}:{on}"``:

    >>> Assessment("anna", "cpr", 2, dt.date(2026, 1, 12)).evidence_id
    'anna:cpr:2026-01-12'
    """

    person: str = attrs.field(validator=check.identifier)
    competency: str = attrs.field(validator=check.identifier)
    level: int = attrs.field(validator=check.level)
    on: dt.date = attrs.field(validator=check.day)
    source: str = attrs.field(default="manager", validator=check.identifier)
    id: str | None = attrs.field(default=None, validator=check.optional_identifier)

    @property
    def evidence_id(self) -> str:
        """The id under which needs cite this assessment."""
        return self.id if self.id is not None else f"{self.person}:{self.competency}:{self.on}"


class LevelPolicy(enum.StrEnum):
    """How :func:`current_level` picks among several valid assessments."""

    LATEST = "latest"
    """The most recent assessment; on a tie, the higher level."""
    HIGHEST = "highest"
    """The highest level any valid assessment shows."""


def is_valid(assessment: Assessment, competency: Competency, as_of: dt.date) -> bool:
    """Whether ``assessment`` counts on ``as_of``: made by then, and not yet expired."""
    if assessment.on > as_of:
        return False
    return competency.validity is None or as_of < assessment.on + competency.validity


def current_level(
    assessments: Iterable[Assessment],
    person: str,
    competency: str,
    *,
    as_of: dt.date,
    framework: Framework,
    policy: LevelPolicy | str = LevelPolicy.LATEST,
) -> int | None:
    """The level ``person`` has in ``competency`` on ``as_of``, or ``None`` if nothing valid says.

    Assessments made after ``as_of`` do not count, nor do expired ones (older than the
    competency's ``validity``). This is a convenience for one look-up; needs analysis keeps an
    index instead of scanning.

    >>> fw = Framework([Competency("cpr", "CPR", validity=dt.timedelta(days=365))])
    >>> history = [
    ...     Assessment("anna", "cpr", 3, dt.date(2024, 3, 1)),
    ...     Assessment("anna", "cpr", 2, dt.date(2025, 6, 1)),
    ... ]
    >>> current_level(history, "anna", "cpr", as_of=dt.date(2026, 1, 12), framework=fw)
    2
    >>> current_level(history, "anna", "cpr", as_of=dt.date(2026, 6, 1), framework=fw) is None
    True
    """
    if not check.is_day(as_of):
        raise ValidationError(
            f"expected a datetime.date, got {check.describe(as_of)}", path="as_of"
        )
    try:
        rule = LevelPolicy(policy)
    except ValueError:
        raise ValidationError(
            f"expected one of {[p.value for p in LevelPolicy]}, got {policy!r}",
            path="policy",
        ) from None
    if not isinstance(framework, Framework):
        raise ValidationError(
            f"expected framework to be a Framework, got {check.describe(framework)}",
            path="framework",
        )
    given: object = assessments  # typed loosely: callers may pass anything
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise ValidationError(
            f"expected an iterable of Assessment, got {check.describe(assessments)}",
            path="assessments",
        )
    comp = framework.competency(competency)
    best: tuple[dt.date, int] | None = None
    for i, a in enumerate(assessments):
        if not isinstance(a, Assessment):
            raise ValidationError(
                f"expected an Assessment, got {check.describe(a)}", path=f"assessments[{i}]"
            )
        if a.person != person or a.competency != competency or not is_valid(a, comp, as_of):
            continue
        key = (a.on, a.level) if rule is LevelPolicy.LATEST else (dt.date.min, a.level)
        if best is None or key > best:
            best = key
    return None if best is None else best[1]
