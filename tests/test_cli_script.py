"""The installed ``larande`` script, run as a user runs it: every command, and bad input."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from larande import Dataset, Review, Schedule
from larande.datasets import load_demo
from larande.io import json as ljson

SCRIPT = shutil.which("larande")
COMMAND = [SCRIPT] if SCRIPT else [sys.executable, "-m", "larande"]


def run(*argv: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*COMMAND, *argv],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        check=False,
        cwd=cwd,
    )


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    where = tmp_path_factory.mktemp("cli")
    (where / "demo.json").write_text(ljson.dumps(load_demo()), encoding="utf-8")
    return where


def test_the_installed_script_names_itself_larande():
    if SCRIPT is None:
        pytest.skip("the larande script is not installed on PATH")
    done = run("--help")
    assert (done.returncode, done.stdout.startswith("usage: larande ")) == (0, True)


def test_the_version_is_printed():
    done = run("--version")
    assert (done.returncode, done.stdout.startswith("larande ")) == (0, True)


@pytest.mark.parametrize(
    ("argv", "document"),
    [
        (["analyze"], None),
        (["plan"], None),
        (["schedule"], Schedule),
        (["due", "--as-of", "2026-04-10"], None),
        (["review", "--as-of", "2026-04-10"], Review),
    ],
)
def test_a_json_command_writes_its_document_and_one_summary_line(folder, argv, document):
    out = folder / f"{argv[0]}.json"
    done = run(argv[0], str(folder / "demo.json"), *argv[1:], "-o", str(out))
    assert (done.returncode, done.stdout, done.stderr.count("\n")) == (0, "", 1)
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["schema"] == "larande/1"
    if document is not None:
        assert isinstance(ljson.loads(out.read_text(encoding="utf-8"), document), document)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["progress", "--as-of", "2026-04-10"], "it-release-time"),
        (["annual", "homecare"], "Annual plan for homecare"),
        (["mermaid"], "flowchart"),
        (["report"], "larande report: demo.json"),
    ],
)
def test_a_text_command_prints_its_table_and_one_summary_line(folder, argv, expected):
    done = run(argv[0], *argv[1:], str(folder / "demo.json"))
    assert (done.returncode, expected in done.stdout, done.stderr.count("\n")) == (0, True, 1)


def test_the_schema_command_prints_a_json_schema():
    done = run("schema", "Dataset")
    schema = json.loads(done.stdout)
    assert (done.returncode, schema["$schema"]) == (
        0,
        "https://json-schema.org/draft/2020-12/schema",
    )


def test_the_summary_speaks_swedish_when_asked(folder):
    done = run("analyze", str(folder / "demo.json"), "--lang", "sv", "-o", str(folder / "n.json"))
    assert (done.returncode, done.stderr) == (0, "34 personer, 77 behov (3 för enheter)\n")


def test_the_review_summary_names_what_kept_items_out(folder):
    done = run("review", str(folder / "demo.json"), "--budget-hours-per-year", "6", "-o", "-")
    assert done.returncode == 0
    assert "unplaced (budget " in done.stderr


def test_the_calendar_option_gives_swedens_working_days(folder):
    data = json.loads((folder / "demo.json").read_text(encoding="utf-8"))
    del data["data"]["calendar"]
    bare = folder / "bare.json"
    bare.write_text(json.dumps(data), encoding="utf-8")
    without = run("schedule", str(bare), "-o", str(folder / "s0.json"))
    with_it = run("schedule", str(bare), "--calendar", "sweden", "-o", str(folder / "s1.json"))
    assert (without.returncode, with_it.returncode) == (2, 0)
    assert "calendar" in without.stderr


BAD_FILES = {
    "empty": b"",
    "a BOM": b"\xef\xbb\xbf{}",
    "Latin-1": '{"schema": "larande/1", "type": "Dataset", "data": {"x": "å"}}'.encode("latin-1"),
    "truncated UTF-8": b'{"schema": "larande/1", "data": "\xc3',
    "a lone surrogate": b'{"schema": "larande/1", "type": "Dataset", "data": {"org": "\\ud800"}}',
    "not JSON": b"{not json",
    "a JSON string": b'"just text"',
}


@pytest.mark.parametrize("command", ["analyze", "plan", "schedule", "due", "review", "report"])
@pytest.mark.parametrize("kind", sorted(BAD_FILES))
def test_a_bad_file_is_one_line_and_exit_two_for_every_command(folder, command, kind):
    bad = folder / f"bad-{kind.replace(' ', '-')}.json"
    bad.write_bytes(BAD_FILES[kind])
    out = folder / f"never-{command}.json"
    done = run(command, str(bad), "-o", str(out))
    assert (done.returncode, done.stderr.count("\n"), "Traceback" in done.stderr) == (2, 1, False)
    assert not out.exists()


@pytest.mark.parametrize("command", ["analyze", "review", "progress", "mermaid"])
def test_a_missing_file_is_exit_one(folder, command):
    done = run(command, str(folder / "nowhere.json"))
    assert (done.returncode, "nowhere.json" in done.stderr) == (1, True)


def test_a_directory_is_bad_input(folder):
    done = run("analyze", str(folder))
    assert (done.returncode, "directory" in done.stderr) == (2, True)


@pytest.mark.parametrize("hours", ["nan", "inf", "-inf", "1e300", "0", "-1", "eight"])
def test_hours_that_are_no_time_are_refused_on_one_line(folder, hours):
    done = run("schedule", str(folder / "demo.json"), "--budget-hours-per-month", hours)
    assert (done.returncode, done.stderr.count("\n"), "usage:" in done.stderr) == (2, 1, False)


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2030-06-01", "2026-02-30", "soon"])
def test_a_day_the_calendar_cannot_hold_is_refused_on_one_line(folder, day):
    done = run("review", str(folder / "demo.json"), "--as-of", day)
    assert (done.returncode, done.stderr.count("\n"), "Traceback" in done.stderr) == (2, 1, False)


def test_an_unknown_language_is_refused_on_one_line(folder):
    done = run("analyze", str(folder / "demo.json"), "--lang", "de")
    assert (done.returncode, done.stderr.count("\n")) == (2, 1)


def test_an_unknown_unit_is_named(folder):
    done = run("annual", "nowhere", str(folder / "demo.json"))
    assert (done.returncode, "nowhere" in done.stderr) == (2, True)


def test_the_demos_report_fits_100_columns():
    done = run("demo")
    too_wide = [line for line in done.stdout.splitlines() if len(line) > 100]
    assert (done.returncode, too_wide) == (0, [])


def test_the_demo_exports_a_dataset_that_reads_back(folder):
    target = folder / "export.json"
    done = run("demo", "--export", str(target))
    assert done.returncode == 0
    assert ljson.loads(target.read_text(encoding="utf-8"), Dataset) == load_demo()
