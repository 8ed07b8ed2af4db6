"""The JSON edge, ``larande.io.json``: documents, lossless round trips, strict reading.

A document is ``{"schema": "larande/1", "type": "<ClassName>", "data": {...}}``. Writing is
deterministic and keeps Swedish text as it is; reading coerces nothing, and every problem
with a document is a ``ValidationError`` whose ``path`` says where in the document it is.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from larande import (
    Assessment,
    Competency,
    CycleError,
    Dataset,
    DuplicateIdError,
    Framework,
    Goal,
    GoalGraph,
    Level,
    Metric,
    Organization,
    Person,
    Requirement,
    Role,
    Scale,
    Unit,
    UnknownIdError,
    ValidationError,
)
from larande.datasets import load_demo
from larande.io import json as ljson
from larande.io.json import format_duration, parse_duration
from larande.testing import (
    assessments,
    competencies,
    datasets,
    dates,
    frameworks,
    ids,
    organizations,
    requirements,
    roles,
    scales,
)

# -- examples and strategies -----------------------------------------------------------------


def _small_organization() -> Organization:
    """Home care in two teams; ``people[3]`` is David in team South."""
    return Organization(
        units=[
            Unit("care", "Vård och omsorg"),
            Unit("north", "Hemtjänst norr", parent="care"),
            Unit("south", "Hemtjänst söder", parent="care"),
        ],
        people=[
            Person("anna", "Anna Berg", "north", roles=["nurse"]),
            Person("bo", "Bo Ek", "north", manager="anna"),
            Person("cecilia", "Cecilia Lund", "south"),
            Person("david", "David Åberg", "south", roles=["nurse"], manager="cecilia"),
        ],
        roles=[Role("nurse", "Sjuksköterska", [Requirement("cpr", 2)])],
        framework=Framework([Competency("cpr", "HLR", validity=dt.timedelta(days=365))]),
    )


def _organization_document() -> dict[str, Any]:
    return ljson.to_dict(_small_organization())


def _assessment_document(**data: Any) -> dict[str, Any]:
    fields = {"person": "anna", "competency": "cpr", "level": 2, "on": "2026-01-12"}
    return {"schema": "larande/1", "type": "Assessment", "data": {**fields, **data}}


@functools.cache
def _demo_text() -> str:
    return ljson.dumps(load_demo())


def _demo_document() -> dict[str, Any]:
    """A fresh copy of the demo dataset's document (it has a goal graph)."""
    return json.loads(_demo_text())


def _refusal(document: Any, cls: Any) -> ValidationError:
    """The ValidationError that reading ``document`` as ``cls`` raises."""
    with pytest.raises(ValidationError) as caught:
        ljson.from_dict(document, cls)
    return caught.value


def _refusal_of_text(text: Any, cls: Any) -> ValidationError:
    """The ValidationError that reading JSON ``text`` as ``cls`` raises."""
    with pytest.raises(ValidationError) as caught:
        ljson.loads(text, cls)
    return caught.value


def _metrics() -> st.SearchStrategy[Metric]:
    finite = st.floats(-1e9, 1e9, allow_nan=False)
    return st.builds(
        lambda name, unit, ends: Metric(name, unit, *ends),
        st.text(max_size=10),
        st.text(max_size=5),
        st.tuples(finite, finite).filter(lambda ends: ends[0] != ends[1]),
    )


@st.composite
def _goals(draw: st.DrawFn) -> Goal:
    level = draw(st.sampled_from(Level))
    owner = draw(ids() if level is Level.INDIVIDUAL else st.none() | ids())
    return Goal(
        draw(ids()),
        draw(st.text(max_size=20)),
        level,
        owner=owner,
        metric=draw(st.none() | _metrics()),
        deadline=draw(st.none() | dates()),
        competencies=draw(st.frozensets(ids(), max_size=4)),
        target_level=draw(st.none() | st.integers(0, 4)),
    )


@st.composite
def _people(draw: st.DrawFn) -> Person:
    """A person on their own (not checked against an organisation)."""
    person_id = draw(ids())
    return Person(
        person_id,
        draw(st.text(max_size=15)),
        draw(ids()),
        roles=draw(st.lists(ids(), max_size=3, unique=True)),
        manager=draw(st.none() | ids().filter(lambda m: m != person_id)),
    )


_RECORDS = [
    pytest.param(Scale, scales(), id="Scale"),
    pytest.param(
        Competency,
        competencies() | frameworks().flatmap(lambda fw: st.sampled_from(fw.competencies)),
        id="Competency",
    ),
    pytest.param(Framework, frameworks(), id="Framework"),
    pytest.param(Requirement, frameworks(max_size=4).flatmap(requirements), id="Requirement"),
    pytest.param(Role, frameworks(max_size=4).flatmap(roles), id="Role"),
    pytest.param(Assessment, assessments(_small_organization()), id="Assessment"),
    pytest.param(Unit, st.builds(Unit, ids(), st.text(max_size=15), st.none() | ids()), id="Unit"),
    pytest.param(Person, _people(), id="Person"),
    pytest.param(Organization, organizations(), id="Organization"),
    pytest.param(Dataset, datasets(), id="Dataset"),
    pytest.param(Goal, _goals(), id="Goal"),
]

# Organisations and datasets are slow to draw (tens of milliseconds each): the properties
# over them run fewer examples, so the file stays fast; the mangling property runs many.
_FEWER = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- round trips -----------------------------------------------------------------------------


@pytest.mark.parametrize(("cls", "records"), _RECORDS)
@_FEWER
@given(data=st.data())
def test_every_record_reads_back_equal_from_its_json_text(cls, records, data):
    """``loads(dumps(x), type(x)) == x``: nothing is lost on the way out and back."""
    record = data.draw(records)
    assert ljson.loads(ljson.dumps(record), cls) == record


@pytest.mark.parametrize(("cls", "records"), _RECORDS)
@_FEWER
@given(data=st.data())
def test_every_record_reads_back_equal_from_its_document(cls, records, data):
    """``from_dict(to_dict(x), type(x)) == x``, for hosts that parse JSON themselves."""
    record = data.draw(records)
    assert ljson.from_dict(ljson.to_dict(record), cls) == record


@given(st.lists(assessments(_small_organization()), min_size=1, max_size=20).map(tuple))
def test_a_list_of_assessments_reads_back_equal_as_a_tuple(records):
    """A list document is read back with ``tuple[Assessment, ...]``."""
    assert ljson.loads(ljson.dumps(records), tuple[Assessment, ...]) == records


def test_an_empty_list_of_assessments_reads_back_as_an_empty_tuple():
    """Nobody assessed yet is still a list of assessments, and it survives a round trip."""
    assert ljson.loads(ljson.dumps(()), tuple[Assessment, ...]) == ()


def test_the_demo_dataset_with_its_goal_graph_reads_back_equal():
    """Goals, links and their weights survive the round trip with the rest of the dataset."""
    demo = load_demo()
    assert ljson.loads(ljson.dumps(demo), Dataset) == demo


def test_a_goal_graph_reads_back_equal_on_its_own():
    """A ``GoalGraph`` document holds its goals and links, and reads back equal."""
    graph = load_demo().goals
    assert ljson.loads(ljson.dumps(graph), GoalGraph) == graph


@_FEWER
@given(datasets())
def test_a_dataset_read_from_utf8_bytes_equals_the_one_written(dataset):
    """``loads`` takes the bytes a web framework hands over, not only ``str``."""
    data = ljson.dumps(dataset).encode("utf-8")
    assert ljson.loads(data, Dataset) == dataset


@_FEWER
@given(datasets())
def test_writing_what_was_read_gives_the_same_text(dataset):
    """Same value, same text: a stored document does not churn when rewritten."""
    text = ljson.dumps(dataset)
    assert ljson.dumps(ljson.loads(text, Dataset)) == text


# -- the shape of a document -----------------------------------------------------------------


def test_a_document_names_the_schema_the_record_type_and_holds_the_data():
    """The envelope is ``schema``, ``type`` (the class name) and ``data``."""
    expected = {"schema": "larande/1", "type": "Unit", "data": {"id": "it", "name": "IT"}}
    assert ljson.to_dict(Unit("it", "IT")) == expected


def test_a_list_document_is_tagged_with_the_record_type_it_holds():
    """A tuple of assessments is a ``list[Assessment]`` document with an array of data."""
    records = (
        Assessment("anna", "cpr", 2, dt.date(2026, 1, 12)),
        Assessment("bo", "cpr", 1, dt.date(2026, 1, 13)),
    )
    document = ljson.to_dict(records)
    assert (document["type"], len(document["data"])) == ("list[Assessment]", 2)


def test_a_list_document_of_mixed_records_is_refused():
    """One list document holds one type of record, so it can be read back."""
    with pytest.raises(ValidationError):
        ljson.to_dict((Unit("it", "IT"), Person("anna", "Anna", "it")))


def test_dates_are_written_as_iso_8601_days():
    document = ljson.to_dict(Assessment("anna", "cpr", 2, dt.date(2026, 1, 5)))
    assert document["data"]["on"] == "2026-01-05"


@pytest.mark.parametrize(
    ("validity", "expected"),
    [
        (dt.timedelta(hours=4), "PT4H"),
        (dt.timedelta(days=365), "P365D"),
        (dt.timedelta(days=1, minutes=30), "P1DT30M"),
    ],
)
def test_durations_are_written_as_iso_8601_durations(validity, expected):
    document = ljson.to_dict(Competency("cpr", "HLR", validity=validity))
    assert document["data"]["validity"] == expected


def test_fields_left_at_their_default_are_omitted():
    """A competency with only an id and a name is written with only an id and a name."""
    document = ljson.to_dict(Competency("cpr", "HLR", parent=None, scale="default"))
    assert document["data"] == {"id": "cpr", "name": "HLR"}


def test_fields_that_differ_from_their_default_are_written():
    record = Assessment("anna", "cpr", 2, dt.date(2026, 1, 5), source="test", id="a-17")
    data = ljson.to_dict(record)["data"]
    assert (data["source"], data["id"]) == ("test", "a-17")


def test_sets_are_written_as_sorted_arrays():
    """A goal's competencies (a frozenset) come out sorted, whatever order they went in."""
    goal = Goal("g", "Safe care", Level.UNIT, owner="care", competencies={"hygiene", "cpr", "ai"})
    assert ljson.to_dict(goal)["data"]["competencies"] == ["ai", "cpr", "hygiene"]


def test_enums_are_written_as_lower_case_names():
    goal = Goal("obj:anna:cpr", "Anna: HLR", Level.INDIVIDUAL, owner="anna")
    assert ljson.to_dict(goal)["data"]["level"] == "individual"


def test_the_same_value_gives_the_same_text_whatever_order_its_sets_were_built_in():
    first = Goal("g", "Safe care", Level.UNIT, competencies=["medication", "cpr", "hygiene"])
    second = Goal("g", "Safe care", Level.UNIT, competencies=["hygiene", "medication", "cpr"])
    assert ljson.dumps(first) == ljson.dumps(second)


def test_the_same_value_gives_the_same_text_whatever_the_hash_seed():
    """Sets iterate in hash order; the text must not (a service diffs its outputs)."""
    program = (
        "from larande import Goal, Level\n"
        "from larande.datasets import load_demo\n"
        "from larande.io import json\n"
        "goal = Goal('g', 'G', Level.UNIT, competencies=[str(i) for i in range(40)])\n"
        "print(json.dumps(goal))\n"
        "print(json.dumps(load_demo()))\n"
    )
    outputs = set()
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-c", program],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        outputs.add(done.stdout)
    assert len(outputs) == 1


def test_swedish_characters_are_kept_as_they_are():
    """``Älvby kommun`` stays readable in the text, not ``\\u00c4lvby``."""
    text = ljson.dumps(Unit("älvby", "Älvby kommun, hemtjänst"))
    assert ('"Älvby kommun, hemtjänst"' in text, "\\u" in text) == (True, False)


# -- durations -------------------------------------------------------------------------------


@given(st.timedeltas())
def test_any_duration_reads_back_equal_from_its_iso_8601_text(duration):
    assert parse_duration(format_duration(duration)) == duration


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PT4H", dt.timedelta(hours=4)),
        ("P365D", dt.timedelta(days=365)),
        ("P1W", dt.timedelta(days=7)),
        ("PT30M", dt.timedelta(minutes=30)),
        ("P1DT0.5S", dt.timedelta(days=1, milliseconds=500)),
        ("-P1D", dt.timedelta(days=-1)),
    ],
)
def test_iso_8601_durations_in_weeks_days_and_time_are_read(text, expected):
    assert parse_duration(text) == expected


def test_a_zero_duration_is_written_as_zero_seconds():
    assert format_duration(dt.timedelta(0)) == "PT0S"


@pytest.mark.parametrize("text", ["P1Y", "P2M", "P1Y2M3D", "P1M1D"])
def test_years_and_months_are_refused_because_they_have_no_fixed_length(text):
    with pytest.raises(ValidationError):
        parse_duration(text)


@pytest.mark.parametrize("text", ["P", "PT", "P1DT", "", "PT4H ", "pt4h", "P1.5D", "4 hours"])
def test_a_duration_without_any_amount_or_in_another_format_is_refused(text):
    with pytest.raises(ValidationError):
        parse_duration(text)


def test_a_duration_beyond_what_python_can_hold_is_refused_by_parse_duration():
    with pytest.raises(ValidationError):
        parse_duration("P9999999999D")


def test_a_duration_beyond_what_python_can_hold_is_refused_in_a_document():
    document = ljson.to_dict(Competency("cpr", "HLR", validity=dt.timedelta(days=365)))
    document["data"]["validity"] = "P9999999999D"
    assert _refusal(document, Competency).path == "data.validity"


def test_a_duration_given_as_a_number_of_days_is_refused_not_coerced():
    document = ljson.to_dict(Competency("cpr", "HLR", validity=dt.timedelta(days=365)))
    document["data"]["validity"] = 365
    assert _refusal(document, Competency).path == "data.validity"


# -- the envelope ----------------------------------------------------------------------------


@pytest.mark.parametrize("text", ['{"schema": ', "", "not json", "{'schema': 'larande/1'}"])
def test_malformed_json_is_refused(text):
    assert _refusal_of_text(text, Unit).code == "malformed-json"


def test_a_document_without_a_schema_tag_is_refused_at_the_tag():
    document = _organization_document()
    del document["schema"]
    assert _refusal(document, Organization).path == "schema"


def test_a_document_of_an_unknown_schema_is_refused_at_the_tag():
    """``larande/99`` is from a future version; reading it as ``larande/1`` would guess."""
    document = {**_organization_document(), "schema": "larande/99"}
    err = _refusal(document, Organization)
    assert (err.path, err.code) == ("schema", "unknown-schema")


@pytest.mark.parametrize("tag", [["larande/1"], {"v": 1}])
def test_a_schema_tag_that_is_an_array_or_an_object_is_refused_at_the_tag(tag):
    document = {**_organization_document(), "schema": tag}
    assert _refusal(document, Organization).path == "schema"


def test_a_document_of_another_type_is_refused_at_the_type_tag():
    """A Person document is not read as a Unit, even where the fields would fit."""
    document = ljson.to_dict(Person("anna", "Anna", "north"))
    assert _refusal(document, Unit).path == "type"


def test_a_single_record_is_not_read_as_a_list_document():
    document = ljson.to_dict(Assessment("anna", "cpr", 2, dt.date(2026, 1, 12)))
    assert _refusal(document, tuple[Assessment, ...]).path == "type"


def test_a_type_tag_buried_in_deep_nesting_is_refused_at_the_tag():
    tag: list[Any] = []
    for _ in range(100_000):
        tag = [tag]
    document = {**_organization_document(), "type": tag}
    assert _refusal(document, Organization).path == "type"


def test_a_document_that_is_only_deep_nesting_is_refused():
    document: list[Any] = []
    for _ in range(100_000):
        document = [document]
    assert _refusal(document, Organization).path == ""


def test_data_that_is_only_deep_nesting_is_refused_at_data():
    data: list[Any] = []
    for _ in range(100_000):
        data = [data]
    document = {**_organization_document(), "data": data}
    assert _refusal(document, Organization).path == "data"


def test_data_that_is_not_a_json_object_is_refused_at_data():
    document = {**_organization_document(), "data": ["units", "people"]}
    assert _refusal(document, Organization).path == "data"


def test_a_document_without_data_is_refused_at_data():
    document = _organization_document()
    del document["data"]
    assert _refusal(document, Organization).path == "data"


def test_an_unknown_field_in_the_envelope_is_refused_at_that_field():
    document = {**_organization_document(), "comment": "exported by hand"}
    assert _refusal(document, Organization).path == "comment"


@pytest.mark.parametrize("document", [[], "larande/1", None, 3])
def test_a_document_that_is_not_a_json_object_is_refused(document):
    assert _refusal(document, Organization).path == ""


# -- strict reading of the data --------------------------------------------------------------


def test_a_missing_required_field_is_refused_at_that_field():
    document = _organization_document()
    del document["data"]["people"][3]["unit"]
    err = _refusal(document, Organization)
    assert (err.path, err.code) == ("data.people[3].unit", "missing-field")


def test_an_unknown_field_is_refused():
    """A misspelt field (``nmae``) is not silently dropped."""
    document = _organization_document()
    document["data"]["people"][3]["nmae"] = "David"
    err = _refusal(document, Organization)
    assert (err.code, "'nmae'" in err.message) == ("unknown-field", True)


def test_an_unknown_field_is_refused_at_that_field():
    """Like an unknown envelope field or goal-graph field, the path names the field."""
    document = _organization_document()
    document["data"]["people"][3]["nmae"] = "David"
    assert _refusal(document, Organization).path == "data.people[3].nmae"


@pytest.mark.parametrize("level", ["3", 2.0, True, None, [2]], ids=repr)
def test_a_level_that_is_not_a_json_integer_is_refused_not_coerced(level):
    """``"3"`` is not a level, nor is ``2.0``, nor ``true`` (which Python calls 1)."""
    err = _refusal(_assessment_document(level=level), Assessment)
    assert err.path == "data.level"


def test_a_number_where_an_id_is_expected_is_refused_not_coerced():
    document = _organization_document()
    document["data"]["people"][3]["unit"] = 3
    assert _refusal(document, Organization).path == "data.people[3].unit"


def test_a_string_where_a_list_of_roles_is_expected_is_refused_not_split_into_letters():
    document = _organization_document()
    document["data"]["people"][3]["roles"] = "nurse"
    assert _refusal(document, Organization).path == "data.people[3].roles"


def test_a_string_where_scale_levels_are_expected_is_refused_not_split_into_letters():
    """``"abc"`` would otherwise be a valid three-level scale ``a``, ``b``, ``c``."""
    document = ljson.to_dict(Scale("cert", ["no", "yes"]))
    document["data"]["levels"] = "abc"
    assert _refusal(document, Scale).path == "data.levels"


def test_a_string_where_a_set_of_competencies_is_expected_is_refused():
    document = ljson.to_dict(Goal("g", "Safe care", Level.UNIT, competencies={"cpr"}))
    document["data"]["competencies"] = "cpr"
    assert _refusal(document, Goal).path == "data.competencies"


def test_a_record_given_as_an_array_is_refused_at_the_record():
    document = _organization_document()
    document["data"]["people"][3] = ["david", "David Åberg", "south"]
    assert _refusal(document, Organization).path == "data.people[3]"


def test_a_record_given_as_an_array_is_refused_naming_the_value():
    """DESIGN §6: the message names the bad value, as every other refusal does."""
    document = _organization_document()
    document["data"]["people"][3] = ["david"]
    assert _refusal(document, Organization).message.endswith("got ['david'] (list)")


@pytest.mark.parametrize("on", ["2026-02-30", "2026-1-5", "20260105", "2026-01-05T08:00", 2026])
def test_a_date_that_is_not_an_existing_iso_8601_day_is_refused(on):
    assert _refusal(_assessment_document(on=on), Assessment).path == "data.on"


@pytest.mark.parametrize("token", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_tokens_are_refused(token):
    """JSON has no such numbers; Python's parser would otherwise let them in."""
    text = (
        '{"schema": "larande/1", "type": "Requirement",'
        f' "data": {{"competency": "cpr", "level": 2, "weight": {token}}}}}'
    )
    assert _refusal_of_text(text, Requirement).code == "malformed-json"


def test_a_number_too_large_for_a_float_is_refused_at_its_field():
    """``1e999`` parses to infinity, which is no weight."""
    text = (
        '{"schema": "larande/1", "type": "Requirement",'
        ' "data": {"competency": "cpr", "level": 2, "weight": 1e999}}'
    )
    assert _refusal_of_text(text, Requirement).path == "data.weight"


def test_an_integer_too_long_to_convert_is_refused():
    text = (
        '{"schema": "larande/1", "type": "Assessment", "data": {"person": "anna",'
        f' "competency": "cpr", "level": {"9" * 5000}, "on": "2026-01-12"}}}}'
    )
    with pytest.raises(ValidationError):
        ljson.loads(text, Assessment)


# -- references ------------------------------------------------------------------------------


def test_a_person_in_an_unknown_unit_is_an_unknown_id_at_that_reference():
    document = _organization_document()
    document["data"]["people"][3]["unit"] = "east"
    err = _refusal(document, Organization)
    assert (type(err), err.path, err.id) == (UnknownIdError, "data.people[3].unit", "east")


def test_an_unknown_id_is_a_validation_error_and_a_key_error():
    """Hosts catching either ``ValidationError`` or ``KeyError`` both catch it."""
    document = _organization_document()
    document["data"]["people"][3]["manager"] = "nobody"
    err = _refusal(document, Organization)
    assert (isinstance(err, UnknownIdError), isinstance(err, KeyError)) == (True, True)


def test_a_person_id_used_twice_is_a_duplicate_id_at_the_second_use():
    document = _organization_document()
    document["data"]["people"][3]["id"] = "anna"
    err = _refusal(document, Organization)
    assert (type(err), err.path) == (DuplicateIdError, "data.people[3].id")


def test_a_person_with_a_unit_s_id_is_a_duplicate_id():
    """Units and people share one namespace."""
    document = _organization_document()
    document["data"]["people"][3]["id"] = "north"
    err = _refusal(document, Organization)
    assert (type(err), err.path) == (DuplicateIdError, "data.people[3].id")


def test_a_unit_inside_its_own_subunit_is_a_cycle_naming_the_units():
    document = _organization_document()
    document["data"]["units"][0]["parent"] = "north"
    err = _refusal(document, Organization)
    assert (type(err), err.path, err.cycle) == (
        CycleError,
        "data.units[0].parent",
        ("care", "north", "care"),
    )


def test_an_assessment_of_an_unknown_person_in_a_dataset_is_refused_at_that_reference():
    document = _demo_document()
    document["data"]["assessments"][7]["person"] = "nobody"
    err = _refusal(document, Dataset)
    assert (type(err), err.path) == (UnknownIdError, "data.assessments[7].person")


def test_an_assessment_above_its_scale_in_a_dataset_is_refused_at_its_level():
    document = _demo_document()
    document["data"]["assessments"][7]["level"] = 99
    assert _refusal(document, Dataset).path == "data.assessments[7].level"


def test_a_goal_owned_by_an_unknown_unit_is_refused_at_its_owner():
    document = _demo_document()
    document["data"]["goals"]["goals"][2]["owner"] = "nowhere"
    err = _refusal(document, Dataset)
    assert (type(err), err.path) == (UnknownIdError, "data.goals.goals[2].owner")


def test_a_goal_id_used_twice_is_a_duplicate_id_at_the_second_goal():
    document = _demo_document()
    goals = document["data"]["goals"]["goals"]
    goals.append(goals[0])
    err = _refusal(document, Dataset)
    assert (type(err), err.path) == (DuplicateIdError, f"data.goals.goals[{len(goals) - 1}].id")


def test_a_link_to_an_unknown_parent_goal_is_refused_at_that_reference():
    document = _demo_document()
    document["data"]["goals"]["links"][0]["parent"] = "nowhere"
    err = _refusal(document, Dataset)
    assert (type(err), err.path) == (UnknownIdError, "data.goals.links[0].parent")


def test_a_link_from_an_unknown_child_goal_is_refused_at_that_reference():
    document = _demo_document()
    document["data"]["goals"]["links"][0]["child"] = "nowhere"
    err = _refusal(document, Dataset)
    assert (type(err), err.path) == (UnknownIdError, "data.goals.links[0].child")


def test_a_link_from_a_broader_goal_to_a_narrower_one_is_refused_at_its_parent():
    """An organisation goal cannot contribute to a unit goal: the parent is the wrong one."""
    document = _demo_document()
    link = document["data"]["goals"]["links"][0]
    link["child"], link["parent"] = link["parent"], link["child"]
    assert _refusal(document, Dataset).path == "data.goals.links[0].parent"


@_FEWER
@given(organizations(), st.data())
def test_any_person_in_an_unknown_unit_is_refused_at_that_person(org, data):
    i = data.draw(st.integers(0, len(org.people) - 1))
    document = ljson.to_dict(org)
    document["data"]["people"][i]["unit"] = "DANGLING"
    err = _refusal(document, Organization)
    assert (type(err), err.path) == (UnknownIdError, f"data.people[{i}].unit")


_DEMO_DATA = json.loads(_demo_text())["data"]
_DEMO_ASSESSMENTS = len(_DEMO_DATA["assessments"])
_DEMO_PEOPLE = len(_DEMO_DATA["org"]["people"])


@given(st.integers(0, _DEMO_ASSESSMENTS - 1), st.sampled_from([0, 1, 2, 3, 4]))
def test_any_level_given_as_a_string_is_refused_at_that_assessment(i, level):
    document = _demo_document()
    document["data"]["assessments"][i]["level"] = str(level)
    assert _refusal(document, Dataset).path == f"data.assessments[{i}].level"


@given(st.integers(0, _DEMO_PEOPLE - 1), st.sampled_from(["id", "name", "unit"]))
def test_any_required_field_missing_from_any_person_is_refused_at_that_field(i, field):
    document = _demo_document()
    del document["data"]["org"]["people"][i][field]
    assert _refusal(document, Dataset).path == f"data.org.people[{i}].{field}"


# -- deep nesting ----------------------------------------------------------------------------


def test_deeply_nested_json_text_is_refused_not_a_recursion_error():
    assert _refusal_of_text("[" * 100_000, Organization).code == "too-deep"


def test_deeply_nested_but_balanced_json_text_is_refused_not_a_recursion_error():
    text = "[" * 100_000 + "]" * 100_000
    assert _refusal_of_text(text, Organization).code == "too-deep"


def test_a_deeply_nested_object_in_a_field_is_refused_at_that_field():
    nested: dict[str, Any] = {}
    for _ in range(100_000):
        nested = {"a": nested}
    document = _organization_document()
    document["data"]["people"][3]["name"] = nested
    assert _refusal(document, Organization).path == "data.people[3].name"


def test_a_deeply_nested_array_in_a_list_of_roles_is_refused_at_the_first_role():
    nested: list[Any] = []
    for _ in range(100_000):
        nested = [nested]
    document = _organization_document()
    document["data"]["people"][3]["roles"] = nested
    assert _refusal(document, Organization).path == "data.people[3].roles[0]"


# -- what loads accepts ----------------------------------------------------------------------


def test_loads_reads_utf8_bytes_with_swedish_characters():
    unit = Unit("älvby", "Älvby kommun")
    assert ljson.loads(ljson.dumps(unit).encode("utf-8"), Unit) == unit


def test_loads_refuses_bytes_that_are_not_utf8():
    assert _refusal_of_text(b'{"schema": "\xff"}', Unit).code == "malformed-json"


@pytest.mark.parametrize(
    "value",
    [None, 42, {"schema": "larande/1", "type": "Unit", "data": {}}, ["{}"]],
    ids=["None", "int", "dict", "list"],
)
def test_loads_refuses_what_is_not_json_text(value):
    """A parsed document goes to ``from_dict``; ``loads`` says so instead of crashing."""
    assert isinstance(_refusal_of_text(value, Unit), ValidationError)


@settings(max_examples=200, deadline=None)
@given(st.text() | st.binary() | st.integers(0, len(_demo_text())).map(lambda n: _demo_text()[:n]))
def test_any_text_or_bytes_is_read_or_refused_never_a_crash(text):
    """Random text, random bytes, a document cut short: a record or a ValidationError."""
    try:
        ljson.loads(text, Dataset)
    except ValidationError:
        pass
    except BaseException as exc:
        pytest.fail(f"{type(exc).__name__} escaped loads: {exc!r}")


# -- mangled documents -----------------------------------------------------------------------

_KINDS = ("str", "int", "float", "bool", "null", "list", "dict")
_SCALAR = st.one_of(st.text(max_size=6), st.integers(), st.floats(), st.booleans(), st.none())
_VALUES_OF_KIND: dict[str, st.SearchStrategy[Any]] = {
    "str": st.text(max_size=8) | ids(),
    "int": st.integers(),
    "float": st.floats(),
    "bool": st.booleans(),
    "null": st.none(),
    "list": st.lists(_SCALAR, max_size=3),
    "dict": st.dictionaries(st.text(max_size=4), _SCALAR, max_size=3),
}
_ANY_VALUE = st.sampled_from(_KINDS).flatmap(lambda kind: _VALUES_OF_KIND[kind])
_TAGS = st.sampled_from(
    ["larande/1", "larande/0", "larande/99", "", "Dataset", "Organization", "list[Dataset]"]
)
# Ids are references when they sit under these keys, or in these lists.
_REFERENCE_KEYS = frozenset(
    {"unit", "parent", "manager", "person", "competency", "owner", "child", "scale"}
)
_REFERENCE_LISTS = frozenset({"roles", "competencies"})
_MUTATIONS = ("remove", "swap-type", "dangle", "duplicate", "deep", "junk-data", "tag")
# Deep values are put in as markers and expanded at the end, so walking the document stays
# cheap and the stdlib encoder (which recurses) never sees them.
_MARKER = "\x00deep{}\x00"


def _kind(value: Any) -> str:
    kinds = {str: "str", int: "int", float: "float", bool: "bool", list: "list", dict: "dict"}
    return kinds.get(type(value), "null")


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict | list):
        members = value.items() if isinstance(value, dict) else enumerate(value)
        for key, member in members:
            yield from _paths(member, (*path, key))


def _at(root: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        root = root[key]
    return root


def _mutate(draw: Any, box: dict[str, Any], deep: dict[str, tuple[int, str]]) -> None:
    """Apply one drawn mutation to ``box["doc"]`` in place."""
    mutation = draw(st.sampled_from(_MUTATIONS))
    paths = [p for p in _paths(box) if p]
    document = box["doc"]
    if mutation == "remove":
        path = draw(st.sampled_from(paths))
        if len(path) > 1:
            del _at(box, path[:-1])[path[-1]]
    elif mutation == "swap-type":
        path = draw(st.sampled_from(paths))
        kinds = [k for k in _KINDS if k != _kind(_at(box, path))]
        _at(box, path[:-1])[path[-1]] = draw(_VALUES_OF_KIND[draw(st.sampled_from(kinds))])
    elif mutation == "dangle":
        references = [
            p
            for p in paths
            if type(_at(box, p)) is str
            and (p[-1] in _REFERENCE_KEYS or (len(p) > 1 and p[-2] in _REFERENCE_LISTS))
        ]
        if references:
            path = draw(st.sampled_from(references))
            _at(box, path[:-1])[path[-1]] = f"DANGLING-{draw(st.integers(0, 9))}"
    elif mutation == "duplicate":
        lists = [p for p in paths if type(_at(box, p)) is list and _at(box, p)]
        if lists:
            members = _at(box, draw(st.sampled_from(lists)))
            members.append(copy.deepcopy(members[draw(st.integers(0, len(members) - 1))]))
    elif mutation == "deep":
        path = draw(st.sampled_from(paths))
        depths = [2, 64, 100_000]
        marker = _MARKER.format(len(deep))
        deep[marker] = (draw(st.sampled_from(depths)), draw(st.sampled_from("[{")))
        _at(box, path[:-1])[path[-1]] = marker
    elif mutation == "junk-data" and type(document) is dict:
        document["data"] = draw(_ANY_VALUE)
    elif mutation == "tag" and type(document) is dict:
        tag = draw(st.sampled_from(["schema", "type"]))
        if draw(st.booleans()):
            document.pop(tag, None)
        else:
            document[tag] = draw(_TAGS | _SCALAR)


def _nested(depth: int, opener: str) -> Any:
    value: Any = [] if opener == "[" else {}
    for _ in range(depth):
        value = [value] if opener == "[" else {"k": value}
    return value


def _nested_text(depth: int, opener: str) -> str:
    if opener == "[":
        return "[" * (depth + 1) + "]" * (depth + 1)
    return '{"k": ' * depth + "{}" + "}" * depth


def _expand(value: Any, deep: dict[str, tuple[int, str]]) -> Any:
    if type(value) is str and value in deep:
        return _nested(*deep[value])
    if type(value) is dict:
        return {k: _expand(v, deep) for k, v in value.items()}
    if type(value) is list:
        return [_expand(v, deep) for v in value]
    return value


def _outcome(read: Any) -> Any:
    """What reading gives: the record, or ``"refused"``; anything else fails the test."""
    try:
        return read()
    except ValidationError:
        return "refused"
    except BaseException as exc:
        pytest.fail(f"{type(exc).__name__} escaped instead of a ValidationError: {exc!r}")


_VALID_DOCUMENTS = st.one_of(
    datasets().map(lambda d: (ljson.to_dict(d), Dataset)),
    organizations().map(lambda o: (ljson.to_dict(o), Organization)),
    st.builds(lambda: (_demo_document(), Dataset)),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_VALID_DOCUMENTS, st.data())
def test_a_mangled_document_is_read_or_refused_never_a_crash(valid, data):
    """Whatever is done to a valid document, reading it gives a record or a ValidationError.

    Mutations at random places: a field removed, a value of another JSON type, an id that
    dangles, a list element twice, a value buried in deep nesting, junk for the data, other
    tags. Some are harmless (an optional field removed); none may escape as another error.
    Reading the parsed document and reading its text agree.
    """
    document, cls = valid
    box = {"doc": copy.deepcopy(document)}
    deep: dict[str, tuple[int, str]] = {}
    for _ in range(data.draw(st.integers(1, 3))):
        _mutate(data.draw, box, deep)
    text = json.dumps(box["doc"])
    for marker, (depth, opener) in deep.items():
        text = text.replace(json.dumps(marker), _nested_text(depth, opener))

    from_document = _outcome(lambda: ljson.from_dict(_expand(box["doc"], deep), cls))
    from_text = _outcome(lambda: ljson.loads(text, cls))

    assert from_document == "refused" or isinstance(from_document, cls)
    assert from_document == from_text


def _json_native(value: Any) -> bool:
    if type(value) is dict:
        return all(type(k) is str and _json_native(v) for k, v in value.items())
    if type(value) is list:
        return all(_json_native(v) for v in value)
    return value is None or type(value) in (str, int, float, bool)


def test_to_dict_gives_only_plain_json_types_so_it_reads_back_without_text():
    """Enums become plain strings, not str subclasses: the dict itself is a JSON value."""
    from larande.datasets import load_demo

    demo = load_demo()
    document = ljson.to_dict(demo)
    assert _json_native(document)
    assert ljson.from_dict(document, type(demo)) == demo
