"""larande: competence development for organisations, as a pure-domain library.

Goals are broken down into individual learning objectives, needs are found from required
versus current competence and from evidence, plans are made and scheduled over the year, and
follow-up keeps learning in use. Every function here is pure: time is an argument.

>>> import larande
>>> larande.Scale("cert", ["no", "yes"]).top
1
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from larande.calendars import Absence, WorkCalendar
from larande.catalog import (
    WORKPLACE_KINDS,
    Activity,
    ActivityKind,
    Catalog,
    Session,
)
from larande.competence import (
    DEFAULT_SCALE,
    Assessment,
    Competency,
    Framework,
    LevelPolicy,
    Requirement,
    Role,
    Scale,
    current_level,
)
from larande.dataset import Dataset
from larande.exceptions import (
    CycleError,
    DuplicateIdError,
    InvalidTransitionError,
    LarandeError,
    UnknownIdError,
    ValidationError,
)
from larande.followup import (
    EVENT_TYPES,
    ActionPlanSet,
    ActivityCompleted,
    Celebration,
    CelebrationKind,
    CheckIn,
    Due,
    DueKind,
    Effect,
    Event,
    FeedbackGiven,
    FollowUpPolicy,
    FollowUpState,
    KnowledgeShared,
    Measured,
    ObjectiveAchieved,
    Progress,
    ProgressStatus,
    Retracted,
    celebrations,
    due,
    effect,
    forget,
    progress,
    replay,
)
from larande.frozenmap import FrozenMap
from larande.goals import Finding, FindingCode, Goal, GoalGraph, Level, Metric, Severity
from larande.needs import (
    DEFAULT_RULES,
    Cell,
    Context,
    Justification,
    Matrix,
    Need,
    NeedScope,
    NeedsReport,
    Reason,
    Required,
    Rule,
    Signal,
    SignalKind,
    analyze,
    audit_failure_rate,
    deviation_threshold,
    expiring,
    future_requirement,
    justify,
    requirement_gap,
    stale_assessment,
)
from larande.organization import Organization, Person, Unit
from larande.planning import (
    TRANSITIONS,
    Ambassador,
    LearningPlan,
    Pairing,
    PlanAction,
    PlanItem,
    PlanStatus,
    Transition,
    Unmet,
    UnmetReason,
    advance,
    allowed,
    ambassadors,
    match_mentors,
    plan,
)
from larande.scheduling import (
    AnnualPlan,
    Budget,
    Evenness,
    MonthPlan,
    Period,
    Placement,
    Schedule,
    Unplaced,
    UnplacedReason,
    annual_plan,
    reschedule,
    schedule,
)

if TYPE_CHECKING:
    __version__: str

__all__ = [
    "DEFAULT_RULES",
    "DEFAULT_SCALE",
    "EVENT_TYPES",
    "TRANSITIONS",
    "WORKPLACE_KINDS",
    "Absence",
    "ActionPlanSet",
    "Activity",
    "ActivityCompleted",
    "ActivityKind",
    "Ambassador",
    "AnnualPlan",
    "Assessment",
    "Budget",
    "Catalog",
    "Celebration",
    "CelebrationKind",
    "Cell",
    "CheckIn",
    "Competency",
    "Context",
    "CycleError",
    "Dataset",
    "Due",
    "DueKind",
    "DuplicateIdError",
    "Effect",
    "Evenness",
    "Event",
    "FeedbackGiven",
    "Finding",
    "FindingCode",
    "FollowUpPolicy",
    "FollowUpState",
    "Framework",
    "FrozenMap",
    "Goal",
    "GoalGraph",
    "InvalidTransitionError",
    "Justification",
    "KnowledgeShared",
    "LarandeError",
    "LearningPlan",
    "Level",
    "LevelPolicy",
    "Matrix",
    "Measured",
    "Metric",
    "MonthPlan",
    "Need",
    "NeedScope",
    "NeedsReport",
    "ObjectiveAchieved",
    "Organization",
    "Pairing",
    "Period",
    "Person",
    "Placement",
    "PlanAction",
    "PlanItem",
    "PlanStatus",
    "Progress",
    "ProgressStatus",
    "Reason",
    "Required",
    "Requirement",
    "Retracted",
    "Role",
    "Rule",
    "Scale",
    "Schedule",
    "Session",
    "Severity",
    "Signal",
    "SignalKind",
    "Transition",
    "Unit",
    "UnknownIdError",
    "Unmet",
    "UnmetReason",
    "Unplaced",
    "UnplacedReason",
    "ValidationError",
    "WorkCalendar",
    "advance",
    "allowed",
    "ambassadors",
    "analyze",
    "annual_plan",
    "audit_failure_rate",
    "celebrations",
    "current_level",
    "deviation_threshold",
    "due",
    "effect",
    "expiring",
    "forget",
    "future_requirement",
    "justify",
    "match_mentors",
    "plan",
    "progress",
    "replay",
    "requirement_gap",
    "reschedule",
    "schedule",
    "stale_assessment",
]


def __getattr__(name: str) -> Any:
    # The version is read from the installed metadata only when asked for: importing larande
    # stays cheap, and the number lives in one place (pyproject.toml).
    if name == "__version__":
        from importlib.metadata import version

        return version("larande")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
