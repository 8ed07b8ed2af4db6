"""Team action plans: an ActionPlanSet that names a unit instead of a person.

DESIGN §9.1 and §9.7: exactly one of ``person`` and ``unit``; check-ins by any member count
for the team's plan; ``due`` without ``org`` skips team plans, and with ``org`` each
reminder is one ``Due`` per member, whose ``person`` is always a person id.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from larande import (
    ActionPlanSet,
    ActivityCompleted,
    CheckIn,
    Competency,
    Due,
    DueKind,
    FollowUpPolicy,
    FollowUpState,
    Framework,
    Goal,
    GoalGraph,
    Level,
    Measured,
    Metric,
    Organization,
    Person,
    Retracted,
    Unit,
    UnknownIdError,
    ValidationError,
    due,
    effect,
    replay,
)
from larande.io import json as ljson

D = dt.date
ACTIVITY = "apt-medication-reflection"
SET_ON = D(2026, 3, 3)
COMPLETED_ON = D(2026, 3, 2)

ORG = Organization(
    [
        Unit("homecare", "Home care"),
        Unit("south", "Team South", parent="homecare"),
        Unit("south-night", "Team South, nights", parent="south"),
        Unit("north", "Team North", parent="homecare"),
        Unit("it", "IT"),
    ],
    [
        Person("karin", "Karin", "homecare"),
        Person("kalle", "Kalle", "south"),
        Person("nils", "Nils", "south"),
        Person("tove", "Tove", "south-night"),
        Person("anna", "Anna", "north"),
        Person("xin", "Xin", "it"),
    ],
    [],
    Framework([Competency("medication", "Medication handling")]),
)
SOUTH_MEMBERS = ["kalle", "nils", "tove"]


def team_plan(id="ap-south", unit="south", on=SET_ON, goal=None, activity=ACTIVITY):
    return ActionPlanSet(
        id, None, activity, on, ["Double-check at every evening round"], goal=goal, unit=unit
    )


def completed(person, on=COMPLETED_ON, id=None):
    return ActivityCompleted(id or f"c-{person}", person, ACTIVITY, on, passed=True)


def reminders(events, *, as_of, org=ORG, **options):
    return due(replay(events), as_of=as_of, org=org, **options)


def of_kind(found, kind, person=None):
    return [
        (d.person, d.subject, d.due_on)
        for d in found
        if d.kind == kind and (person is None or d.person == person)
    ]


# -- the record -------------------------------------------------------------------------------


def test_a_team_action_plan_names_a_unit_and_no_person():
    plan = team_plan()
    assert (plan.unit, plan.person) == ("south", None)


def test_a_persons_action_plan_names_no_unit():
    plan = ActionPlanSet("ap-kalle", "kalle", ACTIVITY, SET_ON, ["Use the list"])
    assert (plan.person, plan.unit) == ("kalle", None)


def test_an_action_plan_naming_neither_a_person_nor_a_unit_is_refused():
    with pytest.raises(ValidationError) as caught:
        ActionPlanSet("ap-1", None, ACTIVITY, SET_ON, ["Use the list"])
    assert (caught.value.path, caught.value.code) == ("person", "action-plan-owner")


def test_an_action_plan_naming_both_a_person_and_a_unit_is_refused():
    with pytest.raises(ValidationError) as caught:
        ActionPlanSet("ap-1", "kalle", ACTIVITY, SET_ON, ["Use the list"], unit="south")
    assert (caught.value.path, caught.value.code) == ("unit", "action-plan-owner")


@pytest.mark.parametrize("unit", ["", 7])
def test_a_team_action_plan_refuses_a_unit_that_is_not_an_id(unit):
    with pytest.raises(ValidationError):
        ActionPlanSet("ap-1", None, ACTIVITY, SET_ON, ["Use the list"], unit=unit)


def test_a_team_action_plan_survives_a_json_round_trip():
    plan = team_plan(goal="south-double-check")
    assert ljson.loads(ljson.dumps(plan), ActionPlanSet) == plan


def test_a_state_holding_a_team_action_plan_survives_a_json_round_trip():
    state = replay([team_plan(), completed("kalle")])
    back = ljson.loads(ljson.dumps(state), FollowUpState)
    assert (back, back.of_unit("south")) == (state, (team_plan(),))


# -- the state --------------------------------------------------------------------------------


def test_the_state_lists_the_units_with_team_plans_sorted():
    state = replay([team_plan("ap-2", unit="south"), team_plan("ap-1", unit="north")])
    assert state.units() == ("north", "south")


def test_a_units_team_plans_come_by_day_and_id():
    later = team_plan("ap-a", on=D(2026, 4, 7))
    first = team_plan("ap-b", on=SET_ON)
    assert replay([later, first]).of_unit("south") == (first, later)


def test_a_unit_without_team_plans_has_none():
    assert replay([team_plan()]).of_unit("north") == ()


def test_a_team_plan_belongs_to_no_person():
    assert replay([team_plan()]).people() == ()


@pytest.mark.parametrize("retraction_first", [False, True])
def test_a_retracted_team_plan_is_withdrawn_whenever_the_retraction_arrives(retraction_first):
    events = [team_plan(), Retracted("void-ap", D(2026, 3, 4), target="ap-south")]
    if retraction_first:
        events.reverse()
    assert replay(events).of_unit("south") == ()


def test_a_retraction_folded_into_a_large_state_withdraws_a_team_plan():
    """The incremental path (a small fold into a large state) agrees with the bulk one."""
    many = [
        CheckIn(f"ci-{i}", "anna", ACTIVITY, D(2026, 1, 1) + dt.timedelta(i)) for i in range(40)
    ]
    state = replay([*many, team_plan()])
    later = replay([Retracted("void-ap", D(2026, 3, 4), target="ap-south")], state=state)
    assert later.of_unit("south") == ()
    assert later == replay([*many, team_plan(), Retracted("void-ap", D(2026, 3, 4), "ap-south")])


def test_a_team_plan_folded_into_a_large_state_is_found_under_its_unit():
    many = [
        CheckIn(f"ci-{i}", "anna", ACTIVITY, D(2026, 1, 1) + dt.timedelta(i)) for i in range(40)
    ]
    later = replay([team_plan()], state=replay(many))
    assert (later.units(), later.of_unit("south")) == (("south",), (team_plan(),))


def test_replay_with_the_organisation_refuses_a_team_plan_of_an_unknown_unit():
    with pytest.raises(UnknownIdError) as caught:
        replay([completed("kalle"), team_plan(unit="west")], org=ORG)
    assert (caught.value.id, caught.value.path) == ("west", "events[1].unit")


def test_replay_with_the_organisation_accepts_a_team_plan_of_a_known_unit():
    assert replay([team_plan()], org=ORG).of_unit("south") == (team_plan(),)


# -- due: the action plan ------------------------------------------------------------------


def test_without_the_organisation_due_skips_team_plans():
    """Kalle's action plan is still due: without org nobody knows he is in Team South."""
    found = reminders([completed("kalle"), team_plan()], as_of=D(2026, 6, 1), org=None)
    assert of_kind(found, DueKind.ACTION_PLAN) == [("kalle", ACTIVITY, D(2026, 3, 9))]
    assert of_kind(found, DueKind.STALLED) == []


def test_a_team_plan_set_after_a_members_completion_is_that_members_action_plan():
    found = reminders([completed("kalle"), team_plan()], as_of=D(2026, 6, 1))
    assert of_kind(found, DueKind.ACTION_PLAN) == []


def test_a_team_plan_set_on_the_day_of_the_completion_counts():
    found = reminders([completed("kalle", on=SET_ON), team_plan()], as_of=D(2026, 6, 1))
    assert of_kind(found, DueKind.ACTION_PLAN) == []


def test_a_team_plan_set_before_a_members_completion_is_not_their_action_plan():
    found = reminders([completed("kalle", on=D(2026, 3, 10)), team_plan()], as_of=D(2026, 6, 1))
    assert of_kind(found, DueKind.ACTION_PLAN) == [("kalle", ACTIVITY, D(2026, 3, 17))]


def test_a_team_plan_of_a_parent_unit_counts_for_a_member_of_a_sub_unit():
    found = reminders([completed("tove"), team_plan(unit="homecare")], as_of=D(2026, 6, 1))
    assert of_kind(found, DueKind.ACTION_PLAN) == []


def test_a_team_plan_of_another_unit_does_not_count():
    found = reminders([completed("anna"), team_plan(unit="south")], as_of=D(2026, 6, 1))
    assert of_kind(found, DueKind.ACTION_PLAN) == [("anna", ACTIVITY, D(2026, 3, 9))]


def test_a_team_plan_for_another_activity_does_not_count():
    other = team_plan(activity="medication-course")
    found = reminders([completed("kalle"), other], as_of=D(2026, 6, 1))
    assert of_kind(found, DueKind.ACTION_PLAN) == [("kalle", ACTIVITY, D(2026, 3, 9))]


def test_due_with_the_organisation_refuses_a_team_plan_of_a_unit_it_does_not_know():
    with pytest.raises(UnknownIdError) as caught:
        reminders([team_plan(unit="west")], as_of=D(2026, 6, 1))
    assert caught.value.id == "west"


# -- due: a stalled team plan ----------------------------------------------------------------


def test_a_stalled_team_plan_reminds_every_member_once_by_person_id():
    found = reminders([team_plan()], as_of=D(2026, 6, 1))
    assert found == tuple(
        Due(DueKind.STALLED, m, ACTIVITY, D(2026, 5, 2), 30) for m in SOUTH_MEMBERS
    )


def test_a_team_plan_stalls_after_the_policys_days_and_not_before():
    assert reminders([team_plan()], as_of=D(2026, 5, 1)) == ()
    assert len(reminders([team_plan()], as_of=D(2026, 5, 2))) == len(SOUTH_MEMBERS)


def test_a_members_check_in_keeps_the_team_plan_from_stalling():
    check_in = CheckIn("ci-nils", "nils", ACTIVITY, D(2026, 4, 20), progress=0.5)
    assert of_kind(reminders([team_plan(), check_in], as_of=D(2026, 6, 1)), DueKind.STALLED) == []


def test_a_team_plan_stalls_again_counting_from_the_last_members_check_in():
    check_in = CheckIn("ci-tove", "tove", ACTIVITY, D(2026, 4, 20), progress=0.5)
    found = reminders([team_plan(), check_in], as_of=D(2026, 6, 19))
    assert of_kind(found, DueKind.STALLED) == [
        (m, ACTIVITY, D(2026, 6, 19)) for m in SOUTH_MEMBERS
    ]


def test_a_check_in_by_someone_outside_the_team_does_not_keep_it_going():
    check_in = CheckIn("ci-anna", "anna", ACTIVITY, D(2026, 4, 20), progress=0.5)
    found = reminders([team_plan(), check_in], as_of=D(2026, 6, 1))
    assert [p for p, _, _ in of_kind(found, DueKind.STALLED)] == SOUTH_MEMBERS


def test_a_check_in_on_another_subject_does_not_keep_it_going():
    check_in = CheckIn("ci-nils", "nils", "medication-course", D(2026, 4, 20), progress=0.5)
    found = reminders([team_plan(), check_in], as_of=D(2026, 6, 1))
    assert [p for p, _, _ in of_kind(found, DueKind.STALLED)] == SOUTH_MEMBERS


def test_a_measurement_of_the_team_plans_goal_keeps_it_from_stalling():
    measured = Measured("m-1", "south-double-check", D(2026, 4, 30), 4.0)
    found = reminders([team_plan(goal="south-double-check"), measured], as_of=D(2026, 6, 1))
    assert of_kind(found, DueKind.STALLED) == []


def test_each_member_stalls_by_their_own_policy():
    gentle = {"nils": FollowUpPolicy.gentle()}
    found = reminders([team_plan()], as_of=D(2026, 4, 1), policies=gentle)
    assert of_kind(found, DueKind.STALLED) == [("nils", ACTIVITY, D(2026, 3, 24))]


def test_without_the_organisation_a_team_plan_never_stalls():
    assert reminders([team_plan()], as_of=D(2026, 12, 1), org=None) == ()


def test_a_retracted_team_plan_does_not_stall():
    events = [team_plan(), Retracted("void-ap", D(2026, 3, 4), target="ap-south")]
    assert reminders(events, as_of=D(2026, 12, 1)) == ()


def test_a_member_covered_by_two_team_plans_is_reminded_once():
    found = reminders([team_plan(), team_plan("ap-home", unit="homecare")], as_of=D(2026, 6, 1))
    stalled = of_kind(found, DueKind.STALLED, person="kalle")
    assert stalled == [("kalle", ACTIVITY, D(2026, 5, 2))]


def test_a_member_with_an_own_and_a_team_plan_is_reminded_once_of_a_stall():
    own = ActionPlanSet("ap-kalle", "kalle", ACTIVITY, SET_ON, ["Use the list"])
    found = reminders([completed("kalle"), own, team_plan()], as_of=D(2026, 6, 1))
    assert of_kind(found, DueKind.STALLED, person="kalle") == [("kalle", ACTIVITY, D(2026, 5, 2))]


# -- effect -----------------------------------------------------------------------------------


def test_the_goal_a_team_plan_targets_counts_in_the_activitys_results():
    goals = GoalGraph()
    goals.add(
        Goal(
            "south-double-check",
            "Double-check routine",
            Level.TEAM,
            owner="south",
            metric=Metric("medication deviations", "per month", 6, 3),
        )
    )
    state = replay(
        [
            completed("kalle"),
            team_plan(goal="south-double-check"),
            Measured("m-1", "south-double-check", D(2026, 3, 31), 4.5),
        ]
    )
    found = effect(state, goals)[ACTIVITY]
    assert (found.results, found.evidence["results"]) == (0.5, ("ap-south", "m-1"))


def test_without_goals_a_team_plan_gives_no_results():
    found = effect(replay([completed("kalle"), team_plan(goal="south-double-check")]))[ACTIVITY]
    assert found.results is None


# -- properties -------------------------------------------------------------------------------

MEMBERS = {u.id: [p.id for p in ORG.members(u.id)] for u in ORG.units}
plans_of_units = st.lists(
    st.builds(
        team_plan,
        id=st.uuids().map(lambda u: "ap-" + u.hex[:8]),
        unit=st.sampled_from(sorted(MEMBERS)),
        on=st.dates(D(2026, 1, 1), D(2026, 6, 30)),
        activity=st.sampled_from([ACTIVITY, "medication-course"]),
    ),
    min_size=1,
    max_size=4,
    unique_by=lambda p: p.id,
)
check_ins = st.lists(
    st.builds(
        CheckIn,
        id=st.uuids().map(lambda u: "ci-" + u.hex[:8]),
        person=st.sampled_from([p.id for p in ORG.people]),
        subject=st.sampled_from([ACTIVITY, "medication-course"]),
        on=st.dates(D(2026, 1, 1), D(2026, 12, 31)),
    ),
    max_size=6,
    unique_by=lambda c: c.id,
)


@settings(max_examples=60, deadline=None)
@given(plans_of_units, check_ins, st.dates(D(2026, 1, 1), D(2026, 12, 31)))
def test_every_stalled_reminder_of_a_team_plan_is_for_a_member_by_person_id(plans, talks, as_of):
    found = due(replay([*plans, *talks]), as_of=as_of, org=ORG)
    members = {m for p in plans for m in MEMBERS[p.unit]}
    for d in found:
        assert ORG.has_person(d.person)
        if d.kind == DueKind.STALLED:
            assert d.person in members
            assert d.due_on <= as_of


@settings(max_examples=60, deadline=None)
@given(plans_of_units, check_ins, st.dates(D(2026, 1, 1), D(2026, 12, 31)))
def test_without_the_organisation_team_plans_give_no_reminders(plans, talks, as_of):
    with_plans = due(replay([*plans, *talks]), as_of=as_of)
    without = due(replay(talks), as_of=as_of)
    assert with_plans == without
