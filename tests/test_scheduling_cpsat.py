"""schedule(..., solver="cp-sat"): the exact backend, warm-started from the heuristic."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from larande import (
    Activity,
    Catalog,
    LearningPlan,
    PlanItem,
    ScheduleStatus,
    Session,
    ValidationError,
    WorkCalendar,
    reschedule,
    schedule,
)

H = dt.timedelta(hours=1)
D = dt.date
SECOND = dt.timedelta(seconds=1)
CALENDAR = WorkCalendar(2026)
MARCH = {"calendar": CALENDAR, "start": D(2026, 3, 1), "end": D(2026, 3, 31)}


def packing() -> tuple[Catalog, list[LearningPlan]]:
    """One person, ten hours in March: the six-hour course or both five-hour ones."""
    catalog = Catalog(
        [
            Activity(
                "big",
                "Big",
                "course",
                {"x": 1},
                6 * H,
                sessions=[Session("big-1", D(2026, 3, 3), 2)],
            ),
            Activity(
                "a", "A", "course", {"x": 1}, 5 * H, sessions=[Session("a-1", D(2026, 3, 4), 2)]
            ),
            Activity(
                "b", "B", "course", {"x": 1}, 5 * H, sessions=[Session("b-1", D(2026, 3, 5), 2)]
            ),
        ]
    )
    plans = [
        LearningPlan(
            "anna",
            [
                PlanItem("big", (), priority=5),
                PlanItem("a", (), priority=4),
                PlanItem("b", (), priority=4),
            ],
        )
    ]
    return catalog, plans


def with_alternative(seats: int) -> tuple[Catalog, list[LearningPlan]]:
    """Two people want a course of ``seats`` seats; a cheaper e-learning closes the same need."""
    catalog = Catalog(
        [
            Activity(
                "course",
                "Course",
                "course",
                {"x": 1},
                4 * H,
                sessions=[Session("course-1", D(2026, 3, 10), seats)],
                cost=900,
            ),
            Activity("elearning", "E-learning", "e-learning", {"x": 1}, 4 * H, cost=100),
        ]
    )
    plans = [
        LearningPlan(p, [PlanItem("course", (), alternatives=["elearning"])])
        for p in ("anna", "bo")
    ]
    return catalog, plans


def test_the_heuristic_stays_the_default():
    catalog, plans = packing()
    assert schedule(plans, catalog, budget=10 * H, peak=1.0, **MARCH).status == "heuristic"


def test_cp_sat_proves_a_small_year_optimal():
    catalog, plans = packing()
    result = schedule(plans, catalog, budget=10 * H, peak=1.0, solver="cp-sat", **MARCH)
    assert result.status is ScheduleStatus.OPTIMAL


def test_cp_sat_leaves_out_the_least_priority():
    """Both five-hour courses (priority 8 in all) rather than the six-hour one (5)."""
    catalog, plans = packing()
    result = schedule(plans, catalog, budget=10 * H, peak=1.0, solver="cp-sat", **MARCH)
    assert sorted(p.activity for p in result.placements) == ["a", "b"]
    assert [(u.activity, u.reason.value) for u in result.unplaced] == [("big", "budget")]


def test_cp_sat_takes_an_alternative_only_where_the_first_choice_is_full():
    """One seat for two: one person takes the course, the other the e-learning instead."""
    catalog, plans = with_alternative(seats=1)
    result = schedule(plans, catalog, budget=8 * H, solver="cp-sat", **MARCH)
    used = sorted((p.activity, p.instead_of) for p in result.placements)
    assert used == [("course", None), ("elearning", "course")]


def test_cp_sat_does_not_swap_a_first_choice_for_a_cheaper_alternative_with_seats_left():
    """Cost comes after the plan's choice: with two seats both take the course."""
    catalog, plans = with_alternative(seats=2)
    result = schedule(plans, catalog, budget=8 * H, solver="cp-sat", **MARCH)
    assert [p.activity for p in result.placements] == ["course", "course"]


def test_cp_sat_gives_the_same_schedule_twice():
    """One worker, a fixed seed and a deterministic work limit: a run repeats exactly."""
    catalog, plans = with_alternative(seats=1)
    runs = [
        schedule(plans, catalog, budget=8 * H, solver="cp-sat", time_limit=SECOND, **MARCH)
        for _ in range(2)
    ]
    assert runs[0] == runs[1]


def test_reschedule_with_cp_sat_keeps_what_lies_before_the_day():
    catalog, plans = with_alternative(seats=1)
    first = schedule(plans, catalog, budget=8 * H, **MARCH)
    again = reschedule(
        first,
        plans,
        catalog,
        calendar=CALENDAR,
        as_of=D(2026, 3, 20),
        end=D(2026, 3, 31),
        budget=8 * H,
        solver="cp-sat",
    )
    assert set(first.placements) == {p for p in again.placements if p.on < D(2026, 3, 20)}
    assert again.status in (ScheduleStatus.OPTIMAL, ScheduleStatus.FEASIBLE)


@pytest.mark.parametrize("solver", ["cpsat", "CP-SAT", "", None, 1])
def test_an_unknown_solver_is_refused_naming_it(solver):
    catalog, plans = packing()
    with pytest.raises(ValidationError) as err:
        schedule(plans, catalog, budget=10 * H, solver=solver, **MARCH)
    assert (err.value.path, err.value.code) == ("solver", "bad-solver")


@pytest.mark.parametrize("limit", [dt.timedelta(0), -SECOND, 5, 5.0, "10s"])
def test_a_time_limit_other_than_a_positive_timedelta_is_refused(limit):
    catalog, plans = packing()
    with pytest.raises(ValidationError) as err:
        schedule(plans, catalog, budget=10 * H, solver="cp-sat", time_limit=limit, **MARCH)
    assert (err.value.path, err.value.code) == ("time_limit", "bad-time-limit")


def test_a_time_limit_for_the_heuristic_is_refused():
    """The heuristic has no limit to bound: a limit passed to it is a mistake, said at once."""
    catalog, plans = packing()
    with pytest.raises(ValidationError) as err:
        schedule(plans, catalog, budget=10 * H, time_limit=SECOND, **MARCH)
    assert err.value.code == "time-limit-without-cp-sat"


def test_without_or_tools_cp_sat_names_the_extra_to_install(monkeypatch):
    catalog, plans = packing()
    monkeypatch.setitem(sys.modules, "ortools.sat.python", None)
    with pytest.raises(ValidationError) as err:
        schedule(plans, catalog, budget=10 * H, solver="cp-sat", **MARCH)
    assert (
        err.value.path,
        err.value.code,
        err.value.params["extra"],
    ) == ("solver", "missing-extra", "solver")
    assert 'pip install "larande[solver]"' in str(err.value)
