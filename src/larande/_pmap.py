"""A persistent (immutable) map made of a few immutable dicts (private).

A map is a stack of layers, the oldest and largest at the bottom, each a plain ``dict``
that no one mutates once a map holds it. A key's value is the one in the newest layer
that has the key. An update of k keys adds one new layer of k keys, and then merges the
top two layers into a new dict while the lower one is at most :data:`_RATIO` times the
upper, like the carries of a binary counter: the layers' sizes fall geometrically from the
bottom up, so there are only a handful of them (about log2(n/k) for updates of k keys into
n). The old map keeps its own layers, untouched; the new one shares all but the
newest.

So a lookup is a few C-speed ``dict.get``, a look-up of many keys at once a few C-speed set
intersections, and an update of k keys costs C-speed copying of O(k log n) keys amortised:
folding a day's events into a large follow-up state costs what the day costs, not the
history. Not every update is cheap, though: once in a long while the new layers together
grow as large as half the bottom one, and that update merges them into a copy of the whole
map (for a million keys, some tens of milliseconds); the following ones are cheap again.

A deletion never leaves the deleted value reachable: every layer holding the key is copied
without it (C-speed, but O(size of those layers), the bottom one included), so a state from
which a person's events were erased holds none of them (GDPR erasure), not even in a layer
it shares with an older state.

Equality compares the items, whatever the layers. Iteration follows the layers' insertion
order, which depends on the order of the updates: callers that need a stable order sort.

:class:`PTuples` is the same stack for a map whose values are tuples that mostly grow at
the end (a person's events, by day): a layer holds only what was appended to each tuple,
so appending to a thousand people's tuples reads none of them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Set
from typing import Any, Generic, TypeVar

K = TypeVar("K")
V = TypeVar("V")

# The top two layers merge while the lower holds at most this many times the upper's keys.
_RATIO = 2
_MISSING: Any = object()


def _stack(layers: tuple[dict[Any, Any], ...], top: dict[Any, Any]) -> tuple[dict[Any, Any], ...]:
    """``layers`` (newest first) with ``top`` pushed on and merged down as the counter says."""
    below = 0
    while below < len(layers) and len(layers[below]) <= _RATIO * len(top):
        # A new dict: the lower layer may be shared with other maps and is never mutated.
        merged = layers[below].copy()
        merged.update(top)
        top = merged
        below += 1
    return (top, *layers[below:])


class PMap(Generic[K, V]):
    """An immutable mapping; :meth:`set`, :meth:`update` and :meth:`delete` return new maps.

    >>> a = PMap().set("x", 1)
    >>> b = a.update({"y": 2, "x": 3})
    >>> a.get("y"), b.get("y"), b["x"], len(b), b == PMap().set("y", 2).set("x", 3)
    (None, 2, 3, 2, True)
    >>> b.pick(["x", "z"])
    {'x': 3}
    """

    __slots__ = ("_layers", "_len")

    _layers: tuple[dict[K, V], ...]  # newest first; none mutated once here, none empty
    _len: int

    def __init__(self, _layers: tuple[dict[K, V], ...] = (), _len: int = 0) -> None:
        self._layers = _layers
        self._len = _len

    # -- reading -------------------------------------------------------------------------

    def get(self, key: K, default: V | None = None) -> V | None:
        for layer in self._layers:
            found = layer.get(key, _MISSING)
            if found is not _MISSING:
                return found  # type: ignore[no-any-return]
        return default

    def __getitem__(self, key: K) -> V:
        for layer in self._layers:
            found = layer.get(key, _MISSING)
            if found is not _MISSING:
                return found  # type: ignore[no-any-return]
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return any(key in layer for layer in self._layers)

    def pick(self, keys: Iterable[K]) -> dict[K, V]:
        """The items of those ``keys`` that the map holds, found with set intersections."""
        wanted = keys if isinstance(keys, set | frozenset) else set(keys)
        found: dict[K, V] = {}
        layers = self._layers
        for n, layer in enumerate(layers):
            if not wanted:
                break
            hit = layer.keys() & wanted
            if hit:
                found.update(zip(hit, map(layer.__getitem__, hit), strict=True))
                if n + 1 < len(layers):
                    wanted = wanted - hit
        return found

    def __len__(self) -> int:
        return self._len

    def _flat(self) -> dict[K, V]:
        """Every item in one dict: the bottom layer itself when it is the only one."""
        layers = self._layers
        if len(layers) == 1:
            return layers[0]
        flat: dict[K, V] = {}
        for layer in reversed(layers):
            flat.update(layer)
        return flat

    def items(self) -> Iterator[tuple[K, V]]:
        return iter(self._flat().items())

    def keys(self) -> Iterator[K]:
        return iter(self._flat())

    def values(self) -> Iterator[V]:
        return iter(self._flat().values())

    def __iter__(self) -> Iterator[K]:
        return iter(self._flat())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, PMap):
            return NotImplemented
        if self._layers == () or self._layers is other._layers:
            return self._len == other._len
        return self._len == other._len and self._flat() == other._flat()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PMap({self._flat()!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_from_items, (list(self._flat().items()),))

    # -- new maps ------------------------------------------------------------------------

    def set(self, key: K, value: V) -> PMap[K, V]:
        return self.update({key: value})

    def update(
        self, items: Mapping[K, V] | Iterable[tuple[K, V]], *, held: int | None = None
    ) -> PMap[K, V]:
        """The map with ``items`` set (later items win over earlier ones with one key).

        ``held``, when the caller knows it (having just looked the keys up), is how many of
        the keys the map already holds; otherwise they are counted.
        """
        top = dict(items)
        if not top:
            return self
        if held is None:
            held = 0
            wanted: set[K] | None = None
            for layer in self._layers:
                if wanted is None:
                    if layer.keys().isdisjoint(top):
                        continue
                    wanted = set(top)
                elif not wanted:
                    break
                hit = layer.keys() & wanted
                held += len(hit)
                wanted -= hit
        return PMap(_stack(self._layers, top), self._len + len(top) - held)

    def delete(self, key: K) -> PMap[K, V]:
        return self.discard((key,))

    def discard(self, keys: Iterable[K]) -> PMap[K, V]:
        """The map without ``keys`` (those it lacks are ignored).

        Every layer holding one of them is copied without it, so no value deleted is left
        reachable from the new map.
        """
        gone = set(keys)
        if not gone:
            return self
        layers: list[dict[K, V]] = []
        removed: set[K] = set()
        for layer in self._layers:
            hit = layer.keys() & gone
            if not hit:
                layers.append(layer)
                continue
            removed |= hit
            kept = layer.copy()
            for key in hit:
                del kept[key]
            if kept:
                layers.append(kept)
        if not removed:
            return self
        # Layers thinned out may now be smaller than the counter wants: restack them.
        stacked: tuple[dict[K, V], ...] = ()
        for layer in reversed(layers):
            stacked = _stack(stacked, layer)
        return PMap(stacked, self._len - len(removed))


def _from_items(items: list[tuple[Any, Any]]) -> PMap[Any, Any]:
    return pmap_from(items)


def pmap_from(items: Iterable[tuple[Any, Any]]) -> PMap[Any, Any]:
    """A map of ``items`` built in one go: one layer.

    Later items win over earlier ones with the same key.
    """
    unique = dict(items)
    if not unique:
        return PMap()
    return PMap((unique,), len(unique))


def _joined(lower: dict[Any, Any], upper: dict[Any, Any], resets: Set[Any]) -> dict[Any, Any]:
    """One layer of tuples: ``upper``'s appended to ``lower``'s, or replacing them if reset."""
    merged = lower.copy()
    merged.update(upper)
    both = lower.keys() & upper.keys()
    if resets:
        both -= resets
    for key in both:
        merged[key] = lower[key] + upper[key]
    return merged


class PTuples(Generic[K, V]):
    """An immutable mapping to tuples, grown by appending: :meth:`extend` never reads them.

    Layered like :class:`PMap`, but a layer holds what was *appended* to each key's tuple
    (or, for the keys in its ``resets``, the whole new tuple), and a key's tuple is the
    concatenation of its layers' parts, oldest first, from its newest reset up. So
    appending to many keys' tuples neither looks them up nor copies them: the parts are
    joined when the layers merge (as in :class:`PMap`) or when a tuple is read.

    >>> runs = PTuples().extend({"anna": (1,)}).extend({"anna": (2, 3), "bo": (4,)})
    >>> runs.get("anna"), runs.replace({"anna": (9,)}).get("anna"), sorted(runs.keys())
    ((1, 2, 3), (9,), ['anna', 'bo'])
    """

    __slots__ = ("_layers", "_resets")

    _layers: tuple[dict[K, tuple[V, ...]], ...]  # newest first, as in PMap
    _resets: tuple[frozenset[K], ...]  # for each layer, the keys whose part is the whole

    def __init__(
        self,
        _layers: tuple[dict[K, tuple[V, ...]], ...] = (),
        _resets: tuple[frozenset[K], ...] = (),
    ) -> None:
        self._layers = _layers
        self._resets = _resets

    def get(self, key: K) -> tuple[V, ...] | None:
        layers = self._layers
        if len(layers) == 1:
            return layers[0].get(key)
        found: tuple[V, ...] | None = None
        for layer, resets in zip(layers, self._resets, strict=True):
            part = layer.get(key)
            if part is not None:
                found = part if found is None else part + found
                if resets and key in resets:
                    break
        return found

    def __getitem__(self, key: K) -> tuple[V, ...]:
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return any(key in layer for layer in self._layers)

    def pick(self, keys: Iterable[K]) -> dict[K, tuple[V, ...]]:
        """The tuples of those ``keys`` that the map holds."""
        found: dict[K, tuple[V, ...]] = {}
        for key in keys:
            value = self.get(key)
            if value is not None:
                found[key] = value
        return found

    def __iter__(self) -> Iterator[K]:
        return self.keys()

    def keys(self) -> Iterator[K]:
        layers = self._layers
        if len(layers) == 1:
            return iter(layers[0])
        return iter({key: None for layer in reversed(layers) for key in layer})

    def __len__(self) -> int:
        layers = self._layers
        return len(layers[0]) if len(layers) == 1 else len(set().union(*layers))

    def __repr__(self) -> str:
        return f"PTuples({ {key: self[key] for key in self.keys()}!r})"

    def extend(
        self,
        appended: Mapping[K, tuple[V, ...]],
        replaced: Mapping[K, tuple[V, ...]] | None = None,
    ) -> PTuples[K, V]:
        """The map with ``appended`` added at the end of the keys' tuples, and ``replaced``.

        A key new to the map has its part as its tuple; the tuples of the keys of
        ``replaced`` are replaced by theirs.
        """
        top = dict(appended)
        resets = frozenset(replaced or ())
        if replaced:
            top.update(replaced)
        if not top:
            return self
        layers, below = self._layers, self._resets
        n = 0
        while n < len(layers) and len(layers[n]) <= _RATIO * len(top):
            top = _joined(layers[n], top, resets)
            resets = below[n] | resets
            n += 1
        if n == len(layers):
            resets = frozenset()  # the bottom: there is nothing below to replace
        return PTuples((top, *layers[n:]), (resets, *below[n:]))

    def replace(self, items: Mapping[K, tuple[V, ...]]) -> PTuples[K, V]:
        """The map with the tuples of ``items``' keys replaced by theirs."""
        return self.extend({}, items)

    def discard(self, keys: Iterable[K]) -> PTuples[K, V]:
        """The map without ``keys``: every layer holding one is copied without it."""
        gone = set(keys)
        layers: list[dict[K, tuple[V, ...]]] = []
        resets: list[frozenset[K]] = []
        changed = False
        for layer, reset in zip(self._layers, self._resets, strict=True):
            hit = layer.keys() & gone
            if hit:
                changed = True
                layer = layer.copy()
                for key in hit:
                    del layer[key]
                reset = reset - hit
            if layer:
                layers.append(layer)
                resets.append(reset)
        if not changed:
            return self
        if resets:
            resets[-1] = frozenset()
        return PTuples(tuple(layers), tuple(resets))

    def delete(self, key: K) -> PTuples[K, V]:
        return self.discard((key,))


def ptuples_from(items: Iterable[tuple[Any, tuple[Any, ...]]]) -> PTuples[Any, Any]:
    """A map of tuples built in one go: one layer."""
    unique = dict(items)
    return PTuples((unique,), (frozenset(),)) if unique else PTuples()
