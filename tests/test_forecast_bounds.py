"""progress() forecasts stay within what a metric can reach.

DESIGN §9.1: never below 0 when baseline and target are both at least 0 (a count of
deviations), within [0, 100] for a metric in ``%``; an objective's forecast is a share of
the way, within [0, 1]. Anything else (a negative baseline or target) is not clamped.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from larande import (
    CheckIn,
    Goal,
    GoalGraph,
    Level,
    Measured,
    Metric,
    ProgressStatus,
    progress,
    replay,
)

D = dt.date
AS_OF = D(2026, 3, 31)
YEAR_END = D(2026, 12, 31)
MIDSUMMER = D(2026, 6, 30)


def with_metric(metric, deadline=YEAR_END):
    graph = GoalGraph()
    graph.add(
        Goal(
            "g", "A goal with a metric", Level.UNIT, owner="care", metric=metric, deadline=deadline
        )
    )
    return graph


def forecast_of(metric, points, *, deadline=YEAR_END, as_of=AS_OF):
    measured = [Measured(f"m{i}", "g", on, value) for i, (on, value) in enumerate(points)]
    return progress(replay(measured), with_metric(metric, deadline), as_of=as_of)["g"]


DEVIATIONS = Metric("medication deviations", "per month", 12, 6)
SUPERVISION = Metric("clients with digital night supervision", "%", 10, 40)


# -- counts ------------------------------------------------------------------------------------


def test_a_count_of_deviations_falling_fast_never_forecasts_below_zero():
    found = forecast_of(DEVIATIONS, [(D(2026, 1, 31), 12), (D(2026, 2, 28), 9)])
    assert found.forecast == 0.0


def test_a_count_forecast_clamped_at_zero_still_reaches_the_target():
    found = forecast_of(DEVIATIONS, [(D(2026, 1, 31), 12), (D(2026, 2, 28), 9)])
    assert found.status is ProgressStatus.ON_TRACK


def test_a_count_aiming_at_zero_is_clamped_at_zero():
    zero_harm = Metric("falls with injury", "per month", 5, 0)
    found = forecast_of(zero_harm, [(D(2026, 1, 31), 5), (D(2026, 2, 28), 3)])
    assert (found.forecast, found.status) == (0.0, ProgressStatus.ON_TRACK)


def test_a_count_forecast_within_reach_is_the_trend_itself():
    """12 at the end of January, 11 a month later: about 9.9 by the end of March."""
    found = forecast_of(
        DEVIATIONS, [(D(2026, 1, 31), 12), (D(2026, 2, 28), 11)], deadline=D(2026, 3, 31)
    )
    assert found.forecast == pytest.approx(11 - 31 / 28)


def test_a_rising_count_is_not_capped():
    found = forecast_of(DEVIATIONS, [(D(2026, 1, 31), 12), (D(2026, 2, 28), 14)])
    assert found.forecast > 14


# -- percentages -------------------------------------------------------------------------------


def test_a_percentage_rising_fast_forecasts_at_most_100():
    found = forecast_of(SUPERVISION, [(D(2026, 1, 31), 10), (D(2026, 2, 28), 30)])
    assert (found.forecast, found.status) == (100.0, ProgressStatus.ON_TRACK)


def test_a_percentage_falling_fast_forecasts_at_least_0():
    shrinking = Metric("clients waiting for a visit", "%", 90, 50)
    found = forecast_of(shrinking, [(D(2026, 1, 31), 90), (D(2026, 2, 28), 60)])
    assert found.forecast == 0.0


def test_a_percentage_within_reach_is_the_trend_itself():
    found = forecast_of(
        SUPERVISION, [(D(2026, 1, 31), 10), (D(2026, 2, 28), 12)], deadline=D(2026, 3, 31)
    )
    assert found.forecast == pytest.approx(12 + 2 * 31 / 28)


# -- not clamped -------------------------------------------------------------------------------


def test_a_metric_with_a_negative_baseline_is_not_clamped():
    """A freezer from -15 °C to -18 °C: one degree a month reaches -18 by April."""
    freezer = Metric("freezer temperature", "°C", -15, -18)
    found = forecast_of(
        freezer, [(D(2026, 1, 1), -15), (D(2026, 1, 31), -16)], deadline=D(2026, 4, 1)
    )
    assert found.forecast == pytest.approx(-18.0)


def test_a_metric_with_a_negative_target_is_not_clamped():
    balance = Metric("budget balance", "kSEK", 100, -50)
    found = forecast_of(
        balance, [(D(2026, 1, 1), 100), (D(2026, 1, 31), 50)], deadline=D(2026, 4, 1)
    )
    assert found.forecast == pytest.approx(-50.0)


def test_a_forecast_needs_two_days_of_measurements():
    found = forecast_of(DEVIATIONS, [(D(2026, 1, 31), 12)])
    assert found.forecast is None


def test_a_goal_without_a_deadline_has_no_forecast():
    found = forecast_of(DEVIATIONS, [(D(2026, 1, 31), 12), (D(2026, 2, 28), 9)], deadline=None)
    assert found.forecast is None


# -- objectives --------------------------------------------------------------------------------


def objective_progress(points, deadline=MIDSUMMER, as_of=AS_OF):
    graph = GoalGraph()
    graph.add(
        Goal(
            "obj:kalle:medication",
            "Kalle: medication to level 3",
            Level.INDIVIDUAL,
            owner="kalle",
            deadline=deadline,
            competencies={"medication"},
            target_level=3,
        )
    )
    talks = [
        CheckIn(f"ci{i}", "kalle", "obj:kalle:medication", on, progress=share)
        for i, (on, share) in enumerate(points)
    ]
    return progress(replay(talks), graph, as_of=as_of)["obj:kalle:medication"]


def test_an_objective_moving_fast_forecasts_at_most_all_the_way():
    found = objective_progress([(D(2026, 3, 1), 0.2), (D(2026, 3, 8), 0.5)])
    assert (found.forecast, found.status) == (1.0, ProgressStatus.ON_TRACK)


def test_an_objective_sliding_back_forecasts_at_least_none_of_the_way():
    found = objective_progress([(D(2026, 3, 1), 0.8), (D(2026, 3, 8), 0.4)])
    assert (found.forecast, found.status) == (0.0, ProgressStatus.OFF_TRACK)


# -- properties --------------------------------------------------------------------------------

days = st.dates(D(2026, 1, 1), D(2026, 12, 31))
non_negative = st.floats(0, 1e6, allow_nan=False, allow_infinity=False)
any_value = st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)
measurements = st.lists(st.tuples(days, any_value), min_size=2, max_size=8)


@settings(max_examples=60, deadline=None)
@given(non_negative, non_negative, measurements, days)
def test_a_count_never_forecasts_below_zero(baseline, target, points, deadline):
    if baseline == target:
        target = baseline + 1
    found = forecast_of(
        Metric("deviations", "per month", baseline, target),
        points,
        deadline=deadline,
        as_of=D(2026, 12, 31),
    )
    assert found.forecast is None or found.forecast >= 0.0


@settings(max_examples=60, deadline=None)
@given(any_value, any_value, measurements, days)
def test_a_percentage_always_forecasts_within_0_and_100(baseline, target, points, deadline):
    if baseline == target:
        target = baseline + 1
    found = forecast_of(
        Metric("share", "%", baseline, target), points, deadline=deadline, as_of=D(2026, 12, 31)
    )
    assert found.forecast is None or 0.0 <= found.forecast <= 100.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(days, st.floats(0, 1)), min_size=2, max_size=8), days)
def test_an_objective_always_forecasts_within_0_and_1(points, deadline):
    found = objective_progress(points, deadline=deadline, as_of=D(2026, 12, 31))
    assert found.forecast is None or 0.0 <= found.forecast <= 1.0
    assert 0.0 <= found.fraction <= 1.0
