"""JSON documents in and out: ``{"schema": "larande/1", "type": ..., "data": ...}``.

Every public record round-trips losslessly. Dates are ISO 8601 (``"2026-01-12"``),
durations ISO 8601 (``"PT4H"``, ``"P365D"``), enums lower-case strings, tuples and sets JSON
arrays (sets sorted, so output is deterministic), fields left at their default omitted.

Large documents go to and from files streamed, with :func:`dump` and :func:`load`.

Reading is strict: nothing is coerced (``"3"`` is not a level), unknown fields are refused,
and every problem is a :class:`~larande.exceptions.ValidationError` whose ``path`` says where
it is in the document (``"data.people[3].unit"``).

>>> import datetime as dt
>>> from larande import Assessment
>>> from larande.io import json
>>> text = json.dumps(Assessment("anna", "cpr", 2, dt.date(2026, 1, 12)))
>>> text
'{"schema": "larande/1", "type": "Assessment", "data": {"person": "anna", "competency": "cpr", "level": 2, "on": "2026-01-12"}}'
>>> json.loads(text, Assessment)
Assessment(person='anna', competency='cpr', level=2, on=datetime.date(2026, 1, 12), source='manager', id=None)
>>> json.loads(text.replace('2,', '"2",'), Assessment)
Traceback (most recent call last):
...
larande.exceptions.ValidationError: data.level: expected an integer, got '2'
"""  # noqa: E501

from __future__ import annotations

import datetime as dt
import enum
import functools
import io
import itertools
import json as _json
import os
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import attrs
import cattrs
from cattrs.errors import (
    ClassValidationError,
    ForbiddenExtraKeysError,
    IterableValidationError,
    IterableValidationNote,
)
from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

from larande._check import describe
from larande._gc import paused
from larande.calendars import WorkCalendar
from larande.exceptions import LarandeError, UnknownIdError, ValidationError
from larande.followup import EVENT_TYPES, Event, FollowUpState, replay
from larande.frozenmap import FrozenMap
from larande.goals import Goal, GoalGraph
from larande.scheduling import Budget

__all__ = [
    "SCHEMA",
    "dump",
    "dumps",
    "from_dict",
    "load",
    "loads",
    "read_folder",
    "to_dict",
    "write_folder",
]

SCHEMA = "larande/1"
"""The schema tag this version writes."""

READABLE_SCHEMAS = frozenset({SCHEMA})
"""The schema tags this version reads (older tags stay readable when the tag is bumped)."""

T = TypeVar("T")


# -- primitives ------------------------------------------------------------------------------


def _bad(value: Any, expected: str) -> ValidationError:
    return ValidationError(
        f"expected {expected}, got {describe(value)}",
        params={"value": repr(value), "expected": expected},
    )


def _structure_str(value: Any, _: Any) -> str:
    if type(value) is not str:
        raise _bad(value, "a string")
    if not value.isascii():
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate (JSON's "\ud800"): no text can hold it
            raise _bad(value, "text (a lone surrogate is not a character)") from None
    return value


def _structure_int(value: Any, _: Any) -> int:
    if type(value) is not int:
        raise _bad(value, "an integer")
    return value


def _structure_float(value: Any, _: Any) -> float:
    if type(value) is float or type(value) is int:
        return float(value)
    raise _bad(value, "a number")


def _structure_bool(value: Any, _: Any) -> bool:
    if type(value) is not bool:
        raise _bad(value, "true or false")
    return value


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _structure_date(value: Any, _: Any) -> dt.date:
    if type(value) is not str or not _DATE.fullmatch(value):
        raise _bad(value, "an ISO 8601 date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise _bad(value, "an existing calendar date (YYYY-MM-DD)") from None


def format_duration(value: dt.timedelta) -> str:
    """Write a duration in ISO 8601 (days, hours, minutes, seconds; never years or months).

    >>> format_duration(dt.timedelta(hours=4)), format_duration(dt.timedelta(days=365))
    ('PT4H', 'P365D')
    >>> format_duration(dt.timedelta(days=1, minutes=30, microseconds=5))
    'P1DT30M0.000005S'
    """
    sign = "-" if value < dt.timedelta(0) else ""
    value = abs(value)
    days, seconds, micros = value.days, value.seconds, value.microseconds
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    time = ""
    if hours:
        time += f"{hours}H"
    if minutes:
        time += f"{minutes}M"
    if secs or micros:
        time += f"{secs}.{micros:06d}S".replace(".000000S", "S") if micros else f"{secs}S"
    if not days and not time:
        return "PT0S"
    return f"{sign}P{f'{days}D' if days else ''}{'T' + time if time else ''}"


_DURATION = re.compile(
    r"(?P<sign>-)?P(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+(?:\.\d{1,6})?)S)?)?",
    re.ASCII,  # "PT٤H" is no duration, as "٢٠٢٦-01-01" is no date
)


def parse_duration(text: str) -> dt.timedelta:
    """Read an ISO 8601 duration in weeks, days, hours, minutes and seconds.

    Years and months are refused: they have no fixed length.

    >>> parse_duration("PT4H"), parse_duration("P1W")
    (datetime.timedelta(seconds=14400), datetime.timedelta(days=7))
    """
    m = _DURATION.fullmatch(text) if type(text) is str else None
    if m is None or text.endswith(("P", "T")):
        raise _bad(text, 'an ISO 8601 duration in weeks, days and time ("PT4H", "P365D")')
    parts = {k: v for k, v in m.groupdict().items() if v is not None and k != "sign"}
    try:
        delta = dt.timedelta(
            weeks=int(parts.get("weeks", 0)),
            days=int(parts.get("days", 0)),
            hours=int(parts.get("hours", 0)),
            minutes=int(parts.get("minutes", 0)),
            seconds=float(parts.get("seconds", 0)),
        )
    except OverflowError:
        raise _bad(text, "a duration within Python's range (under 999999999 days)") from None
    return -delta if m.group("sign") else delta


def _structure_duration(value: Any, _: Any) -> dt.timedelta:
    try:
        return parse_duration(value)
    except OverflowError:
        raise _bad(value, "a duration within Python's range (under 999999999 days)") from None


# -- containers ------------------------------------------------------------------------------


def _is_tuple(tp: Any) -> bool:
    return typing.get_origin(tp) is tuple


def _is_frozenset(tp: Any) -> bool:
    return typing.get_origin(tp) in (frozenset, set)


def _is_frozenmap(tp: Any) -> bool:
    return typing.get_origin(tp) is FrozenMap or tp is FrozenMap


def _is_enum(tp: Any) -> bool:
    return isinstance(tp, type) and issubclass(tp, enum.Enum)


def _sequence_hook(converter: cattrs.Converter, tp: Any, make: Callable[[list[Any]], Any]) -> Any:
    args = typing.get_args(tp)
    member = args[0] if args else Any
    structure_member = converter.get_structure_hook(member)

    def structure(value: Any, _: Any) -> Any:
        if type(value) is not list:
            raise _bad(value, "a JSON array")
        out = []
        for i, item in enumerate(value):
            try:
                out.append(structure_member(item, member))
            except Exception as exc:
                raise _locate(exc).at(f"[{i}]") from None
        return make(out)

    return structure


def _frozenmap_hook(converter: cattrs.Converter, tp: Any) -> Any:
    args = typing.get_args(tp) or (str, Any)
    key_type, value_type = args
    structure_key = converter.get_structure_hook(key_type)
    structure_value = converter.get_structure_hook(value_type)

    def structure(value: Any, _: Any) -> FrozenMap[Any, Any]:
        if type(value) is not dict:
            raise _bad(value, "a JSON object")
        out = {}
        for k, v in value.items():
            try:
                out[structure_key(k, key_type)] = structure_value(v, value_type)
            except Exception as exc:
                raise _locate(exc).at(f"[{k!r}]") from None
        return FrozenMap(out)

    return structure


def _structure_enum(value: Any, tp: type[enum.Enum]) -> enum.Enum:
    return _enum_hook(tp)(value, tp)  # type: ignore[no-any-return]


@functools.cache
def _enum_hook(tp: type[enum.Enum]) -> Callable[[Any, Any], Any]:
    if issubclass(tp, enum.StrEnum):
        by_text: dict[str, enum.Enum] = {m.value: m for m in tp}
    else:
        by_text = {m.name.lower(): m for m in tp}

    def structure(value: Any, _: Any) -> enum.Enum:
        if type(value) is str and value in by_text:
            return by_text[value]
        raise _bad(value, f"one of {sorted(by_text)}")

    return structure


def _tuple_to_list(conv: cattrs.Converter, tp: Any) -> Callable[[Any], list[Any]]:
    """Tuples become JSON arrays (plain lists), whatever their members."""
    args = typing.get_args(tp)
    if len(args) == 2 and args[1] is Ellipsis:
        member = args[0]
        return lambda v: [conv.unstructure(m, member) for m in v]
    if args:
        return lambda v: [conv.unstructure(m, t) for m, t in zip(v, args, strict=False)]
    return lambda v: [conv.unstructure(m) for m in v]


def _unstructure_enum(value: enum.Enum) -> str:
    return value.value if isinstance(value, enum.StrEnum) else value.name.lower()


def _make_converter(*, detailed: bool) -> cattrs.Converter:
    conv = cattrs.Converter(forbid_extra_keys=True, detailed_validation=detailed)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(float, _structure_float)
    conv.register_structure_hook(bool, _structure_bool)
    # These dispatch on the class's MRO, where IntEnum comes before int and StrEnum before
    # str: registering the enum bases keeps enums from being read as plain numbers or text.
    for base in (enum.Enum, enum.IntEnum, enum.StrEnum):
        conv.register_structure_hook(base, _structure_enum)
        conv.register_unstructure_hook(base, _unstructure_enum)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_structure_hook(dt.timedelta, _structure_duration)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_unstructure_hook(dt.timedelta, format_duration)
    conv.register_structure_hook_factory(_is_tuple, lambda tp: _sequence_hook(conv, tp, tuple))
    conv.register_structure_hook_factory(
        _is_frozenset, lambda tp: _sequence_hook(conv, tp, frozenset)
    )
    conv.register_structure_hook_factory(_is_frozenmap, lambda tp: _frozenmap_hook(conv, tp))
    conv.register_unstructure_hook_factory(_is_enum, lambda _: _unstructure_enum)
    conv.register_unstructure_hook_factory(
        _is_frozenset, lambda _: lambda v: sorted(conv.unstructure(m) for m in v)
    )
    conv.register_unstructure_hook_factory(_is_tuple, lambda tp: _tuple_to_list(conv, tp))
    conv.register_unstructure_hook_factory(
        _is_frozenmap,
        lambda _: lambda v: {conv.unstructure(k): conv.unstructure(x) for k, x in v.items()},
    )
    conv.register_unstructure_hook_factory(
        attrs.has, lambda cls: make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True)
    )
    conv.register_structure_hook_factory(attrs.has, lambda cls: _record_hook(conv, cls))
    _register_goal_graph(conv)
    _register_events(conv)
    _register_budgets(conv)
    _register_calendar(conv)
    return conv


def _is_budget_union(tp: Any) -> bool:
    """``timedelta | Budget`` (maybe ``| None``): a monthly duration, or a Budget object."""
    if typing.get_origin(tp) not in (types.UnionType, typing.Union):
        return False
    return {a for a in typing.get_args(tp) if a is not type(None)} == {dt.timedelta, Budget}


def _register_budgets(conv: cattrs.Converter) -> None:
    """A budget field holds a duration (a month's, as before Budget existed) or a Budget.

    Each is written as it is, so both read back unchanged: ``"PT8H"``, or a
    :class:`~larande.Budget` object such as ``{"amount": "P1DT16H", "per": "year"}``.
    """

    def structure(value: Any, tp: Any) -> Any:
        if value is None and type(None) in typing.get_args(tp):
            return None
        if type(value) is str:
            return _structure_duration(value, dt.timedelta)
        if type(value) is dict:
            return conv.structure(value, Budget)
        raise _bad(value, "a duration (a month's) or a Budget object {amount, per}")

    conv.register_structure_hook_func(_is_budget_union, structure)


#: Countries whose public holidays a calendar shorthand may name, with their constructor.
CALENDAR_COUNTRIES = {"SE": WorkCalendar.sweden}
_SHORTHAND_FIELDS = ("country", "years", "closures", "weekdays")


def _register_calendar(conv: cattrs.Converter) -> None:
    """A calendar is read in full, or as the shorthand ``{"country": "SE", "years": [...]}``.

    The shorthand saves a hand-written dataset from spelling out every holiday: it is
    :meth:`~larande.WorkCalendar.sweden` for those years, with ``closures`` and ``weekdays``
    if given. It is written back in full (the holidays as days), so what a later version of
    the ``holidays`` package says cannot change a document once written.
    """
    full = _record_hook(conv, WorkCalendar)

    def structure(value: Any, tp: Any) -> Any:
        if type(value) is not dict or "country" not in value:
            return full(value, tp)
        extra = sorted(set(value) - set(_SHORTHAND_FIELDS))
        if extra:
            raise ValidationError(
                f"unknown field {extra[0]!r} for a calendar given by its country "
                f"(expected {', '.join(_SHORTHAND_FIELDS)})",
                path=extra[0],
                code="unknown-field",
                params={"field": extra[0], "expected": list(_SHORTHAND_FIELDS)},
            )
        country = value["country"]
        make = CALENDAR_COUNTRIES.get(country) if type(country) is str else None
        if make is None:
            raise ValidationError(
                f"expected a country whose holidays larande knows "
                f"({', '.join(sorted(CALENDAR_COUNTRIES))}), got {describe(country)}",
                path="country",
                code="unknown-country",
                params={"value": repr(country), "expected": sorted(CALENDAR_COUNTRIES)},
            )
        if "years" not in value:
            raise ValidationError(
                "a calendar given by its country needs its years", path="years", code="missing"
            )
        options: dict[str, Any] = {}
        for name, tp_ in (
            ("years", tuple[int, ...]),
            ("closures", tuple[tuple[dt.date, dt.date], ...]),
            ("weekdays", frozenset[int]),
        ):
            if name in value:
                try:
                    options[name] = conv.structure(value[name], tp_)
                except Exception as exc:  # re-raised with its place
                    raise _locate(exc).at(name) from None
        return make(options.pop("years"), **options)

    conv.register_structure_hook(WorkCalendar, structure)


_EVENTS_BY_NAME = {cls.__name__: cls for cls in EVENT_TYPES}


def _register_events(conv: cattrs.Converter) -> None:
    """Events in a list are tagged by their class: ``{"type": "CheckIn", ...}``.

    A :class:`~larande.followup.FollowUpState` is written as its events, by day and id.
    """

    def unstructure_event(event: Any) -> dict[str, Any]:
        return {"type": type(event).__name__, **conv.unstructure(event, type(event))}

    def structure_event(value: Any, _: Any) -> Any:
        if type(value) is not dict:
            raise _bad(value, "a JSON object with a type")
        tag = value.get("type")
        cls = _EVENTS_BY_NAME.get(tag) if type(tag) is str else None
        if cls is None:
            raise ValidationError(
                f"unknown event type {describe(tag)}; expected one of {sorted(_EVENTS_BY_NAME)}",
                path="type",
                code="unknown-event-type",
            )
        fields = {k: v for k, v in value.items() if k != "type"}
        try:
            return conv.structure(fields, cls)
        except Exception as exc:  # re-raised with its place
            raise _locate(exc) from None

    def is_event(tp: Any) -> bool:
        return bool(tp == Event)

    conv.register_unstructure_hook_func(is_event, unstructure_event)
    conv.register_structure_hook_func(is_event, structure_event)

    def unstructure_state(state: FollowUpState) -> dict[str, Any]:
        return {"events": [unstructure_event(e) for e in state.all_events()]}

    def structure_state(value: Any, _: Any) -> FollowUpState:
        if type(value) is not dict:
            raise _bad(value, "a JSON object with events")
        extra = sorted(set(value) - {"events"})
        if extra:
            raise ValidationError(
                f"unknown field {extra[0]!r} for FollowUpState",
                path=extra[0],
                code="unknown-field",
            )
        try:
            events = conv.structure(value.get("events", []), tuple[Event, ...])
        except Exception as exc:  # re-raised with its place
            raise _locate(exc).at("events") from None
        return replay(events)

    conv.register_structure_hook(FollowUpState, structure_state)
    conv.register_unstructure_hook(FollowUpState, unstructure_state)


def _record_hook(conv: cattrs.Converter, cls: type) -> Callable[[Any, Any], Any]:
    """A record is read from a JSON object only; anything else is refused, naming it."""
    structure_fields: Callable[[Any, Any], Any] = make_dict_structure_fn(cls, conv)

    def structure(value: Any, _: Any) -> Any:
        if type(value) is not dict:
            raise _bad(value, f"a JSON object ({cls.__name__})")
        return structure_fields(value, cls)

    _PLAIN_RECORD_HOOKS.add(structure)
    return structure


#: The hooks :func:`_record_hook` made: a record whose hook is one of them is read field by
#: field when streamed (see :func:`load`); one with a hook of its own is read whole.
_PLAIN_RECORD_HOOKS: set[Callable[[Any, Any], Any]] = set()


def _register_goal_graph(conv: cattrs.Converter) -> None:
    """A GoalGraph is written as its goals, then its links ``{child, parent, weight}``."""

    def unstructure(graph: GoalGraph) -> dict[str, Any]:
        return {
            "goals": [conv.unstructure(graph.goal(g), Goal) for g in graph],
            "links": [
                {"child": child, "parent": parent, "weight": weight}
                for child, parent, weight in graph.links()
            ],
        }

    def structure(value: Any, _: Any) -> GoalGraph:
        if type(value) is not dict:
            raise _bad(value, "a JSON object with goals and links")
        extra = sorted(set(value) - {"goals", "links"})
        if extra:
            raise ValidationError(
                f"unknown field {extra[0]!r} for GoalGraph", path=extra[0], code="unknown-field"
            )
        try:
            goals = conv.structure(value.get("goals", []), tuple[Goal, ...])
        except Exception as exc:  # re-raised with its place
            raise _locate(exc).at("goals") from None
        links = value.get("links", [])
        if type(links) is not list:
            raise _bad(links, "a JSON array").at("links")
        # Each link is read for its shape here, up to the first bad one; the graph is then
        # built from the goals and the links before it in one go (linear, whatever the
        # document's shape), so errors come in the order of the document.
        ids = {goal.id for goal in goals}
        edges: list[tuple[str, str, float]] = []
        failure: ValidationError | None = None
        for i, link in enumerate(links):
            try:
                edges.append(_read_link(link, ids))
            except ValidationError as err:
                failure = err.at(f"links[{i}]")
                break
        graph = GoalGraph.from_links(goals, edges)
        if failure is not None:
            raise failure
        return graph

    conv.register_structure_hook(GoalGraph, structure)
    conv.register_unstructure_hook(GoalGraph, unstructure)


def _read_link(link: Any, ids: set[str]) -> tuple[str, str, float]:
    """A goal graph's link ``{child, parent, weight}`` as ``(child, parent, weight)``."""
    if type(link) is not dict:
        raise _bad(link, "a JSON object {child, parent, weight}")
    unknown = sorted(set(link) - {"child", "parent", "weight"})
    if unknown:
        raise ValidationError(
            f"unknown field {unknown[0]!r} for a link", path=unknown[0], code="unknown-field"
        )
    for key in ("child", "parent"):
        if key not in link:
            raise ValidationError(
                f"missing required field {key!r}", path=key, code="missing-field"
            )
        if type(link[key]) is not str:
            raise _bad(link[key], "a goal id").at(key)
        if link[key] not in ids:
            raise UnknownIdError("goal", link[key], path=key, expected="a goal in the graph")
    weight = link.get("weight", 1.0)
    if type(weight) not in (int, float):
        raise _bad(weight, "a number").at("weight")
    return link["child"], link["parent"], weight


# Reading tries the fast converter first; only a document that fails is read again with
# the detailed one, which knows where the failure is. Good documents pay nothing for paths.
_FAST = _make_converter(detailed=False)
_DETAILED = _make_converter(detailed=True)


# -- errors ----------------------------------------------------------------------------------


def _locate(exc: BaseException) -> ValidationError:
    """Turn whatever went wrong while structuring into a ValidationError with a path."""
    err = _locate_inner(exc)
    # cattrs annotates errors with notes; the path already says the same, more briefly.
    if hasattr(err, "__notes__"):
        del err.__notes__
    return err


def _locate_inner(exc: BaseException) -> ValidationError:
    if isinstance(exc, ClassValidationError | IterableValidationError):
        inner = exc.exceptions[0]
        step = ""
        for note in getattr(inner, "__notes__", ()):
            if isinstance(note, IterableValidationNote):
                step = f"[{note.index}]"
            elif hasattr(note, "name"):
                step = str(note.name)
        err = _locate_inner(inner)
        return err.at(step) if step else err
    if isinstance(exc, ValidationError):
        return exc
    if isinstance(exc, ForbiddenExtraKeysError):
        names = sorted(exc.extra_fields)
        return ValidationError(
            f"unknown field{'s' if len(names) > 1 else ''} {', '.join(map(repr, names))} "
            f"for {exc.cl.__name__}",
            path=names[0],
            code="unknown-field",
            params={"fields": names, "type": exc.cl.__name__},
        )
    if isinstance(exc, KeyError):
        return ValidationError(
            f"missing required field {exc.args[0]!r}",
            code="missing-field",
            params={"field": exc.args[0]},
        )
    if isinstance(exc, RecursionError):
        return ValidationError("the document is nested too deeply", code="too-deep")
    if isinstance(exc, LarandeError):
        return ValidationError(str(exc), code=exc.code, params=exc.params)
    # cattrs refusing a shape we did not foresee: still a ValidationError, never a crash.
    return ValidationError(f"cannot read this value: {exc}", code="unreadable")


# -- the public functions --------------------------------------------------------------------


def _is_record(obj: Any) -> bool:
    return attrs.has(type(obj)) or isinstance(obj, GoalGraph | FollowUpState)


def _type_name(obj: Any) -> str:
    if isinstance(obj, tuple | list):
        for i, member in enumerate(obj):
            if not _is_record(member):
                raise ValidationError(
                    f"expected a larande record, got {describe(member)}",
                    path=f"data[{i}]",
                    code="not-a-record",
                )
        kinds = {type(x).__name__ for x in obj}
        if len(kinds) > 1:
            raise ValidationError(
                f"a list document holds one type of record, got {sorted(kinds)}",
                path="data",
                code="mixed-list",
            )
        return f"list[{kinds.pop() if kinds else 'Any'}]"
    if not _is_record(obj):
        raise ValidationError(
            f"expected a larande record (or a list of them), got {describe(obj)}",
            path="data",
            code="not-a-record",
        )
    return type(obj).__name__


def _expected_name(cls: Any) -> tuple[str, Any]:
    """The type tag for ``cls`` and the type to structure ``data`` as."""
    origin = typing.get_origin(cls)
    if origin in (tuple, list):
        args = typing.get_args(cls)
        member = args[0] if args else None
        if isinstance(member, type) and (len(args) == 1 or args[1:] == (Ellipsis,)):
            return f"list[{member.__name__}]", tuple[member, ...]  # type: ignore[valid-type]
    elif isinstance(cls, type):
        return cls.__name__, cls
    raise ValidationError(
        f"expected cls to be a larande record class or tuple[Record, ...], got {cls!r}",
        path="cls",
        code="not-a-record-type",
    )


def to_dict(obj: Any) -> dict[str, Any]:
    """The JSON-ready document of ``obj``: ``{"schema", "type", "data"}``.

    ``obj`` is a larande record (or a tuple or list of records of one type, tagged
    ``"list[Assessment]"``).

    >>> from larande import Unit
    >>> to_dict(Unit("it", "IT"))
    {'schema': 'larande/1', 'type': 'Unit', 'data': {'id': 'it', 'name': 'IT'}}
    """
    name = _type_name(obj)
    data = _FAST.unstructure(list(obj) if isinstance(obj, tuple) else obj)
    return {"schema": SCHEMA, "type": name, "data": data}


def dumps(obj: Any, *, indent: int | None = None) -> str:
    """The document of ``obj`` as JSON text (UTF-8 kept, deterministic)."""
    return _json.dumps(to_dict(obj), ensure_ascii=False, indent=indent, allow_nan=False)


def from_dict(document: Any, cls: type[T]) -> T:
    """Read a document (as parsed JSON) into an instance of ``cls``.

    ``cls`` must match the document's ``type`` tag; for list documents pass
    ``tuple[Record, ...]``. Any problem is a :class:`~larande.exceptions.ValidationError`
    whose ``path`` says where.

    >>> from larande import Unit
    >>> from_dict({"schema": "larande/1", "type": "Unit", "data": {"id": "it"}}, Unit)
    Traceback (most recent call last):
    ...
    larande.exceptions.ValidationError: data.name: missing required field 'name'
    """
    name, target = _expected_name(cls)
    if type(document) is not dict:
        raise ValidationError(
            f"expected a JSON object with schema, type and data, got {describe(document)}",
            code="not-a-document",
        )
    schema = document.get("schema")
    if schema is None:
        raise ValidationError(
            "missing schema tag; expected 'larande/1'",
            path="schema",
            code="missing-field",
            params={"field": "schema"},
        )
    if type(schema) is not str or schema not in READABLE_SCHEMAS:
        raise ValidationError(
            f"unknown schema {describe(schema)}; this version reads {sorted(READABLE_SCHEMAS)}",
            path="schema",
            code="unknown-schema",
            params={"schema": describe(schema)},
        )
    empty_list = name.startswith("list[") and document.get("type") == "list[Any]"
    if document.get("type") != name and not (empty_list and document.get("data") == []):
        raise ValidationError(
            f"expected a document of type {name!r}, got {describe(document.get('type'))}",
            path="type",
            code="wrong-type",
            params={"expected": name},
        )
    extra = sorted(set(document) - {"schema", "type", "data"})
    if extra:
        raise ValidationError(
            f"unknown fields {extra} in the document envelope", path=extra[0], code="unknown-field"
        )
    if "data" not in document:
        raise ValidationError("missing data", path="data", code="missing-field")
    data = document["data"]
    if attrs.has(target) and type(data) is not dict:
        raise ValidationError(
            f"expected a JSON object for {name}, got {describe(data)}",
            path="data",
            params={"value": describe(data), "expected": "a JSON object"},
        )
    try:
        return _FAST.structure(data, target)  # type: ignore[no-any-return]
    except Exception:
        pass
    try:
        _DETAILED.structure(data, target)
    except Exception as exc:
        raise _locate(exc).at("data") from None
    # The detailed reader accepted what the fast one refused: a bug of ours, not the input's.
    raise AssertionError("larande.io.json: fast and detailed readers disagree")  # pragma: no cover


def _refuse_constant(name: str) -> Any:
    raise ValidationError(f"{name} is not a JSON number", code="malformed-json")


# Parsing whole, as ``json.loads`` does: one decoder, refusing NaN and Infinity.
_DECODER = _json.JSONDecoder(parse_constant=_refuse_constant)


def _text_of(text: str | bytes | bytearray) -> str:
    """JSON text as ``json.loads`` decodes bytes: UTF-8 (a BOM skipped), UTF-16 or UTF-32."""
    if isinstance(text, str):
        return text
    try:
        return text.decode(_json.detect_encoding(text), "surrogatepass")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"the JSON bytes are not UTF-8: {exc.reason}", code="malformed-json"
        ) from None


def _parse(text: str, *, decoded: bool) -> Any:
    """The parsed document, whole; ``decoded`` if ``text`` came as bytes (no BOM check)."""
    try:
        if not decoded and text.startswith("\ufeff"):  # what json.loads says of a str
            raise _json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        return _DECODER.decode(text)
    except _json.JSONDecodeError as exc:
        raise ValidationError(
            f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            code="malformed-json",
            params={"line": exc.lineno, "column": exc.colno},
        ) from None
    except RecursionError:
        raise ValidationError("the JSON text is nested too deeply", code="too-deep") from None
    except ValueError as exc:  # an integer too long to convert (sys.get_int_max_str_digits)
        raise ValidationError(f"unreadable JSON: {exc}", code="malformed-json") from None


def _is_json_text(text: object) -> None:
    if not isinstance(text, str | bytes | bytearray):
        raise ValidationError(f"expected JSON text, got {describe(text)}", code="not-json")


def loads(text: str | bytes, cls: type[T]) -> T:
    """Read JSON text into an instance of ``cls`` (see :func:`from_dict`).

    Malformed JSON, ``NaN`` and ``Infinity`` and too deep nesting are ``ValidationError``.
    The text is read as :func:`load` reads a file: large arrays one element at a time.
    """
    _is_json_text(text)
    return _read(_text_of(text), cls, decoded=not isinstance(text, str))


def _loads_whole(text: str | bytes, cls: type[T]) -> T:
    """:func:`loads` without streaming: the whole document parsed, then read (benchmarks)."""
    _is_json_text(text)
    return from_dict(_parse(_text_of(text), decoded=not isinstance(text, str)), cls)


def _register(
    cls: type, structure: Callable[[Any, Any], Any], unstructure: Callable[[Any], Any]
) -> None:
    """Register custom hooks for a container type on every converter (for later types)."""
    for conv in (_FAST, _DETAILED, _LAZY):
        conv.register_structure_hook(cls, structure)
        conv.register_unstructure_hook(cls, unstructure)
    _reader.cache_clear()


# -- streamed reading and writing ------------------------------------------------------------
#
# A national organisation's document is hundreds of megabytes. Parsed whole, its tree of
# dicts and lists takes several times the text, and every one of those objects is walked by
# the cyclic garbage collector while the records are built. Streamed, the text is held once
# and scanned in place: the envelope and each record's fields one by one, and a large array
# (people, assessments, signals, events, goals, links) one element at a time, each element
# parsed, read into its record and its dicts dropped before the next. Anything the scanner
# does not expect (a repeated key, keys out of the usual order, an error of any kind) sends
# the document down the whole path, which gives exactly the value or error it always gave.

_WS = re.compile(r"[ \t\n\r]*")
_scan: Callable[[str, int], tuple[Any, int]] = _DECODER.scan_once  # type: ignore[attr-defined]
_scanstring: Callable[[str, int], tuple[str, int]] = _json.decoder.scanstring  # type: ignore[attr-defined]

_Reader = Callable[[str, int], tuple[Any, int]]


class _Unusual(Exception):  # noqa: N818 (a signal, not an error a caller sees)
    """Something the streamed reader does not handle: the document is read whole instead."""


def _read(text: str, cls: type[T], *, decoded: bool) -> T:
    """Read ``text`` streamed; anything unusual, read whole, for today's value or error."""
    try:
        with paused():
            return _streamed(text, cls)  # type: ignore[no-any-return]
    except Exception:  # read again whole below, which names the problem
        pass
    return from_dict(_parse(text, decoded=decoded), cls)


def _skip(s: str, i: int) -> int:
    """Past the JSON whitespace at ``i``."""
    return _WS.match(s, i).end()  # type: ignore[union-attr]


def _key(s: str, i: int) -> tuple[str, int]:
    """The key of the object member at ``i``, and where its value starts."""
    if s[i] != '"':
        raise _Unusual
    key, i = _scanstring(s, i + 1)
    i = _skip(s, i)
    if s[i] != ":":
        raise _Unusual
    return key, _skip(s, i + 1)


def _after(s: str, i: int, close: str) -> tuple[int, bool]:
    """Past the comma after a member (``True``: more follow) or the closing bracket."""
    i = _skip(s, i)
    c = s[i]
    if c == ",":
        return _skip(s, i + 1), True
    if c == close:
        return i + 1, False
    raise _Unusual


def _streamed(s: str, cls: Any) -> Any:
    name, target = _expected_name(cls)
    i = _skip(s, 0)
    if s[i] != "{":
        raise _Unusual
    envelope: dict[str, Any] = {}
    i = _skip(s, i + 1)
    more = True
    while more:
        key, i = _key(s, i)
        if key in envelope or key not in ("schema", "type", "data"):
            raise _Unusual
        envelope[key], i = _reader(target)(s, i) if key == "data" else _scan(s, i)
        i, more = _after(s, i, "}")
    if _skip(s, i) != len(s):
        raise _Unusual
    schema = envelope.get("schema")
    if (
        len(envelope) != 3
        or type(schema) is not str
        or schema not in READABLE_SCHEMAS
        or envelope["type"] != name
    ):
        raise _Unusual
    return envelope["data"]


@functools.cache
def _reader(tp: Any) -> _Reader:
    """How to read a value of type ``tp`` where it starts in the text, streamed."""
    if _is_tuple(tp):
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return _array_reader(args[0])
    if typing.get_origin(tp) in (types.UnionType, typing.Union) and not _is_budget_union(tp):
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is type(None):
            return _optional_reader(_reader(args[0]))
    if tp is GoalGraph:
        return _read_goal_graph
    if tp is FollowUpState:
        return _read_state
    if (
        isinstance(tp, type)
        and attrs.has(tp)
        and _FAST.get_structure_hook(tp) in _PLAIN_RECORD_HOOKS
    ):
        fields = [a for a in attrs.fields(attrs.resolve_types(tp)) if a.init]
        if all(a.name == a.alias for a in fields):  # the key is the keyword, as cattrs reads it
            return _record_reader(tp, {a.name: a.type for a in fields})
    return _whole_reader(tp)


def _whole_reader(tp: Any) -> _Reader:
    """A value parsed whole, then read as :func:`from_dict` reads it."""
    structure = _FAST.get_structure_hook(tp)

    def read(s: str, i: int) -> tuple[Any, int]:
        value, i = _scan(s, i)
        return structure(value, tp), i

    return read


def _array_reader(member: Any) -> _Reader:
    """A JSON array read as a tuple, one element at a time (as ``tuple[member, ...]``)."""
    structure = _FAST.get_structure_hook(member)
    match = _WS.match

    def read(s: str, i: int) -> tuple[Any, int]:
        if s[i] != "[":
            raise _Unusual
        i = match(s, i + 1).end()  # type: ignore[union-attr]
        if s[i] == "]":
            return (), i + 1
        out = []
        while True:
            value, i = _scan(s, i)
            out.append(structure(value, member))
            i = match(s, i).end()  # type: ignore[union-attr]
            c = s[i]
            if c == ",":
                i = match(s, i + 1).end()  # type: ignore[union-attr]
            elif c == "]":
                return tuple(out), i + 1
            else:
                raise _Unusual

    return read


def _optional_reader(inner: _Reader) -> _Reader:
    def read(s: str, i: int) -> tuple[Any, int]:
        return _scan(s, i) if s.startswith("null", i) else inner(s, i)

    return read


def _record_reader(cls: type, types_: dict[str, Any]) -> _Reader:
    """A record read field by field, each field streamed; built as cattrs builds it."""

    def read(s: str, i: int) -> tuple[Any, int]:
        if s[i] != "{":
            raise _Unusual
        values: dict[str, Any] = {}
        i = _skip(s, i + 1)
        more = s[i] != "}"
        if not more:
            i += 1
        while more:
            key, i = _key(s, i)
            if key in values or key not in types_:
                raise _Unusual
            values[key], i = _reader(types_[key])(s, i)
            i, more = _after(s, i, "}")
        return cls(**values), i

    return read


def _read_goal_graph(s: str, i: int) -> tuple[GoalGraph, int]:
    """A goal graph: its goals, then its links, each one at a time (links after goals)."""
    if s[i] != "{":
        raise _Unusual
    goals: tuple[Goal, ...] = ()
    edges: list[tuple[str, str, float]] = []
    seen: list[str] = []
    i = _skip(s, i + 1)
    more = s[i] != "}"
    if not more:
        i += 1
    while more:
        key, i = _key(s, i)
        if key in seen or key not in ("goals", "links") or (key == "goals" and seen):
            raise _Unusual
        seen.append(key)
        if key == "goals":
            goals, i = _reader(tuple[Goal, ...])(s, i)
        else:
            i = _read_links(s, i, {goal.id for goal in goals}, edges)
        i, more = _after(s, i, "}")
    return GoalGraph.from_links(goals, edges), i


def _read_links(s: str, i: int, ids: set[str], edges: list[tuple[str, str, float]]) -> int:
    if s[i] != "[":
        raise _Unusual
    i = _skip(s, i + 1)
    more = s[i] != "]"
    if not more:
        i += 1
    while more:
        link, i = _scan(s, i)
        edges.append(_read_link(link, ids))
        i, more = _after(s, i, "]")
    return i


def _read_state(s: str, i: int) -> tuple[FollowUpState, int]:
    """A follow-up state: its events, one at a time, then replayed."""
    if s[i] != "{":
        raise _Unusual
    events: tuple[Any, ...] = ()
    i = _skip(s, i + 1)
    if s[i] == "}":
        i += 1
    else:
        key, i = _key(s, i)
        if key != "events":
            raise _Unusual
        events, i = _reader(tuple[Event, ...])(s, i)
        i, more = _after(s, i, "}")
        if more:
            raise _Unusual
    return replay(events), i


# Writing: the record is unstructured by a converter that leaves each large array
# (``tuple[X, ...]``, a goal graph's goals and links, a state's events) as a _Deferred,
# written element by element in batches; everything else is as ``to_dict`` makes it.


class _Deferred:
    """An array written later, element by element: ``unstructure`` makes each one."""

    __slots__ = ("items", "unstructure")

    def __init__(self, items: Iterable[Any], unstructure: Callable[[Any], Any]) -> None:
        self.items = items
        self.unstructure = unstructure


def _make_lazy_converter() -> cattrs.Converter:
    conv = _make_converter(detailed=False)

    def lazy_tuple(tp: Any) -> Callable[[Any], Any]:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            unstructure = _FAST.get_unstructure_hook(args[0])
            return lambda v: _Deferred(v, unstructure)
        return _tuple_to_list(conv, tp)

    def lazy_graph(graph: GoalGraph) -> dict[str, Any]:
        goal = _FAST.get_unstructure_hook(Goal)
        return {
            "goals": _Deferred(graph, lambda g: goal(graph.goal(g))),
            "links": _Deferred(
                graph.links(),
                lambda link: {"child": link[0], "parent": link[1], "weight": link[2]},
            ),
        }

    def lazy_state(state: FollowUpState) -> dict[str, Any]:
        return {"events": _Deferred(state.all_events(), _FAST.get_unstructure_hook(Event))}

    conv.register_unstructure_hook_factory(_is_tuple, lazy_tuple)
    conv.register_unstructure_hook(GoalGraph, lazy_graph)
    conv.register_unstructure_hook(FollowUpState, lazy_state)
    return conv


_LAZY = _make_lazy_converter()

_BATCH = 64  # elements unstructured and encoded together
_FLUSH = 1 << 16  # characters gathered before each write


def _materialize(value: Any) -> Any:
    """The encoder's fallback: a _Deferred where it was not expected, as its whole list."""
    if type(value) is _Deferred:
        return [value.unstructure(x) for x in value.items]
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


class _Writer:
    """Writes a lazily unstructured document as ``json.dumps`` would lay it out."""

    def __init__(self, write: Callable[[str], object], indent: int | str | None) -> None:
        self.write = write
        self.parts: list[str] = []
        self.size = 0
        self.encode = _json.JSONEncoder(
            ensure_ascii=False, allow_nan=False, indent=indent, default=_materialize
        ).encode
        self.indent = (
            None if indent is None else indent if isinstance(indent, str) else " " * indent
        )
        self.separator = ", " if indent is None else ","

    def put(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= _FLUSH:
            self.flush()

    def flush(self) -> None:
        if self.parts:
            self.write("".join(self.parts))
            self.parts.clear()
            self.size = 0

    def at(self, text: str, level: int) -> str:
        """Text encoded at the top level, indented as if encoded ``level`` deep."""
        if self.indent is None or not level or "\n" not in text:
            return text
        return text.replace("\n", "\n" + self.indent * level)

    def value(self, node: Any, level: int) -> None:
        if type(node) is _Deferred:
            self.array(node, level)
        elif type(node) is dict and node and all(type(k) is str for k in node):
            self.object(node, level)
        else:
            self.put(self.at(self.encode(node), level))

    def object(self, node: dict[str, Any], level: int) -> None:
        if self.indent is None:
            first, separator = "{", ", "
        else:
            newline = "\n" + self.indent * (level + 1)
            first, separator = "{" + newline, "," + newline
        for key, value in node.items():
            self.put(first + self.encode(key) + ": ")
            first = separator
            self.value(value, level + 1)
        self.put("}" if self.indent is None else "\n" + self.indent * level + "}")

    def array(self, node: _Deferred, level: int) -> None:
        items = iter(node.items)
        unstructure = node.unstructure
        batch = [unstructure(x) for x in itertools.islice(items, _BATCH)]
        if not batch:
            self.put("[]")
            return
        # Each batch is encoded as a list, then its brackets are cut: what is left is the
        # batch's elements with the separators and line breaks json puts between them.
        close = "]" if self.indent is None else "\n" + self.indent * level + "]"
        self.put("[")
        while batch:
            text = self.at(self.encode(batch), level)
            self.put(text[1 : len(text) - len(close)])
            batch = [unstructure(x) for x in itertools.islice(items, _BATCH)]
            if batch:
                self.put(self.separator)
        self.put(close)


class _Readable(typing.Protocol):
    def read(self) -> str | bytes: ...


class _Writable(typing.Protocol):
    def write(self, text: str, /) -> object: ...


def dump(obj: Any, fp: _Writable, *, indent: int | None = None) -> None:
    """Write the document of ``obj`` to the text file ``fp``: the text of :func:`dumps`.

    The text is written in pieces of about 64 KiB as it is made, never held whole: a
    record's fields one by one, and its large arrays (people, assessments, signals,
    events, goals...) a few dozen elements at a time, so that a national organisation's
    document takes little more memory to write than its dataset does already. ``fp`` is
    anything with ``write(str)``: a file opened for text (``encoding="utf-8"``), or an
    :class:`io.StringIO`.

    Raises:
        ValidationError: ``obj`` is not a record (nothing is written) or ``fp`` cannot be
            written text to.

    >>> import datetime as dt, io
    >>> from larande import Assessment
    >>> out = io.StringIO()
    >>> dump(Assessment("anna", "cpr", 2, dt.date(2026, 1, 12)), out)
    >>> out.getvalue() == dumps(Assessment("anna", "cpr", 2, dt.date(2026, 1, 12)))
    True
    >>> out.getvalue()[:46]
    '{"schema": "larande/1", "type": "Assessment", '
    """
    name = _type_name(obj)
    given: object = fp  # hosts pass anything
    write = getattr(given, "write", None)
    if not callable(write) or isinstance(given, io.RawIOBase | io.BufferedIOBase):
        raise ValidationError(
            f"expected a text file to write to, got {describe(fp)}",
            path="fp",
            code="invalid-value",
        )
    data: Any = (
        _Deferred(obj, _FAST.unstructure)
        if isinstance(obj, tuple | list)
        else _LAZY.unstructure(obj)
    )
    writer = _Writer(write, indent)
    writer.value({"schema": SCHEMA, "type": name, "data": data}, 0)
    writer.flush()


def load(fp: _Readable, cls: type[T]) -> T:
    """Read a document from the file ``fp`` into an instance of ``cls``: ``loads(fp.read(), cls)``.

    ``fp`` is a file opened for binary (then read as :func:`loads` reads bytes: UTF-8, a
    BOM skipped) or for text, or anything with ``read()``. The text is held once and read
    in place: each large array one element at a time, its parsed dicts dropped as soon as
    its record is built, so reading takes a small multiple of the text, not the whole
    parsed tree. The value, and for a bad document the error, are those of :func:`loads`.

    Raises:
        ValidationError: as :func:`loads`; ``fp`` has no ``read``.

    >>> import io
    >>> from larande import Unit
    >>> text = '{"schema": "larande/1", "type": "Unit", "data": {"id": "it", "name": "IT"}}'
    >>> load(io.StringIO(text), Unit)
    Unit(id='it', name='IT', parent=None)
    >>> load(io.BytesIO(dumps(Unit("vå", "Vård")).encode("utf-8")), Unit)
    Unit(id='vå', name='Vård', parent=None)
    """
    given: object = fp  # hosts pass anything
    read = getattr(given, "read", None)
    if not callable(read):
        raise ValidationError(
            f"expected a file to read from, got {describe(fp)}", path="fp", code="invalid-value"
        )
    data = read()
    _is_json_text(data)
    text = _text_of(data)
    decoded = not isinstance(data, str)
    del data  # the bytes, once decoded: the text is held once
    return _read(text, cls, decoded=decoded)


# A folder of organisation documents (national scale): one ``{org_id}.json`` each, read
# and written one at a time so that no process holds the nation.


def _in_file(err: ValidationError, file: Path) -> ValidationError:
    params = dict(err.params)
    params["file"] = str(file)
    return ValidationError(f"{file}: {err.message}", path=err.path, code=err.code, params=params)


def read_folder(path: str | os.PathLike[str]) -> Iterator[tuple[str, Any]]:
    """The ``(org_id, Dataset)`` pairs of a folder's ``{org_id}.json`` documents, streamed.

    Files are read one at a time, in order of name, as the iterator is consumed, each with
    :func:`load` (streamed: a small multiple of its size in memory); only ``*.json`` files
    count (hidden ones and sub-folders are skipped). The organisation id is the file's name
    without ``.json``. Feed the pairs to
    :func:`larande.distributed.run` to review real data as generated data is.

    Raises:
        ValidationError: ``path`` is not a folder (at once); a file is unreadable, not
            UTF-8 or not a valid ``Dataset`` document (when it is reached; the message
            and ``params["file"]`` name the file, ``path`` the place in the document).

    >>> import tempfile
    >>> from larande.datasets import synthetic
    >>> folder = tempfile.mkdtemp()
    >>> write_folder([("0180", synthetic(people=3, seed=1))], folder)
    >>> [(org_id, len(ds.org.people)) for org_id, ds in read_folder(folder)]
    [('0180', 3)]
    """
    from larande.dataset import Dataset

    folder = _folder(path)
    if not folder.is_dir():
        raise ValidationError(
            f"{folder} is not a folder of organisation documents",
            path="path",
            code="not-a-folder",
            params={"file": str(folder)},
        )
    try:
        names = sorted(
            f.name
            for f in folder.iterdir()
            if f.name.endswith(".json") and not f.name.startswith(".") and not f.is_dir()
        )
    except OSError as exc:
        raise ValidationError(
            f"{folder}: cannot list the folder: {exc.strerror}",
            path="path",
            code="unreadable-folder",
            params={"file": str(folder)},
        ) from None

    def documents() -> Iterator[tuple[str, Any]]:
        for name in names:
            file = folder / name
            try:
                with file.open("rb") as fp:
                    dataset = load(fp, Dataset)
            except OSError as exc:
                raise ValidationError(
                    f"{file}: cannot read the file: {exc.strerror}",
                    code="unreadable-file",
                    params={"file": str(file)},
                ) from None
            except ValidationError as err:
                raise _in_file(err, file) from None
            yield name[: -len(".json")], dataset

    return documents()


def _folder(path: object) -> Path:
    if not isinstance(path, str | os.PathLike) or not str(path):
        raise ValidationError(
            f"expected a folder's path, got {describe(path)}", path="path", code="not-a-folder"
        )
    return Path(path)


def _file_name(org_id: object) -> bool:
    return (
        isinstance(org_id, str)
        and org_id != ""
        and not org_id.startswith(".")
        and not any(c in org_id for c in '/\\\0:*?"<>|')
        and org_id.isprintable()
    )


def write_folder(pairs: Iterable[tuple[str, Any]], path: str | os.PathLike[str]) -> None:
    """Write each ``(org_id, Dataset)`` pair as ``{org_id}.json`` in the folder ``path``.

    The folder is made if missing. Pairs are written one at a time as they are read, so a
    generated nation (``(i, nation.dataset(i)) for i in nation.ids``) never sits in
    memory whole, and each is written with :func:`dump`, in pieces, never as one string;
    each file appears whole or not at all (written aside, then renamed).
    An existing file of the same name is replaced.

    Raises:
        ValidationError: ``path`` is a file; a pair is not ``(org_id, Dataset)``; an
            ``org_id`` cannot be a file name (empty, a leading dot, a path separator or
            one of ``:*?"<>|``). Files written before the bad pair stay.
        DuplicateIdError: two pairs with one ``org_id``.
    """
    from larande.dataset import Dataset
    from larande.exceptions import DuplicateIdError

    folder = _folder(path)
    if folder.exists() and not folder.is_dir():
        raise ValidationError(
            f"{folder} is a file, not a folder",
            path="path",
            code="not-a-folder",
            params={"file": str(folder)},
        )
    given: object = pairs  # checked: untyped hosts pass anything
    if not isinstance(given, Iterable) or isinstance(given, str | bytes):
        raise ValidationError(
            f"expected an iterable of (org_id, Dataset) pairs, got {describe(pairs)}",
            path="pairs",
            code="invalid-pairs",
        )
    folder.mkdir(parents=True, exist_ok=True)
    seen: set[str] = set()
    for k, pair in enumerate(pairs):
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise ValidationError(
                f"expected an (org_id, Dataset) pair, got {describe(pair)}",
                path=f"pairs[{k}]",
                code="invalid-pairs",
            )
        org_id, dataset = pair
        if not _file_name(org_id):
            raise ValidationError(
                f"expected an organisation id fit for a file name, got {describe(org_id)}",
                path=f"pairs[{k}][0]",
                code="invalid-org-id",
                params={"value": repr(org_id)},
            )
        if not isinstance(dataset, Dataset):
            raise ValidationError(
                f"expected a Dataset for organisation {org_id!r}, got {describe(dataset)}",
                path=f"pairs[{k}][1]",
                code="invalid-pairs",
                params={"org_id": org_id},
            )
        if org_id in seen:
            raise DuplicateIdError("organisation", org_id, path=f"pairs[{k}][0]")
        seen.add(org_id)
        file = folder / f"{org_id}.json"
        aside = folder / f".{org_id}.json.part"
        try:
            with aside.open("w", encoding="utf-8") as fp:
                dump(dataset, fp)
                fp.write("\n")
        except BaseException:
            aside.unlink(missing_ok=True)
            raise
        os.replace(aside, file)
