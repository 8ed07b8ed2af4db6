"""Streamed JSON: ``dump`` writes what ``dumps`` writes, in pieces; ``load`` reads what
``loads`` reads, from a file, without the whole parsed tree (issue 19, national scale).

Reading streams inside ``loads`` too; ``_loads_whole`` is the reader as it was before
streaming (the whole text parsed, then read), kept for the fallback and the benchmark. Every
document must give the same value, or the same error, both ways.
"""

from __future__ import annotations

import datetime as dt
import functools
import gc
import io
import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import larande
import larande.dataset
from larande import Assessment, Dataset, GoalGraph, Unit, ValidationError
from larande.datasets import load_demo, synthetic
from larande.followup import FollowUpState, replay
from larande.io import json as ljson
from larande.testing import assessments, datasets, events, goal_graphs, organizations

_FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@functools.cache
def _town() -> Dataset:
    """A generated organisation of 600 people with every kind of record."""
    return synthetic(people=600, seed=3)


@functools.cache
def _demo_text() -> str:
    return ljson.dumps(load_demo())


def _dumped(obj: Any, indent: int | None = None) -> str:
    out = io.StringIO()
    ljson.dump(obj, out, indent=indent)
    return out.getvalue()


def _outcome(read: Any) -> Any:
    """The value read, or the error's message, path, code and parameters."""
    try:
        return read()
    except ValidationError as err:
        return ("refused", str(err), err.path, err.code, dict(err.params))


def _both_ways(text: str | bytes, cls: Any) -> tuple[Any, Any]:
    """What ``load`` gives, and what the reader before streaming gives."""
    stream: io.IOBase = io.BytesIO(text) if isinstance(text, bytes) else io.StringIO(text)
    return (
        _outcome(lambda: ljson.load(stream, cls)),
        _outcome(lambda: ljson._loads_whole(text, cls)),
    )


def _replayed(drawn: list[Any]) -> FollowUpState | None:
    try:
        return replay(drawn)
    except ValidationError:
        return None


_RECORDS = st.one_of(
    st.builds(synthetic, people=st.integers(1, 25), seed=st.integers(0, 10**6)),
    datasets(),
    organizations(),
    goal_graphs(),
    st.lists(events(), max_size=12).map(_replayed).filter(lambda s: s is not None),
    st.lists(assessments(load_demo().org), max_size=8).map(tuple),
)


# -- writing ---------------------------------------------------------------------------------


@_FEW
@given(_RECORDS, st.sampled_from([None, 0, 1, 2]))
def test_a_streamed_dump_is_the_same_text_as_dumps(record, indent):
    """Byte for byte, with and without indentation, for every kind of document."""
    assert _dumped(record, indent) == ljson.dumps(record, indent=indent)


@pytest.mark.parametrize("indent", [None, 1, 4])
def test_a_generated_organisation_dumps_streamed_as_dumps_writes_it(indent):
    assert _dumped(_town(), indent) == ljson.dumps(_town(), indent=indent)


def test_an_empty_list_document_dumps_as_dumps_writes_it():
    assert (
        _dumped(())
        == ljson.dumps(())
        == '{"schema": "larande/1", "type": "list[Any]", "data": []}'
    )


def test_a_dump_comes_in_pieces_of_bounded_size_and_never_as_one_string(monkeypatch):
    """No piece much over 64 KiB, whatever the size of the organisation; dumps is not used."""
    expected = ljson.dumps(_town())
    pieces: list[str] = []

    def refuse(*args: Any, **kwargs: Any) -> str:
        raise AssertionError("dump built the whole document")

    monkeypatch.setattr(ljson, "dumps", refuse)
    monkeypatch.setattr(ljson, "to_dict", refuse)
    monkeypatch.setattr(ljson._json, "dumps", refuse)

    class Recorder:
        def write(self, text: str) -> int:
            pieces.append(text)
            return len(text)

    ljson.dump(_town(), Recorder())
    assert "".join(pieces) == expected
    assert len(expected) > 20 * 2**16
    assert max(map(len, pieces)) < 2 * 2**16
    assert len(pieces) > 20


def test_a_dump_of_what_is_not_a_record_is_refused_before_anything_is_written():
    out = io.StringIO()
    with pytest.raises(ValidationError) as caught:
        ljson.dump({"id": "it"}, out)
    assert (caught.value.code, out.getvalue()) == ("not-a-record", "")


@pytest.mark.parametrize("target", [io.BytesIO(), None, "out.json"], ids=["binary", "None", "str"])
def test_a_dump_to_what_is_not_a_text_file_is_refused(target):
    with pytest.raises(ValidationError) as caught:
        ljson.dump(Unit("it", "IT"), target)
    assert (caught.value.path, caught.value.code) == ("fp", "invalid-value")


# -- reading ---------------------------------------------------------------------------------


def test_load_reads_a_dataset_from_a_binary_file(tmp_path):
    path = tmp_path / "town.json"
    path.write_text(ljson.dumps(_town()), encoding="utf-8")
    with path.open("rb") as fp:
        assert ljson.load(fp, Dataset) == _town()


def test_load_reads_a_dataset_from_a_text_file(tmp_path):
    path = tmp_path / "town.json"
    with path.open("w", encoding="utf-8") as fp:
        ljson.dump(_town(), fp, indent=2)
    with path.open(encoding="utf-8") as fp:
        assert ljson.load(fp, Dataset) == _town()


@_FEW
@given(_RECORDS, st.sampled_from([None, 2]))
def test_load_gives_the_value_loads_gives(record, indent):
    text = ljson.dumps(record, indent=indent)
    cls = tuple[Assessment, ...] if isinstance(record, tuple) else type(record)
    assert ljson.load(io.StringIO(text), cls) == record == ljson._loads_whole(text, cls)


def test_a_document_with_its_keys_in_another_order_reads_the_same():
    """Hand-written documents: data before the tags, links before goals, fields reversed."""
    document = json.loads(_demo_text())
    document["data"]["goals"] = dict(reversed(document["data"]["goals"].items()))
    document["data"] = dict(reversed(document["data"].items()))
    text = json.dumps(dict(reversed(document.items())), ensure_ascii=False)
    streamed, whole = _both_ways(text, Dataset)
    assert streamed == whole == load_demo()


def test_a_key_given_twice_counts_its_last_value_as_json_does():
    text = _demo_text().replace(
        '"as_of": "2026-01-12"', '"as_of": "2020-01-01", "as_of": "2026-01-12"'
    )
    assert text != _demo_text()
    streamed, whole = _both_ways(text, Dataset)
    assert streamed == whole == load_demo()


def _mangled(old: str, new: str) -> str:
    text = _demo_text()
    assert old in text
    return text.replace(old, new, 1)


_BAD = {
    "a level given as text deep in the assessments": lambda: _mangled(
        '"competency": "coaching", "level": 3', '"competency": "coaching", "level": "3"'
    ),
    "a person in an unknown unit": lambda: _mangled('"unit": "', '"unit": "nowhere-'),
    "an unknown schema": lambda: _mangled('"larande/1"', '"larande/99"'),
    "another type": lambda: _mangled('"type": "Dataset"', '"type": "Organization"'),
    "an extra envelope field": lambda: _mangled('"type": "Dataset"', '"type": "Dataset", "x": 1'),
    "no data": lambda: '{"schema": "larande/1", "type": "Dataset"}',
    "data that is a list": lambda: '{"schema": "larande/1", "type": "Dataset", "data": []}',
    "malformed JSON": lambda: _demo_text()[:-40],
    "trailing data": lambda: _demo_text() + " {}",
    "NaN": lambda: _mangled('"level": 2', '"level": NaN'),
    "a lone surrogate": lambda: _mangled('"name": "', '"name": "\\ud800'),
    "an event of an unknown person": lambda: _mangled(
        '"id": "xapi-7e01", "person": "xin.li"', '"id": "xapi-7e01", "person": "nobody"'
    ),
    "an event id used twice": lambda: _event_id_used_twice(),
    "an unknown event type": lambda: _mangled('{"type": "CheckIn"', '{"type": "Checkin"'),
    "a link to an unknown goal": lambda: _mangled(
        '"child": "homecare-medication", "parent": "',
        '"child": "homecare-medication", "parent": "x',
    ),
    "a trailing comma": lambda: _mangled('"assessments": [{', '"assessments": [{"x": 1},, {'),
}


def _event_id_used_twice() -> str:
    document = json.loads(_demo_text())
    first = dict(document["data"]["events"][0])
    document["data"]["events"].append({**first, "on": "2026-12-30"})
    return json.dumps(document, ensure_ascii=False)


@pytest.mark.parametrize("make", list(_BAD.values()), ids=list(_BAD))
def test_a_bad_document_gives_the_error_it_always_gave(make):
    """Same message, path, code and parameters as the reader before streaming."""
    streamed, whole = _both_ways(make(), Dataset)
    assert whole[0] == "refused"
    assert streamed == whole


_BYTES = {
    "UTF-8 with a BOM": lambda: b"\xef\xbb\xbf" + _demo_text().encode("utf-8"),
    "UTF-16": lambda: _demo_text().encode("utf-16"),
    "Latin-1": lambda: _demo_text().encode("latin-1", errors="replace"),
    "a BOM as text": lambda: "\ufeff" + _demo_text(),
    "two BOMs": lambda: b"\xef\xbb\xbf\xef\xbb\xbf" + _demo_text().encode("utf-8"),
}


@pytest.mark.parametrize("make", list(_BYTES.values()), ids=list(_BYTES))
def test_bytes_and_byte_order_marks_are_read_as_loads_reads_them(make):
    streamed, whole = _both_ways(make(), Dataset)
    assert streamed == whole
    assert streamed == load_demo() or streamed[0] == "refused"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_a_demo_document_with_any_value_replaced_reads_as_before_streaming(data):
    """A value anywhere replaced by another JSON value: the same record or the same error."""
    document = json.loads(_demo_text())
    paths: list[tuple[Any, ...]] = []

    def walk(value: Any, path: tuple[Any, ...]) -> None:
        paths.append(path)
        if isinstance(value, dict | list):
            for key, member in value.items() if isinstance(value, dict) else enumerate(value):
                walk(member, (*path, key))

    walk(document, ())
    path = data.draw(st.sampled_from(paths[1:]))
    holder = document
    for key in path[:-1]:
        holder = holder[key]
    replacement = data.draw(
        st.none()
        | st.booleans()
        | st.integers(-3, 3)
        | st.floats()
        | st.text(max_size=4)
        | st.just([])
        | st.just({})
        | st.sampled_from(["p0001", "2026-02-30", "PT4H", "nurse"])
    )
    if data.draw(st.booleans()) and isinstance(holder, dict):
        del holder[path[-1]]
    else:
        holder[path[-1]] = replacement
    streamed, whole = _both_ways(json.dumps(document), Dataset)
    assert streamed == whole


def test_the_collector_is_paused_while_loading_only_when_the_host_allowed_it(monkeypatch):
    """Decision 22: a host's word pauses it while the records are built; without it, it runs."""
    text = _demo_text()
    seen: list[bool] = []
    check_signals = larande.dataset.check_signals

    def spy(*args: Any) -> None:
        seen.append(gc.isenabled())
        check_signals(*args)

    monkeypatch.setattr(larande.dataset, "check_signals", spy)
    ljson.load(io.StringIO(text), Dataset)
    before = larande.pause_collector(True)
    try:
        ljson.load(io.StringIO(text), Dataset)
    finally:
        larande.pause_collector(before)
    assert seen == [True, False]
    assert gc.isenabled()


def test_load_refuses_what_is_not_a_file():
    with pytest.raises(ValidationError) as caught:
        ljson.load("town.json", Dataset)  # a path is not a file
    assert (caught.value.path, caught.value.code) == ("fp", "invalid-value")


def test_a_goal_graph_document_reads_back_streamed():
    graph = load_demo().goals
    assert isinstance(graph, GoalGraph)
    assert ljson.load(io.StringIO(ljson.dumps(graph)), GoalGraph) == graph


# -- folders ---------------------------------------------------------------------------------


def test_a_folder_is_written_with_dumps_text_and_a_final_newline(tmp_path):
    ljson.write_folder([("0180", _town())], tmp_path)
    assert (tmp_path / "0180.json").read_text(encoding="utf-8") == ljson.dumps(_town()) + "\n"
    assert [org_id for org_id, _ in ljson.read_folder(tmp_path)] == ["0180"]


def test_a_file_that_fails_half_written_leaves_nothing_behind(tmp_path, monkeypatch):
    def fail(obj: Any, fp: Any, *, indent: int | None = None) -> None:
        fp.write('{"schema": ')
        raise OSError("disk full")

    monkeypatch.setattr(ljson, "dump", fail)
    with pytest.raises(OSError, match="disk full"):
        ljson.write_folder([("0180", load_demo())], tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_bad_file_in_a_folder_is_named_with_the_error_loads_gives(tmp_path):
    (tmp_path / "0180.json").write_text(_mangled('"level": 2', '"level": "2"'), encoding="utf-8")
    with pytest.raises(ValidationError) as caught:
        list(ljson.read_folder(tmp_path))
    whole = _outcome(lambda: ljson._loads_whole(_mangled('"level": 2', '"level": "2"'), Dataset))
    assert (caught.value.path, caught.value.code) == whole[2:4]
    assert caught.value.params["file"] == str(tmp_path / "0180.json")


def test_a_dataset_read_streamed_keeps_its_events_in_document_order():
    demo = load_demo()
    read = ljson.load(io.StringIO(_demo_text()), Dataset)
    assert read.events == demo.events
    assert replay(read.events) == replay(demo.events)
    assert read.as_of == dt.date(2026, 1, 12)


@pytest.mark.parametrize("indent", [None, 2])
def test_a_good_document_is_never_parsed_whole(monkeypatch, indent):
    """The streamed reader takes every document ``dump`` writes, the demo's and a town's."""

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("the document was parsed whole")

    monkeypatch.setattr(ljson, "_parse", refuse)
    for dataset in (load_demo(), _town()):
        assert ljson.load(io.StringIO(_dumped(dataset, indent)), Dataset) == dataset
