"""The year: hours of learning per month against the time set aside."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from larande import _check as check
from larande.exceptions import ValidationError
from larande.organization import Organization
from larande.plot import _style as style
from larande.scheduling import Budget, Schedule

if TYPE_CHECKING:
    from matplotlib.axes import Axes

HOUR = dt.timedelta(hours=1)


def _months(schedule: Schedule, placed: Mapping[tuple[int, int], object]) -> list[tuple[int, int]]:
    """Every month of the horizon, and any month something was placed in outside it."""
    first = min([(schedule.start.year, schedule.start.month), *placed])
    last = max([(schedule.end.year, schedule.end.month), *placed])
    out = []
    y, m = first
    while (y, m) <= last:
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _monthly(value: object, path: str) -> dt.timedelta:
    if isinstance(value, Budget):
        return value.monthly()
    if isinstance(value, dt.timedelta):
        return value
    raise ValidationError(
        f"expected a timedelta, a Budget or a mapping person -> either, got "
        f"{check.describe(value)}",
        path=path,
        code="bad-budget",
        params={"value": check.describe(value)},
    )


def set_aside(
    members: list[str], budget: dt.timedelta | Budget | Mapping[str, dt.timedelta | Budget]
) -> dt.timedelta:
    """The time set aside a month for ``members`` together (as :func:`~larande.annual_plan`)."""
    if isinstance(budget, Mapping):
        return sum(
            (_monthly(budget[p], f"budget[{p!r}]") for p in members if p in budget),
            dt.timedelta(),
        )
    return _monthly(budget, "budget") * len(members)


def annual_load(
    schedule: Schedule,
    org: Organization,
    *,
    unit: str | None = None,
    budget: dt.timedelta | Budget | Mapping[str, dt.timedelta | Budget] | None = None,
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """Hours of learning per month, one bar a month, against the time set aside.

    Args:
        schedule: the schedule whose placements to count (each activity's whole effort in
            the month of its day, as :meth:`~larande.Schedule.load` counts it).
        org: the organisation the people belong to.
        unit: count the members of this unit and its sub-units only; ``None``: everyone.
        budget: the time set aside a person and month, as :func:`~larande.annual_plan`
            takes it (a ``timedelta``, a :class:`~larande.Budget` or a mapping person ->
            either; people missing from a mapping have none). Drawn as a dashed line, and
            the months above it in another colour. ``None``: bars only.
        ax: the axes to draw on; ``None``: a new figure's.
        lang: the language of the words (``"en"`` or ``"sv"``).

    Every month of the schedule's horizon has a bar (an empty month a bar of height 0),
    and so does any month outside it that something was placed in.

    >>> from matplotlib.figure import Figure
    >>> from larande import analyze, plan, schedule
    >>> from larande.datasets import load_demo
    >>> demo = load_demo()
    >>> report = analyze(demo.org, demo.assessments, demo.signals, as_of=demo.as_of)
    >>> year = schedule(plan(report, demo.catalog, org=demo.org), demo.catalog,
    ...                 calendar=demo.calendar, start=demo.start, end=demo.end,
    ...                 budget=demo.budget)
    >>> ax = annual_load(year, demo.org, unit="it", budget=demo.budget,
    ...                  ax=Figure().subplots())
    >>> len(ax.patches), ax.get_ylabel()
    (12, 'hours')
    """
    if not isinstance(schedule, Schedule):
        raise ValidationError(
            f"expected a Schedule, got {check.describe(schedule)}", path="schedule"
        )
    if not isinstance(org, Organization):
        raise ValidationError(f"expected an Organization, got {check.describe(org)}", path="org")
    lang = style.language(lang)
    if unit is None:
        members = [p.id for p in org.people]
    else:
        try:
            members = [p.id for p in org.members(unit)]
        except ValidationError as err:
            raise err.at("unit") if not err.path else err from None
    aside = None if budget is None else set_aside(members, budget)
    ax = style.axes(ax, size=(9.0, 4.0))
    loads: dict[tuple[int, int], dt.timedelta] = {}
    for person in members:
        for p in schedule.for_person(person):
            key = (p.on.year, p.on.month)
            loads[key] = loads.get(key, dt.timedelta()) + schedule.efforts[p.activity]
    months = _months(schedule, loads)
    hours = [loads.get(m, dt.timedelta()) / HOUR for m in months]
    limit = None if aside is None else aside / HOUR
    over = [limit is not None and h > limit + 1e-9 for h in hours]
    ax.bar(
        range(len(months)),
        hours,
        color=[style.VERMILLION if o else style.BLUE for o in over],
        width=0.7,
        zorder=2,
    )
    ax.set_xticks(
        range(len(months)),
        [
            style.text(f"plot.month.{m}", lang) + (f"\n{y}" if i == 0 or m == 1 else "")
            for i, (y, m) in enumerate(months)
        ],
    )
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = [Patch(color=style.BLUE, label=style.text("plot.load.planned", lang))]
    if any(over):
        handles.append(Patch(color=style.VERMILLION, label=style.text("plot.load.over", lang)))
    if limit is not None:
        ax.axhline(limit, color=style.BLACK, linestyle="--", linewidth=1.5, zorder=3)
        handles.append(
            Line2D(
                [],
                [],
                color=style.BLACK,
                linestyle="--",
                label=style.text("plot.load.set-aside", lang),
            )
        )
    ax.legend(handles=handles, loc="upper right", frameon=False)
    scope = style.text("plot.load.everyone", lang) if unit is None else unit
    ax.set_title(style.text("plot.load.title", lang, scope=scope, people=len(members)))
    ax.set_xlabel(style.text("plot.month", lang))
    ax.set_ylabel(style.text("plot.hours", lang))
    # Headroom above the tallest bar or the line, so that the legend covers neither.
    ax.set_ylim(0, 1.3 * max([*hours, limit or 0.0, 1.0]))
    ax.grid(axis="y", color=style.GREY, linewidth=0.5, zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    return ax
