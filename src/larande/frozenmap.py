"""An immutable, hashable mapping for the mapping-valued fields of records."""

from __future__ import annotations

from collections.abc import (
    Hashable,
    ItemsView,
    Iterable,
    Iterator,
    KeysView,
    Mapping,
    ValuesView,
)
from typing import Any, Generic, TypeVar

__all__ = ["FrozenMap"]

K = TypeVar("K", bound=Hashable)
V = TypeVar("V", bound=Hashable, covariant=True)


class FrozenMap(Mapping[K, V], Generic[K, V]):
    """A read-only mapping that compares by content and can be hashed.

    Records keep mapping-valued fields (``Activity.develops``, ``Reason.params``...) in it so
    that they stay frozen and hashable; callers may pass any mapping. Iteration follows the
    order the items were given in; equality and the hash ignore it.

    >>> m = FrozenMap({"cpr": 2, "medication": 3})
    >>> m["cpr"]
    2
    >>> m == {"medication": 3, "cpr": 2}
    True
    >>> hash(m) == hash(FrozenMap({"medication": 3, "cpr": 2}))
    True
    >>> m
    FrozenMap({'cpr': 2, 'medication': 3})
    """

    __slots__ = ("_data", "_hash")

    _data: dict[K, V]
    _hash: int | None

    def __init__(self, items: Mapping[K, V] | Iterable[tuple[K, V]] = (), /) -> None:
        object.__setattr__(self, "_data", dict(items))
        object.__setattr__(self, "_hash", None)

    def __getitem__(self, key: K) -> V:
        return self._data[key]

    def __iter__(self) -> Iterator[K]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __contains__(self, key: object) -> bool:
        return key in self._data

    # Mapping's own get(), keys(), items() and values() go through __getitem__ and
    # exceptions; the dict's are several times faster, and hot loops use them.
    def get(self, key: K, default: Any = None) -> Any:
        """The value for ``key``, or ``default``."""
        return self._data.get(key, default)

    def keys(self) -> KeysView[K]:
        """A read-only view of the keys."""
        return self._data.keys()

    def items(self) -> ItemsView[K, V]:
        """A read-only view of the (key, value) pairs."""
        return self._data.items()

    def values(self) -> ValuesView[V]:
        """A read-only view of the values."""
        return self._data.values()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FrozenMap):
            return self._data == other._data
        if isinstance(other, Mapping):
            return self._data == dict(other)
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            object.__setattr__(self, "_hash", hash(frozenset(self._data.items())))
        assert self._hash is not None
        return self._hash

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"FrozenMap is immutable; cannot set {name!r}")

    def __reduce__(self) -> tuple[type[FrozenMap[K, V]], tuple[dict[K, V]]]:
        return (type(self), (self._data,))
