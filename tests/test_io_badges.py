"""Open Badges 3.0 achievements and unsigned credentials."""

from __future__ import annotations

import datetime as dt

import pytest

from larande import (
    Competency,
    Framework,
    Goal,
    GoalGraph,
    Level,
    ObjectiveAchieved,
    ValidationError,
)
from larande.datasets import load_demo
from larande.io.badges import CONTEXT, achievement, credential

ISSUER = "https://alvby.example/learning"


def test_an_achievement_names_the_competency_and_its_level_label():
    fw = load_demo().org.framework
    badge = achievement("cpr", 1, fw, issuer=ISSUER)
    assert badge["name"] == "CPR (HLR): certified"
    assert badge["type"] == ["Achievement"]
    assert "alignment" not in badge


def test_an_achievement_aligns_to_the_case_item_when_the_competency_has_a_uri():
    """A framework read from CASE keeps each item's URI; the badge aligns to it."""
    aligned = Framework([Competency("cpr", "CPR", uri="https://case.example/CFItems/cpr")])
    alignment = achievement("cpr", 2, aligned, issuer=ISSUER)["alignment"][0]
    assert alignment["targetUrl"] == "https://case.example/CFItems/cpr"
    assert alignment["targetCode"] == "cpr"


def test_a_credential_for_a_reached_objective_is_an_unsigned_open_badge_credential():
    demo = load_demo()
    reached = next(e for e in demo.events if isinstance(e, ObjectiveAchieved))
    found = credential(reached, demo.goals, demo.org.framework, issuer=ISSUER)
    assert found["@context"] == list(CONTEXT)
    assert found["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert found["validFrom"] == f"{reached.on.isoformat()}T00:00:00Z"
    assert found["credentialSubject"]["type"] == ["AchievementSubject"]
    assert "proof" not in found


def test_the_same_event_gives_the_same_credential():
    demo = load_demo()
    reached = next(e for e in demo.events if isinstance(e, ObjectiveAchieved))
    one = credential(reached, demo.goals, demo.org.framework, issuer=ISSUER)
    assert one == credential(reached, demo.goals, demo.org.framework, issuer=ISSUER)


def test_a_goal_that_is_not_an_objective_gets_no_credential():
    demo = load_demo()
    wrong = ObjectiveAchieved("x", "xin.li", "it-release-time", dt.date(2026, 4, 1))
    with pytest.raises(ValidationError, match="not an individual objective"):
        credential(wrong, demo.goals, demo.org.framework, issuer=ISSUER)


def test_an_issuer_needs_an_id():
    with pytest.raises(ValidationError) as err:
        achievement("cpr", 1, load_demo().org.framework, issuer={"name": "Älvby"})
    assert err.value.path == "issuer.id"


FW = Framework(
    [
        Competency("cpr", "CPR", validity=dt.timedelta(days=365)),
        Competency("care", "Care"),
    ]
)
OBJECTIVE = Goal(
    "obj:anna:cpr",
    "Anna: CPR",
    Level.INDIVIDUAL,
    owner="anna",
    competencies={"cpr"},
    target_level=2,
)
REACHED = ObjectiveAchieved("oa-1", "anna", "obj:anna:cpr", dt.date(2026, 3, 27))


def test_a_credential_for_an_expiring_competency_is_valid_until_it_expires():
    found = credential(REACHED, OBJECTIVE, FW, issuer=ISSUER)
    assert found["validUntil"] == "2027-03-27T00:00:00Z"
    assert found["credentialSubject"]["result"][0]["achievedLevel"].startswith("urn:uuid:")


def test_the_recipient_is_the_person_id_unless_a_uri_is_given():
    anonymous = credential(REACHED, OBJECTIVE, FW, issuer=ISSUER)["credentialSubject"]
    named = credential(REACHED, OBJECTIVE, FW, issuer=ISSUER, recipient="did:example:anna")
    assert anonymous["identifier"][0]["identityHash"] == "anna"
    assert named["credentialSubject"]["id"] == "did:example:anna"


def test_an_objective_of_several_competencies_is_its_own_achievement():
    broad = Goal(
        "obj:anna:both",
        "Anna: safe care",
        Level.INDIVIDUAL,
        owner="anna",
        competencies={"cpr", "care"},
    )
    reached = ObjectiveAchieved("oa-2", "anna", "obj:anna:both", dt.date(2026, 5, 4))
    badge = credential(reached, broad, FW, issuer=ISSUER)["credentialSubject"]["achievement"]
    assert badge["name"] == "Anna: safe care"
    assert "validUntil" not in credential(reached, broad, FW, issuer=ISSUER)


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: achievement("cpr", 1, "not a framework", issuer=ISSUER), "framework"),
        (lambda: achievement("first-aid", 1, FW, issuer=ISSUER), "competency"),
        (lambda: achievement("cpr", 9, FW, issuer=ISSUER), "level"),
        (lambda: achievement("cpr", 1, FW, issuer=ISSUER, narrative=3), "narrative"),
        (lambda: achievement("cpr", 1, FW, issuer=42), "issuer"),
        (lambda: achievement("cpr", 1, FW, issuer="not a uri"), "issuer"),
        (lambda: credential("oa-1", OBJECTIVE, FW, issuer=ISSUER), "achieved"),
        (lambda: credential(REACHED, "obj:anna:cpr", FW, issuer=ISSUER), "goal"),
        (lambda: credential(REACHED, GoalGraph(), FW, issuer=ISSUER), "achieved.objective"),
        (
            lambda: credential(
                ObjectiveAchieved("oa-3", "bo", "obj:anna:cpr", dt.date(2026, 3, 27)),
                OBJECTIVE,
                FW,
                issuer=ISSUER,
            ),
            "achieved.person",
        ),
        (
            lambda: credential(
                ObjectiveAchieved("oa-4", "anna", "obj:anna:other", dt.date(2026, 3, 27)),
                OBJECTIVE,
                FW,
                issuer=ISSUER,
            ),
            "goal",
        ),
        (lambda: credential(REACHED, OBJECTIVE, FW, issuer=ISSUER, recipient="anna"), "recipient"),
        (
            lambda: credential(
                REACHED, OBJECTIVE, Framework([Competency("care", "Care")]), issuer=ISSUER
            ),
            "goal.competencies",
        ),
    ],
)
def test_bad_input_is_a_validation_error_naming_the_argument(call, path):
    with pytest.raises(ValidationError) as err:
        call()
    assert err.value.path == path
