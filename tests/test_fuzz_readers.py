"""Hostile and mangled input at every edge: only larande's own errors come out.

A seeded fuzz suite over the readers (xAPI, CSV, CASE) and the writers whose text a host's
data reaches (Mermaid, iCalendar, Open Badges). Under ``HYPOTHESIS_PROFILE=ci`` it is
derandomized and small; ``HYPOTHESIS_PROFILE=thorough`` runs it 2,000 examples deep. Inputs
are bounded in size, so no example takes more than a moment: a slow reader would show as a
slow suite, never as a flaky timed assertion.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import string

import icalendar
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from larande import (
    Activity,
    Catalog,
    Competency,
    Framework,
    Goal,
    GoalGraph,
    LarandeError,
    Level,
    ObjectiveAchieved,
    Placement,
    Schedule,
    ValidationError,
    replay,
)
from larande.io import csv as lcsv
from larande.io.badges import UNSAFE_SCHEMES, credential
from larande.io.case import read_case_with_notes
from larande.io.ical import to_ical
from larande.io.mermaid import goal_tree
from larande.io.xapi import Ingest, ingest

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# -- building blocks ------------------------------------------------------------------------

NASTY_TEXT = st.sampled_from(
    [
        "",
        " ",
        "\ufeff",
        "\x00",
        "\r\n",
        "\u2028",
        "\ud800",
        "%%{init:{}}%%",
        '"]',
        "javascript:alert(1)",
        "data:text/html,<script>",
        "9999-12-31T23:30Z",
        "0001-01-01T00:00+14:00",
        "2026-02-30T10:00Z",
        "2026-01-12T10:00:00-00:00",
        "\u0662\u0660\u0662\u0666-\u0660\u0661-\u0661\u0662T10:00Z",
        "P1Y2M3DT4H5M6S",
        "urn:uuid:",
        "mailto:anna@alvby.example",
        "http://adlnet.gov/expapi/verbs/voided",
        "http://adlnet.gov/expapi/verbs/completed",
        "StatementRef",
        "SubStatement",
        "Group",
        "Agent",
        "isChildOf",
        "exactMatchOf",
    ]
)
TEXT = st.text(max_size=12) | NASTY_TEXT
NUMBERS = (
    st.integers(min_value=-(10**6), max_value=10**6)
    | st.sampled_from([10**400, -(10**400), 2**63, 10**4000])
    | st.floats(allow_nan=True, allow_infinity=True)
)
SCALARS = st.none() | st.booleans() | NUMBERS | TEXT
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=12,
)


def maybe(valid: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly something plausible, sometimes anything at all."""
    return st.one_of(valid, valid, JSON)


# -- xAPI -----------------------------------------------------------------------------------

ANNA = "mailto:anna@alvby.example"
COURSE = "https://lms.alvby.example/cpr"
PEOPLE = {ANNA: "anna", "mailto:bo@alvby.example": "bo"}
ACTIVITIES = {COURSE: "cpr", "https://lms.alvby.example/apt": "apt"}
VERBS = st.sampled_from(
    [
        "http://adlnet.gov/expapi/verbs/completed",
        "http://adlnet.gov/expapi/verbs/passed",
        "http://adlnet.gov/expapi/verbs/failed",
        "http://adlnet.gov/expapi/verbs/voided",
        "http://adlnet.gov/expapi/verbs/progressed",
        "http://id.tincanapi.com/verb/earned",
    ]
)
AGENT = st.fixed_dictionaries({"mbox": st.sampled_from([ANNA, "mailto:bo@alvby.example"])})
ACTOR = AGENT | st.fixed_dictionaries(
    {"objectType": st.just("Group"), "member": st.lists(maybe(AGENT), max_size=3)}
)
OBJECT = (
    st.fixed_dictionaries({"id": st.sampled_from([COURSE, f"{COURSE}#part", "x:y"])})
    | st.fixed_dictionaries(
        {"objectType": st.just("StatementRef"), "id": st.sampled_from(["s0", "s1", "s2", ""])}
    )
    | st.fixed_dictionaries(
        {"objectType": st.just("SubStatement")},
        optional={"id": JSON, "actor": maybe(ACTOR), "verb": JSON, "object": JSON},
    )
)
SCORE = st.fixed_dictionaries(
    {}, optional={k: maybe(NUMBERS) for k in ("scaled", "raw", "min", "max")}
)
RESULT = st.fixed_dictionaries(
    {},
    optional={
        "success": maybe(st.booleans()),
        "completion": maybe(st.booleans()),
        "score": maybe(SCORE),
        "duration": maybe(st.sampled_from(["PT1H", "P1D", "PT"])),
    },
)
STAMP = st.sampled_from(
    ["2026-02-24T10:00:00+01:00", "2026-02-24T23:30:00Z", "9999-12-31T23:30Z", "2026-02-24"]
)
CONTEXT = st.fixed_dictionaries(
    {
        "contextActivities": maybe(
            st.fixed_dictionaries({"parent": maybe(st.lists(OBJECT, max_size=2))})
        )
    }
)
STATEMENT = st.fixed_dictionaries(
    {},
    optional={
        "id": maybe(st.sampled_from(["s0", "s1", "s2", "s3"])),
        "actor": maybe(ACTOR),
        "verb": maybe(st.fixed_dictionaries({"id": VERBS})),
        "object": maybe(OBJECT),
        "result": maybe(RESULT),
        "timestamp": maybe(STAMP),
        "stored": maybe(STAMP),
        "context": maybe(CONTEXT),
    },
)
GOOD = {
    "id": "good",
    "actor": {"mbox": ANNA},
    "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
    "object": {"id": COURSE},
    "timestamp": "2026-02-24T10:00:00+01:00",
}
OPTIONS = st.fixed_dictionaries(
    {},
    optional={
        "parents": st.booleans(),
        "groups": st.booleans(),
        "completion": st.booleans(),
        "score": st.sampled_from(["raw", "scaled"]),
    },
)


def check_ingest(found: Ingest) -> None:
    """What every ingest gives: its events replay, and the good statement is among them."""
    assert "good" in {e.id for e in found.events}
    replay(found.events)


@FUZZ
@given(st.lists(STATEMENT | JSON, max_size=6), OPTIONS)
def test_no_statement_spoils_a_batch_or_raises_anything_but_a_larande_error(batch, options):
    check_ingest(ingest([GOOD, *batch], people=PEOPLE, activities=ACTIVITIES, **options))


@FUZZ
@given(st.lists(STATEMENT, max_size=6))
def test_statements_as_json_text_are_read_like_the_dicts(batch):
    text = json.dumps([GOOD, *batch])
    check_ingest(ingest(text, people=PEOPLE, activities=ACTIVITIES))


@FUZZ
@given(st.text(max_size=200) | st.binary(max_size=200) | JSON)
def test_any_text_or_value_given_as_statements_is_read_or_refused_cleanly(anything):
    with contextlib.suppress(LarandeError):
        ingest(anything, people=PEOPLE, activities=ACTIVITIES)


@FUZZ
@given(st.lists(STATEMENT, max_size=4), st.lists(STATEMENT, max_size=4))
def test_what_one_batch_and_the_next_give_replays_with_the_state(first, second):
    state = replay(ingest([GOOD, *first], people=PEOPLE, activities=ACTIVITIES).events)
    later = ingest(second, people=PEOPLE, activities=ACTIVITIES, state=state)
    replay(later.events, state=state)


# -- CSV --------------------------------------------------------------------------------------

CELL = (
    st.text(
        alphabet=string.ascii_letters + string.digits + ' -_.,;"\t|\r\n\ufeff\x00', max_size=10
    )
    | NASTY_TEXT
)
ROWS = st.lists(st.lists(CELL, max_size=7), max_size=6)
HEADERS = {
    "units": "id,name,parent",
    "people": "id,name,unit,roles,manager",
    "roles": "role,role_name,competency,level,weight,effective",
    "assessments": "person,competency,level,on,source,id",
}
SEPARATORS = st.sampled_from([",", ";", "\t", "|"])


def csv_text(header: str, rows: list[list[str]], sep: str) -> str:
    return "\n".join([header.replace(",", sep), *(sep.join(r) for r in rows)])


@FUZZ
@given(st.sampled_from(sorted(HEADERS)), ROWS, SEPARATORS, st.sampled_from([None, ",", ";"]))
def test_any_csv_is_read_or_refused_with_a_validation_error(kind, rows, sep, delimiter):
    reader = {
        "units": lcsv.read_units,
        "people": lcsv.read_people,
        "roles": lcsv.read_roles,
        "assessments": lcsv.read_assessments,
    }[kind]
    with contextlib.suppress(ValidationError):
        reader(csv_text(HEADERS[kind], rows, sep), delimiter=delimiter)


@FUZZ
@given(st.text(max_size=300), JSON)
def test_any_text_and_any_columns_are_read_or_refused_with_a_validation_error(text, columns):
    with contextlib.suppress(ValidationError):
        lcsv.read_assessments(text, columns=columns if isinstance(columns, dict) else None)


@FUZZ
@given(ROWS, ROWS, ROWS, SEPARATORS)
def test_any_organisation_export_is_read_or_refused_with_a_larande_error(
    units, people, roles, sep
):
    framework = Framework([Competency("cpr", "CPR")])
    with contextlib.suppress(LarandeError):
        lcsv.read_organization(
            units=csv_text(HEADERS["units"], units, sep),
            people=csv_text(HEADERS["people"], people, sep),
            roles=csv_text(HEADERS["roles"], roles, sep),
            framework=framework,
        )


# -- CASE -------------------------------------------------------------------------------------

IDS = st.sampled_from(["a", "b", "c", "d"])
NODE = maybe(st.fixed_dictionaries({"identifier": IDS}, optional={"uri": TEXT, "title": TEXT}))
ITEM = st.fixed_dictionaries(
    {"identifier": maybe(IDS)},
    optional={
        "fullStatement": maybe(TEXT),
        "humanCodingScheme": maybe(TEXT),
        "uri": maybe(TEXT),
        "extensions": maybe(st.fixed_dictionaries({"larande": JSON})),
    },
)
ASSOCIATION = st.fixed_dictionaries(
    {
        "associationType": maybe(
            st.sampled_from(["isChildOf", "exactMatchOf", "precedes", "ext:x"])
        ),
        "originNodeURI": NODE,
        "destinationNodeURI": NODE,
    },
    optional={"sequenceNumber": maybe(NUMBERS)},
)
LEVEL = st.fixed_dictionaries(
    {}, optional={"quality": maybe(TEXT), "score": maybe(NUMBERS), "position": maybe(NUMBERS)}
)
RUBRIC = st.fixed_dictionaries(
    {"title": maybe(TEXT)},
    optional={
        "CFRubricCriteria": maybe(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "CFItemURI": NODE,
                        "CFRubricCriterionLevels": maybe(st.lists(LEVEL, max_size=4)),
                    }
                ),
                max_size=2,
            )
        )
    },
)
PACKAGE = st.fixed_dictionaries(
    {
        "CFDocument": maybe(st.fixed_dictionaries({"identifier": maybe(st.just("d"))})),
        "CFItems": maybe(st.lists(ITEM, max_size=4)),
    },
    optional={
        "CFAssociations": maybe(st.lists(ASSOCIATION, max_size=5)),
        "CFRubrics": maybe(st.lists(RUBRIC, max_size=2)),
        "extra": JSON,
    },
)


@FUZZ
@given(PACKAGE)
def test_any_case_package_dict_is_read_or_refused_with_a_validation_error(package):
    with contextlib.suppress(ValidationError):
        read_case_with_notes(package)


@FUZZ
@given(PACKAGE)
def test_any_case_package_text_is_read_or_refused_with_a_validation_error(package):
    try:
        text = json.dumps(package)
    except (TypeError, ValueError):
        assume(False)
    with contextlib.suppress(ValidationError):
        read_case_with_notes(text)


@FUZZ
@given(st.text(max_size=300) | st.binary(max_size=300) | JSON)
def test_anything_given_as_a_case_package_is_read_or_refused_cleanly(anything):
    with contextlib.suppress(ValidationError):
        read_case_with_notes(anything)


# -- writers: a host's data never becomes syntax ----------------------------------------------

LABEL = st.text(max_size=30) | NASTY_TEXT


@FUZZ
@given(LABEL, LABEL, LABEL)
def test_no_title_or_owner_changes_the_shape_of_a_goal_tree(title, child, owner):
    g = GoalGraph()
    g.add(Goal("star", title, Level.ORGANIZATION))
    g.add(Goal("team", child, Level.TEAM, owner=owner or "x"), contributes_to="star")
    text = goal_tree(g)
    assert (len(text.splitlines()), "%%" in text) == (8, False)


@FUZZ
@given(LABEL.filter(bool), LABEL, st.sampled_from(["course", "workshop", "reflection"]))
def test_no_id_or_title_changes_the_shape_of_a_calendar(person, title, kind):
    activity = Activity("x", title, kind, {"c": 1}, dt.timedelta(hours=1))
    year = Schedule(
        [Placement(person, "x", dt.date(2026, 3, 2)), Placement(person, "x", dt.date(2026, 9, 7))],
        [],
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        efforts={"x": dt.timedelta(hours=1)},
    )
    data = to_ical(year, Catalog([activity]), person=person)
    lines = data.split(b"\r\n")
    found = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert (
        len(found),
        len({str(e["UID"]) for e in found}),
        lines.count(b"BEGIN:VEVENT"),
        {b for line in lines for b in line if b < 0x20 and b != 0x09},
    ) == (2, 2, 2, set())


ISSUER = (
    st.fixed_dictionaries(
        {"id": maybe(TEXT)},
        optional={
            k: maybe(TEXT) for k in ("name", "url", "email", "image", "type", "description")
        },
    )
    | JSON
)


def links(document: object) -> list[str]:
    """Every value under a key that holds a link in Open Badges."""
    found = []
    if isinstance(document, dict):
        for key, value in document.items():
            if key in {"id", "url", "targetUrl"} and isinstance(value, str):
                found.append(value)
            found.extend(links(value))
    elif isinstance(document, list):
        for value in document:
            found.extend(links(value))
    return found


@FUZZ
@given(ISSUER, st.none() | TEXT, st.lists(TEXT | JSON, max_size=2))
def test_a_credential_is_refused_or_holds_only_safe_links(issuer, recipient, evidence):
    objective = Goal(
        "o", "O", Level.INDIVIDUAL, owner="anna", competencies={"cpr"}, target_level=1
    )
    reached = ObjectiveAchieved("e", "anna", "o", dt.date(2026, 3, 27))
    framework = Framework([Competency("cpr", "CPR")])
    try:
        found = credential(
            reached, objective, framework, issuer=issuer, recipient=recipient, evidence=evidence
        )
    except ValidationError:
        return
    schemes = {link.split(":", 1)[0].lower() for link in links(found) if ":" in link}
    json.dumps(found)
    assert schemes & UNSAFE_SCHEMES == set()
