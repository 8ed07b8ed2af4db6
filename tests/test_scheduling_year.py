"""The year spread: time set aside per month or per year, busy seasons, a levelled year.

Small hand-built instances pin each rule down: a yearly budget counts its share of a
shorter horizon and is spread over the months for the peak rule; budgets per person may mix
monthly and yearly ones; messages name hours. (tests/test_schedule_validator.py checks
every hard constraint on random instances with the same kinds of budgets.)
"""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.test_schedule_validator import check, instances, unplaced_priority

from larande import (
    Activity,
    Budget,
    Catalog,
    Competency,
    Evenness,
    Framework,
    LearningPlan,
    Organization,
    Period,
    Person,
    Placement,
    PlanItem,
    Schedule,
    Session,
    Unit,
    UnplacedReason,
    ValidationError,
    WorkCalendar,
    reschedule,
    schedule,
)
from larande.io import json

D = dt.date
H = dt.timedelta(hours=1)
CAL = WorkCalendar(2026)
YEAR = {"start": D(2026, 1, 1), "end": D(2026, 12, 31)}


def act(id, hours, *, sessions=(), prerequisites=(), group=False, kind="e-learning", cost=0.0):
    return Activity(
        id,
        f"Activity {id}",
        kind,
        {"x": 1},
        hours * H,
        prerequisites=list(prerequisites),
        sessions=list(sessions),
        group=group,
        cost=cost,
    )


def plan_of(person, *activities, priority=1.0, deadline=None):
    return LearningPlan(
        person, [PlanItem(a, (), deadline=deadline, priority=priority) for a in activities]
    )


def place(plans, activities, **options):
    """schedule() on a work calendar of 2026 (no holidays), the whole year by default."""
    settings = {"calendar": CAL, **YEAR, **options}
    return schedule(plans, Catalog(activities), **settings)


EIGHT = [act(f"c{i}", 8) for i in range(8)]


def placed(result, person="anna"):
    return sorted(p.activity for p in result.for_person(person))


# -- budgets per month or per year --------------------------------------------------------


def test_a_yearly_budget_over_a_whole_year_is_the_whole_years_time():
    """40 h a year: five 8-hour days fit, the sixth does not."""
    result = place(
        [plan_of("anna", *[a.id for a in EIGHT[:6]])], EIGHT[:6], budget=Budget(40 * H, "year")
    )
    assert len(placed(result)) == 5
    assert [u.reason for u in result.unplaced] == [UnplacedReason.BUDGET]


def test_a_yearly_budget_counts_its_share_of_a_shorter_horizon_by_months_touched():
    """48 h a year over March to August (six months touched) is 24 h: three days of four."""
    result = place(
        [plan_of("anna", *[a.id for a in EIGHT[:4]])],
        EIGHT[:4],
        start=D(2026, 3, 16),
        end=D(2026, 8, 3),
        budget=Budget(48 * H, Period.YEAR),
    )
    assert len(placed(result)) == 3


def test_a_yearly_budget_is_spread_over_the_months_for_the_peak_rule():
    """24 h a year is 2 h a month; at peak 2, two 3-hour items due in January cannot both go."""
    items = [act("a", 3), act("b", 3)]
    result = place(
        [plan_of("anna", "a", "b", deadline=D(2026, 1, 30))],
        items,
        budget=Budget(24 * H, "year"),
    )
    assert len(placed(result)) == 1
    assert result.unplaced[0].reason == UnplacedReason.BUDGET


def test_a_bare_timedelta_is_a_monthly_budget():
    monthly = place([plan_of("anna", "c0", "c1")], EIGHT[:2], budget=8 * H)
    as_budget = place([plan_of("anna", "c0", "c1")], EIGHT[:2], budget=Budget(8 * H))
    assert monthly == as_budget


def test_budgets_per_person_may_mix_monthly_and_yearly_time():
    """Anna has 8 h a month (96 h a year); Bo 16 h a year: Bo gets two of his four days."""
    ids = [a.id for a in EIGHT[:4]]
    result = place(
        [plan_of("anna", *ids), plan_of("bo", *ids)],
        EIGHT[:4],
        budget={"anna": 8 * H, "bo": Budget(16 * H, "year")},
    )
    assert (len(placed(result, "anna")), len(placed(result, "bo"))) == (4, 2)


def test_reschedule_takes_a_yearly_budget_counted_from_the_first_start():
    """Of 24 h a year, January's 8 h stay: two more days fit after as_of, not three."""
    ids = [a.id for a in EIGHT[:4]]
    year = Budget(24 * H, "year")
    first = place([plan_of("anna", "c0")], EIGHT[:4], budget=year)
    again = reschedule(
        first,
        [plan_of("anna", *ids)],
        Catalog(EIGHT[:4]),
        calendar=CAL,
        as_of=D(2026, 2, 2),
        end=YEAR["end"],
        budget=year,
    )
    assert len(placed(again)) == 3


@pytest.mark.parametrize(
    ("budget", "path", "shown"),
    [
        (-H, "budget", "-1 h"),
        (dt.timedelta(0), "budget", "0 h"),
        ({"anna": -2 * H}, "budget['anna']", "-2 h"),
    ],
)
def test_a_budget_of_no_time_is_refused_naming_it_in_hours(budget, path, shown):
    with pytest.raises(ValidationError) as err:
        place([plan_of("anna", "c0")], EIGHT[:1], budget=budget)
    assert (err.value.path, err.value.code) == (path, "bad-budget")
    assert str(err.value).endswith(f"got {shown}")


def test_a_budget_that_is_neither_a_budget_nor_a_timedelta_is_refused_by_person():
    with pytest.raises(ValidationError) as err:
        place([plan_of("anna", "c0")], EIGHT[:1], budget={"anna": 8})
    assert (err.value.path, err.value.code) == ("budget['anna']", "bad-budget")


def test_a_budget_record_refuses_no_time_in_hours():
    with pytest.raises(ValidationError, match=r"above zero for Budget\.amount, got -8 h") as err:
        Budget(-8 * H)
    assert err.value.path == "amount"


def test_a_budget_record_refuses_an_unknown_period():
    with pytest.raises(ValidationError, match="'month', 'year'") as err:
        Budget(8 * H, "week")
    assert err.value.path == "per"


def test_a_budget_reads_in_hours_and_round_trips_through_json():
    year = Budget(40 * H, "year")
    assert repr(year) == "Budget(40 h a year)"
    assert json.loads(json.dumps(year), Budget) == year
    assert json.loads(json.dumps(Budget(8 * H)), Budget).per is Period.MONTH


# -- seasons ------------------------------------------------------------------------------

CPR = act("cpr", 4, kind="course", sessions=[Session("cpr-jul", D(2026, 7, 7), 6)])


def test_a_month_whose_season_share_is_zero_takes_no_learning():
    """January closed: the self-study goes to the first working day of February."""
    result = place([plan_of("anna", "c0")], EIGHT[:1], budget=8 * H, season={1: 0})
    assert [p.on for p in result.placements] == [D(2026, 2, 2)]


def test_a_session_in_a_closed_month_is_unusable_and_the_item_unplaced_for_horizon():
    result = place([plan_of("anna", "cpr")], [CPR], budget=8 * H, season={7: 0.0, 8: 0.5})
    (unplaced,) = result.unplaced
    assert (unplaced.reason, unplaced.detail) == (
        UnplacedReason.HORIZON,
        "every session of 'cpr' between 2026-01-01 and 2026-12-31 falls in a month closed "
        "for learning (its season share is 0)",
    )


def test_self_study_in_a_horizon_of_closed_months_only_is_unplaced_for_horizon():
    result = place(
        [plan_of("anna", "c0")],
        EIGHT[:1],
        start=D(2026, 7, 1),
        end=D(2026, 8, 31),
        budget=8 * H,
        season={7: 0, 8: 0},
    )
    (unplaced,) = result.unplaced
    assert unplaced.reason == UnplacedReason.HORIZON
    assert unplaced.detail.endswith("in a month open for learning (season share above 0)")


def test_a_busy_month_with_a_low_share_still_takes_learning_when_nothing_else_will_do():
    """The only session is in July at a share of 0.3: a share above 0 is no closure."""
    result = place([plan_of("anna", "cpr")], [CPR], budget=8 * H, season={7: 0.3})
    assert [p.on for p in result.placements] == [D(2026, 7, 7)]


def test_reschedule_keeps_to_the_season_too():
    first = place([plan_of("anna", "c0")], EIGHT[:1], budget=8 * H)
    again = reschedule(
        first,
        [plan_of("anna", "c0", "c1")],
        Catalog(EIGHT[:2]),
        calendar=CAL,
        as_of=D(2026, 2, 2),
        end=YEAR["end"],
        budget=8 * H,
        season={2: 0, 3: 0},
    )
    assert [p.on.month for p in again.placements if p.activity == "c1"] == [4]


@pytest.mark.parametrize(
    ("season", "path"),
    [
        ("summer", "season"),
        ({13: 0.5}, "season[13]"),
        ({"7": 0.5}, "season['7']"),
        ({7: -0.1}, "season[7]"),
        ({7: math.inf}, "season[7]"),
        ({7: math.nan}, "season[7]"),
        ({7: True}, "season[7]"),
        ({7: "low"}, "season[7]"),
    ],
)
def test_a_season_that_is_not_months_to_shares_is_refused_naming_the_month(season, path):
    with pytest.raises(ValidationError) as err:
        place([plan_of("anna", "c0")], EIGHT[:1], budget=8 * H, season=season)
    assert err.value.path == path


# -- the year levelled ----------------------------------------------------------------------

FRAMEWORK = Framework([Competency("x", "X")])
WARD = Organization(
    [Unit("care", "Care"), Unit("ward", "Ward", "care"), Unit("night", "Night", "care")],
    [Person(p, p.title(), "ward") for p in ("anna", "bo", "cai", "dan", "eva", "fia")]
    + [Person("gus", "Gus", "night")],
    [],
    FRAMEWORK,
)
SPRING = {"start": D(2026, 1, 1), "end": D(2026, 6, 30), "budget": 8 * H}


def months_of(result):
    return sorted((p.on.month, p.person) for p in result.placements)


def test_a_units_learning_is_spread_over_its_months_rather_than_piled_into_the_first():
    """Six colleagues, a day of self-study each, six months: one a month, not six in January."""
    ward = ["anna", "bo", "cai", "dan", "eva", "fia"]
    result = place([plan_of(p, "c0") for p in ward], EIGHT[:1], org=WARD, **SPRING)
    assert sorted(p.on.month for p in result.placements) == [1, 2, 3, 4, 5, 6]


def test_without_an_organisation_each_person_is_levelled_alone():
    """Nobody shares a month with anyone: each learns as early as their own year allows."""
    ward = ["anna", "bo", "cai"]
    result = place([plan_of(p, "c0") for p in ward], EIGHT[:1], **SPRING)
    assert [p.on for p in result.placements] == [D(2026, 1, 1)] * 3


def test_each_unit_is_levelled_against_its_own_capacity():
    """Gus alone on nights, the ward's two: each unit's first learning goes in January."""
    result = place(
        [plan_of("anna", "c0"), plan_of("bo", "c0"), plan_of("gus", "c0")],
        EIGHT[:1],
        org=WARD,
        **SPRING,
    )
    months = {person: month for month, person in months_of(result)}
    assert (months["gus"], sorted([months["anna"], months["bo"]])) == (1, [1, 2])


def test_a_month_with_a_low_season_share_is_left_calmer():
    """Three days over January to April, March at half capacity: March stays free."""
    result = place(
        [plan_of("anna", "c0", "c1", "c2")],
        EIGHT[:3],
        start=D(2026, 1, 1),
        end=D(2026, 4, 30),
        budget=8 * H,
        season={3: 0.5},
    )
    assert sorted(p.on.month for p in result.placements) == [1, 2, 4]


def test_with_the_unit_level_each_persons_own_peak_comes_next():
    """Two colleagues, two half-days each, two months: each person has one a month."""
    halves = [act("h0", 4), act("h1", 4)]
    result = place(
        [plan_of("anna", "h0", "h1"), plan_of("bo", "h0", "h1")],
        halves,
        org=WARD,
        start=D(2026, 1, 1),
        end=D(2026, 2, 27),
        budget=8 * H,
    )
    assert {p: result.peak(p) for p in ("anna", "bo")} == {"anna": 4 * H, "bo": 4 * H}


def test_levelling_never_leaves_out_what_fits():
    """A full year for everyone: levelling moves learning, it never drops any."""
    ward = ["anna", "bo", "cai", "dan", "eva", "fia"]
    result = place(
        [plan_of(p, *[a.id for a in EIGHT]) for p in ward], EIGHT, org=WARD, budget=8 * H
    )
    assert result.unplaced == ()
    assert result.evenness(WARD).by_unit["ward"] <= 1.2


# -- evenness -----------------------------------------------------------------------------


def test_evenness_is_the_busiest_month_over_the_mean_month_with_capacity():
    """16 h in March, 8 h in April, nothing in May: 16 over a mean of 8."""
    result = Schedule(
        [
            Placement("anna", "c0", D(2026, 3, 2)),
            Placement("bo", "c1", D(2026, 3, 3)),
            Placement("anna", "c2", D(2026, 4, 7)),
        ],
        [],
        D(2026, 3, 1),
        D(2026, 6, 30),
        efforts={"c0": 8 * H, "c1": 8 * H, "c2": 8 * H},
        shares={"2026-03": 1.0, "2026-04": 1.0, "2026-05": 0.5, "2026-06": 0.0},
    )
    assert result.evenness().peak_to_mean == 2.0


def test_evenness_per_unit_counts_the_members_of_its_sub_units():
    """Anna's two days in two months are level; Gus's one day is not; together 16 h and 8 h."""
    result = place(
        [plan_of("anna", "c0", "c1"), plan_of("gus", "c0")],
        EIGHT[:2],
        org=WARD,
        start=D(2026, 1, 1),
        end=D(2026, 2, 27),
        budget=8 * H,
    )
    even = result.evenness(WARD)
    assert dict(even.by_unit) == {"care": pytest.approx(4 / 3), "night": 2.0, "ward": 1.0}
    assert even.peak_to_mean == pytest.approx(4 / 3)


def test_evenness_of_a_schedule_with_nothing_placed_is_zero():
    result = place([plan_of("anna", "c0")], EIGHT[:1], budget=H, end=D(2026, 1, 31))
    assert result.evenness() == Evenness(0.0)


def test_a_schedule_knows_each_months_share_of_capacity():
    """The season's shares; a month without a working day has none."""
    result = place(
        [plan_of("anna", "c0")],
        EIGHT[:1],
        calendar=WorkCalendar(2026, closures=[(D(2026, 7, 1), D(2026, 7, 31))]),
        start=D(2026, 5, 1),
        end=D(2026, 8, 31),
        budget=8 * H,
        season={5: 0.0, 8: 0.5},
    )
    assert dict(result.shares) == {"2026-05": 0.0, "2026-06": 1.0, "2026-07": 0.0, "2026-08": 0.5}
    assert json.loads(json.dumps(result), Schedule) == result


def test_the_demo_year_spreads_over_the_year():
    """The demo's organisation learnt only from January to April before the year levelled."""
    from larande import analyze, plan
    from larande.datasets import load_demo

    d = load_demo()
    report = analyze(d.org, d.assessments, d.signals, as_of=d.as_of)
    plans = plan(report, d.catalog, org=d.org, assessments=d.assessments, as_of=d.as_of)
    year = schedule(
        plans, d.catalog, calendar=d.calendar, start=d.start, end=d.end, budget=d.budget, org=d.org
    )
    assert len({p.on.month for p in year.placements}) >= 9
    assert year.evenness(d.org).peak_to_mean < 2.5
    assert year.unplaced == ()


# -- levelling never costs priority ---------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(inst=instances(), data=st.data())
def test_levelling_units_and_seasons_never_leaves_out_more_priority(inst, data):
    """What is placed is decided before units and seasons' shares are looked at."""
    people = [p.person for p in inst["plans"]]
    units = data.draw(
        st.lists(st.sampled_from(["u1", "u2", "u3"]), min_size=len(people), max_size=len(people))
    )
    org = Organization(
        [Unit("org", "Org"), *(Unit(u, u, "org") for u in ("u1", "u2", "u3"))],
        [Person(p, p, u) for p, u in zip(people, units, strict=True)],
        [],
        FRAMEWORK,
    )
    shares = data.draw(
        st.dictionaries(st.integers(1, 12), st.sampled_from([0.3, 0.5, 1.5]), max_size=4)
    )
    closed = {m: 0.0 for m, share in (inst["season"] or {}).items() if share == 0}
    settings_ = {k: inst[k] for k in ("calendar", "start", "end", "budget", "peak", "taken")}
    settings_["absences"] = inst["absences"]
    plain = schedule(inst["plans"], inst["catalog"], season=closed, **settings_)
    levelled = schedule(
        inst["plans"], inst["catalog"], org=org, season={**shares, **closed}, **settings_
    )
    assert unplaced_priority(levelled, inst["plans"]) <= unplaced_priority(plain, inst["plans"])
    assert (
        check(levelled, {**inst, "season": {**shares, **closed}, "org": org, "money": None}) == []
    )


@pytest.mark.parametrize(
    ("shares", "path"),
    [
        ({"2026-13": 1.0}, "shares['2026-13']"),
        ({"26-01": 1.0}, "shares['26-01']"),
        ({"2026-01": -0.5}, "shares['2026-01']"),
        ({"2026-01": 1}, "shares['2026-01']"),
        ({"2026-01": math.inf}, "shares['2026-01']"),
        ([("2026-01", 1.0)], "shares"),
    ],
)
def test_a_schedules_shares_must_be_months_to_shares_of_zero_or_more(shares, path):
    with pytest.raises(ValidationError) as err:
        Schedule([], [], D(2026, 1, 1), D(2026, 1, 31), shares=shares)
    assert err.value.path == path


def test_evenness_refuses_what_is_not_an_organisation():
    with pytest.raises(ValidationError) as err:
        Schedule([], [], D(2026, 1, 1), D(2026, 1, 31)).evenness(org="ward")
    assert err.value.path == "org"


def test_evenness_of_an_older_schedule_counts_every_month_its_horizon_touches():
    """No shares recorded: March to June are four months with capacity."""
    result = Schedule(
        [Placement("anna", "c0", D(2026, 3, 2))],
        [],
        D(2026, 3, 1),
        D(2026, 6, 30),
        efforts={"c0": 8 * H},
    )
    assert result.evenness().peak_to_mean == 4.0


def test_a_budget_record_refuses_an_amount_that_is_not_a_duration():
    with pytest.raises(ValidationError) as err:
        Budget(8)
    assert err.value.path == "amount"
