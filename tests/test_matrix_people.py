"""What a matrix cell's ``people`` counts: those whose roles require the competency.

Needs never move it. If they did, a user's rule giving a need to someone outside the roles
(a manager, say) would change a cell from 5 to 6 people and, with it, reveal that person's
gap. Needs only say who of the counted people is below the level. Suppression works on
these counts and hides the same cells whatever the needs.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from larande import (
    Assessment,
    Cell,
    Competency,
    Framework,
    Need,
    Organization,
    Person,
    Reason,
    Requirement,
    Role,
    Unit,
    analyze,
    requirement_gap,
)
from larande.needs._matrix import _suppress, _Tree
from larande.testing import organizations

AS_OF = dt.date(2026, 1, 12)
FRAMEWORK = Framework(
    [Competency("medication", "Medication handling"), Competency("hygiene", "Basic hygiene")]
)
NURSE = Role("nurse", "Assistant nurse", [Requirement("medication", 3)])
MANAGER = Role("manager", "Unit manager")
FUTURE = Role(
    "future", "Nurse from March", [Requirement("hygiene", 2, effective=dt.date(2026, 3, 1))]
)


def ward(nurses: int = 5) -> Organization:
    """A ward with ``nurses`` nurses and its manager, whose role requires nothing."""
    people = [Person(f"n{i}", f"Nurse {i}", "ward", roles=["nurse"]) for i in range(nurses)]
    people.append(Person("boss", "Manager", "ward", roles=["manager"]))
    return Organization([Unit("ward", "Ward")], people, [NURSE, MANAGER, FUTURE], FRAMEWORK)


class Gives:
    """A user's rule that returns the needs it was given."""

    name = "mine"

    def __init__(self, *needs: Need) -> None:
        self.needs = needs

    def __call__(self, context: object) -> tuple[Need, ...]:
        return self.needs


def gap(person: str, competency: str = "medication", size: int = 2) -> Need:
    return Need(person, "person", competency, 1, 1 + size, size, 1.0, [Reason("mine", ["e"], "t")])


def cell(org: Organization, *needs: Need, competency: str = "medication") -> Cell:
    report = analyze(org, [], as_of=AS_OF, rules=[requirement_gap(), Gives(*needs)])
    return report.matrix()[("ward", competency)]


def test_a_need_given_to_the_manager_outside_the_roles_leaves_the_cell_as_it_was():
    assert cell(ward(), gap("boss")) == cell(ward())


def test_the_cell_counts_the_five_nurses_whose_role_requires_the_competency():
    assert cell(ward(), gap("boss")).people == 5


def test_the_managers_gap_outside_the_roles_is_in_the_report_but_not_in_the_matrix():
    report = analyze(ward(), [], as_of=AS_OF, rules=[Gives(gap("boss"))])
    assert (
        [n.id for n in report.for_person("boss")],
        report.matrix()[("ward", "medication")],
    ) == (
        ["person:boss:medication"],
        Cell(5, 0, 0.0),
    )


def test_a_competency_only_a_need_concerns_has_no_cell():
    report = analyze(ward(), [], as_of=AS_OF, rules=[Gives(gap("n0", "hygiene"))])
    assert ("ward", "hygiene") not in report.matrix()


def test_a_nurses_gap_from_a_users_rule_counts_among_the_nurses():
    """No assessments: the built-in rule finds gaps of 3; a user's rule adds a larger one."""
    assert cell(ward(), gap("n0", size=3)) == Cell(5, 5, 3.0)


def test_people_without_any_need_are_counted():
    assessed = [Assessment(f"n{i}", "medication", 3, dt.date(2025, 6, 1)) for i in range(5)]
    report = analyze(ward(), assessed, as_of=AS_OF)
    assert report.matrix()[("ward", "medication")] == Cell(5, 0, 0.0)


def test_a_requirement_that_takes_effect_later_counts_its_role_holders_now():
    people = [Person(f"f{i}", f"Nurse {i}", "ward", roles=["future"]) for i in range(5)]
    org = Organization([Unit("ward", "Ward")], people, [NURSE, MANAGER, FUTURE], FRAMEWORK)
    assert analyze(org, [], as_of=AS_OF, rules=[]).matrix()[("ward", "hygiene")] == Cell(5, 0, 0.0)


@st.composite
def extra_needs(draw: st.DrawFn, org: Organization) -> list[Need]:
    """Person needs for anyone in any competency, whatever their roles."""
    if not org.people:
        return []
    found = {}
    for _ in range(draw(st.integers(0, 6))):
        person = draw(st.sampled_from([p.id for p in org.people]))
        competency = draw(st.sampled_from(list(org.framework)))
        found[(person, competency)] = Need(
            person, "person", competency, 0, 1, 1, 1.0, [Reason("mine", ["e"], "t")]
        )
    return list(found.values())


@given(st.data())
def test_the_people_counts_do_not_depend_on_needs(data):
    org = data.draw(organizations())
    needs = data.draw(extra_needs(org))
    without = analyze(org, [], as_of=AS_OF, rules=[]).matrix(min_group=3)
    with_needs = analyze(org, [], as_of=AS_OF, rules=[Gives(*needs)]).matrix(min_group=3)
    assert {k: c.people for k, c in with_needs.items()} == {
        k: c.people for k, c in without.items()
    }


# -- suppression, against the first (slow but plain) version ----------------------------------


def suppress_plainly(children, people, min_group):
    """Suppression as first written: rescan from the smallest id after every change."""
    shown = {u for u, n in people.items() if n >= min_group}

    def frontier(unit):
        out, stack = [], list(children.get(unit, ()))
        while stack:
            u = stack.pop()
            if u in shown:
                out.append(u)
            else:
                stack.extend(children.get(u, ()))
        return out

    changed = True
    while changed:
        changed = False
        for unit in sorted(shown):
            below = frontier(unit)
            rest = people[unit] - sum(people.get(u, 0) for u in below)
            if 0 < rest < min_group:
                shown.discard(min(below, key=lambda u: (people.get(u, 0), u)))
                changed = True
                break
    return shown


@st.composite
def unit_trees(draw: st.DrawFn) -> tuple[Organization, dict[str, int]]:
    """Up to 30 units in a tree, each with 0 to 6 people of its own, counted up the tree."""
    n = draw(st.integers(1, 30))
    units = [Unit("u00", "Unit")] + [
        Unit(f"u{i:02}", "Unit", parent=f"u{draw(st.integers(0, i - 1)):02}") for i in range(1, n)
    ]
    own = {u.id: draw(st.integers(0, 6)) for u in units}
    org = Organization(units, [], [], FRAMEWORK)
    total = dict(own)
    for u in reversed(units):
        if u.parent is not None:
            total[u.parent] += total[u.id]
    return org, total


@given(unit_trees(), st.integers(1, 7))
def test_suppression_hides_the_cells_the_first_version_hid(tree, min_group):
    org, people = tree
    counted = {u: n for u, n in people.items() if n}
    order = _Tree(org)
    bottom_up = sorted(counted, key=order.post.__getitem__)
    children = {u.id: org.subunits(u.id) for u in org.units}
    assert _suppress(bottom_up, order.parent, counted, min_group) == suppress_plainly(
        children, counted, min_group
    )
