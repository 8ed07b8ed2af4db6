"""Follow-up: a goal's measurements and trend against its target, and each activity's effect."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from larande import _check as check
from larande.exceptions import UnknownIdError, ValidationError
from larande.followup import Effect, FollowUpState, progress
from larande.followup._events import CheckIn
from larande.followup._progress import _trend
from larande.goals import GoalGraph, Level
from larande.plot import _style as style

if TYPE_CHECKING:
    from matplotlib.axes import Axes

LEVELS = ("reaction", "learning", "behaviour", "results")
"""Kirkpatrick's four levels, in order, as :class:`~larande.Effect` names them."""

LEVEL_COLOURS = {
    "reaction": style.ORANGE,
    "learning": style.SKY,
    "behaviour": style.GREEN,
    "results": style.BLUE,
}

VALUES_UP_TO = 12
"""Bars carry their values up to this many activities (more would be unreadable)."""

RATING_SCALE = 5
"""Reaction is a mean rating from 1 to 5: drawn as ``rating / 5`` beside the shares."""


def _points(state: FollowUpState, graph: GoalGraph, goal_id: str, as_of: dt.date) -> list[Any]:
    """The goal's (day, value) points up to ``as_of``, as :func:`~larande.progress` reads them."""
    goal = graph.goal(goal_id)
    if goal.level is Level.INDIVIDUAL:
        return sorted(
            (e.on, e.progress)
            for person in state.people()
            for e in state.of_person(person)
            if isinstance(e, CheckIn)
            and e.subject == goal_id
            and e.progress is not None
            and e.on <= as_of
        )
    return [(m.on, m.value) for m in state.measurements(goal_id) if m.on <= as_of]


def _trend_line(
    points: list[tuple[dt.date, float]], deadline: dt.date, forecast: float
) -> tuple[list[dt.datetime], list[float]]:
    """The trend from the first point to the deadline, ending at the (clamped) forecast.

    The forecast is the least-squares line read at the deadline, clamped to what the metric
    can reach; where it was clamped, the line runs to the bound and along it, so that it
    meets the forecast at the deadline rather than some value the metric cannot take.
    """
    first = points[0][0]
    start, end = _trend(points, first), _trend(points, deadline)
    assert start is not None  # a forecast implies a trend
    assert end is not None
    x0, x1 = first.toordinal(), deadline.toordinal()
    days: list[float] = [float(x0), float(x1)]
    values = [start, forecast]
    if abs(end - forecast) > 1e-9 * max(1.0, abs(forecast)):
        crossing = x0 + (forecast - start) * (x1 - x0) / (end - start)
        if min(x0, x1) < crossing < max(x0, x1):
            days, values = [float(x0), crossing, float(x1)], [start, forecast, forecast]
        else:
            values = [forecast, forecast]

    def moment(day: float) -> dt.datetime:
        whole = int(day)
        return dt.datetime.fromordinal(whole) + dt.timedelta(days=day - whole)

    return [moment(d) for d in days], values


def progress_chart(
    state: FollowUpState,
    goals: GoalGraph,
    goal_id: str,
    *,
    as_of: dt.date,
    ax: Axes | None = None,
    lang: str = "en",
) -> Axes:
    """A goal's measurements, its trend to the deadline, the target and the deadline.

    For a goal with a metric: each measurement up to ``as_of`` (a line with dots), the
    baseline and the target (horizontal lines), the deadline and ``as_of`` (vertical lines)
    and, when :func:`~larande.progress` has a forecast, the trend as a dashed line from the
    first measurement to the deadline, where it meets the forecast (a dot). For an
    individual objective the same with its check-ins' progress, from 0 to 1. The title
    names the goal and its status.

    Args:
        state: the follow-up state (:func:`~larande.replay`).
        goals: the goal graph holding ``goal_id``.
        goal_id: a goal with a metric, or an individual objective.
        as_of: the day to draw (later events are left out, as ``progress`` does).
        ax: the axes to draw on; ``None``: a new figure's.
        lang: the language of the words (``"en"`` or ``"sv"``).

    Raises:
        UnknownIdError: ``goal_id`` is not in ``goals``.
        ValidationError: the goal has no metric and is not an individual objective
            (there is nothing to measure it by).

    >>> import datetime as dt
    >>> from matplotlib.figure import Figure
    >>> from larande import replay
    >>> from larande.datasets import load_demo
    >>> demo = load_demo()
    >>> ax = progress_chart(replay(demo.events), demo.goals, "it-release-time",
    ...                     as_of=dt.date(2026, 4, 15), ax=Figure().subplots())
    >>> ax.get_title()
    'Cut release time by 15 % within three months: on track'
    """
    if not isinstance(state, FollowUpState):
        raise ValidationError(
            f"expected a FollowUpState, got {check.describe(state)}", path="state"
        )
    if not isinstance(goals, GoalGraph):
        raise ValidationError(f"expected a GoalGraph, got {check.describe(goals)}", path="goals")
    if not isinstance(goal_id, str) or goal_id not in goals:
        raise UnknownIdError("goal", str(goal_id), path="goal_id", expected="a goal of goals")
    if not check.is_day(as_of):
        raise ValidationError(
            f"expected a datetime.date, got {check.describe(as_of)}", path="as_of"
        )
    lang = style.language(lang)
    goal = goals.goal(goal_id)
    if goal.level is Level.INDIVIDUAL:
        baseline, target = 0.0, 1.0
        ylabel = style.text("plot.progress.share", lang)
    elif goal.metric is not None:
        baseline, target = goal.metric.baseline, goal.metric.target
        ylabel = style.text(
            "plot.progress.metric", lang, name=goal.metric.name, unit=goal.metric.unit
        )
    else:
        raise ValidationError(
            f"goal {goal_id!r} has no metric; expected a goal with a metric or an individual "
            "objective",
            path="goal_id",
            code="no-metric",
            params={"goal": goal_id},
        )
    # Only this goal's progress: a one-goal graph keeps the cost to the state's events.
    alone = GoalGraph()
    alone.add(goal)
    found = progress(state, alone, as_of=as_of)[goal_id]
    points = _points(state, goals, goal_id, as_of)
    ax = style.axes(ax, size=(8.0, 4.0))
    # matplotlib's stubs type its data as arrays; its date converter takes date lists too.
    days_measured: Any = [d for d, _ in points]
    if points:
        ax.plot(
            days_measured,
            [v for _, v in points],
            marker="o",
            color=style.BLUE,
            linewidth=2,
            label=style.text("plot.progress.measured", lang),
            gid="measured",
            zorder=3,
        )
    else:
        ax.text(
            0.5,
            0.5,
            style.text("plot.progress.no-data", lang),
            transform=ax.transAxes,
            ha="center",
            va="center",
            color=style.BLACK,
        )
    if found.forecast is not None and goal.deadline is not None and points:
        days: Any
        days, values = _trend_line(points, goal.deadline, found.forecast)
        ax.plot(
            days,
            values,
            linestyle="--",
            color=style.VERMILLION,
            linewidth=1.5,
            label=style.text("plot.progress.trend", lang, forecast=style.number(found.forecast)),
            gid="trend",
            zorder=2,
        )
        ax.plot([days[-1]], [found.forecast], marker="o", color=style.VERMILLION, gid="forecast")
    ax.axhline(
        baseline,
        color=style.GREY,
        linestyle=":",
        linewidth=1.5,
        label=style.text("plot.progress.baseline", lang, baseline=style.number(baseline)),
        gid="baseline",
    )
    ax.axhline(
        target,
        color=style.GREEN,
        linestyle="-",
        linewidth=2,
        label=style.text("plot.progress.target", lang, target=style.number(target)),
        gid="target",
    )
    if goal.deadline is not None:
        deadline: Any = dt.datetime.fromordinal(goal.deadline.toordinal())
        ax.axvline(
            deadline,
            color=style.BLACK,
            linestyle="-.",
            linewidth=1,
            label=style.text("plot.progress.deadline", lang, deadline=goal.deadline.isoformat()),
            gid="deadline",
        )
    today: Any = dt.datetime.fromordinal(as_of.toordinal())
    ax.axvline(
        today,
        color=style.PURPLE,
        linestyle=":",
        linewidth=1,
        label=style.text("plot.progress.as-of", lang, as_of=as_of.isoformat()),
        gid="as-of",
    )
    ax.set_title(
        style.text(
            "plot.progress.title",
            lang,
            title=goal.title,
            status=style.text(f"plot.status.{found.status.value}", lang),
        )
    )
    ax.set_xlabel(style.text("plot.progress.date", lang))
    ax.set_ylabel(ylabel)
    ax.legend(loc="best", fontsize=8, frameon=False)
    ax.grid(color=style.GREY, linewidth=0.5, alpha=0.6)
    ax.spines[["top", "right"]].set_visible(False)
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]  # untyped upstream
    ax.xaxis.set_major_locator(locator)
    concise = mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(concise)
    return ax


def heights(effect: Effect) -> dict[str, float | None]:
    """An effect's four levels as drawn: shares as they are, the rating over 5."""
    return {
        "reaction": None if effect.reaction is None else effect.reaction / RATING_SCALE,
        "learning": effect.learning,
        "behaviour": effect.behaviour,
        "results": effect.results,
    }


def effect_chart(
    effects: Mapping[str, Effect], *, ax: Axes | None = None, lang: str = "en"
) -> Axes:
    """Kirkpatrick's four levels per activity, as grouped bars from 0 to 1.

    Each activity (in the mapping's order, :func:`~larande.effect`'s is by id) gets four
    bars side by side: reaction (the mean rating over 5), learning, behaviour and results,
    one colour-blind-safe colour each, named in the legend; up to :data:`VALUES_UP_TO`
    activities, each bar's value is written on it. A level without evidence has no bar but
    a "-" where it would stand, never a bar of 0.

    Args:
        effects: activity id -> :class:`~larande.Effect`, as :func:`~larande.effect` gives.
        ax: the axes to draw on; ``None``: a new figure's.
        lang: the language of the words (``"en"`` or ``"sv"``).

    >>> from matplotlib.figure import Figure
    >>> from larande import effect, replay
    >>> from larande.datasets import load_demo
    >>> demo = load_demo()
    >>> ax = effect_chart(effect(replay(demo.events), demo.goals), ax=Figure().subplots())
    >>> [label.get_text() for label in ax.get_legend().get_texts()]
    ['reaction', 'learning', 'behaviour', 'results', '- no evidence']
    """
    if not isinstance(effects, Mapping):
        raise ValidationError(
            f"expected a mapping activity -> Effect, got {check.describe(effects)}",
            path="effects",
        )
    for activity, found in effects.items():
        if not isinstance(found, Effect):
            raise ValidationError(
                f"expected an Effect, got {check.describe(found)}",
                path=f"effects[{activity!r}]",
            )
    lang = style.language(lang)
    activities = list(effects)
    ax = style.axes(ax, size=(min(18.0, 3.0 + 1.2 * len(activities)), 4.5))
    width = 0.2
    drawn = [heights(effects[a]) for a in activities]
    from matplotlib.lines import Line2D

    for k, level in enumerate(LEVELS):
        offset = (k - (len(LEVELS) - 1) / 2) * width
        known = [(i, v) for i, h in enumerate(drawn) if (v := h[level]) is not None]
        bars = ax.bar(
            [i + offset for i, _ in known],
            [v for _, v in known],
            width=width,
            color=LEVEL_COLOURS[level],
            label=style.text(f"plot.effect.{level}", lang),
            gid=f"level:{level}",
            zorder=2,
        )
        if len(activities) <= VALUES_UP_TO:  # a 0 has no height: its number shows it
            ax.bar_label(bars, fmt="%.2g", fontsize=7, padding=1)
        for i, h in enumerate(drawn):
            if h[level] is None:
                ax.text(
                    i + offset, 0.02, "-", ha="center", va="bottom", color=style.BLACK, fontsize=9
                )
    handles, _ = ax.get_legend_handles_labels()
    handles.append(
        Line2D([], [], linestyle="none", label="- " + style.text("plot.effect.none", lang))
    )
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    ax.set_xticks(range(len(activities)), activities, rotation=30, ha="right")
    ax.set_ylim(0.0, 1.1)
    ax.set_xlim(-0.6, max(len(activities), 1) - 0.4)
    ax.set_xlabel(style.text("plot.effect.activity", lang))
    ax.set_ylabel(style.text("plot.effect.score", lang))
    ax.set_title(style.text("plot.effect.title", lang))
    ax.grid(axis="y", color=style.GREY, linewidth=0.5, zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    if not activities:
        ax.text(
            0.5,
            0.5,
            style.text("plot.empty", lang),
            transform=ax.transAxes,
            ha="center",
            va="center",
        )
    return ax
