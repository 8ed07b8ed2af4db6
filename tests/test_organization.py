"""Units, people and the organisation: every reference checked at construction, then look-ups."""

from __future__ import annotations

import datetime as dt
import math
import pickle
import re

import pytest
from hypothesis import given

from larande import (
    DEFAULT_SCALE,
    Assessment,
    Competency,
    CycleError,
    DuplicateIdError,
    Framework,
    Organization,
    Person,
    Requirement,
    Role,
    Scale,
    Unit,
    UnknownIdError,
    ValidationError,
)
from larande.testing import organizations

CERTIFICATE = Scale("certificate", ["not certified", "certified"])
FRAMEWORK = Framework(
    [
        Competency("care", "Care"),
        Competency("medication", "Medication handling", parent="care"),
        Competency("cpr", "CPR", scale="certificate", validity=dt.timedelta(days=365)),
    ],
    scales=[DEFAULT_SCALE, CERTIFICATE],
)
UNITS = [
    Unit("care", "Care administration"),
    Unit("homecare", "Home care", parent="care"),
    Unit("north", "Home care north", parent="homecare"),
    Unit("south", "Home care south", parent="homecare"),
    Unit("it", "IT unit"),
]
ROLES = [
    Role("nurse", "Assistant nurse", [Requirement("medication", 3), Requirement("cpr", 1)]),
    Role("manager", "Unit manager", [Requirement("care", 2)]),
    Role("developer", "Developer"),
]
PEOPLE = [
    Person("karin", "Karin Holm", "homecare", roles=["manager"]),
    Person("bo", "Bo Ek", "north", roles=["nurse"], manager="karin"),
    Person("anna", "Anna Berg", "north", roles=["nurse"], manager="karin"),
    Person("cia", "Cia Lund", "south", roles=["nurse", "manager"], manager="karin"),
    Person("dan", "Dan Nord", "it", roles=["developer"]),
    Person("eva", "Eva Lind", "care"),
]


def build(*, units=UNITS, people=PEOPLE, roles=ROLES, framework=FRAMEWORK) -> Organization:
    return Organization(units, people, roles, framework)


ORG = build()


def ids(people):
    return [p.id for p in people]


# -- a valid organisation -------------------------------------------------------------------


def test_an_organization_keeps_what_it_was_given_as_tuples():
    """Lists given are stored as tuples, so the organisation is a hashable value."""
    assert (tuple(UNITS), tuple(PEOPLE), tuple(ROLES)) == (ORG.units, ORG.people, ORG.roles)


def test_organizations_with_the_same_content_are_equal_and_hash_alike():
    """An organisation is a value."""
    assert (ORG, hash(ORG)) == (build(), hash(build()))


def test_the_organization_repr_is_short():
    """A notebook shows counts, not thousands of people."""
    assert repr(ORG) == "Organization(units=5, people=6, roles=3, competencies=3)"


def test_an_organization_survives_pickling():
    """It crosses a process boundary with its look-ups working."""
    restored = pickle.loads(pickle.dumps(ORG))
    assert (restored, ids(restored.members("north"))) == (ORG, ["anna", "bo"])


def test_an_organization_may_have_no_people_yet():
    """A new organisation is built unit by unit before anyone is placed."""
    assert build(people=[]).members("care") == ()


# -- validation, one rule each --------------------------------------------------------------


def test_a_person_cannot_belong_to_an_unknown_unit():
    """Every person is in a unit of the organisation; the error names the person's field."""
    people = [PEOPLE[0], Person("bo", "Bo Ek", "west", roles=["nurse"])]
    with pytest.raises(UnknownIdError, match="person 'bo' refers to an unknown unit 'west'") as e:
        build(people=people)
    assert (e.value.path, e.value.id, e.value.kind) == ("people[1].unit", "west", "unit")


def test_a_person_cannot_hold_an_unknown_role():
    """Roles are defined once, in ``roles``; a person refers to them by id."""
    people = [PEOPLE[0], Person("bo", "Bo Ek", "north", roles=["nurse", "surgeon"])]
    with pytest.raises(UnknownIdError, match="unknown role 'surgeon'") as err:
        build(people=people)
    assert err.value.path == "people[1].roles[1]"


def test_a_person_cannot_report_to_an_unknown_manager():
    """The manager must be a person of the organisation."""
    people = [PEOPLE[0], Person("bo", "Bo Ek", "north", manager="kerstin")]
    with pytest.raises(UnknownIdError, match="unknown person 'kerstin'") as err:
        build(people=people)
    assert err.value.path == "people[1].manager"


def test_a_manager_must_be_a_person_not_a_unit():
    """Unit ids and person ids share a namespace, but a unit cannot manage anyone."""
    people = [Person("bo", "Bo Ek", "north", manager="homecare")]
    with pytest.raises(UnknownIdError, match="unknown person 'homecare'"):
        build(people=people)


def test_a_manager_may_be_listed_after_the_people_they_manage():
    """Managers are resolved against everyone, not only those listed earlier."""
    people = [Person("bo", "Bo Ek", "north", manager="karin"), PEOPLE[0]]
    assert build(people=people).person("bo").manager == "karin"


def test_a_unit_cannot_sit_under_an_unknown_parent():
    """A unit's parent must be a unit of the organisation."""
    units = [UNITS[0], Unit("north", "Home care north", parent="homecare")]
    with pytest.raises(UnknownIdError, match="unit 'north' refers to an unknown unit") as err:
        build(units=units, people=[])
    assert (err.value.path, err.value.id) == ("units[1].parent", "homecare")


def test_a_role_cannot_require_an_unknown_competency():
    """A requirement refers to a competency of the organisation's framework."""
    roles = [Role("nurse", "Nurse", [Requirement("cpr", 1), Requirement("insulin", 2)])]
    with pytest.raises(UnknownIdError, match="role 'nurse' refers to an unknown competency") as e:
        build(roles=roles, people=[])
    assert (e.value.path, e.value.id) == ("roles[0].requirements[1].competency", "insulin")


def test_a_requirement_level_must_lie_within_its_competencys_scale():
    """CPR is a certificate (0..1): level 2 does not exist."""
    roles = [Role("nurse", "Nurse", [Requirement("cpr", 2)])]
    with pytest.raises(ValidationError, match=r"outside its scale 'certificate' \(0..1\)") as e:
        build(roles=roles, people=[])
    assert (
        e.value.path,
        e.value.code,
    ) == ("roles[0].requirements[0].level", "level-out-of-scale")


def test_the_top_level_of_a_scale_may_be_required():
    """The top of the scale is a valid requirement."""
    roles = [Role("nurse", "Nurse", [Requirement("cpr", 1), Requirement("medication", 4)])]
    assert build(roles=roles, people=[]).role("nurse").requirement("medication").level == 4


def test_two_units_cannot_share_an_id():
    """Unit ids are unique; the error points at the second and names the first."""
    units = [*UNITS, Unit("north", "North again")]
    with pytest.raises(DuplicateIdError, match="already used by units\\[2\\]") as err:
        build(units=units)
    assert (err.value.path, err.value.id) == ("units[5].id", "north")


def test_two_people_cannot_share_an_id():
    """Person ids are unique."""
    people = [*PEOPLE, Person("anna", "Anna Other", "south")]
    with pytest.raises(DuplicateIdError, match="'anna'; already used by people\\[2\\]") as err:
        build(people=people)
    assert err.value.path == "people[6].id"


def test_a_person_cannot_share_an_id_with_a_unit():
    """Units and people share one namespace, so an id always means one thing."""
    people = [*PEOPLE, Person("it", "Ivar Tell", "it")]
    with pytest.raises(DuplicateIdError, match="'it'; already used by units\\[4\\]") as err:
        build(people=people)
    assert err.value.path == "people[6].id"


def test_two_roles_cannot_share_an_id():
    """Role ids are unique."""
    roles = [*ROLES, Role("nurse", "Nurse again")]
    with pytest.raises(DuplicateIdError, match="duplicate role id 'nurse'") as err:
        build(roles=roles)
    assert err.value.path == "roles[3].id"


def test_units_cannot_contain_each_other():
    """A unit cannot be inside itself; CycleError names the loop."""
    units = [Unit("a", "A", parent="b"), Unit("b", "B", parent="a")]
    with pytest.raises(CycleError, match="unit cycle: a -> b -> a") as err:
        build(units=units, people=[])
    assert err.value.cycle == ("a", "b", "a")


def test_a_unit_cannot_be_its_own_parent():
    """The shortest loop."""
    with pytest.raises(CycleError) as err:
        build(units=[Unit("a", "A", parent="a")], people=[])
    assert err.value.cycle == ("a", "a")


def test_a_person_cannot_be_their_own_manager():
    """Managing oneself is refused on the person record, naming the field."""
    with pytest.raises(ValidationError, match="someone other than the person") as err:
        Person("anna", "Anna Berg", "north", manager="anna")
    assert err.value.path == "manager"


def test_a_person_cannot_hold_one_role_twice():
    """Roles are a list of distinct ids."""
    with pytest.raises(DuplicateIdError, match="'nurse'") as err:
        Person("anna", "Anna Berg", "north", roles=["nurse", "nurse"])
    assert err.value.path == "roles[1]"


# -- look-ups -------------------------------------------------------------------------------


def test_a_person_is_found_by_id():
    """``person(id)`` gives the record."""
    assert PEOPLE[2] == ORG.person("anna")


def test_a_unit_is_found_by_id():
    """``unit(id)`` gives the record."""
    assert UNITS[2] == ORG.unit("north")


def test_a_role_is_found_by_id():
    """``role(id)`` gives the record."""
    assert ROLES[0] == ORG.role("nurse")


@pytest.mark.parametrize(
    ("lookup", "kind"), [("person", "person"), ("unit", "unit"), ("role", "role")]
)
def test_looking_up_an_unknown_id_is_an_unknown_id_error(lookup, kind):
    """An unknown id is an UnknownIdError naming what was looked for."""
    with pytest.raises(UnknownIdError, match=f"unknown {kind} 'nobody'"):
        getattr(ORG, lookup)("nobody")


def test_a_unit_id_is_not_a_person():
    """Though they share a namespace, a unit is not found as a person."""
    with pytest.raises(UnknownIdError, match="unknown person 'north'"):
        ORG.person("north")


def test_looking_up_an_unhashable_id_is_an_unknown_id_error():
    """A list where an id belongs is a clear error, not a TypeError."""
    with pytest.raises(UnknownIdError):
        ORG.person(["anna"])  # type: ignore[arg-type]


def test_members_include_everyone_below_the_unit_sorted_by_id():
    """By default members are recursive: home care includes both teams and its manager."""
    assert ids(ORG.members("homecare")) == ["anna", "bo", "cia", "karin"]


def test_direct_members_exclude_the_sub_units():
    """With ``recursive=False`` only the people placed in the unit itself."""
    assert ids(ORG.members("homecare", recursive=False)) == ["karin"]


def test_members_of_a_team_are_sorted_by_id_not_by_input_order():
    """bo is listed before anna in the input, but members come sorted."""
    assert ids(ORG.members("north", recursive=False)) == ["anna", "bo"]


def test_a_unit_without_people_has_no_members():
    """An empty unit gives an empty tuple."""
    org = build(units=[*UNITS, Unit("empty", "Empty", parent="it")])
    assert org.members("empty") == ()


def test_members_of_an_unknown_unit_is_an_unknown_id_error():
    """Asking about a unit that does not exist is refused, not answered with nobody."""
    with pytest.raises(UnknownIdError, match="unknown unit 'west'"):
        ORG.members("west")


def test_members_are_the_same_when_asked_twice():
    """Look-ups are pure: asking again gives the same answer."""
    assert ORG.members("care") == ORG.members("care")


def test_unit_ancestors_run_from_the_nearest_upwards():
    """A team's ancestors are its unit, then the administration."""
    assert ORG.unit_ancestors("north") == ("homecare", "care")


def test_a_top_unit_has_no_ancestors():
    """The unit itself is never among its ancestors."""
    assert ORG.unit_ancestors("care") == ()


def test_unit_ancestors_of_an_unknown_unit_is_an_unknown_id_error():
    """An unknown unit is refused."""
    with pytest.raises(UnknownIdError, match="'west'"):
        ORG.unit_ancestors("west")


def test_subunits_are_the_units_directly_below_in_given_order():
    """Only one level down."""
    assert (
        ORG.subunits("care"),
        ORG.subunits("homecare"),
        ORG.subunits("north"),
    ) == (("homecare",), ("north", "south"), ())


def test_subunits_of_an_unknown_unit_is_an_unknown_id_error():
    """An unknown unit is refused."""
    with pytest.raises(UnknownIdError, match="'west'"):
        ORG.subunits("west")


def test_roles_of_gives_the_role_records_a_person_holds():
    """Roles come as records, in the order the person holds them."""
    assert (ROLES[0], ROLES[1]) == ORG.roles_of("cia")


def test_roles_of_a_person_without_roles_is_empty():
    """Not everyone has a role."""
    assert ORG.roles_of("eva") == ()


def test_roles_of_an_unknown_person_is_an_unknown_id_error():
    """An unknown person is refused."""
    with pytest.raises(UnknownIdError, match="unknown person 'nobody'"):
        ORG.roles_of("nobody")


def test_has_person_and_has_unit_answer_without_raising():
    """Membership tests for hosts that only want to know."""
    assert (
        ORG.has_person("anna"),
        ORG.has_person("north"),
        ORG.has_unit("north"),
        ORG.has_unit("anna"),
    ) == (True, False, True, False)


# -- check_assessments ----------------------------------------------------------------------

DAY = dt.date(2025, 6, 1)


def test_assessments_of_known_people_in_known_competencies_are_accepted():
    """Nothing is raised for assessments that fit the organisation."""
    good = [Assessment("anna", "medication", 4, DAY), Assessment("bo", "cpr", 1, DAY)]
    assert ORG.check_assessments(good) is None


def test_an_assessment_of_an_unknown_person_is_refused():
    """The path gives the assessment's index and field."""
    bad = [Assessment("anna", "cpr", 1, DAY), Assessment("nobody", "cpr", 1, DAY)]
    with pytest.raises(UnknownIdError, match="unknown person 'nobody'") as err:
        ORG.check_assessments(bad)
    assert err.value.path == "[1].person"


def test_an_assessment_in_an_unknown_competency_is_refused():
    """The competency must be in the framework."""
    with pytest.raises(UnknownIdError, match="unknown competency 'insulin'") as err:
        ORG.check_assessments([Assessment("anna", "insulin", 1, DAY)])
    assert err.value.path == "[0].competency"


def test_an_assessment_above_the_top_of_its_scale_is_refused():
    """CPR is certified or not: level 2 does not exist."""
    with pytest.raises(ValidationError, match=r"level 2, outside its scale \(0..1\)") as err:
        ORG.check_assessments([Assessment("anna", "cpr", 2, DAY)])
    assert (err.value.path, err.value.code) == ("[0].level", "level-out-of-scale")


def test_something_other_than_an_assessment_is_refused():
    """A stray value among the assessments is a ValidationError, not an AttributeError."""
    with pytest.raises(ValidationError, match="an Assessment") as err:
        ORG.check_assessments([("anna", "cpr", 1)])
    assert err.value.path == "[0]"


# -- bad input never surfaces as a bare TypeError, KeyError or AttributeError ---------------

D = dt.date(2025, 6, 1)
_BAD_FIELDS = [
    ("Scale.id", lambda: Scale("", ["a", "b"]), "id"),
    ("Scale.levels", lambda: Scale("s", None), "levels"),
    ("Scale.levels member", lambda: Scale("s", ["a", 1]), "levels[1]"),
    ("Competency.id", lambda: Competency(7, "Seven"), "id"),
    ("Competency.name", lambda: Competency("c", None), "name"),
    ("Competency.parent", lambda: Competency("c", "C", parent=""), "parent"),
    ("Competency.scale", lambda: Competency("c", "C", scale=None), "scale"),
    ("Competency.validity", lambda: Competency("c", "C", validity=-dt.timedelta(1)), "validity"),
    ("Competency.uri", lambda: Competency("c", "C", uri=42), "uri"),
    ("Framework.competencies", lambda: Framework("care"), "competencies"),
    ("Framework.competencies mapping", lambda: Framework({"care": 1}), "competencies"),
    ("Framework.scales", lambda: Framework([], scales=[("default", 5)]), "scales[0]"),
    ("Requirement.competency", lambda: Requirement(None, 1), "competency"),
    ("Requirement.level str", lambda: Requirement("cpr", "3"), "level"),
    ("Requirement.level bool", lambda: Requirement("cpr", True), "level"),
    ("Requirement.level negative", lambda: Requirement("cpr", -1), "level"),
    ("Requirement.level float", lambda: Requirement("cpr", 2.0), "level"),
    ("Requirement.weight nan", lambda: Requirement("cpr", 1, weight=math.nan), "weight"),
    ("Requirement.weight str", lambda: Requirement("cpr", 1, weight="1"), "weight"),
    ("Requirement.effective", lambda: Requirement("cpr", 1, effective="2026-04-01"), "effective"),
    (
        "Requirement.effective datetime",
        lambda: Requirement("cpr", 1, effective=dt.datetime(2026, 4, 1)),
        "effective",
    ),
    ("Role.id", lambda: Role("", "Nurse"), "id"),
    ("Role.name", lambda: Role("nurse", 3), "name"),
    ("Role.requirements", lambda: Role("nurse", "Nurse", "cpr"), "requirements"),
    ("Role.requirements None", lambda: Role("nurse", "Nurse", None), "requirements"),
    ("Role.requirements member", lambda: Role("n", "N", [("cpr", 1)]), "requirements[0]"),
    ("Assessment.person", lambda: Assessment(None, "cpr", 1, D), "person"),
    ("Assessment.competency", lambda: Assessment("anna", "", 1, D), "competency"),
    ("Assessment.level str", lambda: Assessment("anna", "cpr", "3", D), "level"),
    ("Assessment.level bool", lambda: Assessment("anna", "cpr", True, D), "level"),
    ("Assessment.level negative", lambda: Assessment("anna", "cpr", -1, D), "level"),
    (
        "Assessment.on datetime",
        lambda: Assessment("anna", "cpr", 1, dt.datetime(2025, 6, 1, 9)),
        "on",
    ),
    ("Assessment.on str", lambda: Assessment("anna", "cpr", 1, "2025-06-01"), "on"),
    ("Assessment.source", lambda: Assessment("anna", "cpr", 1, D, source=""), "source"),
    ("Assessment.id", lambda: Assessment("anna", "cpr", 1, D, id=""), "id"),
    ("Unit.id", lambda: Unit("", "North"), "id"),
    ("Unit.name", lambda: Unit("north", b"North"), "name"),
    ("Unit.parent", lambda: Unit("north", "North", parent=3), "parent"),
    ("Person.id", lambda: Person("", "Anna", "north"), "id"),
    ("Person.unit", lambda: Person("anna", "Anna", None), "unit"),
    ("Person.roles str", lambda: Person("anna", "Anna", "north", roles="abc"), "roles"),
    ("Person.roles None", lambda: Person("anna", "Anna", "north", roles=None), "roles"),
    ("Person.roles member", lambda: Person("anna", "A", "north", roles=["n", 1]), "roles[1]"),
    ("Person.manager", lambda: Person("anna", "Anna", "north", manager=""), "manager"),
    ("Organization.units", lambda: Organization(None, [], [], FRAMEWORK), "units"),
    ("Organization.units str", lambda: Organization("abc", [], [], FRAMEWORK), "units"),
    ("Organization.people", lambda: Organization([], ["anna"], [], FRAMEWORK), "people[0]"),
    ("Organization.roles", lambda: Organization([], [], [{"id": "n"}], FRAMEWORK), "roles[0]"),
    ("Organization.framework", lambda: Organization([], [], [], None), "framework"),
    (
        "Organization.framework list",
        lambda: Organization([], [], [], list(FRAMEWORK.competencies)),
        "framework",
    ),
]


_BAD_PARAMS = [pytest.param(name, bad, field, id=name) for name, bad, field in _BAD_FIELDS]


@pytest.mark.parametrize(("name", "build_bad", "field"), _BAD_PARAMS)
def test_a_wrong_type_is_a_validation_error_at_the_field(name, build_bad, field):
    """Every constructor field refuses a wrong value with a ValidationError whose path is it."""
    with pytest.raises(ValidationError) as err:
        build_bad()
    assert field == err.value.path


@pytest.mark.parametrize(("name", "build_bad", "field"), _BAD_PARAMS)
def test_a_wrong_type_error_names_the_record_and_the_field(name, build_bad, field):
    """The message says which record's field was wrong, as ``Record.field``."""
    record_field = name.split()[0]
    with pytest.raises(ValidationError, match=rf"\b{re.escape(record_field)}\b") as err:
        build_bad()
    assert field.split("[")[0] in str(err.value)


def test_a_wrong_type_error_carries_the_field_in_params():
    """A host translating the message gets the record, the field and what was expected."""
    with pytest.raises(ValidationError) as err:
        Assessment("anna", "cpr", "3", D)
    assert err.value.params == {
        "type": "Assessment",
        "field": "level",
        "value": "'3'",
        "expected": "a level, a non-negative int",
    }


# -- properties -----------------------------------------------------------------------------
# The framework plays no part in the unit hierarchy, so a fixed one keeps generation cheap;
# nor do people, where only units are looked at.


@given(organizations(framework=FRAMEWORK))
def test_the_members_of_the_roots_partition_the_people(org):
    """Everyone belongs to exactly one top unit's members, recursively."""
    roots = [u.id for u in org.units if u.parent is None]
    everyone = [p.id for root in roots for p in org.members(root)]
    assert sorted(p.id for p in org.people) == sorted(everyone)


@given(organizations(framework=FRAMEWORK))
def test_members_are_sorted_and_include_the_direct_members_of_every_subunit(org):
    """Recursive members are the direct members of the unit and of all units below it."""
    for unit in org.units:
        members = org.members(unit.id)
        below = {u.id for u in org.units if u.id == unit.id or unit.id in org.unit_ancestors(u.id)}
        assert sorted(ids(members)) == ids(members)
        assert sorted(p.id for p in org.people if p.unit in below) == ids(members)


@given(organizations(framework=FRAMEWORK, max_people=1))
def test_unit_ancestors_never_contain_the_unit_nor_repeat(org):
    """Following parents upwards never comes back: no unit is its own ancestor."""
    for unit in org.units:
        ups = org.unit_ancestors(unit.id)
        assert unit.id not in ups
        assert len(ups) == len(set(ups))
        assert ups[:1] == ((unit.parent,) if unit.parent else ())


@given(organizations(framework=FRAMEWORK, max_people=1))
def test_subunits_are_exactly_the_units_naming_the_unit_as_parent(org):
    """subunits() and Unit.parent tell the same hierarchy."""
    for unit in org.units:
        assert [u.id for u in org.units if u.parent == unit.id] == list(org.subunits(unit.id))
