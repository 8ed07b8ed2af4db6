"""Ingest a batch of xAPI statements from an LMS, fold it into follow-up, see what is due.

Run: python examples/xapi_to_follow_up.py
"""

from __future__ import annotations

import datetime as dt

from larande import due, replay
from larande.datasets import load_demo
from larande.io.xapi import ingest

demo = load_demo()
people = {f"mailto:{p.id}@alvby.example": p.id for p in demo.org.people}
activities = {f"https://lms.alvby.example/{a}": a for a in demo.catalog or ()}
batch = [
    {
        "id": "2f6c0d3a-1b5e-4c7a-9e1f-000000000001",
        "actor": {"mbox": "mailto:amir.haddad@alvby.example"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
        "object": {"id": "https://lms.alvby.example/cpr-refresher"},
        "result": {"success": True, "score": {"raw": 18, "min": 0, "max": 20}},
        "timestamp": "2026-01-27T14:05:00+01:00",
    },
    {
        "id": "2f6c0d3a-1b5e-4c7a-9e1f-000000000002",
        "actor": {"mbox": "mailto:fatima.ali@alvby.example"},
        "verb": {"id": "http://id.tincanapi.com/verb/completed"},
        "object": {"id": "https://lms.alvby.example/apt-medication-reflection"},
        "timestamp": "2026-02-03T09:40:00+01:00",
    },
    {
        "id": "2f6c0d3a-1b5e-4c7a-9e1f-000000000003",
        "actor": {"mbox": "mailto:nobody@elsewhere.example"},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": "https://lms.alvby.example/cpr-refresher"},
        "timestamp": "2026-02-03T09:40:00+01:00",
    },
]
found = ingest(
    batch + batch[:1], people=people, activities=activities, competencies={"cpr-refresher": "cpr"}
)
print(f"{len(found.events)} events, {len(found.signals)} signals, {len(found.rejected)} rejected")
for r in found.rejected:
    print(f"  rejected {r.statement}: {r.reason.value}: {r.detail}")
state = replay(found.events, state=replay(demo.events), org=demo.org)
for d in due(state, as_of=dt.date(2026, 3, 1)):
    if d.person in {"amir.haddad", "fatima.ali"}:
        print(f"  due: {d.kind.value} for {d.person} on {d.subject} since {d.due_on}")
