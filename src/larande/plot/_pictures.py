"""Every picture of a dataset at once, as figures a caller saves (the command line does)."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from larande.dataset import Dataset
from larande.plot._followup import effect_chart, progress_chart
from larande.plot._goals import goal_tree
from larande.plot._needs import needs_heatmap
from larande.plot._year import annual_load

if TYPE_CHECKING:
    from matplotlib.figure import Figure


def _name(goal_id: str, taken: set[str]) -> str:
    """A file name's stem for a goal: its id, with what a file system may refuse replaced."""
    stem = "progress-" + (re.sub(r"[^A-Za-z0-9._-]", "_", goal_id).strip(".") or "goal")
    found, k = stem, 2
    while found in taken:  # ids that differ only in replaced characters
        found, k = f"{stem}-{k}", k + 1
    taken.add(found)
    return found


def pictures(dataset: Dataset, *, as_of: dt.date, lang: str = "en") -> dict[str, Figure]:
    """The dataset's pictures on ``as_of``: file stem -> figure (nothing shown or saved).

    ``needs-heatmap`` always; ``goal-tree`` and one ``progress-{goal}`` per goal with a
    metric when the dataset has goals; ``annual-load`` (everyone's year, after one
    :func:`~larande.review`) when it has what scheduling needs; ``effect`` when it has
    events. Figures are made without pyplot: no backend is chosen, none is kept open.
    """
    from matplotlib.figure import Figure

    from larande.followup import effect, replay
    from larande.needs import analyze

    def new() -> Figure:
        return Figure(figsize=(10.0, 5.0), layout="constrained")

    out: dict[str, Figure] = {}
    goals = dataset.goals
    ready = all(
        v is not None for v in (dataset.catalog, dataset.calendar, dataset.end, dataset.budget)
    )
    if ready:
        from larande.loop import review

        turn = review(dataset, as_of=as_of)
        report, goals, state = turn.report, turn.goals, turn.state
        out["annual-load"] = annual_load(
            turn.schedule, dataset.org, budget=dataset.budget, ax=new().subplots(), lang=lang
        ).figure  # type: ignore[assignment]  # a Figure's subplots live in that Figure
    else:
        report = analyze(
            dataset.org, dataset.assessments, dataset.signals, as_of=as_of, goals=goals
        )
        state = replay([e for e in dataset.events if e.on <= as_of])
    out["needs-heatmap"] = needs_heatmap(report.matrix(), ax=new().subplots(), lang=lang).figure  # type: ignore[assignment]
    if goals is not None:
        out["goal-tree"] = goal_tree(goals, ax=new().subplots(), lang=lang).figure  # type: ignore[assignment]
    if dataset.events:
        out["effect"] = effect_chart(effect(state, goals), ax=new().subplots(), lang=lang).figure  # type: ignore[assignment]
    if goals is not None:
        taken: set[str] = set(out)
        for gid in goals:
            if goals.goal(gid).metric is not None:
                ax = progress_chart(state, goals, gid, as_of=as_of, ax=new().subplots(), lang=lang)
                out[_name(gid, taken)] = ax.figure  # type: ignore[assignment]
    return out
