"""Goal trees as Mermaid flowcharts, which render on GitHub, GitLab and in Jupyter.

>>> from larande import Goal, GoalGraph, Level
>>> g = GoalGraph()
>>> g.add(Goal("star", "Halve deviations", Level.ORGANIZATION))
>>> g.add(Goal("team", 'Check "twice"', Level.TEAM, owner="north"), contributes_to="star")
>>> print(goal_tree(g))
flowchart BT
  classDef organization fill:#1f4e79,color:#fff
  classDef unit fill:#2e75b6,color:#fff
  classDef team fill:#9dc3e6,color:#000
  classDef individual fill:#e2efda,color:#000
  g0["Halve deviations"]:::organization
  g1["Check #quot;twice#quot;<br/><small>north</small>"]:::team
  g1 --> g0
"""

from __future__ import annotations

from larande.goals import GoalGraph, Level

__all__ = ["goal_tree"]

_STYLE = {
    Level.ORGANIZATION: "fill:#1f4e79,color:#fff",
    Level.UNIT: "fill:#2e75b6,color:#fff",
    Level.TEAM: "fill:#9dc3e6,color:#000",
    Level.INDIVIDUAL: "fill:#e2efda,color:#000",
}


def _escape(text: str) -> str:
    # Mermaid labels are HTML-ish and quoted: entity codes keep quotes and brackets literal.
    return (
        text.replace("#", "#35;")
        .replace("&", "#amp;")
        .replace('"', "#quot;")
        .replace("<", "#lt;")
        .replace(">", "#gt;")
    )


def goal_tree(graph: GoalGraph, *, direction: str = "BT", weights: bool = False) -> str:
    """The goal graph as Mermaid flowchart text, objectives at the bottom by default.

    Args:
        graph: the goals.
        direction: ``"BT"`` (bottom to top, the default: arrows point from a goal to what it
            serves), ``"TB"``, ``"LR"`` or ``"RL"``.
        weights: label each link with its weight when it is not 1.

    Node ids are generated (``g0``, ``g1``...) so that any goal id is safe; titles and
    owners are the labels, and each level has its own colour.
    """
    if direction not in {"BT", "TB", "LR", "RL"}:
        from larande.exceptions import ValidationError

        raise ValidationError(
            f"expected direction 'BT', 'TB', 'LR' or 'RL', got {direction!r}", path="direction"
        )
    names = {gid: f"g{i}" for i, gid in enumerate(graph)}
    lines = [f"flowchart {direction}"]
    lines += [f"  classDef {lvl.name.lower()} {style}" for lvl, style in _STYLE.items()]
    for gid, node in names.items():
        goal = graph.goal(gid)
        label = _escape(goal.title or gid)
        if goal.owner is not None:
            label += f"<br/><small>{_escape(goal.owner)}</small>"
        lines.append(f'  {node}["{label}"]:::{goal.level.name.lower()}')
    for child, parent, weight in graph.links():
        arrow = f"-- {weight:g} -->" if weights and weight != 1.0 else "-->"
        lines.append(f"  {names[child]} {arrow} {names[parent]}")
    return "\n".join(lines)
