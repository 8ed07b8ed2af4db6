"""Learning plans: the right activities per person, their lifecycle, mentors, ambassadors.

:func:`plan` turns needs into a :class:`LearningPlan` per person (the least effort that
closes every need, learning at work preferred on a tie); :func:`replan` revises plans by
what follow-up shows (done stays done, closed needs drop out); :func:`advance` moves a plan
through its lifecycle (:data:`TRANSITIONS`); :func:`match_mentors` pairs people who need a
competency with colleagues who hold it, and :func:`ambassadors` names who can carry it in
each unit.
"""

from larande.planning._lifecycle import TRANSITIONS, advance, allowed
from larande.planning._mentors import Ambassador, Pairing, ambassadors, match_mentors
from larande.planning._plan import plan
from larande.planning._records import (
    Dropped,
    DropReason,
    LearningPlan,
    PlanAction,
    PlanItem,
    PlanObjective,
    PlanStatus,
    Transition,
    Unmet,
    UnmetReason,
)
from larande.planning._replan import replan

__all__ = [
    "TRANSITIONS",
    "Ambassador",
    "DropReason",
    "Dropped",
    "LearningPlan",
    "Pairing",
    "PlanAction",
    "PlanItem",
    "PlanObjective",
    "PlanStatus",
    "Transition",
    "Unmet",
    "UnmetReason",
    "advance",
    "allowed",
    "ambassadors",
    "match_mentors",
    "plan",
    "replan",
]
