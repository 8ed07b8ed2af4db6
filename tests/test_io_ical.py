"""Schedules as calendars: one event per placement, stable UIDs, filters."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest

from larande import UnknownIdError, ValidationError, analyze, plan, reschedule, schedule
from larande.datasets import load_demo
from larande.io.ical import to_ical


@pytest.fixture(scope="module")
def demo_year():
    d = load_demo()
    report = analyze(d.org, d.assessments, d.signals, as_of=d.as_of)
    plans = plan(report, d.catalog, org=d.org)
    year = schedule(
        plans, d.catalog, calendar=d.calendar, start=d.start, end=d.end, budget=d.budget, org=d.org
    )
    return d, plans, year


def events_of(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def test_the_calendar_parses_back_with_one_event_per_placement(demo_year):
    d, _, year = demo_year
    found = events_of(to_ical(year, d.catalog))
    assert len(found) == len(year.placements)
    assert {str(e["UID"]) for e in found} == {f"{p.id}@larande" for p in year.placements}


def test_each_event_is_an_all_day_event_on_its_day_titled_by_the_activity(demo_year):
    d, _, year = demo_year
    first = year.placements[0]
    event = next(
        e for e in events_of(to_ical(year, d.catalog)) if str(e["UID"]).startswith(first.id)
    )
    assert event.decoded("DTSTART") == first.on
    assert str(event["SUMMARY"]) == d.catalog.activity(first.activity).title


def test_uids_stay_the_same_when_a_course_moves(demo_year):
    """A rescheduled placement keeps its UID, so calendars update it instead of adding one."""
    d, plans, year = demo_year
    later = reschedule(
        year,
        plans,
        d.catalog,
        calendar=d.calendar,
        as_of=dt.date(2026, 2, 1),
        end=d.end,
        budget=d.budget,
        org=d.org,
    )
    before = {str(e["UID"]) for e in events_of(to_ical(year, d.catalog))}
    after = {str(e["UID"]) for e in events_of(to_ical(later, d.catalog))}
    assert after <= before | {f"{p.id}@larande" for p in later.placements}
    assert before & after


def test_a_persons_calendar_holds_only_their_placements(demo_year):
    d, _, year = demo_year
    found = events_of(to_ical(year, d.catalog, person="xin.li"))
    assert len(found) == len(year.for_person("xin.li"))


def test_a_units_calendar_holds_its_members_placements(demo_year):
    d, _, year = demo_year
    members = {p.id for p in d.org.members("it")}
    found = events_of(to_ical(year, d.catalog, unit="it", org=d.org))
    assert len(found) == sum(1 for p in year.placements if p.person in members)


def test_with_plans_an_event_says_why_it_is_planned(demo_year):
    d, plans, year = demo_year
    found = events_of(to_ical(year, d.catalog, plans=plans, person="xin.li"))
    assert any("Why:" in str(e["DESCRIPTION"]) for e in found)


def test_each_occurrence_of_a_series_is_an_event_of_its_own(demo_year):
    """The monthly APT reflection: one event a month, each with its own UID."""
    d, _, year = demo_year
    series = [p for p in year.placements if p.occurrence is not None]
    uids = {str(e["UID"]) for e in events_of(to_ical(year, d.catalog))}
    assert len(series) > 1
    assert {f"{p.person}:{p.activity}:{p.occurrence}@larande" for p in series} <= uids


def test_an_alternative_says_what_it_stands_in_for_and_why(demo_year):
    d, _, _ = demo_year
    made = plan(
        analyze(d.org, d.assessments, d.signals, as_of=d.as_of),
        d.catalog,
        org=d.org,
        alternatives=2,
    )
    full = {s.id: s.capacity for s in d.catalog.activity("devops-workshop").sessions}
    year = schedule(
        made,
        d.catalog,
        calendar=d.calendar,
        start=d.start,
        end=d.end,
        budget=d.budget,
        org=d.org,
        taken=full,
    )
    swapped = next(p for p in year.placements if p.instead_of)
    found = [
        e
        for e in events_of(to_ical(year, d.catalog, plans=made, person=swapped.person))
        if str(e["UID"]) == f"{swapped.id}@larande"
    ]
    text = str(found[0]["DESCRIPTION"])
    assert "Instead of: DevOps in practice: pipelines and releases" in text
    assert "Why:" in text


def test_the_same_schedule_gives_the_same_bytes(demo_year):
    d, _, year = demo_year
    assert to_ical(year, d.catalog) == to_ical(year, d.catalog)


def test_a_unit_without_the_organisation_is_refused(demo_year):
    d, _, year = demo_year
    with pytest.raises(ValidationError, match="unit needs org"):
        to_ical(year, d.catalog, unit="it")


def test_an_unknown_person_is_refused(demo_year):
    d, _, year = demo_year
    with pytest.raises(UnknownIdError):
        to_ical(year, d.catalog, person="nobody")
