"""The unit x competency matrix: counts a manager can act on, never singling anyone out.

A cell counts the people a competency concerns in a unit (sub-units included): those whose
roles require it. Needs never move the count (a rule's need outside the roles would reveal
who has it); they only say who of those people has a gap. A unit with fewer than
``min_group`` such people shows no counts (primary suppression), and neither does a cell
from which such a group could be worked out by subtracting the shown cells below it
(secondary suppression).
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from larande import (
    Assessment,
    Competency,
    Framework,
    Organization,
    Person,
    Requirement,
    Role,
    Unit,
    ValidationError,
)
from larande.needs import Cell, Need, Reason, analyze, requirement_gap
from larande.testing import assessments, dates, organizations, signals

D = dt.date
AS_OF = D(2026, 1, 12)
ASSESSED = D(2025, 6, 2)

FRAMEWORK = Framework(
    [
        Competency("cpr", "CPR", validity=dt.timedelta(days=365)),
        Competency("medication", "Medication handling"),
        Competency("hygiene", "Basic hygiene"),
    ]
)
NURSE = Role("nurse", "Assistant nurse", [Requirement("cpr", 1), Requirement("medication", 3)])
AIDE = Role("aide", "Care aide", [Requirement("medication", 2)])
NOBODY = Role("volunteer", "Volunteer")


def care_org(*, north, south, care=0):
    """Home care with ``care`` nurses of its own and teams of ``north`` and ``south`` nurses."""
    units = [
        Unit("care", "Home care"),
        Unit("north", "Team North", parent="care"),
        Unit("south", "Team South", parent="care"),
    ]
    people = [
        Person(f"{unit}-{i}", f"Nurse {i} of {unit}", unit, roles=["nurse"])
        for unit, n in (("care", care), ("north", north), ("south", south))
        for i in range(n)
    ]
    return Organization(units, people, [NURSE, AIDE, NOBODY], FRAMEWORK)


class Fixed:
    """A user's rule returning the needs it was given."""

    def __init__(self, name, *needs):
        self.name = name
        self.needs = needs

    def __call__(self, context):
        return list(self.needs)


def matrix_of(org, assessed=(), *, rules=(), min_group=5):
    return analyze(org, assessed, as_of=AS_OF, rules=rules).matrix(min_group=min_group)


def shown_units(matrix, competency):
    return {u for (u, c), cell in matrix.items() if c == competency and not cell.suppressed}


# -- what a cell counts -------------------------------------------------------------------------


def test_a_cell_counts_the_people_whose_roles_require_the_competency():
    matrix = matrix_of(care_org(north=0, south=6))
    assert matrix[("south", "cpr")] == Cell(6, 0, 0.0)


def test_a_cell_counts_the_people_below_the_level_and_their_mean_gap():
    """Six nurses need medication at 3: three meet it, two are at 2, one has no assessment."""
    levels = [3, 3, 3, 2, 2]
    assessed = [
        Assessment(f"south-{i}", "medication", level, ASSESSED) for i, level in enumerate(levels)
    ]
    matrix = matrix_of(care_org(north=0, south=6), assessed, rules=[requirement_gap()])
    assert matrix[("south", "medication")] == Cell(6, 3, round((1 + 1 + 3) / 6, 4))


def test_a_units_cell_counts_the_people_of_its_sub_units():
    matrix = matrix_of(care_org(north=5, south=6), rules=[requirement_gap()])
    assert matrix[("care", "cpr")] == Cell(11, 11, 1.0)


def test_a_need_in_a_competency_no_role_of_the_person_requires_adds_nobody_to_a_cell():
    gaps = [
        Need(f"south-{i}", "person", "hygiene", None, 2, 2, 1.0, [Reason("mine", ["e"], "t")])
        for i in range(5)
    ]
    matrix = matrix_of(care_org(north=0, south=6), rules=[Fixed("mine", *gaps)])
    assert ("south", "hygiene") not in matrix


def test_a_unit_need_adds_nobody_to_a_cell():
    need = Need("south", "unit", "hygiene", None, None, 0, 1.0, [Reason("mine", ["e"], "t")])
    matrix = matrix_of(care_org(north=0, south=6), rules=[Fixed("mine", need)])
    assert ("south", "hygiene") not in matrix


def test_a_competency_that_concerns_nobody_in_a_unit_has_no_cell():
    assert ("south", "hygiene") not in matrix_of(care_org(north=5, south=6))


def test_the_matrix_is_read_only():
    matrix = matrix_of(care_org(north=5, south=6))
    with pytest.raises(TypeError):
        matrix[("south", "cpr")] = Cell(1, 1, 1.0)


# -- suppression --------------------------------------------------------------------------------


def test_a_team_of_four_is_suppressed():
    """Four is fewer than five: the cell shows no counts."""
    matrix = matrix_of(care_org(north=4, south=6))
    assert (matrix[("north", "cpr")], matrix[("north", "cpr")].suppressed) == (
        Cell(None, None, None),
        True,
    )


def test_a_team_of_five_is_shown():
    assert matrix_of(care_org(north=5, south=6))[("north", "cpr")].suppressed is False


def test_a_team_whose_small_sibling_could_be_worked_out_from_the_parent_is_suppressed():
    """Care (10) minus South (6) would reveal North's 4: South is withheld as well."""
    matrix = matrix_of(care_org(north=4, south=6))
    assert shown_units(matrix, "cpr") == {"care"}


def test_the_parents_own_members_cannot_be_worked_out_by_subtraction():
    """Care has 2 nurses of its own; with both teams of 5 shown, care minus them reveals 2."""
    matrix = matrix_of(care_org(care=2, north=5, south=5))
    assert shown_units(matrix, "cpr") in ({"care", "north"}, {"care", "south"}, {"north", "south"})


def test_a_parent_made_only_of_shown_teams_keeps_every_cell():
    matrix = matrix_of(care_org(north=5, south=6))
    assert shown_units(matrix, "cpr") == {"care", "north", "south"}


def test_a_parent_whose_own_members_form_a_large_enough_group_keeps_every_cell():
    matrix = matrix_of(care_org(care=5, north=5, south=5))
    assert shown_units(matrix, "cpr") == {"care", "north", "south"}


def test_with_a_minimum_group_of_one_nothing_is_suppressed():
    matrix = matrix_of(care_org(care=1, north=1, south=2), min_group=1)
    assert shown_units(matrix, "cpr") == {"care", "north", "south"}


def test_the_default_minimum_group_is_five():
    report = analyze(care_org(north=4, south=6), [], as_of=AS_OF)
    assert report.matrix() == report.matrix(min_group=5)


@pytest.mark.parametrize("min_group", [0, -1, 2.5, "5", True])
def test_the_minimum_group_is_a_whole_number_of_one_or_more(min_group):
    report = analyze(care_org(north=5, south=5), [], as_of=AS_OF)
    with pytest.raises(ValidationError) as err:
        report.matrix(min_group=min_group)
    assert err.value.path == "min_group"


# -- properties: an independent checker ---------------------------------------------------------


def concerned(report, competency):
    """The people a competency concerns: those whose roles require it."""
    org = report.org
    return {
        p.id
        for p in org.people
        if any(role.requirement(competency) is not None for role in org.roles_of(p.id))
    }


def people_in(org, unit, who):
    return {p.id for p in org.members(unit)} & who


def shown(matrix, unit, competency):
    cell = matrix.get((unit, competency))
    return cell is not None and cell.people is not None


def nearest_shown_below(org, matrix, unit, competency):
    """The shown units below ``unit`` with no shown unit between them and it."""
    found, stack = [], list(org.subunits(unit))
    while stack:
        sub = stack.pop()
        if shown(matrix, sub, competency):
            found.append(sub)
        else:
            stack.extend(org.subunits(sub))
    return found


def isolated_groups(report, matrix, min_group):
    """Every shown cell that leaves 1 to ``min_group - 1`` people uncovered by those below it."""
    org = report.org
    bad = []
    for competency in org.framework:
        who = concerned(report, competency)
        for unit in (u.id for u in org.units):
            if not shown(matrix, unit, competency):
                continue
            rest = people_in(org, unit, who)
            for sub in nearest_shown_below(org, matrix, unit, competency):
                rest -= people_in(org, sub, who)
            if 0 < len(rest) < min_group:
                bad.append((unit, competency, len(rest)))
    return bad


@st.composite
def unit_trees(draw):
    """Home-care-like organisations: a tree of up to seven units with 0 to 7 people each."""
    n_units = draw(st.integers(1, 7))
    units = [Unit("u0", "Unit 0")]
    for i in range(1, n_units):
        parent = draw(st.integers(0, i - 1))
        units.append(Unit(f"u{i}", f"Unit {i}", parent=f"u{parent}"))
    people = []
    for u in units:
        for i in range(draw(st.integers(0, 7))):
            held = draw(st.sampled_from([["nurse"], ["aide"], ["nurse", "aide"], ["volunteer"]]))
            people.append(Person(f"{u.id}-p{i}", f"Person {i}", u.id, roles=held))
    return Organization(units, people, [NURSE, AIDE, NOBODY], FRAMEWORK)


@st.composite
def reports(draw):
    """A needs report on a generated organisation, from assessments and signals around as_of."""
    org = draw(unit_trees() | organizations())
    as_of = draw(dates(min_value=D(2022, 1, 1), max_value=D(2028, 12, 31)))
    assessed = draw(st.lists(assessments(org), max_size=30)) if org.people else []
    sigs = draw(st.lists(signals(org), max_size=6, unique_by=lambda s: s.id))
    return analyze(org, assessed, sigs, as_of=as_of)


@given(reports(), st.integers(1, 6))
def test_the_matrix_never_shows_a_count_that_isolates_fewer_than_min_group_people(report, k):
    """For every shown cell, the people not covered by the shown cells right below it are
    none, or at least ``min_group``: no small group can be worked out by subtraction."""
    assert isolated_groups(report, report.matrix(min_group=k), k) == []


@given(reports(), st.integers(1, 6))
def test_every_unit_with_fewer_than_min_group_people_concerned_is_suppressed(report, k):
    matrix = report.matrix(min_group=k)
    org = report.org
    small_shown = [
        (u.id, c)
        for c in org.framework
        for u in org.units
        if 0 < len(people_in(org, u.id, concerned(report, c))) < k and shown(matrix, u.id, c)
    ]
    assert small_shown == []


@given(reports(), st.integers(1, 6))
def test_the_matrix_has_a_cell_for_every_unit_a_competency_concerns_and_no_other(report, k):
    org = report.org
    expected = {
        (u.id, c)
        for c in org.framework
        for u in org.units
        if people_in(org, u.id, concerned(report, c))
    }
    assert set(report.matrix(min_group=k)) == expected


@given(reports())
def test_a_shown_cell_holds_its_units_people_with_gap_and_mean_gap(report):
    org = report.org
    gaps = {}
    for n in report.needs:
        if n.scope == "person":
            key = (n.subject, n.competency)
            gaps[key] = max(gaps.get(key, 0), n.gap)
    expected, actual = {}, {}
    for (unit, competency), cell in report.matrix(min_group=1).items():
        who = people_in(org, unit, concerned(report, competency))
        unit_gaps = [gaps.get((p, competency), 0) for p in who]
        expected[(unit, competency)] = (
            len(who),
            sum(1 for g in unit_gaps if g > 0),
            pytest.approx(sum(unit_gaps) / len(who), abs=1e-4),
        )
        actual[(unit, competency)] = (cell.people, cell.with_gap, cell.mean_gap)
    assert actual == expected
