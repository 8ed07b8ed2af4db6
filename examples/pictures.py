"""The demo's pictures as PNG files: the year, the gaps, the goal tree, progress and effect.

Run it to get the pictures in a folder (without one, they are drawn and then removed):

    python examples/pictures.py [FOLDER]
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only, no window

import matplotlib.pyplot as plt

import larande
from larande.datasets import load_demo
from larande.plot import annual_load, effect_chart, goal_tree, needs_heatmap, progress_chart


def main() -> None:
    if len(sys.argv) > 1:
        draw(Path(sys.argv[1]))
    else:
        with tempfile.TemporaryDirectory() as folder:
            draw(Path(folder))


def draw(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    demo = load_demo()
    turn = larande.review(demo, as_of=dt.date(2026, 4, 15))
    assert turn.goals is not None

    # Side by side on one figure: each picture draws on the axes it is given.
    figure, (left, right) = plt.subplots(1, 2, figsize=(16, 5), layout="constrained")
    annual_load(turn.schedule, demo.org, unit="homecare", budget=demo.budget, ax=left)
    annual_load(turn.schedule, demo.org, unit="it", budget=demo.budget, ax=right)
    figure.savefig(folder / "year-by-unit.png", dpi=100)

    pictures = {
        "needs-heatmap": needs_heatmap(turn.report.matrix()),
        "goal-tree": goal_tree(demo.goals, lang="sv"),
        "progress": progress_chart(turn.state, turn.goals, "it-release-time", as_of=turn.as_of),
        "effect": effect_chart(larande.effect(turn.state, turn.goals)),
    }
    for name, ax in pictures.items():
        ax.figure.savefig(folder / f"{name}.png", dpi=100)
    plt.close("all")
    print(f"wrote {len(pictures) + 1} pictures to {folder}")


if __name__ == "__main__":
    main()
