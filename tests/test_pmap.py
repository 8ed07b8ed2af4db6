"""The persistent maps behind the follow-up state, checked against a plain dict."""

from __future__ import annotations

import gc
import math
import pickle
import weakref
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from larande._pmap import PMap, PTuples, pmap_from, ptuples_from

# Few keys, so that updates overwrite and delete keys held, in every layer.
keys = st.integers(0, 40)
values = st.integers(-3, 3)
operations = st.lists(
    st.one_of(
        st.tuples(st.just("set"), keys, values),
        st.tuples(st.just("update"), st.dictionaries(keys, values, max_size=12)),
        st.tuples(st.just("delete"), keys),
        st.tuples(st.just("discard"), st.lists(keys, max_size=6)),
    ),
    max_size=40,
)


def apply(
    operations: list[tuple[Any, ...]], start: dict[int, int] | None = None
) -> list[tuple[PMap[int, int], dict[int, int]]]:
    """Every version of the map and of a plain dict given the same operations, oldest first."""
    model = dict(start or {})
    current: PMap[int, int] = pmap_from(model.items())
    versions = [(current, dict(model))]
    for name, *args in operations:
        if name == "set":
            current = current.set(args[0], args[1])
            model[args[0]] = args[1]
        elif name == "update":
            current = current.update(args[0])
            model.update(args[0])
        elif name == "delete":
            current = current.delete(args[0])
            model.pop(args[0], None)
        else:
            current = current.discard(args[0])
            for key in args[0]:
                model.pop(key, None)
        versions.append((current, dict(model)))
    return versions


starts = st.dictionaries(keys, values, max_size=30)


@settings(max_examples=200, deadline=None)
@given(starts, operations)
def test_a_map_gives_what_a_dict_given_the_same_updates_gives(start, ops):
    current, model = apply(ops, start)[-1]
    for key in range(-1, 42):
        assert current.get(key) == model.get(key)
        assert current.get(key, 99) == model.get(key, 99)
        assert (key in current) == (key in model)


@settings(max_examples=200, deadline=None)
@given(starts, operations)
def test_a_map_counts_its_keys_as_a_dict_does(start, ops):
    for current, model in apply(ops, start):
        assert len(current) == len(model)


@settings(max_examples=200, deadline=None)
@given(starts, operations)
def test_iterating_a_map_gives_each_key_once_with_its_value(start, ops):
    current, model = apply(ops, start)[-1]
    assert sorted(current) == sorted(model)
    assert sorted(current.keys()) == sorted(model)
    assert sorted(current.items()) == sorted(model.items())
    assert sorted(current.values()) == sorted(model.values())


@settings(max_examples=200, deadline=None)
@given(starts, operations)
def test_every_older_version_is_unchanged_by_the_updates_after_it(start, ops):
    for current, model in apply(ops, start):
        assert dict(current.items()) == model
        assert len(current) == len(model)


@settings(max_examples=200, deadline=None)
@given(starts, operations, st.randoms(use_true_random=False))
def test_maps_with_the_same_items_are_equal_whatever_updates_made_them(start, ops, rnd):
    current, model = apply(ops, start)[-1]
    items = list(model.items())
    rnd.shuffle(items)
    one_by_one: PMap[int, int] = PMap()
    for key, value in items:
        one_by_one = one_by_one.set(key, value)
    assert current == one_by_one
    assert current == pmap_from(items)


@settings(max_examples=200, deadline=None)
@given(starts, operations, keys, values)
def test_maps_with_different_items_are_unequal(start, ops, key, value):
    current, model = apply(ops, start)[-1]
    changed = current.set(key, value)
    assert (changed == current) == (model.get(key, value + 1) == value)
    assert current.set(key, value + 10) != current


@settings(max_examples=200, deadline=None)
@given(starts, operations, st.lists(keys, max_size=10))
def test_picking_keys_gives_the_items_of_those_held(start, ops, wanted):
    current, model = apply(ops, start)[-1]
    expected = {k: model[k] for k in wanted if k in model}
    assert current.pick(wanted) == expected
    assert current.pick(set(wanted)) == expected
    assert current.pick(dict.fromkeys(wanted)) == expected


@settings(max_examples=100, deadline=None)
@given(starts, operations)
def test_a_map_is_the_same_after_pickling(start, ops):
    current, model = apply(ops, start)[-1]
    again = pickle.loads(pickle.dumps(current))
    assert again == current
    assert dict(again.items()) == model


def test_a_missing_key_is_a_key_error():
    with pytest.raises(KeyError):
        pmap_from([(1, 2)]).set(3, 4)[5]


def test_deleting_a_key_the_map_lacks_gives_the_same_map():
    held = pmap_from([(1, 2)]).set(3, 4)
    assert held.delete(5) is held
    assert held.discard([]) is held


def test_a_deleted_value_is_no_longer_reachable_from_the_new_map():
    """Erasure: the value is dropped from every layer, not hidden under a marker."""

    class Secret:
        pass

    secret = Secret()
    alive = weakref.ref(secret)
    older = pmap_from((i, object()) for i in range(100)).set("secret", secret)
    newer = older.update({i: object() for i in range(100, 150)})
    del secret
    erased = newer.discard(["secret"])
    del older, newer
    gc.collect()
    assert alive() is None
    assert "secret" not in erased
    assert len(erased) == 150


def test_many_small_updates_leave_few_layers_to_look_through():
    """An update's layer is merged with those below it while they are not much larger."""
    current: PMap[int, int] = pmap_from((i, i) for i in range(10_000))
    most = 0
    for day in range(300):
        current = current.update({10_000 + day * 10 + i: i for i in range(10)})
        most = max(most, len(current._layers))
    assert len(current) == 13_000
    assert most <= math.log2(13_000 / 10) + 2


def test_an_update_told_how_many_keys_it_holds_counts_the_keys_right():
    held = pmap_from([(1, 1), (2, 2)])
    assert len(held.update({2: 3, 4: 4}, held=1)) == 3


# -- PTuples: a map to tuples, grown by appending -------------------------------------------

parts = st.lists(values, min_size=1, max_size=3).map(tuple)
tuple_operations = st.lists(
    st.one_of(
        st.tuples(
            st.just("extend"),
            st.dictionaries(keys, parts, max_size=10),
            st.dictionaries(keys, st.lists(values, max_size=3).map(tuple), max_size=4),
        ),
        st.tuples(st.just("discard"), st.lists(keys, max_size=4)),
    ),
    max_size=40,
)
tuple_starts = st.dictionaries(keys, parts, max_size=30)


def apply_tuples(
    operations: list[tuple[Any, ...]], start: dict[int, tuple[int, ...]]
) -> list[tuple[PTuples[int, int], dict[int, tuple[int, ...]]]]:
    """Every version of the map and of a plain dict of tuples, oldest first."""
    model = dict(start)
    current: PTuples[int, int] = ptuples_from(model.items())
    versions = [(current, dict(model))]
    for name, *args in operations:
        if name == "extend":
            appended, replaced = args
            current = current.extend(appended, replaced)
            for key, part in appended.items():
                model[key] = model.get(key, ()) + part
            model.update(replaced)
        else:
            current = current.discard(args[0])
            for key in args[0]:
                model.pop(key, None)
        versions.append((current, dict(model)))
    return versions


@settings(max_examples=200, deadline=None)
@given(tuple_starts, tuple_operations)
def test_appending_to_tuples_gives_what_concatenating_them_in_a_dict_gives(start, ops):
    current, model = apply_tuples(ops, start)[-1]
    for key in range(-1, 42):
        assert current.get(key) == model.get(key)
        assert (key in current) == (key in model)
    assert current.pick(range(-1, 42)) == model


@settings(max_examples=200, deadline=None)
@given(tuple_starts, tuple_operations)
def test_a_map_of_tuples_has_the_keys_of_the_dict(start, ops):
    for current, model in apply_tuples(ops, start):
        assert sorted(current.keys()) == sorted(model)
        assert len(current) == len(model)


@settings(max_examples=200, deadline=None)
@given(tuple_starts, tuple_operations)
def test_every_older_map_of_tuples_is_unchanged_by_the_appends_after_it(start, ops):
    for current, model in apply_tuples(ops, start):
        assert {key: current[key] for key in current} == model


def test_replacing_a_tuple_drops_what_was_appended_before():
    runs = ptuples_from([("anna", (1,))]).extend({"anna": (2,)})
    assert runs.replace({"anna": (5,)}).extend({"anna": (6,)})["anna"] == (5, 6)
    assert runs["anna"] == (1, 2)


def test_a_tuple_deleted_is_no_longer_reachable_from_the_new_map():
    class Secret:
        pass

    secret = Secret()
    alive = weakref.ref(secret)
    older = ptuples_from((i, (i,)) for i in range(100)).extend({"anna": (secret,)})
    newer = older.extend({i: (i,) for i in range(50)})
    del secret
    erased = newer.delete("anna")
    del older, newer
    gc.collect()
    assert alive() is None
    assert "anna" not in erased
