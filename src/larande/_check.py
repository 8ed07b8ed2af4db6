"""Validators and converters shared by the records (private).

Converters only normalise (a list becomes a tuple) and never raise; the validators that run
after them refuse what is still wrong, naming the class, the field, the value and what was
expected. Keeping the two apart means every refusal comes from one place with one wording.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NoReturn, TypeVar

import attrs

from larande.exceptions import ValidationError
from larande.frozenmap import FrozenMap

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]


def hours(value: Any) -> str:
    """A duration as a person reads working time: ``16 h``, ``1.5 h``; anything else, its repr.

    Used by reprs and errors (DESIGN: never a ``timedelta`` repr such as ``-1 day, 19:00:00``).

    >>> hours(dt.timedelta(hours=16)), hours(dt.timedelta(minutes=-90)), hours(None)
    ('16 h', '-1.5 h', 'None')
    """
    if isinstance(value, dt.timedelta):
        amount = value.total_seconds() / 3600
    elif isinstance(value, int | float) and not isinstance(value, bool):
        amount = float(value)  # a number of hours already
    else:
        return repr(value)
    shown = f"{round(amount, 2):.2f}".rstrip("0").rstrip(".")
    return f"{'0' if shown == '-0' else shown} h"


def span(value: Any) -> str:
    """A calendar span (a certificate's validity, a rule's window): whole days as days.

    Working time reads in hours; a year of validity reads better as ``365 days`` than as
    ``8760 h``. A span of part of a day reads in hours.

    >>> span(dt.timedelta(days=365)), span(dt.timedelta(days=1)), span(dt.timedelta(hours=36))
    ('365 days', '1 day', '36 h')
    """
    if isinstance(value, dt.timedelta) and value and not value % dt.timedelta(days=1):
        return f"{value.days} day{'' if value.days == 1 else 's'}"
    return hours(value)


def describe(value: Any) -> str:
    """Show a bad value briefly: its repr, shortened, and its type when that helps.

    A duration reads as hours (``-5 h (timedelta)``).
    """
    if isinstance(value, dt.timedelta):
        return f"{hours(value)} (timedelta)"
    try:
        text = repr(value)
    except RecursionError:
        text = f"<{type(value).__name__} nested too deeply to show>"
    if len(text) > 60:
        text = text[:57] + "..."
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return text
    return f"{text} ({type(value).__name__})"


def fail(inst: Any, field: str, value: Any, expected: str, *, path: str | None = None) -> NoReturn:
    """Raise the ValidationError for one bad field value."""
    owner = type(inst).__name__
    raise ValidationError(
        f"expected {expected} for {owner}.{field}, got {describe(value)}",
        path=field if path is None else path,
        params={"type": owner, "field": field, "value": repr(value), "expected": expected},
    )


# -- converters: normalise, never raise ---------------------------------------------------


def _as_tuple(value: Any) -> Any:
    if isinstance(value, tuple):
        return value
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        return value  # the validator will refuse it, naming the field
    return tuple(value)


def _as_frozenset(value: Any) -> Any:
    if isinstance(value, frozenset):
        return value
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        return value
    try:
        return frozenset(value)
    except TypeError:  # unhashable members: leave it for the validator
        return value


def _as_frozenmap(value: Any) -> Any:
    if isinstance(value, FrozenMap):
        return value
    if isinstance(value, Mapping):
        try:
            return FrozenMap(value)
        except TypeError:
            return value
    return value


E = TypeVar("E", bound=enum.Enum)


def as_member(enum_cls: type[E], value: Any) -> E:
    """The member of ``enum_cls`` whose value is ``value``, or ``value`` unchanged."""
    if isinstance(value, enum_cls):
        return value
    try:
        return enum_cls(value)
    except ValueError:
        return value  # type: ignore[no-any-return]  # the validator refuses it


def member_of(enum_cls: type[enum.Enum]) -> Validator:
    """A member of ``enum_cls``; the error lists the accepted values."""

    def validate(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, enum_cls):
            accepted = ", ".join(repr(m.value) for m in enum_cls)
            fail(inst, attribute.name, value, f"one of {accepted}")

    return validate


def open_member_of(enum_cls: type[enum.Enum]) -> Validator:
    """A member of ``enum_cls`` or a host's own kind, a non-empty str (kinds are open).

    The converter has already turned a known value into its member, so a str left here is
    one the library does not know; built-in rules simply do not act on it.
    """

    def validate(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, enum_cls) and (type(value) is not str or not value):
            accepted = ", ".join(repr(m.value) for m in enum_cls)
            fail(inst, attribute.name, value, f"one of {accepted}, or a non-empty str of your own")

    return validate


def _freeze(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return tuple(_freeze(v) for v in value)
    if isinstance(value, set | frozenset):
        return frozenset(_freeze(v) for v in value)
    if isinstance(value, Mapping):
        return FrozenMap({k: _freeze(v) for k, v in value.items()})
    return value


def frozen_params(value: Mapping[str, Any]) -> FrozenMap[str, Any]:
    """Message parameters, frozen all the way down (lists become tuples) so records hash.

    Anything that is not a mapping is left for the validator to refuse.
    """
    given: object = value  # typed loosely: callers may pass anything
    if not isinstance(given, Mapping):
        return given  # type: ignore[return-value]
    if isinstance(value, FrozenMap) and all(
        not isinstance(v, list | set | dict) for v in value.values()
    ):
        return value
    return FrozenMap({k: _freeze(v) for k, v in value.items()})


def _as_float(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    return value


def strs(value: Iterable[str]) -> tuple[str, ...]:
    """Convert an iterable of ids to a tuple."""
    return _as_tuple(value)  # type: ignore[no-any-return]


def str_set(value: Iterable[str]) -> frozenset[str]:
    """Convert an iterable of ids to a frozenset."""
    return _as_frozenset(value)  # type: ignore[no-any-return]


def to_float(value: float) -> float:
    """Accept an int where a float is wanted (JSON does not tell them apart)."""
    return _as_float(value)  # type: ignore[no-any-return]


def optional_float(value: float | None) -> float | None:
    """Like :func:`to_float`, letting ``None`` through."""
    return _as_float(value)  # type: ignore[no-any-return]


as_tuple = _as_tuple
as_frozenset = _as_frozenset
as_frozenmap = _as_frozenmap


# -- validators ----------------------------------------------------------------------------


def identifier(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An id: a non-empty str."""
    if type(value) is not str or not value:
        fail(inst, attribute.name, value, "a non-empty str id")


def optional_identifier(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """An id or ``None``."""
    if value is not None and (type(value) is not str or not value):
        fail(inst, attribute.name, value, "a non-empty str id or None")


def text(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Any str (names, titles, notes)."""
    if not isinstance(value, str):
        fail(inst, attribute.name, value, "a str")


def optional_text(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A str or ``None``."""
    if value is not None and not isinstance(value, str):
        fail(inst, attribute.name, value, "a str or None")


def is_level(value: Any) -> bool:
    """Whether ``value`` is a level: a non-negative int (not a bool)."""
    return type(value) is int and value >= 0


def level(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A level: a non-negative int index into a scale."""
    if type(value) is not int or value < 0:
        fail(inst, attribute.name, value, "a level, a non-negative int")


def optional_level(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A level or ``None``."""
    if value is not None and (type(value) is not int or value < 0):
        fail(inst, attribute.name, value, "a level, a non-negative int, or None")


def is_day(value: Any) -> bool:
    """Whether ``value`` is a calendar date (a ``datetime`` is not: it carries a time)."""
    return type(value) is dt.date


def day(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A ``datetime.date`` (not a ``datetime``, whose time and zone would be silently lost)."""
    if type(value) is not dt.date:
        fail(inst, attribute.name, value, "a datetime.date")


def optional_day(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A date or ``None``."""
    if value is not None and type(value) is not dt.date:
        fail(inst, attribute.name, value, "a datetime.date or None")


def positive_duration(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A ``timedelta`` longer than zero."""
    if not isinstance(value, dt.timedelta) or value <= dt.timedelta(0):
        fail(inst, attribute.name, value, "a positive datetime.timedelta")


def optional_positive_duration(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A positive ``timedelta`` or ``None``."""
    if value is not None and (not isinstance(value, dt.timedelta) or value <= dt.timedelta(0)):
        fail(inst, attribute.name, value, "a positive datetime.timedelta or None")


def positive_number(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A finite float above zero."""
    if type(value) is not float or not (0.0 < value < math.inf):
        fail(inst, attribute.name, value, "a finite number above zero")


def non_negative_number(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """A finite float of zero or more."""
    if type(value) is not float or not (0.0 <= value < math.inf):
        fail(inst, attribute.name, value, "a finite number of zero or more")


def finite_number(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Any finite float."""
    if type(value) is not float or not math.isfinite(value):
        fail(inst, attribute.name, value, "a finite number")


def tuple_of(check: Callable[[Any], bool], expected: str) -> Validator:
    """A tuple whose every member passes ``check``; the error names the member's index."""

    def validate(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, tuple):
            fail(inst, attribute.name, value, "a sequence (list or tuple)")
        for i, member in enumerate(value):
            if not check(member):
                fail(inst, attribute.name, member, expected, path=f"{attribute.name}[{i}]")

    return validate


def set_of(check: Callable[[Any], bool], expected: str) -> Validator:
    """A frozenset whose every member passes ``check``."""

    def validate(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, frozenset):
            fail(inst, attribute.name, value, "a set (or list) of hashable members")
        for member in sorted(value, key=repr):
            if not check(member):
                fail(inst, attribute.name, member, expected)

    return validate


def instance(cls: type | tuple[type, ...], expected: str) -> Validator:
    """An instance of ``cls``."""

    def validate(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not isinstance(value, cls):
            fail(inst, attribute.name, value, expected)

    return validate


def is_id(value: Any) -> bool:
    """Whether ``value`` is an id: a non-empty str."""
    return type(value) is str and bool(value)


def no_duplicates(inst: Any, field: str, ids: Iterable[str], kind: str) -> None:
    """Refuse a repeated id within one field."""
    from larande.exceptions import DuplicateIdError

    seen: dict[str, int] = {}
    for i, id_ in enumerate(ids):
        if id_ in seen:
            raise DuplicateIdError(kind, id_, path=f"{field}[{i}]", first=f"{field}[{seen[id_]}]")
        seen[id_] = i
