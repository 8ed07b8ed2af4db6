"""A plan's lifecycle: draft, in review, active, complete, cancelled, as DESIGN's table says.

The table is written out again here, by hand, from DESIGN §5; every cell is checked, every
other (status, action) pair must be refused, and a state machine walks random paths
through ``advance`` comparing each step with this copy.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from larande import (
    TRANSITIONS,
    InvalidTransitionError,
    LarandeError,
    LearningPlan,
    PlanAction,
    PlanItem,
    PlanStatus,
    Transition,
    ValidationError,
    advance,
    allowed,
)
from larande.io import json as ljson

D = dt.date
ON = D(2026, 1, 12)

# DESIGN §5, row by row: from -> {action: to}.
TABLE = {
    "draft": {"submit": "in-review", "cancel": "cancelled"},
    "in-review": {"approve": "active", "reject": "draft", "cancel": "cancelled"},
    "active": {"complete": "complete", "cancel": "cancelled"},
    "complete": {"reopen": "active"},
    "cancelled": {"reopen": "draft"},
}
STATUSES = ["draft", "in-review", "active", "complete", "cancelled"]
ACTIONS = ["submit", "approve", "reject", "complete", "reopen", "cancel"]
STEPS = [(s, a, to) for s, row in TABLE.items() for a, to in row.items()]
REFUSED = [(s, a) for s, a in itertools.product(STATUSES, ACTIONS) if a not in TABLE[s]]


def a_plan(status="draft"):
    return LearningPlan("anna", [PlanItem("meds-e", ())], status=status)


def test_statuses_and_actions_are_the_documented_strings():
    assert ([str(s) for s in PlanStatus], [str(a) for a in PlanAction]) == (STATUSES, ACTIONS)


def test_the_transition_table_is_the_one_in_the_design():
    """TRANSITIONS holds exactly the nine cells of DESIGN's table."""
    assert {(str(s), str(a)): str(to) for (s, a), to in TRANSITIONS.items()} == {
        (s, a): to for s, a, to in STEPS
    }


@pytest.mark.parametrize(("status", "action", "after"), STEPS)
def test_each_step_in_the_table_moves_the_plan_to_its_next_status(status, action, after):
    assert advance(a_plan(status), action, on=ON).status == after


@pytest.mark.parametrize(("status", "action"), REFUSED)
def test_every_step_not_in_the_table_is_refused_naming_status_and_action(status, action):
    """An InvalidTransitionError carrying the status and the action."""
    with pytest.raises(InvalidTransitionError) as err:
        advance(a_plan(status), action, on=ON)
    assert (err.value.status, err.value.action) == (status, action)


def test_a_refused_step_says_what_is_allowed_instead():
    """The message lists the allowed actions from the plan's status."""
    with pytest.raises(InvalidTransitionError) as err:
        advance(a_plan("in-review"), "complete", on=ON)
    assert str(err.value) == (
        "cannot complete a plan that is in-review; allowed: approve, reject, cancel"
    )


def test_an_invalid_transition_is_a_larande_error_and_a_value_error():
    with pytest.raises(InvalidTransitionError) as err:
        advance(a_plan("complete"), "submit", on=ON)
    assert isinstance(err.value, LarandeError)
    assert isinstance(err.value, ValueError)
    assert err.value.code == "invalid-transition"


def test_a_step_is_recorded_in_the_history_with_who_and_when():
    """The transition appended: action, status before and after, the day and who did it."""
    submitted = advance(a_plan(), "submit", on=ON, by="karin.holm")
    assert submitted.history == (Transition("submit", "draft", "in-review", ON, "karin.holm"),)


def test_the_history_keeps_every_step_oldest_first():
    p = a_plan()
    for day, action in enumerate(["submit", "reject", "submit", "approve", "complete"], 1):
        p = advance(p, action, on=D(2026, 2, day))
    assert [(t.action, t.before, t.after, t.on) for t in p.history] == [
        ("submit", "draft", "in-review", D(2026, 2, 1)),
        ("reject", "in-review", "draft", D(2026, 2, 2)),
        ("submit", "draft", "in-review", D(2026, 2, 3)),
        ("approve", "in-review", "active", D(2026, 2, 4)),
        ("complete", "active", "complete", D(2026, 2, 5)),
    ]


def test_who_took_a_step_is_optional():
    assert advance(a_plan(), "cancel", on=ON).history[0].by is None


def test_advancing_leaves_the_original_plan_as_it_was():
    """Plans are values: advance returns a new one."""
    before = a_plan()
    advance(before, "submit", on=ON)
    assert (before.status, before.history) == (PlanStatus.DRAFT, ())


def test_advancing_keeps_the_items_and_unmet_needs():
    p = a_plan()
    assert advance(p, "submit", on=ON).items == p.items


def test_an_action_may_be_given_as_the_enum_member():
    assert advance(a_plan(), PlanAction.SUBMIT, on=ON) == advance(a_plan(), "submit", on=ON)


@pytest.mark.parametrize("status", STATUSES)
def test_allowed_lists_the_actions_of_a_status_in_table_order(status):
    assert [str(a) for a in allowed(status)] == [a for a in ACTIONS if a in TABLE[status]]


def test_allowed_takes_the_enum_member():
    assert allowed(PlanStatus.COMPLETE) == (PlanAction.REOPEN,)


def test_allowed_refuses_an_unknown_status():
    """A misspelt status ("in_review") is a ValidationError, not silently no actions."""
    with pytest.raises(ValidationError):
        allowed("in_review")


@pytest.mark.parametrize("action", ["fly", "Submit", "", None, 1])
def test_an_unknown_action_is_a_validation_error(action):
    with pytest.raises(ValidationError) as err:
        advance(a_plan(), action, on=ON)
    assert err.value.path == "action"


@pytest.mark.parametrize("on", ["2026-01-12", dt.datetime(2026, 1, 12, 9), None, 20260112])
def test_the_day_of_a_step_must_be_a_date(on):
    with pytest.raises(ValidationError) as err:
        advance(a_plan(), "submit", on=on)
    assert err.value.path == "on"


@pytest.mark.parametrize("by", ["", 7, ["karin"]])
def test_who_took_a_step_must_be_an_id_or_none(by):
    with pytest.raises(ValidationError) as err:
        advance(a_plan(), "submit", on=ON, by=by)
    assert err.value.path == "by"


@pytest.mark.parametrize("plan", ["anna", None, {"person": "anna"}])
def test_only_a_learning_plan_can_be_advanced(plan):
    with pytest.raises(ValidationError) as err:
        advance(plan, "submit", on=ON)
    assert err.value.path == "plan"


@pytest.mark.parametrize("status", ["open", "", None])
def test_a_plan_refuses_an_unknown_status(status):
    with pytest.raises(ValidationError) as err:
        a_plan(status)
    assert err.value.path == "status"


def test_a_plan_with_its_history_survives_a_json_round_trip():
    p = a_plan()
    for action in ["submit", "approve", "cancel", "reopen"]:
        p = advance(p, action, on=ON, by="karin.holm")
    assert ljson.loads(ljson.dumps(p), LearningPlan) == p


class PlanLifecycle(RuleBasedStateMachine):
    """Random actions on one plan, each checked against the table copied above."""

    def __init__(self):
        super().__init__()
        self.plan = a_plan()
        self.status = "draft"
        self.steps = []

    @rule(
        action=st.sampled_from(ACTIONS),
        day=st.dates(D(2026, 1, 1), D(2027, 12, 31)),
        by=st.none() | st.sampled_from(["karin.holm", "eva.lind"]),
    )
    def act(self, action, day, by):
        after = TABLE[self.status].get(action)
        if after is None:
            with pytest.raises(InvalidTransitionError) as err:
                advance(self.plan, action, on=day, by=by)
            assert (err.value.status, err.value.action) == (self.status, action)
            return
        self.plan = advance(self.plan, action, on=day, by=by)
        self.steps.append(Transition(action, self.status, after, day, by))
        self.status = after

    @invariant()
    def the_status_follows_the_table(self):
        assert self.plan.status == self.status

    @invariant()
    def the_history_holds_every_step_taken_and_only_those(self):
        assert list(self.plan.history) == self.steps

    @invariant()
    def allowed_offers_exactly_the_steps_the_table_has(self):
        assert {str(a) for a in allowed(self.plan.status)} == set(TABLE[self.status])


PlanLifecycle.TestCase.settings = settings(max_examples=60, stateful_step_count=30)
test_every_path_through_advance_follows_the_table = PlanLifecycle.TestCase
