"""Open Badges 3.0: achievements for competency levels, credentials for objectives reached.

:func:`achievement` describes a competency at a level of its scale as an Open Badges 3.0
``Achievement``, aligned to the CASE item the competency came from when it has a ``uri``
(see :mod:`larande.io.case`). :func:`credential` makes an ``OpenBadgeCredential`` saying
that a person reached an individual objective.

The credential is **unsigned**: it has no ``proof``. A verifiable credential needs one, and
signing (a Data Integrity proof or a VC-JWT) is the issuing host's job, with its own keys;
larande never holds keys. Both functions return JSON-ready dicts, deterministically: ids are
UUIDs derived from the inputs, and dates come from the event, never from the clock.

>>> from larande import Competency, Framework
>>> fw = Framework([Competency("cpr", "CPR (HLR)", uri="https://case.example/CFItems/1")])
>>> badge = achievement("cpr", 1, fw, issuer="https://alvby.example")
>>> badge["type"], badge["name"], badge["alignment"][0]["targetUrl"]
(['Achievement'], 'CPR (HLR): basic', 'https://case.example/CFItems/1')
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from larande import _check as check
from larande.competence import Framework
from larande.exceptions import UnknownIdError, ValidationError
from larande.followup import ObjectiveAchieved
from larande.goals import Goal, GoalGraph, Level

__all__ = ["CONTEXT", "NAMESPACE", "SCHEMA", "UNSAFE_SCHEMES", "achievement", "credential"]

CONTEXT = (
    "https://www.w3.org/ns/credentials/v2",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
)
"""The JSON-LD contexts of an Open Badges 3.0 credential (Verifiable Credentials 2.0)."""

NAMESPACE = uuid.UUID("1b8b6e0a-4d6f-5b7e-8a3c-6261646765ff")
"""The UUID namespace in which achievement and credential ids are derived (version 5)."""

_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f-\x9f\ud800-\udfff]+")

UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data"})
"""URI schemes refused wherever a badge holds a link: a wallet or a page that follows one
runs or shows what it holds. (An ``image`` may still be a ``data:image/png;base64,...``.)"""

SCHEMA = (
    "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
)
"""The JSON Schema a credential names in its ``credentialSchema``, as 1EdTech's own do."""

_IMAGE_DATA = re.compile(r"data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=]+")
_PROFILE_TEXT = ("name", "email", "phone", "description")
_EVIDENCE_TEXT = ("name", "description", "narrative", "genre", "audience")


def _urn(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, json.dumps(parts))}"


def _is_uri(value: object) -> bool:
    """An absolute URI, without spaces or control characters, whose scheme is safe."""
    return (
        isinstance(value, str)
        and _URI.fullmatch(value) is not None
        and value.split(":", 1)[0].lower() not in UNSAFE_SCHEMES
    )


def _uri(value: object, path: str, what: str = "a URI") -> str:
    if not _is_uri(value):
        raise ValidationError(
            f"expected {what} (an absolute URI, not javascript:, vbscript: or data:), "
            f"got {check.describe(value)}",
            path=path,
        )
    assert isinstance(value, str)  # for the type checker: _is_uri says so
    return value


def _plain(value: object, path: str, *, lines: bool = False) -> str:
    """A text field: a str without control characters (line breaks allowed with lines)."""
    allowed = "\n\t" if lines else ""
    if not isinstance(value, str) or any(
        (ord(c) < 0x20 and c not in allowed) or 0x7F <= ord(c) < 0xA0 or 0xD800 <= ord(c) < 0xE000
        for c in value
    ):
        raise ValidationError(
            f"expected a str without control characters, got {check.describe(value)}",
            path=path,
        )
    return value


def _image(value: object, path: str) -> dict[str, Any]:
    """An ``Image`` object (as the schema wants it) from a URI, or from an Image dict."""
    if not isinstance(value, Mapping):
        return {"id": _image_id(value, path), "type": "Image"}
    unknown = sorted(set(value) - {"id", "type", "caption"}, key=str)
    if unknown:
        raise ValidationError(
            f"unknown fields {unknown}; an Image has id, type and caption", path=path
        )
    if value.get("type", "Image") != "Image":
        raise ValidationError(
            f"expected the type 'Image', got {check.describe(value.get('type'))}",
            path=f"{path}.type",
        )
    found: dict[str, Any] = {"id": _image_id(value.get("id"), f"{path}.id"), "type": "Image"}
    if "caption" in value:
        found["caption"] = _plain(value["caption"], f"{path}.caption")
    return found


def _image_id(value: object, path: str) -> str:
    if isinstance(value, str) and _IMAGE_DATA.fullmatch(value):
        return value
    return _uri(value, path, "an image URI, or a base64 PNG, JPEG, GIF or WebP data URI")


def _profile(issuer: object) -> dict[str, Any]:
    """An issuer ``Profile`` from a URI, or from a dict whose every field is checked.

    Only the fields below are taken, each checked, and the profile is built anew: nothing
    of the dict is copied as it is.
    """
    if isinstance(issuer, str):
        return {"id": _uri(issuer, "issuer", "the issuer's URI"), "type": ["Profile"]}
    if not isinstance(issuer, Mapping):
        raise ValidationError(
            f"expected an issuer URI or a profile dict with an id, got {check.describe(issuer)}",
            path="issuer",
        )
    known = {"id", "type", "url", "image", *_PROFILE_TEXT}
    unknown = sorted(set(issuer) - known, key=str)
    if unknown:
        raise ValidationError(
            f"unknown profile fields {unknown}; expected some of {sorted(known)}",
            path=f"issuer.{unknown[0]}",
        )
    kind = issuer.get("type", ["Profile"])
    if kind != "Profile" and kind != ["Profile"]:
        raise ValidationError(
            f"expected the type ['Profile'], got {check.describe(kind)}", path="issuer.type"
        )
    found: dict[str, Any] = {"id": _uri(issuer.get("id"), "issuer.id", "the issuer's id")}
    found["type"] = ["Profile"]
    for field in _PROFILE_TEXT:
        if field in issuer:
            found[field] = _plain(issuer[field], f"issuer.{field}", lines=field == "description")
    if "url" in issuer:
        found["url"] = _uri(issuer["url"], "issuer.url", "the issuer's web address")
    if "image" in issuer:
        found["image"] = _image(issuer["image"], "issuer.image")
    return found


def _evidence(evidence: object) -> list[dict[str, Any]]:
    """Evidence entries: URIs, or dicts of the Evidence fields, each checked."""
    if isinstance(evidence, str | bytes | Mapping) or not isinstance(evidence, Iterable):
        raise ValidationError(
            f"expected a list of evidence (URIs or dicts), got {check.describe(evidence)}",
            path="evidence",
        )
    found = []
    for i, entry in enumerate(evidence):
        at = f"evidence[{i}]"
        if isinstance(entry, str):
            found.append({"id": _uri(entry, at, "an evidence URI"), "type": ["Evidence"]})
            continue
        if not isinstance(entry, Mapping):
            raise ValidationError(
                f"expected a URI or a dict of Evidence fields, got {check.describe(entry)}",
                path=at,
            )
        known = {"id", "type", *_EVIDENCE_TEXT}
        unknown = sorted(set(entry) - known, key=str)
        if unknown:
            raise ValidationError(
                f"unknown evidence fields {unknown}; expected some of {sorted(known)}",
                path=f"{at}.{unknown[0]}",
            )
        if entry.get("type", ["Evidence"]) not in ("Evidence", ["Evidence"]):
            got = check.describe(entry.get("type"))
            raise ValidationError(f"expected the type ['Evidence'], got {got}", path=f"{at}.type")
        item: dict[str, Any] = {}
        if "id" in entry:
            item["id"] = _uri(entry["id"], f"{at}.id", "an evidence URI")
        item["type"] = ["Evidence"]
        for field in _EVIDENCE_TEXT:
            if field in entry:
                item[field] = _plain(entry[field], f"{at}.{field}", lines=field == "narrative")
        found.append(item)
    return found


def _midnight(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def achievement(
    competency: str,
    level: int,
    framework: Framework,
    *,
    issuer: str | Mapping[str, Any],
    narrative: str | None = None,
) -> dict[str, Any]:
    """An Open Badges ``Achievement``: ``competency`` shown at ``level`` of its scale.

    Args:
        competency: the competency's id in ``framework``.
        level: the level reached, an index into the competency's scale.
        framework: where the competency and its scale are.
        issuer: the issuing organisation: its URI, or an Open Badges ``Profile`` as a dict
            with an ``id`` URI (and a ``name``, ``url``, ``email``... as you like).
        narrative: the criteria, in your words (a host's own language); by default an
            English sentence naming the competency and the level.

    The achievement has the ``achievementType`` ``Competency``, the competency's id as its
    ``humanCode``, and a ``resultDescription`` listing the scale's levels with the one
    required. With a ``uri`` on the competency (a framework read from CASE), it is aligned to
    that CASE item (``targetType`` ``CFItem``). Its ``id`` is derived from the issuer, the
    competency (its ``uri`` when it has one) and the level, so the same badge keeps its id.

    Raises:
        ValidationError: an unknown competency (an :class:`~larande.UnknownIdError`), a
            level outside its scale (path ``"level"``), an issuer without a URI.

    >>> from larande import Competency, Framework
    >>> badge = achievement("care", 3, Framework([Competency("care", "Care")]),
    ...                     issuer={"id": "https://alvby.example", "name": "Älvby"})
    >>> badge["name"], badge["description"]
    ('Care: advanced', 'Care, level advanced (3 of 4).')
    >>> badge["criteria"]["narrative"]
    'Assessed at level 3 (advanced) or higher in Care, on a scale from 0 (none) to 4 (expert).'
    >>> [lvl["name"] for lvl in badge["resultDescription"][0]["rubricCriterionLevel"]]
    ['none', 'basic', 'intermediate', 'advanced', 'expert']
    """
    given: object = framework  # typed loosely: callers may pass anything
    if not isinstance(given, Framework):
        got = check.describe(given)
        raise ValidationError(f"expected a Framework, got {got}", path="framework")
    try:
        comp = framework.competency(competency)
    except ValidationError as err:
        raise err.at("competency") from None
    scale = framework.scale(comp.scale)
    try:
        label = scale.label(level)
    except ValidationError as err:
        raise err.at("level") from None
    told: object = narrative
    if told is not None and not isinstance(told, str):
        got = check.describe(told)
        raise ValidationError(f"expected a str or None, got {got}", path="narrative")
    profile = _profile(issuer)
    name = comp.name or comp.id
    key = comp.uri or comp.id
    result = _urn("result", profile["id"], key, scale.id)
    levels = [
        {
            "id": _urn("level", profile["id"], key, scale.id, str(n)),
            "type": ["RubricCriterionLevel"],
            "name": text,
            "level": str(n),
        }
        for n, text in enumerate(scale.levels)
    ]
    found: dict[str, Any] = {
        "id": _urn("achievement", profile["id"], key, str(level)),
        "type": ["Achievement"],
        "achievementType": "Competency",
        "name": f"{name}: {label}",
        "description": f"{name}, level {label} ({level} of {scale.top}).",
        "criteria": {
            "narrative": narrative
            if narrative is not None
            else f"Assessed at level {level} ({label}) or higher in {name}, on a scale from "
            f"0 ({scale.levels[0]}) to {scale.top} ({scale.levels[-1]})."
        },
        "humanCode": comp.id,
        "creator": profile,
        "resultDescription": [
            {
                "id": result,
                "type": ["ResultDescription"],
                "name": f"Level of {name}",
                "resultType": "RubricCriterionLevel",
                "rubricCriterionLevel": levels,
                "requiredLevel": levels[level]["id"],
            }
        ],
    }
    if comp.uri is not None and comp.uri.split(":", 1)[0].strip().lower() in UNSAFE_SCHEMES:
        raise ValidationError(
            f"competency {comp.id!r} has the uri {check.describe(comp.uri)}; a badge never "
            "links to a javascript:, vbscript: or data: URI",
            path="competency",
        )
    if _is_uri(comp.uri):
        found["alignment"] = [
            {
                "type": ["Alignment"],
                "targetName": name,
                "targetUrl": comp.uri,
                "targetCode": comp.id,
                "targetType": "CFItem",
            }
        ]
    return found


def credential(
    achieved: ObjectiveAchieved,
    goal: Goal | GoalGraph,
    framework: Framework,
    *,
    issuer: str | Mapping[str, Any],
    recipient: str | None = None,
    narrative: str | None = None,
    evidence: Iterable[str | Mapping[str, Any]] = (),
) -> dict[str, Any]:
    """An unsigned ``OpenBadgeCredential``: a person reached an individual objective.

    Args:
        achieved: the event saying the person reached the objective.
        goal: the objective (an ``INDIVIDUAL`` goal), or the :class:`~larande.GoalGraph`
            that holds it.
        framework: where the objective's competency and its scale are.
        issuer: the issuing organisation's URI, or its ``Profile`` dict (see
            :func:`achievement`).
        recipient: the person as a URI the wallet knows (a DID, a ``mailto:`` URI). Without
            it the subject is identified by the person's id in your system (an
            ``IdentityObject`` of type ``sourcedId``, not hashed).
        narrative: passed on to :func:`achievement`.
        evidence: what shows the objective was reached, as Open Badges ``Evidence``: a URI
            (a portfolio page, an assessment record), or a dict of ``id`` (a URI),
            ``name``, ``description``, ``narrative``, ``genre`` and ``audience``.

    The achievement is the objective's competency at its target level (when the objective
    develops exactly one competency to a target level, as
    :meth:`~larande.GoalGraph.add_objectives` makes them), with the level in the subject's
    ``result``; otherwise an achievement for the objective itself, named by its title.
    ``validFrom`` and ``awardedDate`` are midnight (UTC) of the day the objective was
    reached, and a competency with a ``validity`` (a CPR certificate) gives a
    ``validUntil`` that much later. Like 1EdTech's reference credentials, it names its JSON
    Schema in ``credentialSchema`` (:data:`SCHEMA`). There is no ``proof``: sign the
    credential in the host before issuing it.

    Every link is checked: the issuer's ``id`` and ``url``, the recipient, evidence and the
    alignment to a CASE item are absolute URIs, never ``javascript:``, ``vbscript:`` or
    ``data:``; an issuer given as a dict is rebuilt from the Profile fields it may hold
    (``id``, ``type``, ``name``, ``url``, ``email``, ``phone``, ``description``, ``image``),
    each checked, and any other field is refused.

    Raises:
        ValidationError: ``goal`` is not the event's objective, or not an individual
            objective, or belongs to someone else; an unknown competency; an issuer or
            recipient that is not a safe URI; an unknown or malformed issuer field or evidence
            entry. The ``path`` names the argument.

    >>> import datetime as dt
    >>> from larande import Competency, Framework, Goal, Level, ObjectiveAchieved
    >>> fw = Framework([Competency("cpr", "CPR")])
    >>> goal = Goal("obj:anna:cpr", "Anna: CPR to level 2", Level.INDIVIDUAL, owner="anna",
    ...             competencies={"cpr"}, target_level=2)
    >>> event = ObjectiveAchieved("oa-1", "anna", "obj:anna:cpr", dt.date(2026, 3, 27))
    >>> vc = credential(event, goal, fw, issuer="https://alvby.example")
    >>> vc["type"], vc["validFrom"], "proof" in vc
    (['VerifiableCredential', 'OpenBadgeCredential'], '2026-03-27T00:00:00Z', False)
    >>> vc["credentialSubject"]["achievement"]["name"]
    'CPR: intermediate'
    """
    event: object = achieved  # typed loosely: callers may pass anything
    if not isinstance(event, ObjectiveAchieved):
        got = check.describe(event)
        raise ValidationError(f"expected an ObjectiveAchieved, got {got}", path="achieved")
    if isinstance(goal, GoalGraph):
        try:
            goal = goal.goal(achieved.objective)
        except ValidationError as err:
            raise err.at("achieved.objective") from None
    elif not isinstance(goal, Goal):
        got = check.describe(goal)  # type: ignore[unreachable]  # callers may pass anything
        raise ValidationError(f"expected a Goal or a GoalGraph, got {got}", path="goal")
    elif goal.id != achieved.objective:
        raise ValidationError(
            f"goal {goal.id!r} is not the objective {achieved.objective!r} that was reached",
            path="goal",
        )
    if goal.level is not Level.INDIVIDUAL:
        raise ValidationError(
            f"goal {goal.id!r} is a {goal.level.name.lower()} goal, not an individual objective",
            path="goal",
        )
    if goal.owner != achieved.person:
        raise ValidationError(
            f"objective {goal.id!r} is {goal.owner!r}'s, not {achieved.person!r}'s",
            path="achieved.person",
        )
    if recipient is not None:
        _uri(recipient, "recipient", "the recipient's URI (a DID, a mailto: URI) or None")
    profile = _profile(issuer)
    shown = _evidence(evidence)
    subject: dict[str, Any] = (
        {"id": recipient}
        if recipient is not None
        else {
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityHash": achieved.person,
                    "hashed": False,
                    "identityType": "sourcedId",
                }
            ]
        }
    )
    subject["type"] = ["AchievementSubject"]
    valid_until = None
    if len(goal.competencies) == 1 and goal.target_level is not None:
        (competency,) = goal.competencies
        if competency not in framework:
            raise UnknownIdError(
                "competency", competency, path="goal.competencies", referrer=f"goal {goal.id!r}"
            )
        try:
            badge = achievement(
                competency, goal.target_level, framework, issuer=profile, narrative=narrative
            )
        except ValidationError as err:
            raise err.at("goal.target_level" if err.path == "level" else "") from None
        rubric = badge["resultDescription"][0]
        subject["achievement"] = badge
        subject["result"] = [
            {
                "type": ["Result"],
                "resultDescription": rubric["id"],
                "achievedLevel": rubric["requiredLevel"],
            }
        ]
        validity = framework.competency(competency).validity
        if validity is not None:
            valid_until = _midnight(achieved.on + validity)
    else:
        subject["achievement"] = badge = {
            "id": _urn("objective", profile["id"], goal.id),
            "type": ["Achievement"],
            "achievementType": "Competency",
            "name": goal.title or goal.id,
            "description": f"The learning objective {goal.title or goal.id}.",
            "criteria": {"narrative": narrative or f"Reached the objective {goal.title}."},
            "creator": profile,
        }
    found: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": _urn("credential", profile["id"], achieved.id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": profile,
        "validFrom": _midnight(achieved.on),
        "awardedDate": _midnight(achieved.on),
        "name": badge["name"],
        "description": badge["description"],
        "credentialSubject": subject,
        "credentialSchema": [{"id": SCHEMA, "type": "1EdTechJsonSchemaValidator2019"}],
    }
    if valid_until is not None:
        found["validUntil"] = valid_until
    if shown:
        found["evidence"] = shown
    return found
