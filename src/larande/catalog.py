"""What people can learn from: activities, their sessions, and the catalog that holds them.

An :class:`Activity` develops competencies to levels, takes working time (``effort``), may
require other activities first, and either runs on dated :class:`Session` occasions with
seats or is self-paced. Learning at work counts as much as courses: on-the-job assignments,
mentoring, peer learning and reflection at team meetings are activities too.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Iterator, Mapping

import attrs

from larande import _check as check
from larande.competence import Framework
from larande.exceptions import CycleError, DuplicateIdError, UnknownIdError, ValidationError
from larande.frozenmap import FrozenMap

__all__ = ["WORKPLACE_KINDS", "Activity", "ActivityKind", "Catalog", "Recurrence", "Session"]


class ActivityKind(enum.StrEnum):
    """The form an activity takes."""

    COURSE = "course"
    E_LEARNING = "e-learning"
    WEBINAR = "webinar"
    WORKSHOP = "workshop"
    READING = "reading"
    MENTORING = "mentoring"
    PEER_LEARNING = "peer-learning"
    ON_THE_JOB = "on-the-job"
    REFLECTION = "reflection"


WORKPLACE_KINDS = frozenset(
    {
        ActivityKind.ON_THE_JOB,
        ActivityKind.MENTORING,
        ActivityKind.PEER_LEARNING,
        ActivityKind.REFLECTION,
    }
)
"""Learning at work: planning prefers these when the effort is the same."""


class Recurrence(enum.StrEnum):
    """How often a series meets: once in every calendar week, month or quarter."""

    WEEK = "week"
    """Once a week (Monday to Sunday): a weekly lunch lecture."""
    MONTH = "month"
    """Once a calendar month: a monthly reflection at the team meeting."""
    QUARTER = "quarter"
    """Once a calendar quarter (January-March, April-June, ...)."""


def _capacity(inst: Session, attribute: attrs.Attribute[int], value: object) -> None:
    if type(value) is not int or value < 1:
        check.fail(inst, attribute.name, value, "a number of seats, an int of 1 or more")


@attrs.frozen
class Session:
    """A dated occasion of an activity, with a number of seats.

    >>> Session("cpr-2026-02", dt.date(2026, 2, 24), capacity=6)
    Session(id='cpr-2026-02', on=datetime.date(2026, 2, 24), capacity=6)
    """

    id: str = attrs.field(validator=check.identifier)
    on: dt.date = attrs.field(validator=check.day)
    capacity: int = attrs.field(validator=_capacity)


def _kind(value: ActivityKind | str) -> ActivityKind | str:
    # Kinds are open: a host's own kind ("shadowing") is kept as the str it gave.
    return check.as_member(ActivityKind, value)


def _develops(value: Mapping[str, int]) -> FrozenMap[str, int]:
    return check.as_frozenmap(value)  # type: ignore[no-any-return]


def _validate_develops(inst: Activity, attribute: attrs.Attribute[object], value: object) -> None:
    if not isinstance(value, FrozenMap):
        check.fail(inst, attribute.name, value, "a mapping competency id -> level")
    for competency, level in value.items():
        if not check.is_id(competency):
            check.fail(inst, attribute.name, competency, "a competency id (a non-empty str)")
        if not check.is_level(level):
            check.fail(
                inst,
                attribute.name,
                level,
                "a level, a non-negative int",
                path=f"{attribute.name}[{competency!r}]",
            )


def _prerequisites(value: Iterable[str]) -> tuple[str, ...]:
    return check.strs(value)


def _sessions(value: Iterable[Session]) -> tuple[Session, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _validate_prerequisites(
    inst: Activity, attribute: attrs.Attribute[tuple[str, ...]], value: object
) -> None:
    check.tuple_of(check.is_id, "a non-empty str activity id")(inst, attribute, value)
    assert isinstance(value, tuple)
    check.no_duplicates(inst, attribute.name, value, "prerequisite")
    if inst.id in value:
        raise CycleError("prerequisite", [inst.id, inst.id], path=attribute.name)


def _validate_sessions(
    inst: Activity, attribute: attrs.Attribute[tuple[Session, ...]], value: object
) -> None:
    check.tuple_of(lambda s: isinstance(s, Session), "a Session")(inst, attribute, value)
    assert isinstance(value, tuple)
    check.no_duplicates(inst, attribute.name, (s.id for s in value), "session")


def _every(value: Recurrence | str | None) -> Recurrence | None:
    return None if value is None else check.as_member(Recurrence, value)


def _validate_every(
    inst: Activity, attribute: attrs.Attribute[Recurrence | None], value: object
) -> None:
    if value is not None and not isinstance(value, Recurrence):
        accepted = ", ".join(repr(m.value) for m in Recurrence)
        check.fail(inst, attribute.name, value, f"None or one of {accepted}")


def _bool(inst: Activity, attribute: attrs.Attribute[bool], value: object) -> None:
    if type(value) is not bool:
        check.fail(inst, attribute.name, value, "True or False")


@attrs.frozen
class Activity:
    """Something a person can learn from.

    Attributes:
        id: the activity's id.
        title: its name, as people know it.
        kind: its form: an :class:`ActivityKind`, or a host's own non-empty str
            (``"shadowing"``), kept as given.
        develops: competency id -> the level the activity brings a learner to.
        effort: the working time it takes (a day of training is 8 hours).
        prerequisites: ids of activities to complete first.
        sessions: dated occasions with seats; none means self-paced.
        group: whether a unit takes it together (a reflection at the team meeting).
        cost: per participant, in the organisation's currency (learning need not be costly);
            a series costs it at each occurrence.
        every: ``None`` for a one-off activity; for a series, how often it meets (a
            :class:`Recurrence`: ``"week"``, ``"month"`` or ``"quarter"``). The scheduler
            places a series once in every such period of the horizon, each occurrence
            counting its ``effort`` and ``cost``. A series cannot be another activity's
            prerequisite (the catalog refuses it): there is no one day to come after.

    >>> e = Activity("meds-e", "Safe medication (e-learning)", "e-learning",
    ...              {"medication": 2}, dt.timedelta(hours=3), cost=450)
    >>> e.kind, e.self_paced, e.develops["medication"]
    (<ActivityKind.E_LEARNING: 'e-learning'>, True, 2)
    >>> apt = Activity("apt-reflection", "Reflection at the team meeting", "reflection",
    ...                {"medication": 2}, dt.timedelta(hours=1.5), group=True, every="month")
    >>> apt.every, apt.series
    (<Recurrence.MONTH: 'month'>, True)
    """

    id: str = attrs.field(validator=check.identifier)
    title: str = attrs.field(validator=check.text)
    kind: ActivityKind | str = attrs.field(
        converter=_kind, validator=check.open_member_of(ActivityKind)
    )
    develops: FrozenMap[str, int] = attrs.field(converter=_develops, validator=_validate_develops)
    effort: dt.timedelta = attrs.field(validator=check.positive_duration, repr=check.hours)
    prerequisites: tuple[str, ...] = attrs.field(
        default=(), converter=_prerequisites, validator=_validate_prerequisites
    )
    sessions: tuple[Session, ...] = attrs.field(
        default=(), converter=_sessions, validator=_validate_sessions
    )
    group: bool = attrs.field(default=False, validator=_bool)
    cost: float = attrs.field(
        default=0.0, converter=check.to_float, validator=check.non_negative_number
    )
    every: Recurrence | None = attrs.field(
        default=None, converter=_every, validator=_validate_every
    )

    @property
    def series(self) -> bool:
        """Whether it recurs (``every`` is set): a series of occurrences, not one placement."""
        return self.every is not None

    @property
    def self_paced(self) -> bool:
        """Whether it can be done any working day (it has no sessions)."""
        return not self.sessions

    @property
    def workplace(self) -> bool:
        """Whether it is learning at work (on the job, mentoring, peers, reflection)."""
        return self.kind in WORKPLACE_KINDS


def _activities(value: Iterable[Activity]) -> tuple[Activity, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


@attrs.frozen(repr=False, cache_hash=True)
class Catalog:
    """The activities on offer, checked as a whole.

    Duplicate activity ids, duplicate session ids (across all activities), unknown
    prerequisites, prerequisite cycles (a :class:`~larande.exceptions.CycleError` naming
    the loop) and a series (an activity with ``every``) as another's prerequisite are
    refused.

    >>> cat = Catalog([
    ...     Activity("basics", "DevOps basics", "e-learning", {"ci-cd": 2}, dt.timedelta(hours=6)),
    ...     Activity("workshop", "DevOps workshop", "workshop", {"ci-cd": 3},
    ...              dt.timedelta(hours=16), prerequisites=["basics"]),
    ... ])
    >>> cat.requires("workshop"), [a.id for a in cat.providers("ci-cd")]
    (('basics',), ['basics', 'workshop'])
    """

    activities: tuple[Activity, ...] = attrs.field(
        converter=_activities,
        validator=check.tuple_of(lambda a: isinstance(a, Activity), "an Activity"),
    )
    _by_id: dict[str, Activity] = attrs.field(init=False, repr=False, eq=False)
    _providers: dict[str, tuple[Activity, ...]] = attrs.field(init=False, repr=False, eq=False)
    _closure: dict[str, tuple[str, ...]] = attrs.field(init=False, repr=False, eq=False)
    _sessions: dict[str, tuple[Activity, Session]] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        by_id: dict[str, Activity] = {}
        sessions: dict[str, tuple[Activity, Session]] = {}
        for i, a in enumerate(self.activities):
            if a.id in by_id:
                raise DuplicateIdError("activity", a.id, path=f"activities[{i}].id")
            by_id[a.id] = a
            for j, s in enumerate(a.sessions):
                if s.id in sessions:
                    raise DuplicateIdError(
                        "session",
                        s.id,
                        path=f"activities[{i}].sessions[{j}].id",
                        first=f"activity {sessions[s.id][0].id!r}",
                    )
                sessions[s.id] = (a, s)
        for i, a in enumerate(self.activities):
            for j, p in enumerate(a.prerequisites):
                if p not in by_id:
                    raise UnknownIdError(
                        "activity",
                        p,
                        path=f"activities[{i}].prerequisites[{j}]",
                        referrer=f"activity {a.id!r} (as prerequisite)",
                    )
                if by_id[p].every is not None:
                    # A series has many days: "after it" would mean nothing definite.
                    raise ValidationError(
                        f"activity {a.id!r} names the series {p!r} as a prerequisite; "
                        "expected a one-off activity (a series cannot come first)",
                        path=f"activities[{i}].prerequisites[{j}]",
                        code="series-as-prerequisite",
                        params={"activity": a.id, "prerequisite": p},
                    )
        _refuse_prerequisite_cycles(by_id)
        providers: dict[str, list[Activity]] = {}
        for a in self.activities:
            for competency in a.develops:
                providers.setdefault(competency, []).append(a)
        object.__setattr__(self, "_by_id", by_id)
        object.__setattr__(self, "_sessions", sessions)
        # Filled on demand by requires(): every closure at once would cost n² on a chain.
        object.__setattr__(self, "_closure", {})
        object.__setattr__(
            self,
            "_providers",
            {c: tuple(sorted(v, key=lambda a: a.id)) for c, v in providers.items()},
        )

    def __repr__(self) -> str:
        sessions = sum(len(a.sessions) for a in self.activities)
        return f"Catalog(activities={len(self.activities)}, sessions={sessions})"

    def __len__(self) -> int:
        return len(self.activities)

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __contains__(self, id: object) -> bool:
        return id in self._by_id

    def activity(self, id: str) -> Activity:
        """The activity with this id; ``UnknownIdError`` if there is none."""
        try:
            return self._by_id[id]
        except (KeyError, TypeError):
            raise UnknownIdError(
                "activity", str(id), expected="an activity in the catalog"
            ) from None

    def session(self, id: str) -> tuple[Activity, Session]:
        """The session with this id and the activity it belongs to."""
        try:
            return self._sessions[id]
        except (KeyError, TypeError):
            raise UnknownIdError("session", str(id), expected="a session in the catalog") from None

    def providers(self, competency: str) -> tuple[Activity, ...]:
        """The activities that develop ``competency`` (at any level), sorted by id."""
        return self._providers.get(competency, ())

    def requires(self, id: str) -> tuple[str, ...]:
        """Every activity ``id`` needs first, directly or not (itself excluded).

        Prerequisites come before the activities that need them. Each answer is worked out
        when first asked for (in time proportional to its length) and kept.
        """
        self.activity(id)
        found = self._closure.get(id)
        if found is None:
            # A cache of a pure function of frozen data: safe to fill lazily.
            found = self._closure[id] = _prerequisites_of(self._by_id, id)
        return found

    def check(self, framework: Framework) -> None:
        """Refuse activities developing unknown competencies or levels outside their scale.

        The error's path names the activity (``"activities[3].develops['cpr']"``).
        """
        for i, a in enumerate(self.activities):
            for competency, level in a.develops.items():
                path = f"activities[{i}].develops[{competency!r}]"
                if competency not in framework:
                    raise UnknownIdError(
                        "competency", competency, path=path, referrer=f"activity {a.id!r}"
                    )
                top = framework.scale_of(competency).top
                if level > top:
                    raise ValidationError(
                        f"activity {a.id!r} develops {competency!r} to level {level}, outside "
                        f"its scale (0..{top})",
                        path=path,
                        code="level-out-of-scale",
                        params={"activity": a.id, "level": level, "top": top},
                    )


def _refuse_prerequisite_cycles(by_id: Mapping[str, Activity]) -> None:
    """Refuse a loop of prerequisites, naming it; linear in the activities and links."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    for start in by_id:
        if state.get(start) == 2:
            continue
        stack: list[tuple[str, int]] = [(start, 0)]
        path: list[str] = []
        while stack:
            node, i = stack.pop()
            if i == 0:
                if state.get(node) == 2:
                    continue
                if state.get(node) == 1:
                    loop = [*path[path.index(node) :], node]
                    raise CycleError("prerequisite", loop, path="activities")
                state[node] = 1
                path.append(node)
            prereqs = by_id[node].prerequisites
            if i < len(prereqs):
                stack.append((node, i + 1))
                stack.append((prereqs[i], 0))
                continue
            state[node] = 2
            path.pop()


def _prerequisites_of(by_id: Mapping[str, Activity], id: str) -> tuple[str, ...]:
    """All of ``id``'s prerequisites, each after its own (depth first, in the order given)."""
    order: list[str] = []
    seen = {id}
    stack: list[tuple[str, Iterator[str]]] = [(id, iter(by_id[id].prerequisites))]
    while stack:
        node, prereqs = stack[-1]
        for p in prereqs:
            if p not in seen:
                seen.add(p)
                stack.append((p, iter(by_id[p].prerequisites)))
                break
        else:
            stack.pop()
            if node != id:
                order.append(node)
    return tuple(order)
