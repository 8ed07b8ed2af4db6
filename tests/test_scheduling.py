"""schedule() and reschedule(): each plan item placed once over the year, or said why not.

Small hand-built instances pin down each behaviour: bad input is refused naming the field;
an impossible plan is a result whose every item says why (horizon, deadline, prerequisite,
capacity, budget); the objective spreads learning, keeps prerequisites first, seats within
capacity and monthly loads within the time set aside. reschedule keeps what lies before the
day and what is done. The scenarios come from the source documents, on the demo
municipality: the CPR refresher and its few seats, the DevOps workshop after its e-learning,
and the Swedish days off. (tests/test_schedule_validator.py checks every hard constraint on
random instances.)
"""

from __future__ import annotations

import datetime as dt
import functools
import math

import pytest

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
    Schedule,
    Session,
    Unit,
    UnknownIdError,
    UnplacedReason,
    ValidationError,
    WorkCalendar,
    analyze,
    plan,
    reschedule,
    schedule,
)
from larande.datasets import load_demo

D = dt.date
H = dt.timedelta(hours=1)
CAL = WorkCalendar(2026)
YEAR = {"start": D(2026, 1, 1), "end": D(2026, 12, 31)}


# -- a small hand-built world -----------------------------------------------------------


def act(id, hours, *, sessions=(), prerequisites=(), group=False, kind="course"):
    return Activity(
        id,
        f"Activity {id}",
        kind,
        {"x": 1},
        hours * H,
        prerequisites=list(prerequisites),
        sessions=list(sessions),
        group=group,
    )


def item(activity, *, priority=1.0, deadline=None):
    return PlanItem(activity, (), deadline=deadline, priority=priority)


def plan_of(person, *activities, **options):
    return LearningPlan(person, [item(a, **options) for a in activities])


def place(plans, activities, **options):
    """schedule() on a work calendar of 2026 (no holidays), 8 h a month, the whole year."""
    settings = {"calendar": CAL, **YEAR, "budget": 8 * H, **options}
    return schedule(plans, Catalog(activities), **settings)


def _rest():
    """reschedule's other settings: to the end of 2026, 8 h a month."""
    return {"end": YEAR["end"], "budget": 8 * H}


def only_unplaced(result):
    (unplaced,) = result.unplaced
    return unplaced


def days(result, person):
    return {p.activity: p.on for p in result.for_person(person)}


INTRO = act("intro", 2, kind="e-learning")
DEEP = act("deep", 8, sessions=[Session("deep-1", D(2026, 3, 3), 5)], prerequisites=["intro"])
CPR = act("cpr", 4, sessions=[Session("cpr-1", D(2026, 2, 24), 1)])

FRAMEWORK = Framework([Competency("x", "X")])
ORG = Organization(
    [Unit("care", "Care"), Unit("north", "North", "care"), Unit("south", "South", "care")],
    [
        Person("anna", "Anna", "north", []),
        Person("bo", "Bo", "south", []),
        Person("carl", "Carl", "north", []),
        Person("dora", "Dora", "south", []),
        Person("eve", "Eve", "north", []),
    ],
    [],
    FRAMEWORK,
)


# -- bad input is refused, naming the field ---------------------------------------------


@pytest.mark.parametrize("seats", [0, -1])
def test_a_session_without_a_seat_is_refused(seats):
    with pytest.raises(ValidationError) as err:
        Session("cpr-1", D(2026, 2, 24), seats)
    assert err.value.path == "capacity"


@pytest.mark.parametrize("effort", [dt.timedelta(0), -H])
def test_an_activity_that_takes_no_time_is_refused(effort):
    with pytest.raises(ValidationError) as err:
        Activity("cpr", "CPR refresher", "course", {"cpr": 2}, effort)
    assert err.value.path == "effort"


@pytest.mark.parametrize("budget", [dt.timedelta(0), -H])
def test_a_budget_of_no_time_for_learning_is_refused(budget):
    with pytest.raises(ValidationError) as err:
        place([plan_of("anna", "intro")], [INTRO], budget=budget)
    assert (err.value.path, err.value.code) == ("budget", "bad-budget")


def test_a_budget_per_person_refuses_no_time_for_one_of_them():
    with pytest.raises(ValidationError) as err:
        place(
            [plan_of("anna", "intro"), plan_of("bo", "intro")],
            [INTRO],
            budget={"anna": 8 * H, "bo": dt.timedelta(0)},
        )
    assert (err.value.path, err.value.code) == ("budget['bo']", "bad-budget")


def test_a_budget_per_person_must_name_everyone_planned():
    with pytest.raises(ValidationError, match="'bo'") as err:
        place([plan_of("anna", "intro"), plan_of("bo", "intro")], [INTRO], budget={"anna": H})
    assert (err.value.path, err.value.code) == ("budget['bo']", "budget-missing-person")


def test_a_horizon_that_starts_after_it_ends_is_refused():
    with pytest.raises(ValidationError, match="2026-05-01 is after end 2026-04-01") as err:
        place([plan_of("anna", "intro")], [INTRO], start=D(2026, 5, 1), end=D(2026, 4, 1))
    assert (err.value.path, err.value.code) == ("start", "start-after-end")


def test_a_plan_naming_an_activity_missing_from_the_catalog_is_refused():
    with pytest.raises(UnknownIdError, match="the plan of 'anna' refers to an unknown") as err:
        place([plan_of("anna", "intro", "juggling")], [INTRO])
    assert (err.value.path, err.value.id) == ("plans[0].items[1].activity", "juggling")
    assert isinstance(err.value, KeyError)


def test_a_horizon_the_calendar_does_not_cover_is_refused():
    """A calendar of 2026 cannot say which days of January 2027 are working days."""
    with pytest.raises(ValidationError, match="2027-01-31 is outside") as err:
        place([plan_of("anna", "intro")], [INTRO], end=D(2027, 1, 31))
    assert (err.value.path, err.value.code) == ("end", "outside-calendar")


@pytest.mark.parametrize("peak", [0, -1.0, math.inf, math.nan, True, "2"])
def test_a_peak_that_is_not_a_finite_number_above_zero_is_refused(peak):
    with pytest.raises(ValidationError) as err:
        place([plan_of("anna", "intro")], [INTRO], peak=peak)
    assert err.value.path == "peak"


@pytest.mark.parametrize("as_of", ["2026-03-01", dt.datetime(2026, 3, 1, 9)])
def test_reschedule_refuses_an_as_of_that_is_not_a_date(as_of):
    plans = [plan_of("anna", "intro")]
    first = place(plans, [INTRO])
    with pytest.raises(ValidationError) as err:
        reschedule(first, plans, Catalog([INTRO]), calendar=CAL, as_of=as_of, **_rest())
    assert err.value.path == "as_of"


@pytest.mark.parametrize(
    "as_of", [D(2025, 12, 1), D(2027, 1, 11)], ids=["outside-calendar", "after-end"]
)
def test_reschedule_names_as_of_when_it_is_a_day_it_cannot_start_from(as_of):
    plans = [plan_of("anna", "intro")]
    first = place(plans, [INTRO])
    calendar = WorkCalendar([2025, 2026, 2027]) if as_of.year == 2027 else CAL
    with pytest.raises(ValidationError) as err:
        reschedule(first, plans, Catalog([INTRO]), calendar=calendar, as_of=as_of, **_rest())
    assert err.value.path == "as_of"


# -- infeasible is a result, never an exception -----------------------------------------


def test_an_item_larger_than_the_time_set_aside_is_unplaced_for_budget():
    """One month at 1 h a month leaves no room for an 8-hour course; the detail counts hours."""
    result = place([plan_of("anna", "big")], [act("big", 8)], end=D(2026, 1, 31), budget=H)
    unplaced = only_unplaced(result)
    assert (unplaced.activity, unplaced.reason) == ("big", UnplacedReason.BUDGET)
    assert unplaced.detail == (
        "anna's time for learning is used up where 'big' could go: 0 h of 1 h used, "
        "at most 2 h a month; it takes 8 h"
    )


def test_the_last_seat_goes_to_the_higher_priority_and_the_other_is_unplaced_for_capacity():
    result = place([plan_of("anna", "cpr", priority=1), plan_of("bo", "cpr", priority=5)], [CPR])
    assert [p.person for p in result.placements] == ["bo"]
    unplaced = only_unplaced(result)
    assert (unplaced.person, unplaced.reason) == ("anna", UnplacedReason.CAPACITY)
    assert "'cpr'" in unplaced.detail


def test_a_course_whose_only_session_is_after_the_deadline_is_unplaced_for_deadline():
    result = place([plan_of("anna", "cpr", deadline=D(2026, 2, 1))], [CPR])
    unplaced = only_unplaced(result)
    assert (unplaced.reason, unplaced.code, unplaced.detail) == (
        UnplacedReason.DEADLINE,
        "unplaced.deadline.sessions",
        "every session of 'cpr' between 2026-01-01 and 2026-12-31 is after the deadline "
        "2026-02-01",
    )


def test_self_study_due_before_the_horizon_starts_is_unplaced_for_deadline():
    result = place(
        [plan_of("anna", "intro", deadline=D(2026, 2, 1))], [INTRO], start=D(2026, 3, 2)
    )
    unplaced = only_unplaced(result)
    assert (unplaced.reason, unplaced.code, unplaced.detail) == (
        UnplacedReason.DEADLINE,
        "unplaced.deadline.first-day",
        "the deadline 2026-02-01 of 'intro' is before the first working day it could have, "
        "2026-03-02",
    )


def test_an_item_whose_prerequisite_cannot_be_placed_is_unplaced_for_prerequisite():
    """The e-learning's only session is before the horizon: the course that needs it waits."""
    intro = act("intro", 2, sessions=[Session("intro-1", D(2026, 1, 8), 5)])
    result = place([plan_of("anna", "intro", "deep")], [intro, DEEP], start=D(2026, 2, 2))
    reasons = {u.activity: (u.reason, u.code, u.detail) for u in result.unplaced}
    assert reasons["deep"] == (
        UnplacedReason.PREREQUISITE,
        "unplaced.prerequisite.not-placed",
        "'deep' for anna waits for its prerequisite 'intro', which is not placed",
    )


def test_a_course_with_no_session_after_its_prerequisite_is_unplaced_for_prerequisite():
    """Prerequisite and course run on the same day: a prerequisite must come strictly first."""
    intro = act("intro", 2, sessions=[Session("intro-1", D(2026, 3, 3), 5)])
    result = place([plan_of("anna", "intro", "deep")], [intro, DEEP])
    assert days(result, "anna") == {"intro": D(2026, 3, 3)}
    unplaced = only_unplaced(result)
    assert (unplaced.activity, unplaced.reason) == ("deep", UnplacedReason.PREREQUISITE)
    assert unplaced.detail == (
        "no session of 'deep' is left for anna after its prerequisite 'intro' on 2026-03-03"
    )


def test_an_item_whose_sessions_all_lie_outside_the_horizon_is_unplaced_for_horizon():
    result = place([plan_of("anna", "cpr")], [CPR], start=D(2026, 3, 2))
    unplaced = only_unplaced(result)
    assert (unplaced.reason, unplaced.code, unplaced.detail) == (
        UnplacedReason.HORIZON,
        "unplaced.horizon.no-session",
        "no session of 'cpr' falls on a working day between 2026-03-02 and 2026-12-31",
    )


def test_a_session_on_a_public_holiday_is_unusable_and_the_item_unplaced_for_horizon():
    """A session booked on Midsummer Eve cannot be attended."""
    midsummer = act("cpr", 4, sessions=[Session("cpr-mid", D(2026, 6, 19), 6)])
    result = place([plan_of("anna", "cpr")], [midsummer], calendar=WorkCalendar.sweden(2026))
    assert only_unplaced(result).reason == UnplacedReason.HORIZON


def test_self_study_over_a_weekend_horizon_is_unplaced_for_horizon():
    result = place([plan_of("anna", "intro")], [INTRO], start=D(2026, 3, 7), end=D(2026, 3, 8))
    assert (only_unplaced(result).reason, only_unplaced(result).detail) == (
        UnplacedReason.HORIZON,
        "no working day falls between 2026-03-07 and 2026-03-08",
    )


def test_the_first_reason_that_applies_is_given_horizon_before_deadline():
    """Sessions outside the horizon and a deadline already past: horizon comes first."""
    result = place([plan_of("anna", "cpr", deadline=D(2026, 1, 5))], [CPR], start=D(2026, 3, 2))
    assert only_unplaced(result).reason == UnplacedReason.HORIZON


# -- what the schedule aims for ---------------------------------------------------------


def test_a_prerequisite_is_placed_on_a_strictly_earlier_day_than_what_needs_it():
    deep = act("deep", 2, prerequisites=["intro"], kind="e-learning")
    result = place(
        [plan_of("anna", "intro", "deep")], [INTRO, deep], start=D(2026, 1, 5), end=D(2026, 1, 30)
    )
    assert days(result, "anna") == {"intro": D(2026, 1, 5), "deep": D(2026, 1, 6)}


def test_learning_is_spread_over_the_months_rather_than_piled_into_one():
    """Two full days of self-study over two months: one a month, each as early as it can."""
    result = place(
        [plan_of("anna", "a", "b")],
        [act("a", 8), act("b", 8)],
        start=D(2026, 1, 5),
        end=D(2026, 2, 27),
    )
    assert result.load("anna") == {(2026, 1): 8 * H, (2026, 2): 8 * H}


def test_a_persons_monthly_load_never_exceeds_peak_times_budget():
    """4 h a month at peak 1: four half-days land in four months."""
    result = place(
        [plan_of("anna", "a", "b", "c", "d")],
        [act(x, 4) for x in "abcd"],
        start=D(2026, 1, 5),
        end=D(2026, 4, 30),
        budget=4 * H,
        peak=1.0,
    )
    assert result.load("anna") == {(2026, m): 4 * H for m in (1, 2, 3, 4)}


def test_a_course_larger_than_the_monthly_cap_may_stand_alone_in_its_month():
    """A two-day course at 8 h a month, peak 1: placed, with nothing else that month."""
    course = act("course", 16, sessions=[Session("course-1", D(2026, 2, 10), 5)])
    result = place(
        [plan_of("anna", "course", "read")],
        [course, act("read", 1)],
        start=D(2026, 1, 5),
        end=D(2026, 3, 31),
        peak=1.0,
    )
    assert result.load("anna") == {(2026, 1): 1 * H, (2026, 2): 16 * H}
    assert result.unplaced == ()


def test_a_partly_covered_month_counts_whole_in_the_total_budget():
    """Friday 30 January to Monday 2 February touches two months: 16 h in all."""
    result = place(
        [plan_of("anna", "a", "b")],
        [act("a", 8), act("b", 8)],
        start=D(2026, 1, 30),
        end=D(2026, 2, 2),
    )
    assert (days(result, "anna"), result.unplaced) == (
        {"a": D(2026, 1, 30), "b": D(2026, 2, 2)},
        (),
    )


def test_self_study_goes_to_the_first_working_day_of_the_horizon():
    result = place([plan_of("anna", "intro")], [INTRO], start=D(2026, 1, 3))  # a Saturday
    assert result.placements == (Placement("anna", "intro", D(2026, 1, 5)),)


def test_a_session_never_holds_more_people_than_its_seats_less_those_taken():
    """Seven people, sessions of 2 and 3 seats, one of them taken by others: four get in."""
    course = act(
        "cpr",
        4,
        sessions=[Session("cpr-1", D(2026, 2, 24), 2), Session("cpr-2", D(2026, 5, 12), 3)],
    )
    people = ["p1", "p2", "p3", "p4", "p5", "p6", "p7"]
    result = place([plan_of(p, "cpr") for p in people], [course], taken={"cpr-2": 1})
    seated = {s: sum(p.session == s for p in result.placements) for s in ("cpr-1", "cpr-2")}
    assert seated == {"cpr-1": 2, "cpr-2": 2}
    assert {u.reason for u in result.unplaced} == {UnplacedReason.CAPACITY}
    assert len(result.unplaced) == 3


def test_a_group_activity_puts_a_unit_in_one_session_when_it_fits():
    """Team North's three members at the same workplace meeting, out of two that day."""
    apt = act(
        "apt",
        2,
        sessions=[Session("apt-a", D(2026, 3, 3), 3), Session("apt-b", D(2026, 3, 3), 3)],
        group=True,
        kind="reflection",
    )
    result = place([plan_of(p, "apt") for p in ("anna", "carl", "eve")], [apt], org=ORG)
    assert len({p.session for p in result.placements}) == 1


def test_a_group_activity_gives_each_unit_its_own_session_when_seats_allow():
    """North and South, two each, two 2-seat sessions on the same day: one unit a session."""
    apt = act(
        "apt",
        2,
        sessions=[Session("apt-a", D(2026, 3, 3), 2), Session("apt-b", D(2026, 3, 3), 2)],
        group=True,
        kind="reflection",
    )
    result = place([plan_of(p, "apt") for p in ("anna", "bo", "carl", "dora")], [apt], org=ORG)
    units = {p.person: ORG.person(p.person).unit for p in result.placements}
    by_session = {}
    for p in result.placements:
        by_session.setdefault(p.session, set()).add(units[p.person])
    assert sorted(map(sorted, by_session.values())) == [["north"], ["south"]]


def test_a_persons_load_is_the_effort_placed_in_each_month_and_leaves_out_empty_months():
    result = place(
        [plan_of("anna", "intro", "deep", "cpr")],
        [INTRO, DEEP, CPR],
        start=D(2026, 1, 5),
    )
    efforts = {"intro": 2 * H, "deep": 8 * H, "cpr": 4 * H}
    expected = {}
    for p in result.for_person("anna"):
        month = (p.on.year, p.on.month)
        expected[month] = expected.get(month, dt.timedelta()) + efforts[p.activity]
    assert len(result.for_person("anna")) == 3
    assert result.load("anna") == expected
    assert result.load("nobody") == {}


def test_for_person_gives_that_persons_placements_by_day_and_no_one_elses():
    result = place(
        [plan_of("anna", "intro", "deep"), plan_of("bo", "intro")],
        [INTRO, DEEP],
        start=D(2026, 1, 5),
    )
    annas = result.for_person("anna")
    assert {p.person for p in annas} == {"anna"}
    assert [p.activity for p in annas] == ["intro", "deep"]
    assert [p.on for p in annas] == sorted(p.on for p in annas)


def test_the_same_input_gives_an_equal_schedule():
    plans = [plan_of("anna", "intro", "deep", "cpr"), plan_of("bo", "cpr", "intro")]
    assert place(plans, [INTRO, DEEP, CPR]) == place(plans, [INTRO, DEEP, CPR])


# -- reschedule -------------------------------------------------------------------------

COURSE = act(
    "course",
    8,
    sessions=[Session("course-apr", D(2026, 4, 14), 5), Session("course-sep", D(2026, 9, 15), 5)],
)
WORLD = [INTRO, act("read", 2, kind="reading"), COURSE]
WORLD_PLANS = [plan_of("anna", "intro", "read", "course"), plan_of("bo", "read", "course")]
AS_OF = D(2026, 3, 1)


@functools.cache
def first_year():
    return place(WORLD_PLANS, WORLD, start=D(2026, 1, 5))


def again(**options):
    settings = {"calendar": CAL, "as_of": AS_OF, **_rest(), **options}
    return reschedule(first_year(), WORLD_PLANS, Catalog(WORLD), **settings)


def test_reschedule_keeps_every_placement_before_as_of_exactly():
    before = [p for p in first_year().placements if p.on < AS_OF]
    assert len(before) == 3
    assert [p for p in again().placements if p.on < AS_OF] == before


def test_reschedule_places_an_item_new_to_the_plan_on_or_after_as_of():
    """January and February had room, but they are past: the new reading goes in March."""
    plans = [*WORLD_PLANS[:1], plan_of("bo", "read", "course", "extra")]
    result = reschedule(
        first_year(),
        plans,
        Catalog([*WORLD, act("extra", 1, kind="reading")]),
        calendar=CAL,
        as_of=AS_OF,
        **_rest(),
    )
    assert days(result, "bo")["extra"] == D(2026, 3, 2)  # Sunday 1 March is no working day


def test_reschedule_moves_a_course_whose_session_has_since_filled_to_a_later_one():
    """The April course is now full: both move to September, the rest stays."""
    first = {p.id: p.session for p in first_year().placements if p.activity == "course"}
    later = {p.id: p.session for p in again(taken={"course-apr": 5}).placements}
    assert first == {"anna:course": "course-apr", "bo:course": "course-apr"}
    assert (later["anna:course"], later["bo:course"]) == ("course-sep", "course-sep")


def test_reschedule_keeps_a_done_item_where_it_was_even_after_as_of():
    """Bo's April course is done: it stays, though its session is now full."""
    result = again(taken={"course-apr": 5}, done=[("bo", "course")])
    assert days(result, "bo")["course"] == D(2026, 4, 14)
    assert days(result, "anna")["course"] == D(2026, 9, 15)


def test_reschedule_drops_a_done_item_that_was_never_placed():
    """Done elsewhere: it is neither placed again nor listed as unplaced."""
    result = reschedule(
        place([plan_of("anna", "cpr")], [CPR], start=D(2026, 3, 2)),
        [plan_of("anna", "cpr")],
        Catalog([CPR]),
        calendar=CAL,
        as_of=AS_OF,
        done=[("anna", "cpr")],
        **_rest(),
    )
    assert (result.placements, result.unplaced) == ((), ())


def test_a_kept_placement_keeps_counting_against_the_budget():
    """January's 8 h stay: of 16 h for January and February, 12 more do not fit."""
    catalog = Catalog([act("a", 8), act("b", 12)])
    first = schedule(
        [plan_of("anna", "a")],
        catalog,
        calendar=CAL,
        start=D(2026, 1, 5),
        end=D(2026, 2, 27),
        budget=8 * H,
    )
    result = reschedule(
        first,
        [plan_of("anna", "a", "b")],
        catalog,
        calendar=CAL,
        as_of=D(2026, 2, 2),
        end=D(2026, 2, 27),
        budget=8 * H,
    )
    assert days(result, "anna") == {"a": D(2026, 1, 5)}
    assert only_unplaced(result).reason == UnplacedReason.BUDGET


def test_a_prerequisite_marked_done_no_longer_holds_back_what_needs_it():
    """Anna found no seat in the e-learning but did it elsewhere: the course may follow."""
    intro = act("intro", 2, sessions=[Session("intro-1", D(2026, 1, 8), 1)])
    deep = act("deep", 8, sessions=[Session("deep-1", D(2026, 4, 14), 5)], prerequisites=["intro"])
    plans = [plan_of("bo", "intro", priority=5), plan_of("anna", "intro", "deep")]
    first = place(plans, [intro, deep], start=D(2026, 1, 5))
    assert "deep" not in days(first, "anna")
    result = reschedule(
        first,
        plans,
        Catalog([intro, deep]),
        calendar=CAL,
        as_of=D(2026, 2, 2),
        done=[("anna", "intro")],
        **_rest(),
    )
    assert days(result, "anna") == {"deep": D(2026, 4, 14)}


RETIRED = act("retired", 6, kind="e-learning")


def _after_retirement():
    """Anna's 6-hour e-learning in January stays; the catalog no longer offers it."""
    first = schedule(
        [plan_of("anna", "retired", "read")],
        Catalog([RETIRED, act("read", 2)]),
        calendar=CAL,
        start=D(2026, 1, 5),
        end=D(2026, 2, 27),
        budget=8 * H,
    )
    assert days(first, "anna")["retired"] == D(2026, 1, 5)
    return reschedule(
        first,
        [plan_of("anna", "read", "more")],
        Catalog([act("read", 2), act("more", 10)]),
        calendar=CAL,
        as_of=D(2026, 2, 2),
        end=D(2026, 2, 27),
        budget=8 * H,
    )


def test_a_kept_activity_the_catalog_no_longer_offers_is_refused_by_name():
    """Its 6 hours still count against Anna's budget, and only the catalog knows them."""
    with pytest.raises(UnknownIdError) as err:
        _after_retirement()
    assert err.value.path == "schedule.placements[0].activity"
    assert "'retired'" in str(err.value)


def test_a_schedule_must_know_the_effort_of_every_activity_it_places():
    with pytest.raises(ValidationError) as err:
        Schedule([Placement("anna", "intro", D(2026, 1, 5))], [], D(2026, 1, 1), D(2026, 12, 31))
    assert err.value.path == "efforts['intro']"


# -- absences --------------------------------------------------------------------------


def test_nothing_is_placed_while_a_person_is_on_parental_leave():
    """Anna is away from January to May: her self-study waits for June."""
    leave = Absence("anna", D(2026, 1, 1), D(2026, 5, 31), "parental leave")
    result = place([plan_of("anna", "intro"), plan_of("bo", "intro")], [INTRO], absences=[leave])
    assert days(result, "anna") == {"intro": D(2026, 6, 1)}
    assert days(result, "bo") == {"intro": D(2026, 1, 1)}


def test_a_course_whose_every_session_falls_in_an_absence_is_unplaced_for_horizon():
    away = Absence("anna", D(2026, 2, 1), D(2026, 2, 28))
    result = place([plan_of("anna", "cpr")], [CPR], absences=[away])
    unplaced = only_unplaced(result)
    assert unplaced.reason == UnplacedReason.HORIZON
    assert (unplaced.code, unplaced.detail) == (
        "unplaced.horizon.away",
        "every session of 'cpr' between 2026-01-01 and 2026-12-31 falls while anna is away",
    )


def test_a_session_outside_the_absence_is_still_used():
    two = act(
        "two", 4, sessions=[Session("feb", D(2026, 2, 24), 5), Session("apr", D(2026, 4, 7), 5)]
    )
    away = Absence("anna", D(2026, 2, 1), D(2026, 2, 28))
    result = place([plan_of("anna", "two")], [two], absences=[away])
    assert days(result, "anna") == {"two": D(2026, 4, 7)}


def test_reschedule_keeps_to_absences_too():
    plans = [plan_of("anna", "intro", "deep")]
    first = place(plans, [INTRO, DEEP], start=D(2026, 1, 5))
    away = Absence("anna", D(2026, 2, 2), D(2026, 12, 31))
    result = reschedule(
        first,
        plans,
        Catalog([INTRO, DEEP]),
        calendar=CAL,
        as_of=D(2026, 2, 2),
        absences=[away],
        **_rest(),
    )
    assert days(result, "anna") == {"intro": D(2026, 1, 5)}
    assert only_unplaced(result).reason == UnplacedReason.HORIZON


def test_an_absence_of_someone_unknown_to_the_organisation_is_refused():
    away = Absence("zed", D(2026, 2, 1), D(2026, 2, 28))
    with pytest.raises(UnknownIdError) as err:
        place([plan_of("anna", "intro")], [INTRO], org=ORG, absences=[away])
    assert err.value.path == "absences[0].person"


def test_absences_must_be_absence_records():
    with pytest.raises(ValidationError) as err:
        place([plan_of("anna", "intro")], [INTRO], absences=[("anna", D(2026, 2, 1))])
    assert err.value.path == "absences[0]"


def test_an_absence_ending_before_it_starts_is_refused():
    with pytest.raises(ValidationError, match="on or after start"):
        Absence("anna", D(2026, 3, 1), D(2026, 2, 1))


# -- scenarios on the demo municipality -------------------------------------------------


@functools.cache
def demo():
    return load_demo()


@functools.cache
def demo_plans():
    """The demo's plans, as the CLI makes them."""
    ds = demo()
    report = analyze(ds.org, ds.assessments, ds.signals, as_of=ds.as_of)
    return plan(report, ds.catalog, org=ds.org, assessments=ds.assessments, as_of=ds.as_of)


def demo_year(**options) -> Schedule:
    ds = demo()
    settings = {
        "calendar": ds.calendar,
        "start": ds.start,
        "end": ds.end,
        "budget": ds.budget,
        "org": ds.org,
        **options,
    }
    return schedule(demo_plans(), ds.catalog, **settings)


@functools.cache
def the_demo_year() -> Schedule:
    return demo_year()


def test_the_cpr_refresher_lands_in_its_dated_sessions_within_their_six_seats():
    sessions = {s.id: s for s in demo().catalog.activity("cpr-refresher").sessions}
    cpr = [p for p in the_demo_year().placements if p.activity == "cpr-refresher"]
    planned = [p.person for p in demo_plans() if "cpr-refresher" in p.activities]
    assert sorted(p.person for p in cpr) == sorted(planned)
    assert all(p.on == sessions[p.session].on for p in cpr)
    seated = [sum(p.session == s for p in cpr) for s in sessions]
    assert {s.capacity for s in sessions.values()} == {6}
    assert max(seated) <= 6


def test_with_januarys_cpr_session_booked_up_those_due_in_february_are_unplaced_for_seats():
    """Amir and Göran are due by 20 February; the only session before then is full."""
    result = demo_year(taken={"cpr-2026-01-27": 6})
    assert [(u.person, u.reason) for u in result.unplaced if u.activity == "cpr-refresher"] == [
        ("amir.haddad", UnplacedReason.CAPACITY),
        ("goran.blom", UnplacedReason.CAPACITY),
    ]
    assert all(
        p.session != "cpr-2026-01-27" for p in result.placements if p.activity == "cpr-refresher"
    )


def test_the_devops_workshop_comes_after_its_e_learning_for_every_it_person():
    it_people = {p.id for p in demo().org.members("it")}
    pairs = {
        person: days(the_demo_year(), person)
        for person in it_people
        if "devops-workshop" in days(the_demo_year(), person)
    }
    assert len(pairs) == 7
    assert all(d["devops-elearning"] < d["devops-workshop"] for d in pairs.values())


def test_when_februarys_devops_workshop_is_full_the_it_platform_team_takes_later_ones():
    """March's and September's sessions, each after the person's e-learning."""
    result = demo_year(taken={"devopsws-2026-02-17": 10})
    workshop = {p.person: p.on for p in result.placements if p.activity == "devops-workshop"}
    platform = [p.id for p in demo().org.members("it-platform")]
    assert {workshop[p] for p in platform if p in workshop} == {D(2026, 3, 10), D(2026, 9, 22)}
    assert all(days(result, p)["devops-elearning"] < workshop[p] for p in workshop)


@pytest.mark.parametrize(
    ("day_off", "next_working_day"),
    [
        (D(2026, 1, 6), D(2026, 1, 7)),  # Epiphany
        (D(2026, 4, 3), D(2026, 4, 7)),  # Good Friday, then Easter Monday
        (D(2026, 5, 14), D(2026, 5, 15)),  # Ascension Day
        (D(2026, 6, 19), D(2026, 6, 22)),  # Midsummer Eve
        (D(2026, 12, 24), D(2026, 12, 28)),  # Christmas Eve, Christmas, Boxing Day
    ],
    ids=["epiphany", "good-friday", "ascension", "midsummer-eve", "christmas-eve"],
)
def test_learning_planned_from_a_swedish_day_off_starts_on_the_next_working_day(
    day_off, next_working_day
):
    result = demo_year(start=day_off)
    assert min(p.on for p in result.placements) == next_working_day


SWEDISH_DAYS_OFF_2026 = {
    D(2026, 1, 1),
    D(2026, 1, 6),
    D(2026, 4, 3),
    D(2026, 4, 6),
    D(2026, 5, 1),
    D(2026, 5, 14),
    D(2026, 6, 19),  # Midsummer Eve
    D(2026, 12, 24),  # Christmas Eve
    D(2026, 12, 25),
    D(2026, 12, 31),  # New Year's Eve
}


def test_nothing_is_placed_on_a_weekend_a_swedish_day_off_or_in_the_summer_closure():
    """The whole demo year, and its second half alone, where the days off are thickest."""
    placed = the_demo_year().placements + demo_year(start=D(2026, 6, 15)).placements
    summer = (D(2026, 6, 29), D(2026, 8, 9))
    assert [
        p
        for p in placed
        if p.on.weekday() >= 5 or p.on in SWEDISH_DAYS_OFF_2026 or summer[0] <= p.on <= summer[1]
    ] == []


def test_within_the_summer_closure_every_item_is_unplaced_for_horizon():
    result = demo_year(start=D(2026, 7, 1), end=D(2026, 8, 7))
    assert result.placements == ()
    assert {u.reason for u in result.unplaced} == {UnplacedReason.HORIZON}
