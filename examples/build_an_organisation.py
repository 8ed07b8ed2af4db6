"""Build a small organisation by hand, ask what people can do today, and save it as JSON.

Run: python examples/build_an_organisation.py
"""

from __future__ import annotations

import datetime as dt

from larande import (
    Assessment,
    Competency,
    Framework,
    Organization,
    Person,
    Requirement,
    Role,
    Unit,
    ValidationError,
    current_level,
)
from larande.io import json as ljson

TODAY = dt.date(2026, 1, 12)

framework = Framework(
    [
        Competency("care", "Care and nursing"),
        Competency("medication", "Medication handling", parent="care"),
        Competency("cpr", "CPR (HLR)", parent="care", validity=dt.timedelta(days=365)),
    ]
)
org = Organization(
    units=[Unit("homecare", "Home care"), Unit("north", "Team North", parent="homecare")],
    people=[
        Person("karin", "Karin Holm", "homecare", roles=["manager"]),
        Person("amir", "Amir Haddad", "north", roles=["assistant-nurse"], manager="karin"),
        Person("fatima", "Fatima Ali", "north", roles=["assistant-nurse"], manager="karin"),
    ],
    roles=[
        Role("manager", "Unit manager"),
        Role(
            "assistant-nurse",
            "Assistant nurse",
            [Requirement("medication", 3, weight=2), Requirement("cpr", 2)],
        ),
    ],
    framework=framework,
)
assessments = [
    Assessment("amir", "medication", 3, dt.date(2025, 5, 12)),
    Assessment("amir", "cpr", 2, dt.date(2024, 10, 9)),  # lapsed in October 2025
    Assessment("fatima", "medication", 1, dt.date(2025, 5, 12)),
    Assessment("fatima", "cpr", 2, dt.date(2025, 10, 15)),
]

print(org)
for person in org.members("north"):
    for role in org.roles_of(person.id):
        for req in role.requirements:
            level = current_level(
                assessments, person.id, req.competency, as_of=TODAY, framework=framework
            )
            shown = "no valid assessment" if level is None else f"level {level}"
            verdict = "ok" if level is not None and level >= req.level else "gap"
            print(
                f"{person.name:12} {req.competency:11} needs {req.level}, has {shown:20} {verdict}"
            )

text = ljson.dumps(org)
assert ljson.loads(text, Organization) == org
print(f"JSON document: {len(text)} characters, reads back equal")

try:
    ljson.loads(text.replace('"unit": "north"', '"unit": "south"', 1), Organization)
except ValidationError as err:
    print(f"A dangling reference is refused: {err}")
