"""Constructors that skip validation, generated from a record's own fields (private).

Needs analysis makes hundreds of thousands of records from values that are valid by
construction (a requirement's level, an assessment's level, a merged group of needs); running
every validator again would cost most of the analysis. Writing the fields one by one after
``object.__new__`` is fast but silently leaves a field unset when the record gains one.

:func:`unchecked` generates the constructor from ``attrs.fields(cls)`` instead: every field
is a required positional parameter, in declaration order, so a record that gains a field
breaks every call site loudly. ``tests/test_unchecked.py`` keeps each fast path equal to the
public constructor.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import attrs

T = TypeVar("T")


def unchecked(cls: type[T]) -> Callable[..., T]:
    """A constructor of ``cls`` taking every field positionally, without validators.

    Converters do not run either: callers pass values already in their final form.

    >>> @attrs.frozen
    ... class Point:
    ...     x: int = attrs.field(validator=attrs.validators.gt(0))
    ...     y: int = 0
    >>> make = unchecked(Point)
    >>> make(-1, 2)  # no validator ran: only for values valid by construction
    Point(x=-1, y=2)
    >>> make(1)
    Traceback (most recent call last):
    ...
    TypeError: make_Point() missing 1 required positional argument: 'y'
    """
    names = [f.name for f in attrs.fields(cls)]  # type: ignore[arg-type]
    if any(not n.isidentifier() or n.startswith("__") for n in names):  # pragma: no cover
        raise ValueError(f"{cls.__name__} has a field name unfit for a generated constructor")
    fname = f"make_{cls.__name__}"
    body = "".join(f"    _set(self, {n!r}, {n})\n" for n in names)
    source = f"def {fname}({', '.join(names)}):\n    self = _new(_cls)\n{body}    return self\n"
    scope: dict[str, Any] = {"_new": object.__new__, "_set": object.__setattr__, "_cls": cls}
    exec(compile(source, f"<unchecked {cls.__qualname__}>", "exec"), scope)
    made: Callable[..., T] = scope[fname]
    made.__doc__ = f"A {cls.__name__} from its fields in order, without validation (private)."
    return made
