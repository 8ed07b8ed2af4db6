"""xAPI statements in: completions as follow-up events, test results as signals.

:func:`ingest` reads xAPI 1.0.3 and 2.0 statements (parsed dicts, or JSON text of a list)
from a learning record store and returns an :class:`Ingest`: :class:`~larande.ActivityCompleted`
events for completed, passed and failed statements (with ``passed`` and a scaled ``score``),
:class:`~larande.Retracted` events for voiding statements, ``TEST_RESULT``
:class:`~larande.Signal` records where ``competencies`` says what an activity tests, and a
:class:`Rejected` entry for every statement it could not use, with the reason: nothing is
dropped silently, and one bad statement loses nothing else in the batch.

Actors are matched through ``people``, keyed by the actor's identifier written as
``"mailto:anna@alvby.example"``, ``"sha1:<mbox_sha1sum>"``, ``"openid:<url>"`` or
``"account:<homePage>|<name>"``; activities through ``activities``, keyed by the object's
IRI. Timestamps become days in ``tz`` (Europe/Stockholm by default); a timestamp without an
offset is read as UTC.

>>> statement = {
...     "id": "6a1c2f7e-0d0b-4e0a-9a55-1f6f1d2b7c01",
...     "actor": {"mbox": "mailto:xin.li@alvby.example"},
...     "verb": {"id": "http://adlnet.gov/expapi/verbs/passed"},
...     "object": {"id": "https://lms.alvby.example/courses/devops-workshop"},
...     "result": {"score": {"scaled": 0.85}, "success": True},
...     "timestamp": "2026-02-18T15:30:00+01:00",
... }
>>> found = ingest([statement], people={"mailto:xin.li@alvby.example": "xin.li"},
...                activities={"https://lms.alvby.example/courses/devops-workshop":
...                            "devops-workshop"})
>>> found.events
(ActivityCompleted(id='6a1c2f7e-0d0b-4e0a-9a55-1f6f1d2b7c01', person='xin.li', activity='devops-workshop', on=datetime.date(2026, 2, 18), score=0.85, passed=True),)
"""  # noqa: E501

from __future__ import annotations

import datetime as dt
import enum
import hashlib
import json as _json
import re
import uuid
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from larande import _check as check
from larande.exceptions import ValidationError
from larande.followup import ActivityCompleted, Event, Retracted
from larande.frozenmap import FrozenMap
from larande.needs import Signal, SignalKind

__all__ = [
    "DEFAULT_VERBS",
    "VOIDED",
    "Ingest",
    "Outcome",
    "RejectReason",
    "Rejected",
    "actor_key",
    "ingest",
]


class Outcome(enum.StrEnum):
    """What a verb means for a completion."""

    COMPLETED = "completed"
    PASSED = "passed"
    FAILED = "failed"


_ADL = "http://adlnet.gov/expapi/verbs/"
DEFAULT_VERBS: FrozenMap[str, Outcome] = FrozenMap(
    {
        f"{_ADL}completed": Outcome.COMPLETED,
        f"{_ADL}passed": Outcome.PASSED,
        f"{_ADL}failed": Outcome.FAILED,
        # cmi5's satisfied and waived appear under both IRIs in real traffic.
        "https://w3id.org/xapi/adl/verbs/satisfied": Outcome.COMPLETED,
        f"{_ADL}satisfied": Outcome.COMPLETED,
        "https://w3id.org/xapi/adl/verbs/waived": Outcome.COMPLETED,
        f"{_ADL}waived": Outcome.COMPLETED,
        # Moodle's xAPI plugin says completed this way.
        "http://id.tincanapi.com/verb/completed": Outcome.COMPLETED,
    }
)
"""Verb IRI -> outcome; pass ``verbs={**DEFAULT_VERBS, "<iri>": Outcome.COMPLETED}`` to add."""

VOIDED = f"{_ADL}voided"
"""The voiding verb: its statement withdraws another (a :class:`~larande.Retracted`)."""


class RejectReason(enum.StrEnum):
    """Why a statement was not used."""

    INVALID = "invalid"
    """It breaks an xAPI rule (the detail names it)."""
    UNKNOWN_ACTOR = "unknown-actor"
    UNKNOWN_ACTIVITY = "unknown-activity"
    UNKNOWN_VERB = "unknown-verb"
    CONFLICT = "conflict"
    """Another statement with the same id says something else."""


def _reason(value: RejectReason | str) -> RejectReason:
    return check.as_member(RejectReason, value)


@attrs.frozen
class Rejected:
    """A statement :func:`ingest` did not use: its id, the reason, and a sentence."""

    statement: str = attrs.field(validator=check.text)
    reason: RejectReason = attrs.field(converter=_reason, validator=check.member_of(RejectReason))
    detail: str = attrs.field(validator=check.text)


def _events(value: Iterable[Event]) -> tuple[Event, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _signals(value: Iterable[Signal]) -> tuple[Signal, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _rejected(value: Iterable[Rejected]) -> tuple[Rejected, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


@attrs.frozen
class Ingest:
    """What :func:`ingest` made of a batch: events, signals, and what it could not use.

    Each is sorted (events and signals by day and id, rejections by statement id), so the
    same statements in any order, or twice, give an equal :class:`Ingest`.
    """

    events: tuple[Event, ...] = attrs.field(converter=_events)
    signals: tuple[Signal, ...] = attrs.field(converter=_signals)
    rejected: tuple[Rejected, ...] = attrs.field(converter=_rejected)


class _InvalidError(Exception):
    """A broken xAPI rule (internal)."""


_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+")
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*")
_DURATION = re.compile(
    r"P(?:\d+(?:\.\d+)?W|(?=\d|T\d)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?D)?"
    r"(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?)"
)
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?"
    r"(Z|[+-]\d{2}(?::?\d{2})?)?"
)


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_verb(verb: object) -> str:
    if not isinstance(verb, Mapping):
        raise _InvalidError("verb must be an object (Data 2.4.3)")
    vid = verb.get("id")
    if not isinstance(vid, str) or not _IRI.fullmatch(vid):
        raise _InvalidError("verb.id must be an IRI (XAPI-00044)")
    if "display" in verb:
        _check_language_map(verb["display"], "verb.display (XAPI-00045)")
    return vid


def _check_language_map(value: object, where: str) -> None:
    if not isinstance(value, Mapping) or not all(
        isinstance(k, str) and _LANGUAGE.fullmatch(k) and isinstance(v, str)
        for k, v in value.items()
    ):
        raise _InvalidError(f"{where} must be a language map")


def _check_result(result: object) -> None:
    if not isinstance(result, Mapping):
        raise _InvalidError("result must be an object (Data 2.4.5)")
    for flag in ("success", "completion"):
        if flag in result and not isinstance(result[flag], bool):
            raise _InvalidError(f"result.{flag} must be true or false (XAPI-00075)")
    if "response" in result and not isinstance(result["response"], str):
        raise _InvalidError("result.response must be a string (XAPI-00076)")
    if "duration" in result and not (
        isinstance(result["duration"], str) and _DURATION.fullmatch(result["duration"])
    ):
        raise _InvalidError("result.duration must be an ISO 8601 duration (XAPI-00077)")
    if "extensions" in result and not isinstance(result["extensions"], Mapping):
        raise _InvalidError("result.extensions must be an object (XAPI-00078)")
    if "score" in result:
        _check_score(result["score"])


def _check_score(score: object) -> None:
    if not isinstance(score, Mapping):
        raise _InvalidError("result.score must be an object (XAPI-00079)")
    for key in ("scaled", "raw", "min", "max"):
        if key in score and not _number(score[key]):
            raise _InvalidError(f"result.score.{key} must be a number (XAPI-00080)")
    if "scaled" in score and not -1 <= score["scaled"] <= 1:
        raise _InvalidError("result.score.scaled must be from -1 to 1 (XAPI-00083)")
    low, high = score.get("min"), score.get("max")
    if low is not None and high is not None and not low < high:
        raise _InvalidError("result.score.min must be below max (XAPI-00081)")
    raw = score.get("raw")
    if raw is not None and ((low is not None and raw < low) or (high is not None and raw > high)):
        raise _InvalidError("result.score.raw must be from min to max (XAPI-00082)")


def _timestamp(value: object, tz: zoneinfo.ZoneInfo) -> dt.date:
    if not isinstance(value, str):
        raise _InvalidError("timestamp must be an ISO 8601 string (XAPI-00122)")
    m = _TIMESTAMP.fullmatch(value)
    offset = m.group(8) if m else None
    if m is None:
        raise _InvalidError(f"timestamp must be an ISO 8601 date-time, got {value!r} (XAPI-00122)")
    if offset is not None and offset.startswith("-") and not offset.strip("-:0"):
        raise _InvalidError("timestamp must not have the offset -00:00 (XAPI-00122)")
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _InvalidError("timestamp must be a valid date-time (XAPI-00122)") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(tz).date()


def _check_statement(s: Mapping[str, Any], top: bool = True) -> None:
    for part in ("actor", "verb", "object"):
        if part not in s:
            raise _InvalidError(
                f"a statement must have an {part}"
                if part != "verb"
                else "a statement must have a verb"
            )
    _check_verb(s["verb"])
    if not isinstance(s["actor"], Mapping):
        raise _InvalidError("actor must be an object")
    obj = s["object"]
    if not isinstance(obj, Mapping):
        raise _InvalidError("object must be an object")
    if "result" in s:
        _check_result(s["result"])
    if "timestamp" in s:
        _timestamp(s["timestamp"], zoneinfo.ZoneInfo("UTC"))
    if obj.get("objectType") == "SubStatement":
        if not top:
            raise _InvalidError("a SubStatement cannot hold another SubStatement")
        _check_statement(obj, top=False)
    elif obj.get("objectType") == "StatementRef":
        if not isinstance(obj.get("id"), str):
            raise _InvalidError("a StatementRef needs the id of a statement")
    elif not isinstance(obj.get("id"), str) or not _IRI.fullmatch(obj["id"]):
        raise _InvalidError("object.id must be an IRI")


def actor_key(actor: Mapping[str, Any]) -> str | None:
    """The key ``people`` is looked up by for an actor (``"mailto:..."`` and so on).

    >>> actor_key({"account": {"homePage": "https://lms.example", "name": "4711"}})
    'account:https://lms.example|4711'
    """
    if isinstance(actor.get("mbox"), str):
        return str(actor["mbox"]).lower()
    if isinstance(actor.get("mbox_sha1sum"), str):
        return f"sha1:{str(actor['mbox_sha1sum']).lower()}"
    if isinstance(actor.get("openid"), str):
        return f"openid:{actor['openid']}"
    account = actor.get("account")
    if isinstance(account, Mapping) and isinstance(account.get("name"), str):
        return f"account:{account.get('homePage', '')}|{account['name']}"
    return None


def _folds(key: object) -> bool:
    """Whether a key of ``people`` is matched without regard to case (e-mail, hash)."""
    return isinstance(key, str) and key.lower().startswith(("mailto:", "sha1:"))


def _statement_id(s: Mapping[str, Any]) -> str:
    sid = s.get("id")
    if isinstance(sid, str) and sid:
        return sid
    # No id: the same content always gets the same one, so a resent statement counts once.
    digest = hashlib.sha1(_json.dumps(s, sort_keys=True, default=str).encode()).hexdigest()
    return str(uuid.UUID(digest[:32]))


def _score(result: Mapping[str, Any]) -> float | None:
    score = result.get("score")
    if not isinstance(score, Mapping):
        return None
    scaled: Any = score.get("scaled")
    if _number(scaled):
        return float(scaled) if scaled >= 0 else None
    raw: Any = score.get("raw")
    low: Any = score.get("min", 0)
    high: Any = score.get("max")
    if _number(raw) and _number(high) and _number(low) and high > low:
        return float(min(1.0, max(0.0, (raw - low) / (high - low))))
    return None


def ingest(
    statements: Iterable[Mapping[str, Any]] | str | bytes,
    *,
    people: Mapping[str, str],
    activities: Mapping[str, str],
    verbs: Mapping[str, Outcome | str] = DEFAULT_VERBS,
    competencies: Mapping[str, str] | None = None,
    tz: str = "Europe/Stockholm",
) -> Ingest:
    """Turn xAPI statements into follow-up events and test-result signals.

    Args:
        statements: the statements: parsed dicts, or the JSON text of a list (raw control
            characters inside strings are tolerated, as some exports have them).
        people: actor key (see :func:`actor_key`) -> person id.
        activities: object IRI -> activity id.
        verbs: verb IRI -> :class:`Outcome`; :data:`DEFAULT_VERBS` by default.
        competencies: activity id -> the competency it tests; then every passed or failed
            completion of it is also a ``TEST_RESULT`` signal.
        tz: the time zone timestamps are read in.

    A statement is used once, whatever the number of times it comes; two different
    statements with one id are a conflict. A voiding statement becomes a
    :class:`~larande.Retracted` of the voided statement's event.
    """
    for name, value in (("people", people), ("activities", activities), ("verbs", verbs)):
        if not isinstance(value, Mapping):
            raise ValidationError(f"expected a mapping, got {check.describe(value)}", path=name)
    if competencies is not None and not isinstance(competencies, Mapping):
        raise ValidationError(
            f"expected a mapping, got {check.describe(competencies)}", path="competencies"
        )
    try:
        zone = zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ValidationError(f"unknown time zone {tz!r}", path="tz") from None
    if isinstance(statements, str | bytes | bytearray):
        try:
            statements = _json.loads(statements, strict=False)
        except (_json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
            raise ValidationError(
                f"the statements are not JSON: {exc}", code="malformed-json"
            ) from None
    if isinstance(statements, Mapping) or not isinstance(statements, Iterable):
        raise ValidationError(
            f"expected a list of statements, got {check.describe(statements)}", path="statements"
        )
    outcomes: dict[str, Outcome] = {}
    for iri, outcome in verbs.items():
        try:
            outcomes[iri] = Outcome(outcome)
        except ValueError:
            raise ValidationError(
                f"expected an outcome ({[o.value for o in Outcome]}), got {outcome!r}",
                path=f"verbs[{iri!r}]",
            ) from None
    # actor_key lower-cases e-mail addresses and hashes; a host's own keys may not be.
    if any(_folds(k) and k != k.lower() for k in people):
        people = {k.lower() if _folds(k) else k: v for k, v in people.items()}
    seen: dict[str, Any] = {}
    conflicts: set[str] = set()
    for s in statements:
        sid = _statement_id(s) if isinstance(s, Mapping) else f"#{len(seen)}"
        if sid in seen and seen[sid] != s:
            conflicts.add(sid)
        seen.setdefault(sid, s)
    events: dict[str, Event] = {}
    signals: dict[str, Signal] = {}
    rejected: dict[str, Rejected] = {}
    for sid in sorted(seen):
        if sid in conflicts:
            rejected[sid] = Rejected(
                sid, RejectReason.CONFLICT, "two different statements share this id"
            )
            continue
        s = seen[sid]
        try:
            if not isinstance(s, Mapping):
                raise _InvalidError("a statement must be a JSON object")
            _check_statement(s)
            when = s.get("timestamp", s.get("stored"))
            on = _timestamp(when, zone) if when is not None else None
        except _InvalidError as broken:
            rejected[sid] = Rejected(sid, RejectReason.INVALID, str(broken))
            continue
        verb = s["verb"]["id"]
        if on is None:
            rejected[sid] = Rejected(
                sid, RejectReason.INVALID, "a statement needs a timestamp (or stored) to be dated"
            )
            continue
        if verb == VOIDED:
            target = s["object"].get("id")
            if s["object"].get("objectType") != "StatementRef" or target == sid:
                rejected[sid] = Rejected(
                    sid,
                    RejectReason.INVALID,
                    "a voiding statement's object is a StatementRef to another statement",
                )
                continue
            events[sid] = Retracted(sid, on, target)
            continue
        found_outcome = outcomes.get(verb)
        if found_outcome is None:
            rejected[sid] = Rejected(
                sid, RejectReason.UNKNOWN_VERB, f"verb {verb!r} means nothing for follow-up"
            )
            continue
        key = actor_key(s["actor"])
        person = people.get(key) if key is not None else None
        if person is None:
            rejected[sid] = Rejected(
                sid, RejectReason.UNKNOWN_ACTOR, f"no person is known for actor {key!r}"
            )
            continue
        activity = activities.get(s["object"].get("id", ""))
        if activity is None:
            rejected[sid] = Rejected(
                sid,
                RejectReason.UNKNOWN_ACTIVITY,
                f"no activity is known for {s['object'].get('id')!r}",
            )
            continue
        result = s.get("result") or {}
        passed: bool | None = {Outcome.PASSED: True, Outcome.FAILED: False}.get(found_outcome)
        if passed is None and isinstance(result.get("success"), bool):
            passed = result["success"]
        try:
            events[sid] = ActivityCompleted(
                sid, person, activity, on, score=_score(result), passed=passed
            )
        except ValidationError as err:
            rejected[sid] = Rejected(sid, RejectReason.INVALID, str(err))
            continue
        tested = (competencies or {}).get(activity)
        if tested is not None and passed is not None:
            signals[sid] = Signal(
                sid, SignalKind.TEST_RESULT, on, tested, person=person, passed=passed
            )
    return Ingest(
        sorted(events.values(), key=lambda e: (e.on, e.id)),
        sorted(signals.values(), key=lambda x: (x.on, x.id)),
        sorted(rejected.values(), key=lambda r: r.statement),
    )
