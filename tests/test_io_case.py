"""CASE frameworks: read leniently (saying what was ignored), written strictly, round trip."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
from hypothesis import given, settings

from larande import Competency, CycleError, DuplicateIdError, Framework, ValidationError
from larande.datasets import load_demo
from larande.io.case import IgnoreReason, read_case, read_case_with_notes, write_case
from larande.testing import frameworks

DATA = Path(__file__).parent / "data" / "case"
STAMP = dt.datetime(2026, 1, 12, 8, 0, tzinfo=dt.UTC)
SCHEMA = json.loads((DATA / "opencase-schemas" / "case-v1p1-cfpackage.official.json").read_text())
VALIDATOR = jsonschema.Draft201909Validator(
    SCHEMA, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
)
SHARED = sorted((DATA / "opensalt").glob("*.json"))


def schema_errors(package: dict) -> list[str]:
    return [e.message for e in VALIDATOR.iter_errors(package)]


@settings(max_examples=60, deadline=None)
@given(frameworks())
def test_any_framework_reads_back_equal_from_what_write_case_wrote(framework):
    assert read_case(write_case(framework, title="F", last_change=STAMP)) == framework


@settings(max_examples=60, deadline=None)
@given(frameworks())
def test_what_write_case_writes_validates_against_the_official_schema(framework):
    assert schema_errors(write_case(framework, title="F", last_change=STAMP)) == []


def test_the_demo_framework_round_trips_with_its_certificate_scale_and_validity():
    framework = load_demo().org.framework
    package = write_case(framework, title="Älvby", last_change=STAMP)
    assert schema_errors(package) == []
    assert read_case(json.dumps(package)) == framework


def test_writing_is_deterministic():
    framework = load_demo().org.framework
    assert write_case(framework, title="A", last_change=STAMP) == write_case(
        framework, title="A", last_change=STAMP
    )


@pytest.mark.parametrize("path", SHARED, ids=lambda p: p.name)
def test_every_shared_case_file_reads(path):
    found = read_case(path.read_text(encoding="utf-8"))
    assert len(found) > 0


def test_the_sequence_numbers_order_siblings_not_the_order_of_the_items():
    """In this file the item added second carries sequence number 1."""
    found = read_case((DATA / "opensalt" / "SequenceNumberFramework.json").read_text())
    assert [found.competency(c).name for c in found] == [
        "Second added item, but should be first",
        "First Added Item",
    ]


def test_the_lenient_reader_says_what_it_ignored_in_a_real_export():
    """The OpenSALT export has string sequence numbers, misspelt keys, extra fields."""
    read = read_case_with_notes(
        (DATA / "opensalt" / "what-standards-could-be.cfpackage.json").read_text()
    )
    text = "\n".join(str(note) for note in read.ignored)
    reasons = {note.reason for note in read.ignored}
    assert "an integer given as a str; read as the number" in text
    assert "did you mean 'educationLevel'?" in text
    assert {IgnoreReason.NONCONFORMING, IgnoreReason.UNKNOWN_FIELD} <= reasons


def test_items_keep_their_uri_so_the_framework_can_be_written_back():
    read = read_case((DATA / "opensalt" / "SmartLevelFramework.json").read_text())
    first = read.competency(next(iter(read)))
    assert first.uri is not None
    rewritten = write_case(read, title="Smart", last_change=STAMP)
    assert rewritten["CFItems"][0]["uri"] == first.uri


def test_item_ids_are_the_coding_scheme_when_unique():
    read = read_case((DATA / "opensalt" / "what-standards-could-be.cfpackage.json").read_text())
    assert "CCSS.Math.Content.6.RP.A" in read


@pytest.mark.parametrize(
    ("package", "path"),
    [
        ("not json", ""),
        ({"CFItems": []}, "CFDocument"),
        ({"CFDocument": {"identifier": "d"}}, "CFItems"),
        (
            {"CFDocument": {"identifier": "d"}, "CFItems": [{"fullStatement": "x"}]},
            "CFItems[0].identifier",
        ),
    ],
)
def test_a_malformed_package_is_refused_with_a_path(package, path):
    with pytest.raises(ValidationError) as err:
        read_case(package)
    assert err.value.path == path


def test_an_association_naming_a_missing_item_is_refused():
    package = {
        "CFDocument": {"identifier": "d"},
        "CFItems": [{"identifier": "a", "fullStatement": "A"}],
        "CFAssociations": [
            {
                "associationType": "isChildOf",
                "originNodeURI": {"identifier": "a"},
                "destinationNodeURI": {"identifier": "missing"},
            }
        ],
    }
    with pytest.raises(ValidationError) as err:
        read_case(package)
    assert err.value.path == "CFAssociations[0].destinationNodeURI"


def test_write_case_needs_a_time_with_a_zone():
    with pytest.raises(ValidationError) as err:
        write_case(
            Framework([Competency("a", "A")]), title="T", last_change=dt.datetime(2026, 1, 1)
        )
    assert err.value.path == "last_change"


def child_of(child: str, parent: str, number: int | None = None) -> dict:
    found = {
        "associationType": "isChildOf",
        "originNodeURI": {"identifier": child},
        "destinationNodeURI": {"identifier": parent},
    }
    if number is not None:
        found["sequenceNumber"] = number
    return found


def package_of(items: list[dict], associations: list[dict]) -> dict:
    return {"CFDocument": {"identifier": "d"}, "CFItems": items, "CFAssociations": associations}


ITEMS = [
    {"identifier": "a", "fullStatement": "Care", "humanCodingScheme": "C"},
    {"identifier": "b", "fullStatement": "CPR", "humanCodingScheme": "C.1"},
    {"identifier": "c", "fullStatement": "Hygiene", "humanCodingScheme": "C.2"},
]


def test_an_item_with_two_parents_keeps_the_first_and_says_so():
    read = read_case_with_notes(
        package_of(ITEMS, [child_of("b", "a"), child_of("b", "c"), child_of("a", "d")])
    )
    assert read.framework.competency("C.1").parent == "C"
    (note,) = [n for n in read.ignored if n.reason is IgnoreReason.SECOND_PARENT]
    assert note.path == "CFAssociations[1]"


def test_a_loop_of_parents_is_refused():
    with pytest.raises(CycleError):
        read_case(package_of(ITEMS, [child_of("a", "b"), child_of("b", "a")]))


def test_two_items_with_one_identifier_are_refused():
    with pytest.raises(DuplicateIdError) as err:
        read_case(package_of([ITEMS[0], dict(ITEMS[1], identifier="a")], []))
    assert err.value.path == "CFItems[1].identifier"


def test_ids_are_identifiers_for_every_item_when_a_code_is_shared():
    shared = [ITEMS[0], dict(ITEMS[1], humanCodingScheme="C")]
    read = read_case_with_notes(package_of(shared, []))
    assert list(read.framework) == ["a", "b"]
    assert IgnoreReason.CODING_SCHEME in {n.reason for n in read.ignored}


def test_siblings_follow_their_sequence_numbers_and_unnumbered_ones_come_last():
    items = [*ITEMS, {"identifier": "e", "fullStatement": "Lifting", "humanCodingScheme": "C.3"}]
    links = [child_of("b", "a"), child_of("c", "a", 2), child_of("e", "a", "1")]
    read = read_case_with_notes(package_of(items, links))
    assert read.framework.children("C") == ("C.3", "C.2", "C.1")
    assert any("read as the number" in str(n) for n in read.ignored)
