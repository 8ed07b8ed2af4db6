"""Leadership: spotting tomorrow's leaders among those who already lead, share and mentor.

The source documents advise letting people lead projects and working groups, and different
people lead the team's reflection: it grows self-leadership and shows who could lead.
Hosts send a :class:`~larande.followup.Led` event for each such thing led;
:func:`potential_leaders` ranks the people who led, shared what they learnt
(:class:`~larande.followup.KnowledgeShared`) and mentored.
"""

from __future__ import annotations

import datetime as dt

from larande import _check as check
from larande.exceptions import UnknownIdError, ValidationError
from larande.followup import FollowUpState, KnowledgeShared, Led, LedKind
from larande.organization import Organization

__all__ = ["potential_leaders"]


def potential_leaders(
    state: FollowUpState,
    org: Organization,
    *,
    as_of: dt.date,
    within: dt.timedelta = dt.timedelta(days=365),
) -> tuple[str, ...]:
    """The ids of the people who led, shared knowledge or mentored lately, best placed first.

    Counted within ``as_of - within <= on <= as_of``, retracted events left out: things
    led (a :class:`~larande.followup.Led` of any kind but ``mentoring``, a host's own kinds
    included), mentoring (``Led`` of kind ``mentoring``) and knowledge shared. People come
    by how many of those three they did (breadth first: someone who leads, shares and
    mentors is further along than someone who only leads, however often), then by how
    many times in all, then by the latest day, then by id. People who already manage
    someone are left out: they lead already.

    >>> import datetime as dt
    >>> from larande.datasets import load_demo
    >>> from larande.followup import Led, replay
    >>> demo = load_demo()
    >>> led = [Led("led-1", "xin.li", dt.date(2026, 1, 8), "Pipeline pilot", "project"),
    ...        Led("led-2", "rut.engstrom", dt.date(2025, 12, 2), "APT reflection", "meeting")]
    >>> state = replay([*demo.events, *led])
    >>> potential_leaders(state, demo.org, as_of=demo.as_of)
    ('xin.li', 'rut.engstrom')

    Raises:
        UnknownIdError: someone with events in the window is not in ``org``.
        ValidationError: a bad argument (not a state, an organisation, a date, or a
            duration of zero or more).
    """
    if not isinstance(state, FollowUpState):
        raise ValidationError(
            f"expected a FollowUpState, got {check.describe(state)}", path="state"
        )
    if not isinstance(org, Organization):
        raise ValidationError(f"expected an Organization, got {check.describe(org)}", path="org")
    if not check.is_day(as_of):
        raise ValidationError(
            f"expected as_of to be a datetime.date, got {check.describe(as_of)}", path="as_of"
        )
    if not isinstance(within, dt.timedelta) or within < dt.timedelta(0):
        raise ValidationError(
            f"expected within to be a datetime.timedelta of zero or more, "
            f"got {check.describe(within)}",
            path="within",
        )
    try:
        first = as_of - within
    except OverflowError:
        first = dt.date.min
    managers = {p.manager for p in org.people if p.manager is not None}
    ranked: list[tuple[int, int, int, str]] = []
    for person in state.people():
        led = mentored = shared = 0
        latest: dt.date | None = None
        for e in state.of_person(person):
            if not first <= e.on <= as_of:
                continue
            if isinstance(e, Led):
                if e.kind == LedKind.MENTORING:
                    mentored += 1
                else:
                    led += 1
            elif isinstance(e, KnowledgeShared):
                shared += 1
            else:
                continue
            latest = e.on if latest is None or e.on > latest else latest
        if latest is None:
            continue
        if not org.has_person(person):
            raise UnknownIdError(
                "person", person, path="state", referrer="an event", expected="a person of org"
            )
        if person in managers:
            continue
        breadth = (led > 0) + (mentored > 0) + (shared > 0)
        ranked.append((-breadth, -(led + mentored + shared), -latest.toordinal(), person))
    ranked.sort()
    return tuple(person for *_, person in ranked)
