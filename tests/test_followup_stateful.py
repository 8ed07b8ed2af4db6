"""A person through follow-up: completion, action plan, check-ins and achievement.

Hypothesis drives one learner with random delays, while the host system resends events
and delivers them late, as webhooks do. The model kept here is the plain list of what was
sent; the checks compare larande's state and reminders with what that list implies.
"""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from larande import (
    ActionPlanSet,
    ActivityCompleted,
    CheckIn,
    DueKind,
    Goal,
    GoalGraph,
    Level,
    ObjectiveAchieved,
    ProgressStatus,
    due,
    progress,
    replay,
)

START = dt.date(2026, 1, 12)
OBJECTIVE = "obj:anna:cpr"
ACTIVITY = "cpr-refresher"
GOALS = GoalGraph()
GOALS.add(Goal("star", "Safe care", Level.ORGANIZATION))
GOALS.add(
    Goal(OBJECTIVE, "Anna: CPR", Level.INDIVIDUAL, owner="anna", deadline=dt.date(2027, 6, 30)),
    contributes_to="star",
)
delays = st.integers(min_value=0, max_value=40)


class OneLearner(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.today = START
        self.sent: list = []
        self.state = replay([])
        self.completed_on: dt.date | None = None
        self.planned_on: dt.date | None = None
        self.check_ins: list[CheckIn] = []
        self.achieved = False
        self.shares: list[tuple[dt.date, float]] = []
        self.counter = 0

    def send(self, event) -> None:
        """The host sends one event, folded into yesterday's state."""
        self.sent.append(event)
        self.state = replay([event], state=self.state)

    def next_id(self, kind: str) -> str:
        self.counter += 1
        return f"{kind}-{self.counter}"

    def wait(self, days: int) -> None:
        self.today += dt.timedelta(days=days)

    @rule(days=delays, passed=st.booleans())
    def completes_the_course(self, days, passed):
        self.wait(days)
        self.send(
            ActivityCompleted(self.next_id("c"), "anna", ACTIVITY, self.today, passed=passed)
        )
        if passed:
            # A retaken course asks for a new plan and new check-ins; what happened on the
            # day of the completion counts as after it.
            self.completed_on = self.today
            if self.planned_on != self.today:
                self.planned_on = None
            self.check_ins = [c for c in self.check_ins if c.on == self.today]

    @precondition(lambda self: self.completed_on is not None)
    @rule(days=delays)
    def sets_an_action_plan(self, days):
        self.wait(days)
        self.send(ActionPlanSet(self.next_id("ap"), "anna", ACTIVITY, self.today, ["Drill"]))
        self.planned_on = self.today

    @precondition(lambda self: self.completed_on is not None)
    @rule(days=delays, share=st.floats(0, 1))
    def checks_in(self, days, share):
        self.wait(days)
        event = CheckIn(self.next_id("ci"), "anna", ACTIVITY, self.today, progress=share)
        self.send(event)
        self.send(CheckIn(self.next_id("co"), "anna", OBJECTIVE, self.today, progress=share))
        self.check_ins.append(event)
        self.shares.append((self.today, share))

    @rule(days=delays)
    def achieves_the_objective(self, days):
        self.wait(days)
        self.send(ObjectiveAchieved(self.next_id("oa"), "anna", OBJECTIVE, self.today))
        self.achieved = True

    @precondition(lambda self: self.sent)
    @rule(pick=st.integers(min_value=0))
    def the_host_resends_an_old_event(self, pick):
        self.send(self.sent[pick % len(self.sent)])

    @invariant()
    def any_order_of_arrival_gives_the_same_state(self):
        shuffled = list(self.sent)
        random.Random(len(shuffled)).shuffle(shuffled)
        assert replay(shuffled) == self.state

    @invariant()
    def an_action_plan_set_after_the_course_is_never_asked_for_again(self):
        reminders = due(self.state, as_of=self.today + dt.timedelta(days=365))
        plan_asked = any(d.kind is DueKind.ACTION_PLAN for d in reminders)
        if self.completed_on is None:
            assert reminders == ()
        else:
            assert plan_asked == (self.planned_on is None)

    @invariant()
    def check_ins_fulfil_the_slots_in_order(self):
        if self.completed_on is None:
            return
        reminders = due(self.state, as_of=self.today + dt.timedelta(days=365))
        open_slots = sum(1 for d in reminders if d.kind is DueKind.CHECK_IN)
        assert open_slots == max(0, 3 - len(self.check_ins))

    @invariant()
    def the_objective_is_achieved_once_reached_and_in_bounds_before(self):
        found = progress(self.state, GOALS, as_of=self.today)[OBJECTIVE]
        assert 0.0 <= found.fraction <= 1.0
        # A check-in at 100 % reaches it too; of one day's check-ins, the highest counts.
        reached = self.achieved or (bool(self.shares) and max(self.shares)[1] == 1.0)
        assert (found.status is ProgressStatus.ACHIEVED) == reached


OneLearner.TestCase.settings = settings(
    settings.default, max_examples=100, stateful_step_count=20, deadline=None
)
test_one_learner_through_follow_up = OneLearner.TestCase
