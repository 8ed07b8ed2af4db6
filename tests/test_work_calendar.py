"""Working days: Sweden's calendar, closures, weekdays, and days outside the years."""

from __future__ import annotations

import datetime as dt

import pytest

from larande import ValidationError, WorkCalendar
from larande.io import json as ljson

D = dt.date


def test_sweden_2026_has_251_working_days():
    cal = WorkCalendar.sweden(2026)
    assert len(cal.working_days(D(2026, 1, 1), D(2026, 12, 31))) == 251


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (D(2026, 1, 6), "Epiphany"),
        (D(2026, 4, 3), "Good Friday"),
        (D(2026, 5, 14), "Ascension Day"),
        (D(2026, 6, 19), "Midsummer Eve"),
        (D(2026, 12, 24), "Christmas Eve"),
        (D(2026, 12, 31), "New Year's Eve"),
    ],
)
def test_swedish_days_off_are_not_working_days(day, why):
    assert WorkCalendar.sweden(2026).is_working(day) is False, why


def test_midsummer_eve_is_the_friday_between_the_19th_and_the_25th():
    cal = WorkCalendar.sweden([2027, 2028])
    assert cal.is_working(D(2027, 6, 25)) is False
    assert cal.is_working(D(2028, 6, 23)) is False


def test_a_closure_is_inclusive_at_both_ends():
    cal = WorkCalendar(2026, closures=[(D(2026, 7, 6), D(2026, 7, 10))])
    assert [cal.is_working(D(2026, 7, d)) for d in (3, 6, 10, 13)] == [True, False, False, True]


def test_custom_weekdays_say_which_days_people_work():
    four_days = WorkCalendar(2026, weekdays={0, 1, 2, 3})
    assert four_days.is_working(D(2026, 3, 6)) is False  # a Friday
    assert four_days.is_working(D(2026, 3, 5)) is True


def test_a_day_outside_the_calendars_years_is_refused():
    with pytest.raises(ValidationError, match="outside the calendar's years") as err:
        WorkCalendar(2026).is_working(D(2027, 1, 4))
    assert err.value.path == "day"


def test_working_days_refuse_a_range_reaching_outside_the_years():
    with pytest.raises(ValidationError) as err:
        WorkCalendar(2026).working_days(D(2026, 12, 1), D(2027, 1, 10))
    assert err.value.path == "end"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"years": []}, "years"),
        ({"years": 2026, "weekdays": {7}}, "weekdays"),
        ({"years": 2026, "closures": [(D(2026, 8, 1), D(2026, 7, 1))]}, "closures[0]"),
        ({"years": 2026, "holidays": {dt.datetime(2026, 1, 6, 9)}}, "holidays"),
    ],
)
def test_a_malformed_calendar_is_refused_naming_the_field(kwargs, field):
    with pytest.raises(ValidationError) as err:
        WorkCalendar(**kwargs)
    assert err.value.path == field


def test_a_calendar_round_trips_through_json():
    cal = WorkCalendar.sweden(2026, closures=[(D(2026, 7, 6), D(2026, 8, 9))])
    assert ljson.loads(ljson.dumps(cal), WorkCalendar) == cal
