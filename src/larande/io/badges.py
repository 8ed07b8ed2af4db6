"""Open Badges 3.0: achievements for competency levels, credentials for objectives reached.

:func:`achievement` describes a competency at a level as an Open Badges ``Achievement``,
aligned to the CASE item when the competency came from CASE (its ``uri``).
:func:`credential` makes an *unsigned* ``OpenBadgeCredential`` for an individual objective a
person reached: signing it (a proof) is the issuing host's job, with its own keys. Both are
JSON-ready dicts, deterministic: ids derive from the inputs, dates from the event.

>>> import datetime as dt
>>> from larande import Competency, Framework
>>> fw = Framework([Competency("cpr", "CPR (HLR)", uri="https://case.example/CFItems/1")])
>>> badge = achievement("cpr", 1, fw, issuer="https://alvby.example")
>>> badge["type"], badge["alignment"][0]["targetUrl"]
(['Achievement'], 'https://case.example/CFItems/1')
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from larande import _check as check
from larande.competence import Framework
from larande.exceptions import ValidationError
from larande.followup import ObjectiveAchieved
from larande.goals import GoalGraph, Level

__all__ = ["CONTEXT", "achievement", "credential"]

CONTEXT = (
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
)
"""The JSON-LD contexts of an Open Badges 3.0 credential."""

_NAMESPACE = uuid.UUID("1b8b6e0a-4d6f-5b7e-8a3c-6261646765ff")


def _urn(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, chr(31).join(parts))}"


def _issuer(issuer: object) -> dict[str, Any]:
    if isinstance(issuer, str) and issuer:
        return {"id": issuer, "type": ["Profile"], "name": issuer}
    if isinstance(issuer, dict) and isinstance(issuer.get("id"), str):
        return {"type": ["Profile"], **issuer}
    raise ValidationError(
        f"expected an issuer URL or a profile dict with an id, got {check.describe(issuer)}",
        path="issuer",
    )


def achievement(
    competency: str, level: int, framework: Framework, *, issuer: str | dict[str, Any]
) -> dict[str, Any]:
    """An Open Badges ``Achievement``: ``competency`` shown at ``level`` (its scale's label).

    With a ``uri`` on the competency (a framework read from CASE), the achievement is
    aligned to that CASE item.
    """
    if not isinstance(framework, Framework):
        raise ValidationError(
            f"expected a Framework, got {check.describe(framework)}", path="framework"
        )
    comp = framework.competency(competency)
    scale = framework.scale_of(competency)
    label = scale.label(level)
    profile = _issuer(issuer)
    found: dict[str, Any] = {
        "id": _urn("achievement", profile["id"], comp.id, str(level)),
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": f"{comp.name}: {label}",
        "description": f"Shows {comp.name} at the level {label!r} ({level} of {scale.top}).",
        "criteria": {"narrative": f"Assessed at level {level} ({label}) or above in {comp.name}."},
        "creator": profile,
    }
    if comp.uri is not None:
        found["alignment"] = [
            {
                "type": ["Alignment"],
                "targetName": comp.name,
                "targetUrl": comp.uri,
                "targetCode": comp.id,
                "targetType": "CFItem",
            }
        ]
    return found


def credential(
    achieved: ObjectiveAchieved,
    goals: GoalGraph,
    framework: Framework,
    *,
    issuer: str | dict[str, Any],
    recipient: str | None = None,
) -> dict[str, Any]:
    """An unsigned ``OpenBadgeCredential`` for an individual objective a person reached.

    The achievement is the objective's competency at its target level (when the objective
    names exactly one competency and a target level), else the objective itself. The
    subject is ``recipient`` (a DID, an email URI...), by default a URN of the person's id;
    ``validFrom`` is the day the objective was reached.
    """
    if not isinstance(achieved, ObjectiveAchieved):
        raise ValidationError(
            f"expected an ObjectiveAchieved, got {check.describe(achieved)}", path="achieved"
        )
    if not isinstance(goals, GoalGraph):
        raise ValidationError(f"expected a GoalGraph, got {check.describe(goals)}", path="goals")
    goal = goals.goal(achieved.objective)
    if goal.level is not Level.INDIVIDUAL:
        raise ValidationError(
            f"goal {goal.id!r} is a {goal.level.name.lower()} goal, not an individual objective",
            path="achieved.objective",
        )
    profile = _issuer(issuer)
    if len(goal.competencies) == 1 and goal.target_level is not None:
        (competency,) = goal.competencies
        badge = achievement(competency, goal.target_level, framework, issuer=profile)
    else:
        badge = {
            "id": _urn("objective", profile["id"], goal.id),
            "type": ["Achievement"],
            "achievementType": "Competency",
            "name": goal.title,
            "description": goal.title,
            "criteria": {"narrative": f"Reached the learning objective {goal.title!r}."},
            "creator": profile,
        }
    valid_from = dt.datetime.combine(achieved.on, dt.time(), dt.UTC)
    return {
        "@context": list(CONTEXT),
        "id": _urn("credential", profile["id"], achieved.id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": profile,
        "validFrom": valid_from.isoformat().replace("+00:00", "Z"),
        "name": badge["name"],
        "credentialSubject": {
            "id": recipient or f"urn:larande:person:{achieved.person}",
            "type": ["AchievementSubject"],
            "achievement": badge,
        },
    }
