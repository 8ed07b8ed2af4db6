"""Goals from the organisation's guiding star down to each person's learning objective.

A :class:`GoalGraph` holds :class:`Goal` records linked child → parent ("contributes to"),
with positive weights. Each goal sits at a :class:`Level`, and a child is never broader
than its parent. The graph never holds a cycle, keeps its indices up to date on every
change, and leaves itself unchanged when it refuses a call.

>>> import datetime as dt
>>> g = GoalGraph()
>>> g.add(Goal("safe-care", "Halve medication deviations", Level.ORGANIZATION,
...            metric=Metric("deviations", "per month", 12, 6)))
>>> g.add(Goal("north-meds", "Double-check routine", Level.TEAM, owner="north",
...            competencies={"medication"}), contributes_to=["safe-care"])
>>> g.add(Goal("obj:anna:medication", "Anna: medication level 3", Level.INDIVIDUAL,
...            owner="anna", competencies={"medication"}, target_level=3),
...       contributes_to=["north-meds"])
>>> g.trace("obj:anna:medication")
(('obj:anna:medication', 'north-meds', 'safe-care'),)
>>> g.rollup({"obj:anna:medication": 0.5})["safe-care"]
0.5
>>> [str(f.code) for f in g.findings()]
['unmeasurable']
"""

from larande.goals._graph import GoalGraph
from larande.goals._records import Finding, FindingCode, Goal, Level, Metric, Severity

__all__ = [
    "Finding",
    "FindingCode",
    "Goal",
    "GoalGraph",
    "Level",
    "Metric",
    "Severity",
]
