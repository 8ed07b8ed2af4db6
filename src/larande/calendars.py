"""Working days: which days learning can be scheduled on.

A :class:`WorkCalendar` knows the years it covers, the public holidays, closures (a summer
shutdown) and the working weekdays. Asking about a day outside its years is an error:
silently wrong holidays are worse than none. An :class:`Absence` is one person's days away
(parental leave, a long sick leave, a secondment): the scheduler places nothing for them then.
"""

from __future__ import annotations

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
        import holidays as holiday_data

        span = _years(years)
        _validate_years(cls.__new__(cls), attrs.fields(cls).years, span)
        public = holiday_data.country_holidays("SE", years=sorted(span))
        days = set(public)
        for year in span:
            midsummer_eve = dt.date(year, 6, 19)
            midsummer_eve += dt.timedelta(days=(4 - midsummer_eve.weekday()) % 7)
            days |= {midsummer_eve, dt.date(year, 12, 24), dt.date(year, 12, 31)}
        return cls(span, holidays=frozenset(days), **options)  # type: ignore[arg-type]

    @cached_property
    def _closed(self) -> frozenset[dt.date]:
        closed: set[dt.date] = set()
        for first, last in self.closures:
            day = first
            while day <= last:
                closed.add(day)
                day += _ONE_DAY
        return frozenset(closed)

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
            day.weekday() in self.weekdays and day not in self.holidays and day not in self._closed
        )

    def working_days(self, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
        """The working days from ``start`` to ``end``, both included, in order."""
        self._check(start, "start")
        self._check(end, "end")
        out = []
        day = start
        weekdays, holidays, closed = self.weekdays, self.holidays, self._closed
        while day <= end:
            if day.weekday() in weekdays and day not in holidays and day not in closed:
                out.append(day)
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
