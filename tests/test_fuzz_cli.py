"""Whatever the bytes, the command line answers with an exit status, never a traceback."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from larande.cli import main
from larande.datasets import load_demo
from larande.io import json as ljson

FUZZ = settings(
    deadline=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
COMMANDS = ["analyze", "plan", "due", "progress", "mermaid", "report"]
DEMO = json.loads(ljson.dumps(load_demo()))


def _run(argv: list[str]) -> int:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(argv)
    assert "Traceback" not in err.getvalue()
    return status


@FUZZ
@given(command=st.sampled_from(COMMANDS), data=st.binary(max_size=400))
def test_any_bytes_as_a_dataset_are_an_exit_status(tmp_path: Path, command: str, data: bytes):
    path = tmp_path / "fuzz.json"
    path.write_bytes(data)

    assert _run([command, str(path), "-o", str(tmp_path / "out.json")]) in (0, 1, 2)


def _mangle(doc: object, path: list[object], value: object) -> object:
    """The demo document with the value at ``path`` (as far as it exists) replaced."""
    if not path or not isinstance(doc, dict | list):
        return value
    key, rest = path[0], path[1:]
    if isinstance(doc, dict):
        keys = sorted(doc)
        k = keys[int(key) % len(keys)] if keys and isinstance(key, int) else key
        return {**doc, k: _mangle(doc.get(k), rest, value)} if keys else doc
    if not doc:
        return doc
    i = int(key) % len(doc) if isinstance(key, int) else 0
    return [*doc[:i], _mangle(doc[i], rest, value), *doc[i + 1 :]]


VALUES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["2026-13-40", "P1Y", "\ud800", "", "0001-01-01", "9999-12-31"]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


@FUZZ
@given(
    command=st.sampled_from(COMMANDS),
    path=st.lists(st.integers(min_value=0, max_value=50), min_size=1, max_size=5),
    value=VALUES,
)
def test_a_demo_document_with_any_value_mangled_is_an_exit_status(
    tmp_path: Path, command: str, path: list[object], value: object
):
    doc = _mangle(DEMO, ["data", *path], value)
    file = tmp_path / "mangled.json"
    try:
        text = json.dumps(doc)
    except ValueError:  # a value JSON itself cannot write: nothing to read
        return
    file.write_text(text, encoding="utf-8", errors="surrogatepass")

    assert _run([command, str(file), "-o", str(tmp_path / "out.json")]) in (0, 2)


@pytest.mark.parametrize("command", COMMANDS)
def test_the_demo_document_itself_is_read_by_every_command(tmp_path: Path, command: str):
    """The fuzzing starts from a document every command accepts."""
    file = tmp_path / "demo.json"
    file.write_text(json.dumps(DEMO), encoding="utf-8")

    assert _run([command, str(file), "-o", str(tmp_path / "out.json")]) == 0
