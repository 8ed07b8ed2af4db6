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


# Characters that could start Mermaid syntax inside or around a quoted label: the quote
# that ends it, brackets and braces (shapes, directives), entity and comment markers, HTML,
# a backtick (a markdown label), a pipe (an edge label). Each becomes an entity code, which
# Mermaid shows as the character itself.
_SYNTAX = frozenset('"#&<>[](){}`|')
# Line breaks end a statement; Python, JavaScript and Unicode know more of them than "\n".
_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


def _escape(text: str) -> str:
    """A label Mermaid shows as typed, and that can never leave its quotes.

    Words, digits, spaces and a lone ``%`` stay as they are ("Cut release time by 15 %");
    what can start syntax is written as an entity code (``#34;``), and so is every ``%``
    next to another, so no ``%%`` (a comment, or a ``%%{init}%%`` directive) is ever written.
    """
    out = []
    for i, char in enumerate(text):
        code = ord(char)
        if (
            char in _SYNTAX
            or char in _BREAKS
            or code < 0x20
            or 0x7F <= code < 0xA0
            or 0xD800 <= code < 0xE000  # a lone surrogate: no UTF-8 can hold it
            or (char == "%" and "%" in text[max(i - 1, 0) : i] + text[i + 1 : i + 2])
        ):
            out.append(_ENTITY.get(char, f"#{code};"))
        else:
            out.append(char)
    return "".join(out)


_ENTITY = {'"': "#quot;", "&": "#amp;", "<": "#lt;", ">": "#gt;", "#": "#35;"}


def goal_tree(graph: GoalGraph, *, direction: str = "BT", weights: bool = False) -> str:
    """The goal graph as Mermaid flowchart text, objectives at the bottom by default.

    Args:
        graph: the goals.
        direction: ``"BT"`` (bottom to top, the default: arrows point from a goal to what it
            serves), ``"TB"``, ``"LR"`` or ``"RL"``.
        weights: label each link with its weight when it is not 1.

    Node ids are generated (``g0``, ``g1``...) so that any goal id is safe; titles and
    owners are the labels, and each level has its own colour. A title can never make a
    node, an edge, a style or a directive: quotes, brackets, ``#``, ``<``, ``>``, line
    breaks, other control characters and ``%%`` are written as Mermaid entity codes, which
    show as the characters typed.
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
