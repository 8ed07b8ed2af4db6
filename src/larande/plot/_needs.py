"""The gaps: people with a gap per unit and competency, suppressed cells drawn as such."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from larande import _check as check
from larande.exceptions import ValidationError
from larande.needs import Matrix
from larande.plot import _style as style

if TYPE_CHECKING:
    from matplotlib.axes import Axes

NUMBERS_UP_TO = 400
"""Cells are labelled with their counts up to this many cells (more would be unreadable)."""

HATCH = "///"
SUPPRESSED = "#E8E8E8"  # lighter than any colour of the scale: never read as a value
HATCH_INK = "#777777"


NAMED_UP_TO = 60
"""Rows and columns are all named up to this many; beyond, every k-th is."""


def _every(n: int) -> list[int]:
    return list(range(0, n, max(1, math.ceil(n / NAMED_UP_TO))))


def needs_heatmap(matrix: Matrix, *, ax: Axes | None = None, lang: str = "en") -> Axes:
    """The unit x competency matrix as a heatmap: the share of people with a gap.

    Rows are units (organisation order), columns competencies (framework order). A shown
    cell's colour is ``with_gap / people`` on a colour-blind-safe scale (cividis, in a
    colour bar) and, up to :data:`NUMBERS_UP_TO` cells, its text says "2 of 7"; a cell with
    nobody with a gap is the scale's darkest colour with "0 of 7". A suppressed cell is
    never coloured as a number: it is grey and hatched, marked "-", and named in the
    legend, so it can never be taken for a zero. Past :data:`NAMED_UP_TO` units or
    competencies, every k-th is named on its axis. A (unit, competency) the matrix has no
    cell for (no one there holds a role that requires it) is left blank.

    Args:
        matrix: from :meth:`larande.NeedsReport.matrix`.
        ax: the axes to draw on; ``None``: a new figure's.
        lang: the language of the words (``"en"`` or ``"sv"``).

    >>> from matplotlib.figure import Figure
    >>> from larande import analyze
    >>> from larande.datasets import load_demo
    >>> demo = load_demo()
    >>> matrix = analyze(demo.org, demo.assessments, as_of=demo.as_of).matrix()
    >>> ax = needs_heatmap(matrix, ax=Figure().subplots())
    >>> (hatched,) = [c for c in ax.collections if c.get_gid() == "suppressed"]
    >>> len(hatched.get_paths()) == sum(cell.suppressed for cell in matrix.values())
    True
    """
    if not isinstance(matrix, Matrix):
        raise ValidationError(f"expected a Matrix, got {check.describe(matrix)}", path="matrix")
    lang = style.language(lang)
    ax = style.axes(
        ax,
        size=(
            min(16.0, 2.5 + 0.6 * len(matrix.competencies)),
            min(12.0, 1.6 + 0.4 * len(matrix.units)),
        ),
    )
    import numpy as np
    from matplotlib import colormaps
    from matplotlib.collections import PatchCollection
    from matplotlib.patches import Patch, Rectangle

    units, competencies = matrix.units, matrix.competencies
    row = {u: i for i, u in enumerate(units)}
    col = {c: j for j, c in enumerate(competencies)}
    shares = np.full((len(units), len(competencies)), math.nan)
    numbered = len(matrix) <= NUMBERS_UP_TO
    hidden: list[tuple[int, int]] = []
    for (u, c), cell in matrix.items():
        i, j = row[u], col[c]
        if cell.suppressed:
            hidden.append((i, j))
            if numbered:
                ax.text(j, i, "-", ha="center", va="center", color=style.BLACK, fontsize=9)
            continue
        people, with_gap = cell.people or 0, cell.with_gap or 0
        share = with_gap / people if people else 0.0
        shares[i, j] = share
        if numbered:
            ax.text(
                j,
                i,
                style.text("plot.heatmap.cell", lang, with_gap=with_gap, people=people),
                ha="center",
                va="center",
                fontsize=8,
                # cividis is dark below about half: white text there, black above.
                color="white" if share < 0.55 else style.BLACK,
            )
    # One collection for every suppressed cell: thousands of patches would cost seconds each.
    ax.add_collection(
        PatchCollection(
            [Rectangle((j - 0.5, i - 0.5), 1, 1) for i, j in hidden],
            facecolor=SUPPRESSED,
            edgecolor=HATCH_INK,
            hatch=HATCH,
            linewidth=0.0,
            gid="suppressed",
        )
    )
    image = ax.imshow(
        np.ma.masked_invalid(shares),
        cmap=colormaps[style.SEQUENTIAL].with_extremes(bad="white"),
        vmin=0.0,
        vmax=1.0,
        aspect="auto",
        interpolation="nearest",
    )
    # Past about sixty rows or columns, every k-th is named: all would overlap.
    across, down = _every(len(competencies)), _every(len(units))
    ax.set_xticks(across, [competencies[j] for j in across], rotation=45, ha="right")
    ax.set_yticks(down, [units[i] for i in down])
    ax.set_xlim(-0.5, len(competencies) - 0.5)
    ax.set_ylim(len(units) - 0.5, -0.5)
    ax.set_xlabel(style.text("plot.heatmap.competency", lang))
    ax.set_ylabel(style.text("plot.heatmap.unit", lang))
    ax.set_title(style.text("plot.heatmap.title", lang), pad=24)
    ax.figure.colorbar(image, ax=ax, label=style.text("plot.heatmap.share", lang))
    handles: list[Any] = [
        Patch(
            facecolor=SUPPRESSED,
            edgecolor=HATCH_INK,
            hatch=HATCH,
            label=style.text("plot.heatmap.suppressed", lang, min_group=matrix.min_group),
        )
    ]
    # Above the cells, under the title: the names below them are as long as they need.
    ax.legend(
        handles=handles,
        loc="lower left",
        bbox_to_anchor=(0.0, 1.0),
        frameon=False,
        fontsize=8,
        borderaxespad=0.2,
    )
    return ax
