"""pandas DataFrames of larande's results, for notebooks (the ``frames`` extra).

Every function returns a fresh DataFrame with documented columns, one row per item, in a
stable order; dates are ``datetime64[ns]`` columns, durations hours as floats. pandas is
imported only when a function is called: ``import larande`` never imports it.

>>> from larande import analyze
>>> from larande.datasets import load_demo
>>> demo = load_demo()
>>> frame = needs_frame(analyze(demo.org, demo.assessments, as_of=demo.as_of))
>>> list(frame.columns)
['id', 'scope', 'subject', 'competency', 'current', 'required', 'gap', 'priority', 'due', 'rules', 'evidence']
"""  # noqa: E501

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from larande import _check as check
from larande.catalog import Catalog
from larande.exceptions import ValidationError
from larande.followup import Due, Progress
from larande.needs import Matrix, NeedsReport
from larande.planning import LearningPlan
from larande.scheduling import AnnualPlan, Schedule

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "annual_frame",
    "due_frame",
    "load_frame",
    "matrix_frame",
    "needs_frame",
    "plans_frame",
    "progress_frame",
    "schedule_frame",
]


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:
        raise ImportError('larande.io.frames needs pandas: pip install "larande[frames]"') from exc
    return pandas


def _frame(
    rows: list[dict[str, Any]], columns: list[str], dates: Iterable[str] = ()
) -> pd.DataFrame:
    pandas = _pandas()
    frame = pandas.DataFrame(rows, columns=columns)
    for column in dates:
        frame[column] = pandas.to_datetime(frame[column])
    return frame


def _hours(value: dt.timedelta) -> float:
    return value.total_seconds() / 3600


def needs_frame(report: NeedsReport) -> pd.DataFrame:
    """One row per need, in report order.

    Columns: ``id``, ``scope``, ``subject``, ``competency``, ``current``, ``required``,
    ``gap``, ``priority``, ``due`` (datetime64), ``rules`` (the reasons' rules, joined by
    ``", "``) and ``evidence`` (the evidence ids, joined).
    """
    if not isinstance(report, NeedsReport):
        raise ValidationError(
            f"expected a NeedsReport, got {check.describe(report)}", path="report"
        )
    rows = [
        {
            "id": n.id,
            "scope": n.scope.value,
            "subject": n.subject,
            "competency": n.competency,
            "current": n.current,
            "required": n.required,
            "gap": n.gap,
            "priority": n.priority,
            "due": n.due,
            "rules": ", ".join(dict.fromkeys(r.rule for r in n.reasons)),
            "evidence": ", ".join(n.evidence),
        }
        for n in report.needs
    ]
    columns = [
        "id",
        "scope",
        "subject",
        "competency",
        "current",
        "required",
        "gap",
        "priority",
        "due",
        "rules",
        "evidence",
    ]
    return _frame(rows, columns, ["due"])


def matrix_frame(matrix: Matrix) -> pd.DataFrame:
    """One row per (unit, competency) cell.

    Columns: ``unit``, ``competency``, ``people``, ``with_gap``, ``mean_gap`` and
    ``suppressed`` (counts are missing where suppressed).
    """
    if not isinstance(matrix, Matrix):
        raise ValidationError(f"expected a Matrix, got {check.describe(matrix)}", path="matrix")
    rows = [
        {
            "unit": u,
            "competency": c,
            "people": cell.people,
            "with_gap": cell.with_gap,
            "mean_gap": cell.mean_gap,
            "suppressed": cell.suppressed,
        }
        for (u, c), cell in matrix.items()
    ]
    frame = _frame(rows, ["unit", "competency", "people", "with_gap", "mean_gap", "suppressed"])
    for column in ("people", "with_gap"):
        frame[column] = frame[column].astype("Int64")
    return frame


def plans_frame(plans: Iterable[LearningPlan], catalog: Catalog | None = None) -> pd.DataFrame:
    """One row per plan item.

    Columns: ``person``, ``status``, ``activity``, ``deadline``, ``priority``,
    ``competencies`` (of the needs it closes), ``required_by``; with ``catalog`` also
    ``title``, ``kind``, ``hours`` and ``cost``.
    """
    rows = []
    for i, plan in enumerate(plans):
        if not isinstance(plan, LearningPlan):
            raise ValidationError(
                f"expected a LearningPlan, got {check.describe(plan)}", path=f"plans[{i}]"
            )
        for item in plan.items:
            row: dict[str, Any] = {
                "person": plan.person,
                "status": plan.status.value,
                "activity": item.activity,
                "deadline": item.deadline,
                "priority": item.priority,
                "competencies": ", ".join(sorted({n.competency for n in item.needs})),
                "required_by": ", ".join(item.required_by),
            }
            if catalog is not None:
                a = catalog.activity(item.activity)
                row |= {
                    "title": a.title,
                    "kind": str(a.kind),
                    "hours": _hours(a.effort),
                    "cost": a.cost,
                }
            rows.append(row)
    columns = [
        "person",
        "status",
        "activity",
        "deadline",
        "priority",
        "competencies",
        "required_by",
    ]
    if catalog is not None:
        columns += ["title", "kind", "hours", "cost"]
    return _frame(rows, columns, ["deadline"])


def schedule_frame(schedule: Schedule) -> pd.DataFrame:
    """One row per placement, then one per unplaced item.

    Columns: ``person``, ``activity``, ``on`` (missing when unplaced), ``session``,
    ``hours``, ``placed``, ``reason``, ``detail``.
    """
    if not isinstance(schedule, Schedule):
        raise ValidationError(
            f"expected a Schedule, got {check.describe(schedule)}", path="schedule"
        )
    rows: list[dict[str, Any]] = [
        {
            "person": p.person,
            "activity": p.activity,
            "on": p.on,
            "session": p.session,
            "hours": _hours(schedule.efforts[p.activity]),
            "placed": True,
            "reason": None,
            "detail": None,
        }
        for p in schedule.placements
    ]
    rows += [
        {
            "person": u.person,
            "activity": u.activity,
            "on": None,
            "session": None,
            "hours": None,
            "placed": False,
            "reason": u.reason.value,
            "detail": u.detail,
        }
        for u in schedule.unplaced
    ]
    columns = ["person", "activity", "on", "session", "hours", "placed", "reason", "detail"]
    return _frame(rows, columns, ["on"])


def annual_frame(annual_plan: AnnualPlan) -> pd.DataFrame:
    """One row per month of a unit's annual plan, in order.

    Columns: ``unit``, ``month`` (datetime64, the month's first day), ``hours`` (planned),
    ``set_aside`` (hours set aside, all members together), ``share`` (``hours /
    set_aside``), ``cost``, ``activities`` (``"activity xN"``, joined by ``", "``, by id)
    and ``goals`` (the goals the month's learning serves, joined).

    >>> from larande import analyze, annual_plan, plan, schedule
    >>> from larande.datasets import load_demo
    >>> demo = load_demo()
    >>> report = analyze(demo.org, demo.assessments, demo.signals, as_of=demo.as_of)
    >>> year = schedule(plan(report, demo.catalog, org=demo.org), demo.catalog,
    ...                 calendar=demo.calendar, start=demo.start, end=demo.end,
    ...                 budget=demo.budget)
    >>> frame = annual_frame(annual_plan(year, demo.org, "it", budget=demo.budget))
    >>> len(frame), float(frame["set_aside"].iloc[0])
    (12, 96.0)
    """
    if not isinstance(annual_plan, AnnualPlan):
        raise ValidationError(
            f"expected an AnnualPlan, got {check.describe(annual_plan)}", path="annual_plan"
        )
    rows = [
        {
            "unit": annual_plan.unit,
            "month": dt.date(m.year, m.month, 1),
            "hours": _hours(m.load),
            "set_aside": _hours(m.set_aside),
            "share": m.share,
            "cost": m.cost,
            "activities": ", ".join(f"{a} x{n}" for a, n in sorted(m.activities.items())),
            "goals": ", ".join(m.goals),
        }
        for m in annual_plan.months
    ]
    columns = ["unit", "month", "hours", "set_aside", "share", "cost", "activities", "goals"]
    return _frame(rows, columns, ["month"])


def load_frame(schedule: Schedule) -> pd.DataFrame:
    """One row per person and month with learning placed: what :meth:`Schedule.load` says.

    Columns: ``person``, ``month`` (datetime64, the month's first day) and ``hours``;
    sorted by person, then month. Months without learning are left out, as in ``load``.

    >>> import datetime as dt
    >>> from larande import Placement, Schedule
    >>> H = dt.timedelta(hours=1)
    >>> year = Schedule(
    ...     [Placement("anna", "intro", dt.date(2026, 3, 2)),
    ...      Placement("anna", "deep", dt.date(2026, 3, 9)),
    ...      Placement("bo", "intro", dt.date(2026, 4, 7))],
    ...     [], dt.date(2026, 3, 1), dt.date(2026, 6, 30),
    ...     efforts={"intro": 2 * H, "deep": 6 * H})
    >>> load_frame(year).to_dict("records")  # doctest: +NORMALIZE_WHITESPACE
    [{'person': 'anna', 'month': Timestamp('2026-03-01 00:00:00'), 'hours': 8.0},
     {'person': 'bo', 'month': Timestamp('2026-04-01 00:00:00'), 'hours': 2.0}]
    """
    if not isinstance(schedule, Schedule):
        raise ValidationError(
            f"expected a Schedule, got {check.describe(schedule)}", path="schedule"
        )
    rows = [
        {"person": person, "month": dt.date(year, month, 1), "hours": _hours(load)}
        for person in dict.fromkeys(p.person for p in schedule.placements)
        for (year, month), load in sorted(schedule.load(person).items())
    ]
    return _frame(rows, ["person", "month", "hours"], ["month"])


def progress_frame(progress: Mapping[str, Progress]) -> pd.DataFrame:
    """One row per goal: ``goal``, ``fraction``, ``forecast``, ``status``; sorted by goal."""
    if not isinstance(progress, Mapping):
        raise ValidationError(
            f"expected a mapping goal -> Progress, got {check.describe(progress)}", path="progress"
        )
    rows = [
        {"goal": g, "fraction": p.fraction, "forecast": p.forecast, "status": p.status.value}
        for g, p in sorted(progress.items())
    ]
    return _frame(rows, ["goal", "fraction", "forecast", "status"])


def due_frame(reminders: Iterable[Due]) -> pd.DataFrame:
    """One row per reminder, in the order given.

    Columns: ``kind``, ``person``, ``subject``, ``due_on``, ``overdue_days``, ``questions``.
    """
    rows = []
    for i, d in enumerate(reminders):
        if not isinstance(d, Due):
            raise ValidationError(
                f"expected a Due, got {check.describe(d)}", path=f"reminders[{i}]"
            )
        rows.append(
            {
                "kind": d.kind.value,
                "person": d.person,
                "subject": d.subject,
                "due_on": d.due_on,
                "overdue_days": d.overdue_days,
                "questions": d.questions,
            }
        )
    return _frame(
        rows, ["kind", "person", "subject", "due_on", "overdue_days", "questions"], ["due_on"]
    )


def html(frame_of: Any, value: Any, *, rows: int = 20) -> str:
    """An HTML table of ``frame_of(value)``'s first rows; ``<pre>`` + repr without pandas.

    What the results' ``_repr_html_`` methods call, so that notebooks show tables.
    """
    try:
        frame = frame_of(value)
    except ImportError:
        import html as _html

        return f"<pre>{_html.escape(repr(value))}</pre>"
    shown = frame.head(rows).to_html(index=False)
    more = len(frame) - rows
    return str(shown) + (f"<p>... and {more} more rows</p>" if more > 0 else "")
