"""The goal tree as a Mermaid flowchart, to look at on GitHub or in Jupyter."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given

from larande import Goal, GoalGraph, Level, ValidationError
from larande.datasets import load_demo
from larande.io.mermaid import goal_tree
from larande.testing import goal_graphs

NODE = re.compile(r'^  (g\d+)\["(.*)"\]:::(organization|unit|team|individual)$')
EDGE = re.compile(r"^  (g\d+) (?:-->|-- (\S+) -->) (g\d+)$")


def small_tree():
    g = GoalGraph()
    g.add(Goal("star", "Halve deviations", Level.ORGANIZATION))
    g.add(Goal("north", "Double-check routine", Level.TEAM, owner="north"), contributes_to="star")
    g.add(
        Goal("obj:anna", "Anna: medication", Level.INDIVIDUAL, owner="anna"),
        contributes_to={"north": 2.0},
    )
    return g


def nodes(text):
    """Node id -> (label, class) for every node line."""
    return {m[1]: (m[2], m[3]) for line in text.splitlines() if (m := NODE.match(line))}


def edges(text):
    """(child node, weight label or None, parent node) for every edge line."""
    return [(m[1], m[2], m[3]) for line in text.splitlines() if (m := EDGE.match(line))]


def mermaid_decode(label):
    """What Mermaid shows for a label: its ``#name;`` and ``#123;`` entity codes decoded."""
    return re.sub(
        r"#(\w+);", lambda m: html.unescape(f"&{'#' if m[1].isdigit() else ''}{m[1]};"), label
    )


def test_a_goal_tree_is_a_bottom_to_top_flowchart():
    """Objectives at the bottom, arrows pointing to what they serve."""
    assert goal_tree(small_tree()).splitlines()[0] == "flowchart BT"


def test_a_goal_tree_has_one_node_per_goal_labelled_with_title_owner_and_level():
    expected = {
        "g0": ("Halve deviations", "organization"),
        "g1": ("Double-check routine<br/><small>north</small>", "team"),
        "g2": ("Anna: medication<br/><small>anna</small>", "individual"),
    }
    assert nodes(goal_tree(small_tree())) == expected


def test_a_goal_tree_has_one_edge_per_link_from_child_to_parent():
    assert edges(goal_tree(small_tree())) == [("g1", None, "g0"), ("g2", None, "g1")]


def test_each_level_has_its_own_style():
    text = goal_tree(small_tree())
    styled = [line.split()[1] for line in text.splitlines() if line.startswith("  classDef")]
    assert styled == ["organization", "unit", "team", "individual"]


def test_weights_label_the_links_whose_weight_is_not_one():
    assert edges(goal_tree(small_tree(), weights=True)) == [("g1", None, "g0"), ("g2", "2", "g1")]


def test_weights_are_left_out_unless_asked_for():
    assert "-- 2 -->" not in goal_tree(small_tree())


@pytest.mark.parametrize("direction", ["BT", "TB", "LR", "RL"])
def test_the_direction_can_be_chosen(direction):
    assert goal_tree(small_tree(), direction=direction).splitlines()[0] == f"flowchart {direction}"


@pytest.mark.parametrize("direction", ["up", "bt", "", "TD "])
def test_an_unknown_direction_is_refused(direction):
    with pytest.raises(ValidationError) as err:
        goal_tree(small_tree(), direction=direction)
    assert err.value.path == "direction"


def test_quotes_in_a_title_are_escaped():
    """A quote would end the label early; Mermaid's entity code keeps it literal."""
    g = GoalGraph()
    g.add(Goal("star", 'Say "yes" to technology', Level.ORGANIZATION))
    assert nodes(goal_tree(g))["g0"][0] == "Say #quot;yes#quot; to technology"


def test_angle_brackets_and_ampersands_in_a_title_are_escaped():
    """A title never becomes HTML: <b> is shown as typed."""
    g = GoalGraph()
    g.add(Goal("star", "<b>Care</b> & safety", Level.ORGANIZATION))
    assert nodes(goal_tree(g))["g0"][0] == "#lt;b#gt;Care#lt;/b#gt; #amp; safety"


def test_square_brackets_in_a_title_stay_inside_the_quoted_label():
    g = GoalGraph()
    g.add(Goal("star", "Release [v2] faster]", Level.ORGANIZATION))
    assert nodes(goal_tree(g))["g0"][0] == "Release [v2] faster]"


def test_goal_ids_never_appear_as_node_ids():
    """Any goal id is safe: node ids are generated."""
    g = GoalGraph()
    g.add(Goal('end"; click', "Odd id", Level.ORGANIZATION))
    assert list(nodes(goal_tree(g))) == ["g0"]


def test_a_hash_in_a_title_is_shown_as_typed():
    """Mermaid reads '#name;' as an entity code; a literal '#' must be escaped too."""
    g = GoalGraph()
    g.add(Goal("star", "Close ticket #12; and #quot;", Level.ORGANIZATION))
    assert mermaid_decode(nodes(goal_tree(g))["g0"][0]) == "Close ticket #12; and #quot;"


def test_the_demo_tree_shows_every_goal_and_link():
    demo = load_demo().goals
    text = goal_tree(demo)
    assert (len(nodes(text)), len(edges(text))) == (len(demo), len(list(demo.links())))


@given(goal_graphs(max_goals=10))
def test_any_goal_tree_has_one_node_per_goal_and_one_edge_per_link(graph):
    """Counted robustly: a node ends with its class, after the closing quote of its label."""
    text = goal_tree(graph, weights=True)
    names = {gid: f"g{i}" for i, gid in enumerate(graph)}
    node_ends = re.findall(r'"\]:::(organization|unit|team|individual)$', text, re.MULTILINE)
    expected_edges = sorted((names[c], names[p]) for c, p, _ in graph.links())
    assert (len(node_ends), sorted((c, p) for c, _, p in edges(text))) == (
        len(graph),
        expected_edges,
    )
