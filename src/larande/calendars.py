"""Working days: which days learning can be scheduled on.

A :class:`WorkCalendar` knows the years it covers, the public holidays, closures (a summer
shutdown) and the working weekdays. Asking about a day outside its years is an error:
silently wrong holidays are worse than none. An :class:`Absence` is one person's days away
(parental leave, a long sick leave, a secondment): the scheduler places nothing for them then.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from functools import cached_property
from typing import Any

import attrs

from larande import _check as check
from larande.exceptions import ValidationError

__all__ = ["Absence", "WorkCalendar"]

_ONE_DAY = dt.timedelta(days=1)


def _years(value: int | Iterable[int]) -> frozenset[int]:
    if type(value) is int:
        return frozenset({value})
    return check.as_frozenset(value)  # type: ignore[no-any-return]


def _validate_years(inst: WorkCalendar, attribute: attrs.Attribute[object], value: object) -> None:
    if not isinstance(value, frozenset) or not value:
        check.fail(inst, attribute.name, value, "a year or a non-empty set of years")
    for year in sorted(value, key=repr):
        if type(year) is not int or not dt.MINYEAR < year < dt.MAXYEAR:
            check.fail(inst, attribute.name, year, "a year, an int")


def _days(value: Iterable[dt.date]) -> frozenset[dt.date]:
    return check.as_frozenset(value)  # type: ignore[no-any-return]


def _closures(value: Iterable[tuple[dt.date, dt.date]]) -> tuple[tuple[dt.date, dt.date], ...]:
    out = check.as_tuple(value)
    if isinstance(out, tuple):
        return tuple(tuple(c) if isinstance(c, list) else c for c in out)
    return out  # type: ignore[no-any-return]


def _validate_closures(
    inst: WorkCalendar,
    attribute: attrs.Attribute[tuple[tuple[dt.date, dt.date], ...]],
    value: object,
) -> None:
    if not isinstance(value, tuple):
        check.fail(inst, attribute.name, value, "a sequence of (first, last) date pairs")
    for i, pair in enumerate(value):
        if (
            not isinstance(pair, tuple)
            or len(pair) != 2
            or not all(check.is_day(d) for d in pair)
            or pair[0] > pair[1]
        ):
            check.fail(
                inst,
                attribute.name,
                pair,
                "a (first, last) pair of dates, first <= last",
                path=f"{attribute.name}[{i}]",
            )


def _weekdays(value: Iterable[int]) -> frozenset[int]:
    return check.as_frozenset(value)  # type: ignore[no-any-return]


@attrs.frozen
class WorkCalendar:
    """The working days of some years.

    Attributes:
        years: the years it covers (an ``int`` or an iterable of them).
        holidays: days off on top of the weekly rest days.
        closures: inclusive ``(first, last)`` periods when the workplace is closed.
        weekdays: the working weekdays, Monday 0 to Sunday 6 (default Monday to Friday).

    >>> cal = WorkCalendar(2026, holidays={dt.date(2026, 1, 6)})
    >>> cal.is_working(dt.date(2026, 1, 6)), cal.is_working(dt.date(2026, 1, 7))
    (False, True)
    >>> len(WorkCalendar.sweden(2026).working_days(dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    251
    """

    years: frozenset[int] = attrs.field(converter=_years, validator=_validate_years)
    holidays: frozenset[dt.date] = attrs.field(
        default=frozenset(),
        converter=_days,
        validator=check.set_of(check.is_day, "a datetime.date"),
    )
    closures: tuple[tuple[dt.date, dt.date], ...] = attrs.field(
        default=(), converter=_closures, validator=_validate_closures
    )
    weekdays: frozenset[int] = attrs.field(
        default=frozenset({0, 1, 2, 3, 4}),
        converter=_weekdays,
        validator=check.set_of(lambda d: type(d) is int and 0 <= d <= 6, "a weekday 0..6"),
    )

    @classmethod
    def sweden(cls, years: int | Iterable[int], **options: object) -> WorkCalendar:
        """Sweden's working days: public holidays and the days off in practice.

        The public holidays come from the ``holidays`` package; Midsummer Eve, Christmas
        Eve and New Year's Eve, days off almost everywhere, are added. Other keyword
        arguments (``closures``, ``weekdays``) are passed on.

        >>> cal = WorkCalendar.sweden(2026)
        >>> cal.is_working(dt.date(2026, 6, 19)), cal.is_working(dt.date(2026, 6, 18))
        (False, True)
        """
        from holidays.countries.sweden import Sweden

        span = _years(years)
        _validate_years(cls.__new__(cls), attrs.fields(cls).years, span)
        # The package knows Sweden's holidays for these years only; outside them it
        # answers with none, which would make every holiday a working day.
        first = getattr(Sweden, "start_year", 1953)
        last = getattr(Sweden, "end_year", 2100)
        outside = sorted(y for y in span if not first <= y <= last)
        if outside:
            raise ValidationError(
                f"the holidays package knows Sweden's public holidays from {first} to {last}, "
                f"not in {outside[0]}; build a WorkCalendar with the holidays yourself",
                path="years",
                code="no-holiday-data",
                params={"year": outside[0], "first": first, "last": last},
            )
        # Sundays are rest days by ``weekdays``, not holidays: before holidays 0.107 the
        # package counted every Sunday as a Swedish holiday unless told not to, which
        # took the Sundays out of a seven-day week.
        public = Sweden(years=sorted(span), include_sundays=False)
        days = set(public)
        for year in span:
            midsummer_eve = dt.date(year, 6, 19)
            midsummer_eve += dt.timedelta(days=(4 - midsummer_eve.weekday()) % 7)
            days |= {midsummer_eve, dt.date(year, 12, 24), dt.date(year, 12, 31)}
        return cls(span, holidays=frozenset(days), **options)  # type: ignore[arg-type]

    @cached_property
    def _closed(self) -> tuple[list[dt.date], list[dt.date]]:
        """The closures within the calendar's years, merged: (firsts, lasts), sorted.

        Kept as periods, never as days: a closure from year 1 to 9999 costs what one
        of a week costs.
        """
        low, high = dt.date(min(self.years), 1, 1), dt.date(max(self.years), 12, 31)
        firsts: list[dt.date] = []
        lasts: list[dt.date] = []
        for first, last in sorted(self.closures):
            first, last = max(first, low), min(last, high)
            if first > last:
                continue
            if lasts and first <= lasts[-1] + _ONE_DAY:
                lasts[-1] = max(lasts[-1], last)
            else:
                firsts.append(first)
                lasts.append(last)
        return firsts, lasts

    def _closed_on(self, day: dt.date) -> dt.date | None:
        """The last day of the closure holding ``day``, or None if it is not closed."""
        firsts, lasts = self._closed
        i = bisect.bisect_right(firsts, day) - 1
        return lasts[i] if i >= 0 and day <= lasts[i] else None

    def _check(self, day: object, name: str) -> dt.date:
        if not check.is_day(day):
            raise ValidationError(
                f"expected a datetime.date, got {check.describe(day)}", path=name
            )
        assert isinstance(day, dt.date)
        if day.year not in self.years:
            raise ValidationError(
                f"{day.isoformat()} is outside the calendar's years {sorted(self.years)}",
                path=name,
                code="outside-calendar",
                params={"day": day.isoformat(), "years": sorted(self.years)},
            )
        return day

    def is_working(self, day: dt.date) -> bool:
        """Whether ``day`` is a working day."""
        self._check(day, "day")
        return (
            day.weekday() in self.weekdays
            and day not in self.holidays
            and self._closed_on(day) is None
        )

    def working_days(self, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
        """The working days from ``start`` to ``end``, both included, in order.

        Every year from ``start`` to ``end`` must be one of the calendar's years: a year
        in between that it does not cover is refused like a day outside it.
        """
        self._check(start, "start")
        self._check(end, "end")
        missing = next((y for y in range(start.year, end.year + 1) if y not in self.years), None)
        if missing is not None:
            raise ValidationError(
                f"{start.isoformat()} to {end.isoformat()} crosses {missing}, which is not "
                f"among the calendar's years {sorted(self.years)}",
                path="end",
                code="outside-calendar",
                params={"day": f"{missing}-01-01", "years": sorted(self.years)},
            )
        out = []
        weekdays, holidays = self.weekdays, self.holidays
        firsts, lasts = self._closed
        k = bisect.bisect_right(firsts, start) - 1
        k = max(k, 0)
        day = start
        while day <= end:
            # Skip a closure whole, never day by day.
            while k < len(firsts) and lasts[k] < day:
                k += 1
            if k < len(firsts) and firsts[k] <= day:
                if lasts[k] >= end:
                    break
                day = lasts[k] + _ONE_DAY
                continue
            if day.weekday() in weekdays and day not in holidays:
                out.append(day)
            if day == end:
                break
            day += _ONE_DAY
        return tuple(out)


def _validate_absence_end(inst: Absence, attribute: attrs.Attribute[dt.date], value: Any) -> None:
    check.day(inst, attribute, value)
    assert isinstance(value, dt.date)
    if value < inst.start:
        check.fail(inst, attribute.name, value, f"a day on or after start {inst.start}")


@attrs.frozen
class Absence:
    """A person away from work from ``start`` to ``end``, both days included.

    Nothing is scheduled for the person on those days; the time set aside for learning is
    not reduced, so the rest of their year carries it (give a lower ``budget`` for the
    person too, if their year as a whole has less time). Part-time work is a budget, not an
    absence.

    >>> leave = Absence("anna", dt.date(2026, 3, 1), dt.date(2026, 8, 31), "parental leave")
    >>> leave.covers(dt.date(2026, 6, 1)), leave.covers(dt.date(2026, 9, 1))
    (True, False)
    >>> Absence("anna", dt.date(2026, 3, 1), dt.date(2026, 2, 1))
    Traceback (most recent call last):
    ...
    larande.exceptions.ValidationError: end: expected a day on or after start 2026-03-01 for Absence.end, got datetime.date(2026, 2, 1) (date)

    Attributes:
        person: the person away.
        start: the first day away.
        end: the last day away (on or after ``start``).
        reason: why, in words, for a planner (optional).
    """  # noqa: E501

    person: str = attrs.field(validator=check.identifier)
    start: dt.date = attrs.field(validator=check.day)
    end: dt.date = attrs.field(validator=_validate_absence_end)
    reason: str = attrs.field(default="", validator=check.text)

    def covers(self, day: dt.date) -> bool:
        """Whether the person is away on ``day``."""
        return self.start <= day <= self.end
