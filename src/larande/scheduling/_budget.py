"""The time set aside for learning: an amount per month or per year."""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

import attrs

from larande import _check as check
from larande.exceptions import ValidationError


class Period(enum.StrEnum):
    """What a :class:`Budget`'s amount is for."""

    MONTH = "month"
    """Every calendar month the horizon touches."""
    YEAR = "year"
    """A year; a horizon of another length gets its share, by calendar months touched."""


def hours(value: dt.timedelta | float) -> str:
    """A duration (or seconds) as people read it: ``"16 h"``, ``"2.5 h"``, ``"-1 h"``.

    >>> hours(dt.timedelta(hours=16)), hours(dt.timedelta(minutes=150)), hours(-3600)
    ('16 h', '2.5 h', '-1 h')
    """
    seconds = value.total_seconds() if isinstance(value, dt.timedelta) else value
    return f"{seconds / 3600:g} h"


def _period(value: Period | str) -> Period:
    return check.as_member(Period, value)


def _amount(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, dt.timedelta):
        check.fail(inst, attribute.name, value, "a datetime.timedelta above zero")
    if value <= dt.timedelta(0):
        raise ValidationError(
            f"expected an amount of time above zero for Budget.amount, got {hours(value)}",
            path=attribute.name,
            code="bad-budget",
            params={"value": hours(value)},
        )


@attrs.frozen(repr=False)
class Budget:
    """Time set aside for learning: ``amount`` every month, or every year.

    A monthly budget counts whole for every calendar month the horizon touches. A yearly
    budget counts its share over a horizon of other than twelve months, by calendar months
    touched (40 h a year over six months is 20 h), and is spread evenly over the months
    for the monthly peak rule (40 h a year is 3.33 h a month, times ``peak``).

    >>> year = Budget(dt.timedelta(hours=40), per="year")
    >>> year, year.per is Period.YEAR
    (Budget(40 h a year), True)
    >>> H = dt.timedelta(hours=1)
    >>> year.total(6) / H, year.monthly() / H, Budget(8 * H).total(3) / H
    (20.0, 3.3333333333333335, 24.0)
    >>> Budget(dt.timedelta(0))
    Traceback (most recent call last):
    ...
    larande.exceptions.ValidationError: amount: expected an amount of time above zero for Budget.amount, got 0 h
    """  # noqa: E501

    amount: dt.timedelta = attrs.field(validator=_amount)
    per: Period = attrs.field(
        default=Period.MONTH, converter=_period, validator=check.member_of(Period)
    )

    def __repr__(self) -> str:
        return f"Budget({hours(self.amount)} a {self.per.value})"

    def monthly(self) -> dt.timedelta:
        """The time for one month: the amount, or a twelfth of a yearly one."""
        return self.amount if self.per is Period.MONTH else self.amount / 12

    def total(self, months: int) -> dt.timedelta:
        """The time for a horizon touching ``months`` calendar months."""
        if self.per is Period.MONTH:
            return self.amount * months
        return self.amount * months / 12
