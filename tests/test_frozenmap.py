"""FrozenMap: the immutable, hashable mapping that records keep mapping-valued fields in."""

from __future__ import annotations

import copy
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from larande import FrozenMap

_items = st.dictionaries(st.text(max_size=5), st.integers(), max_size=8)


def test_a_frozen_map_equals_the_dict_it_was_built_from():
    """Callers compare with plain dicts without converting."""
    assert FrozenMap({"cpr": 2, "medication": 3}) == {"cpr": 2, "medication": 3}


def test_a_frozen_map_differs_from_a_dict_with_another_value():
    """Equality is by content: one different value makes them unequal."""
    assert FrozenMap({"cpr": 2}) != {"cpr": 3}


def test_a_frozen_map_is_not_equal_to_a_non_mapping():
    """A list of pairs holds the same items but is not a mapping."""
    assert FrozenMap({"cpr": 2}) != [("cpr", 2)]


def test_a_frozen_map_can_be_built_from_pairs():
    """Like dict, it accepts an iterable of key-value pairs."""
    assert FrozenMap([("a", 1), ("b", 2)]) == {"a": 1, "b": 2}


def test_an_empty_frozen_map_is_empty():
    """No argument gives the empty mapping."""
    assert (len(FrozenMap()), dict(FrozenMap())) == (0, {})


def test_iteration_follows_the_order_the_items_were_given_in():
    """Order is kept for display, though it does not affect equality."""
    assert list(FrozenMap({"b": 1, "a": 2, "c": 3})) == ["b", "a", "c"]


def test_two_frozen_maps_in_different_orders_are_equal():
    """Order does not matter for equality."""
    assert FrozenMap({"a": 1, "b": 2}) == FrozenMap({"b": 2, "a": 1})


def test_two_frozen_maps_in_different_orders_hash_alike():
    """Order does not matter for the hash either, so equal maps can be set members."""
    assert hash(FrozenMap({"a": 1, "b": 2})) == hash(FrozenMap({"b": 2, "a": 1}))


def test_equal_frozen_maps_collapse_in_a_set():
    """Hashable by content: usable as set members and dict keys."""
    assert len({FrozenMap({"a": 1, "b": 2}), FrozenMap({"b": 2, "a": 1})}) == 1


def test_a_frozen_map_with_an_unhashable_value_cannot_be_hashed():
    """Its hash is that of its items, so an unhashable value makes it unhashable."""
    with pytest.raises(TypeError):
        hash(FrozenMap({"a": []}))


def test_a_frozen_map_cannot_be_changed_by_item_assignment():
    """It has no ``__setitem__``: a record's mapping never changes under it."""
    m = FrozenMap({"a": 1})
    with pytest.raises(TypeError):
        m["b"] = 2  # type: ignore[index]


def test_a_frozen_map_cannot_lose_an_item():
    """It has no ``__delitem__``."""
    m = FrozenMap({"a": 1})
    with pytest.raises(TypeError):
        del m["a"]  # type: ignore[attr-defined]


def test_a_frozen_map_cannot_be_given_attributes():
    """Its internals cannot be replaced either."""
    m = FrozenMap({"a": 1})
    with pytest.raises(AttributeError, match="immutable"):
        m._data = {}  # type: ignore[misc]


def test_a_frozen_map_does_not_change_when_its_source_dict_does():
    """It copies its input: changing the caller's dict afterwards leaves it alone."""
    source = {"a": 1}
    m = FrozenMap(source)
    source["b"] = 2
    assert m == {"a": 1}


def test_a_missing_key_is_a_key_error():
    """Look-up behaves like a dict's."""
    with pytest.raises(KeyError):
        FrozenMap({"a": 1})["b"]


def test_get_and_contains_work_like_a_dict():
    """The read-only Mapping API is complete."""
    m = FrozenMap({"a": 1})
    assert (m.get("a"), m.get("b"), "a" in m, "b" in m) == (1, None, True, False)


def test_the_repr_shows_the_items():
    """A notebook user sees what is inside."""
    assert repr(FrozenMap({"a": 1})) == "FrozenMap({'a': 1})"


def test_a_frozen_map_survives_pickling():
    """Records travel between processes; their mappings must too."""
    m = FrozenMap({"cpr": 2, "medication": 3})
    restored = pickle.loads(pickle.dumps(m))
    assert (FrozenMap, m, hash(m)) == (type(restored), restored, hash(restored))


def test_a_frozen_map_survives_deep_copy():
    """``copy.deepcopy`` gives an equal FrozenMap."""
    m = FrozenMap({"a": (1, 2)})
    assert m == copy.deepcopy(m)


@given(_items)
def test_a_frozen_map_equals_its_source_for_any_items(items):
    """Equality with the source dict holds whatever the items."""
    assert items == FrozenMap(items)


@given(_items, st.randoms(use_true_random=False))
def test_the_hash_never_depends_on_order(items, random):
    """Any reordering of the same items gives the same hash."""
    pairs = list(items.items())
    random.shuffle(pairs)
    assert hash(FrozenMap(items)) == hash(FrozenMap(pairs))


@given(_items)
def test_pickling_round_trips_any_frozen_map(items):
    """Pickling never loses or changes an item."""
    m = FrozenMap(items)
    assert m == pickle.loads(pickle.dumps(m))
