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


def test_brackets_in_a_title_are_escaped_and_shown_as_typed():
    """Brackets start shapes in Mermaid; as entity codes they are only shown."""
    g = GoalGraph()
    g.add(Goal("star", "Release [v2] faster] {now} (IT)", Level.ORGANIZATION))
    label = nodes(goal_tree(g))["g0"][0]
    assert (mermaid_decode(label), set("[]{}()") & set(label)) == (
        "Release [v2] faster] {now} (IT)",
        set(),
    )


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


# -- titles can never become syntax --------------------------------------------------------

ATTACKS = [
    'x"]\n  evil["pwned"]:::organization\n  evil --> g0\n  style g0 fill:#f00\n  g9["',
    "a\r\nclick g0 call alert(1)",
    "%%{init: {'securityLevel': 'loose'}}%%",
    "50%% %%{init:{}}%%",
    "a\u2028  g9[x]\u2029  g9 --> g0\x85%%",
    "`**markdown** label`",
    "a|edge label| b; c --> d",
    "x\x00\x1b[31m\x7f",
]


@pytest.mark.parametrize("title", ATTACKS)
def test_a_title_can_never_make_a_node_edge_style_or_directive(title):
    g = GoalGraph()
    g.add(Goal("star", title, Level.ORGANIZATION))
    g.add(Goal("team", title, Level.TEAM, owner=title), contributes_to="star")
    text = goal_tree(g)
    lines = text.splitlines()
    assert (len(lines), len(nodes(text)), len(edges(text)), "%%" in text) == (8, 2, 1, False)


@pytest.mark.parametrize("title", [t for t in ATTACKS if t.isprintable() or "\n" in t])
def test_an_escaped_title_is_shown_as_typed(title):
    g = GoalGraph()
    g.add(Goal("star", title, Level.ORGANIZATION))
    assert mermaid_decode(nodes(goal_tree(g))["g0"][0]) == title


def test_a_lone_percent_and_plain_words_stay_verbatim():
    """DESIGN 9.7: a title's words, digits and a lone % are kept as typed."""
    g = GoalGraph()
    g.add(Goal("star", "Cut release time by 15 %", Level.ORGANIZATION))
    assert nodes(goal_tree(g))["g0"][0] == "Cut release time by 15 %"


def test_control_characters_in_a_title_never_reach_the_text():
    g = GoalGraph()
    g.add(Goal("star", "x\x00\x1b[31m\x7f\x85\u2028y", Level.ORGANIZATION))
    text = goal_tree(g)
    assert [c for c in text if not c.isprintable() and c != "\n"] == []
