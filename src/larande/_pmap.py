"""A persistent (immutable) hash map with structural sharing (private).

A hash array mapped trie: 32-way nodes indexed by 5 bits of the key's hash at a time.
Setting a key copies only the nodes on its path (a handful), so a new map shares almost
everything with the old one: folding a day's events into a large follow-up state costs
what the day costs, not the history. The trie's shape depends only on the keys, not on
the order they came in, so two maps with the same items compare equal node by node, and
shared nodes compare by identity at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

_BITS = 5
_MASK = (1 << _BITS) - 1
_MAX_SHIFT = 64
_MISSING = object()


def _hash(key: object) -> int:
    return hash(key) & 0xFFFFFFFFFFFFFFFF


class _Node:
    """``bitmap`` says which of the 32 slots are used; ``slots`` holds them in order.

    A slot is a leaf ``(key, value)`` tuple or a child ``_Node``. Below the last level,
    keys whose whole hash collides share a node with ``bitmap == -1`` and sorted leaves.
    """

    __slots__ = ("bitmap", "slots")

    def __init__(self, bitmap: int, slots: tuple[Any, ...]) -> None:
        self.bitmap = bitmap
        self.slots = slots

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if not isinstance(other, _Node) or self.bitmap != other.bitmap:
            return False
        if self.bitmap == -1:
            return dict(self.slots) == dict(other.slots)
        return all(a is b or a == b for a, b in zip(self.slots, other.slots, strict=True))

    __hash__ = None  # type: ignore[assignment]


_EMPTY = _Node(0, ())


def _get(node: _Node, key: object, h: int, shift: int) -> Any:
    while True:
        if node.bitmap == -1:
            for k, v in node.slots:
                if k == key:
                    return v
            return _MISSING
        bit = 1 << ((h >> shift) & _MASK)
        if not node.bitmap & bit:
            return _MISSING
        slot = node.slots[(node.bitmap & (bit - 1)).bit_count()]
        if isinstance(slot, _Node):
            node, shift = slot, shift + _BITS
            continue
        return slot[1] if slot[0] == key else _MISSING


def _pair(a: tuple[Any, Any], ha: int, b: tuple[Any, Any], hb: int, shift: int) -> _Node:
    """A node holding two leaves whose hashes agree up to ``shift``."""
    if shift >= _MAX_SHIFT:
        return _Node(-1, tuple(sorted((a, b), key=lambda kv: repr(kv[0]))))
    ia, ib = (ha >> shift) & _MASK, (hb >> shift) & _MASK
    if ia == ib:
        return _Node(1 << ia, (_pair(a, ha, b, hb, shift + _BITS),))
    return _Node((1 << ia) | (1 << ib), (a, b) if ia < ib else (b, a))


def _set(node: _Node, key: object, value: object, h: int, shift: int) -> tuple[_Node, bool]:
    """The node with ``key`` set; and whether the key is new."""
    if node.bitmap == -1:
        items = dict(node.slots)
        added = key not in items
        items[key] = value
        return _Node(-1, tuple(sorted(items.items(), key=lambda kv: repr(kv[0])))), added
    bit = 1 << ((h >> shift) & _MASK)
    at = (node.bitmap & (bit - 1)).bit_count()
    if not node.bitmap & bit:
        slots = (*node.slots[:at], (key, value), *node.slots[at:])
        return _Node(node.bitmap | bit, slots), True
    slot = node.slots[at]
    if isinstance(slot, _Node):
        child, added = _set(slot, key, value, h, shift + _BITS)
        replaced: Any = child
    elif slot[0] == key:
        if slot[1] is value:
            return node, False
        replaced, added = (key, value), False
    else:
        replaced, added = _pair(slot, _hash(slot[0]), (key, value), h, shift + _BITS), True
    return _Node(node.bitmap, (*node.slots[:at], replaced, *node.slots[at + 1 :])), added


def _delete(node: _Node, key: object, h: int, shift: int) -> _Node | None:
    """The node without ``key`` (``None`` when it is then empty); ``node`` if absent."""
    if node.bitmap == -1:
        kept = tuple(kv for kv in node.slots if kv[0] != key)
        if len(kept) == len(node.slots):
            return node
        return _Node(-1, kept) if len(kept) > 1 else _lift(kept)
    bit = 1 << ((h >> shift) & _MASK)
    if not node.bitmap & bit:
        return node
    at = (node.bitmap & (bit - 1)).bit_count()
    slot = node.slots[at]
    if isinstance(slot, _Node):
        child = _delete(slot, key, h, shift + _BITS)
        if child is slot:
            return node
        if child is None:
            new = _Node(node.bitmap & ~bit, (*node.slots[:at], *node.slots[at + 1 :]))
        elif len(child.slots) == 1 and not isinstance(child.slots[0], _Node):
            # A lone leaf moves up, so the shape stays what the keys alone decide.
            new = _Node(node.bitmap, (*node.slots[:at], child.slots[0], *node.slots[at + 1 :]))
        else:
            new = _Node(node.bitmap, (*node.slots[:at], child, *node.slots[at + 1 :]))
    elif slot[0] == key:
        new = _Node(node.bitmap & ~bit, (*node.slots[:at], *node.slots[at + 1 :]))
    else:
        return node
    if not new.slots:
        return None
    return new


def _lift(kept: tuple[Any, ...]) -> _Node | None:
    return _Node(1, kept) if kept else None


def _items(node: _Node) -> Iterator[tuple[Any, Any]]:
    stack = [node]
    while stack:
        for slot in stack.pop().slots:
            if isinstance(slot, _Node):
                stack.append(slot)
            else:
                yield slot


class PMap(Generic[K, V]):
    """An immutable mapping; :meth:`set` and :meth:`delete` return new maps.

    >>> a = PMap().set("x", 1)
    >>> b = a.set("y", 2)
    >>> a.get("y"), b.get("y"), len(b), b == PMap().set("y", 2).set("x", 1)
    (None, 2, 2, True)
    """

    __slots__ = ("_len", "_root")

    def __init__(self, _root: _Node = _EMPTY, _len: int = 0) -> None:
        self._root = _root
        self._len = _len

    def get(self, key: K, default: V | None = None) -> V | None:
        found = _get(self._root, key, _hash(key), 0)
        return default if found is _MISSING else found

    def __getitem__(self, key: K) -> V:
        found = _get(self._root, key, _hash(key), 0)
        if found is _MISSING:
            raise KeyError(key)
        return found  # type: ignore[no-any-return]

    def __contains__(self, key: object) -> bool:
        return _get(self._root, key, _hash(key), 0) is not _MISSING

    def set(self, key: K, value: V) -> PMap[K, V]:
        root, added = _set(self._root, key, value, _hash(key), 0)
        return self if root is self._root else PMap(root, self._len + added)

    def delete(self, key: K) -> PMap[K, V]:
        root = _delete(self._root, key, _hash(key), 0)
        if root is self._root:
            return self
        return PMap(root or _EMPTY, self._len - 1)

    def items(self) -> Iterator[tuple[K, V]]:
        return _items(self._root)

    def keys(self) -> Iterator[K]:
        return (k for k, _ in _items(self._root))

    def values(self) -> Iterator[V]:
        return (v for _, v in _items(self._root))

    def __iter__(self) -> Iterator[K]:
        return self.keys()

    def __len__(self) -> int:
        return self._len

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PMap):
            return NotImplemented
        return self._len == other._len and self._root == other._root

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PMap({dict(self.items())!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_from_items, (list(self.items()),))


def _from_items(items: list[tuple[Any, Any]]) -> PMap[Any, Any]:
    return pmap_from(items)


def _build(items: list[tuple[int, Any, Any]], shift: int) -> _Node:
    """The node for ``items`` (hash, key, value) at ``shift``: the same shape inserts give."""
    if shift >= _MAX_SHIFT:
        return _Node(-1, tuple(sorted(((k, v) for _, k, v in items), key=lambda kv: repr(kv[0]))))
    groups: dict[int, list[tuple[int, Any, Any]]] = {}
    for item in items:
        groups.setdefault((item[0] >> shift) & _MASK, []).append(item)
    bitmap = 0
    slots: list[Any] = []
    for index in sorted(groups):
        bitmap |= 1 << index
        group = groups[index]
        if len(group) == 1:
            slots.append((group[0][1], group[0][2]))
        else:
            slots.append(_build(group, shift + _BITS))
    return _Node(bitmap, tuple(slots))


def pmap_from(items: Iterable[tuple[Any, Any]]) -> PMap[Any, Any]:
    """A map of ``items`` built in one go (much faster than one :meth:`PMap.set` each).

    Later items win over earlier ones with the same key.
    """
    unique = dict(items)
    if not unique:
        return PMap()
    return PMap(_build([(_hash(k), k, v) for k, v in unique.items()], 0), len(unique))
