"""The fast constructors of needs analysis are the public constructors without the checks."""

from __future__ import annotations

import ast
import pathlib

import attrs
from hypothesis import given
from hypothesis import strategies as st

from larande import Need, Reason
from larande.needs._records import trusted_need, trusted_reason
from larande.testing import needs, organizations

SRC = pathlib.Path(__file__).parent.parent / "src" / "larande"


@given(st.data())
def test_a_trusted_need_equals_the_need_the_public_constructor_builds(data):
    """Every field, in order, lands where the checked constructor puts it."""
    org = data.draw(organizations())
    expected = data.draw(needs(org))
    actual = trusted_need(*attrs.astuple(expected, recurse=False))
    assert expected == actual
    assert attrs.asdict(expected, recurse=False) == attrs.asdict(actual, recurse=False)


def test_a_trusted_reason_equals_the_reason_the_public_constructor_builds():
    expected = Reason("requirement-gap", ("nurse:cpr",), "role 'nurse' needs it", {"level": 2})
    actual = trusted_reason(
        "requirement-gap", ("nurse:cpr",), "role 'nurse' needs it", {"level": 2}
    )
    assert expected == actual


def test_a_record_that_gains_a_field_breaks_the_fast_path_loudly():
    """The fast constructor takes exactly the record's fields: none can be left unset."""
    names = [f.name for f in attrs.fields(Need)]
    code = trusted_need.__code__
    assert names == list(code.co_varnames[: code.co_argcount])
    assert trusted_need.__defaults__ is None


def _imports(package: pathlib.Path) -> set[str]:
    found: set[str] = set()
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                found.add(node.module)
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
    return found


def test_goals_do_not_depend_on_needs_analysis():
    """Needs analysis reads goals; goals never import it (not even to type a parameter)."""
    assert not {m for m in _imports(SRC / "goals") if m.startswith("larande.needs")}


def test_the_evidence_fast_path_equals_the_assessment_constructor():
    import datetime as dt

    from larande import Activity, ActivityCompleted, Assessment, Catalog, learned, replay

    course = Activity("cpr-course", "CPR", "course", {"cpr": 1}, dt.timedelta(hours=4))
    done = ActivityCompleted("e1", "anna", "cpr-course", dt.date(2026, 2, 3))
    (actual,) = learned(replay([done]), Catalog([course]), as_of=dt.date(2026, 3, 1))
    expected = Assessment("anna", "cpr", 1, dt.date(2026, 2, 3), "evidence", "ev:e1:cpr")
    assert expected == actual
    assert attrs.asdict(expected) == attrs.asdict(actual)


def test_the_reminder_fast_path_equals_the_due_constructor():
    import datetime as dt

    from larande import ActivityCompleted, Due, due, replay

    done = ActivityCompleted("e1", "anna", "cpr-course", dt.date(2026, 2, 2))
    actual = due(replay([done]), as_of=dt.date(2026, 2, 10))[0]
    expected = Due("action-plan", "anna", "cpr-course", dt.date(2026, 2, 9), 1)
    assert expected == actual
    assert attrs.asdict(expected) == attrs.asdict(actual)
