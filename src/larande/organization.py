"""Units, people and the organisation that holds them together with roles and a framework.

An :class:`Organization` validates every reference when it is built (unknown unit, role,
competency, parent or manager; duplicate ids, where units and people share one namespace;
unit cycles; requirement levels outside their competency's scale) and then answers look-ups
from indices built once.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from larande import _check as check
from larande.competence import Assessment, Framework, Role, _refuse_cycles
from larande.exceptions import DuplicateIdError, UnknownIdError, ValidationError

__all__ = ["Organization", "Person", "Unit"]


@attrs.frozen
class Unit:
    """A part of the organisation: an administration, a unit, a team.

    >>> Unit("homecare-north", "Home care north", parent="homecare")
    Unit(id='homecare-north', name='Home care north', parent='homecare')
    """

    id: str = attrs.field(validator=check.identifier)
    name: str = attrs.field(validator=check.text)
    parent: str | None = attrs.field(default=None, validator=check.optional_identifier)


def _role_ids(value: Iterable[str]) -> tuple[str, ...]:
    return check.strs(value)


def _validate_roles(
    inst: Person, attribute: attrs.Attribute[tuple[str, ...]], value: object
) -> None:
    check.tuple_of(check.is_id, "a non-empty str role id")(inst, attribute, value)
    assert isinstance(value, tuple)
    check.no_duplicates(inst, attribute.name, value, "role")


@attrs.frozen
class Person:
    """Someone in the organisation: the unit they belong to, their roles, their manager.

    >>> Person("anna", "Anna Berg", "homecare-north", roles=["assistant-nurse"])
    Person(id='anna', name='Anna Berg', unit='homecare-north', roles=('assistant-nurse',), manager=None)
    """  # noqa: E501

    id: str = attrs.field(validator=check.identifier)
    name: str = attrs.field(validator=check.text)
    unit: str = attrs.field(validator=check.identifier)
    roles: tuple[str, ...] = attrs.field(
        default=(), converter=_role_ids, validator=_validate_roles
    )
    manager: str | None = attrs.field(default=None, validator=check.optional_identifier)

    @manager.validator
    def _not_own_manager(self, attribute: attrs.Attribute[object], value: object) -> None:
        if value is not None and value == self.id:
            check.fail(self, attribute.name, value, "someone other than the person themselves")


def _units(value: Iterable[Unit]) -> tuple[Unit, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _people(value: Iterable[Person]) -> tuple[Person, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _roles(value: Iterable[Role]) -> tuple[Role, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


@attrs.frozen(cache_hash=True, repr=False)
class Organization:
    """Units, people, roles and the competency framework, with every reference checked.

    >>> from larande import Competency, Requirement
    >>> org = Organization(
    ...     units=[Unit("care", "Care"), Unit("north", "Home care north", parent="care")],
    ...     people=[Person("anna", "Anna", "north", roles=["nurse"]),
    ...             Person("bo", "Bo", "care", roles=["nurse"])],
    ...     roles=[Role("nurse", "Nurse", [Requirement("cpr", 2)])],
    ...     framework=Framework([Competency("cpr", "CPR")]),
    ... )
    >>> [p.id for p in org.members("care")]
    ['anna', 'bo']
    >>> org.unit_ancestors("north")
    ('care',)
    >>> org
    Organization(units=2, people=2, roles=1, competencies=1)
    """

    units: tuple[Unit, ...] = attrs.field(
        converter=_units, validator=check.tuple_of(lambda u: isinstance(u, Unit), "a Unit")
    )
    people: tuple[Person, ...] = attrs.field(
        converter=_people, validator=check.tuple_of(lambda p: isinstance(p, Person), "a Person")
    )
    roles: tuple[Role, ...] = attrs.field(
        converter=_roles, validator=check.tuple_of(lambda r: isinstance(r, Role), "a Role")
    )
    framework: Framework = attrs.field(validator=check.instance(Framework, "a Framework"))
    _units_by_id: dict[str, Unit] = attrs.field(init=False, repr=False, eq=False)
    _people_by_id: dict[str, Person] = attrs.field(init=False, repr=False, eq=False)
    _roles_by_id: dict[str, Role] = attrs.field(init=False, repr=False, eq=False)
    _subunits: dict[str, tuple[str, ...]] = attrs.field(init=False, repr=False, eq=False)
    _direct: dict[str, tuple[Person, ...]] = attrs.field(init=False, repr=False, eq=False)
    _members_cache: dict[str, tuple[Person, ...]] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        units: dict[str, Unit] = {}
        where: dict[str, str] = {}
        for i, u in enumerate(self.units):
            if u.id in units:
                raise DuplicateIdError("unit", u.id, path=f"units[{i}].id", first=where[u.id])
            units[u.id] = u
            where[u.id] = f"units[{i}]"
        people: dict[str, Person] = {}
        for i, p in enumerate(self.people):
            if p.id in people or p.id in units:
                raise DuplicateIdError(
                    "person" if p.id in people else "unit and person",
                    p.id,
                    path=f"people[{i}].id",
                    first=where[p.id],
                )
            people[p.id] = p
            where[p.id] = f"people[{i}]"
        roles: dict[str, Role] = {}
        for i, r in enumerate(self.roles):
            if r.id in roles:
                raise DuplicateIdError("role", r.id, path=f"roles[{i}].id")
            roles[r.id] = r

        subunits: dict[str, list[str]] = {}
        for i, u in enumerate(self.units):
            if u.parent is not None:
                if u.parent not in units:
                    raise UnknownIdError(
                        "unit", u.parent, path=f"units[{i}].parent", referrer=f"unit {u.id!r}"
                    )
                subunits.setdefault(u.parent, []).append(u.id)
        _refuse_cycles(
            "unit",
            {u.id: u.parent for u in self.units},
            {u.id: i for i, u in enumerate(self.units)},
            "units",
        )

        direct: dict[str, list[Person]] = {}
        for i, p in enumerate(self.people):
            if p.unit not in units:
                raise UnknownIdError(
                    "unit", p.unit, path=f"people[{i}].unit", referrer=f"person {p.id!r}"
                )
            for j, role in enumerate(p.roles):
                if role not in roles:
                    raise UnknownIdError(
                        "role", role, path=f"people[{i}].roles[{j}]", referrer=f"person {p.id!r}"
                    )
            if p.manager is not None and p.manager not in people:
                raise UnknownIdError(
                    "person",
                    p.manager,
                    path=f"people[{i}].manager",
                    referrer=f"person {p.id!r} (as manager)",
                )
            direct.setdefault(p.unit, []).append(p)

        fw = self.framework
        for i, r in enumerate(self.roles):
            for j, req in enumerate(r.requirements):
                path = f"roles[{i}].requirements[{j}]"
                if req.competency not in fw:
                    raise UnknownIdError(
                        "competency",
                        req.competency,
                        path=f"{path}.competency",
                        referrer=f"role {r.id!r}",
                    )
                scale = fw.scale_of(req.competency)
                if req.level > scale.top:
                    raise ValidationError(
                        f"role {r.id!r} requires {req.competency!r} at level {req.level}, "
                        f"outside its scale {scale.id!r} (0..{scale.top})",
                        path=f"{path}.level",
                        code="level-out-of-scale",
                        params={"level": req.level, "scale": scale.id, "top": scale.top},
                    )

        object.__setattr__(self, "_units_by_id", units)
        object.__setattr__(self, "_people_by_id", people)
        object.__setattr__(self, "_roles_by_id", roles)
        object.__setattr__(self, "_subunits", {k: tuple(v) for k, v in subunits.items()})
        object.__setattr__(
            self, "_direct", {k: tuple(sorted(v, key=_by_id)) for k, v in direct.items()}
        )
        object.__setattr__(self, "_members_cache", {})

    def __repr__(self) -> str:
        return (
            f"Organization(units={len(self.units)}, people={len(self.people)}, "
            f"roles={len(self.roles)}, competencies={len(self.framework)})"
        )

    # -- look-ups ---------------------------------------------------------------------------

    def person(self, id: str) -> Person:
        """The person with this id; ``UnknownIdError`` if there is none."""
        try:
            return self._people_by_id[id]
        except (KeyError, TypeError):
            raise UnknownIdError("person", str(id)) from None

    def unit(self, id: str) -> Unit:
        """The unit with this id; ``UnknownIdError`` if there is none."""
        try:
            return self._units_by_id[id]
        except (KeyError, TypeError):
            raise UnknownIdError("unit", str(id)) from None

    def role(self, id: str) -> Role:
        """The role with this id; ``UnknownIdError`` if there is none."""
        try:
            return self._roles_by_id[id]
        except (KeyError, TypeError):
            raise UnknownIdError("role", str(id)) from None

    def has_person(self, id: str) -> bool:
        """Whether a person has this id."""
        return id in self._people_by_id

    def has_unit(self, id: str) -> bool:
        """Whether a unit has this id."""
        return id in self._units_by_id

    def subunits(self, unit_id: str) -> tuple[str, ...]:
        """The ids of the units directly under ``unit_id``, in the order given."""
        self.unit(unit_id)
        return self._subunits.get(unit_id, ())

    def unit_ancestors(self, unit_id: str) -> tuple[str, ...]:
        """The ids of the units above ``unit_id``, nearest first (the unit itself excluded)."""
        out: list[str] = []
        parent = self.unit(unit_id).parent
        while parent is not None:
            out.append(parent)
            parent = self._units_by_id[parent].parent
        return tuple(out)

    def members(self, unit_id: str, recursive: bool = True) -> tuple[Person, ...]:
        """The people of a unit, sorted by id; with ``recursive``, its sub-units' people too."""
        self.unit(unit_id)
        if not recursive:
            return self._direct.get(unit_id, ())
        cached = self._members_cache.get(unit_id)
        if cached is None:
            found: list[Person] = []
            stack = [unit_id]
            while stack:
                u = stack.pop()
                found.extend(self._direct.get(u, ()))
                stack.extend(self._subunits.get(u, ()))
            cached = tuple(sorted(found, key=_by_id))
            # A cache of a pure function of frozen data: safe to fill lazily.
            self._members_cache[unit_id] = cached
        return cached

    def roles_of(self, person_id: str) -> tuple[Role, ...]:
        """The roles a person holds."""
        return tuple(self._roles_by_id[r] for r in self.person(person_id).roles)

    def check_assessments(self, assessments: Iterable[Assessment]) -> None:
        """Refuse assessments that do not fit this organisation.

        Each must be an :class:`Assessment` of a known person in a known competency at a
        level within that competency's scale. The error's path is the assessment's index
        (``"[12].level"``).
        """
        people = self._people_by_id
        fw = self.framework
        tops = {c: fw.scale_of(c).top for c in fw}
        for i, a in enumerate(assessments):
            if not isinstance(a, Assessment):
                raise ValidationError(
                    f"expected an Assessment, got {check.describe(a)}", path=f"[{i}]"
                )
            if a.person not in people:
                raise UnknownIdError(
                    "person", a.person, path=f"[{i}].person", referrer="an assessment"
                )
            top = tops.get(a.competency)
            if top is None:
                raise UnknownIdError(
                    "competency", a.competency, path=f"[{i}].competency", referrer="an assessment"
                )
            if a.level > top:
                raise ValidationError(
                    f"assessment of {a.person!r} in {a.competency!r} has level {a.level}, "
                    f"outside its scale (0..{top})",
                    path=f"[{i}].level",
                    code="level-out-of-scale",
                    params={"level": a.level, "competency": a.competency, "top": top},
                )


def _by_id(p: Person) -> str:
    return p.id
