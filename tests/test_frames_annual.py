"""The annual plan and the monthly load as DataFrames, for notebooks."""

from __future__ import annotations

import datetime as dt

import pytest

from larande import Placement, Schedule, analyze, annual_plan, plan, schedule
from larande.datasets import load_demo
from larande.exceptions import ValidationError
from larande.io.frames import annual_frame, load_frame

H = dt.timedelta(hours=1)


@pytest.fixture(scope="module")
def loop():
    demo = load_demo()
    report = analyze(demo.org, demo.assessments, demo.signals, as_of=demo.as_of)
    plans = plan(report, demo.catalog, org=demo.org)
    year = schedule(plans, demo.catalog, calendar=demo.calendar, start=demo.start,
                    end=demo.end, budget=demo.budget, org=demo.org)  # fmt: skip
    return demo, year


def test_the_annual_frame_has_one_row_per_month_with_its_hours(loop):
    demo, year = loop
    unit_plan = annual_plan(year, demo.org, "homecare", budget=demo.budget, catalog=demo.catalog)
    frame = annual_frame(unit_plan)
    assert list(frame["hours"]) == [m.load / H for m in unit_plan.months]
    assert list(frame["set_aside"]) == [m.set_aside / H for m in unit_plan.months]
    assert list(frame["cost"]) == [m.cost for m in unit_plan.months]


def test_the_annual_frames_months_are_first_days_as_datetimes(loop):
    demo, year = loop
    frame = annual_frame(annual_plan(year, demo.org, "it", budget=demo.budget))
    assert str(frame["month"].dtype).startswith("datetime64")
    assert [d.date() for d in frame["month"]] == [dt.date(2026, m, 1) for m in range(1, 13)]


def test_the_annual_frame_names_each_months_activities_with_counts(loop):
    demo, year = loop
    unit_plan = annual_plan(year, demo.org, "it", budget=demo.budget)
    frame = annual_frame(unit_plan)
    busiest = max(unit_plan.months, key=lambda m: m.load)
    row = frame[frame["month"] == f"{busiest.year}-{busiest.month:02d}-01"].iloc[0]
    expected = ", ".join(f"{a} x{n}" for a, n in sorted(busiest.activities.items()))
    assert row["activities"] == expected


def test_the_annual_frame_refuses_what_is_not_an_annual_plan():
    with pytest.raises(ValidationError) as raised:
        annual_frame({"unit": "it"})
    assert raised.value.path == "annual_plan"


def test_the_load_frame_is_the_schedules_load_per_person_and_month(loop):
    _, year = loop
    frame = load_frame(year)
    actual = {
        (row.person, (row.month.year, row.month.month)): row.hours for row in frame.itertuples()
    }
    expected = {
        (person, month): load / H
        for person in {p.person for p in year.placements}
        for month, load in year.load(person).items()
    }
    assert actual == expected


def test_the_load_frame_is_sorted_by_person_then_month(loop):
    _, year = loop
    frame = load_frame(year)
    keys = list(zip(frame["person"], frame["month"], strict=True))
    assert keys == sorted(keys)


def test_an_empty_schedule_has_an_empty_load_frame_with_its_columns():
    empty = Schedule([], [], dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    frame = load_frame(empty)
    assert (len(frame), list(frame.columns)) == (0, ["person", "month", "hours"])


def test_two_activities_in_one_month_are_one_row():
    year = Schedule(
        [
            Placement("anna", "a", dt.date(2026, 3, 2)),
            Placement("anna", "b", dt.date(2026, 3, 30)),
        ],
        [],
        dt.date(2026, 3, 1),
        dt.date(2026, 3, 31),
        efforts={"a": 2 * H, "b": 6 * H},
    )
    assert load_frame(year)["hours"].tolist() == [8.0]


def test_the_load_frame_refuses_what_is_not_a_schedule():
    with pytest.raises(ValidationError) as raised:
        load_frame([])
    assert raised.value.path == "schedule"
