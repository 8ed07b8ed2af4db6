"""Durations read as hours (working time) or days (calendar spans), never as a timedelta."""

from __future__ import annotations

import datetime as dt

import pytest

from larande import Activity, ActivityKind, Competency, ValidationError

H = dt.timedelta(hours=1)


def test_an_activitys_effort_reads_in_hours():
    course = Activity("c", "Course", ActivityKind.COURSE, {"cpr": 1}, 16 * H)

    assert "effort=16 h," in repr(course)


def test_a_certificates_validity_reads_in_days():
    cpr = Competency("cpr", "CPR", validity=dt.timedelta(days=365))

    assert "validity=365 days" in repr(cpr)


def test_a_bad_duration_is_named_in_hours_in_the_error():
    """Not '-1 day, 19:00:00': the error says -5 h."""
    with pytest.raises(ValidationError) as info:
        Activity("c", "Course", ActivityKind.COURSE, {"cpr": 1}, -5 * H)

    assert "-5 h" in str(info.value)
    assert "day," not in str(info.value)
