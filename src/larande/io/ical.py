"""Schedules as RFC 5545 calendars, for any calendar client (the ``ical`` extra).

One event per placement (each occurrence of a series is one): an all-day event, or a
timed one when its session has a start time (``times=``). The event's ``UID`` is the
placement's id with a fixed domain (``"{person}:{activity}:{occurrence}@larande"`` for an
occurrence of a series), so a rescheduled course updates the event in people's calendars
instead of adding a second one. Give the feed you served last time as ``previous`` and the
time of this export as ``stamp``, and a moved event carries a higher ``SEQUENCE`` and the
new ``DTSTAMP``, so that clients importing the file take it as the newer version. Needs the
``icalendar`` package: ``pip install "larande[ical]"``.

Nothing a host's data holds can break out of its property: ids, names, titles and reasons
lose their control characters and line breaks (each becomes a space), and the rest is
escaped as RFC 5545 text.

>>> import datetime as dt
>>> from larande import Activity, Catalog, Placement, Schedule
>>> catalog = Catalog([Activity("cpr", "CPR refresher", "course", {"cpr": 1},
...                             dt.timedelta(hours=4))])
>>> year = Schedule([Placement("anna", "cpr", dt.date(2026, 2, 24))], [],
...                 dt.date(2026, 1, 1), dt.date(2026, 12, 31),
...                 efforts={"cpr": dt.timedelta(hours=4)})
>>> text = to_ical(year, catalog).decode()
>>> "UID:anna:cpr@larande" in text, "SUMMARY:CPR refresher" in text
(True, True)
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterable, Mapping
from typing import Any

from larande import _check as check
from larande.catalog import Catalog

try:
    import icalendar
except ImportError as _missing:  # pragma: no cover - the extra is in the dev install
    raise ImportError(
        'larande.io.ical needs the icalendar package: pip install "larande[ical]"'
    ) from _missing

from larande.exceptions import UnknownIdError, ValidationError
from larande.organization import Organization
from larande.planning import LearningPlan
from larande.scheduling import Placement, Schedule

__all__ = ["UID_DOMAIN", "to_ical"]

UID_DOMAIN = "larande"
"""The domain part of every event's UID: ``"{person}:{activity}@larande"`` (and
``":{occurrence}"`` after the activity for an occurrence of a series)."""

_DAY = dt.timedelta(hours=8)  # a day of training: the longest timed event without an end
# Line breaks as Python, JavaScript and Unicode know them, beyond "\n" and "\r".
_BREAKS = frozenset("\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
_SKIPPED = (b"DTSTAMP", b"SEQUENCE")  # what a change of the event's content does not count


def _unwritable(c: str) -> bool:
    """A control character, a line break, or a lone surrogate (which UTF-8 cannot hold)."""
    code = ord(c)
    return code < 0x20 or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xE000 or c in _BREAKS


def _clean(text: str) -> str:
    """Text for one property: every control character and line break becomes a space."""
    return "".join(" " if _unwritable(c) else c for c in text)


def _uid_part(text: str) -> str:
    """An id as part of a UID, its control characters (and ``%``) percent-encoded.

    So two different ids never give one UID, and none can end the line.
    """
    return "".join(f"%{ord(c):02X}" if c == "%" or _unwritable(c) else c for c in text)


Times = Mapping[str, dt.time | tuple[dt.time, dt.time]]


def to_ical(
    schedule: Schedule,
    catalog: Catalog,
    *,
    plans: Iterable[LearningPlan] | None = None,
    person: str | None = None,
    unit: str | None = None,
    org: Organization | None = None,
    stamp: dt.datetime | None = None,
    uid_domain: str = UID_DOMAIN,
    previous: bytes | str | None = None,
    times: Times | None = None,
    tz: str = "Europe/Stockholm",
) -> bytes:
    """The schedule as an iCalendar document (bytes, UTF-8, CRLF line ends).

    Args:
        schedule: what is placed.
        catalog: for the activities' titles and efforts.
        plans: with them, each event says why it is planned (the needs behind it).
        person: only this person's placements.
        unit: only the placements of this unit's members, sub-units included (needs
            ``org``).
        org: the organisation, for ``unit`` and for people's names.
        stamp: the time of this export: the ``DTSTAMP`` of new and changed events. By
            default midnight UTC of the schedule's start, so that the same schedule always
            gives the same bytes (the library never reads the clock). Needed with
            ``previous``.
        uid_domain: the domain part of the UIDs.
        previous: the feed this function wrote last time. An event whose UID it holds
            keeps its ``SEQUENCE`` and ``DTSTAMP`` when nothing else changed; a moved or
            otherwise changed event gets the next ``SEQUENCE`` and ``stamp`` as its
            ``DTSTAMP``, so that importing clients take it as newer.
        times: session id -> its start time, or its start and end times (local times in
            ``tz``): a placement in that session is a timed event. Without an end, the
            event lasts the activity's effort, at most a day of training (8 hours).
        tz: the time zone of ``times``; timed events are written in UTC.

    Each event is on the placement's day, with the activity's title as ``SUMMARY`` and its
    effort, session and reasons in ``DESCRIPTION``; the person is in ``ATTENDEE``-free form
    in the description (calendars differ in how they treat attendees), and the event's
    ``CATEGORIES`` is the activity's kind. Each occurrence of a series is its own event,
    its UID the placement's id with the occurrence's number (``anna:apt:3@larande``), so a
    moved occurrence updates its own event. A one-off activity placed for a person more
    than once (an annual refresher over two years) has one event per placement, their UIDs
    numbered by date (``anna:cpr:1@larande``, ``anna:cpr:2@larande``); a placement alone
    keeps ``{person}:{activity}@{uid_domain}``.

    Raises:
        ValidationError: an argument of the wrong type, a naive ``stamp``, ``previous``
            without ``stamp`` or that is not a calendar, a ``stamp`` before the previous
            feed's, ``times`` naming an unknown session or holding an end before its start,
            an unknown time zone, an unknown person or unit.
    """
    if not isinstance(schedule, Schedule):
        raise ValidationError(
            f"expected a Schedule, got {check.describe(schedule)}", path="schedule"
        )
    if not isinstance(catalog, Catalog):
        raise ValidationError(f"expected a Catalog, got {check.describe(catalog)}", path="catalog")
    if unit is not None and org is None:
        raise ValidationError("unit needs org, to know the unit's members", path="org")
    if org is not None and not isinstance(org, Organization):
        raise ValidationError(f"expected an Organization, got {check.describe(org)}", path="org")
    if stamp is not None and (not isinstance(stamp, dt.datetime) or stamp.utcoffset() is None):
        raise ValidationError(
            f"expected a timezone-aware datetime, got {check.describe(stamp)}", path="stamp"
        )
    if not isinstance(uid_domain, str) or not uid_domain or _clean(uid_domain) != uid_domain:
        raise ValidationError(
            f"expected a domain without control characters, got {check.describe(uid_domain)}",
            path="uid_domain",
        )
    try:
        zone = zoneinfo.ZoneInfo(tz)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise ValidationError(f"unknown time zone {check.describe(tz)}", path="tz") from None
    starts = _times(times, catalog)
    held = _previous(previous, stamp)
    wanted: set[str] | None = None
    if person is not None:
        if org is not None:
            org.person(person)
        elif not any(p.person == person for p in schedule.placements):
            raise UnknownIdError(
                "person",
                person,
                path="person",
                expected="a person with placements in the schedule",
            )
        wanted = {person}
    if unit is not None:
        assert org is not None  # for the type checker: refused above without org
        members = {p.id for p in org.members(unit)}
        wanted = members if wanted is None else wanted & members
    why = _reasons(plans)
    dtstamp = (stamp or dt.datetime.combine(schedule.start, dt.time(), dt.UTC)).astimezone(dt.UTC)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//larande//learning schedule//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    title = "Learning" if person is None else f"Learning: {person}"
    if unit is not None:
        title += f" ({unit})" if person is not None else f": {unit}"
    cal.add("x-wr-calname", icalendar.vText(_clean(title)))
    for p, uid in _uids(schedule, uid_domain):
        if wanted is not None and p.person not in wanted:
            continue
        event = _event(p, uid, catalog, org, why, starts, zone)
        before = held.get(uid)
        if before is None or before[2] != _fingerprint(event):
            sequence = 0 if before is None else before[0] + 1
            event.add("dtstamp", dtstamp)
        else:
            sequence = before[0]
            event.add("dtstamp", before[1])
        event.add("sequence", sequence)
        cal.add_component(event)
    return bytes(cal.to_ical())


def _uids(schedule: Schedule, domain: str) -> list[tuple[Placement, str]]:
    """Every placement with its UID: its id, numbered by date when the id repeats."""
    placements = schedule.placements
    count: dict[str, int] = {}
    for p in placements:
        count[p.id] = count.get(p.id, 0) + 1
    number: dict[int, int] = {}
    seen: dict[str, int] = {}
    for i in sorted(
        range(len(placements)),
        key=lambda i: (placements[i].id, placements[i].on, placements[i].session or "", i),
    ):
        seen[placements[i].id] = number[i] = seen.get(placements[i].id, 0) + 1
    out = []
    for i, p in enumerate(placements):
        uid = _uid_part(p.id) if count[p.id] == 1 else f"{_uid_part(p.id)}:{number[i]}"
        out.append((p, f"{uid}@{domain}"))
    return out


def _times(times: object, catalog: Catalog) -> dict[str, tuple[dt.time, dt.time | None]]:
    """Session id -> (start, end or None), checked."""
    found: dict[str, tuple[dt.time, dt.time | None]] = {}
    for a in catalog.activities:
        for session in a.sessions:
            start = getattr(session, "start", None)  # a catalog whose sessions carry times
            if isinstance(start, dt.time):
                end = getattr(session, "end", None)
                found[session.id] = (start, end if isinstance(end, dt.time) else None)
    if times is None:
        return found
    if not isinstance(times, Mapping):
        raise ValidationError(
            f"expected a mapping session id -> time, got {check.describe(times)}", path="times"
        )
    sessions = {s.id for a in catalog.activities for s in a.sessions}
    for sid, when in times.items():
        where = f"times[{sid!r}]"
        if sid not in sessions:
            raise UnknownIdError("session", str(sid), path=where, expected="a session's id")
        start, end = when if isinstance(when, tuple) and len(when) == 2 else (when, None)
        for value in (start, end):
            if value is not None and (not isinstance(value, dt.time) or value.tzinfo is not None):
                raise ValidationError(
                    "expected a local datetime.time, or a (start, end) pair of them, got "
                    f"{check.describe(when)}",
                    path=where,
                )
        if end is not None and end <= start:
            raise ValidationError(f"the end {end} is not after the start {start}", path=where)
        found[sid] = (start, end)
    return found


def _previous(previous: object, stamp: dt.datetime | None) -> dict[str, tuple[int, Any, bytes]]:
    """UID -> (SEQUENCE, DTSTAMP, content) of each event in the previous feed."""
    if previous is None:
        return {}
    if not isinstance(previous, bytes | str):
        raise ValidationError(
            f"expected the previous feed (bytes or str), got {check.describe(previous)}",
            path="previous",
        )
    if stamp is None:
        raise ValidationError(
            "a feed with previous needs stamp, the time of this export, for the DTSTAMP of "
            "what changed",
            path="stamp",
        )
    try:
        cal = icalendar.Calendar.from_ical(previous)
        found = {}
        latest = None
        for event in cal.walk("VEVENT"):
            sequence = int(event.get("SEQUENCE", 0))
            when = event.decoded("DTSTAMP")
            if not isinstance(when, dt.datetime) or when.utcoffset() is None:
                raise ValueError("DTSTAMP is not a UTC date-time")
            latest = when if latest is None else max(latest, when)
            found[str(event["UID"])] = (sequence, when, _fingerprint(event))
    except ValidationError:
        raise
    except Exception as exc:  # icalendar raises many kinds of errors on text it cannot read
        raise ValidationError(
            f"the previous feed is not an iCalendar document this function wrote: {exc}",
            path="previous",
        ) from None
    if latest is not None and stamp < latest:
        raise ValidationError(
            f"stamp {stamp.isoformat()} is before the previous feed's DTSTAMP "
            f"{latest.isoformat()}; expected the time of this export",
            path="stamp",
        )
    return found


def _fingerprint(event: icalendar.Component) -> bytes:
    """The event's content lines, without its stamp and sequence."""
    lines = bytes(event.to_ical()).split(b"\r\n")
    return b"\r\n".join(line for line in lines if not line.startswith(_SKIPPED))


def _reasons(plans: Iterable[LearningPlan] | None) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    if plans is None:
        return out
    if isinstance(plans, str | bytes | Mapping) or not isinstance(plans, Iterable):
        raise ValidationError(
            f"expected learning plans, got {check.describe(plans)}", path="plans"
        )
    for plan in plans:
        if not isinstance(plan, LearningPlan):
            raise ValidationError(
                f"expected a LearningPlan, got {check.describe(plan)}", path="plans"
            )
        for item in plan.items:
            texts = [r.text for n in item.needs for r in n.reasons]
            if item.required_by:
                texts.append(f"needed before {', '.join(item.required_by)}")
            if texts:
                out[(plan.person, item.activity)] = "; ".join(dict.fromkeys(texts))
    return out


def _event(
    p: Placement,
    uid: str,
    catalog: Catalog,
    org: Organization | None,
    why: dict[tuple[str, str], str],
    starts: Mapping[str, tuple[dt.time, dt.time | None]],
    zone: zoneinfo.ZoneInfo,
) -> icalendar.Event:
    activity = catalog.activity(p.activity)
    event = icalendar.Event()
    event.add("uid", icalendar.vText(uid))
    timed = starts.get(p.session) if p.session is not None else None
    if timed is not None:
        start, end = timed
        begin = dt.datetime.combine(p.on, start, zone)
        finish = (
            dt.datetime.combine(p.on, end, zone)
            if end is not None
            else begin + min(activity.effort, _DAY)
        )
        try:
            event.add("dtstart", begin.astimezone(dt.UTC))
            event.add("dtend", finish.astimezone(dt.UTC))
        except OverflowError:
            raise ValidationError(
                f"placement {p.id!r} on {p.on} cannot be written as a time in UTC",
                path="schedule.placements",
            ) from None
    else:
        event.add("dtstart", p.on)
        if p.on < dt.date.max:
            event.add("dtend", p.on + dt.timedelta(days=1))
        else:  # the calendar's last day has no next day to end on
            event.add("duration", dt.timedelta(days=1))
    event.add("summary", icalendar.vText(_clean(activity.title)))
    who = org.person(p.person).name if org is not None and org.has_person(p.person) else p.person
    hours = activity.effort.total_seconds() / 3600
    lines = [f"For: {who}", f"Effort: {hours:g} hours"]
    if p.session is not None:
        lines.append(f"Session: {p.session}")
    if p.instead_of is not None:
        first = catalog.activity(p.instead_of).title if p.instead_of in catalog else p.instead_of
        lines.append(f"Instead of: {first}")
    if p.occurrence is not None:
        lines.append(f"Occurrence: {p.occurrence}")
    reason = why.get((p.person, p.item))
    if reason:
        lines.append(f"Why: {reason}")
    event.add("description", icalendar.vText("\n".join(_clean(line) for line in lines)))
    event.add("categories", [_clean(str(activity.kind))])
    event.add("transp", "TRANSPARENT")
    return event
