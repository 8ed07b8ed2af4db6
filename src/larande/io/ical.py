"""Schedules as RFC 5545 calendars, for any calendar client (the ``ical`` extra).

One all-day event per placement (each occurrence of a series is one). The event's ``UID``
is the placement's id with a fixed domain (``"{person}:{activity}:{occurrence}@larande"``
for an occurrence), so a rescheduled course updates the event in people's calendars
instead of adding a second one. Needs the ``icalendar`` package: ``pip install "larande[ical]"``.

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
from collections.abc import Iterable

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
        stamp: the ``DTSTAMP`` of every event; by default midnight UTC of the schedule's
            start, so that the same schedule always gives the same bytes (the library never
            reads the clock). Pass the time of export to follow RFC 5545 to the letter.
        uid_domain: the domain part of the UIDs.

    Each event is an all-day event on the placement's day, with the activity's title as
    ``SUMMARY`` and its effort, session and reasons in ``DESCRIPTION``; the person is in
    ``ATTENDEE``-free form in the description (calendars differ in how they treat
    attendees), and the event's ``CATEGORIES`` is the activity's kind.
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
    if stamp is not None and (not isinstance(stamp, dt.datetime) or stamp.tzinfo is None):
        raise ValidationError(
            f"expected a timezone-aware datetime, got {check.describe(stamp)}", path="stamp"
        )
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
        assert org is not None
        members = {p.id for p in org.members(unit)}
        wanted = members if wanted is None else wanted & members
    why = _reasons(plans)
    dtstamp = stamp or dt.datetime.combine(schedule.start, dt.time(), dt.UTC)
    cal = icalendar.Calendar()
    cal.add("prodid", "-//larande//learning schedule//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Learning" if person is None else f"Learning: {person}")
    for p in schedule.placements:
        if wanted is not None and p.person not in wanted:
            continue
        cal.add_component(_event(p, catalog, org, why, dtstamp, uid_domain))
    return bytes(cal.to_ical())


def _reasons(plans: Iterable[LearningPlan] | None) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    if plans is None:
        return out
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
    catalog: Catalog,
    org: Organization | None,
    why: dict[tuple[str, str], str],
    dtstamp: dt.datetime,
    uid_domain: str,
) -> icalendar.Event:
    activity = catalog.activity(p.activity)
    event = icalendar.Event()
    event.add("uid", f"{p.id}@{uid_domain}")
    event.add("dtstamp", dtstamp)
    event.add("dtstart", p.on)
    event.add("dtend", p.on + dt.timedelta(days=1))
    event.add("summary", activity.title)
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
    event.add("description", "\n".join(lines))
    event.add("categories", [activity.kind.value])
    event.add("transp", "TRANSPARENT")
    return event
