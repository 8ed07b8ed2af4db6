"""The JSON Schema of the documents, ``larande.io.schema.json_schema``.

The schema is generated from the records. The contract: a document that
``larande.io.json.loads`` accepts validates against the schema of its type; the schema is
never stricter than the reader. Malformed documents (a wrong type, an unknown field, a bad
date) fail validation, as they fail reading.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, reject
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

import larande
from larande import (
    EVENT_TYPES,
    Absence,
    Assessment,
    Dataset,
    Dropped,
    DropReason,
    Due,
    Event,
    FollowUpPolicy,
    FollowUpState,
    GoalGraph,
    LearningPlan,
    Matrix,
    NeedsReport,
    PlanStatus,
    Required,
    Review,
    Schedule,
    Unit,
    Unmet,
    UnmetReason,
    Unplaced,
    UnplacedReason,
    ValidationError,
)
from larande.datasets import load_demo
from larande.io import json as ljson
from larande.io.json import parse_duration
from larande.io.schema import DIALECT, json_schema
from larande.testing import (
    catalogs,
    datasets,
    events,
    frameworks,
    goal_graphs,
    needs,
    plans,
)

ROOT = Path(__file__).resolve().parents[1]

# Every public record type that dumps writes: the attrs classes larande exports, and the two
# containers with a shape of their own.
PUBLIC_RECORDS: tuple[type, ...] = tuple(
    sorted(
        {
            obj
            for name in larande.__all__
            if isinstance(obj := getattr(larande, name), type)
            and (attrs.has(obj) or obj in (GoalGraph, FollowUpState))
        },
        key=lambda cls: cls.__name__,
    )
)
RECORDS_BY_NAME = {cls.__name__: cls for cls in PUBLIC_RECORDS}


@functools.cache
def validator(tp: Any) -> Draft202012Validator:
    """A validator for ``tp``'s schema that also checks formats (dates that exist)."""
    return Draft202012Validator(
        json_schema(tp), format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def errors(document: Any, tp: Any) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator(tp).iter_errors(document)]


def document_of(obj: Any) -> Any:
    """What a host receives: ``dumps``' text, parsed."""
    return json.loads(ljson.dumps(obj))


def assert_validates(obj: Any, tp: Any) -> None:
    found = errors(document_of(obj), tp)
    assert not found, found[:3]


# -- the demo and everything the loop makes from it -----------------------------------------


@functools.cache
def demo() -> Dataset:
    return load_demo()


@functools.cache
def reviews() -> tuple[Review, Review]:
    ds = demo()
    first = larande.review(ds, as_of=ds.as_of)
    later = larande.review(ds, as_of=dt.date(2026, 6, 1), previous=first)
    return first, later


def _made_by_hand() -> list[Any]:
    """Records the demo's loop does not make, built from its data."""
    ds = demo()
    first, later = reviews()
    need = first.report.needs[0]
    report = first.report
    goals = ds.goals
    assert goals is not None
    return [
        Absence("xin.li", dt.date(2026, 7, 1), dt.date(2026, 7, 31), reason="parental leave"),
        Dropped("cpr-refresher", DropReason.NEED_CLOSED, dt.date(2026, 3, 1)),
        Unmet(need, UnmetReason.NO_ACTIVITY),
        Unplaced("xin.li", "devops-workshop", UnplacedReason.CAPACITY, detail="full"),
        *(Required(r.id, q) for r in ds.org.roles for q in r.requirements[:1]),
        FollowUpPolicy(),
        FollowUpPolicy(check_ins=(7, 30), questions="kirkpatrick"),
        larande.Budget(dt.timedelta(hours=40), per=larande.Period.YEAR),
        larande.Budget(dt.timedelta(hours=8)),
        later.schedule.evenness(org=ds.org),
        larande.advance(
            attrs.evolve(later.plans[0], status=PlanStatus.DRAFT, history=()),
            "submit",
            on=dt.date(2026, 6, 2),
            by="karin",
        ),
        larande.annual_plan(
            later.schedule,
            ds.org,
            ds.org.units[0].id,
            budget=ds.budget or dt.timedelta(hours=8),
            catalog=ds.catalog,
            goals=goals,
        ),
        *larande.match_mentors(ds.org, ds.assessments, report, as_of=ds.as_of),
        *(
            a
            for v in larande.ambassadors(
                ds.org, ds.assessments, report, as_of=ds.as_of, explain=True
            ).values()
            for a in v
        ),
        *larande.celebrations(later.state, goals, since=ds.as_of, until=dt.date(2026, 12, 31)),
        *larande.effect(later.state, goals).values(),
        *goals.findings(as_of=dt.date(2026, 6, 1)),
        *report.matrix(min_group=1).values(),
        *report.matrix(min_group=5).values(),
        # The seeds' practices (DESIGN 9.6): none is in the demo's loop.
        larande.Led("led-1", "xin.li", dt.date(2026, 3, 2), "Pipeline pilot", "project"),
        larande.Led("led-2", "xin.li", dt.date(2026, 3, 9), "Lunch talks", "study-circle"),
        *larande.key_person_risk(ds.org, ds.assessments, as_of=ds.as_of, min_group=3)[:2],
        *larande.culture.ITEMS[:2],
        larande.SurveyResponse("r-1", "xin.li", dt.date(2026, 3, 2), {"sharing-1": 4}, "2026"),
        larande.CultureScore(3.5, 12, -0.25),
        larande.CultureScore(4.0, 5),
    ]


def _walk(obj: Any) -> Iterator[Any]:
    """Every record in ``obj``, itself included, outermost first."""
    if attrs.has(type(obj)) or isinstance(obj, GoalGraph | FollowUpState):
        yield obj
    if attrs.has(type(obj)):
        for field in attrs.fields(type(obj)):
            if field.init:
                yield from _walk(getattr(obj, field.name))
    elif isinstance(obj, tuple | list | frozenset):
        for member in obj:
            yield from _walk(member)
    elif isinstance(obj, larande.FrozenMap | Matrix):
        for member in obj.values():
            yield from _walk(member)
    elif isinstance(obj, GoalGraph):
        for goal in obj:
            yield from _walk(obj.goal(goal))
    elif isinstance(obj, FollowUpState):
        for event in obj.all_events():
            yield from _walk(event)


@functools.cache
def examples() -> dict[type, tuple[Any, ...]]:
    """Up to six distinct examples of every record type the demo and its loop hold."""
    found: dict[type, list[Any]] = {}
    for root in (demo(), *reviews(), *_made_by_hand()):
        for record in _walk(root):
            bucket = found.setdefault(type(record), [])
            if len(bucket) < 6 and not any(record is seen for seen in bucket):
                bucket.append(record)
    return {cls: tuple(records) for cls, records in found.items()}


# -- the schemas themselves -----------------------------------------------------------------


def test_the_public_records_include_the_documents_the_command_line_writes():
    for cls in (Dataset, NeedsReport, Schedule, Review, FollowUpState, GoalGraph, Due):
        assert cls in PUBLIC_RECORDS
    assert len(PUBLIC_RECORDS) > 40


@pytest.mark.parametrize("cls", PUBLIC_RECORDS, ids=lambda c: c.__name__)
def test_every_record_schema_is_a_valid_2020_12_schema(cls):
    schema = json_schema(cls)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == DIALECT == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["type"] == {"const": cls.__name__}


@pytest.mark.parametrize("cls", PUBLIC_RECORDS, ids=lambda c: c.__name__)
def test_every_list_document_schema_is_a_valid_2020_12_schema(cls):
    schema = json_schema(tuple[cls, ...])
    Draft202012Validator.check_schema(schema)
    assert schema["properties"]["type"] == {"enum": [f"list[{cls.__name__}]", "list[Any]"]}
    assert json_schema(list[cls]) == schema


@pytest.mark.parametrize("cls", PUBLIC_RECORDS, ids=lambda c: c.__name__)
def test_every_public_record_has_an_example_from_the_demo_that_validates(cls):
    found = examples().get(cls, ())
    assert found, f"no example of {cls.__name__}: add one to _made_by_hand()"
    for record in found:
        assert ljson.loads(ljson.dumps(record), cls) is not None  # the reader accepts it
        assert_validates(record, cls)


def test_only_fields_without_a_default_are_required():
    record = json_schema(Assessment)["$defs"]["Assessment"]
    assert record["required"] == ["person", "competency", "level", "on"]
    assert set(record["properties"]) == {f.name for f in attrs.fields(Assessment)}
    assert record["additionalProperties"] is False


def test_derived_fields_are_not_in_the_schema():
    organization = json_schema(larande.Organization)["$defs"]["Organization"]
    assert set(organization["properties"]) == {"units", "people", "roles", "framework"}


def test_events_in_a_list_are_a_union_tagged_by_their_class_name():
    schema = json_schema(FollowUpState)
    tagged = schema["$defs"]["Event"]["oneOf"]
    names = [ref["$ref"].removeprefix("#/$defs/Event.") for ref in tagged]
    assert names == [cls.__name__ for cls in EVENT_TYPES]
    check_in = schema["$defs"]["Event.CheckIn"]
    assert check_in["properties"]["type"] == {"const": "CheckIn"}
    assert check_in["required"][0] == "type"


def test_an_event_on_its_own_is_written_without_its_tag():
    event = examples()[larande.CheckIn][0]
    schema = json_schema(larande.CheckIn)
    assert "type" not in schema["$defs"]["CheckIn"]["properties"]
    assert_validates(event, larande.CheckIn)


def test_a_goal_graph_is_its_goals_and_its_links():
    graph = json_schema(GoalGraph)["$defs"]["GoalGraph"]
    assert set(graph["properties"]) == {"goals", "links"}
    link = graph["properties"]["links"]["items"]
    assert set(link["properties"]) == {"child", "parent", "weight"}
    assert link["required"] == ["child", "parent"]


def test_a_year_month_pair_is_a_two_item_array():
    month = json_schema(larande.BudgetLine)["$defs"]["BudgetLine"]["properties"]["month"]
    assert month == {
        "type": "array",
        "prefixItems": [{"type": "integer"}, {"type": "integer"}],
        "minItems": 2,
        "maxItems": 2,
    }


def test_each_call_returns_a_new_schema():
    schema = json_schema(Assessment)
    schema["$defs"].clear()
    assert json_schema(Assessment)["$defs"]


# -- documents that validate ---------------------------------------------------------------


def test_the_demo_dataset_document_validates():
    assert_validates(demo(), Dataset)


def test_a_review_of_the_demo_validates():
    for review in reviews():
        assert_validates(review, Review)


def test_the_plans_schedule_and_due_list_of_a_review_validate():
    for review in reviews():
        assert_validates(review.plans, tuple[LearningPlan, ...])
        assert_validates(review.schedule, Schedule)
        assert_validates(review.due, tuple[Due, ...])
        assert_validates(review.report, NeedsReport)
        assert_validates(review.state, FollowUpState)


def test_an_empty_list_document_validates_and_a_full_one_may_not_say_any():
    assert document_of(())["type"] == "list[Any]"
    assert_validates((), tuple[Due, ...])
    full = document_of(reviews()[1].due)
    full["type"] = "list[Any]"
    assert errors(full, tuple[Due, ...])


def _larande_documents() -> Iterator[tuple[str, Any]]:
    """Every JSON document written out in the docs, the README and tests/data."""
    sources = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md"]
    sources += sorted(p for p in (ROOT / "tests" / "data").rglob("*.json") if p.is_file())
    decoder = json.JSONDecoder()
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r'\{\s*"schema"\s*:\s*"larande/', text):
            try:
                document, _ = decoder.raw_decode(text, match.start())
            except json.JSONDecodeError:  # an elided example ("...") or a deliberate typo
                continue
            yield f"{path.relative_to(ROOT)}@{match.start()}", document


def _record_type(name: Any) -> Any:
    if not isinstance(name, str):
        return None
    if name.startswith("list[") and name[5:-1] in RECORDS_BY_NAME:
        return tuple[RECORDS_BY_NAME[name[5:-1]], ...]  # type: ignore[misc]
    return RECORDS_BY_NAME.get(name)


def test_the_example_documents_in_the_docs_are_found():
    assert len(list(_larande_documents())) >= 5


@pytest.mark.parametrize(
    ("where", "document"), [pytest.param(w, d, id=w) for w, d in _larande_documents()]
)
def test_every_example_document_the_reader_accepts_validates(where, document):
    tp = _record_type(document.get("type"))
    if tp is None:
        pytest.skip(f"{where}: not a record type")
    try:
        ljson.from_dict(document, tp)
    except ValidationError as err:
        # A deliberate mistake in the docs: the schema catches those a schema can see.
        if err.code in {"unknown-field", "unknown-schema", "missing-field"}:
            assert errors(document, tp), where
        return
    assert not errors(document, tp), where


# -- generated records ---------------------------------------------------------------------


@given(st.data())
def test_generated_datasets_organizations_and_needs_validate(data):
    dataset = data.draw(datasets(max_units=4, max_people=8), label="dataset")
    assert_validates(dataset, Dataset)
    assert_validates(dataset.org, larande.Organization)
    found = data.draw(st.lists(needs(dataset.org), max_size=4), label="needs")
    for need in found:
        assert_validates(need, larande.Need)
    assert_validates(found, tuple[larande.Need, ...])


@given(goal_graphs(max_goals=12))
def test_generated_goal_graphs_validate(graph):
    assert_validates(graph, GoalGraph)


@given(
    frameworks(max_size=4).flatmap(
        lambda fw: catalogs(framework=fw, max_size=5).flatmap(
            lambda catalog: st.tuples(st.just(catalog), st.lists(plans(catalog=catalog)))
        )
    )
)
def test_generated_catalogs_and_plans_validate(catalog_and_plans):
    catalog, drawn = catalog_and_plans
    assert_validates(catalog, larande.Catalog)
    assert_validates(drawn, tuple[LearningPlan, ...])


@given(st.lists(events(), max_size=12))
def test_generated_events_validate_alone_and_in_a_follow_up_state(drawn):
    for event in drawn:
        assert_validates(event, type(event))
    try:
        state = larande.replay(drawn)
    except ValidationError:  # two different events with one id, as real traffic has
        reject()
    assert_validates(state, FollowUpState)


# -- the contract: never stricter than the reader -------------------------------------------

_ODD_VALUES = st.sampled_from(
    [None, True, False, 0, -1, 3, 2.5, 1e300, "", "x", "2026-02-28", "2026-02-30", "PT4H",
     "PT0S", "-P1D", "P1W", "PT", [], ["x"], {}, {"x": 1}]
)  # fmt: skip


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*path, i))


@functools.cache
def _small_documents() -> tuple[tuple[Any, Any], ...]:
    ds = demo()
    first, later = reviews()
    return (
        (document_of(ds.org.framework), larande.Framework),
        (document_of(ds.catalog), larande.Catalog),
        (document_of(ds.goals), GoalGraph),
        (document_of(first.plans[:3]), tuple[LearningPlan, ...]),
        (document_of(later.due[:5]), tuple[Due, ...]),
        (document_of(first.state), FollowUpState),
        (document_of(ds.calendar), larande.WorkCalendar),
    )


@given(st.data())
def test_a_mangled_document_the_reader_still_accepts_validates(data):
    original, tp = data.draw(st.sampled_from(_small_documents()))
    document = copy.deepcopy(original)
    path = data.draw(st.sampled_from(list(_paths(document["data"]))), label="path")
    *steps, key = ("data", *path)
    parent: Any = document
    for step in steps:
        parent = parent[step]
    action = data.draw(st.sampled_from(["replace", "delete", "add"]), label="action")
    if action == "replace":
        parent[key] = data.draw(_ODD_VALUES, label="value")
    elif action == "delete" and isinstance(parent, dict) and key != "data":
        del parent[key]
    elif isinstance(parent[key], dict):
        parent[key][data.draw(st.sampled_from(["id", "extra"]))] = data.draw(_ODD_VALUES)
    try:
        ljson.from_dict(document, tp)
    except ValidationError:
        return
    assert not errors(document, tp)


@given(st.text("PTWDHMS0123456789.-٤", max_size=14))
def test_the_duration_pattern_accepts_exactly_what_the_reader_reads(text):
    try:
        parse_duration(text)
        read = True
    except ValidationError as err:
        if "range" in str(err):  # too long for timedelta: only reading can tell
            reject()
        read = False
    schema = json_schema(larande.Competency)["$defs"]["Competency"]["properties"]["validity"]
    pattern = schema["anyOf"][0]["pattern"]
    assert (re.search(pattern, text) is not None) == read


@given(st.dates().map(dt.date.isoformat) | st.text("0123456789-T٤ ", max_size=12))
def test_the_date_schema_accepts_exactly_the_dates_the_reader_reads(text):
    document = {"schema": "larande/1", "type": "Absence", "data": {
        "person": "xin.li", "start": text, "end": "9999-12-31"
    }}  # fmt: skip
    try:
        ljson.from_dict(document, Absence)
        read = True
    except ValidationError:
        read = False
    assert (not errors(document, Absence)) == read


# -- documents that fail -------------------------------------------------------------------


def _assessment() -> dict[str, Any]:
    return document_of(Assessment("amir", "cpr", 2, dt.date(2026, 1, 12)))


def _with(document: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    out = copy.deepcopy(document)
    *parents, last = path.split(".")
    node = out
    for step in parents:
        node = node[int(step)] if isinstance(node, list) else node[step]
    node[last] = value
    return out


MALFORMED = {
    "another type": _with(_assessment(), "type", "Unit"),
    "another schema tag": _with(_assessment(), "schema", "larande/2"),
    "an unknown envelope field": _with(_assessment(), "extra", 1),
    "an unknown field": _with(_assessment(), "data.grade", 2),
    "a bad date": _with(_assessment(), "data.on", "12/01/2026"),
    "a date that does not exist": _with(_assessment(), "data.on", "2026-02-30"),
    "a date-time": _with(_assessment(), "data.on", "2026-01-12T08:00"),
    "a level as text": _with(_assessment(), "data.level", "2"),
    "a negative level": _with(_assessment(), "data.level", -1),
    "an empty id": _with(_assessment(), "data.person", ""),
    "a number for an id": _with(_assessment(), "data.person", 7),
    "no data": {"schema": "larande/1", "type": "Assessment"},
    "a list for a record": _with(_assessment(), "data", []),
}


@pytest.mark.parametrize("document", MALFORMED.values(), ids=list(MALFORMED))
def test_a_malformed_assessment_document_fails_validation_as_it_fails_reading(document):
    assert errors(document, Assessment)
    with pytest.raises(ValidationError):
        ljson.from_dict(document, Assessment)


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("data.org.people.0.role", "nurse"),  # an unknown field deep inside
        ("data.org.units.0.parent", ["x"]),
        ("data.catalog.activities.0.effort", "P1Y"),  # years have no fixed length
        ("data.catalog.activities.0.effort", "PT"),
        ("data.catalog.activities.0.kind", 3),  # kinds are open, but text
        ("data.goals.links.0.weight", 0),
        ("data.goals.links.0.color", "red"),
        ("data.events.0.type", "Completed"),  # an event type that does not exist
        ("data.events.0.score", "high"),
        ("data.budget", 8),
    ],
)
def test_a_malformed_dataset_document_fails_validation_as_it_fails_reading(path, value):
    document = _with(document_of(demo()), path, value)
    assert errors(document, Dataset)
    with pytest.raises(ValidationError):
        ljson.from_dict(document, Dataset)


@attrs.frozen
class _Keyed:
    """A record whose mapping has enum keys, which JSON writes as their text."""

    id: str
    by_level: larande.FrozenMap[larande.Level, int] = attrs.field(converter=larande.FrozenMap)


def test_mapping_keys_other_than_text_are_described_by_property_names():
    schema = json_schema(_Keyed)
    by_level = schema["$defs"]["_Keyed"]["properties"]["by_level"]
    assert by_level["propertyNames"] == {"$ref": "#/$defs/Level"}
    record = _Keyed("g", {larande.Level.TEAM: 2})
    assert ljson.loads(ljson.dumps(record), _Keyed) == record
    assert_validates(record, _Keyed)
    document = _with(document_of(record), "data.by_level", {"squad": 2})
    assert errors(document, _Keyed)
    with pytest.raises(ValidationError):
        ljson.from_dict(document, _Keyed)


@attrs.frozen
class _Either:
    """A record with a union field, such as an open kind: a member or a host's own text."""

    kind: larande.ActivityKind | str
    note: str | None = None


def test_a_union_is_any_of_its_members_and_optional_adds_null():
    properties = json_schema(_Either)["$defs"]["_Either"]["properties"]
    assert properties["kind"] == {"anyOf": [{"$ref": "#/$defs/ActivityKind"}, {"type": "string"}]}
    assert properties["note"] == {"type": ["string", "null"]}


# -- types without a document ---------------------------------------------------------------


@attrs.frozen
class _Loose:
    """A record with a plain dict, which larande.io.json does not read."""

    id: str
    counts: dict[str, int]


@attrs.frozen
class _NumberKeys:
    """A mapping with number keys: JSON would write them as text, which reads back as none."""

    id: str
    by_year: larande.FrozenMap[int, str]


@pytest.mark.parametrize(
    "tp",
    [dict, int, "Assessment", Event, PlanStatus, Matrix, tuple[Assessment, Unit],
     tuple[int, ...], list[str], None, _Loose, _NumberKeys],
    ids=repr,
)  # fmt: skip
def test_a_type_no_document_has_is_a_validation_error_naming_it(tp):
    with pytest.raises(ValidationError) as caught:
        json_schema(tp)
    assert caught.value.path == "type"
    assert caught.value.code == "unsupported-type"
    named = {_Loose: dict[str, int], _NumberKeys: larande.FrozenMap[int, str]}.get(tp, tp)
    assert repr(named) in str(caught.value)
