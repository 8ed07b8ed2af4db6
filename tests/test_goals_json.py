"""Goal graphs, goals, metrics and findings as JSON documents, and goals in a Dataset."""

from __future__ import annotations

import copy
import json as stdjson

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from larande import (
    CycleError,
    Dataset,
    DuplicateIdError,
    Finding,
    Goal,
    GoalGraph,
    Level,
    Metric,
    UnknownIdError,
    ValidationError,
)
from larande.datasets import load_demo
from larande.io import json
from larande.testing import goal_graphs, goals, metrics


def document(graph):
    """The parsed JSON document of ``graph``, ready to be mangled."""
    return stdjson.loads(json.dumps(graph))


def three_team_goals():
    """Three team goals a, b, c with no links yet: a document to add links to."""
    g = GoalGraph()
    for gid in "abc":
        g.add(Goal(gid, gid.upper(), Level.TEAM, owner="north"))
    return document(g)


def refusal(doc, cls=GoalGraph):
    with pytest.raises(ValidationError) as err:
        json.from_dict(doc, cls)
    return err.value


# -- writing ----------------------------------------------------------------------------------


def test_a_goal_graph_is_written_as_its_goals_then_its_links():
    g = GoalGraph()
    g.add(Goal("star", "Halve deviations", Level.ORGANIZATION))
    g.add(Goal("north", "Double-check", Level.TEAM, owner="north"), contributes_to={"star": 2})
    expected = {
        "schema": "larande/1",
        "type": "GoalGraph",
        "data": {
            "goals": [
                {"id": "star", "title": "Halve deviations", "level": "organization"},
                {"id": "north", "title": "Double-check", "level": "team", "owner": "north"},
            ],
            "links": [{"child": "north", "parent": "star", "weight": 2.0}],
        },
    }
    assert document(g) == expected


def test_a_level_is_written_as_its_name_in_lower_case():
    goal = Goal("g", "G", Level.INDIVIDUAL, owner="anna")
    assert json.to_dict(goal)["data"]["level"] == "individual"


# -- round trips ------------------------------------------------------------------------------


@given(goal_graphs())
def test_any_goal_graph_round_trips_losslessly(graph):
    """The same goals, links and weights, in the same order."""
    back = json.loads(json.dumps(graph), GoalGraph)
    assert (back, list(back), list(back.links())) == (graph, list(graph), list(graph.links()))


@given(goal_graphs(max_goals=10), st.data())
def test_a_graph_linked_from_older_to_newer_goals_round_trips(graph, data):
    """Links added after the goals, in any order, read back the same."""
    rebuilt = GoalGraph()
    for gid in data.draw(st.permutations(list(graph))):
        rebuilt.add(graph.goal(gid))
    for child, parent, w in data.draw(st.permutations(list(graph.links()))):
        rebuilt.link(child, parent, weight=w)
    back = json.loads(json.dumps(rebuilt), GoalGraph)
    assert (back, back.rollup({})) == (graph, graph.rollup({}))


@given(goals())
def test_any_goal_round_trips_losslessly(goal):
    assert json.loads(json.dumps(goal), Goal) == goal


@given(metrics())
def test_any_metric_round_trips_losslessly(metric):
    assert json.loads(json.dumps(metric), Metric) == metric


@given(goal_graphs(max_goals=10))
def test_the_findings_of_any_graph_round_trip_losslessly(graph):
    findings = graph.findings()
    assert json.loads(json.dumps(findings), tuple[Finding, ...]) == findings


def test_the_demo_goal_tree_round_trips_with_its_dataset():
    demo = load_demo()
    back = json.loads(json.dumps(demo), Dataset)
    assert (back.goals, back.goals.findings()) == (demo.goals, demo.goals.findings())


def test_the_demo_dataset_round_trips_whole():
    demo = load_demo()
    assert json.loads(json.dumps(demo), Dataset) == demo


# -- bad documents ----------------------------------------------------------------------------


def test_a_document_whose_links_close_a_loop_is_refused_at_the_closing_link():
    doc = three_team_goals()
    doc["data"]["links"] = [
        {"child": "a", "parent": "b"},
        {"child": "b", "parent": "c"},
        {"child": "c", "parent": "a"},
    ]
    err = refusal(doc)
    assert (type(err), err.path.startswith("data.links[2]"), err.cycle) == (
        CycleError,
        True,
        ("c", "a", "b", "c"),
    )


def test_a_link_to_an_unknown_parent_is_refused_with_its_place():
    doc = three_team_goals()
    doc["data"]["links"] = [
        {"child": "a", "parent": "b"},
        {"child": "b", "parent": "c"},
        {"child": "c", "parent": "nowhere"},
    ]
    err = refusal(doc)
    assert (type(err), err.path.startswith("data.links[2]")) == (UnknownIdError, True)


def test_a_link_from_an_unknown_child_is_refused_with_its_place():
    doc = three_team_goals()
    doc["data"]["links"] = [{"child": "ghost", "parent": "a"}]
    err = refusal(doc)
    assert (type(err), err.path) == (UnknownIdError, "data.links[0].child")


def test_an_unknown_field_in_a_link_is_refused():
    doc = three_team_goals()
    doc["data"]["links"] = [
        {"child": "a", "parent": "b"},
        {"child": "b", "parent": "c"},
        {"child": "c", "parent": "a", "note": "loop?"},
    ]
    assert refusal(doc).path == "data.links[2].note"


def test_a_link_without_a_parent_is_refused():
    doc = three_team_goals()
    doc["data"]["links"] = [{"child": "a"}]
    assert refusal(doc).path == "data.links[0].parent"


@pytest.mark.parametrize("weight", [0, -1.5, "1", True, None])
def test_a_link_weight_must_be_a_positive_number(weight):
    doc = three_team_goals()
    doc["data"]["links"] = [{"child": "a", "parent": "b", "weight": weight}]
    assert refusal(doc).path == "data.links[0].weight"


def test_a_level_name_that_does_not_exist_is_refused():
    doc = three_team_goals()
    doc["data"]["goals"][0]["level"] = "department"
    assert refusal(doc).path == "data.goals[0].level"


def test_a_level_written_as_a_number_is_refused():
    """No coercion: levels are names."""
    doc = three_team_goals()
    doc["data"]["goals"][1]["level"] = 3
    assert refusal(doc).path == "data.goals[1].level"


def test_a_document_with_a_goal_id_twice_is_refused():
    doc = three_team_goals()
    doc["data"]["goals"].append(copy.deepcopy(doc["data"]["goals"][0]))
    err = refusal(doc)
    assert (type(err), err.path) == (DuplicateIdError, "data.goals[3].id")


def test_a_link_from_a_broader_to_a_narrower_goal_is_refused():
    doc = document(load_demo().goals)
    doc["data"]["links"].append({"child": "safe-care", "parent": "homecare-medication"})
    err = refusal(doc)
    assert (err.code, err.path.startswith("data.links[12]")) == (
        "child-broader-than-parent",
        True,
    )


def test_a_metric_whose_target_equals_its_baseline_is_refused_in_a_document():
    doc = document(load_demo().goals)
    doc["data"]["goals"][0]["metric"]["target"] = 12
    assert refusal(doc).path == "data.goals[0].metric.target"


def test_an_unknown_field_in_a_goal_graph_is_refused():
    doc = three_team_goals()
    doc["data"]["owners"] = []
    assert refusal(doc).path == "data.owners"


@pytest.mark.parametrize("links", [{}, "a->b", None])
def test_links_must_be_an_array(links):
    doc = three_team_goals()
    doc["data"]["links"] = links
    assert refusal(doc).path == "data.links"


@given(goal_graphs(max_goals=10).filter(lambda g: any(True for _ in g.links())), st.data())
def test_a_link_to_a_goal_not_in_the_document_is_always_refused_with_its_place(graph, data):
    doc = document(graph)
    i = data.draw(st.integers(0, len(doc["data"]["links"]) - 1))
    doc["data"]["links"][i]["parent"] = "not-a-goal-id-at-all"
    err = refusal(doc)
    assert (type(err), err.path.startswith(f"data.links[{i}]")) == (UnknownIdError, True)


# -- goals in a dataset -----------------------------------------------------------------------


def demo_with(goal, parent):
    demo = load_demo()
    graph = demo.goals.copy()
    graph.add(goal, contributes_to=parent)
    return demo, graph


def test_a_dataset_refuses_a_goal_owned_by_an_unknown_unit():
    demo, graph = demo_with(
        Goal("x", "Unknown unit's goal", Level.UNIT, owner="nowhere"), "safe-care"
    )
    with pytest.raises(UnknownIdError) as err:
        attrs.evolve(demo, goals=graph)
    assert (err.value.id, err.value.path) == ("nowhere", f"goals.goals[{len(graph) - 1}].owner")


def test_a_dataset_refuses_an_objective_of_an_unknown_person():
    demo, graph = demo_with(
        Goal("obj:nobody:cpr", "Nobody: CPR", Level.INDIVIDUAL, owner="nobody"), "safe-care"
    )
    with pytest.raises(UnknownIdError) as err:
        attrs.evolve(demo, goals=graph)
    assert (err.value.id, err.value.path.startswith("goals.goals[")) == ("nobody", True)


def test_an_objective_must_be_owned_by_a_person_not_a_unit():
    demo, graph = demo_with(
        Goal("obj:it:cpr", "The IT unit as a person", Level.INDIVIDUAL, owner="it"), "safe-care"
    )
    with pytest.raises(UnknownIdError) as err:
        attrs.evolve(demo, goals=graph)
    assert (err.value.kind, err.value.path.startswith("goals.goals[")) == ("person", True)


def test_a_dataset_refuses_a_goal_depending_on_an_unknown_competency():
    demo, graph = demo_with(
        Goal("x", "Juggling", Level.TEAM, owner="it", competencies={"juggling"}), "safe-care"
    )
    with pytest.raises(UnknownIdError) as err:
        attrs.evolve(demo, goals=graph)
    assert (err.value.id, err.value.path) == (
        "juggling",
        f"goals.goals[{len(graph) - 1}].competencies",
    )


def test_a_dataset_document_with_a_goal_of_an_unknown_unit_is_refused_with_its_place():
    doc = stdjson.loads(json.dumps(load_demo()))
    doc["data"]["goals"]["goals"][2]["owner"] = "nowhere"
    err = refusal(doc, Dataset)
    assert (type(err), err.path) == (UnknownIdError, "data.goals.goals[2].owner")


def test_a_goal_owned_by_the_whole_organisation_needs_no_unit():
    demo, graph = demo_with(Goal("x", "Everyone's goal", Level.ORGANIZATION), ())
    assert attrs.evolve(demo, goals=graph).goals == graph
