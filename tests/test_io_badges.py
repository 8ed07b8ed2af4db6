"""Open Badges 3.0 achievements and unsigned credentials."""

from __future__ import annotations

import datetime as dt

import pytest

from larande import ObjectiveAchieved, ValidationError
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
    from larande import Competency, Framework

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
