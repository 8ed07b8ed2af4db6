"""CASE as framework servers export it: crosswalks kept and written again, absurd dicts refused."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import jsonschema
import pytest

from larande import Competency, Framework, UnknownIdError, ValidationError
from larande.io.badges import achievement
from larande.io.case import Alignment, IgnoreReason, read_case, read_case_with_notes, write_case

DATA = Path(__file__).parent / "data" / "case"
STAMP = dt.datetime(2026, 1, 12, 8, 0, tzinfo=dt.UTC)
SCHEMA = json.loads((DATA / "opencase-schemas" / "case-v1p1-cfpackage.official.json").read_text())
VALIDATOR = jsonschema.Draft201909Validator(
    SCHEMA, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
)
OPENSALT = (DATA / "opensalt" / "what-standards-could-be.cfpackage.json").read_text()


def package(**extra):
    found = {
        "CFDocument": {"identifier": "d", "title": "Care"},
        "CFItems": [
            {"identifier": "a", "fullStatement": "Hygiene", "uri": "https://case.example/a"},
            {"identifier": "b", "fullStatement": "Hand washing", "uri": "https://case.example/b"},
        ],
    }
    found.update(extra)
    return found


def association(kind, origin, destination, **extra):
    return {"associationType": kind, "originNodeURI": origin, "destinationNodeURI": destination}


ELSEWHERE = {
    "title": "Hand hygiene (national)",
    "identifier": "5b6c487e-04f1-5ba9-9722-d099849b9167",
    "uri": "https://case.national.example/CFItems/5b6c487e-04f1-5ba9-9722-d099849b9167",
}


# -- crosswalks ------------------------------------------------------------------------------


def test_the_crosswalks_of_a_real_export_are_kept_as_alignments():
    read = read_case_with_notes(OPENSALT)
    assert Counter(a.type for a in read.alignments) == {
        "exactMatchOf": 16,
        "precedes": 3,
        "exemplar": 2,
        "isRelatedTo": 2,
    }


def test_an_alignment_to_another_framework_keeps_its_destination():
    read = read_case_with_notes(
        package(CFAssociations=[association("exactMatchOf", {"identifier": "a"}, ELSEWHERE)])
    )
    assert read.alignments == (
        Alignment(
            "a",
            "exactMatchOf",
            uri=ELSEWHERE["uri"],
            identifier=ELSEWHERE["identifier"],
            title=ELSEWHERE["title"],
        ),
    )


def test_an_alignment_within_the_framework_names_the_competency():
    read = read_case_with_notes(
        package(
            CFAssociations=[association("isRelatedTo", {"identifier": "b"}, {"identifier": "a"})]
        )
    )
    assert read.alignments == (Alignment("b", "isRelatedTo", target="a"),)


def test_a_written_framework_carries_its_alignments_again():
    read = read_case_with_notes(OPENSALT)
    written = write_case(
        read.framework, title="Again", last_change=STAMP, alignments=read.alignments
    )
    again = read_case_with_notes(json.dumps(written))
    assert (again.alignments, again.framework) == (read.alignments, read.framework)


def test_a_package_written_with_alignments_validates_against_the_official_schema():
    read = read_case_with_notes(OPENSALT)
    written = write_case(
        read.framework, title="Again", last_change=STAMP, alignments=read.alignments
    )
    assert [e.message for e in VALIDATOR.iter_errors(written)] == []


def test_an_alignment_with_only_a_uri_is_written_with_the_fields_the_schema_wants():
    fw = Framework([Competency("cpr", "CPR")])
    written = write_case(
        fw,
        title="F",
        last_change=STAMP,
        alignments=[Alignment("cpr", "exactMatchOf", uri="https://case.example/hlr")],
    )
    assert written["CFAssociations"][-1]["destinationNodeURI"] == {
        "title": "https://case.example/hlr",
        "identifier": "https://case.example/hlr",
        "uri": "https://case.example/hlr",
    }


def test_an_alignment_of_an_unknown_competency_is_refused_when_writing():
    fw = Framework([Competency("cpr", "CPR")])
    with pytest.raises(UnknownIdError) as err:
        write_case(
            fw, title="F", last_change=STAMP, alignments=[Alignment("x", "precedes", target="cpr")]
        )
    assert err.value.path == "alignments[0].competency"


def test_an_association_of_an_unknown_type_is_noted_not_kept():
    read = read_case_with_notes(
        package(CFAssociations=[association("isCousinOf", {"identifier": "a"}, ELSEWHERE)])
    )
    assert (read.alignments, [n.reason for n in read.ignored]) == ((), [IgnoreReason.ASSOCIATION])


def test_an_alignment_to_a_javascript_uri_is_noted_not_kept():
    hostile = {**ELSEWHERE, "uri": "javascript:alert(document.cookie)"}
    read = read_case_with_notes(
        package(CFAssociations=[association("exactMatchOf", {"identifier": "a"}, hostile)])
    )
    assert (read.alignments, [n.reason for n in read.ignored]) == (
        (),
        [IgnoreReason.NONCONFORMING],
    )


@pytest.mark.parametrize(
    "kwargs",
    [
        {"type": "isChildOf", "target": "b"},
        {"type": "exactMatchOf"},
        {"type": "exactMatchOf", "target": "b", "uri": "https://x.example"},
        {"type": "exactMatchOf", "uri": "javascript:alert(1)"},
        {"type": "exactMatchOf", "uri": "DATA:text/html,<script>"},
    ],
)
def test_an_alignment_that_cannot_be_written_is_refused_when_made(kwargs):
    with pytest.raises(ValidationError):
        Alignment("a", **kwargs)


# -- unsafe item URIs ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "uri", ["javascript:alert(1)", " JavaScript:alert(1)", "data:text/html,x", "vbscript:msgbox"]
)
def test_an_item_uri_with_an_unsafe_scheme_is_not_kept(uri):
    items = [{"identifier": "a", "fullStatement": "Hygiene", "uri": uri}]
    read = read_case_with_notes(package(CFItems=items))
    assert (read.framework.competency("a").uri, read.ignored[-1].reason) == (
        None,
        IgnoreReason.NONCONFORMING,
    )


def test_a_competency_with_an_unsafe_uri_is_never_written_as_a_link():
    fw = Framework([Competency("cpr", "CPR", uri="javascript:alert(1)")])
    item = write_case(fw, title="F", last_change=STAMP)["CFItems"][0]
    assert (item["uri"].startswith("urn:uuid:"), item["extensions"]["larande"]["uri"]) == (
        True,
        "javascript:alert(1)",
    )


def test_a_badge_refuses_a_javascript_uri_from_a_case_framework():
    fw = Framework([Competency("cpr", "CPR", uri="javascript:alert(1)")])
    with pytest.raises(ValidationError) as err:
        achievement("cpr", 1, fw, issuer="https://alvby.example")
    assert err.value.path == "competency"


# -- absurd dicts: the same answer as the same text ------------------------------------------


def deep(levels):
    found: dict = {}
    for _ in range(levels):
        found = {"x": found}
    return found


def level(quality, score):
    return {"identifier": quality, "quality": quality, "score": score}


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (
            {"CFItems": [{"identifier": "a", "fullStatement": "A", "extensions": deep(1000)}]},
            "too-deep",
        ),
        (
            {
                "CFDocument": {
                    "identifier": "d",
                    "title": "T",
                    "notes": [[[[[[]]]]]] * 3,
                    "x": deep(2000),
                }
            },
            "too-deep",
        ),
        (
            {
                "CFAssociations": [
                    {
                        **association("isChildOf", {"identifier": "a"}, {"identifier": "d"}),
                        "sequenceNumber": 10**5000,
                    }
                ]
            },
            "too-large",
        ),
        ({"CFItems": [{"identifier": "a", "fullStatement": "A", 7: "seven"}]}, "invalid-value"),
    ],
    ids=["extensions-1000-deep", "document-2000-deep", "sequence-of-5000-digits", "int-key"],
)
def test_an_absurd_package_dict_is_a_validation_error(change, code):
    with pytest.raises(ValidationError) as err:
        read_case(package(**change))
    assert err.value.code == code


def test_a_package_dict_nested_too_deeply_names_where_it_starts():
    with pytest.raises(ValidationError) as err:
        read_case(
            package(CFItems=[{"identifier": "a", "fullStatement": "A", "extensions": deep(1000)}])
        )
    assert err.value.path.startswith("CFItems[0].extensions.x")


def test_the_same_deep_package_as_text_is_a_validation_error_too():
    text = (
        '{"CFDocument": {"identifier": "d"}, "CFItems": [], "x": '
        + "[" * 100_000
        + "]" * 100_000
        + "}"
    )
    with pytest.raises(ValidationError) as err:
        read_case(text)
    assert err.value.code == "too-deep"


def test_a_rubric_score_too_large_for_a_float_counts_as_its_place():
    rubric = {
        "identifier": "r",
        "title": "cert",
        "CFRubricCriteria": [
            {
                "identifier": "c",
                "CFItemURI": {"identifier": "a"},
                "CFRubricCriterionLevels": [
                    level("low", 0),
                    level("mid", 10**400),
                    level("top", 5),
                    level("odd", float("nan")),
                ],
            }
        ],
    }
    read = read_case(package(CFRubrics=[rubric]))
    assert read.scale("cert").levels == ("low", "mid", "odd", "top")


@pytest.mark.parametrize("number", ["9" * 5000, 1e300, "\u0661"])
def test_a_sequence_number_that_is_no_small_integer_is_noted_and_ignored(number):
    associations = [
        {
            **association("isChildOf", {"identifier": "a"}, {"identifier": "d"}),
            "sequenceNumber": number,
        }
    ]
    read = read_case_with_notes(package(CFAssociations=associations))
    assert "not an integer; ignored" in "\n".join(str(n) for n in read.ignored)
