"""What a notebook and a terminal show: one-line reprs, a Mermaid goal tree, PNG files."""

from __future__ import annotations

import datetime as dt
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from larande import Goal, GoalGraph, LearningPlan, Level, Need, PlanItem, Reason, review
from larande.cli import main
from larande.datasets import load_demo
from larande.io.mermaid import goal_tree
from larande.needs import Justification

LATER = dt.date(2026, 4, 15)


@pytest.fixture(scope="module")
def turn():
    return review(load_demo(), as_of=LATER)


def one_line(text: str) -> bool:
    return "\n" not in text and len(text) <= 200


def test_every_needs_repr_is_one_short_line(turn):
    assert [repr(n) for n in turn.report.needs if not one_line(repr(n))] == []


def test_every_plans_repr_is_one_short_line(turn):
    assert [repr(p) for p in turn.plans if not one_line(repr(p))] == []


def test_every_justifications_repr_is_one_short_line(turn):
    assert [repr(j) for j in turn.justifications if not one_line(repr(j))] == []


def test_a_person_needs_repr_says_the_levels_the_priority_and_why():
    need = Need("anna", "person", "cpr", 1, 3, 2, 4.5, [Reason("requirement-gap", ["r:cpr"], "t")],
                due=dt.date(2026, 3, 3))  # fmt: skip
    assert repr(need) == (
        "Need(person:anna:cpr: level 1 of 3, gap 2, priority 4.5, due 2026-03-03; requirement-gap)"
    )


def test_a_unit_needs_repr_says_the_level_required():
    need = Need("north", "unit", "hygiene", None, 2, 0, 8.0, [Reason("deviation-threshold",
                ["d1"], "t")])  # fmt: skip
    assert repr(need) == "Need(unit:north:hygiene: required 2, priority 8; deviation-threshold)"


def test_a_plans_repr_lists_its_activities_and_status():
    need = Need("anna", "person", "cpr", None, 1, 1, 1.0, [Reason("requirement-gap", ["r"], "t")])
    found = LearningPlan("anna", [PlanItem("cpr-course", [need])])
    assert repr(found) == "LearningPlan(anna, draft: 1 activities (0 done), 0 unmet; cpr-course)"


def test_a_justifications_repr_gives_the_verdict_and_the_goals(turn):
    refused = next(j for j in turn.justifications if not j.ok)
    assert repr(refused).startswith(f"Justification({refused.need.id}: refused; person need ")


ids = st.text(alphabet="abcdefghij-.:", min_size=1, max_size=300).filter(lambda s: s.strip())


@given(ids, ids, st.lists(ids, max_size=40))
def test_reprs_stay_one_short_line_whatever_the_ids(person, competency, activities):
    reason = Reason("requirement-gap", [f"{person}:{competency}"], "text")
    need = Need(person, "person", competency, 0, 4, 4, 1e300, [reason], due=dt.date(2026, 1, 1))
    items = [PlanItem(a, [need]) for a in dict.fromkeys(activities)]
    justified = Justification(need, True, True, True, [tuple(activities) or ("g",)], "ok")
    texts = [repr(need), repr(LearningPlan(person, items)), repr(justified)]
    assert [t for t in texts if not one_line(t)] == []


def test_a_goal_graph_shows_in_jupyter_as_a_mermaid_diagram():
    goals = load_demo().goals
    assert goals._repr_markdown_() == f"```mermaid\n{goal_tree(goals)}\n```"


def test_a_huge_goal_graph_falls_back_to_its_repr_in_jupyter():
    goals = GoalGraph.from_links(
        [Goal(f"g{i}", f"goal {i}", Level.ORGANIZATION) for i in range(301)], []
    )
    assert goals._repr_markdown_() is None


# -- the command line's --plots --------------------------------------------------------------


def test_the_demo_draws_its_pictures_as_pngs(tmp_path, capsys):
    status = main(["demo", "--plots", str(tmp_path / "pictures")])
    names = sorted(p.name for p in (tmp_path / "pictures").iterdir())
    assert status == 0
    assert {"annual-load.png", "needs-heatmap.png", "goal-tree.png", "effect.png"} <= set(names)
    assert "progress-it-release-time.png" in names
    assert all((tmp_path / "pictures" / n).read_bytes()[:4] == b"\x89PNG" for n in names)


def test_the_export_and_the_report_draw_the_same_pictures(tmp_path, capsys):
    exported = tmp_path / "demo.json"
    assert main(["demo", "--export", str(exported), "--plots", str(tmp_path / "a")]) == 0
    assert main(["report", str(exported), "--plots", str(tmp_path / "b"), "--lang", "sv"]) == 0
    assert sorted(p.name for p in (tmp_path / "a").iterdir()) == sorted(
        p.name for p in (tmp_path / "b").iterdir()
    )


def test_plots_without_matplotlib_is_one_line_and_status_2(tmp_path, capsys, monkeypatch):
    for name in [m for m in sys.modules if m == "matplotlib" or m.startswith("matplotlib.")]:
        monkeypatch.delitem(sys.modules, name)
    for name in [m for m in sys.modules if m.startswith("larande.plot")]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib fails
    status = main(["demo", "--plots", str(tmp_path / "p")])
    err = capsys.readouterr().err
    assert (status, err.count("\n")) == (2, 1)
    assert 'needs matplotlib: pip install "larande[plot]"' in err


def test_plots_into_a_file_is_an_unwritable_folder(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    status = main(["demo", "--plots", str(blocker / "inside")])
    err = capsys.readouterr()
    assert (status, err.out) == (2, "")
    assert "cannot write" in err.err
