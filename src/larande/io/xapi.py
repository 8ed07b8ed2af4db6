"""xAPI statements in: completions as follow-up events, test results as signals.

:func:`ingest` reads xAPI 1.0.3 and 2.0 statements (parsed dicts, or JSON text of a list,
of a single statement, or of a record store's ``{"statements": [...], "more": ...}``
response) and returns an :class:`Ingest`: :class:`~larande.ActivityCompleted` events for
completions (with ``passed`` and a ``score`` from 0 to 1), :class:`~larande.Retracted` events
for voiding statements, ``TEST_RESULT`` :class:`~larande.Signal` records where
``competencies`` says what an activity tests, and a :class:`Rejected` entry for every
statement it could not use, with a reason code: nothing is dropped silently, and one bad
statement loses nothing else in the batch.

Actors are matched through ``people``, keyed by the actor's identifier written as
``"mailto:anna@alvby.example"``, ``"sha1:<mbox_sha1sum>"``, ``"openid:<url>"`` or
``"account:<homePage>|<name>"``; activities through ``activities``, keyed by the object's
IRI. Timestamps become days in ``tz`` (Europe/Stockholm by default); a timestamp without an
offset is read as UTC.

What real learning platforms send, and what :func:`ingest` makes of it by default (each
default has a keyword argument to change it):

- **Verbs** (``verbs``, :data:`DEFAULT_VERBS`): ADL's *completed*, *passed*, *failed*,
  *mastered* and *attended*, cmi5's *satisfied* and *waived* under both their IRIs, Moodle's
  tincan *completed*; Open edX's *earned* and Moodle's *scored* are graded attempts
  (:attr:`Outcome.SCORED`).
- **Any verb with** ``result.completion: true`` (Open edX's *progressed*) is a completion
  (``completion=False`` turns this off).
- **Scores** (``score``): ``raw`` over ``[min, max]`` when all three are given (Moodle sends
  a ``scaled`` of 0 next to a real raw score), else ``scaled``; ``score="scaled"`` trusts
  ``scaled`` first.
- **Parents** (``parents``): a statement about a part of an activity you map (a module of
  a course, in ``context.contextActivities.parent``) is not the activity's completion: it is
  rejected as ``part-of-activity``, naming the activity; ``parents=True`` credits it to its
  nearest parent instead.
- **Groups** (``groups``): a group actor's completion counts for each member ``people``
  knows, as one event per member (ids ``"{statement}:1"``, ``"{statement}:2"``... in the
  order of the members' person ids); ``groups=False`` rejects them as ``group-actor``.
- **Dates** (``dated_by``): the ``timestamp``, else the record store's ``stored``.

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
import math
import re
import uuid
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any, Literal

import attrs

from larande import _check as check
from larande.exceptions import ValidationError
from larande.followup import ActivityCompleted, Event, FollowUpState, Retracted
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
    """A completion; ``result.success``, when given, says whether it passed."""
    PASSED = "passed"
    FAILED = "failed"
    SCORED = "scored"
    """A graded attempt (Open edX's *earned*, Moodle's *scored*): a completion only when its
    result says ``success`` (passed or not) or ``completion: true``; otherwise rejected as
    ``incomplete``."""


_ADL = "http://adlnet.gov/expapi/verbs/"
DEFAULT_VERBS: FrozenMap[str, Outcome] = FrozenMap(
    {
        f"{_ADL}completed": Outcome.COMPLETED,
        f"{_ADL}passed": Outcome.PASSED,
        f"{_ADL}failed": Outcome.FAILED,
        f"{_ADL}mastered": Outcome.PASSED,
        # The specification's own example (Appendix A), and Moodle's face-to-face sessions.
        f"{_ADL}attended": Outcome.COMPLETED,
        # cmi5's satisfied and waived appear under both IRIs in real traffic.
        "https://w3id.org/xapi/adl/verbs/satisfied": Outcome.COMPLETED,
        f"{_ADL}satisfied": Outcome.COMPLETED,
        "https://w3id.org/xapi/adl/verbs/waived": Outcome.COMPLETED,
        f"{_ADL}waived": Outcome.COMPLETED,
        # Moodle's xAPI plugin says completed this way.
        "http://id.tincanapi.com/verb/completed": Outcome.COMPLETED,
        # Grades: Open edX's earned, Moodle's (TLA) scored.
        "http://id.tincanapi.com/verb/earned": Outcome.SCORED,
        "https://w3id.org/xapi/tla/verbs/scored": Outcome.SCORED,
    }
)
"""Verb IRI -> outcome; pass ``verbs={**DEFAULT_VERBS, "<iri>": Outcome.COMPLETED}`` to add."""

VOIDED = f"{_ADL}voided"
"""The voiding verb: its statement withdraws another (a :class:`~larande.Retracted`)."""


class RejectReason(enum.StrEnum):
    """Why a statement was not used."""

    INVALID = "invalid"
    """It breaks an xAPI rule (the detail names it), cannot be dated, or voids a voiding
    statement."""
    UNKNOWN_ACTOR = "unknown-actor"
    """No person in ``people`` is the actor (or any member of a group actor)."""
    UNKNOWN_ACTIVITY = "unknown-activity"
    """No activity in ``activities`` is the object, nor one of its parents."""
    UNKNOWN_VERB = "unknown-verb"
    """The verb means nothing for follow-up, and the result does not say completed."""
    CONFLICT = "conflict"
    """Another statement with the same id says something else."""
    PART_OF_ACTIVITY = "part-of-activity"
    """The object is a part (a module, a page, a question) of a mapped activity, named in
    ``context.contextActivities.parent``: not that activity's completion (see
    ``parents``)."""
    NOT_AN_ACTIVITY = "not-an-activity"
    """The object is a person, a group or another statement, not an activity."""
    GROUP_ACTOR = "group-actor"
    """The actor is a group, and ``groups=False``."""
    INCOMPLETE = "incomplete"
    """A graded attempt (:attr:`Outcome.SCORED`) whose result says neither ``success`` nor
    ``completion``."""
    VOIDED = "voided"
    """A group statement that a statement ingested earlier (in ``state``) already voided."""


def _reason(value: RejectReason | str) -> RejectReason:
    return check.as_member(RejectReason, value)


@attrs.frozen
class Rejected:
    """A statement :func:`ingest` did not use: its id, the reason, and a sentence.

    A statement without a usable id of its own is named by its place in the batch
    (``"#3"``, counting from 0).
    """

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

    Attributes:
        events: the follow-up events.
        signals: ``TEST_RESULT`` signals for activities that test a competency.
        rejected: every statement not used, with why.
        more: the record store's ``more`` link when the batch was a statement result with
            more to fetch (the host fetches it: larande does no I/O), else ``None``.
    """

    events: tuple[Event, ...] = attrs.field(converter=_events)
    signals: tuple[Signal, ...] = attrs.field(converter=_signals)
    rejected: tuple[Rejected, ...] = attrs.field(converter=_rejected)
    more: str | None = attrs.field(default=None, validator=check.optional_text)


class _InvalidError(Exception):
    """A broken xAPI rule (internal)."""


_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s]+")
_LANGUAGE = re.compile(r"[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*", re.ASCII)
_DURATION = re.compile(
    r"P(?:\d+(?:\.\d+)?W|(?=\d|T\d)(?:\d+(?:\.\d+)?Y)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?D)?"
    r"(?:T(?=\d)(?:\d+(?:\.\d+)?H)?(?:\d+(?:\.\d+)?M)?(?:\d+(?:\.\d+)?S)?)?)",
    re.ASCII,
)
_TIMESTAMP = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?"
    r"(Z|[+-]\d{2}(?::?\d{2})?)?",
    re.ASCII,
)
_NOT_STATEMENT_KEYS = ("id", "stored", "version", "authority")
_DATE_FIELDS = ("timestamp", "stored")
_LONGEST_INT = 400  # digits: any longer JSON integer is read as a float (infinite), not parsed


def _number(value: object) -> bool:
    """A JSON number that is finite as a float (a huge integer or NaN is not)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


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
            raise _InvalidError(f"result.score.{key} must be a finite number (XAPI-00080)")
    if "scaled" in score and not -1 <= score["scaled"] <= 1:
        raise _InvalidError("result.score.scaled must be from -1 to 1 (XAPI-00083)")
    low, high = score.get("min"), score.get("max")
    raw = score.get("raw")
    # min == max is what Open edX sends for an item worth nothing (a zero-weight problem):
    # accepted when the raw score is that value too, and then the range says nothing.
    zero_weight = low == high and raw in (None, low)
    if low is not None and high is not None and not low < high and not zero_weight:
        raise _InvalidError("result.score.min must be below max (XAPI-00081)")
    if raw is not None and ((low is not None and raw < low) or (high is not None and raw > high)):
        raise _InvalidError("result.score.raw must be from min to max (XAPI-00082)")


def _timestamp(value: object, tz: zoneinfo.ZoneInfo, name: str = "timestamp") -> dt.date:
    if not isinstance(value, str):
        raise _InvalidError(f"{name} must be an ISO 8601 string (XAPI-00122)")
    m = _TIMESTAMP.fullmatch(value)
    if m is None:
        shown = check.describe(value)
        raise _InvalidError(f"{name} must be an ISO 8601 date-time, got {shown} (XAPI-00122)")
    offset = m.group(8)
    if offset is not None and offset.startswith("-") and not offset.strip("-:0"):
        raise _InvalidError(f"{name} must not have the offset -00:00 (XAPI-00122)")
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise _InvalidError(f"{name} must be a valid date-time (XAPI-00122)") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    try:
        return when.astimezone(tz).date()
    except (OverflowError, ValueError):
        raise _InvalidError(
            f"{name} {value!r} falls outside the calendar in {tz.key} (years 1 to 9999)"
        ) from None


def _check_actor(actor: object, where: str = "actor") -> None:
    if not isinstance(actor, Mapping):
        raise _InvalidError(f"{where} must be an object")
    if actor.get("objectType") == "Group":
        members = actor.get("member", [])
        if not isinstance(members, list) or not all(isinstance(m, Mapping) for m in members):
            raise _InvalidError(f"{where}.member must be a list of agents (Data 2.4.2.2)")


def _check_statement(s: Mapping[str, Any], top: bool = True) -> None:
    for part in ("actor", "verb", "object"):
        if part not in s:
            raise _InvalidError(
                f"a statement must have an {part}"
                if part != "verb"
                else "a statement must have a verb"
            )
    if not top:
        for key in _NOT_STATEMENT_KEYS:
            if key in s:
                raise _InvalidError(f"a SubStatement must not have {key!r} (Data 2.4.4.3)")
    _check_verb(s["verb"])
    _check_actor(s["actor"])
    obj = s["object"]
    if not isinstance(obj, Mapping):
        raise _InvalidError("object must be an object")
    if "result" in s:
        _check_result(s["result"])
    if "timestamp" in s:
        _timestamp(s["timestamp"], zoneinfo.ZoneInfo("UTC"))
    kind = obj.get("objectType", "Activity")
    if kind == "SubStatement":
        if not top:
            raise _InvalidError("a SubStatement cannot hold another SubStatement")
        _check_statement(obj, top=False)
    elif kind == "StatementRef":
        ref = obj.get("id")
        if not isinstance(ref, str) or not ref.strip():
            raise _InvalidError("a StatementRef needs the id of a statement (Data 2.4.4.2)")
    elif kind in ("Agent", "Group"):
        _check_actor(obj, "object")
    elif kind != "Activity":
        raise _InvalidError(f"object.objectType {check.describe(kind)} is not an xAPI type")
    elif not isinstance(obj.get("id"), str) or not _IRI.fullmatch(obj["id"]):
        raise _InvalidError("object.id must be an IRI")


def actor_key(actor: Mapping[str, Any]) -> str | None:
    """The key ``people`` is looked up by for an actor (``"mailto:..."`` and so on).

    >>> actor_key({"account": {"homePage": "https://lms.example", "name": "4711"}})
    'account:https://lms.example|4711'
    """
    given: object = actor  # typed loosely: a member of a group may be anything
    if not isinstance(given, Mapping):
        return None
    if isinstance(actor.get("mbox"), str):
        return str(actor["mbox"]).lower()
    if isinstance(actor.get("mbox_sha1sum"), str):
        return f"sha1:{str(actor['mbox_sha1sum']).lower()}"
    if isinstance(actor.get("openid"), str):
        return f"openid:{actor['openid']}"
    account = actor.get("account")
    if isinstance(account, Mapping) and isinstance(account.get("name"), str):
        home = account.get("homePage", "")
        return f"account:{home if isinstance(home, str) else ''}|{account['name']}"
    return None


def _folds(key: object) -> bool:
    """Whether a key of ``people`` is matched without regard to case (e-mail, hash)."""
    return isinstance(key, str) and key.lower().startswith(("mailto:", "sha1:"))


def _statement_id(s: Mapping[str, Any]) -> str:
    """The statement's own id, or one derived from its content (raises _InvalidError)."""
    if "id" in s:
        sid = s["id"]
        if not isinstance(sid, str) or not sid.strip():
            raise _InvalidError(f"id must be a UUID string, got {check.describe(sid)}")
        return sid
    # No id: the same content always gets the same one, so a resent statement counts once.
    try:
        text = _json.dumps(s, sort_keys=True, default=str)
    except (TypeError, ValueError, RecursionError):
        raise _InvalidError("the statement cannot be read as JSON") from None
    digest = hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
    return str(uuid.UUID(digest[:32]))


def _score(result: Mapping[str, Any], prefer: str) -> float | None:
    score = result.get("score")
    if not isinstance(score, Mapping):
        return None
    scaled: Any = score.get("scaled")
    from_scaled = float(scaled) if _number(scaled) and scaled >= 0 else None
    raw: Any = score.get("raw")
    low: Any = score.get("min", 0)
    high: Any = score.get("max")
    from_range = None
    if _number(raw) and _number(high) and _number(low) and high > low:
        ratio = (float(raw) - float(low)) / (float(high) - float(low))
        from_range = min(1.0, max(0.0, ratio))
    first, second = (from_scaled, from_range) if prefer == "scaled" else (from_range, from_scaled)
    return first if first is not None else second


def _parents(s: Mapping[str, Any]) -> list[str]:
    """The IRIs in ``context.contextActivities.parent``, nearest first (a lone object too)."""
    context = s.get("context")
    found = context.get("contextActivities") if isinstance(context, Mapping) else None
    parent = found.get("parent") if isinstance(found, Mapping) else None
    entries = [parent] if isinstance(parent, Mapping) else parent
    if not isinstance(entries, list):
        return []
    return [e["id"] for e in entries if isinstance(e, Mapping) and isinstance(e.get("id"), str)]


def _members(actor: Mapping[str, Any], people: Mapping[str, str]) -> list[str]:
    """The person ids of a group's members that ``people`` knows, sorted, each once."""
    members = actor.get("member")
    if not isinstance(members, list):
        return []
    found = {people.get(key) for m in members if (key := actor_key(m)) is not None}
    return sorted(p for p in found if p is not None)


def _statements(statements: object) -> tuple[Iterable[Any], str | None]:
    """The statements of a batch, and a statement result's ``more`` link."""
    if isinstance(statements, str | bytes | bytearray):
        text = statements
        if isinstance(text, str):
            text = text.removeprefix("\ufeff")
        elif text.startswith(b"\xef\xbb\xbf"):
            text = bytes(text[3:])
        try:
            statements = _json.loads(text, strict=False, parse_int=_parse_int)
        except _json.JSONDecodeError as exc:
            raise ValidationError(
                f"the statements are not JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
                path="statements",
                code="malformed-json",
                params={"line": exc.lineno, "column": exc.colno},
            ) from None
        except RecursionError:
            raise ValidationError(
                "the statements are nested too deeply to read", path="statements", code="too-deep"
            ) from None
        except (UnicodeDecodeError, ValueError) as exc:
            raise ValidationError(
                f"the statements are not JSON: {exc}", path="statements", code="malformed-json"
            ) from None
    more = None
    if isinstance(statements, Mapping):
        if "statements" in statements:
            link = statements.get("more")
            more = link if isinstance(link, str) and link else None
            statements = statements["statements"]
            if not isinstance(statements, list):
                raise ValidationError(
                    f"expected a list of statements, got {check.describe(statements)}",
                    path="statements.statements",
                    code="not-statements",
                )
        elif any(key in statements for key in ("actor", "verb", "object")):
            statements = [statements]
    if (
        isinstance(statements, str | bytes | bytearray | Mapping)
        or not isinstance(statements, Iterable)
        or statements is None
    ):
        raise ValidationError(
            "expected a list of statements, one statement, or a statement result "
            f'({{"statements": [...]}}), got {check.describe(statements)}',
            path="statements",
            code="not-statements",
        )
    return statements, more


def _parse_int(text: str) -> int | float:
    # Python refuses to parse very long integers (a ValueError for the whole text); a JSON
    # number that long is read as a float instead (infinite), which the statement's own
    # checks refuse, so one absurd score rejects its statement, not the batch.
    return int(text) if len(text) <= _LONGEST_INT else float(text)


def _check_mapping(name: str, value: object, *, ids: bool) -> None:
    if not isinstance(value, Mapping):
        raise ValidationError(f"expected a mapping, got {check.describe(value)}", path=name)
    if ids:
        for key, target in value.items():
            if not check.is_id(target):
                raise ValidationError(
                    f"expected an id (a non-empty str), got {check.describe(target)}",
                    path=f"{name}[{key!r}]",
                )


def ingest(
    statements: Iterable[Mapping[str, Any]] | Mapping[str, Any] | str | bytes,
    *,
    people: Mapping[str, str],
    activities: Mapping[str, str],
    verbs: Mapping[str, Outcome | str] = DEFAULT_VERBS,
    competencies: Mapping[str, str] | None = None,
    tz: str = "Europe/Stockholm",
    completion: bool = True,
    score: Literal["raw", "scaled"] = "raw",
    parents: bool = False,
    groups: bool = True,
    dated_by: Iterable[str] = _DATE_FIELDS,
    state: FollowUpState | None = None,
) -> Ingest:
    """Turn xAPI statements into follow-up events and test-result signals.

    Args:
        statements: the statements: parsed dicts, or JSON text (a leading byte order mark
            is skipped; raw control characters inside strings are tolerated, as some
            exports have them). A list, one statement, or a record store's statement
            result ``{"statements": [...], "more": "..."}`` (``more`` is kept in
            :attr:`Ingest.more`).
        people: actor key (see :func:`actor_key`) -> person id.
        activities: object IRI -> activity id.
        verbs: verb IRI -> :class:`Outcome`; :data:`DEFAULT_VERBS` by default.
        competencies: activity id -> the competency it tests; then every passed or failed
            completion of it is also a ``TEST_RESULT`` signal.
        tz: the time zone timestamps are read in.
        completion: a statement whose result says ``completion: true`` is a completion
            whatever its verb (Open edX's *progressed*); ``False``: only the verbs count.
        score: ``"raw"`` (the default): the score is ``raw`` over ``[min, max]`` when all
            three are given, else ``scaled``; ``"scaled"``: ``scaled`` first.
        parents: credit a statement whose object is not mapped to its nearest parent activity
            (``context.contextActivities.parent``) when ``activities`` maps that parent;
            by default it is rejected as ``part-of-activity``, since finishing one module is
            not finishing the course.
        groups: credit a group actor's statement to each member ``people`` knows; ``False``
            rejects it as ``group-actor``.
        dated_by: the fields a statement is dated by, the first present wins:
            ``("timestamp", "stored")`` by default; ``("timestamp",)`` refuses a statement
            that only the record store dated.
        state: the follow-up state so far. With it, a statement voiding a voiding statement
            of an earlier batch is rejected (``replay`` would refuse it), and a voiding
            statement withdraws each member's event of an earlier group statement.

    A statement is used once, whatever the number of times it comes; two different
    statements with one id are a conflict. A voiding statement becomes a
    :class:`~larande.Retracted` of the voided statement's event (of each member's, for a
    group statement); a statement voiding a voiding statement is rejected as ``invalid``.

    Raises:
        ValidationError: the text is not JSON, or holds no statements (a string, a number);
            a mapping argument is not a mapping, or maps to something that is not an id; an
            unknown time zone, verb outcome or ``score`` or ``dated_by`` value.
    """
    _check_mapping("people", people, ids=True)
    _check_mapping("activities", activities, ids=True)
    _check_mapping("verbs", verbs, ids=False)
    if competencies is not None:
        _check_mapping("competencies", competencies, ids=True)
    try:
        zone = zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValidationError(f"unknown time zone {check.describe(tz)}", path="tz") from None
    if score not in ("raw", "scaled"):
        raise ValidationError(
            f"expected 'raw' or 'scaled', got {check.describe(score)}", path="score"
        )
    dates = tuple(dated_by) if isinstance(dated_by, Iterable) else ()
    if not dates or isinstance(dated_by, str) or any(d not in _DATE_FIELDS for d in dates):
        raise ValidationError(
            f"expected some of {list(_DATE_FIELDS)}, got {check.describe(dated_by)}",
            path="dated_by",
        )
    for flag, value in (("completion", completion), ("parents", parents), ("groups", groups)):
        if not isinstance(value, bool):
            raise ValidationError(
                f"expected True or False, got {check.describe(value)}", path=flag
            )
    if state is not None and not isinstance(state, FollowUpState):
        raise ValidationError(
            f"expected a FollowUpState, got {check.describe(state)}", path="state"
        )
    batch, more = _statements(statements)
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
    reader = _Reader(
        people,
        activities,
        outcomes,
        competencies or {},
        zone,
        dates,
        state,
        completion=completion,
        score=score,
        parents=parents,
        groups=groups,
    )
    return reader.read(batch, more)


class _Reader:
    """One batch being read (private): the settings, and what has been found."""

    def __init__(
        self,
        people: Mapping[str, str],
        activities: Mapping[str, str],
        outcomes: Mapping[str, Outcome],
        competencies: Mapping[str, str],
        zone: zoneinfo.ZoneInfo,
        dates: tuple[str, ...],
        state: FollowUpState | None,
        *,
        completion: bool,
        score: str,
        parents: bool,
        groups: bool,
    ) -> None:
        self.people, self.activities, self.outcomes = people, activities, outcomes
        self.competencies, self.zone, self.dates, self.state = competencies, zone, dates, state
        self.completion, self.score, self.parents, self.groups = completion, score, parents, groups
        self.events: dict[str, Event] = {}
        self.signals: dict[str, Signal] = {}
        self.rejected: dict[str, Rejected] = {}
        self.members: dict[str, int] = {}  # group statement id -> members credited

    def reject(self, sid: str, reason: RejectReason, detail: str) -> None:
        self.rejected[sid] = Rejected(sid, reason, detail)

    def read(self, batch: Iterable[Any], more: str | None) -> Ingest:
        seen: dict[str, Any] = {}
        conflicts: set[str] = set()
        for i, s in enumerate(batch):
            if not isinstance(s, Mapping):
                self.reject(f"#{i}", RejectReason.INVALID, "a statement must be a JSON object")
                continue
            try:
                sid = _statement_id(s)
            except _InvalidError as broken:
                self.reject(f"#{i}", RejectReason.INVALID, str(broken))
                continue
            try:
                if sid in seen and seen[sid] != s:
                    conflicts.add(sid)
            except RecursionError:
                conflicts.add(sid)
            seen.setdefault(sid, s)
        voiding = {
            sid
            for sid, s in seen.items()
            if isinstance(s.get("verb"), Mapping) and s["verb"].get("id") == VOIDED
        }
        later: list[tuple[str, Mapping[str, Any], dt.date]] = []
        for sid in sorted(seen):
            if sid in conflicts:
                self.reject(sid, RejectReason.CONFLICT, "two different statements share this id")
                continue
            s = seen[sid]
            try:
                _check_statement(s)
                on = self.day(s)
            except _InvalidError as broken:
                self.reject(sid, RejectReason.INVALID, str(broken))
                continue
            except RecursionError:
                self.reject(sid, RejectReason.INVALID, "the statement is nested too deeply")
                continue
            if s["verb"]["id"] == VOIDED:
                later.append((sid, s, on))  # after the statements it may void
                continue
            self.use(sid, s, on)
        for sid, s, on in later:
            self.void(sid, s, on, voiding)
        return Ingest(
            sorted(self.events.values(), key=lambda e: (e.on, e.id)),
            sorted(self.signals.values(), key=lambda x: (x.on, x.id)),
            sorted(self.rejected.values(), key=lambda r: r.statement),
            more,
        )

    def day(self, s: Mapping[str, Any]) -> dt.date:
        for name in self.dates:
            if s.get(name) is not None:
                return _timestamp(s[name], self.zone, name)
        fields = " or ".join(self.dates)
        raise _InvalidError(f"a statement needs a {fields} to be dated")

    def void(self, sid: str, s: Mapping[str, Any], on: dt.date, voiding: set[str]) -> None:
        target = s["object"].get("id")
        if s["object"].get("objectType") != "StatementRef" or target == sid:
            self.reject(
                sid,
                RejectReason.INVALID,
                "a voiding statement's object is a StatementRef to another statement",
            )
            return
        held = self.state.get(target) if self.state is not None else None
        if target in voiding or isinstance(held, Retracted):
            self.reject(
                sid,
                RejectReason.INVALID,
                f"statement {target!r} is itself a voiding statement, which cannot be voided "
                "(Data 2.3.2)",
            )
            return
        self.events[sid] = Retracted(sid, on, target)
        count = self.members.get(target, 0)
        if count == 0 and self.state is not None:
            while self.state.get(f"{target}:{count + 1}") is not None:
                count += 1
        for k in range(1, count + 1):
            self.events[f"{sid}:{k}"] = Retracted(f"{sid}:{k}", on, f"{target}:{k}")

    def use(self, sid: str, s: Mapping[str, Any], on: dt.date) -> None:
        verb: str = s["verb"]["id"]
        result: Mapping[str, Any] = s.get("result") or {}
        outcome = self.outcomes.get(verb)
        if outcome is None and self.completion and result.get("completion") is True:
            outcome = Outcome.COMPLETED
        if outcome is None:
            self.reject(
                sid, RejectReason.UNKNOWN_VERB, f"verb {verb!r} means nothing for follow-up"
            )
            return
        if outcome is Outcome.SCORED and not (
            isinstance(result.get("success"), bool) or result.get("completion") is True
        ):
            self.reject(
                sid,
                RejectReason.INCOMPLETE,
                f"verb {verb!r} gives a grade, and the result says neither success nor completion",
            )
            return
        obj = s["object"]
        kind = obj.get("objectType", "Activity")
        if kind != "Activity":
            self.reject(
                sid, RejectReason.NOT_AN_ACTIVITY, f"the object is a {kind}, not an activity"
            )
            return
        persons = self.actors(sid, s["actor"])
        if not persons:
            return
        activity = self.activity(sid, s, obj["id"])
        if activity is None:
            return
        passed: bool | None = {Outcome.PASSED: True, Outcome.FAILED: False}.get(outcome)
        if passed is None and isinstance(result.get("success"), bool):
            passed = result["success"]
        grade = _score(result, self.score)
        if s["actor"].get("objectType") == "Group":
            if self.state is not None and self.state.is_retracted(sid):
                self.reject(sid, RejectReason.VOIDED, "an earlier statement voided this one")
                return
            self.members[sid] = len(persons)
            ids = [f"{sid}:{k}" for k in range(1, len(persons) + 1)]
        else:
            ids = [sid]
        made: list[tuple[str, ActivityCompleted]] = []
        try:
            for eid, person in zip(ids, persons, strict=True):
                made.append((eid, ActivityCompleted(eid, person, activity, on, grade, passed)))
        except ValidationError as err:
            self.members.pop(sid, None)
            self.reject(sid, RejectReason.INVALID, str(err))
            return
        tested = self.competencies.get(activity)
        for eid, event in made:
            self.events[eid] = event
            if tested is not None and passed is not None:
                self.signals[eid] = Signal(
                    eid, SignalKind.TEST_RESULT, on, tested, person=event.person, passed=passed
                )

    def actors(self, sid: str, actor: Mapping[str, Any]) -> list[str]:
        """The persons a statement is about; rejected (and empty) when there are none."""
        if actor.get("objectType") == "Group":
            if not self.groups:
                self.reject(sid, RejectReason.GROUP_ACTOR, "the actor is a group")
                return []
            persons = _members(actor, self.people)
            if not persons:
                named = actor_key(actor)
                self.reject(
                    sid,
                    RejectReason.UNKNOWN_ACTOR,
                    f"no person is known among the members of group {named!r}",
                )
            return persons
        key = actor_key(actor)
        person = self.people.get(key) if key is not None else None
        if person is None:
            self.reject(sid, RejectReason.UNKNOWN_ACTOR, f"no person is known for actor {key!r}")
            return []
        return [person]

    def activity(self, sid: str, s: Mapping[str, Any], iri: str) -> str | None:
        """The activity a statement is about; rejected (and None) when there is none."""
        found = self.activities.get(iri)
        if found is not None:
            return found
        ups = _parents(s)
        if self.parents and ups and ups[0] in self.activities:
            return self.activities[ups[0]]
        mapped = next((up for up in ups if up in self.activities), None)
        if mapped is not None:
            self.reject(
                sid,
                RejectReason.PART_OF_ACTIVITY,
                f"{iri!r} is part of {mapped!r} ({self.activities[mapped]!r}), not the whole "
                "activity",
            )
        else:
            self.reject(sid, RejectReason.UNKNOWN_ACTIVITY, f"no activity is known for {iri!r}")
        return None
