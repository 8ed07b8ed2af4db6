"""The command line for needs analysis: ``python -m larande analyze DATASET.json``."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import pytest

from larande.cli import main
from larande.datasets import load_demo
from larande.io import json as ljson
from larande.needs import NeedsReport, analyze

D = dt.date


@pytest.fixture
def dataset(tmp_path):
    """The demo dataset written as a document by ``demo --export``."""
    path = tmp_path / "demo.json"
    assert main(["demo", "--export", str(path)]) == 0
    return path


def demo_report(as_of=None):
    demo = load_demo()
    return analyze(
        demo.org,
        demo.assessments,
        demo.signals,
        as_of=as_of or demo.as_of,
        goals=demo.goals,
    )


def read_report(path):
    return ljson.loads(path.read_text(encoding="utf-8"), NeedsReport)


def test_analyze_writes_the_needs_report_of_the_dataset(dataset, tmp_path):
    """The output reads back as the NeedsReport that analyze() gives on the demo."""
    out = tmp_path / "needs.json"
    assert main(["analyze", str(dataset), "-o", str(out)]) == 0
    assert read_report(out) == demo_report()


def test_analyze_writes_to_standard_output_without_an_output_file(dataset, capsys):
    assert main(["analyze", str(dataset)]) == 0
    assert ljson.loads(capsys.readouterr().out, NeedsReport) == demo_report()


def test_as_of_sets_the_day_of_the_analysis(dataset, tmp_path):
    out = tmp_path / "needs.json"
    assert main(["analyze", str(dataset), "--as-of", "2026-03-01", "-o", str(out)]) == 0
    assert read_report(out) == demo_report(as_of=D(2026, 3, 1))


def test_a_later_day_changes_the_needs(dataset, tmp_path):
    """After the rollout, digital supervision is a requirement in effect, no longer to come."""
    out = tmp_path / "needs.json"
    assert main(["analyze", str(dataset), "--as-of", "2026-04-01", "-o", str(out)]) == 0
    rules = {r.rule for n in read_report(out).needs for r in n.reasons}
    assert "future-requirement" not in rules


def test_an_as_of_that_is_not_a_date_is_a_usage_error(dataset, capsys):
    status = main(["analyze", str(dataset), "--as-of", "1 April"])
    assert (status, "expected a date" in capsys.readouterr().err) == (2, True)


@pytest.mark.parametrize(
    ("mangle", "path"),
    [
        (lambda doc: doc["data"]["org"]["people"][3].update(unit=5), "data.org.people[3].unit"),
        (lambda doc: doc["data"]["signals"][2].update(unit="nowhere"), "data.signals[2].unit"),
        (lambda doc: doc["data"]["signals"][0].update(kind="rumour"), "data.signals[0].kind"),
    ],
    ids=["wrong type", "unknown unit", "unknown signal kind"],
)
def test_a_malformed_dataset_is_exit_status_2_with_the_path_inside_the_document(
    dataset, tmp_path, capsys, mangle, path
):
    doc = json.loads(dataset.read_text(encoding="utf-8"))
    mangle(doc)
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(doc), encoding="utf-8")
    status = main(["analyze", str(broken)])
    assert (status, path in capsys.readouterr().err) == (2, True)


def test_a_file_that_is_not_json_is_exit_status_2(tmp_path, capsys):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    status = main(["analyze", str(broken)])
    assert (status, "larande: error:" in capsys.readouterr().err) == (2, True)


def test_python_dash_m_larande_analyze_runs_as_a_program(dataset, tmp_path):
    """The documented command works as written, in a fresh interpreter."""
    out = tmp_path / "needs.json"
    done = subprocess.run(
        [sys.executable, "-m", "larande", "analyze", str(dataset), "-o", str(out)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert (done.returncode, read_report(out)) == (0, demo_report())
    assert done.stderr == "34 people, 77 needs (3 of units)\n"


def test_a_missing_dataset_file_is_an_error_naming_the_file(tmp_path, capsys):
    missing = tmp_path / "missing.json"
    assert main(["analyze", str(missing)]) == 1
    assert str(missing) in capsys.readouterr().err


# -- the demo's printout ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_printout():
    done = subprocess.run(
        [sys.executable, "-m", "larande", "demo"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert done.returncode == 0
    return done.stdout


def test_the_demo_prints_the_top_needs_with_their_reasons(demo_printout):
    assert (
        "Needs analysis as of 2026-01-12" in demo_printout,
        "unit:homecare-south:medication" in demo_printout,
        "deviation-threshold:" in demo_printout,
    ) == (True, True, True)


def test_the_demo_prints_the_unit_by_competency_matrix(demo_printout):
    assert "Unit x competency" in demo_printout


def test_the_demo_prints_which_needs_pass_the_gate_and_why(demo_printout):
    assert ("The gate" in demo_printout, "go ahead:" in demo_printout) == (True, True)
