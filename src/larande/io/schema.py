"""JSON Schema (draft 2020-12) of the documents :mod:`larande.io.json` writes.

:func:`json_schema` generates the schema of a document type from the record itself: its
attrs fields and their type annotations, the way :mod:`larande.io.json` writes each type,
and the few constraints the record's own validators make exact (non-empty ids, levels of
zero or more). Nothing is written by hand per class, so a record that gains a field gains it
in its schema too.

The contract: every document that :func:`larande.io.json.loads` accepts validates against
the schema of its type. The schema is never stricter than the reader, and it is looser where
a rule needs the whole document (an unknown unit, a duplicate id, a level outside its scale,
a cycle): reading checks those.

>>> import datetime as dt
>>> from larande import Assessment
>>> from larande.io import json
>>> schema = json_schema(Assessment)
>>> schema["$schema"]
'https://json-schema.org/draft/2020-12/schema'
>>> schema["properties"]["data"]
{'$ref': '#/$defs/Assessment'}
>>> sorted(schema["$defs"]["Assessment"]["required"])
['competency', 'level', 'on', 'person']
>>> schema["$defs"]["Assessment"]["properties"]["on"]["format"]
'date'
>>> json_schema(dict)
Traceback (most recent call last):
...
larande.exceptions.ValidationError: type: no larande document has the type <class 'dict'>; expected a record class, GoalGraph, FollowUpState or tuple[Record, ...]
"""  # noqa: E501

from __future__ import annotations

import datetime as dt
import enum
import re
import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from larande import _check as check
from larande.calendars import WorkCalendar
from larande.exceptions import ValidationError
from larande.followup import EVENT_TYPES, Event, FollowUpState
from larande.frozenmap import FrozenMap
from larande.goals import Goal, GoalGraph
from larande.io.json import _DURATION, CALENDAR_COUNTRIES, READABLE_SCHEMAS

__all__ = ["DIALECT", "json_schema"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
"""The JSON Schema dialect of every schema here (``$schema``)."""

Schema = dict[str, Any]

# -- values ------------------------------------------------------------------------------------

# The reader matches ``\d{4}-\d{2}-\d{2}`` and then needs a date that exists;
# ``date.fromisoformat`` refuses digits other than ASCII ones, so [0-9] is exact. ``format``
# says "an existing date" to validators that check formats (jsonschema's FORMAT_CHECKER).
_DATE_SCHEMA: Schema = {
    "type": "string",
    "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
    "format": "date",
}

# The reader's own pattern, its named groups made plain (ECMA 262 has no ``(?P<...>``), and
# what it refuses besides: a text ending in ``P`` or ``T`` ("P", "PT", "P1DT").
_DURATION_SCHEMA: Schema = {
    "type": "string",
    "pattern": "^(?!.*[PT]$)(?:" + re.sub(r"\(\?P<\w+>", "(", _DURATION.pattern) + ")$",
}

_PRIMITIVES: dict[Any, Schema] = {
    str: {"type": "string"},
    int: {"type": "integer"},
    float: {"type": "number"},  # an integer is read as a float too
    bool: {"type": "boolean"},
    type(None): {"type": "null"},
    dt.date: _DATE_SCHEMA,
    dt.timedelta: _DURATION_SCHEMA,
}

# Constraints the records' validators make exact. They run on every record a document is
# read into, after no converter or one that only turns an int into a float.
_VALIDATOR_CONSTRAINTS: dict[Any, Schema] = {
    check.identifier: {"minLength": 1},
    check.optional_identifier: {"minLength": 1},
    check.level: {"minimum": 0},
    check.optional_level: {"minimum": 0},
    check.positive_number: {"exclusiveMinimum": 0},
    check.non_negative_number: {"minimum": 0},
}
_HARMLESS_CONVERTERS: tuple[Any, ...] = (None, check.to_float, check.optional_float)


def _constraints(validator: Any) -> Schema:
    """What ``validator`` (plain, ``optional`` or ``and_`` of them) refuses, as keywords."""
    if validator is None:
        return {}
    try:
        known = _VALIDATOR_CONSTRAINTS.get(validator)
    except TypeError:  # an unhashable validator: nothing we know
        known = None
    if known is not None:
        return dict(known)
    out: Schema = {}
    for inner in getattr(validator, "_validators", ()):  # attrs.validators.and_
        out.update(_constraints(inner))
    inner = getattr(validator, "validator", None)  # attrs.validators.optional
    if inner is not None:
        out.update(_constraints(inner))
    return out


def _description(obj: Any) -> str | None:
    """The first paragraph of ``obj``'s own docstring, on one line."""
    doc = obj.__dict__.get("__doc__") if isinstance(obj, type) else None
    if not doc:
        return None
    first = doc.strip().split("\n\n", 1)[0]
    return " ".join(first.split())


def _unsupported(tp: Any, where: str) -> ValidationError:
    return ValidationError(
        f"cannot describe {where} of type {tp!r} in JSON Schema: larande.io.json does not read it",
        path="type",
        code="unsupported-type",
        params={"type": repr(tp), "where": where},
    )


class _Builder:
    """Walks the types of one document, collecting named definitions in ``$defs``."""

    def __init__(self) -> None:
        self.defs: dict[str, Schema] = {}
        self._names: dict[Any, str] = {}

    def ref(self, key: Any, name: str, make: Callable[[], Schema]) -> Schema:
        """A ``$ref`` to the definition of ``key``, made (once) by ``make``."""
        if key not in self._names:
            if name in self.defs:  # two classes of one name: the later one by its module
                name = f"{getattr(key, '__module__', 'larande')}.{name}"
            self._names[key] = name
            self.defs[name] = {}  # taken before ``make`` runs: a type may refer to itself
            self.defs[name] = make()
        return {"$ref": f"#/$defs/{self._names[key]}"}

    def schema(self, tp: Any, where: str) -> Schema:
        """The schema of a value of type ``tp``, as :mod:`larande.io.json` writes it."""
        if tp is Any:
            return {}
        if tp == Event:
            return self.ref("Event", "Event", self._events)
        if isinstance(tp, type) and issubclass(tp, enum.Enum):
            return self.ref(tp, tp.__name__, lambda: self._enum(tp))
        if tp in _PRIMITIVES:
            return dict(_PRIMITIVES[tp])
        origin, args = typing.get_origin(tp), typing.get_args(tp)
        if origin is typing.Union or origin is types.UnionType:
            return self._union(args, tp, where)
        if origin is tuple or tp is tuple:
            return self._tuple(args, where)
        if origin is frozenset or tp is frozenset:
            member = args[0] if args else Any
            return {"type": "array", "items": self.schema(member, where)}
        if origin is FrozenMap or tp is FrozenMap:
            return self._mapping(*(args or (str, Any)), where=where)
        if tp is GoalGraph:
            return self.ref(tp, "GoalGraph", self._goal_graph)
        if tp is FollowUpState:
            return self.ref(tp, "FollowUpState", self._follow_up_state)
        if tp is WorkCalendar:
            return self.ref(tp, "WorkCalendar", self._calendar)
        if isinstance(tp, type) and attrs.has(tp):
            return self.ref(tp, tp.__name__, lambda: self.record(tp))
        raise _unsupported(tp, where)

    def _union(self, args: tuple[Any, ...], tp: Any, where: str) -> Schema:
        """``X | None`` is X or null; any other union, one of its members (as written)."""
        members = [a for a in args if a is not type(None)]
        if len(members) > 1 and typing.Union[tuple(members)] == Event:  # noqa: UP007
            schemas = [self.schema(Event, where)]  # ``Event | None``: still tagged
        else:
            schemas = [self.schema(m, where) for m in members]
        if len(members) < len(args):
            schemas.append({"type": "null"})
        if all(set(s) == {"type"} and isinstance(s["type"], str) for s in schemas):
            return {"type": [s["type"] for s in schemas]}
        return {"anyOf": schemas}

    def _tuple(self, args: tuple[Any, ...], where: str) -> Schema:
        if not args or (len(args) == 2 and args[1] is Ellipsis):
            member = args[0] if args else Any
            return {"type": "array", "items": self.schema(member, where)}
        # A fixed-length tuple, such as a (year, month) pair: the reader reads every member
        # as the first one's type and leaves the length to the record's validator, which
        # every such record has.
        return {
            "type": "array",
            "prefixItems": [self.schema(a, where) for a in args],
            "minItems": len(args),
            "maxItems": len(args),
        }

    def _mapping(self, key: Any, value: Any, *, where: str) -> Schema:
        schema: Schema = {"type": "object", "additionalProperties": self.schema(value, where)}
        key_schema = self.schema(key, where)
        if key is str:
            return schema
        target = self.defs.get(key_schema.get("$ref", "").removeprefix("#/$defs/"), key_schema)
        if target.get("type") != "string":  # JSON keys are text; the reader reads them as K
            raise _unsupported(FrozenMap[key, value], where)
        schema["propertyNames"] = key_schema
        return schema

    def _enum(self, tp: type[enum.Enum]) -> Schema:
        if issubclass(tp, enum.StrEnum):
            values = [m.value for m in tp]
        else:
            values = [m.name.lower() for m in tp]
        schema: Schema = {"type": "string", "enum": values}
        description = _description(tp)
        if description:
            schema["description"] = description
        return schema

    def record(self, cls: type, *, tag: str | None = None) -> Schema:
        """An attrs record: a JSON object of its fields; those at their default may be left out.

        ``tag``, for an event in a list, adds the ``"type"`` field naming its class.
        """
        try:
            hints = typing.get_type_hints(cls)
        except Exception:  # an annotation that does not resolve: take attrs' own
            hints = {}
        properties: Schema = {}
        required: list[str] = []
        if tag is not None:
            properties["type"] = {"const": tag}
            required.append("type")
        for field in attrs.fields(cls):
            if not field.init:  # derived state, neither written nor read
                continue
            where = f"{cls.__name__}.{field.name}"
            schema = self.schema(hints.get(field.name, field.type), where)
            if field.converter in _HARMLESS_CONVERTERS:
                schema.update(_constraints(field.validator))
            properties[field.name] = schema
            if field.default is attrs.NOTHING:
                required.append(field.name)
        out: Schema = {"type": "object"}
        description = _description(cls)
        if description:
            out["description"] = description
        out["properties"] = properties
        if required:
            out["required"] = required
        out["additionalProperties"] = False
        return out

    def _events(self) -> Schema:
        return {
            "description": "A follow-up event in a list, tagged by its class name in 'type'.",
            "oneOf": [self._tagged_event(cls) for cls in EVENT_TYPES],
        }

    def _tagged_event(self, cls: type) -> Schema:
        return self.ref(
            ("event", cls), f"Event.{cls.__name__}", lambda: self.record(cls, tag=cls.__name__)
        )

    def _calendar(self) -> Schema:
        full = self.record(WorkCalendar)
        fields = full["properties"]
        shorthand: Schema = {
            "type": "object",
            "description": "A country's working days for the years given (its public "
            "holidays from the holidays package), with closures and weekdays if given.",
            "properties": {
                "country": {"enum": sorted(CALENDAR_COUNTRIES)},
                "years": fields["years"],
                "closures": fields["closures"],
                "weekdays": fields["weekdays"],
            },
            "required": ["country", "years"],
            "additionalProperties": False,
        }
        return {"anyOf": [full, shorthand]}

    def _goal_graph(self) -> Schema:
        goal_id = {"type": "string", "minLength": 1}
        link = {
            "type": "object",
            "properties": {
                "child": goal_id,
                "parent": goal_id,
                "weight": {"type": "number", "exclusiveMinimum": 0},
            },
            "required": ["child", "parent"],
            "additionalProperties": False,
        }
        return {
            "type": "object",
            "description": "Goals in the order they were added, then links child -> parent "
            "(a link without a weight weighs 1).",
            "properties": {
                "goals": {"type": "array", "items": self.schema(Goal, "GoalGraph.goals")},
                "links": {"type": "array", "items": link},
            },
            "additionalProperties": False,
        }

    def _follow_up_state(self) -> Schema:
        return {
            "type": "object",
            "description": "The follow-up state, as its events by day and id.",
            "properties": {"events": {"type": "array", "items": self.schema(Event, "events")}},
            "additionalProperties": False,
        }


def _is_record_type(tp: Any) -> bool:
    return isinstance(tp, type) and (attrs.has(tp) or tp is GoalGraph or tp is FollowUpState)


def _list_member(tp: Any) -> Any | None:
    """``X`` for ``tuple[X, ...]`` or ``list[X]``, X a record type; otherwise None."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    homogeneous_tuple = origin is tuple and len(args) == 2 and args[1] is Ellipsis
    if not (homogeneous_tuple or (origin is list and len(args) == 1)):
        return None
    return args[0] if _is_record_type(args[0]) else None


def json_schema(tp: Any) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the document :func:`larande.io.json.dumps` writes.

    ``tp`` is a record class (``Dataset``, ``Assessment``, ...), ``GoalGraph``,
    ``FollowUpState``, or ``tuple[Record, ...]`` (or ``list[Record]``) for a list
    document, tagged ``"list[Record]"`` (an empty list is written as ``"list[Any]"``).
    Nested records are in ``$defs``, one per class, referred to by ``$ref``. Each call
    returns a new dict.

    Raises:
        ValidationError: ``tp`` is not a type a document can hold (path ``"type"``).

    >>> from larande import LearningPlan
    >>> schema = json_schema(tuple[LearningPlan, ...])
    >>> schema["properties"]["type"]
    {'enum': ['list[LearningPlan]', 'list[Any]']}
    >>> schema["properties"]["data"]["items"]
    {'$ref': '#/$defs/LearningPlan'}
    """
    builder = _Builder()
    member = _list_member(tp)
    properties: Schema = {"schema": {"enum": sorted(READABLE_SCHEMAS)}}
    out: Schema = {"$schema": DIALECT}
    if member is not None:
        name = f"list[{member.__name__}]"
        properties["type"] = {"enum": [name, "list[Any]"]}
        properties["data"] = {"type": "array", "items": builder.schema(member, "data")}
    elif _is_record_type(tp):
        name = tp.__name__
        properties["type"] = {"const": name}
        properties["data"] = builder.schema(tp, "data")
    else:
        raise ValidationError(
            f"no larande document has the type {tp!r}; expected a record class, GoalGraph, "
            "FollowUpState or tuple[Record, ...]",
            path="type",
            code="unsupported-type",
            params={"type": repr(tp)},
        )
    out["title"] = f"larande document: {name}"
    out["type"] = "object"
    out["properties"] = properties
    out["required"] = ["schema", "type", "data"]
    out["additionalProperties"] = False
    if member is not None:  # an empty list is tagged list[Any], and only an empty one
        out["if"] = {"properties": {"type": {"const": "list[Any]"}}, "required": ["type"]}
        out["then"] = {"properties": {"data": {"maxItems": 0}}}
    out["$defs"] = dict(sorted(builder.defs.items()))
    return out
