"""The loop on the demo: needs, the gate, plans, a schedule, and what is due later.

Run: python examples/needs_to_schedule.py
"""

from __future__ import annotations

import datetime as dt

from larande import (
    analyze,
    annual_plan,
    due,
    justify,
    plan,
    progress,
    replay,
    schedule,
)
from larande.datasets import load_demo

demo = load_demo()
assert demo.goals is not None
assert demo.catalog is not None
assert demo.calendar is not None
assert demo.start is not None
assert demo.end is not None
assert demo.budget is not None

# 1. Who needs to learn what, and why.
report = analyze(demo.org, demo.assessments, demo.signals, as_of=demo.as_of, goals=demo.goals)
print(report)
top = report.needs[0]
print(f"top need: {top.id} (priority {top.priority:g})")
for reason in top.reasons:
    print(f"  {reason.rule}: {reason.text}; evidence {', '.join(reason.evidence)}")

# 2. The gate: only needs that the person has and that serve a goal go ahead.
verdicts = [justify(need, demo.goals, demo.org) for need in report.needs]
justified = [v for v in verdicts if v.ok]
print(f"{len(justified)} of {len(verdicts)} needs pass the gate")
objectives = demo.goals.add_objectives(justified)
print(f"{len(objectives)} individual objectives now in the goal tree")

# 3. Plans for the justified needs, and a year of learning.
plans = plan(justified, demo.catalog, org=demo.org, assessments=demo.assessments, as_of=demo.as_of)
year = schedule(
    plans,
    demo.catalog,
    calendar=demo.calendar,
    start=demo.start,
    end=demo.end,
    budget=demo.budget,
    org=demo.org,
)
print(year)
print(annual_plan(year, demo.org, "it", budget=demo.budget).table())

# 4. A quarter later: what is due, and how the goals are doing.
later = dt.date(2026, 4, 15)
state = replay(demo.events, org=demo.org, goals=demo.goals)
reminders = due(state, as_of=later)
print(f"{len(reminders)} reminders due on {later.isoformat()}, e.g. {reminders[0]}")
found = progress(state, demo.goals, as_of=later)
print(
    f"release time: {found['it-release-time'].status.value}, "
    f"forecast {found['it-release-time'].forecast:.1f} days"
)
