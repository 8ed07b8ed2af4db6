"""The follow-up state: every event received, folded in any order, shared between versions."""

from __future__ import annotations

import datetime as dt
from bisect import insort
from collections.abc import Container, Iterable, Iterator
from typing import Any

from larande import _check as check
from larande._gc import paused
from larande._pmap import PMap, PTuples, pmap_from, ptuples_from
from larande.catalog import Catalog
from larande.exceptions import UnknownIdError, ValidationError
from larande.followup._events import (
    EVENT_TYPES,
    ActionPlanSet,
    CheckIn,
    Event,
    Measured,
    ObjectiveAchieved,
    Retracted,
    person_of,
)
from larande.goals import GoalGraph
from larande.organization import Organization

# Folding in more events than this share of the state rebuilds the maps in one go: one
# layer each (see larande._pmap), the same items as folding them in would give.
_BULK_SHARE = 0.125


# The classes of events indexed by their person alone (not measurements, not retractions).
_PERSONAL = frozenset(t for t in EVENT_TYPES if t is not Measured and t is not Retracted)


def _order(event: Event) -> tuple[Any, str]:
    return (event.on, event.id)


class FollowUpState:
    """What has happened after training: every event, by id, each once.

    Built by :func:`replay`, never changed: folding in more events makes a new state that
    shares nearly everything with the old one. Two states are equal when they hold the same
    events, whatever order those arrived in.
    """

    __slots__ = (
        "_by_goal",
        "_by_person",
        "_by_unit",
        "_events",
        "_last",
        "_retracted",
        "_waiting",
    )

    def __init__(
        self,
        _events: PMap[str, Event] | None = None,
        _retracted: PMap[str, tuple[str, ...]] | None = None,
        _by_person: PTuples[str, Event] | None = None,
        _by_goal: PTuples[str, Event] | None = None,
        _by_unit: PTuples[str, Event] | None = None,
        _last: PMap[str, dt.date] | None = None,
        _waiting: PMap[str, None] | None = None,
    ) -> None:
        self._events: PMap[str, Event] = _events if _events is not None else PMap()
        # A withdrawn event's id -> the ids of the retractions withdrawing it, sorted.
        self._retracted: PMap[str, tuple[str, ...]] = (
            _retracted if _retracted is not None else PMap()
        )
        self._by_person: PTuples[str, Event] = _by_person if _by_person is not None else PTuples()
        self._by_goal: PTuples[str, Event] = _by_goal if _by_goal is not None else PTuples()
        # Team action plans, which name a unit instead of a person.
        self._by_unit: PTuples[str, Event] = _by_unit if _by_unit is not None else PTuples()
        # A person -> a day none of their events in ``_by_person`` is after: a new event
        # after it goes last there, without a look at those held.
        self._last: PMap[str, dt.date] = _last if _last is not None else PMap()
        # The ids retracted before any event with them arrived: such an event is withdrawn.
        self._waiting: PMap[str, None] = _waiting if _waiting is not None else PMap()

    def __len__(self) -> int:
        return len(self._events)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, FollowUpState):
            return NotImplemented
        return self._events == other._events

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<FollowUpState: {len(self._events)} events, {len(self._by_person)} people, "
            f"{len(self._retracted)} retracted>"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (list(self._events.values()),))

    # -- reading -----------------------------------------------------------------------------

    def event(self, id: str) -> Event:
        """The event with this id (retracted or not); ``UnknownIdError`` if there is none."""
        found = self._events.get(id)
        if found is None:
            raise UnknownIdError("event", str(id))
        return found

    def get(self, id: str) -> Event | None:
        """The event with this id (retracted or not), or ``None`` if there is none."""
        return self._events.get(id)

    def is_retracted(self, id: str) -> bool:
        """Whether an event with this id is withdrawn by a retraction."""
        return id in self._retracted

    def all_events(self) -> tuple[Event, ...]:
        """Every event received, retractions and retracted ones included, by day and id."""
        return tuple(sorted(self._events.values(), key=_order))

    def events(self) -> Iterator[Event]:
        """The events in effect (neither retracted nor retractions), in no particular order."""
        retracted = self._retracted
        for e in self._events.values():
            if not isinstance(e, Retracted) and e.id not in retracted:
                yield e

    def people(self) -> tuple[str, ...]:
        """The ids of the people with events, sorted."""
        return tuple(sorted(self._by_person.keys()))

    def of_person(self, person: str) -> tuple[Event, ...]:
        """A person's events in effect, by day and id (held so: no sort)."""
        return self._by_person.get(person) or ()

    def units(self) -> tuple[str, ...]:
        """The ids of the units with team action plans, sorted."""
        return tuple(sorted(self._by_unit.keys()))

    def of_unit(self, unit: str) -> tuple[ActionPlanSet, ...]:
        """A unit's team action plans in effect, by day and id."""
        return self._by_unit.get(unit) or ()  # type: ignore[return-value]

    def measurements(self, goal: str) -> tuple[Measured, ...]:
        """A goal's measurements in effect, by day and id."""
        return self._by_goal.get(goal) or ()  # type: ignore[return-value]

    def goals_measured(self) -> tuple[str, ...]:
        """The ids of the goals with measurements, sorted."""
        return tuple(sorted(self._by_goal.keys()))


def _rebuild(events: list[Event]) -> FollowUpState:
    return replay(events)


def _check_event(
    i: int,
    e: object,
    org: Organization | None,
    goals: GoalGraph | None,
    catalog: Catalog | None,
) -> None:
    if not isinstance(e, EVENT_TYPES):
        raise ValidationError(
            f"expected a follow-up event, got {check.describe(e)}", path=f"events[{i}]"
        )
    person = person_of(e)
    if org is not None and person is not None and not org.has_person(person):
        raise UnknownIdError(
            "person", person, path=f"events[{i}].person", referrer=f"event {e.id!r}"
        )
    if (
        org is not None
        and isinstance(e, ActionPlanSet)
        and e.unit is not None
        and not org.has_unit(e.unit)
    ):
        raise UnknownIdError(
            "unit", e.unit, path=f"events[{i}].unit", referrer=f"team action plan {e.id!r}"
        )
    if goals is not None:
        goal = e.goal if isinstance(e, ActionPlanSet | Measured) else None
        if goal is not None and goal not in goals:
            raise UnknownIdError(
                "goal", goal, path=f"events[{i}].goal", referrer=f"event {e.id!r}"
            )
        if isinstance(e, ObjectiveAchieved) and e.objective not in goals:
            raise UnknownIdError(
                "goal", e.objective, path=f"events[{i}].objective", referrer=f"event {e.id!r}"
            )
    if catalog is not None:
        activity = getattr(e, "activity", None)
        if activity is not None and activity not in catalog:
            raise UnknownIdError(
                "activity", activity, path=f"events[{i}].activity", referrer=f"event {e.id!r}"
            )
        # A check-in follows up an activity or an individual objective: with both the
        # catalog and the goals, it must name one of them.
        if (
            isinstance(e, CheckIn)
            and goals is not None
            and e.subject not in catalog
            and e.subject not in goals
        ):
            raise UnknownIdError(
                "activity or objective",
                e.subject,
                path=f"events[{i}].subject",
                referrer=f"event {e.id!r}",
            )


def replay(
    events: Iterable[Event],
    *,
    state: FollowUpState | None = None,
    org: Organization | None = None,
    goals: GoalGraph | None = None,
    catalog: Catalog | None = None,
) -> FollowUpState:
    """Fold ``events`` into ``state`` (an empty one by default): a pure function.

    The same event twice counts once, and the order of arrival does not matter, a
    retraction included (it withdraws its target whether that came before or after), so
    ``replay(b, state=replay(a)) == replay(a + b)`` for any ``a`` and ``b`` and a host may
    fold in each day's events as they come. Folding a few events into a large state costs
    what the few cost: the new state shares everything else with the old one (amortised:
    now and then a fold also merges what earlier folds added, and once in a long while
    that means copying the whole state's maps, some tens of milliseconds for a million
    events). With ``org``, ``goals`` or ``catalog``, the people, goals and activities
    events name are checked (a check-in's subject, with both ``goals`` and ``catalog``).

    Raises:
        ValidationError: two different events with one id; a retraction of a retraction;
            something that is not an event; with ``org``/``goals``/``catalog``, an unknown
            person, goal or activity. The path names the event (``"events[3].person"``);
            ``state`` is unchanged.

    >>> import datetime as dt
    >>> from larande.followup import ActivityCompleted, Retracted
    >>> done = ActivityCompleted("e1", "anna", "cpr-refresher", dt.date(2026, 2, 24))
    >>> fix = Retracted("e2", dt.date(2026, 2, 25), target="e1")
    >>> replay([fix, done]) == replay([done, fix, done])
    True
    >>> list(replay([fix, done]).events())
    []
    """
    given: object = events  # typed loosely: callers may pass anything
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise ValidationError(
            f"expected an iterable of events, got {check.describe(events)}", path="events"
        )
    if state is not None and not isinstance(state, FollowUpState):
        raise ValidationError(
            f"expected a FollowUpState or None, got {check.describe(state)}", path="state"
        )
    if org is not None and not isinstance(org, Organization):
        raise ValidationError(
            f"expected an Organization or None, got {check.describe(org)}", path="org"
        )
    if goals is not None and not isinstance(goals, GoalGraph):
        raise ValidationError(
            f"expected a GoalGraph or None, got {check.describe(goals)}", path="goals"
        )
    if catalog is not None and not isinstance(catalog, Catalog):
        raise ValidationError(
            f"expected a Catalog or None, got {check.describe(catalog)}", path="catalog"
        )
    base = state if state is not None else FollowUpState()
    with paused():
        fresh = _fresh(events, base._events, org, goals, catalog)
        if not fresh:
            return base
        old = base._events
        if state is None or len(fresh) > _BULK_SHARE * len(old):
            _check_retractions(fresh.values(), fresh, old)
            return _bulk(list(old.values()) + list(fresh.values()))
        return _incremental(base, fresh)


def _fresh(
    events: Iterable[Event],
    old: PMap[str, Event],
    org: Organization | None,
    goals: GoalGraph | None,
    catalog: Catalog | None,
) -> dict[str, Event]:
    """The events ``old`` lacks, by id, each checked; an error names the first bad one."""
    fresh: dict[str, Event] = {}
    checking = org is not None or goals is not None or catalog is not None
    # The events are read once, as they come; an error's index needs them again.
    seen: list[Event] | None = None if isinstance(events, list | tuple) else []
    try:
        for i, e in enumerate(events):
            if checking or not isinstance(e, EVENT_TYPES):
                _check_event(i, e, org, goals, catalog)
            if seen is not None:
                seen.append(e)
            held = fresh.setdefault(e.id, e)
            if held is not e and held != e:
                raise _conflict(i, held, e)
    except ValidationError:
        # An earlier event unlike the one held with its id was the first error.
        earlier = _first_conflict(events if seen is None else seen, fresh, old.pick(fresh))
        if earlier is None:
            raise
        raise earlier from None
    # Those already held (sent again) are not fresh: looked up all at once.
    held_before = old.pick(fresh)
    if held_before:
        clash = _first_conflict(events if seen is None else seen, fresh, held_before)
        if clash is not None:
            raise clash
        for id in held_before:
            del fresh[id]
    return fresh


def _conflict(i: int, held: Event, e: Event) -> ValidationError:
    return ValidationError(
        f"two different events share the id {e.id!r}: {held!r} and {e!r}",
        path=f"events[{i}]",
        code="conflicting-event",
        params={"id": e.id},
    )


def _first_conflict(
    events: Iterable[Event], fresh: dict[str, Event], held: dict[str, Event]
) -> ValidationError | None:
    """The error for the first of ``events`` (all in ``fresh``) unlike the one ``held``."""
    clashes = {id for id, old in held.items() if old != fresh[id]}
    if clashes:
        for i, e in enumerate(events):
            if e.id in clashes:
                return _conflict(i, held[e.id], e)
    return None


def _check_retractions(
    candidates: Iterable[Event], fresh: dict[str, Event], old: PMap[str, Event]
) -> None:
    """Refuse the first retraction among ``candidates`` (of ``fresh``) of a retraction."""

    def known(id: str) -> Event | None:
        return fresh.get(id) or old.get(id)

    for e in candidates:
        if isinstance(e, Retracted):
            target = known(e.target)
            if isinstance(target, Retracted):
                raise ValidationError(
                    f"retraction {e.id!r} targets the retraction {target.id!r}; a retraction "
                    "cannot be withdrawn",
                    code="retracted-retraction",
                    params={"event": e.id, "target": target.id},
                )


def _retractions(events: Iterable[Event]) -> dict[str, tuple[str, ...]]:
    """Target id -> the retractions withdrawing it, sorted (the first names it in errors)."""
    retracted: dict[str, list[str]] = {}
    for e in events:
        if isinstance(e, Retracted):
            retracted.setdefault(e.target, []).append(e.id)
    return {target: tuple(sorted(ids)) for target, ids in retracted.items()}


_Index = tuple[dict[str, list[Event]], dict[str, list[Event]], dict[str, list[Event]]]


def _index(events: Iterable[Event], retracted: Container[str]) -> _Index:
    """The events in effect by person, by goal (measurements) and by unit (team plans).

    A person with only withdrawn events keeps an empty entry: they still had events.
    """
    by_person: dict[str, list[Event]] = {}
    by_goal: dict[str, list[Event]] = {}
    by_unit: dict[str, list[Event]] = {}
    for e in events:
        if isinstance(e, Retracted):
            continue
        keep = e.id not in retracted
        person = person_of(e)
        if person is not None:
            found = by_person.setdefault(person, [])
            if keep:
                found.append(e)
        elif isinstance(e, ActionPlanSet) and e.unit is not None:
            found = by_unit.setdefault(e.unit, [])
            if keep:
                found.append(e)
        if isinstance(e, Measured):
            found = by_goal.setdefault(e.goal, [])
            if keep:
                found.append(e)
    return by_person, by_goal, by_unit


def _sorted(found: Iterable[Event]) -> tuple[Event, ...]:
    return tuple(sorted(found, key=_order))


def _bulk(events: list[Event]) -> FollowUpState:
    retracted = _retractions(events)
    _refuse_retracted_retractions(events, retracted)
    by_person, by_goal, by_unit = _index(events, retracted)
    theirs = {p: _sorted(found) for p, found in by_person.items()}
    by_id = pmap_from((e.id, e) for e in events)
    return FollowUpState(
        by_id,
        pmap_from(retracted.items()),
        ptuples_from(theirs.items()),
        ptuples_from((g, _sorted(found)) for g, found in by_goal.items()),
        ptuples_from((u, _sorted(found)) for u, found in by_unit.items()),
        pmap_from((p, found[-1].on) for p, found in theirs.items() if found),
        pmap_from((target, None) for target in retracted if target not in by_id),
    )


def _refuse_retracted_retractions(
    events: list[Event], retracted: dict[str, tuple[str, ...]]
) -> None:
    for e in events:
        if isinstance(e, Retracted) and e.id in retracted:
            raise ValidationError(
                f"retraction {retracted[e.id][0]!r} targets the retraction {e.id!r}; a "
                "retraction cannot be withdrawn",
                code="retracted-retraction",
                params={"event": retracted[e.id][0], "target": e.id},
            )


def _incremental(base: FollowUpState, fresh: dict[str, Event]) -> FollowUpState:
    # Most events name a person and go to that person's index alone: gathered at once,
    # the one event most people have in a fold apart from those of people with several.
    one: dict[str, Event] = {}
    several: dict[str, list[Event]] = {}
    others: list[Event] = []
    for e in fresh.values():
        if type(e) in _PERSONAL:
            person = e.person  # type: ignore[union-attr]
            if person is not None:
                first = one.setdefault(person, e)
                if first is not e:
                    several.setdefault(person, [first]).append(e)
                continue
        others.append(e)
    _check_retractions(others, fresh, base._events)
    retracted = base._retracted
    new_retracted: dict[str, list[str]] = {}
    for e in others:
        if isinstance(e, Retracted):
            if e.id in retracted:
                raise ValidationError(
                    f"retraction {retracted[e.id][0]!r} targets the retraction {e.id!r}; a "
                    "retraction cannot be withdrawn",
                    code="retracted-retraction",
                    params={"event": retracted[e.id][0], "target": e.id},
                )
            new_retracted.setdefault(e.target, []).append(e.id)
    # Fresh events retracted before they came, or by a fresh retraction, are withdrawn.
    waiting = base._waiting
    arrived = waiting.pick(fresh).keys() if waiting else set()
    withdrawn_fresh = set(arrived)
    # Events already held that a new retraction withdraws leave the indices.
    withdrawn: list[Event] = []
    if new_retracted:
        held_retracted = retracted.pick(new_retracted)
        unheard = new_retracted.keys() - held_retracted.keys()
        held = base._events.pick(unheard)
        withdrawn = list(held.values())
        retracted = retracted.update(
            (target, tuple(sorted((*held_retracted.get(target, ()), *rids))))
            for target, rids in new_retracted.items()
        )
        withdrawn_fresh |= new_retracted.keys() & fresh.keys()
        waiting = waiting.update((target, None) for target in unheard - held.keys() - fresh.keys())
    if arrived:
        waiting = waiting.discard(arrived)
    events = base._events.update(fresh, held=0)
    if not withdrawn and not withdrawn_fresh:
        added = _index(others, ())
        for person, found in added[0].items():  # events of classes derived from those
            for e in found:
                first = one.setdefault(person, e)
                if first is not e:
                    several.setdefault(person, [first]).append(e)
        by_person, last = _appended(base._by_person, base._last, one, several)
        return FollowUpState(
            events,
            retracted,
            by_person,
            _indexed(base._by_goal, added[1], {}, ()),
            _indexed(base._by_unit, added[2], {}, ()),
            last,
            waiting,
        )
    # Some events are withdrawn: the indices as a whole, the slower way.
    added = _index(fresh.values(), withdrawn_fresh)
    removed = _index(withdrawn, ())
    gone = {e.id for e in withdrawn}
    by_person = _indexed(base._by_person, added[0], removed[0], gone)
    changed = by_person.pick(added[0])
    return FollowUpState(
        events,
        retracted,
        by_person,
        _indexed(base._by_goal, added[1], removed[1], gone),
        _indexed(base._by_unit, added[2], removed[2], gone),
        base._last.update((p, found[-1].on) for p, found in changed.items() if found),
        waiting,
    )


def _appended(
    index: PTuples[str, Event],
    last: PMap[str, dt.date],
    one: dict[str, Event],
    several: dict[str, list[Event]],
) -> tuple[PTuples[str, Event], PMap[str, dt.date]]:
    """The index by person with ``one`` event each (``several`` for some) in its place.

    An event after the person's ``last`` day goes last, appended without a look at the
    events held (mostly so: a day's events come after those before). Returns the new
    index and last days.
    """
    lasts = last.pick(one)
    appended: dict[str, tuple[Event, ...]] = {}
    later: dict[str, list[Event]] = {}  # not after their person's last day
    days: dict[str, dt.date] = {}
    for person, e in one.items():
        day = e.on
        held = lasts.get(person)
        if held is None or day > held:
            appended[person] = (e,)
            days[person] = day
        else:
            later[person] = [e]
    for person, new in several.items():
        appended.pop(person, None)
        new.sort(key=_order)
        held = lasts.get(person)
        if held is None or new[0].on > held:
            appended[person] = tuple(new)
            days[person] = new[-1].on
        else:
            later[person] = new
    if later:
        found = index.pick(later)
        replaced = {person: _merged(found.get(person, ()), new) for person, new in later.items()}
        days.update((person, events[-1].on) for person, events in replaced.items())
    else:
        replaced = {}
    return index.extend(appended, replaced), last.update(days, held=len(lasts))


def _indexed(
    index: PTuples[str, Event],
    adding: dict[str, list[Event]],
    removing: dict[str, list[Event]],
    gone: Container[str],
) -> PTuples[str, Event]:
    """``index`` with the events ``adding`` in their places and those ``gone`` taken out."""
    if not adding and not removing:
        return index
    keys = adding.keys() | removing.keys()
    held = index.pick(keys)
    updates: dict[str, tuple[Event, ...]] = {}
    for key in keys:
        kept = held.get(key, ())
        if key in removing:
            kept = tuple(e for e in kept if e.id not in gone)
        updates[key] = _merged(kept, adding.get(key))
    return index.replace(updates)


def _merged(held: tuple[Event, ...], new: list[Event] | None) -> tuple[Event, ...]:
    """``held`` (by day and id) with ``new`` put in their places: mostly after the last."""
    if not new:
        return held
    if len(new) > 1:
        new.sort(key=_order)
    if not held:
        return tuple(new)
    last, first = held[-1], new[0]
    if last.on < first.on or (last.on == first.on and last.id < first.id):
        return held + tuple(new)
    merged = list(held)
    for e in new:
        insort(merged, e, key=_order)
    return tuple(merged)


def forget(state: FollowUpState, person: str) -> FollowUpState:
    """The state without any event of ``person`` (and retractions of them): GDPR erasure.

    >>> import datetime as dt
    >>> from larande.followup import CheckIn
    >>> s = replay([CheckIn("c1", "anna", "cpr", dt.date(2026, 3, 1), 0.5)])
    >>> len(forget(s, "anna")), forget(s, "anna") == replay([])
    (0, True)
    """
    if not isinstance(state, FollowUpState):
        raise ValidationError(
            f"expected a FollowUpState, got {check.describe(state)}", path="state"
        )
    if person not in state._by_person:
        return state
    events, retracted = state._events, state._retracted
    theirs = [e.id for e in state._by_person[person]]
    # Their withdrawn events are not in the index: found through the retractions.
    theirs += [
        target for target, old in events.pick(retracted).items() if person_of(old) == person
    ]
    # Every map holding one of their events is copied without it: none is left reachable.
    withdrawing = retracted.pick(theirs)
    return FollowUpState(
        events.discard([*theirs, *(rid for rids in withdrawing.values() for rid in rids)]),
        retracted.discard(withdrawing),
        state._by_person.delete(person),
        state._by_goal,
        state._by_unit,
        state._last.delete(person),
        state._waiting,
    )
