"""Calendars and dates at their edges: long closures, the first and last days a date holds.

A closure costs what its period does, never its length in days; a day outside the
calendar's years is refused, and so is a range crossing a year the calendar lacks. Sweden's
calendar is the same whichever ``holidays`` release is installed. Dates at the edges of
what ``datetime.date`` holds (0001-01-01, 9999-12-31) give a right answer or a
``ValidationError``, never an ``OverflowError``.
"""

from __future__ import annotations

import datetime as dt
import tracemalloc

import pytest
from hypothesis import given
from hypothesis import strategies as st

from larande import (
    ActionPlanSet,
    ActivityCompleted,
    Assessment,
    Competency,
    FollowUpPolicy,
    Framework,
    Organization,
    Person,
    Requirement,
    Role,
    Signal,
    Unit,
    ValidationError,
    WorkCalendar,
    analyze,
    due,
    replay,
)
from larande.datasets import load_demo

D = dt.date
FIRST, LAST = dt.date.min, dt.date.max
ONE_DAY = dt.timedelta(days=1)


# -- closures -------------------------------------------------------------------------------


def test_a_closure_from_year_1_to_9999_closes_the_whole_calendar():
    cal = WorkCalendar(2026, closures=[(FIRST, LAST)])
    assert (cal.is_working(D(2026, 5, 5)), cal.working_days(D(2026, 1, 1), D(2026, 12, 31))) == (
        False,
        (),
    )


def test_a_closure_across_ten_thousand_years_costs_what_a_week_costs():
    """Day by day it took 590 MB; kept as a period it takes next to nothing."""
    tracemalloc.start()
    try:
        WorkCalendar(2026, closures=[(FIRST, LAST)]).is_working(D(2026, 5, 5))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000


def test_a_closure_over_new_year_closes_its_days_within_the_calendar():
    cal = WorkCalendar(2026, closures=[(D(2025, 12, 20), D(2026, 1, 6))])
    assert cal.working_days(D(2026, 1, 1), D(2026, 1, 9)) == (
        D(2026, 1, 7),
        D(2026, 1, 8),
        D(2026, 1, 9),
    )


def test_a_closure_outside_the_calendars_years_closes_nothing_in_them():
    cal = WorkCalendar(2026, closures=[(D(2027, 7, 1), D(2027, 7, 31))])
    assert len(cal.working_days(D(2026, 1, 1), D(2026, 12, 31))) == 261


def naive_working_days(cal: WorkCalendar, start: dt.date, end: dt.date) -> list[dt.date]:
    """Every day looked at on its own, closures expanded: the obvious reading."""
    closed = set()
    for first, last in cal.closures:
        day = first
        while day <= last:
            closed.add(day)
            day += ONE_DAY
    out, day = [], start
    while day <= end:
        if day.weekday() in cal.weekdays and day not in cal.holidays and day not in closed:
            out.append(day)
        day += ONE_DAY
    return out


DAYS_2026 = st.dates(D(2025, 11, 1), D(2027, 2, 28))


@st.composite
def closures(draw: st.DrawFn) -> tuple[dt.date, dt.date]:
    first = draw(DAYS_2026)
    return first, first + dt.timedelta(days=draw(st.integers(0, 60)))


@given(
    st.lists(closures(), max_size=6),
    st.frozensets(st.integers(0, 6), min_size=1),
    st.dates(D(2026, 1, 1), D(2026, 12, 31)),
    st.integers(0, 120),
)
def test_working_days_are_those_a_day_by_day_reading_finds(periods, weekdays, start, length):
    """Overlapping, touching, nested and out-of-year closures, any working week."""
    cal = WorkCalendar(2026, closures=periods, weekdays=weekdays)
    end = min(D(2026, 12, 31), start + dt.timedelta(days=length))
    expected = naive_working_days(cal, start, end)
    assert (list(cal.working_days(start, end)), [d for d in expected if cal.is_working(d)]) == (
        expected,
        expected,
    )


def test_working_days_across_a_year_the_calendar_lacks_are_refused():
    with pytest.raises(ValidationError, match="crosses 2027") as err:
        WorkCalendar([2026, 2028]).working_days(D(2026, 12, 1), D(2028, 1, 31))
    assert (err.value.path, err.value.code) == ("end", "outside-calendar")


@pytest.mark.parametrize("day", [FIRST, LAST])
def test_the_first_and_last_days_a_date_holds_are_outside_any_calendar(day):
    with pytest.raises(ValidationError, match="outside the calendar's years"):
        WorkCalendar([2, 9998]).is_working(day)


@pytest.mark.parametrize("year", [1, 9999])
def test_a_calendar_of_the_first_or_last_year_a_date_holds_is_refused(year):
    with pytest.raises(ValidationError) as err:
        WorkCalendar(year)
    assert err.value.path == "years"


@pytest.mark.parametrize("year", [2, 9998])
def test_a_calendar_of_the_years_next_to_the_edges_counts_its_working_days(year):
    cal = WorkCalendar(year, closures=[(FIRST, D(year, 1, 31)), (D(year, 12, 1), LAST)])
    days = cal.working_days(D(year, 1, 1), D(year, 12, 31))
    assert (days[0].month, days[-1].month) == (2, 11)


# -- Sweden's calendar, whatever the holidays release -----------------------------------------


def easter(year: int) -> dt.date:
    """Easter Sunday (the anonymous Gregorian computus)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month = (h + m - 7 * n + 114) // 31
    return D(year, month, (h + m - 7 * n + 114) % 31 + 1)


def first_weekday_from(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def swedish_days_off(year: int) -> set[dt.date]:
    """Sweden's public holidays and its three de facto days off, from the rules themselves."""
    e = easter(year)
    return {
        D(year, 1, 1),  # nyårsdagen
        D(year, 1, 6),  # trettondedag jul
        e - 2 * ONE_DAY,  # långfredagen
        e,  # påskdagen
        e + ONE_DAY,  # annandag påsk
        D(year, 5, 1),  # första maj
        e + 39 * ONE_DAY,  # Kristi himmelsfärdsdag
        e + 49 * ONE_DAY,  # pingstdagen
        D(year, 6, 6),  # nationaldagen
        first_weekday_from(D(year, 6, 19), 4),  # midsommarafton (de facto)
        first_weekday_from(D(year, 6, 20), 5),  # midsommardagen
        first_weekday_from(D(year, 10, 31), 5),  # alla helgons dag
        D(year, 12, 24),  # julafton (de facto)
        D(year, 12, 25),  # juldagen
        D(year, 12, 26),  # annandag jul
        D(year, 12, 31),  # nyårsafton (de facto)
    }


@pytest.mark.parametrize("year", [2024, 2025, 2026, 2027, 2030, 2035])
def test_with_a_seven_day_week_sweden_is_closed_on_its_days_off_only(year):
    """holidays before 0.107 counted every Sunday a holiday; Sundays must stay working days."""
    cal = WorkCalendar.sweden(year, weekdays=range(7))
    days = [D(year, 1, 1) + i * ONE_DAY for i in range(366 if year % 4 == 0 else 365)]
    assert {d for d in days if not cal.is_working(d)} == swedish_days_off(year)


@pytest.mark.parametrize("year", [1952, 2101, 9998])
def test_a_swedish_calendar_for_a_year_without_holiday_data_is_refused(year):
    with pytest.raises(ValidationError) as err:
        WorkCalendar.sweden([2026, year])
    assert (err.value.code, err.value.params["year"]) == ("no-holiday-data", year)


# -- analyses at the edges of the calendar --------------------------------------------------

CPR = Competency("cpr", "CPR", validity=dt.timedelta(days=365))
FRAMEWORK = Framework([CPR, Competency("medication", "Medication")])
NURSE = Role(
    "nurse",
    "Nurse",
    [Requirement("cpr", 1), Requirement("medication", 3, effective=D(9999, 6, 1))],
)
ORG = Organization(
    [Unit("care", "Care")],
    [Person(f"n{i}", f"Nurse {i}", "care", roles=["nurse"]) for i in range(3)],
    [NURSE],
    FRAMEWORK,
)


@pytest.mark.parametrize("as_of", [FIRST, FIRST + ONE_DAY, LAST - ONE_DAY, LAST])
def test_an_analysis_runs_on_the_first_and_last_days_a_date_holds(as_of):
    assessed = [Assessment("n0", "cpr", 1, FIRST), Assessment("n1", "cpr", 1, LAST)]
    signals = [Signal(f"s{i}", "deviation", as_of, "cpr", unit="care") for i in range(3)]
    report = analyze(ORG, assessed, signals, as_of=as_of)
    assert ("unit:care:cpr" in {n.id for n in report.needs}, len(report.needs) > 0) == (True, True)


def test_a_certificate_taken_on_the_last_day_a_date_holds_is_valid_that_day():
    report = analyze(ORG, [Assessment("n0", "cpr", 1, LAST)], as_of=LAST)
    assert [n.id for n in report.for_person("n0") if n.competency == "cpr"] == []


def test_a_certificate_expiring_after_the_last_day_a_date_holds_is_due_on_that_day():
    """Taken 9999-02-01 for a year: it runs out in the year 10000, given as 9999-12-31."""
    report = analyze(ORG, [Assessment("n0", "cpr", 1, D(9999, 2, 1))], as_of=D(9999, 12, 15))
    (need,) = [n for n in report.for_person("n0") if n.competency == "cpr"]
    assert (need.due, need.gap) == (LAST, 0)


def test_a_requirement_effective_in_the_last_year_is_a_future_need_near_the_end():
    report = analyze(ORG, [], as_of=D(9999, 1, 1))
    assert {n.id for n in report.for_person("n0")} >= {"person:n0:medication"}


def test_follow_up_is_not_due_past_the_last_day_a_date_holds():
    done = ActivityCompleted("e1", "n0", "cpr-course", LAST, passed=True)
    found = due(replay([done]), as_of=LAST)
    assert [(d.kind.value, d.due_on) for d in found] == []


def test_follow_up_from_the_first_day_a_date_holds_is_due_and_a_stall_beyond_the_last_is_not():
    plan_set = ActionPlanSet("e1", "n0", "cpr-course", FIRST, ["practise"])
    done = ActivityCompleted("e0", "n0", "cpr-course", FIRST, passed=True)
    policy = FollowUpPolicy(stalled_after=10**12)
    assert [d.kind.value for d in due(replay([done, plan_set]), as_of=LAST, policy=policy)] == [
        "check-in",
        "feedback",
        "share",
        "check-in",
        "check-in",
    ]


def test_the_demo_analysed_on_the_last_day_a_date_holds_finds_needs():
    demo = load_demo()
    report = analyze(demo.org, demo.assessments, demo.signals, as_of=LAST, goals=demo.goals)
    assert len(report.needs) > 0
