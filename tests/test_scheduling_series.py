"""Recurring learning: a series placed once per period, and who leads each occurrence.

A monthly reflection at the team meeting or a weekly lunch lecture is an activity with
``every``; each plan item of it is placed once in every week, month or quarter of the
horizon, each occurrence a placement of its own (DESIGN 9.2, 9.7).
"""

from __future__ import annotations

import datetime as dt
import itertools

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from larande import (
    Absence,
    Activity,
    Catalog,
    Competency,
    Framework,
    LearningPlan,
    Organization,
    Person,
    Placement,
    PlanItem,
    Recurrence,
    Schedule,
    Session,
    Unit,
    UnplacedReason,
    ValidationError,
    WorkCalendar,
    reschedule,
    rotate,
    schedule,
)
from larande.io import json

H = dt.timedelta(hours=1)
D = dt.date
CAL = WorkCalendar(2026)
YEAR = {"calendar": CAL, "start": D(2026, 1, 1), "end": D(2026, 12, 31), "budget": 8 * H}
FIRST_TUESDAYS = [
    D(2026, m, 1) + dt.timedelta(days=(1 - D(2026, m, 1).weekday()) % 7) for m in range(1, 13)
]
APT = Activity(
    "apt",
    "Reflection at the team meeting",
    "reflection",
    {"x": 1},
    1.5 * H,
    group=True,
    every="month",
    sessions=[Session(f"apt-{d.month}", d, 30) for d in FIRST_TUESDAYS],
)
LUNCH = Activity("lunch", "Lunch lecture", "webinar", {"x": 1}, H, every="week")
TEAM = ("anna", "bo", "cai")
WARD = Organization(
    [Unit("care", "Care"), Unit("north", "North", "care"), Unit("south", "South", "care")],
    [Person(p, p.title(), "north") for p in TEAM] + [Person("dan", "Dan", "south")],
    [],
    Framework([Competency("x", "X")]),
)


def plans_of(activity: str, people=TEAM, **item) -> list[LearningPlan]:
    return [LearningPlan(p, [PlanItem(activity, (), **item)]) for p in people]


def test_a_monthly_series_is_placed_once_a_month_on_its_sessions():
    year = schedule(plans_of("apt"), Catalog([APT]), org=WARD, **YEAR)
    anna = year.for_person("anna")
    assert [(p.occurrence, p.on) for p in anna] == list(enumerate(FIRST_TUESDAYS, start=1))
    assert [p.id for p in anna][:2] == ["anna:apt:1", "anna:apt:2"]
    assert year.unplaced == ()


def test_a_weekly_self_paced_series_takes_a_working_day_each_week():
    quarter = {**YEAR, "end": D(2026, 3, 31)}
    year = schedule(plans_of("lunch", ["anna"]), Catalog([LUNCH]), **quarter)
    weeks = [p.on.isocalendar().week for p in year.placements]
    # 2026-01-01 is a Thursday: its week is the first, and 31 March falls in week 14.
    assert weeks == list(range(1, 15))
    assert [p.occurrence for p in year.placements] == list(range(1, 15))
    assert all(CAL.is_working(p.on) for p in year.placements)


def test_each_occurrence_counts_its_effort_against_the_budget():
    """Weekly hours add up: 8 hours a month leave room for some weeks only."""
    month = {**YEAR, "end": D(2026, 1, 31), "budget": 2 * H}
    year = schedule(plans_of("lunch", ["anna"]), Catalog([LUNCH]), peak=1.0, **month)
    assert len(year.placements) == 2
    assert {u.reason for u in year.unplaced} == {UnplacedReason.BUDGET}
    assert sorted(u.occurrence for u in year.unplaced) == [3, 4, 5]


def test_a_series_stops_at_the_items_deadline():
    year = schedule(plans_of("apt", ["anna"], deadline=D(2026, 4, 30)), Catalog([APT]), **YEAR)
    assert [p.on.month for p in year.placements] == [1, 2, 3, 4]
    assert year.unplaced == ()


def test_a_month_closed_for_learning_has_no_occurrence_and_keeps_the_numbering():
    year = schedule(plans_of("apt", ["anna"]), Catalog([APT]), season={7: 0}, **YEAR)
    assert [p.occurrence for p in year.placements] == [1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12]
    assert year.unplaced == ()


def test_an_occurrence_the_person_is_away_for_is_unplaced_on_its_own():
    away = Absence("anna", D(2026, 3, 1), D(2026, 4, 30), "sick leave")
    year = schedule(plans_of("apt", ["anna"]), Catalog([APT]), absences=[away], **YEAR)
    assert [(u.occurrence, u.reason) for u in year.unplaced] == [
        (3, UnplacedReason.HORIZON),
        (4, UnplacedReason.HORIZON),
    ]
    assert len(year.placements) == 10


def test_a_series_with_no_day_in_the_horizon_is_unplaced_as_a_whole():
    year = schedule(plans_of("apt", ["anna"], deadline=D(2025, 12, 31)), Catalog([APT]), **YEAR)
    (out,) = year.unplaced
    assert (out.occurrence, out.reason) == (None, UnplacedReason.DEADLINE)


def test_occurrences_keep_their_numbers_when_the_year_is_scheduled_again():
    """Numbers count from the first schedule's start, so calendar events stay the same."""
    first = schedule(plans_of("apt", ["anna"]), Catalog([APT]), **YEAR)
    again = reschedule(
        first,
        plans_of("apt", ["anna"]),
        Catalog([APT]),
        calendar=CAL,
        as_of=D(2026, 6, 15),
        end=D(2026, 12, 31),
        budget=8 * H,
    )
    assert [p.id for p in again.placements] == [p.id for p in first.placements]


def test_one_occurrence_done_stays_and_the_rest_is_placed_again():
    first = schedule(plans_of("apt", ["anna"]), Catalog([APT]), **YEAR)
    again = reschedule(
        first,
        plans_of("apt", ["anna"]),
        Catalog([APT]),
        calendar=CAL,
        as_of=D(2026, 1, 2),
        end=D(2026, 12, 31),
        budget=8 * H,
        done=[("anna", "apt", 5)],
    )
    assert first.placements[4] in again.placements
    assert len(again.placements) == 12


def test_a_bad_done_entry_is_refused_naming_it():
    first = schedule(plans_of("apt", ["anna"]), Catalog([APT]), **YEAR)
    with pytest.raises(ValidationError, match="triple") as err:
        reschedule(
            first,
            plans_of("apt", ["anna"]),
            Catalog([APT]),
            calendar=CAL,
            as_of=D(2026, 1, 2),
            end=D(2026, 12, 31),
            budget=8 * H,
            done=[("anna", "apt", 0)],
        )
    assert err.value.path == "done[0]"


def test_a_series_cannot_be_a_prerequisite():
    with pytest.raises(ValidationError, match="series 'apt'") as err:
        Catalog([APT, Activity("deep", "Deep", "course", {"x": 2}, H, prerequisites=["apt"])])
    assert err.value.code == "series-as-prerequisite"


def test_every_takes_the_three_periods_only():
    with pytest.raises(ValidationError, match="'week', 'month', 'quarter'"):
        attrs.evolve(APT, every="day")
    assert attrs.evolve(APT, every="quarter").every is Recurrence.QUARTER


def test_a_series_and_its_occurrences_round_trip_through_json():
    year = schedule(plans_of("apt", ["anna"]), Catalog([APT]), **YEAR)
    assert json.loads(json.dumps(year), Schedule) == year
    assert json.loads(json.dumps(APT), Activity) == APT


# -- who leads ------------------------------------------------------------------------------


def test_the_lead_rotates_fairly_among_the_units_members():
    year = schedule(plans_of("apt", (*TEAM, "dan")), Catalog([APT]), org=WARD, **YEAR)
    leads = rotate(year, WARD, "apt")
    north = [leads[("north", k)] for k in range(1, 13)]
    assert north[:4] == ["anna", "bo", "cai", "anna"]
    assert {north.count(p) for p in TEAM} == {4}
    assert {leads[("south", k)] for k in range(1, 13)} == {"dan"}


def test_someone_away_leads_less_and_the_others_make_up_for_it_evenly():
    away = Absence("anna", D(2026, 1, 1), D(2026, 6, 30), "parental leave")
    year = schedule(plans_of("apt"), Catalog([APT]), org=WARD, absences=[away], **YEAR)
    leads = rotate(year, WARD, "apt")
    counts = {p: list(leads.values()).count(p) for p in TEAM}
    assert counts == {"anna": 4, "bo": 4, "cai": 4}
    assert all(leads[("north", k)] != "anna" for k in range(1, 7))


def test_the_rotation_is_as_even_as_who_takes_part_allows():
    """A greedy turn would give anna the first two; the rotation looks ahead."""
    placements = [
        Placement("anna", "apt", D(2026, 1, 6), occurrence=1),
        Placement("bo", "apt", D(2026, 1, 6), occurrence=1),
        Placement("anna", "apt", D(2026, 2, 3), occurrence=2),
        Placement("anna", "apt", D(2026, 3, 3), occurrence=3),
    ]
    year = Schedule(placements, [], D(2026, 1, 1), D(2026, 3, 31), efforts={"apt": H})
    leads = rotate(year, WARD, "apt")
    assert leads == {("north", 1): "bo", ("north", 2): "anna", ("north", 3): "anna"}


def test_rotate_refuses_what_is_not_a_schedule():
    with pytest.raises(ValidationError) as err:
        rotate([], WARD, "apt")  # type: ignore[arg-type]
    assert err.value.path == "schedule"


def test_the_rotation_does_not_depend_on_the_order_of_the_placements():
    year = schedule(plans_of("apt", (*TEAM, "dan")), Catalog([APT]), org=WARD, **YEAR)
    shuffled = attrs.evolve(year, placements=tuple(reversed(year.placements)))
    assert rotate(shuffled, WARD, "apt") == rotate(year, WARD, "apt")


def test_one_off_placements_and_people_the_organisation_lacks_lead_nothing():
    placements = [
        Placement("anna", "apt", D(2026, 1, 6)),
        Placement("eve", "apt", D(2026, 1, 6), occurrence=1),
        Placement("bo", "apt", D(2026, 1, 6), occurrence=1),
    ]
    year = Schedule(placements, [], D(2026, 1, 1), D(2026, 1, 31), efforts={"apt": H})
    assert rotate(year, WARD, "apt") == {("north", 1): "bo"}


@pytest.mark.parametrize(
    ("org", "activity", "path"), [(None, "apt", "org"), (WARD, "", "activity")]
)
def test_rotate_refuses_a_bad_organisation_or_activity(org, activity, path):
    year = Schedule([], [], D(2026, 1, 1), D(2026, 1, 31))
    with pytest.raises(ValidationError) as err:
        rotate(year, org, activity)
    assert err.value.path == path


@st.composite
def attendance(draw: st.DrawFn) -> dict[int, set[str]]:
    """Who of the team takes part in each occurrence (someone always does)."""
    return {
        k: set(draw(st.lists(st.sampled_from(TEAM), min_size=1, unique=True)))
        for k in range(1, draw(st.integers(1, 6)) + 1)
    }


def _year_of(present: dict[int, set[str]]) -> Schedule:
    placements = [
        Placement(p, "apt", D(2026, k, 3), occurrence=k)
        for k, people in present.items()
        for p in people
    ]
    return Schedule(placements, [], D(2026, 1, 1), D(2026, 12, 31), efforts={"apt": H})


@settings(max_examples=60, deadline=None)
@given(attendance())
def test_whoever_leads_an_occurrence_takes_part_in_it(present):
    leads = rotate(_year_of(present), WARD, "apt")
    assert all(leads[("north", k)] in people for k, people in present.items())


@settings(max_examples=60, deadline=None)
@given(attendance())
def test_no_one_leads_more_often_than_the_fairest_rotation_needs(present):
    """The most anyone leads is the least any choice of leaders reaches (by brute force)."""
    leads = rotate(_year_of(present), WARD, "apt")
    most = max(list(leads.values()).count(p) for p in TEAM)
    fairest = min(
        max(choice.count(p) for p in TEAM)
        for choice in itertools.product(*(sorted(people) for people in present.values()))
    )
    assert most == fairest
