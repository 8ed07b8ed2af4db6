"""What real platforms send, in, and documents that are safe to hand out, out.

A Moodle batch (statements without ids, a raw score next to a scaled 0, a module inside a
course) and an Open edX page of a record store's response (`progressed` with completion,
grades, a `more` link) are ingested with the defaults, then with the Moodle module credited
to its course's module; a Swedish Excel export is read as it is; a calendar feed is updated
so that importing clients see the moved course as newer.

Run: python examples/real_lms_data.py
"""

from __future__ import annotations

import datetime as dt
import json

from larande import Activity, Catalog, Placement, Schedule, replay
from larande.io.csv import read_roles
from larande.io.ical import to_ical
from larande.io.xapi import ingest

MOODLE = "https://moodle.alvby.example"
EDX = "https://learn.alvby.example"
ACCOUNT = {"homePage": MOODLE, "name": "101"}
moodle = [
    {
        "actor": {"name": "Anna Berg", "account": ACCOUNT},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
        "object": {"id": f"{MOODLE}/mod/scorm/view.php?id=41#sco"},
        "result": {"score": {"raw": 17, "min": 0, "max": 20, "scaled": 0}, "success": True},
        "context": {
            "contextActivities": {
                "parent": [
                    {"id": f"{MOODLE}/mod/scorm/view.php?id=41"},
                    {"id": f"{MOODLE}/course/view.php?id=3"},
                ]
            }
        },
        "timestamp": "2026-02-10T13:02:11+01:00",
    },
    {
        "actor": {"name": "Anna Berg", "account": ACCOUNT},
        "verb": {"id": "http://adlnet.gov/expapi/verbs/attended"},
        "object": {"id": f"{MOODLE}/mod/facetoface/view.php?id=55"},
        "result": {"completion": True},
        "timestamp": "2026-02-12T10:00:00+01:00",
    },
]
people = {f"account:{MOODLE}|101": "anna", f"account:{EDX}|u-7": "anna"}
activities = {
    f"{MOODLE}/mod/scorm/view.php?id=41": "hlr-elearning",
    f"{MOODLE}/mod/facetoface/view.php?id=55": "lifting",
    f"{EDX}/course/course-v1:Alvby+MED101+2026": "medication",
}

print("Moodle, defaults:")
found = ingest(moodle, people=people, activities=activities)
for r in found.rejected:
    print(f"  rejected {r.statement[:8]}: {r.reason.value}: {r.detail}")
print("Moodle, a SCO credited to its module (parents=True):")
found = ingest(moodle, people=people, activities=activities, parents=True)
for e in found.events:
    print(f"  {e.person} completed {e.activity} on {e.on}, score {e.score}")

edx_page = json.dumps(
    {
        "statements": [
            {
                "id": "0b3c58a2-6f1d-5c51-9d7e-4a1a6c3e0001",
                "actor": {"account": {"homePage": EDX, "name": "u-7"}},
                "verb": {"id": "http://adlnet.gov/expapi/verbs/progressed"},
                "object": {"id": f"{EDX}/xblock/block-v1:Alvby+MED101+2026+type@problem"},
                "result": {"completion": True},
                "context": {
                    "contextActivities": {
                        "parent": [{"id": f"{EDX}/course/course-v1:Alvby+MED101+2026"}]
                    }
                },
                "timestamp": "2026-03-02T09:14:25.118204+00:00",
            },
            {
                "id": "0b3c58a2-6f1d-5c51-9d7e-4a1a6c3e0003",
                "actor": {"account": {"homePage": EDX, "name": "u-7"}},
                "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
                "object": {"id": f"{EDX}/course/course-v1:Alvby+MED101+2026"},
                "timestamp": "2026-03-02T22:41:09+00:00",
            },
        ],
        "more": "/xapi/statements?more=2f1e8c",
    }
)
page = ingest(edx_page, people=people, activities=activities)
print(f"Open edX: {len(page.events)} event, rejected {[r.reason.value for r in page.rejected]}")
print(f"  next page to fetch: {page.more}")
state = replay(page.events)
print(f"  {len(list(state.events()))} event in the follow-up state")

excel = (
    "\ufeffrole;role_name;competency;level;weight;effective\r\n"
    "underskoterska;Undersköterska;hlr;1;1,5;\r\n"
    "underskoterska;Undersköterska;lakemedel;2;;2026-04-01\r\n"
)
(role,) = read_roles(excel)
print(f"Excel (semicolons, decimal commas): {role.id}: {[r.weight for r in role.requirements]}")

H = dt.timedelta(hours=1)
catalog = Catalog([Activity("hlr", "HLR refresher", "course", {"hlr": 1}, 4 * H)])


def placed(*days: dt.date) -> Schedule:
    return Schedule(
        [Placement("anna", "hlr", day) for day in days],
        [],
        dt.date(2026, 1, 1),
        dt.date(2027, 12, 31),
        efforts={"hlr": 4 * H},
    )


before = to_ical(placed(dt.date(2026, 3, 3), dt.date(2027, 3, 2)), catalog)
after = to_ical(
    placed(dt.date(2026, 4, 7), dt.date(2027, 3, 2)),
    catalog,
    previous=before,
    stamp=dt.datetime(2026, 2, 20, 6, 0, tzinfo=dt.UTC),
)
for line in after.decode().splitlines():
    if line.startswith(("UID", "SEQUENCE", "DTSTART")):
        print(f"  {line}")
