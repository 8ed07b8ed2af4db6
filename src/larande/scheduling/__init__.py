"""Scheduling: each person's plan placed over the year, within the time set aside.

:func:`schedule` describes and checks the problem once, then solves it; the
:class:`Schedule` carries what was placed and what was not, with the reason.
:func:`reschedule` keeps what lies before a day (and what is done) and places the rest
again. :func:`annual_plan` is the month-by-month view a unit plans its year with, and
:func:`planned_vs_actual` follows it up like the budget: planned against done.
:func:`rotate` names who leads each occurrence of a group series, in turns.
"""

from larande.scheduling._actual import BudgetLine, planned_vs_actual
from larande.scheduling._annual import AnnualPlan, MonthPlan, annual_plan
from larande.scheduling._budget import Budget, Period
from larande.scheduling._records import (
    Evenness,
    Placement,
    Schedule,
    ScheduleStatus,
    Unplaced,
    UnplacedReason,
)
from larande.scheduling._rotate import rotate
from larande.scheduling._solve import reschedule, schedule

__all__ = [
    "AnnualPlan",
    "Budget",
    "BudgetLine",
    "Evenness",
    "MonthPlan",
    "Period",
    "Placement",
    "Schedule",
    "ScheduleStatus",
    "Unplaced",
    "UnplacedReason",
    "annual_plan",
    "planned_vs_actual",
    "reschedule",
    "rotate",
    "schedule",
]
