"""The records of a schedule: what was placed, when, and what could not be, and why."""

from __future__ import annotations

import bisect
import datetime as dt
import enum
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from larande import _check as check
from larande.exceptions import ValidationError
from larande.frozenmap import FrozenMap


@attrs.frozen
class Placement:
    """One person's activity on a day (and in a session, for a session-bound activity).

    Its :attr:`id` stays the same when the schedule is made again, so a calendar event
    made from it can be updated rather than duplicated.
    """

    person: str = attrs.field(validator=check.identifier)
    activity: str = attrs.field(validator=check.identifier)
    on: dt.date = attrs.field(validator=check.day)
    session: str | None = attrs.field(default=None, validator=check.optional_identifier)

    @property
    def id(self) -> str:
        """``"{person}:{activity}"``."""
        return f"{self.person}:{self.activity}"


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
    BUDGET = "budget"
    """The person's time for learning (in all, or in the possible months) is used up."""


def _person_of(p: Placement) -> str:
    return p.person


def _reason(value: UnplacedReason | str) -> UnplacedReason:
    return check.as_member(UnplacedReason, value)


@attrs.frozen
class Unplaced:
    """A plan item the schedule could not place, the reason, and a sentence for a planner."""

    person: str = attrs.field(validator=check.identifier)
    activity: str = attrs.field(validator=check.identifier)
    reason: UnplacedReason = attrs.field(
        converter=_reason, validator=check.member_of(UnplacedReason)
    )
    detail: str = attrs.field(default="", validator=check.text)


def _placement_order(p: Placement) -> tuple[str, dt.date, str]:
    return (p.person, p.on, p.activity)


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
