"""The errors larande raises, one tree, each also the matching builtin.

.. code-block:: text

    Exception
    └── LarandeError
        ├── ValidationError (also ValueError)         bad input; its path says where
        │   ├── UnknownIdError (also KeyError)         a reference to an id that does not exist
        │   ├── DuplicateIdError                       an id used twice in one namespace
        │   └── CycleError                             a reference loop; its cycle names it
        └── InvalidTransitionError (also ValueError)   a plan lifecycle step that is not allowed

Every error carries a stable ``code`` and its ``params`` next to the English text, so a host
can show the message in its own language:

>>> from larande import ValidationError
>>> err = ValidationError("expected a non-empty str, got ''", path="people[3].id")
>>> str(err)
"people[3].id: expected a non-empty str, got ''"
>>> err.code
'invalid-value'

Infeasibility (a plan that cannot be scheduled) is never an exception: it is data in the
result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = [
    "CycleError",
    "DuplicateIdError",
    "InvalidTransitionError",
    "LarandeError",
    "UnknownIdError",
    "ValidationError",
]


class LarandeError(Exception):
    """The root of every error larande raises on purpose.

    Attributes:
        message: the English text, without the path.
        code: a stable, kebab-case identifier of the kind of error, for translation.
        params: the values the message is built from, for translation.
    """

    code: str = "larande-error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.params: dict[str, Any] = dict(params or {})

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Subclasses take other arguments than the message; rebuild from the state instead,
        # so errors survive pickling (multiprocessing, distributed runs).
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls: type[LarandeError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    err = cls.__new__(cls)
    Exception.__init__(err, *args)
    err.__dict__.update(state)
    return err


class ValidationError(LarandeError, ValueError):
    """Input that breaks a rule of the model: a wrong type, a value out of range, a bad reference.

    Attributes:
        path: where the bad value sits, relative to what was being built or read
            (``"people[3].unit"``; in a JSON document ``"data.people[3].unit"``); empty
            when the error concerns the whole value.
    """

    code = "invalid-value"

    def __init__(
        self,
        message: str,
        *,
        path: str = "",
        code: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message, code=code, params=params)
        self.path = path

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message

    def at(self, prefix: str) -> ValidationError:
        """Return this error with ``prefix`` put in front of its path (used while re-raising).

        >>> str(ValidationError("bad", path="[3].unit").at("people"))
        'people[3].unit: bad'
        """
        if prefix:
            sep = "" if not self.path or self.path.startswith("[") else "."
            self.path = f"{prefix}{sep}{self.path}"
        return self


class UnknownIdError(ValidationError, KeyError):
    """A reference to an id that does not exist (an unknown unit, role, competency, goal...).

    Attributes:
        kind: what kind of thing was looked for (``"unit"``, ``"person"``...).
        id: the id that was not found.
    """

    code = "unknown-id"

    def __init__(
        self,
        kind: str,
        id: str,
        *,
        path: str = "",
        expected: str | None = None,
        referrer: str | None = None,
    ) -> None:
        text = f"unknown {kind} {id!r}"
        if referrer:
            text = f"{referrer} refers to an {text}"
        text += f"; expected {expected}" if expected else ""
        super().__init__(text, path=path, params={"kind": kind, "id": id})
        self.kind = kind
        self.id = id

    # KeyError would show the repr of the message; a reader wants the sentence.
    __str__ = ValidationError.__str__


class DuplicateIdError(ValidationError):
    """An id used twice where ids must be unique (units and people share one namespace).

    Attributes:
        id: the id used more than once.
    """

    code = "duplicate-id"

    def __init__(self, kind: str, id: str, *, path: str = "", first: str | None = None) -> None:
        text = (
            f"duplicate {kind} {id!r}" if kind.endswith("label") else f"duplicate {kind} id {id!r}"
        )
        if first:
            text += f"; already used by {first}"
        super().__init__(text, path=path, params={"kind": kind, "id": id})
        self.kind = kind
        self.id = id


class CycleError(ValidationError):
    """References that close a loop: a unit inside itself, a prerequisite of itself.

    Attributes:
        cycle: the ids around the loop, the first repeated at the end
            (``("a", "b", "a")``).
    """

    code = "cycle"

    def __init__(self, kind: str, cycle: Iterable[str], *, path: str = "") -> None:
        self.cycle = tuple(cycle)
        super().__init__(
            f"{kind} cycle: {' -> '.join(self.cycle)}",
            path=path,
            params={"kind": kind, "cycle": list(self.cycle)},
        )
        self.kind = kind


class InvalidTransitionError(LarandeError, ValueError):
    """A lifecycle action that is not allowed from the current status.

    Attributes:
        status: the status the plan is in.
        action: the action that was refused.
    """

    code = "invalid-transition"

    def __init__(self, status: str, action: str, *, allowed: Iterable[str] = ()) -> None:
        allowed = tuple(allowed)
        text = f"cannot {action} a plan that is {status}"
        if allowed:
            text += f"; allowed: {', '.join(allowed)}"
        super().__init__(
            text, params={"status": str(status), "action": str(action), "allowed": list(allowed)}
        )
        self.status = status
        self.action = action
