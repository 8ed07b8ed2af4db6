"""Hostile but valid input costs what its size does: long chains, lattices, many needs.

Each test feeds an input shaped to make a naive algorithm quadratic or exponential (a goal
chain read from a document, a lattice of goals, a long chain of prerequisites, one person
with thousands of needs, a chain of thousands of units) and checks the answer at a size a
quadratic algorithm could not reach in the test's time. How the cost grows is measured in
``benchmarks/bench_growth.py``, never timed here.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from larande import (
    Activity,
    Assessment,
    Catalog,
    Competency,
    CycleError,
    DuplicateIdError,
    Framework,
    Goal,
    GoalGraph,
    Level,
    Need,
    Organization,
    Person,
    Reason,
    Requirement,
    Role,
    Unit,
    UnknownIdError,
    ValidationError,
    analyze,
    match_mentors,
    plan,
)
from larande.io import json as ljson
from larande.testing import goal_graphs

AS_OF = dt.date(2026, 1, 12)
HOUR = dt.timedelta(hours=1)
REASON = Reason("requirement-gap", ["evidence"], "made up for the test")


# -- goal graphs: loading is linear ---------------------------------------------------------


def chain_document(n: int) -> str:
    """A chain of ``n`` organisation goals, its links written from the root down.

    Linked one by one in that order, each link would walk every goal above it.
    """
    goals = [{"id": f"g{i}", "title": f"Goal {i}", "level": "organization"} for i in range(n)]
    links = [{"child": f"g{i}", "parent": f"g{i + 1}"} for i in reversed(range(n - 1))]
    return json.dumps(
        {"schema": "larande/1", "type": "GoalGraph", "data": {"goals": goals, "links": links}}
    )


def test_a_document_of_a_16000_goal_chain_reads_back_with_every_link():
    graph = ljson.loads(chain_document(16_000), GoalGraph)
    assert (len(graph), sum(1 for _ in graph.links()), graph.roots()) == (
        16_000,
        15_999,
        ("g15999",),
    )


def test_a_goal_chain_built_in_one_go_has_every_goal_under_the_next():
    goals = [Goal(f"g{i}", "Goal", Level.ORGANIZATION) for i in range(16_000)]
    links = [(f"g{i}", f"g{i + 1}") for i in reversed(range(15_999))]
    graph = GoalGraph.from_links(goals, links)
    assert [graph.parents(f"g{i}") for i in (0, 7_999, 15_999)] == [("g1",), ("g8000",), ()]


def sequential(goals, links):
    """The graph, or the error, of adding the goals and linking the links one by one."""
    graph = GoalGraph()
    try:
        for goal in goals:
            graph.add(goal)
        for i, (child, parent, weight) in enumerate(links):
            try:
                graph.link(child, parent, weight=weight)
            except ValidationError as err:
                raise err.at(f"links[{i}]") from None
    except ValidationError as err:
        return type(err), err.path, getattr(err, "cycle", None)
    return graph


def in_one_go(goals, links):
    try:
        return GoalGraph.from_links(goals, links)
    except ValidationError as err:
        return type(err), err.path, getattr(err, "cycle", None)


@given(goal_graphs(max_goals=12), st.data())
def test_building_in_one_go_gives_what_linking_one_by_one_gives(graph, data):
    """Any order of the links, with extra links that may close loops or run downwards."""
    goals = [graph.goal(g) for g in graph]
    ids = list(graph)
    links = data.draw(st.permutations(list(graph.links())))
    extra = data.draw(
        st.lists(
            st.tuples(st.sampled_from(ids), st.sampled_from(ids), st.sampled_from([0.5, 2.0])),
            max_size=4,
        )
        if ids
        else st.just([])
    )
    links = links + extra
    assert in_one_go(goals, links) == sequential(goals, links)


def test_a_loop_is_refused_at_the_first_link_that_closes_it_naming_the_loop():
    goals = [Goal(g, g, Level.TEAM, owner="t") for g in "abcd"]
    links = [("a", "b"), ("b", "c"), ("c", "d"), ("d", "b"), ("d", "a")]
    with pytest.raises(CycleError) as err:
        GoalGraph.from_links(goals, links)
    assert (err.value.path, err.value.cycle) == ("links[3].parent", ("d", "b", "c", "d"))


@pytest.mark.parametrize(
    ("goals", "links", "error", "path"),
    [
        ([Goal("a", "A", Level.TEAM, owner="t")] * 2, [], DuplicateIdError, "goals[1].id"),
        (["a"], [], ValidationError, "goals[0]"),
        ([Goal("a", "A", Level.TEAM, owner="t")], [("a", "b")], UnknownIdError, "links[0].parent"),
        ([Goal("a", "A", Level.TEAM, owner="t")], [("a",)], ValidationError, "links[0]"),
        ([Goal("a", "A", Level.TEAM, owner="t")], "a->a", ValidationError, "links"),
    ],
)
def test_a_bad_goal_or_link_is_refused_with_its_place(goals, links, error, path):
    with pytest.raises(error) as err:
        GoalGraph.from_links(goals, links)
    assert err.value.path == path


# -- goal graphs: trace is bounded ----------------------------------------------------------


def lattice(depth: int) -> GoalGraph:
    """Two goals at each of ``depth`` levels, each under both goals above.

    From a goal at the last level there are 2**(depth - 1) paths up to the star.
    """
    graph = GoalGraph()
    graph.add(Goal("star", "Guiding star", Level.ORGANIZATION))
    above = ["star"]
    for i in range(depth):
        here = [f"a{i}", f"b{i}"]
        for gid in here:
            graph.add(Goal(gid, gid, Level.ORGANIZATION), contributes_to=above)
        above = here
    return graph


def test_trace_refuses_a_lattice_with_more_paths_than_the_limit_instead_of_listing_them():
    with pytest.raises(ValidationError) as err:
        lattice(60).trace("a59")
    assert (err.value.code, err.value.path, err.value.params) == (
        "too-many-paths",
        "limit",
        {"goal": "a59", "limit": 1000},
    )


def test_trace_lists_every_path_up_to_the_limit():
    assert len(lattice(11).trace("a10", limit=1024)) == 1024


def test_one_path_more_than_the_limit_is_refused():
    with pytest.raises(ValidationError, match="than the limit of 1023"):
        lattice(11).trace("a10", limit=1023)


def test_a_16000_goal_chain_traces_as_one_path():
    goals = [Goal(f"g{i}", "Goal", Level.ORGANIZATION) for i in range(16_000)]
    graph = GoalGraph.from_links(goals, [(f"g{i}", f"g{i + 1}") for i in range(15_999)])
    (path,) = graph.trace("g0")
    assert (len(path), path[0], path[-1]) == (16_000, "g0", "g15999")


@pytest.mark.parametrize("limit", [0, -1, 2.5, "10", True, None])
def test_the_trace_limit_is_a_whole_number_of_one_or_more(limit):
    with pytest.raises(ValidationError) as err:
        lattice(2).trace("a1", limit=limit)
    assert err.value.path == "limit"


# -- planning: long prerequisite chains, many needs -----------------------------------------

FRAMEWORK_ONE = Framework([Competency("c", "A competency")])
ONE_PERSON = Organization([Unit("u", "Unit")], [Person("p", "P", "u")], [], FRAMEWORK_ONE)


def prerequisite_chain(n: int) -> Catalog:
    """``a0 <- a1 <- ... <- a{n-1}``: each needs the one before; only the last reaches 3."""
    return Catalog(
        Activity(
            f"a{i}",
            f"Step {i}",
            "course",
            {"c": 3 if i == n - 1 else 1},
            HOUR,
            prerequisites=[f"a{i - 1}"] if i else [],
        )
        for i in range(n)
    )


def person_need(person: str, competency: str, required: int) -> Need:
    return Need(person, "person", competency, None, required, required, 1.0, [REASON])


def test_the_last_of_a_10000_long_prerequisite_chain_requires_all_the_others_in_order():
    catalog = prerequisite_chain(10_000)
    assert catalog.requires("a9999") == tuple(f"a{i}" for i in range(9_999))


def test_a_plan_at_the_end_of_a_10000_long_chain_takes_every_step_in_order():
    (p,) = plan([person_need("p", "c", 3)], prerequisite_chain(10_000), org=ONE_PERSON)
    assert (p.activities[:2], p.activities[-1], len(p.items)) == (("a0", "a1"), "a9999", 10_000)


def test_in_a_chain_each_step_is_required_by_the_next_one_only():
    (p,) = plan([person_need("p", "c", 3)], prerequisite_chain(10_000), org=ONE_PERSON)
    assert [i.required_by for i in p.items[:2]] + [p.items[-1].required_by] == [
        ("a1",),
        ("a2",),
        (),
    ]


def many_competencies(n: int) -> Organization:
    framework = Framework([Competency(f"c{i}", f"Competency {i}") for i in range(n)])
    return Organization([Unit("u", "Unit")], [Person("p", "P", "u")], [], framework)


def test_one_person_with_5000_needs_gets_an_activity_for_each():
    org = many_competencies(5_000)
    catalog = Catalog(
        Activity(f"a{i}", f"Course {i}", "course", {f"c{i}": 3}, HOUR) for i in range(5_000)
    )
    (p,) = plan([person_need("p", f"c{i}", 3) for i in range(5_000)], catalog, org=org)
    assert (len(p.items), p.unmet) == (5_000, ())


def test_one_broad_activity_meeting_3000_needs_beats_3000_narrow_ones():
    """3,000 needs that each have a 1 h course, and one 10 h course meeting them all.

    The search goes 3,000 needs deep (too deep for recursion) and finds the broad one.
    """
    org = many_competencies(3_000)
    narrow = [Activity(f"a{i}", f"Course {i}", "course", {f"c{i}": 3}, HOUR) for i in range(3_000)]
    broad = Activity("all", "Everything", "course", {f"c{i}": 3 for i in range(3_000)}, 10 * HOUR)
    (p,) = plan(
        [person_need("p", f"c{i}", 3) for i in range(3_000)],
        Catalog([*narrow, broad]),
        org=org,
    )
    assert p.activities == ("all",)


def test_needs_along_a_10000_long_chain_each_take_their_step_once():
    org = many_competencies(10_000)
    catalog = Catalog(
        Activity(
            f"a{i}",
            f"Step {i}",
            "course",
            {f"c{i}": 3},
            HOUR,
            prerequisites=[f"a{i - 1}"] if i else [],
        )
        for i in range(10_000)
    )
    (p,) = plan([person_need("p", f"c{i}", 3) for i in range(10_000)], catalog, org=org)
    assert (len(p.items), len(set(p.activities)), p.items[0].activity) == (10_000, 10_000, "a0")


# -- a chain of 10,000 units: mentors and the matrix -----------------------------------------

NURSE = Role("nurse", "Nurse", [Requirement("c", 3)])


def unit_chain(n: int, *, per_unit: int = 1) -> Organization:
    """``u0`` at the top, each unit inside the one before, ``per_unit`` nurses in each."""
    units = [Unit("u0", "Unit 0")] + [
        Unit(f"u{i}", f"Unit {i}", parent=f"u{i - 1}") for i in range(1, n)
    ]
    people = [
        Person(f"p{i}-{k}", f"Nurse {i}-{k}", f"u{i}", roles=["nurse"])
        for i in range(n)
        for k in range(per_unit)
    ]
    return Organization(units, people, [NURSE], FRAMEWORK_ONE)


def test_in_a_chain_of_10000_units_each_need_finds_the_holder_in_its_parent_unit():
    """Every odd unit holds a mentor at level 4; every even unit's nurse needs level 3.

    Nobody in an even unit can help its own nurse, so each need goes up to the odd unit
    above, whose holder takes it (u0's nurse has no parent unit and stays alone).
    """
    org = unit_chain(10_000)
    held = [Assessment(f"p{i}-0", "c", 4, dt.date(2025, 6, 1)) for i in range(1, 10_000, 2)]
    needs = [person_need(f"p{i}-0", "c", 3) for i in range(0, 10_000, 2)]
    pairs = match_mentors(org, held, needs, as_of=AS_OF)
    assert (len(pairs), {(p.mentee, p.mentor) for p in pairs if p.mentee == "p2-0"}) == (
        4_999,
        {("p2-0", "p1-0")},
    )


def test_in_a_chain_of_10000_units_no_shown_cell_singles_out_fewer_than_five():
    """One nurse per unit: each unit counts the nurses at and below it."""
    org = unit_chain(10_000)
    matrix = analyze(org, [], as_of=AS_OF).matrix()
    people = {u: cell.people for (u, _), cell in matrix.items()}
    shown = [i for i in range(10_000) if people[f"u{i}"] is not None]
    # On a chain the shown cells nest: each covers the next one down and the units between.
    rests = [
        people[f"u{i}"] - (people[f"u{j}"] if j is not None else 0)
        for i, j in zip(shown, [*shown[1:], None], strict=True)
    ]
    assert [r for r in rests if 0 < r < 5] == []
    assert (people["u0"], people["u9999"]) == (10_000, None)
