"""The command line: ``python -m larande demo`` and its exports."""

from __future__ import annotations

import subprocess
import sys

from larande.cli import main
from larande.datasets import Dataset, load_demo
from larande.io import json as ljson


def test_the_demo_prints_the_organisation_and_its_competence(capsys):
    """The demo names the units, the roles and the competence against requirements."""
    status = main(["demo"])
    out = capsys.readouterr().out
    assert status == 0
    assert "Home care, team North (homecare-north)" in out
    assert "Assistant nurse (undersköterska)" in out
    assert "Competence against requirements in effect on 2026-01-12" in out


def test_the_demo_can_export_its_dataset_as_a_json_document(tmp_path):
    """``demo --export`` writes a Dataset document that reads back equal to the demo."""
    target = tmp_path / "demo.json"
    assert main(["demo", "--export", str(target)]) == 0
    assert ljson.loads(target.read_text(encoding="utf-8"), Dataset) == load_demo()


def test_python_dash_m_larande_demo_runs_as_a_program():
    """The README's command works as written, in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-m", "larande", "demo"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert (done.returncode, done.stderr.count("\n")) == (0, 1)  # the one-line summary
    assert "Älvby municipality" in done.stdout


def test_an_unknown_command_is_a_usage_error(capsys):
    assert main(["frobnicate"]) == 2
    assert "invalid choice" in capsys.readouterr().err
