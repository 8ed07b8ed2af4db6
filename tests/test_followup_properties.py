"""Replay is a pure fold: idempotent, order-independent and incremental."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from larande import (
    ActivityCompleted,
    CheckIn,
    DueKind,
    FeedbackGiven,
    FollowUpPolicy,
    FollowUpState,
    Goal,
    GoalGraph,
    KnowledgeShared,
    Level,
    Metric,
    Retracted,
    ValidationError,
    due,
    effect,
    forget,
    progress,
    replay,
)
from larande.io import json as ljson
from larande.testing import events

# Unique ids: conflicts are tested on their own below.
unique_ids = st.uuids().map(lambda u: u.hex[:10])
batches = st.lists(events(ids=unique_ids), max_size=25, unique_by=lambda e: e.id).filter(
    lambda es: (
        not any(
            isinstance(e, Retracted)
            and any(isinstance(t, Retracted) and t.id == e.target for t in es)
            for e in es
        )
    )
)


@settings(max_examples=100, deadline=None)
@given(batches)
def test_the_same_events_twice_count_once(batch):
    assert replay(batch + batch) == replay(batch)


@settings(max_examples=100, deadline=None)
@given(batches, st.randoms(use_true_random=False))
def test_the_order_of_arrival_does_not_matter(batch, rnd):
    shuffled = list(batch)
    rnd.shuffle(shuffled)
    assert replay(shuffled) == replay(batch)
    assert sorted(e.id for e in replay(shuffled).events()) == sorted(
        e.id for e in replay(batch).events()
    )


@settings(max_examples=100, deadline=None)
@given(batches, st.integers(0, 25))
def test_folding_in_part_by_part_equals_folding_in_all(batch, cut):
    """replay(b, state=replay(a)) == replay(a + b), small b (incremental) or large (bulk)."""
    a, b = batch[:cut], batch[cut:]
    assert replay(b, state=replay(a)) == replay(a + b)


def test_a_small_fold_into_a_large_state_takes_the_incremental_path_and_agrees():
    many = [
        CheckIn(f"c{i}", f"p{i % 7}", "cpr", dt.date(2026, 1, 1) + dt.timedelta(i % 300))
        for i in range(400)
    ]
    few = [
        CheckIn("late", "p1", "cpr", dt.date(2026, 12, 1)),
        Retracted("r", dt.date(2026, 12, 2), "c3"),
    ]
    assert replay(few, state=replay(many)) == replay(many + few)
    assert len(list(replay(few, state=replay(many)).events())) == 400


def test_two_different_events_with_one_id_are_refused_and_the_state_is_unchanged():
    day = dt.date(2026, 3, 1)
    state = replay([CheckIn("x", "anna", "cpr", day, 0.5)])
    with pytest.raises(ValidationError, match="share the id 'x'") as err:
        replay([CheckIn("x", "anna", "cpr", day, 0.6)], state=state)
    assert err.value.path == "events[0]"
    assert state == replay([CheckIn("x", "anna", "cpr", day, 0.5)])


def test_a_retraction_withdraws_its_target_whenever_it_arrives():
    done = ActivityCompleted("d", "anna", "cpr", dt.date(2026, 2, 2))
    fix = Retracted("f", dt.date(2026, 2, 3), "d")
    assert list(replay([fix, done]).events()) == []
    assert list(replay([done], state=replay([fix])).events()) == []


def test_a_retraction_of_a_retraction_is_refused():
    first = Retracted("r1", dt.date(2026, 2, 3), "d")
    second = Retracted("r2", dt.date(2026, 2, 4), "r1")
    with pytest.raises(ValidationError, match="cannot be withdrawn"):
        replay([first, second])
    with pytest.raises(ValidationError, match="cannot be withdrawn"):
        replay([second], state=replay([first]))


@settings(max_examples=60, deadline=None)
@given(batches)
def test_forgetting_a_person_equals_never_having_their_events(batch):
    kept = [e for e in batch if getattr(e, "person", None) != "anna"]
    targets = {e.id for e in batch if getattr(e, "person", None) == "anna"}
    kept = [e for e in kept if not (isinstance(e, Retracted) and e.target in targets)]
    assert forget(replay(batch), "anna") == replay(kept)


@settings(max_examples=60, deadline=None)
@given(batches)
def test_a_state_round_trips_through_json(batch):
    state = replay(batch)
    assert ljson.loads(ljson.dumps(state), FollowUpState) == state


@settings(max_examples=80, deadline=None)
@given(batches, st.dates(dt.date(2026, 1, 1), dt.date(2027, 3, 31)))
def test_due_never_reminds_of_an_action_plan_already_set(batch, as_of):
    state = replay(batch)
    for d in due(state, as_of=as_of):
        assert d.overdue_days == (as_of - d.due_on).days >= 0
        if d.kind is DueKind.ACTION_PLAN:
            person_events = state.of_person(d.person)
            completions = [
                e
                for e in person_events
                if isinstance(e, ActivityCompleted)
                and e.activity == d.subject
                and e.passed is not False
            ]
            latest = max(c.on for c in completions)
            plans = [
                e
                for e in person_events
                if type(e).__name__ == "ActionPlanSet"
                and e.activity == d.subject
                and e.on >= latest
            ]
            assert plans == []


def goal_tree() -> GoalGraph:
    """The goal and objective that the event strategy names."""
    graph = GoalGraph()
    graph.add(
        Goal(
            "release-time",
            "Cut release time",
            Level.UNIT,
            owner="it",
            metric=Metric("release lead time", "days", 20, 17),
            deadline=dt.date(2026, 6, 30),
        )
    )
    graph.add(
        Goal(
            "obj:anna:cpr",
            "Anna: CPR",
            Level.INDIVIDUAL,
            owner="anna",
            deadline=dt.date(2026, 9, 1),
        ),
        contributes_to="release-time",
    )
    return graph


@settings(max_examples=80, deadline=None)
@given(batches, st.dates(dt.date(2026, 1, 1), dt.date(2027, 3, 31)))
def test_progress_always_stays_between_nothing_and_the_whole_way(batch, as_of):
    graph = goal_tree()
    found = progress(replay(batch), graph, as_of=as_of)
    assert set(found) == {"release-time", "obj:anna:cpr"}
    for p in found.values():
        assert 0.0 <= p.fraction <= 1.0
    rolled = graph.rollup({g: p.fraction for g, p in found.items()})
    assert all(0.0 <= v <= 1.0 for v in rolled.values())


@settings(max_examples=80, deadline=None)
@given(batches)
def test_effect_never_claims_evidence_that_is_absent(batch):
    state = replay(batch)
    live = {e.id: e for e in state.events()}
    for activity, found in effect(state, goal_tree()).items():
        for level in ("reaction", "learning", "behaviour", "results"):
            value = getattr(found, level)
            cited = found.evidence.get(level, ())
            assert (value is None) == (cited == ()), level
            assert all(i in live for i in cited), level
        assert all(isinstance(live[i], FeedbackGiven) for i in found.evidence.get("reaction", ()))
        learned = found.evidence.get("learning", ())
        assert all(
            isinstance(live[i], ActivityCompleted) and live[i].activity == activity
            for i in learned
        )


@settings(max_examples=80, deadline=None)
@given(batches, st.dates(dt.date(2026, 1, 1), dt.date(2027, 3, 31)))
def test_due_never_reminds_of_feedback_sharing_or_check_ins_already_done(batch, as_of):
    state = replay(batch)
    reminders = due(state, as_of=as_of)
    for d in reminders:
        if d.kind not in (DueKind.FEEDBACK, DueKind.SHARE, DueKind.CHECK_IN):
            continue
        events = state.of_person(d.person)
        latest = max(
            e.on
            for e in events
            if isinstance(e, ActivityCompleted)
            and e.activity == d.subject
            and e.passed is not False
        )
        after = [e for e in events if e.on >= latest]
        if d.kind is DueKind.FEEDBACK:
            assert not any(isinstance(e, FeedbackGiven) and e.activity == d.subject for e in after)
        if d.kind is DueKind.SHARE:
            assert not any(
                isinstance(e, KnowledgeShared) and e.activity == d.subject for e in after
            )
        if d.kind is DueKind.CHECK_IN:
            done = sum(1 for e in after if isinstance(e, CheckIn) and e.subject == d.subject)
            open_slots = sum(
                1
                for r in reminders
                if (r.kind, r.person, r.subject) == (DueKind.CHECK_IN, d.person, d.subject)
            )
            assert open_slots + done <= len(FollowUpPolicy().check_ins)
