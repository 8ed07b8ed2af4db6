"""The goal tree: levels as rows, from the organisation's goals down to objectives."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from larande import _check as check
from larande.exceptions import ValidationError
from larande.goals import GoalGraph, Level
from larande.plot import _style as style

if TYPE_CHECKING:
    from matplotlib.axes import Axes

LABELLED_UP_TO = 12
"""A row's goals carry their titles up to this many goals (more would overlap)."""

COLOURS = {
    Level.ORGANIZATION: (style.BLUE, "white"),
    Level.UNIT: (style.SKY, style.BLACK),
    Level.TEAM: (style.GREEN, "white"),
    Level.INDIVIDUAL: (style.ORANGE, style.BLACK),
}
"""Level -> (fill, text colour)."""

_ROW = {level: len(Level) - 1 - i for i, level in enumerate(Level)}  # broadest on top


def layout(graph: GoalGraph) -> dict[str, tuple[float, float]]:
    """Each goal's place: its level's row, and across the row near its parents.

    Rows are filled from the broadest level down; a goal sits in the order of its
    parents' mean place (ties and goals without parents in the graph's order), so links
    cross as little as this simple rule allows. Places run from 0 to 1 across each row.
    """
    order = {g: i for i, g in enumerate(graph)}
    rows: dict[Level, list[str]] = {level: [] for level in Level}
    for gid in graph:
        rows[graph.goal(gid).level].append(gid)
    where: dict[str, tuple[float, float]] = {}
    for level in Level:
        goals = rows[level]

        def key(gid: str) -> tuple[float, int]:
            ups = [where[p][0] for p in graph.parents(gid) if p in where]
            return (sum(ups) / len(ups) if ups else 2.0, order[gid])

        goals.sort(key=key)
        for i, gid in enumerate(goals):
            where[gid] = ((i + 0.5) / len(goals), float(_ROW[level]))
    return where


def _label(title: str) -> str:
    return textwrap.shorten(title, 54, placeholder="...") if len(title) > 54 else title


def goal_tree(graph: GoalGraph, *, ax: Axes | None = None, lang: str = "en") -> Axes:
    """The goal graph as a tree: one row per level, broadest on top, a line per link.

    Each level has its own colour-blind-safe colour and its row is named on the left with
    how many goals it holds. A row of up to :data:`LABELLED_UP_TO` goals shows their
    titles; a fuller row shows its goals as dots. Every link (child to the parent it
    contributes to) is a line, so a goal that serves two parents shows both.

    Args:
        graph: the goals.
        ax: the axes to draw on; ``None``: a new figure's.
        lang: the language of the words (``"en"`` or ``"sv"``).

    >>> from matplotlib.figure import Figure
    >>> from larande.datasets import load_demo
    >>> goals = load_demo().goals
    >>> ax = goal_tree(goals, ax=Figure().subplots())
    >>> sum(len(c.get_offsets()) for c in ax.collections[1:]) == len(goals)
    True
    """
    if not isinstance(graph, GoalGraph):
        raise ValidationError(f"expected a GoalGraph, got {check.describe(graph)}", path="graph")
    lang = style.language(lang)
    where = layout(graph)
    counts = dict.fromkeys(Level, 0)
    for gid in graph:
        counts[graph.goal(gid).level] += 1
    widest = max(counts.values(), default=0)
    ax = style.axes(ax, size=(min(18.0, 2.5 + 1.5 * min(widest, LABELLED_UP_TO)), 6.0))
    from matplotlib.collections import LineCollection

    links = [(child, parent) for child, parent, _ in graph.links()]
    ax.add_collection(
        LineCollection(
            [(where[c], where[p]) for c, p in links],
            colors=style.GREY,
            linewidths=1.0,
            zorder=1,
            gid="links",
        )
    )
    for level in Level:
        goals = [g for g in graph if graph.goal(g).level is level]
        fill, ink = COLOURS[level]
        points = [where[g] for g in goals]
        ax.scatter(
            [x for x, _ in points],
            [y for _, y in points],
            s=60,
            color=fill,
            edgecolors=style.BLACK,
            linewidths=0.5,
            zorder=2,
            gid=f"level:{level.name.lower()}",
        )
        if len(goals) > LABELLED_UP_TO:
            continue
        for gid in goals:
            x, y = where[gid]
            ax.text(
                x,
                y,
                textwrap.fill(_label(graph.goal(gid).title), 18),
                ha="center",
                va="center",
                fontsize=7,
                color=ink,
                zorder=3,
                bbox={"boxstyle": "round,pad=0.3", "facecolor": fill, "edgecolor": style.BLACK},
                gid=f"goal:{gid}",
            )
    ax.set_yticks(
        [float(_ROW[level]) for level in Level],
        [
            style.text(
                "plot.tree.row",
                lang,
                level=style.text(f"plot.level.{level.name.lower()}", lang),
                count=counts[level],
            )
            for level in Level
        ],
    )
    ax.set_xticks([])
    ax.set_xlim(0.0, 1.0)
    ax.set_ylim(-0.6, len(Level) - 0.4)
    ax.spines[["top", "right", "bottom"]].set_visible(False)
    ax.set_title(style.text("plot.tree.title", lang, goals=len(graph), links=len(links)))
    return ax
