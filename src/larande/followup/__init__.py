"""Follow-up: keep learning alive after training, and show its effect.

Hosts send events (:class:`ActivityCompleted`, :class:`ActionPlanSet`, :class:`CheckIn`,
:class:`FeedbackGiven`, :class:`Measured`, :class:`KnowledgeShared`,
:class:`ObjectiveAchieved`, :class:`Retracted`); :func:`replay` folds them into a
:class:`FollowUpState` in any order, each once. From the state: :func:`due` says what to
remind whom of, :func:`progress` how goals are doing, :func:`celebrations` what to mark,
and :func:`effect` what training changed; :func:`learned` turns passed activities and
achieved objectives into assessments, so the next analysis knows what people learnt.
"""

from larande.followup._due import Due, DueKind, FollowUpPolicy, due
from larande.followup._events import (
    EVENT_TYPES,
    ActionPlanSet,
    ActivityCompleted,
    CheckIn,
    Event,
    FeedbackGiven,
    KnowledgeShared,
    Led,
    LedKind,
    Measured,
    ObjectiveAchieved,
    Retracted,
)
from larande.followup._learned import learned
from larande.followup._managers import by_manager
from larande.followup._progress import (
    Celebration,
    CelebrationKind,
    Effect,
    Progress,
    ProgressStatus,
    celebrations,
    effect,
    progress,
)
from larande.followup._state import FollowUpState, forget, replay

__all__ = [
    "EVENT_TYPES",
    "ActionPlanSet",
    "ActivityCompleted",
    "Celebration",
    "CelebrationKind",
    "CheckIn",
    "Due",
    "DueKind",
    "Effect",
    "Event",
    "FeedbackGiven",
    "FollowUpPolicy",
    "FollowUpState",
    "KnowledgeShared",
    "Led",
    "LedKind",
    "Measured",
    "ObjectiveAchieved",
    "Progress",
    "ProgressStatus",
    "Retracted",
    "by_manager",
    "celebrations",
    "due",
    "effect",
    "forget",
    "learned",
    "progress",
    "replay",
]
