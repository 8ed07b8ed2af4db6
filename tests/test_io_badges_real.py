"""Open Badges as 1EdTech's reference credentials have them, and no link a wallet should fear."""

from __future__ import annotations

import datetime as dt

import pytest

from larande import Competency, Framework, Goal, Level, ObjectiveAchieved, ValidationError
from larande.io.badges import SCHEMA, achievement, credential

ISSUER = "https://alvby.example/learning"
FW = Framework([Competency("cpr", "CPR", validity=dt.timedelta(days=365))])
OBJECTIVE = Goal(
    "obj:anna:cpr",
    "Anna: CPR",
    Level.INDIVIDUAL,
    owner="anna",
    competencies={"cpr"},
    target_level=2,
)
REACHED = ObjectiveAchieved("oa-1", "anna", "obj:anna:cpr", dt.date(2026, 3, 27))


def vc(**kwargs):
    kwargs.setdefault("issuer", ISSUER)
    return credential(REACHED, OBJECTIVE, FW, **kwargs)


# -- what the reference credentials carry ----------------------------------------------------


def test_a_credential_says_when_it_was_awarded():
    assert vc()["awardedDate"] == "2026-03-27T00:00:00Z"


def test_a_credential_names_the_open_badges_schema_it_follows():
    assert vc()["credentialSchema"] == [{"id": SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}]


def test_evidence_is_written_as_open_badges_evidence():
    found = vc(
        evidence=[
            "https://lms.alvby.example/records/4711",
            {
                "id": "https://lms.alvby.example/records/4712",
                "name": "HLR practical test",
                "narrative": "Passed the practical test\nwith an observer.",
                "genre": "Assessment",
                "audience": "Unit manager",
            },
        ]
    )
    assert found["evidence"] == [
        {"id": "https://lms.alvby.example/records/4711", "type": ["Evidence"]},
        {
            "id": "https://lms.alvby.example/records/4712",
            "type": ["Evidence"],
            "name": "HLR practical test",
            "narrative": "Passed the practical test\nwith an observer.",
            "genre": "Assessment",
            "audience": "Unit manager",
        },
    ]


def test_a_credential_without_evidence_has_no_evidence_field():
    assert "evidence" not in vc()


def test_an_issuer_dict_is_rebuilt_from_the_profile_fields_it_holds():
    issuer = {
        "id": "https://alvby.example",
        "name": "Älvby kommun",
        "url": "https://www.alvby.example",
        "email": "larande@alvby.example",
        "image": {"id": "https://alvby.example/logo.png", "type": "Image", "caption": "Logo"},
    }
    assert vc(issuer=issuer)["issuer"] == {
        "id": "https://alvby.example",
        "type": ["Profile"],
        "name": "Älvby kommun",
        "email": "larande@alvby.example",
        "url": "https://www.alvby.example",
        "image": {"id": "https://alvby.example/logo.png", "type": "Image", "caption": "Logo"},
    }


def test_an_issuer_image_may_be_an_embedded_png():
    png = "data:image/png;base64,iVBORw0KGgo="
    assert vc(issuer={"id": ISSUER, "image": png})["issuer"]["image"] == {
        "id": png,
        "type": "Image",
    }


# -- no link a reader should fear ---------------------------------------------------------

UNSAFE = [
    "javascript:alert(document.cookie)",
    "JavaScript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "https://ok.example/\x00",
    "https://ok.example/\nSet-Cookie:x",
]


@pytest.mark.parametrize("uri", UNSAFE)
@pytest.mark.parametrize(
    ("place", "path"),
    [
        (lambda uri: vc(issuer=uri), "issuer"),
        (lambda uri: vc(issuer={"id": uri}), "issuer.id"),
        (lambda uri: vc(issuer={"id": ISSUER, "url": uri}), "issuer.url"),
        (lambda uri: vc(issuer={"id": ISSUER, "image": uri}), "issuer.image"),
        (lambda uri: vc(recipient=uri), "recipient"),
        (lambda uri: vc(evidence=[uri]), "evidence[0]"),
        (lambda uri: vc(evidence=[{"id": uri}]), "evidence[0].id"),
    ],
    ids=[
        "issuer",
        "issuer.id",
        "issuer.url",
        "issuer.image",
        "recipient",
        "evidence",
        "evidence.id",
    ],
)
def test_an_unsafe_uri_is_refused_wherever_a_link_goes(place, path, uri):
    with pytest.raises(ValidationError) as err:
        place(uri)
    assert err.value.path == path


@pytest.mark.parametrize("uri", UNSAFE[:4])
def test_an_alignment_url_with_an_unsafe_scheme_is_refused(uri):
    """A Competency.uri read from a CASE package is data from elsewhere, checked too."""
    fw = Framework([Competency("cpr", "CPR", uri=uri)])
    with pytest.raises(ValidationError) as err:
        achievement("cpr", 1, fw, issuer=ISSUER)
    assert err.value.path == "competency"


@pytest.mark.parametrize(
    ("issuer", "path"),
    [
        ({"id": ISSUER, "@context": ["https://evil.example/ctx"]}, "issuer.@context"),
        ({"id": ISSUER, "proof": {"type": "DataIntegrityProof"}}, "issuer.proof"),
        ({"id": ISSUER, "type": ["Profile", "Evil"]}, "issuer.type"),
        ({"id": ISSUER, "name": "Älvby\r\nX-Header: 1"}, "issuer.name"),
        ({"id": ISSUER, "name": ["a list"]}, "issuer.name"),
        ({"id": ISSUER, "image": {"id": ISSUER, "onload": "x"}}, "issuer.image"),
        ({"id": ISSUER, 3: "x"}, "issuer.3"),
    ],
)
def test_an_issuer_dict_is_validated_never_copied(issuer, path):
    with pytest.raises(ValidationError) as err:
        vc(issuer=issuer)
    assert err.value.path == path


@pytest.mark.parametrize(
    ("evidence", "path"),
    [
        ("https://one.example", "evidence"),
        ([42], "evidence[0]"),
        ([{"id": "https://ok.example", "script": "x"}], "evidence[0].script"),
        ([{"type": "Proof"}], "evidence[0].type"),
        ([{"name": "a\x07b"}], "evidence[0].name"),
    ],
)
def test_evidence_is_validated_never_copied(evidence, path):
    with pytest.raises(ValidationError) as err:
        vc(evidence=evidence)
    assert err.value.path == path


def test_a_recipient_may_be_a_did_or_a_mailto_uri():
    found = [
        vc(recipient=r)["credentialSubject"]["id"]
        for r in ("did:example:anna", "mailto:anna@alvby.example")
    ]
    assert found == ["did:example:anna", "mailto:anna@alvby.example"]
