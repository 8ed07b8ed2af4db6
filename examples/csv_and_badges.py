"""Read an organisation from CSV exports, and issue a badge for an objective reached.

Run: python examples/csv_and_badges.py
"""

from __future__ import annotations

import csv
import io
import json

from larande import ObjectiveAchieved
from larande.datasets import load_demo
from larande.io.badges import credential
from larande.io.csv import read_assessments, read_organization


def table(header: list[str], rows: list[list[object]]) -> str:
    """What an HR system's export looks like: CSV text, quoted where a name has a comma."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(["" if cell is None else cell for cell in row] for row in rows)
    return out.getvalue()


demo = load_demo()
units = table(["id", "name", "parent"], [[u.id, u.name, u.parent] for u in demo.org.units])
people = table(
    ["employee", "full name", "unit", "roles", "manager"],
    [[p.id, p.name, p.unit, ";".join(p.roles), p.manager] for p in demo.org.people],
)
roles = table(
    ["role", "role_name", "competency", "level", "weight", "effective"],
    [
        [r.id, r.name, q.competency, q.level, q.weight, q.effective]
        for r in demo.org.roles
        for q in r.requirements
    ],
)
org = read_organization(
    units=units,
    people=people,
    roles=roles,
    framework=demo.org.framework,
    people_columns={"id": "employee", "name": "full name"},
)
print(org, "read from CSV; the same as the demo's:", org == demo.org)
assessments = read_assessments(
    table(
        ["person", "competency", "level", "on"],
        [[a.person, a.competency, a.level, a.on] for a in demo.assessments],
    )
)
print(f"{len(assessments)} assessments read")

reached = next(e for e in demo.events if isinstance(e, ObjectiveAchieved))
badge = credential(reached, demo.goals, demo.org.framework, issuer="https://alvby.example")
print(json.dumps(badge, ensure_ascii=False, indent=1)[:400], "...")
