"""The command line's plan, schedule and due: a Dataset document in, a result document out."""

from __future__ import annotations

import datetime as dt

import pytest

from larande import Due, LearningPlan, Schedule, due, plan, replay, schedule
from larande.cli import main
from larande.datasets import load_demo
from larande.io import json as ljson
from larande.needs import analyze

D = dt.date


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    """The demo dataset written as a document by ``demo --export``."""
    path = tmp_path_factory.mktemp("cli") / "demo.json"
    assert main(["demo", "--export", str(path)]) == 0
    return path


def demo_plans():
    demo = load_demo()
    report = analyze(demo.org, demo.assessments, demo.signals, as_of=demo.as_of, goals=demo.goals)
    return demo, plan(
        report, demo.catalog, org=demo.org, assessments=demo.assessments, as_of=demo.as_of
    )


def test_plan_writes_each_persons_learning_plan(dataset, tmp_path):
    out = tmp_path / "plans.json"
    assert main(["plan", str(dataset), "-o", str(out)]) == 0
    written = ljson.loads(out.read_text(encoding="utf-8"), tuple[LearningPlan, ...])
    _, expected = demo_plans()
    assert written == expected


def test_schedule_writes_the_year_with_the_datasets_settings(dataset, tmp_path):
    out = tmp_path / "year.json"
    assert main(["schedule", str(dataset), "-o", str(out)]) == 0
    written = ljson.loads(out.read_text(encoding="utf-8"), Schedule)
    demo, plans = demo_plans()
    expected = schedule(
        plans,
        demo.catalog,
        calendar=demo.calendar,
        start=demo.start,
        end=demo.end,
        budget=demo.budget,
        org=demo.org,
    )
    assert written == expected


def test_schedule_flags_override_the_datasets_settings(dataset, tmp_path):
    out = tmp_path / "year.json"
    argv = ["schedule", str(dataset), "--start", "2026-03-02", "--end", "2026-06-30"]
    assert main([*argv, "--budget-hours", "2", "-o", str(out)]) == 0
    written = ljson.loads(out.read_text(encoding="utf-8"), Schedule)
    assert (written.start, written.end) == (D(2026, 3, 2), D(2026, 6, 30))
    assert all(D(2026, 3, 2) <= p.on <= D(2026, 6, 30) for p in written.placements)
    assert {u.reason.value for u in written.unplaced} >= {"budget"}


@pytest.mark.parametrize("hours", ["0", "-3"])
def test_a_budget_of_no_hours_is_an_error_not_the_datasets_budget(dataset, capsys, hours):
    assert main(["schedule", str(dataset), "--budget-hours", hours]) == 2
    assert "budget" in capsys.readouterr().err


def test_due_writes_the_reminders_on_the_day_given(dataset, capsys):
    assert main(["due", str(dataset), "--as-of", "2026-03-01"]) == 0
    written = ljson.loads(capsys.readouterr().out, tuple[Due, ...])
    demo = load_demo()
    assert written == due(replay(demo.events), as_of=D(2026, 3, 1))
    assert written  # the demo's quarter of follow-up leaves something due on 1 March
