"""Embedding hosts pay at import only for what they use."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(out.stdout.split())


def test_importing_larande_does_not_load_networkx() -> None:
    """networkx is half of the import time; only matchings and graph checks need it."""
    assert "networkx" not in _modules_after("import larande")


def test_matching_mentors_loads_networkx_when_it_is_needed() -> None:
    """The lazy import still happens: the min-cost flow runs on networkx."""
    code = (
        "import larande\n"
        "from larande.datasets import load_demo\n"
        "d = load_demo()\n"
        "r = larande.analyze(d.org, d.assessments, as_of=d.as_of, signals=d.signals)\n"
        "larande.match_mentors(d.org, d.assessments, r, as_of=d.as_of)"
    )
    assert "networkx" in _modules_after(code)


def test_importing_larande_does_not_load_optional_extras() -> None:
    """pandas, matplotlib, dask and OR-Tools load only from the modules that use them."""
    loaded = _modules_after("import larande")
    assert set() == loaded & {"pandas", "matplotlib", "dask", "distributed", "ortools"}
