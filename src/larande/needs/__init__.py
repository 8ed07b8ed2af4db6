"""Needs analysis: who needs to learn what, why, and how it serves the organisation.

Rules read the organisation, assessments and signals (record samples, deviations, reports,
internal control, test results) and return :class:`Need` records, each explained by its
:class:`Reason` records and their evidence ids. :func:`analyze` runs the rules, merges what
they find and ranks it; :func:`justify` asks the two gate questions before any training.
"""

from larande.needs._analysis import NeedsReport, analyze
from larande.needs._context import Context, Required, Rule
from larande.needs._justify import Justification, justify
from larande.needs._matrix import Cell, Matrix
from larande.needs._records import Need, NeedScope, Reason, Signal, SignalKind
from larande.needs._rules import (
    DEFAULT_RULES,
    audit_failure_rate,
    deviation_threshold,
    expiring,
    future_requirement,
    requirement_gap,
    stale_assessment,
    wish,
)

__all__ = [
    "DEFAULT_RULES",
    "Cell",
    "Context",
    "Justification",
    "Matrix",
    "Need",
    "NeedScope",
    "NeedsReport",
    "Reason",
    "Required",
    "Rule",
    "Signal",
    "SignalKind",
    "analyze",
    "audit_failure_rate",
    "deviation_threshold",
    "expiring",
    "future_requirement",
    "justify",
    "requirement_gap",
    "stale_assessment",
    "wish",
]
