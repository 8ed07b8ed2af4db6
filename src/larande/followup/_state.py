"""The follow-up state: every event received, folded in any order, shared between versions."""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator
from typing import Any

from larande import _check as check
from larande._gc import paused
from larande._pmap import PMap, pmap_from
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

# Folding in more events than this share of the state rebuilds the maps in one go, which
# is faster than path-copying each one (the result is the same trie either way).
_BULK_SHARE = 0.125


def _order(event: Event) -> tuple[Any, str]:
    return (event.on, event.id)


class FollowUpState:
    """What has happened after training: every event, by id, each once.

    Built by :func:`replay`, never changed: folding in more events makes a new state that
    shares nearly everything with the old one. Two states are equal when they hold the same
    events, whatever order those arrived in.
    """

    __slots__ = ("_by_goal", "_by_person", "_by_unit", "_events", "_retracted")

    def __init__(
        self,
        _events: PMap[str, Event] | None = None,
        _retracted: PMap[str, str] | None = None,
        _by_person: PMap[str, tuple[Event, ...]] | None = None,
        _by_goal: PMap[str, tuple[Event, ...]] | None = None,
        _by_unit: PMap[str, tuple[Event, ...]] | None = None,
    ) -> None:
        self._events: PMap[str, Event] = _events if _events is not None else PMap()
        self._retracted: PMap[str, str] = _retracted if _retracted is not None else PMap()
        self._by_person: PMap[str, tuple[Event, ...]] = (
            _by_person if _by_person is not None else PMap()
        )
        self._by_goal: PMap[str, tuple[Event, ...]] = _by_goal if _by_goal is not None else PMap()
        # Team action plans, which name a unit instead of a person.
        self._by_unit: PMap[str, tuple[Event, ...]] = _by_unit if _by_unit is not None else PMap()

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
        """A person's events in effect, by day and id (held so: no look-up, no sort)."""
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
    what the few cost: the new state shares everything else with the old one. With ``org``,
    ``goals`` or ``catalog``, the people, goals and activities events name are checked (a
    check-in's subject, with both ``goals`` and ``catalog``).

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
        fresh: dict[str, Event] = {}
        old = base._events
        for i, e in enumerate(events):
            _check_event(i, e, org, goals, catalog)
            held = fresh.get(e.id)
            if held is None:
                held = old.get(e.id)
            if held is None:
                fresh[e.id] = e
            elif held != e:
                raise ValidationError(
                    f"two different events share the id {e.id!r}: {held!r} and {e!r}",
                    path=f"events[{i}]",
                    code="conflicting-event",
                    params={"id": e.id},
                )
        if not fresh:
            return base
        _check_retractions(fresh, old)
        if state is None or len(fresh) > _BULK_SHARE * len(old):
            return _bulk(list(old.values()) + list(fresh.values()))
        return _incremental(base, fresh)


def _check_retractions(fresh: dict[str, Event], old: PMap[str, Event]) -> None:
    def known(id: str) -> Event | None:
        return fresh.get(id) or old.get(id)

    for e in fresh.values():
        if isinstance(e, Retracted):
            target = known(e.target)
            if isinstance(target, Retracted):
                raise ValidationError(
                    f"retraction {e.id!r} targets the retraction {target.id!r}; a retraction "
                    "cannot be withdrawn",
                    code="retracted-retraction",
                    params={"event": e.id, "target": target.id},
                )


def _retractions(events: Iterable[Event]) -> dict[str, str]:
    """Target id -> the retraction withdrawing it (the smallest id, when several do)."""
    retracted: dict[str, str] = {}
    for e in events:
        if isinstance(e, Retracted):
            held = retracted.get(e.target)
            if held is None or e.id < held:
                retracted[e.target] = e.id
    return retracted


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
    return FollowUpState(
        pmap_from((e.id, e) for e in events),
        pmap_from(retracted.items()),
        pmap_from((p, _sorted(found)) for p, found in by_person.items()),
        pmap_from((g, _sorted(found)) for g, found in by_goal.items()),
        pmap_from((u, _sorted(found)) for u, found in by_unit.items()),
    )


def _refuse_retracted_retractions(events: list[Event], retracted: dict[str, str]) -> None:
    for e in events:
        if isinstance(e, Retracted) and e.id in retracted:
            raise ValidationError(
                f"retraction {retracted[e.id]!r} targets the retraction {e.id!r}; a "
                "retraction cannot be withdrawn",
                code="retracted-retraction",
                params={"event": retracted[e.id], "target": e.id},
            )


def _incremental(base: FollowUpState, fresh: dict[str, Event]) -> FollowUpState:
    events, retracted = base._events, base._retracted
    for e in fresh.values():
        if isinstance(e, Retracted) and e.id in retracted:
            raise ValidationError(
                f"retraction {retracted[e.id]!r} targets the retraction {e.id!r}; a "
                "retraction cannot be withdrawn",
                code="retracted-retraction",
                params={"event": retracted[e.id], "target": e.id},
            )
        events = events.set(e.id, e)
    new_retracted = _retractions(fresh.values())
    # Events already held that a new retraction withdraws leave the indices.
    withdrawn: list[Event] = []
    for target, rid in new_retracted.items():
        held = retracted.get(target)
        if held is None:
            old = base._events.get(target)
            if old is not None:
                withdrawn.append(old)
        if held is None or rid < held:
            retracted = retracted.set(target, rid)
    gone = {e.id for e in withdrawn}
    added = _index(fresh.values(), retracted)
    removed = _index(withdrawn, ())
    indices = [base._by_person, base._by_goal, base._by_unit]
    for k in range(3):
        index = indices[k]
        for key in added[k].keys() | removed[k].keys():
            held_events = index.get(key) or ()
            if key in removed[k]:
                held_events = tuple(e for e in held_events if e.id not in gone)
            index = index.set(key, _sorted((*held_events, *added[k].get(key, ()))))
        indices[k] = index
    return FollowUpState(events, retracted, *indices)


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
        target
        for target in retracted
        if (old := events.get(target)) is not None and person_of(old) == person
    ]
    for i in theirs:
        events = events.delete(i)
        rid = retracted.get(i)
        if rid is not None:
            retracted = retracted.delete(i)
            events = events.delete(rid)
    return FollowUpState(
        events, retracted, state._by_person.delete(person), state._by_goal, state._by_unit
    )
