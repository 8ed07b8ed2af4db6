"""The records of a schedule: what was placed, when, and what could not be, and why."""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import math
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from larande import _check as check
from larande.exceptions import ValidationError
from larande.frozenmap import FrozenMap
from larande.messages import CATALOGUE
from larande.organization import Organization


def _occurrence(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and (type(value) is not int or value < 1):
        check.fail(
            inst, attribute.name, value, "None or an occurrence number, an int of 1 or more"
        )


@attrs.frozen
class Placement:
    """One person's activity on a day (and in a session, for a session-bound activity).

    Its :attr:`id` stays the same when the schedule is made again, so a calendar event
    made from it can be updated rather than duplicated.

    Attributes:
        person: who learns.
        activity: the activity placed: the plan item's own, or one of its alternatives.
        on: the day.
        session: the session, for a session-bound activity.
        occurrence: for a series (an activity with ``every``), which period of the
            horizon this is, counted from 1 at the period of the schedule's first start
            (a period closed for learning keeps its number and has no occurrence);
            ``None`` for a one-off activity.
        instead_of: the plan item's own activity when ``activity`` is one of its
            alternatives (its first choice could not be placed); ``None`` otherwise.
    """

    person: str = attrs.field(validator=check.identifier)
    activity: str = attrs.field(validator=check.identifier)
    on: dt.date = attrs.field(validator=check.day)
    session: str | None = attrs.field(default=None, validator=check.optional_identifier)
    occurrence: int | None = attrs.field(default=None, validator=_occurrence)
    instead_of: str | None = attrs.field(default=None, validator=check.optional_identifier)

    @property
    def id(self) -> str:
        """``"{person}:{activity}"``, and ``":{occurrence}"`` after it in a series."""
        if self.occurrence is None:
            return f"{self.person}:{self.activity}"
        return f"{self.person}:{self.activity}:{self.occurrence}"

    @property
    def item(self) -> str:
        """The plan item's activity: :attr:`instead_of` if set, else :attr:`activity`."""
        return self.activity if self.instead_of is None else self.instead_of


class UnplacedReason(enum.StrEnum):
    """Why an item could not be placed; the first that applies, in this order."""

    HORIZON = "horizon"
    """No session, or no working day, falls between start and end."""
    DEADLINE = "deadline"
    """Every possible day is after the item's deadline."""
    PREREQUISITE = "prerequisite"
    """A prerequisite is not placed, or nothing is left after it."""
    CAPACITY = "capacity"
    """Every possible session is full."""
    MONEY = "money"
    """It would spend more than the money set aside for the person's unit (or a unit
    above it)."""
    BUDGET = "budget"
    """The person's time for learning (in all, or in the possible months) is used up."""


def _person_of(p: Placement) -> str:
    return p.person


def _reason(value: UnplacedReason | str) -> UnplacedReason:
    return check.as_member(UnplacedReason, value)


def _unplaced_params(self: Unplaced) -> FrozenMap[str, Any]:
    return FrozenMap({"person": self.person, "activity": self.activity})


def _unplaced_code(self: Unplaced) -> str:
    return f"unplaced.{self.reason}"


def _code_of_reason(inst: Unplaced, attribute: attrs.Attribute[Any], value: Any) -> None:
    own = f"unplaced.{inst.reason}"
    if type(value) is not str or value not in CATALOGUE or value.split(".")[:2] != own.split("."):
        check.fail(inst, attribute.name, value, f"{own!r} or a message code that starts with it")


@attrs.frozen
class Unplaced:
    """A plan item the schedule could not place, the reason, and a sentence for a planner.

    ``code`` names the message that says why: the reason's own (``unplaced.horizon``) or
    one that says more (``unplaced.horizon.away``: an absence; ``unplaced.horizon.closed``:
    a month closed by the season); ``params`` are the values it names. ``detail`` is that
    message in English, so ``larande.messages.text(unplaced, lang="sv")`` (that is,
    ``render(unplaced.code, unplaced.params, lang="sv")``) says the same in Swedish. By
    hand, ``code`` defaults to the reason's own, ``params`` to the person and the
    activity, and ``detail`` is free text.

    For a series, each occurrence that could not be placed is one :class:`Unplaced` with
    its ``occurrence``; a series none of whose periods has a day in the horizon is one
    with ``occurrence`` ``None``. For an item with alternatives that none could take, the
    reason is its first choice's.
    """

    person: str = attrs.field(validator=check.identifier)
    activity: str = attrs.field(validator=check.identifier)
    reason: UnplacedReason = attrs.field(
        converter=_reason, validator=check.member_of(UnplacedReason)
    )
    detail: str = attrs.field(default="", validator=check.text)
    occurrence: int | None = attrs.field(default=None, validator=_occurrence)
    params: FrozenMap[str, Any] = attrs.field(
        default=attrs.Factory(_unplaced_params, takes_self=True),
        converter=check.frozen_params,
    )
    code: str = attrs.field(
        default=attrs.Factory(_unplaced_code, takes_self=True), validator=_code_of_reason
    )


class ScheduleStatus(enum.StrEnum):
    """How a schedule was made, and what is known of its quality."""

    HEURISTIC = "heuristic"
    """By the heuristic (``solver="heuristic"``): sound, with no claim of optimality."""
    OPTIMAL = "optimal"
    """By CP-SAT, which proved every level of the objective optimal."""
    FEASIBLE = "feasible"
    """By CP-SAT, without a proof of optimality within its time limit (never worse than
    the heuristic's schedule it started from)."""


def _status(value: ScheduleStatus | str) -> ScheduleStatus:
    return check.as_member(ScheduleStatus, value)


def _placement_order(p: Placement) -> tuple[str, dt.date, str, int]:
    return (p.person, p.on, p.activity, p.occurrence or 0)


def _placements(value: Iterable[Placement]) -> tuple[Placement, ...]:
    # Sorted on the way in, so a person's placements are found by bisection, not a scan.
    found = check.as_tuple(value)
    if isinstance(found, tuple) and all(type(p) is Placement for p in found):
        return tuple(sorted(found, key=_placement_order))
    return found  # type: ignore[no-any-return]  # the validator names what is wrong


def _unplaced(value: Iterable[Unplaced]) -> tuple[Unplaced, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _efforts(value: Mapping[str, dt.timedelta]) -> FrozenMap[str, dt.timedelta]:
    return check.as_frozenmap(value)  # type: ignore[no-any-return]


def _shares(value: Mapping[str, float]) -> FrozenMap[str, float]:
    return check.as_frozenmap(value)  # type: ignore[no-any-return]


def _month_key(value: object) -> bool:
    if not isinstance(value, str) or len(value) != 7 or value[4] != "-":
        return False
    year, month = value[:4], value[5:]
    return year.isdigit() and month.isdigit() and 1 <= int(month) <= 12


def _month_of(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def _months_touched(start: dt.date, end: dt.date) -> list[str]:
    out = []
    y, m = start.year, start.month
    while (y, m) <= (end.year, end.month):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


@attrs.frozen
class Evenness:
    """How evenly learning is spread over the months of a schedule's horizon.

    Each figure is the peak-to-mean ratio of the monthly load: the busiest month's hours
    over the mean of the months that have capacity for learning (1.0 is a perfectly level
    year; 0.0 when nothing is placed).

    Attributes:
        peak_to_mean: for everyone in the schedule together.
        by_unit: unit id -> the same for its members, counting sub-units' members too
            (units with nothing placed are left out).
    """

    peak_to_mean: float = attrs.field(converter=float, validator=check.non_negative_number)
    by_unit: FrozenMap[str, float] = attrs.field(factory=FrozenMap, converter=_shares)


@attrs.frozen(repr=False)
class Schedule:
    """Each plan item placed once, or listed as unplaced with why.

    Attributes:
        placements: sorted by person, then day, then activity (sorted when given).
        unplaced: sorted by person, then activity.
        start: the first day of the horizon.
        end: the last day of the horizon.
        efforts: the effort of every activity placed (so that loads can be told without
            the catalog).
        shares: each month of the horizon (``"YYYY-MM"``) and its share of normal capacity
            for learning: the ``season``'s share, 0 for a month closed by the season or
            without a working day. Empty in a schedule made without it (then every month
            the horizon touches counts, with 1.0).
        status: how it was made (a :class:`ScheduleStatus`): ``"heuristic"``, or by
            CP-SAT ``"optimal"`` (proved) or ``"feasible"``.
    """

    placements: tuple[Placement, ...] = attrs.field(
        converter=_placements,
        validator=check.tuple_of(lambda p: isinstance(p, Placement), "a Placement"),
    )
    unplaced: tuple[Unplaced, ...] = attrs.field(
        converter=_unplaced,
        validator=check.tuple_of(lambda u: isinstance(u, Unplaced), "an Unplaced"),
    )
    start: dt.date = attrs.field(validator=check.day)
    end: dt.date = attrs.field(validator=check.day)
    efforts: FrozenMap[str, dt.timedelta] = attrs.field(factory=FrozenMap, converter=_efforts)
    shares: FrozenMap[str, float] = attrs.field(factory=FrozenMap, converter=_shares)
    status: ScheduleStatus = attrs.field(
        default=ScheduleStatus.HEURISTIC,
        converter=_status,
        validator=check.member_of(ScheduleStatus),
    )

    @shares.validator
    def _shares_are_months_to_shares(
        self, attribute: attrs.Attribute[Any], value: FrozenMap[str, float]
    ) -> None:
        if not isinstance(value, FrozenMap):
            raise ValidationError(
                f"expected a mapping month ('YYYY-MM') -> share, got {check.describe(value)}",
                path="shares",
            )
        for month, share in value.items():
            if not _month_key(month):
                raise ValidationError(
                    f"expected a month as 'YYYY-MM', got {check.describe(month)}",
                    path=f"shares[{month!r}]",
                )
            if type(share) is not float or not 0.0 <= share < math.inf:
                raise ValidationError(
                    f"expected a share of 0 or more for {month}, got {check.describe(share)}",
                    path=f"shares[{month!r}]",
                )

    @efforts.validator
    def _every_placed_activity_has_an_effort(
        self, attribute: attrs.Attribute[Any], value: FrozenMap[str, dt.timedelta]
    ) -> None:
        # Without it, load() and peak() could not be told; say so now, not at load().
        for i, p in enumerate(self.placements):
            if p.activity not in value:
                raise ValidationError(
                    f"no effort is given for {p.activity!r}, placed for {p.person} on "
                    f"{p.on.isoformat()}; expected efforts to hold every placed activity",
                    path=f"efforts[{p.activity!r}]",
                    code="missing-effort",
                    params={"placement": i},
                )

    def __repr__(self) -> str:
        people = len({p.person for p in self.placements} | {u.person for u in self.unplaced})
        return (
            f"Schedule({self.start.isoformat()}..{self.end.isoformat()}: {people} people, "
            f"{len(self.placements)} placed, {len(self.unplaced)} unplaced)"
        )

    def _repr_html_(self) -> str:
        # For notebooks; pandas is imported only here, and only if installed.
        from larande.io.frames import html, schedule_frame

        return html(schedule_frame, self)

    def for_person(self, person: str) -> tuple[Placement, ...]:
        """The person's placements, by day (found by bisection: no scan of the schedule)."""
        placements = self.placements
        first = bisect.bisect_left(placements, person, key=_person_of)
        last = bisect.bisect_right(placements, person, lo=first, key=_person_of)
        return placements[first:last]

    def load(self, person: str) -> dict[tuple[int, int], dt.timedelta]:
        """The person's effort per calendar month ``(year, month)``, months with none left out.

        An activity's whole effort counts in the month of its day.
        """
        out: dict[tuple[int, int], dt.timedelta] = {}
        for p in self.for_person(person):
            key = (p.on.year, p.on.month)
            out[key] = out.get(key, dt.timedelta()) + self.efforts[p.activity]
        return out

    def peak(self, person: str) -> dt.timedelta:
        """The person's highest monthly load (zero with nothing placed)."""
        return max(self.load(person).values(), default=dt.timedelta())

    def evenness(self, org: Organization | None = None) -> Evenness:
        """How evenly learning is spread over the months of the horizon (see :class:`Evenness`).

        The mean is over the months with capacity for learning (their share above 0) and
        any month something was placed in anyway; with ``org``, also per unit.

        >>> import datetime as dt
        >>> H = dt.timedelta(hours=1)
        >>> spring = Schedule(
        ...     [Placement("anna", "intro", dt.date(2026, 3, 2)),
        ...      Placement("anna", "deep", dt.date(2026, 4, 7))],
        ...     [], dt.date(2026, 3, 1), dt.date(2026, 6, 30),
        ...     efforts={"intro": 2 * H, "deep": 6 * H},
        ...     shares={"2026-03": 1.0, "2026-04": 1.0, "2026-05": 1.0, "2026-06": 0.0})
        >>> spring.evenness().peak_to_mean  # 6 h of a mean 8 / 3 h
        2.25
        """
        if org is not None and not isinstance(org, Organization):
            raise ValidationError(
                f"expected an Organization or None, got {check.describe(org)}", path="org"
            )
        shares = self.shares or dict.fromkeys(_months_touched(self.start, self.end), 1.0)
        months = {m for m, share in shares.items() if share > 0}
        total: dict[str, float] = {}
        by_person: dict[str, dict[str, float]] = {}
        for p in self.placements:
            month = _month_of(p.on)
            hours = self.efforts[p.activity] / _H
            months.add(month)
            total[month] = total.get(month, 0.0) + hours
            mine = by_person.setdefault(p.person, {})
            mine[month] = mine.get(month, 0.0) + hours
        by_unit: dict[str, float] = {}
        if org is not None:
            loads: dict[str, dict[str, float]] = {}
            for person, mine in by_person.items():
                if not org.has_person(person):
                    continue
                home = org.person(person).unit
                for unit in (home, *org.unit_ancestors(home)):
                    theirs = loads.setdefault(unit, {})
                    for month, hours in mine.items():
                        theirs[month] = theirs.get(month, 0.0) + hours
            by_unit = {u: _peak_to_mean(loads[u], months) for u in sorted(loads)}
        return Evenness(_peak_to_mean(total, months), by_unit)


_H = dt.timedelta(hours=1)


def _peak_to_mean(load: Mapping[str, float], months: set[str]) -> float:
    spent = sum(load.values())
    if not spent or not months:
        return 0.0
    return round(max(load.values()) / (spent / len(months)), 9)
