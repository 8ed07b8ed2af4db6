"""DataFrames of results, for notebooks, and the tables notebooks show."""

from __future__ import annotations

import builtins
import datetime as dt

import pandas as pd
import pytest

from larande import analyze, due, plan, progress, replay, schedule
from larande.datasets import load_demo
from larande.io import frames


@pytest.fixture(scope="module")
def loop():
    d = load_demo()
    report = analyze(d.org, d.assessments, d.signals, as_of=d.as_of, goals=d.goals)
    plans = plan(report, d.catalog, org=d.org)
    year = schedule(
        plans,
        d.catalog,
        calendar=d.calendar,
        start=d.start,
        end=d.end,
        budget=dt.timedelta(hours=2),
        org=d.org,
    )
    state = replay(d.events)
    return d, report, plans, year, state


def test_the_needs_frame_has_one_row_per_need_in_report_order(loop):
    _, report, *_ = loop
    frame = frames.needs_frame(report)
    assert list(frame["id"]) == [n.id for n in report.needs]
    assert str(frame["due"].dtype).startswith("datetime64")


def test_the_matrix_frame_keeps_suppressed_cells_without_counts(loop):
    _, report, *_ = loop
    matrix = report.matrix()
    frame = frames.matrix_frame(matrix)
    assert len(frame) == len(matrix)
    hidden = frame[frame["suppressed"]]
    assert hidden["people"].isna().all()


def test_the_plans_frame_has_one_row_per_item_with_catalog_columns(loop):
    d, _, plans, *_ = loop
    frame = frames.plans_frame(plans, d.catalog)
    assert len(frame) == sum(len(p.items) for p in plans)
    assert {"title", "kind", "hours", "cost"} <= set(frame.columns)


def test_the_schedule_frame_lists_placed_then_unplaced(loop):
    *_, year, _ = loop
    frame = frames.schedule_frame(year)
    assert len(frame) == len(year.placements) + len(year.unplaced)
    assert frame["placed"].sum() == len(year.placements)
    assert frame.loc[~frame["placed"], "reason"].notna().all()


def test_progress_and_due_frames(loop):
    d, *_, state = loop
    found = progress(state, d.goals, as_of=dt.date(2026, 4, 15))
    assert list(frames.progress_frame(found)["goal"]) == sorted(found)
    reminders = due(state, as_of=dt.date(2026, 4, 15))
    assert len(frames.due_frame(reminders)) == len(reminders)


def test_results_show_as_html_tables_in_notebooks(loop):
    _, report, _, year, _ = loop
    assert "<table" in report._repr_html_()
    assert "<table" in report.matrix()._repr_html_()
    assert "<table" in year._repr_html_()


def test_without_pandas_a_notebook_shows_the_repr(loop, monkeypatch):
    _, report, *_ = loop
    real_import = builtins.__import__

    def no_pandas(name, *args, **kwargs):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError("no pandas here")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_pandas)
    shown = report._repr_html_()
    assert shown.startswith("<pre>NeedsReport(")


def test_a_wrong_argument_is_a_validation_error():
    from larande import ValidationError

    with pytest.raises(ValidationError):
        frames.needs_frame("not a report")


def test_frames_are_pandas_dataframes(loop):
    _, report, *_ = loop
    assert isinstance(frames.needs_frame(report), pd.DataFrame)
