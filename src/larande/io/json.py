"""JSON documents in and out: ``{"schema": "larande/1", "type": ..., "data": ...}``.

Every public record round-trips losslessly. Dates are ISO 8601 (``"2026-01-12"``),
durations ISO 8601 (``"PT4H"``, ``"P365D"``), enums lower-case strings, tuples and sets JSON
arrays (sets sorted, so output is deterministic), fields left at their default omitted.

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
import json as _json
import re
import types
import typing
from collections.abc import Callable
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
from larande.exceptions import LarandeError, UnknownIdError, ValidationError
from larande.followup import EVENT_TYPES, Event, FollowUpState, replay
from larande.frozenmap import FrozenMap
from larande.goals import Goal, GoalGraph
from larande.scheduling import Budget

__all__ = ["SCHEMA", "dumps", "from_dict", "loads", "to_dict"]

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

    return structure


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

    def _read_link(link: Any, ids: set[str]) -> tuple[str, str, float]:
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

    conv.register_structure_hook(GoalGraph, structure)
    conv.register_unstructure_hook(GoalGraph, unstructure)


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


def loads(text: str | bytes, cls: type[T]) -> T:
    """Read JSON text into an instance of ``cls`` (see :func:`from_dict`).

    Malformed JSON, ``NaN`` and ``Infinity`` and too deep nesting are ``ValidationError``.
    """
    if not isinstance(text, str | bytes | bytearray):
        raise ValidationError(f"expected JSON text, got {describe(text)}", code="not-json")
    try:
        document = _json.loads(text, parse_constant=_refuse_constant)
    except _json.JSONDecodeError as exc:
        raise ValidationError(
            f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}",
            code="malformed-json",
            params={"line": exc.lineno, "column": exc.colno},
        ) from None
    except RecursionError:
        raise ValidationError("the JSON text is nested too deeply", code="too-deep") from None
    except UnicodeDecodeError as exc:
        raise ValidationError(
            f"the JSON bytes are not UTF-8: {exc.reason}", code="malformed-json"
        ) from None
    except ValueError as exc:  # an integer too long to convert (sys.get_int_max_str_digits)
        raise ValidationError(f"unreadable JSON: {exc}", code="malformed-json") from None
    return from_dict(document, cls)


def _register(
    cls: type, structure: Callable[[Any, Any], Any], unstructure: Callable[[Any], Any]
) -> None:
    """Register custom hooks for a container type on both converters (for later types)."""
    for conv in (_FAST, _DETAILED):
        conv.register_structure_hook(cls, structure)
        conv.register_unstructure_hook(cls, unstructure)
