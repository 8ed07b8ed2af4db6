"""Learning plans: the right activities per person, their lifecycle, mentors, ambassadors.

:func:`plan` turns needs into a :class:`LearningPlan` per person (the least effort that
closes every need, learning at work preferred on a tie); :func:`advance` moves a plan
through its lifecycle (:data:`TRANSITIONS`); :func:`match_mentors` pairs people who need a
competency with colleagues who hold it, and :func:`ambassadors` names who can carry it in
each unit.
"""

from larande.planning._lifecycle import TRANSITIONS, advance, allowed
from larande.planning._mentors import Ambassador, Pairing, ambassadors, match_mentors
from larande.planning._plan import plan
from larande.planning._records import (
    LearningPlan,
    PlanAction,
    PlanItem,
    PlanStatus,
    Transition,
    Unmet,
    UnmetReason,
)

__all__ = [
    "TRANSITIONS",
    "Ambassador",
    "LearningPlan",
    "Pairing",
    "PlanAction",
    "PlanItem",
    "PlanStatus",
    "Transition",
    "Unmet",
    "UnmetReason",
    "advance",
    "allowed",
    "ambassadors",
    "match_mentors",
    "plan",
]
