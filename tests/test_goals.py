"""Goals from the guiding star down to each person's learning objective: the goal graph."""

from __future__ import annotations

import datetime as dt
import itertools
import math

import networkx as nx
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from larande import (
    CycleError,
    DuplicateIdError,
    Finding,
    Goal,
    GoalGraph,
    LarandeError,
    Level,
    Metric,
    Severity,
    UnknownIdError,
    ValidationError,
)
from larande.datasets import load_demo
from larande.testing import goal_graphs

D = dt.date
YEAR_END = D(2026, 12, 31)


# -- building blocks --------------------------------------------------------------------------


def star(id="safe-care", **kw):
    """A measurable guiding star (organisation goal)."""
    kw.setdefault("metric", Metric("medication deviations", "per month", 12, 6))
    kw.setdefault("deadline", YEAR_END)
    return Goal(id, kw.pop("title", "Halve medication deviations"), Level.ORGANIZATION, **kw)


def unit_goal(id="homecare-meds", owner="homecare", **kw):
    kw.setdefault("metric", Metric("medication deviations", "per month", 12, 6))
    kw.setdefault("deadline", D(2026, 10, 31))
    return Goal(id, kw.pop("title", "Fewer deviations in home care"), Level.UNIT, owner, **kw)


def team_goal(id="north-meds", owner="north", **kw):
    return Goal(id, kw.pop("title", "Double-check routine"), Level.TEAM, owner, **kw)


def objective(person="anna", competency="medication", **kw):
    return Goal(
        f"obj:{person}:{competency}",
        kw.pop("title", f"{person}: {competency}"),
        Level.INDIVIDUAL,
        owner=person,
        competencies={competency},
        target_level=kw.pop("target_level", 3),
        **kw,
    )


def care_chain():
    """safe-care <- homecare-meds <- north-meds <- obj:anna:medication."""
    g = GoalGraph()
    g.add(star())
    g.add(unit_goal(), contributes_to="safe-care")
    g.add(team_goal(), contributes_to="homecare-meds")
    g.add(objective(), contributes_to="north-meds")
    return g


def codes(findings):
    return [(str(f.code), f.subject) for f in findings]


# -- Level and Metric -------------------------------------------------------------------------


def test_levels_are_ordered_from_the_broadest_to_the_narrowest():
    """ORGANIZATION < UNIT < TEAM < INDIVIDUAL."""
    expected = [Level.ORGANIZATION, Level.UNIT, Level.TEAM, Level.INDIVIDUAL]
    assert expected == sorted(Level)


def test_a_metric_whose_target_is_above_its_baseline_is_to_be_increased():
    """Direction 1: more is better."""
    assert Metric("clients with night supervision", "%", 10, 40).direction == 1


def test_a_metric_whose_target_is_below_its_baseline_is_to_be_reduced():
    """Direction -1: cutting release time from 20 to 17 days."""
    assert Metric("release lead time", "days", 20, 17).direction == -1


def test_a_metric_fraction_is_the_share_of_the_way_from_baseline_to_target():
    """Halfway from 20 days to 17 days is 18.5 days."""
    assert Metric("release lead time", "days", 20, 17).fraction(18.5) == 0.5


def test_a_metric_fraction_is_clamped_to_zero_and_one():
    """Going the wrong way counts 0; passing the target counts 1."""
    metric = Metric("release lead time", "days", 20, 17)
    assert (metric.fraction(25), metric.fraction(10)) == (0.0, 1.0)


def test_a_reduction_target_is_reached_at_or_below_the_target():
    metric = Metric("release lead time", "days", 20, 17)
    assert (metric.reached(17), metric.reached(16), metric.reached(17.5)) == (True, True, False)


def test_an_increase_target_is_reached_at_or_above_the_target():
    metric = Metric("clients with night supervision", "%", 10, 40)
    assert (metric.reached(40), metric.reached(41), metric.reached(39)) == (True, True, False)


def test_a_metric_whose_target_equals_its_baseline_is_refused():
    """A goal must move its metric."""
    with pytest.raises(ValidationError, match="target equals the baseline") as err:
        Metric("deviations", "per month", 12, 12)
    assert err.value.path == "target"


@pytest.mark.parametrize(
    ("baseline", "target", "field"),
    [
        (math.nan, 6, "baseline"),
        (12, math.inf, "target"),
        (True, 6, "baseline"),
        ("12", 6, "baseline"),
    ],
)
def test_a_metric_needs_finite_numbers(baseline, target, field):
    """NaN, infinity, bools and text are not numbers of a metric."""
    with pytest.raises(ValidationError) as err:
        Metric("deviations", "per month", baseline, target)
    assert field == err.value.path


# -- Goal -------------------------------------------------------------------------------------


def test_an_individual_objective_needs_an_owner():
    """An objective belongs to a person."""
    with pytest.raises(ValidationError, match="no owner") as err:
        Goal("obj", "Learn CPR", Level.INDIVIDUAL)
    assert err.value.path == "owner"


def test_a_goal_level_may_be_given_by_its_name():
    """JSON and hosts pass levels as text: 'team' and 'TEAM' both mean Level.TEAM."""
    assert (
        Goal("g", "G", "team").level,
        Goal("g", "G", "TEAM").level,
    ) == (Level.TEAM, Level.TEAM)


def test_a_goal_stores_its_competencies_as_a_frozenset():
    """Callers may pass a list."""
    goal = Goal("g", "G", Level.TEAM, competencies=["cpr", "medication", "cpr"])
    assert frozenset({"cpr", "medication"}) == goal.competencies


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", 3),
        ("id", ""),
        ("title", None),
        ("level", "department"),
        ("level", 2),
        ("owner", ""),
        ("metric", 3),
        ("deadline", "2026-12-31"),
        ("deadline", dt.datetime(2026, 12, 31, 12, 0)),
        ("competencies", "cpr"),
        ("target_level", -1),
        ("target_level", True),
    ],
)
def test_a_goal_with_a_value_of_the_wrong_kind_is_refused_naming_the_field(field, value):
    """Each bad field is a ValidationError whose path is the field."""
    fields = {"id": "g", "title": "G", "level": Level.TEAM, field: value}
    with pytest.raises(ValidationError) as err:
        Goal(**fields)
    assert field == err.value.path


# -- building a graph -------------------------------------------------------------------------


def test_an_added_goal_is_in_the_graph():
    g = GoalGraph()
    g.add(star())
    assert (1, True, star()) == (len(g), "safe-care" in g, g.goal("safe-care"))


def test_a_goal_contributes_to_a_parent_given_by_its_id():
    g = care_chain()
    assert (
        g.parents("north-meds"),
        g.children("homecare-meds"),
    ) == (("homecare-meds",), ("north-meds",))


def test_a_goal_contributes_to_parents_given_as_an_iterable_with_one_weight():
    """``weight`` applies to every parent of an iterable."""
    g = GoalGraph()
    g.add(star("a"))
    g.add(star("b"))
    g.add(team_goal(), contributes_to=iter(["a", "b"]), weight=2)
    assert sorted(g.links()) == [("north-meds", "a", 2.0), ("north-meds", "b", 2.0)]


def test_a_goal_contributes_to_parents_given_as_a_mapping_of_weights():
    g = GoalGraph()
    g.add(star("a"))
    g.add(star("b"))
    g.add(team_goal(), contributes_to={"a": 3, "b": 0.5})
    assert (g.weight("north-meds", "a"), g.weight("north-meds", "b")) == (3.0, 0.5)


def test_a_link_has_weight_one_unless_told_otherwise():
    assert care_chain().weight("north-meds", "homecare-meds") == 1.0


def test_a_goal_may_contribute_to_several_parents():
    """Many-to-many alignment: one team goal serves two unit goals, each served by two teams."""
    g = GoalGraph()
    g.add(unit_goal("meds"))
    g.add(unit_goal("docs"))
    g.add(team_goal("north"), contributes_to=["meds", "docs"])
    g.add(team_goal("south"), contributes_to=["meds", "docs"])
    assert (g.parents("north"), g.children("meds")) == (("docs", "meds"), ("north", "south"))


def test_linking_aligns_an_existing_goal_under_another_parent():
    g = care_chain()
    g.add(star("digital"))
    g.link("homecare-meds", "digital", weight=0.5)
    assert (
        g.parents("homecare-meds"),
        g.weight("homecare-meds", "digital"),
    ) == (("digital", "safe-care"), 0.5)


def test_linking_an_existing_link_again_updates_its_weight():
    g = care_chain()
    g.link("north-meds", "homecare-meds", weight=4)
    assert (g.weight("north-meds", "homecare-meds"), len(list(g.links()))) == (4.0, 3)


def test_unlinking_removes_the_link_both_ways():
    g = care_chain()
    g.unlink("north-meds", "homecare-meds")
    assert (g.parents("north-meds"), g.children("homecare-meds")) == ((), ())


def test_removing_a_goal_without_children_drops_it_and_its_links():
    g = care_chain()
    g.remove("obj:anna:medication")
    assert (len(g), g.children("north-meds"), g.goals_for("medication")) == (3, (), frozenset())


def test_the_graph_iterates_over_goal_ids_in_insertion_order():
    expected = ["safe-care", "homecare-meds", "north-meds", "obj:anna:medication"]
    assert expected == list(care_chain())


def test_a_graph_contains_ids_not_goals():
    g = care_chain()
    assert ("safe-care" in g, "nowhere" in g, star() in g) == (True, False, False)


def test_links_lists_every_link_as_child_parent_weight():
    expected = [
        ("homecare-meds", "safe-care", 1.0),
        ("north-meds", "homecare-meds", 1.0),
        ("obj:anna:medication", "north-meds", 1.0),
    ]
    assert expected == list(care_chain().links())


def test_roots_are_the_goals_without_parents():
    g = care_chain()
    g.add(team_goal("loose"))
    assert g.roots() == ("safe-care", "loose")


def test_goals_for_a_competency_are_the_goals_that_depend_on_or_develop_it():
    g = care_chain()
    g.add(
        team_goal("south", competencies={"medication", "hygiene"}), contributes_to="homecare-meds"
    )
    assert (frozenset({"obj:anna:medication", "south"}), frozenset()) == (
        g.goals_for("medication"),
        g.goals_for("cpr"),
    )


def test_a_copy_is_equal_and_independent():
    g = care_chain()
    c = g.copy()
    equal_at_first = c == g
    c.unlink("obj:anna:medication", "north-meds")
    c.remove("obj:anna:medication")
    assert (equal_at_first, c == g, g.parents("obj:anna:medication"), len(g)) == (
        True,
        False,
        ("north-meds",),
        4,
    )


def test_graphs_with_the_same_goals_and_links_are_equal_whatever_the_order_built():
    a = GoalGraph()
    a.add(star("x"))
    a.add(star("y"))
    a.add(team_goal(), contributes_to=["x", "y"])
    b = GoalGraph()
    b.add(star("y"))
    b.add(team_goal())
    b.add(star("x"))
    b.link("north-meds", "y")
    b.link("north-meds", "x")
    assert a == b


def test_graphs_with_different_weights_are_not_equal():
    g = care_chain()
    other = g.copy()
    other.link("north-meds", "homecare-meds", weight=2)
    assert g != other


def test_the_repr_counts_goals_per_level_and_links():
    expected = "<GoalGraph: 4 goals (1 organization, 1 unit, 1 team, 1 individual), 3 links>"
    assert (expected, "<GoalGraph: 0 goals (none), 0 links>") == (
        repr(care_chain()),
        repr(GoalGraph()),
    )


# -- bad input leaves the graph unchanged ------------------------------------------------------


def refused(graph, error, call, *args, **kwargs):
    """Call, expect ``error``, and return (the error, whether the graph is unchanged)."""
    before = graph.copy()
    with pytest.raises(error) as err:
        call(*args, **kwargs)
    assert isinstance(err.value, LarandeError)
    return err.value, graph == before


def test_a_goal_under_an_unknown_parent_is_refused():
    g = care_chain()
    err, unchanged = refused(
        g, UnknownIdError, g.add, team_goal("south"), contributes_to="nowhere"
    )
    assert (err.id, unchanged, "south" in g) == ("nowhere", True, False)


def test_a_goal_whose_id_is_taken_is_refused():
    g = care_chain()
    duplicate = team_goal(title="Another routine")
    err, unchanged = refused(g, DuplicateIdError, g.add, duplicate, contributes_to="safe-care")
    assert (err.id, unchanged) == ("north-meds", True)


def test_a_link_that_would_close_a_loop_is_refused_naming_the_loop():
    """The cycle starts and ends at the child and follows the links around."""
    g = GoalGraph()
    for gid in "abc":
        g.add(team_goal(gid))
    g.link("a", "b")
    g.link("b", "c")
    err, unchanged = refused(g, CycleError, g.link, "c", "a")
    assert (err.cycle, unchanged) == (("c", "a", "b", "c"), True)


def test_a_cycle_through_a_long_chain_of_ancestors_is_found():
    """The check covers every ancestor, not only the parent."""
    g = GoalGraph()
    for i in range(8):
        g.add(team_goal(f"t{i}"), contributes_to=[f"t{i - 1}"] if i else ())
    err, unchanged = refused(g, CycleError, g.link, "t0", "t7")
    assert (
        tuple(int(x[1:]) for x in err.cycle),
        unchanged,
    ) == ((0, 7, 6, 5, 4, 3, 2, 1, 0), True)


def test_a_goal_cannot_contribute_to_itself():
    g = care_chain()
    err, unchanged = refused(g, CycleError, g.link, "north-meds", "north-meds")
    assert (err.cycle, unchanged) == (("north-meds", "north-meds"), True)


@pytest.mark.parametrize("weight", [0, 0.0, -1.0, math.nan, math.inf, True, "1"])
def test_a_link_weight_must_be_a_finite_number_above_zero(weight):
    g = care_chain()
    g.add(star("digital"))
    _, unchanged = refused(g, ValidationError, g.link, "homecare-meds", "digital", weight=weight)
    assert unchanged


@pytest.mark.parametrize("weight", [0, -2.0, math.nan, math.inf, False])
def test_a_goal_added_with_a_bad_weight_is_refused(weight):
    g = care_chain()
    _, unchanged = refused(
        g, ValidationError, g.add, team_goal("south"), contributes_to={"homecare-meds": weight}
    )
    assert (unchanged, "south" in g) == (True, False)


def test_changing_an_existing_link_to_a_bad_weight_is_refused():
    g = care_chain()
    _, unchanged = refused(g, ValidationError, g.link, "north-meds", "homecare-meds", weight=-1)
    assert (unchanged, g.weight("north-meds", "homecare-meds")) == (True, 1.0)


def test_a_team_goal_cannot_contribute_to_an_individual_objective():
    """A child is never broader than its parent (when added)."""
    g = care_chain()
    err, unchanged = refused(
        g, ValidationError, g.add, team_goal("south"), contributes_to="obj:anna:medication"
    )
    assert (err.code, unchanged) == ("child-broader-than-parent", True)


def test_an_organisation_goal_cannot_be_linked_under_a_unit_goal():
    """A child is never broader than its parent (when linked)."""
    g = care_chain()
    g.add(star("digital"))
    err, unchanged = refused(g, ValidationError, g.link, "digital", "homecare-meds")
    assert (err.code, unchanged) == ("child-broader-than-parent", True)


def test_goals_at_the_same_level_may_be_linked():
    """A goal contributes to goals at its own level or broader."""
    g = care_chain()
    g.add(team_goal("south"))
    g.link("south", "north-meds")
    assert g.parents("south") == ("north-meds",)


def test_linking_an_unknown_goal_is_refused():
    g = care_chain()
    _, unchanged = refused(g, UnknownIdError, g.link, "north-meds", "nowhere")
    assert unchanged


def test_a_goal_with_children_cannot_be_removed():
    """Remove or re-link its contributors first."""
    g = care_chain()
    err, unchanged = refused(g, ValidationError, g.remove, "north-meds")
    assert (err.code, unchanged) == ("goal-has-children", True)


def test_removing_an_unknown_goal_is_refused():
    g = care_chain()
    _, unchanged = refused(g, UnknownIdError, g.remove, "nowhere")
    assert unchanged


def test_unlinking_a_link_that_does_not_exist_is_refused():
    g = care_chain()
    _, unchanged = refused(g, UnknownIdError, g.unlink, "obj:anna:medication", "safe-care")
    assert unchanged


def test_asking_for_an_unknown_goal_is_an_unknown_id_error_and_a_key_error():
    with pytest.raises(UnknownIdError) as err:
        care_chain().goal("nowhere")
    assert (isinstance(err.value, KeyError), err.value.id) == (True, "nowhere")


@pytest.mark.parametrize("query", ["parents", "children", "trace"])
def test_asking_about_an_unknown_goal_is_an_unknown_id_error(query):
    with pytest.raises(UnknownIdError) as err:
        getattr(care_chain(), query)("nowhere")
    assert err.value.id == "nowhere"


def test_the_weight_of_a_link_that_does_not_exist_is_an_unknown_id_error():
    with pytest.raises(UnknownIdError):
        care_chain().weight("safe-care", "north-meds")


def test_a_rollup_with_progress_for_an_unknown_goal_is_refused():
    with pytest.raises(UnknownIdError, match="nowhere") as err:
        care_chain().rollup({"nowhere": 0.5})
    assert err.value.path == "progress['nowhere']"


@pytest.mark.parametrize("value", [-0.1, 1.5, math.nan, math.inf, True, "0.5", None])
def test_a_rollup_with_progress_outside_zero_to_one_is_refused(value):
    with pytest.raises(ValidationError) as err:
        care_chain().rollup({"north-meds": value})
    assert err.value.path == "progress['north-meds']"


@pytest.mark.parametrize("as_of", ["2026-01-12", dt.datetime(2026, 1, 12, 8, 0), 20260112])
def test_findings_as_of_must_be_a_date(as_of):
    with pytest.raises(ValidationError) as err:
        care_chain().findings(as_of=as_of)
    assert err.value.path == "as_of"


# -- trace and coverage -----------------------------------------------------------------------


def test_trace_is_the_line_of_sight_from_an_objective_to_the_guiding_star():
    expected = (("obj:anna:medication", "north-meds", "homecare-meds", "safe-care"),)
    assert expected == care_chain().trace("obj:anna:medication")


def test_trace_gives_every_path_to_every_root_sorted():
    """A team goal serving two unit goals, one of them under two stars, has three paths."""
    g = GoalGraph()
    g.add(star("s1"))
    g.add(star("s2"))
    g.add(unit_goal("u1"), contributes_to=["s1", "s2"])
    g.add(unit_goal("u2"), contributes_to="s2")
    g.add(team_goal("t"), contributes_to=["u2", "u1"])
    expected = (("t", "u1", "s1"), ("t", "u1", "s2"), ("t", "u2", "s2"))
    assert expected == g.trace("t")


def test_the_trace_of_a_root_is_the_root_alone():
    assert care_chain().trace("safe-care") == (("safe-care",),)


def test_coverage_lists_the_objectives_under_each_guiding_star():
    g = care_chain()
    g.add(objective("bo"), contributes_to="homecare-meds")
    assert {"safe-care": frozenset({"obj:anna:medication", "obj:bo:medication"})} == g.coverage()


def test_coverage_is_empty_for_a_star_nobody_learns_for():
    g = care_chain()
    g.add(star("digital"))
    assert frozenset() == g.coverage()["digital"]


def test_coverage_counts_only_organisation_goals_without_parents():
    """A unit root and an organisation goal under another are not guiding stars."""
    g = care_chain()
    g.add(unit_goal("it-release", owner="it"))
    g.add(star("sub-star"), contributes_to="safe-care")
    assert sorted(g.coverage()) == ["safe-care"]


# -- findings ---------------------------------------------------------------------------------


def test_a_well_formed_chain_has_no_findings():
    assert care_chain().findings(as_of=D(2026, 1, 12)) == ()


def test_a_goal_below_the_organisation_without_a_parent_is_an_orphan():
    g = care_chain()
    g.add(team_goal("south"))
    assert codes(g.findings()) == [("orphan", "south")]


def test_an_organisation_goal_without_a_parent_is_not_an_orphan():
    g = care_chain()
    g.add(star("digital", competencies={"ci-cd"}))
    g.add(objective("bo", "ci-cd"), contributes_to="digital")
    assert codes(g.findings()) == []


def test_a_unit_goal_without_a_metric_is_unmeasurable():
    g = care_chain()
    g.add(unit_goal("docs", metric=None), contributes_to="safe-care")
    g.add(objective("bo"), contributes_to="docs")
    findings = g.findings()
    assert (
        codes(findings),
        list(findings[0].params["missing"]),
    ) == ([("unmeasurable", "docs")], ["metric"])


def test_an_organisation_goal_without_a_deadline_is_unmeasurable():
    g = care_chain()
    g.add(star("digital", deadline=None))
    g.add(objective("bo"), contributes_to="digital")
    findings = g.findings()
    assert (
        codes(findings),
        list(findings[0].params["missing"]),
    ) == ([("unmeasurable", "digital")], ["deadline"])


def test_team_goals_and_objectives_need_no_metric():
    """Only organisation and unit goals are followed up like the budget."""
    g = care_chain()
    g.add(team_goal("south", metric=None, deadline=None), contributes_to="homecare-meds")
    assert codes(g.findings()) == []


def test_a_goal_due_after_the_goal_it_serves_is_reported():
    g = care_chain()
    g.add(team_goal("late", deadline=D(2027, 3, 1)), contributes_to="homecare-meds")
    findings = g.findings()
    assert (
        codes(findings),
        findings[0].params["parent"],
    ) == ([("deadline-after-parent", "late")], "homecare-meds")


def test_a_goal_due_the_same_day_as_its_parent_is_fine():
    g = care_chain()
    g.add(team_goal("same", deadline=D(2026, 10, 31)), contributes_to="homecare-meds")
    assert codes(g.findings()) == []


def test_a_guiding_star_nobody_learns_for_is_uncovered():
    g = care_chain()
    g.add(star("digital"))
    assert codes(g.findings()) == [("uncovered", "digital")]


def test_an_owner_with_three_team_goals_has_too_many_goals():
    """The source documents say pick one or two; the subject is the owner."""
    g = care_chain()
    for gid in ("south", "east"):
        g.add(team_goal(gid), contributes_to="homecare-meds")
    findings = g.findings()
    assert (
        codes(findings),
        findings[0].severity,
        findings[0].params["count"],
    ) == ([("too-many-goals", "north")], Severity.INFO, 3)


def test_two_unit_and_two_team_goals_of_one_owner_are_not_too_many():
    """The count is per level: two at UNIT and two at TEAM are fine."""
    g = care_chain()
    g.add(unit_goal("u2", owner="north"), contributes_to="safe-care")
    g.add(unit_goal("u3", owner="north"), contributes_to="safe-care")
    g.add(team_goal("t2"), contributes_to="homecare-meds")
    assert codes(g.findings()) == []


def test_a_goal_past_its_deadline_is_overdue_as_of_a_day():
    g = care_chain()
    g.add(team_goal("south", deadline=D(2026, 3, 1)), contributes_to="homecare-meds")
    findings = g.findings(as_of=D(2026, 3, 11))
    assert (codes(findings), findings[0].params["days"]) == ([("overdue", "south")], 10)


def test_overdue_is_reported_only_when_asked_as_of_a_day():
    g = care_chain()
    g.add(team_goal("south", deadline=D(2020, 3, 1)), contributes_to="homecare-meds")
    assert codes(g.findings()) == []


def test_a_goal_due_on_the_day_is_not_yet_overdue():
    g = care_chain()
    g.add(team_goal("south", deadline=D(2026, 3, 1)), contributes_to="homecare-meds")
    assert codes(g.findings(as_of=D(2026, 3, 1))) == []


def test_an_achieved_goal_is_never_overdue():
    g = care_chain()
    g.add(team_goal("south", deadline=D(2026, 3, 1)), contributes_to="homecare-meds")
    assert codes(g.findings(as_of=D(2026, 6, 1), achieved={"south"})) == []


def test_every_finding_has_its_severity_subject_message_and_params():
    """Warnings for all codes but too-many-goals, which is info."""
    g = GoalGraph()
    g.add(star("lonely", deadline=None))
    g.add(unit_goal("u"), contributes_to="lonely")
    g.add(team_goal("t1", deadline=D(2027, 1, 1)), contributes_to="u")
    g.add(team_goal("t2"), contributes_to="u")
    g.add(team_goal("t3"))
    findings = g.findings(as_of=D(2026, 11, 30))
    actual = [(str(f.code), str(f.severity), f.subject, bool(f.message)) for f in findings]
    expected = [
        ("deadline-after-parent", "warning", "t1", True),
        ("orphan", "warning", "t3", True),
        ("overdue", "warning", "u", True),
        ("too-many-goals", "info", "north", True),
        ("uncovered", "warning", "lonely", True),
        ("unmeasurable", "warning", "lonely", True),
    ]
    assert expected == actual
    assert all(f.params for f in findings)


def test_findings_are_sorted_by_code_then_subject():
    g = care_chain()
    for gid in ("zeta", "alpha", "mid"):
        g.add(team_goal(gid, owner=gid))
    assert codes(g.findings()) == [("orphan", "alpha"), ("orphan", "mid"), ("orphan", "zeta")]


def test_a_finding_code_compares_equal_to_its_string():
    g = care_chain()
    g.add(team_goal("south"))
    assert g.findings()[0].code == "orphan"


def test_every_finding_is_hashable():
    """Records are hashable (DESIGN §5): findings may go in a set."""
    g = GoalGraph()
    g.add(unit_goal(metric=None))
    findings = g.findings()
    assert len(findings) == len(set(findings))


def test_equal_graphs_give_their_findings_in_the_same_order():
    """Findings are deterministic: the order in which a graph was built does not matter."""
    first, second = GoalGraph(), GoalGraph()
    for g, order in ((first, ("p1", "p2")), (second, ("p2", "p1"))):
        for gid in order:
            g.add(unit_goal(gid, title="Same title", deadline=D(2026, 6, 1)))
        g.add(team_goal("t", deadline=D(2026, 9, 1)), contributes_to=list(order))
    assert (first == second, first.findings()) == (True, second.findings())


# -- rollup -----------------------------------------------------------------------------------


def test_progress_rolls_up_the_chain_to_the_guiding_star():
    assert care_chain().rollup({"obj:anna:medication": 0.5})["safe-care"] == 0.5


def test_a_given_progress_is_the_goals_own():
    """A measured unit goal ignores its children's progress."""
    rolled = care_chain().rollup({"obj:anna:medication": 1.0, "homecare-meds": 0.2})
    assert (rolled["homecare-meds"], rolled["safe-care"], rolled["north-meds"]) == (0.2, 0.2, 1.0)


def test_a_leaf_without_progress_counts_zero():
    g = care_chain()
    g.add(objective("bo"), contributes_to="north-meds")
    assert g.rollup({"obj:anna:medication": 1.0})["north-meds"] == 0.5


def test_rollup_is_the_weighted_mean_of_the_children():
    """Weights matter: a child of weight 3 counts three times as much."""
    g = care_chain()
    g.add(objective("bo"), contributes_to={"north-meds": 3})
    rolled = g.rollup({"obj:anna:medication": 1.0, "obj:bo:medication": 0.0})
    assert rolled["north-meds"] == 0.25


def test_rollup_gives_every_goal_a_value():
    rolled = care_chain().rollup({})
    assert dict.fromkeys(care_chain(), 0.0) == rolled


def test_rollup_follows_links_made_from_older_to_newer_goals():
    """A star added after the goals that serve it rolls up all the same."""
    g = GoalGraph()
    g.add(team_goal("t"))
    g.add(objective(), contributes_to="t")
    g.add(unit_goal("u"))
    g.add(star("s"))
    g.link("t", "u", weight=2)
    g.link("u", "s")
    g.add(unit_goal("u2"), contributes_to="s")
    rolled = g.rollup({"obj:anna:medication": 0.6, "u2": 0.0})
    assert (rolled["t"], rolled["u"], rolled["s"]) == (0.6, 0.6, 0.3)


def test_rollup_after_unlinking_a_backward_link_uses_what_is_left():
    g = GoalGraph()
    g.add(team_goal("t"))
    g.add(star("s"))
    g.link("t", "s")
    g.unlink("t", "s")
    g.add(unit_goal("u"), contributes_to="s")
    assert g.rollup({"t": 0.4, "u": 0.7}) == {"t": 0.4, "s": 0.7, "u": 0.7}


# -- networkx ---------------------------------------------------------------------------------


def test_to_networkx_copies_goals_as_nodes_and_links_as_weighted_edges():
    g = care_chain()
    g.link("north-meds", "homecare-meds", weight=2)
    net = g.to_networkx()
    assert (star(), [("north-meds", "homecare-meds", 2.0)]) == (
        net.nodes["safe-care"]["goal"],
        [(c, p, w) for c, p, w in net.edges(data="weight") if c == "north-meds"],
    )


def test_to_networkx_is_a_copy():
    g = care_chain()
    g.to_networkx().remove_node("safe-care")
    assert "safe-care" in g


# -- the demo ---------------------------------------------------------------------------------


def test_the_it_unit_cuts_release_time_from_20_to_17_days():
    """The IT unit's goal: cut release time by 15 % within three months."""
    goal = load_demo().goals.goal("it-release-time")
    assert (
        goal.title,
        goal.level,
        goal.owner,
        (goal.metric.unit, goal.metric.baseline, goal.metric.target, goal.metric.direction),
    ) == (
        "Cut release time by 15 % within three months",
        Level.UNIT,
        "it",
        ("days", 20.0, 17.0, -1),
    )


def test_an_it_objective_serves_the_digital_welfare_guiding_star():
    """Line of sight: Zara's CI/CD objective reaches 'digital-welfare' via her team and unit."""
    expected = (
        ("obj:zara.holmberg:ci-cd", "platform-pipeline", "it-release-time", "digital-welfare"),
    )
    assert expected == load_demo().goals.trace("obj:zara.holmberg:ci-cd")


def test_the_demo_only_finding_is_the_deliberate_late_checklist():
    """The IT service team's checklist is due after the unit goal it serves."""
    demo = load_demo()
    findings = demo.goals.findings(as_of=demo.as_of)
    assert codes(findings) == [("deadline-after-parent", "service-release-checklist")]
    assert findings[0].params["parent"] == "it-release-time"


def test_people_learn_for_both_demo_guiding_stars():
    owners = {
        star_id: sorted(load_demo().goals.goal(o).owner for o in objectives)
        for star_id, objectives in load_demo().goals.coverage().items()
    }
    expected = {
        "safe-care": ["dragan.petrovic", "hanna.vik", "ulla.falk"],
        "digital-welfare": ["xin.li", "zara.holmberg"],
    }
    assert expected == owners


# -- properties -------------------------------------------------------------------------------


@st.composite
def rebuilt(draw, graph):
    """The same goals and links, added in another order and linked afterwards.

    Links then run between goals in any order, older to newer as well as newer to older.
    """
    new = GoalGraph()
    for gid in draw(st.permutations(list(graph))):
        new.add(graph.goal(gid))
    for child, parent, w in draw(st.permutations(list(graph.links()))):
        new.link(child, parent, weight=w)
    return new


@st.composite
def shapes(draw, max_goals=12):
    """Lean graphs (bare goals, any shape), quick to draw: for the structural properties."""
    levels = draw(st.lists(st.sampled_from(Level), max_size=max_goals))
    graph = GoalGraph()
    for i, level in enumerate(levels):
        eligible = [f"g{j}" for j in range(i) if levels[j] <= level]
        parents = (
            draw(st.lists(st.sampled_from(eligible), max_size=3, unique=True)) if eligible else []
        )
        weights = {p: draw(st.sampled_from([1.0, 0.5, 2.0, 3.0])) for p in parents}
        graph.add(Goal(f"g{i}", f"Goal {i}", level, owner=f"p{i}"), contributes_to=weights)
    return graph


@st.composite
def linked_either_way(draw, graphs):
    """A drawn graph as built, or rebuilt so that some links run from older to newer goals."""
    graph = draw(graphs)
    return draw(rebuilt(graph)) if draw(st.booleans()) else graph


@st.composite
def graphs_with_progress(draw):
    graph = draw(linked_either_way(shapes()))
    fractions = st.floats(0, 1) | st.sampled_from([0, 1])
    ids = list(graph)
    progress = draw(st.dictionaries(st.sampled_from(ids), fractions)) if ids else {}
    return graph, progress


def reference_rollup(goal_ids, links, progress):
    """A plain recursive weighted mean, written apart from the library."""
    kids = {gid: [] for gid in goal_ids}
    for child, parent, w in links:
        kids[parent].append((child, w))
    memo = {}

    def value(gid):
        if gid not in memo:
            if gid in progress:
                memo[gid] = float(progress[gid])
            elif not kids[gid]:
                memo[gid] = 0.0
            else:
                total = sum(w * value(child) for child, w in kids[gid])
                memo[gid] = total / sum(w for _, w in kids[gid])
        return memo[gid]

    return {gid: value(gid) for gid in goal_ids}


@given(graphs_with_progress())
def test_rollup_stays_between_zero_and_one(case):
    graph, progress = case
    rolled = graph.rollup(progress)
    assert [v for v in rolled.values() if not 0.0 <= v <= 1.0] == []


@given(graphs_with_progress())
def test_rollup_is_the_recursive_weighted_mean(case):
    graph, progress = case
    expected = reference_rollup(list(graph), list(graph.links()), progress)
    assert pytest.approx(expected, abs=1e-12) == graph.rollup(progress)


@given(graphs_with_progress(), st.data())
def test_raising_one_goals_progress_never_lowers_any_goal(case, data):
    graph, progress = case
    assume(len(graph) > 0)
    gid = data.draw(st.sampled_from(list(graph)))
    low = data.draw(st.floats(0, 1))
    high = data.draw(st.floats(low, 1))
    before = graph.rollup({**progress, gid: low})
    after = graph.rollup({**progress, gid: high})
    assert [g for g in graph if after[g] < before[g]] == []


@given(linked_either_way(shapes(max_goals=10)), st.data())
def test_every_trace_path_starts_at_the_goal_follows_links_and_ends_at_a_root(graph, data):
    if not len(graph):
        return
    gid = data.draw(st.sampled_from(list(graph)))
    bad = [
        path
        for path in graph.trace(gid)
        if path[0] != gid
        or graph.parents(path[-1])
        or any(up not in graph.parents(down) for down, up in itertools.pairwise(path))
    ]
    assert bad == []


@given(linked_either_way(shapes(max_goals=10)), st.data())
def test_trace_gives_every_path_to_a_root_once_sorted(graph, data):
    if not len(graph):
        return
    gid = data.draw(st.sampled_from(list(graph)))
    net = graph.to_networkx()
    roots = [r for r in graph if not graph.parents(r)]
    expected = sorted(
        [(gid,)]
        if not graph.parents(gid)
        else [tuple(p) for r in roots if r != gid for p in nx.all_simple_paths(net, gid, r)]
    )
    assert tuple(expected) == graph.trace(gid)


@given(linked_either_way(shapes(max_goals=10)))
def test_coverage_agrees_with_trace(graph):
    """An objective is under a guiding star iff one of its trace paths ends there."""
    stars = [
        g for g in graph if graph.goal(g).level is Level.ORGANIZATION and not graph.parents(g)
    ]
    expected = {
        s: frozenset(
            o
            for o in graph
            if graph.goal(o).level is Level.INDIVIDUAL
            and any(path[-1] == s for path in graph.trace(o))
        )
        for s in stars
    }
    assert expected == graph.coverage()


@given(linked_either_way(shapes()))
def test_to_networkx_holds_every_goal_and_weighted_link_and_no_cycle(graph):
    net = graph.to_networkx()
    assert (
        {g: graph.goal(g) for g in graph},
        sorted(graph.links()),
        True,
    ) == (
        dict(net.nodes(data="goal")),
        sorted(net.edges(data="weight")),
        nx.is_directed_acyclic_graph(net),
    )


@given(linked_either_way(shapes()))
def test_a_graph_rebuilt_in_another_order_is_equal_and_rolls_up_the_same(graph):
    other = GoalGraph()
    for gid in reversed(list(graph)):
        other.add(graph.goal(gid))
    for child, parent, w in graph.links():
        other.link(child, parent, weight=w)
    progress = {gid: 1.0 for gid in graph if graph.goal(gid).level is Level.INDIVIDUAL}
    assert (graph, graph.rollup(progress)) == (other, other.rollup(progress))


@given(
    linked_either_way(goal_graphs(max_goals=10)),
    st.sampled_from([None, D(2020, 1, 1), D(2026, 1, 12)]),
)
def test_findings_are_deterministic_and_sorted(graph, as_of):
    findings = graph.findings(as_of=as_of)
    keys = [(str(f.code), f.subject) for f in findings]
    assert (findings, sorted(keys)) == (graph.copy().findings(as_of=as_of), keys)


@given(goal_graphs(max_goals=10))
def test_every_finding_has_the_severity_of_its_code(graph):
    wrong = [
        f
        for f in graph.findings(as_of=D(2026, 1, 12))
        if f.severity != (Severity.INFO if f.code == "too-many-goals" else Severity.WARNING)
        or not isinstance(f, Finding)
    ]
    assert wrong == []


# -- the stateful test ------------------------------------------------------------------------

POOL = ("a", "b", "c", "d", "e", "f", "g", "h")
UNKNOWN = "nowhere"
COMPETENCIES = ("cpr", "medication", "ci-cd")
LEAF_PROGRESS = {"a": 0.0, "b": 1.0, "c": 0.25, "d": 0.5, "e": 0.75, "f": 0.1, "g": 0.9, "h": 0.3}
GOOD_WEIGHTS = (1.0, 1.0, 0.5, 2, 3.0, 1.5)
BAD_WEIGHTS = (0, -1.0, math.nan, math.inf, True)
WEIGHTS = st.integers(0, 9).flatmap(
    lambda i: st.sampled_from(BAD_WEIGHTS if i == 0 else GOOD_WEIGHTS)
)
OWNER_SETS = ((), (None,), ("north",), ("north", "anna"), ("south", None, "bo"))
LEVELS = (Level.ORGANIZATION, Level.UNIT, Level.TEAM, Level.TEAM, Level.TEAM, Level.INDIVIDUAL)


def a_goal(gid, level, data, competencies=frozenset()):
    """A goal of the machine: a unit or team owner (or none), a person for an objective."""
    people = ("anna", "bo") if level is Level.INDIVIDUAL else ("north", "south", None)
    owner = data.draw(st.sampled_from(people), "owner")
    return Goal(gid, f"Goal {gid}", level, owner=owner, competencies=competencies)


def good_weight(w):
    return type(w) in (int, float) and 0 < w < math.inf


class GoalGraphMachine(RuleBasedStateMachine):
    """Random add/link/unlink/remove calls, valid or not, against a plain model.

    Calls name existing goals most of the time (and now and then an unknown one), so that
    links are made in both directions, loops are attempted and weights changed.
    """

    def __init__(self):
        super().__init__()
        self.graph = GoalGraph()
        self.goals = {}  # id -> Goal
        self.links = {}  # (child, parent) -> weight

    # the model

    def reaches(self, start, target):
        """Whether ``target`` is ``start`` or above it in the model."""
        seen, stack = set(), [start]
        while stack:
            node = stack.pop()
            if node == target:
                return True
            if node not in seen:
                seen.add(node)
                stack.extend(p for (c, p) in self.links if c == node)
        return False

    def some_id(self, data, label):
        """An existing goal's id, or now and then one that is not in the graph."""
        return data.draw(st.sampled_from([*sorted(self.goals), UNKNOWN]), label)

    def model_links(self):
        return [(c, p, w) for (c, p), w in self.links.items()]

    def attempt(self, expected_errors, call, *args, **kwargs):
        """Call; a refusal must be a larande error of an expected kind, graph unchanged."""
        before = self.graph.copy()
        refusal = None
        try:
            call(*args, **kwargs)
        except LarandeError as err:
            refusal = err
        if refusal is None:
            assert not expected_errors, f"accepted a call that should fail: {expected_errors}"
        else:
            assert expected_errors, f"refused a valid call: {refusal}"
            assert isinstance(refusal, tuple(expected_errors)), refusal
            assert before == self.graph
        return refusal

    # the rules

    @initialize(
        levels=st.lists(st.sampled_from(LEVELS), min_size=3, max_size=len(POOL)), data=st.data()
    )
    def seed(self, levels, data):
        """Start from a valid graph of a few goals, each under some broader earlier ones."""
        for gid, level in zip(POOL, levels, strict=False):
            eligible = sorted(g for g, goal in self.goals.items() if goal.level <= level)
            parents = (
                data.draw(st.lists(st.sampled_from(eligible), max_size=2, unique=True))
                if eligible
                else []
            )
            self.graph.add(
                a_goal(gid, level, data, data.draw(st.frozensets(st.sampled_from(COMPETENCIES)))),
                contributes_to=parents,
            )
            self.goals[gid] = self.graph.goal(gid)
            self.links.update(dict.fromkeys(((gid, p) for p in parents), 1.0))

    @rule(
        gid=st.sampled_from(POOL),
        level=st.sampled_from(LEVELS),
        competencies=st.frozensets(st.sampled_from(COMPETENCIES), max_size=2),
        form=st.sampled_from(["one", "iterable", "mapping"]),
        weights=st.lists(WEIGHTS, min_size=3, max_size=3),
        data=st.data(),
    )
    def add(self, gid, level, competencies, form, weights, data):
        goal = a_goal(gid, level, data, competencies)
        choices = [*sorted(self.goals), UNKNOWN]
        parents = data.draw(st.lists(st.sampled_from(choices), max_size=3, unique=True), "up")
        if form == "one":
            parents = parents[:1]
            contributes_to = parents[0] if parents else ()
            weight_of = dict.fromkeys(parents, weights[0])
        elif form == "iterable":
            contributes_to = parents
            weight_of = dict.fromkeys(parents, weights[0])
        else:
            contributes_to = weight_of = dict(zip(parents, weights, strict=False))
        errors = set()
        if gid in self.goals:
            errors.add(DuplicateIdError)
        if any(p not in self.goals for p in parents):
            errors.add(UnknownIdError)
        if any(not good_weight(w) for w in weight_of.values()) or not good_weight(weights[0]):
            errors.add(ValidationError)  # the default weight is checked even when unused
        if any(p in self.goals and self.goals[p].level > level for p in parents):
            errors.add(ValidationError)
        self.attempt(
            errors, self.graph.add, goal, contributes_to=contributes_to, weight=weights[0]
        )
        if not errors:
            self.goals[gid] = goal
            for p, w in weight_of.items():
                self.links[gid, p] = float(w)

    @rule(w=WEIGHTS, data=st.data())
    def link(self, w, data):
        """Any two ids, known or not, at any levels."""
        self.check_link(self.some_id(data, "child"), self.some_id(data, "parent"), w)

    @precondition(lambda self: len(self.goals) > 1)
    @rule(w=WEIGHTS, data=st.data())
    def align(self, w, data):
        """Two goals whose levels allow the link: new links either way, loops, new weights."""
        pairs = sorted(
            (c, p)
            for c, child in self.goals.items()
            for p, parent in self.goals.items()
            if child.level >= parent.level
        )
        self.check_link(*data.draw(st.sampled_from(pairs), "pair"), w)

    def check_link(self, child, parent, w):
        errors = set()
        known = child in self.goals and parent in self.goals
        if not known:
            errors.add(UnknownIdError)
        if not good_weight(w):
            errors.add(ValidationError)
        if known and self.goals[child].level < self.goals[parent].level:
            errors.add(ValidationError)
        closes_loop = known and (child, parent) not in self.links and self.reaches(parent, child)
        if closes_loop:
            errors.add(CycleError)
        err = self.attempt(errors, self.graph.link, child, parent, weight=w)
        if isinstance(err, CycleError):
            cycle = err.cycle
            assert (child, child) == (cycle[0], cycle[-1])
            steps = list(itertools.pairwise(cycle))
            assert (child, parent) == steps[0]
            assert all(step in self.links for step in steps[1:])
        if not errors:
            self.links[child, parent] = float(w)

    @rule(data=st.data())
    def unlink(self, data):
        if self.links and data.draw(st.booleans(), "existing link"):
            child, parent = data.draw(st.sampled_from(sorted(self.links)), "link")
        else:
            child, parent = self.some_id(data, "child"), self.some_id(data, "parent")
        errors = set() if (child, parent) in self.links else {UnknownIdError}
        self.attempt(errors, self.graph.unlink, child, parent)
        self.links.pop((child, parent), None)

    @rule(data=st.data())
    def remove(self, data):
        gid = self.some_id(data, "goal")
        errors = set()
        if gid not in self.goals:
            errors.add(UnknownIdError)
        elif any(p == gid for (_, p) in self.links):
            errors.add(ValidationError)
        self.attempt(errors, self.graph.remove, gid)
        if not errors:
            del self.goals[gid]
            self.links = {(c, p): w for (c, p), w in self.links.items() if c != gid}

    @precondition(lambda self: self.goals)
    @rule(data=st.data())
    def rollup_matches_the_reference(self, data):
        progress = data.draw(
            st.dictionaries(st.sampled_from(sorted(self.goals)), st.floats(0, 1)), "progress"
        )
        expected = reference_rollup(list(self.goals), self.model_links(), progress)
        assert pytest.approx(expected, abs=1e-12) == self.graph.rollup(progress)

    # the invariants

    @invariant()
    def the_graph_is_acyclic(self):
        assert nx.is_directed_acyclic_graph(self.graph.to_networkx())

    @invariant()
    def the_graph_holds_the_model(self):
        assert (sorted(self.goals), sorted(self.model_links())) == (
            sorted(self.graph),
            sorted(self.graph.links()),
        )
        assert len(self.goals) == len(self.graph)
        assert all(self.graph.goal(g) == goal for g, goal in self.goals.items())

    @invariant()
    def parents_and_children_are_mutual(self):
        ups = {g: tuple(sorted(p for (c, p) in self.links if c == g)) for g in self.goals}
        downs = {g: tuple(sorted(c for (c, p) in self.links if p == g)) for g in self.goals}
        assert (ups, downs) == (
            {g: self.graph.parents(g) for g in self.goals},
            {g: self.graph.children(g) for g in self.goals},
        )
        assert sorted(g for g in self.goals if not ups[g]) == sorted(self.graph.roots())

    @invariant()
    def the_competency_index_agrees_with_the_goals(self):
        expected = {
            c: frozenset(g for g, goal in self.goals.items() if c in goal.competencies)
            for c in COMPETENCIES
        }
        assert expected == {c: self.graph.goals_for(c) for c in COMPETENCIES}

    @invariant()
    def the_competency_and_owner_index_agrees_with_the_goals(self):
        expected = {
            (c, owners): frozenset(
                g
                for g, goal in self.goals.items()
                if c in goal.competencies and goal.owner in owners
            )
            for c in COMPETENCIES
            for owners in OWNER_SETS
        }
        actual = {
            (c, owners): self.graph.goals_for(c, owners=owners)
            for c in COMPETENCIES
            for owners in OWNER_SETS
        }
        assert expected == actual

    @invariant()
    def rollup_of_the_leaves_equals_the_reference(self):
        parents = {p for (_, p) in self.links}
        progress = {g: LEAF_PROGRESS[g] for g in self.goals if g not in parents}
        expected = reference_rollup(list(self.goals), self.model_links(), progress)
        assert pytest.approx(expected, abs=1e-12) == self.graph.rollup(progress)


GoalGraphMachine.TestCase.settings = settings(stateful_step_count=40)
TestGoalGraphMachine = GoalGraphMachine.TestCase
