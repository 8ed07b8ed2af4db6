"""The message catalogue: every text a person reads, in Swedish and English, from a code."""

from __future__ import annotations

import ast
import datetime as dt
import string
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import larande
from larande import exceptions
from larande.datasets import load_demo
from larande.exceptions import ValidationError
from larande.followup import CelebrationKind, DueKind, celebrations, replay
from larande.goals import FindingCode
from larande.messages import CATALOGUE, LANGUAGES, code_of, hours, params_of, render, text
from larande.needs import DEFAULT_RULES, analyze
from larande.needs._justify import justify_all
from larande.planning import DropReason, Pairing, UnmetReason, ambassadors, match_mentors, plan
from larande.scheduling import UnplacedReason

SRC = Path(larande.__file__).parent
_PARSE = string.Formatter()

# A sample value for each filter a template may use; plain fields get a value of their own.
_SAMPLES = {
    "list": ("first-id", "second-id"),
    "arrows": ("first-id", "second-id", "first-id"),
    "nor": ("metric", "deadline"),
    "paths": (("goal-a", "goal-b"), ("goal-c",)),
    "h": 16.5,
    "pct": 0.25,
    "level": 2,
    "thing": "unit",
    "goal-level": "team",
}


def _fields(template: str) -> dict[str, str]:
    return {name: spec for _, name, spec, _ in _PARSE.parse(template) if name is not None}


def _sample_params(code: str) -> dict[str, object]:
    out: dict[str, object] = {}
    for name, spec in _fields(CATALOGUE[code]["en"]).items():
        if spec in _SAMPLES:
            out[name] = _SAMPLES[spec]
        elif spec:
            out[name] = 1234.5  # a number format (g, ,.0f, >2)
        else:
            out[name] = f"value-of-{name}"
    return out


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_every_message_renders_in_both_languages_with_no_placeholder_left(code):
    sample = _sample_params(code)

    shown = {lang: render(code, sample, lang=lang) for lang in LANGUAGES}

    assert [lang for lang, t in shown.items() if "{" in t or "}" in t or not t.strip()] == []


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_a_message_reads_as_pythons_formatter_with_the_filters_would_write_it(code):
    """Rendering is compiled for speed; the text is the one the plain formatter gives."""
    from larande.messages import _FORMATTERS

    sample = _sample_params(code)

    assert [render(code, sample, lang=lang) for lang in LANGUAGES] == [
        _FORMATTERS[lang].vformat(CATALOGUE[code][lang], (), sample) for lang in LANGUAGES
    ]


def test_a_brace_in_a_messages_text_stays_a_brace(monkeypatch):
    monkeypatch.setitem(CATALOGUE, "test.braces", {"en": "{{x}} = {x:h}", "sv": "{{x}} = {x}"})

    assert [render("test.braces", {"x": 2}, lang=lang) for lang in LANGUAGES] == [
        "{x} = 2 h",
        "{x} = 2",
    ]


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_swedish_and_english_name_the_same_values(code):
    en, sv = CATALOGUE[code]["en"], CATALOGUE[code]["sv"]

    assert _fields(en) == _fields(sv)


@pytest.mark.parametrize("code", sorted(CATALOGUE))
def test_a_plain_value_reads_as_the_same_string_in_both_languages(code):
    sample = _sample_params(code)
    plain = [v for v in sample.values() if isinstance(v, str) and v.startswith("value-of-")]

    shown = [render(code, sample, lang=lang) for lang in LANGUAGES]

    assert [(v, t) for v in plain for t in shown if v not in t] == []


def _codes_raised_in_src() -> set[str]:
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                for kw in node.keywords:
                    if kw.arg == "code" and isinstance(kw.value, ast.Constant):
                        found.add(kw.value.value)
    return found


def test_every_error_code_raised_in_the_source_is_in_the_catalogue():
    codes = _codes_raised_in_src()

    assert set() == codes - set(CATALOGUE)


def test_every_error_class_code_is_in_the_catalogue():
    classes = [
        c
        for c in vars(exceptions).values()
        if isinstance(c, type) and issubclass(c, exceptions.LarandeError)
    ]

    assert set() == {c.code for c in classes} - set(CATALOGUE)


@pytest.mark.parametrize(
    ("prefix", "values"),
    [
        ("finding", FindingCode),
        ("unmet", UnmetReason),
        ("drop", DropReason),
        ("due", DueKind),
        ("celebration", CelebrationKind),
        ("unplaced", UnplacedReason),
    ],
)
def test_every_kind_and_reason_has_a_message(prefix, values):
    missing = {f"{prefix}.{v.value}" for v in values} - set(CATALOGUE)

    assert set() == missing


def test_every_built_in_rule_has_a_message():
    from larande.needs import _rules

    names = {
        a.default
        for cls in vars(_rules).values()
        if isinstance(cls, type) and hasattr(cls, "__attrs_attrs__")
        for a in cls.__attrs_attrs__
        if a.name == "name" and isinstance(a.default, str)
    } | {rule.name for rule in DEFAULT_RULES}

    assert set() == {f"rule.{n}" for n in names} - set(CATALOGUE)


# -- each record's English text is the catalogue's ------------------------------------------


@pytest.fixture(scope="module")
def demo():
    return load_demo()


@pytest.fixture(scope="module")
def needs(demo):
    return analyze(demo.org, demo.assessments, demo.signals, as_of=demo.as_of, goals=demo.goals)


def test_every_reason_of_the_demo_reads_as_its_rule_renders_in_english(needs):
    reasons = [r for n in needs.needs for r in n.reasons]

    assert [r for r in reasons if r.text != render(f"rule.{r.rule}", r.params)] == []


def test_every_finding_reads_as_its_code_renders_in_english(demo):
    findings = demo.goals.findings(as_of=dt.date(2027, 6, 1))

    assert findings
    assert [f for f in findings if f.message != text(f)] == []


def test_every_justification_reads_as_its_code_renders_in_english(demo, needs):
    verdicts = justify_all(needs.needs, demo.goals, demo.org)

    assert {v.code for v in verdicts} >= {"justification.go-ahead.gap", "justification.hold.met"}
    assert [v for v in verdicts if v.explanation != render(v.code, v.params)] == []


def test_every_unmet_need_reads_as_its_reason_renders_in_english(demo, needs):
    plans = plan(needs, demo.catalog, org=demo.org, assessments=demo.assessments, as_of=demo.as_of)
    unmet = [u for p in plans for u in p.unmet]

    assert unmet
    assert [u for u in unmet if u.detail != render(f"unmet.{u.reason.value}", u.params)] == []


def test_every_pairing_and_ambassador_reads_as_its_code_renders_in_english(demo, needs):
    pairs = match_mentors(demo.org, demo.assessments, needs, as_of=demo.as_of)
    chosen = ambassadors(demo.org, demo.assessments, needs, as_of=demo.as_of, explain=True)
    found = [*pairs, *(a for amb in chosen.values() for a in amb)]

    assert pairs
    assert chosen
    assert [r for r in found if r.reason != render(r.code, r.params)] == []


def test_every_celebration_reads_as_its_kind_renders_in_english(demo):
    state = replay(demo.events, org=demo.org, goals=demo.goals)
    found = celebrations(state, demo.goals, since=demo.as_of, until=dt.date(2026, 12, 31))

    assert {c.kind for c in found} == set(CelebrationKind)
    assert [c for c in found if c.text != text(c)] == []


def test_a_pairing_made_by_hand_still_renders_from_its_own_fields():
    pair = Pairing("ann", "bo", "cpr", "Ann shows Bo")

    assert text(pair, lang="sv") == "ann kan vara mentor för bo i 'cpr'"


def test_a_justification_made_by_hand_gets_the_code_its_answers_fit(needs, demo):
    need = needs.for_person("xin.li")[0]

    made = larande.Justification(need, False, need.gap > 0, False, (), "held")

    assert made.code == "justification.hold.gap"


def test_a_reason_reads_in_swedish_with_the_same_ids_and_dates():
    reason = larande.Reason(
        "future-requirement",
        ["nurse:cpr"],
        "...",
        {
            "role": "nurse",
            "competency": "cpr",
            "required": 1,
            "current": None,
            "effective": "2026-04-01",
        },
    )

    assert (
        text(reason, lang="sv")
        == "från 2026-04-01 kräver rollen 'nurse' 'cpr' på nivå 1; ingen giltig bedömning"
    )


def test_an_error_renders_from_its_code_and_params_in_swedish():
    err = exceptions.UnknownIdError("unit", "north")

    assert render(err.code, err.params, lang="sv") == "okänt id för enhet: 'north'"


def test_the_code_of_a_record_without_a_message_is_refused():
    with pytest.raises(ValidationError) as caught:
        code_of(dt.date(2026, 1, 1))

    assert (caught.value.path, caught.value.code) == ("record", "no-message")


def test_a_due_reminder_reads_from_its_fields(demo):
    due = larande.Due("check-in", "xin.li", "devops-elearning", dt.date(2026, 1, 30), 3)

    assert text(due, lang="sv") == "xin.li: en avstämning om 'devops-elearning', senast 2026-01-30"
    assert params_of(due)["overdue_days"] == 3


def test_an_unknown_code_is_refused_naming_the_code():
    with pytest.raises(ValidationError) as caught:
        render("no.such.code", {})

    assert (caught.value.path, caught.value.code) == ("code", "unknown-message")


def test_an_unknown_language_is_refused():
    with pytest.raises(ValidationError) as caught:
        render("report.units", lang="fi")

    assert (caught.value.path, caught.value.code) == ("lang", "unknown-language")


def test_a_value_missing_from_params_is_refused_naming_it():
    with pytest.raises(ValidationError) as caught:
        render("rule.expiring", {"competency": "cpr"})

    assert caught.value.code == "missing-message-value"


# -- durations read as hours -------------------------------------------------------------


def test_a_negative_duration_reads_as_negative_hours_not_a_timedelta():
    assert hours(dt.timedelta(hours=-5)) == "-5 h"


def test_a_fraction_of_an_hour_reads_with_a_decimal_point():
    assert hours(dt.timedelta(minutes=90)) == "1.5 h"


@given(st.timedeltas(min_value=dt.timedelta(days=-(10**6)), max_value=dt.timedelta(days=10**6)))
def test_any_duration_reads_as_a_number_of_hours(value):
    shown = hours(value)

    assert (shown.endswith(" h"), "day" in shown, ":" in shown) == (True, False, False)
    assert abs(float(shown[:-2]) - value.total_seconds() / 3600) <= 0.005


def test_the_budget_message_of_an_unplaced_item_reads_in_hours():
    shown = render(
        "unplaced.budget",
        {
            "person": "xin.li",
            "activity": "devops-workshop",
            "used": 16,
            "total": 24,
            "cap": 8,
            "hours": 16,
        },
        lang="sv",
    )

    assert "16 h av 24 h använda, högst 8 h i månaden; den tar 16 h" in shown


# -- the readable report in Swedish --------------------------------------------------------


def _english_headings() -> list[str]:
    out = []
    for code, texts in CATALOGUE.items():
        if not code.startswith("report.") or texts["en"] == texts["sv"]:
            continue
        head = texts["en"].split("{")[0].strip()
        if len(head) >= 6 and head[0].isupper():
            out.append(head)
    return out


def test_the_demo_report_in_swedish_has_no_english_heading(capsys):
    from larande.cli import main

    status = main(["demo", "--lang", "sv"])
    lines = capsys.readouterr().out.splitlines()

    assert status == 0
    assert [(h, line) for h in _english_headings() for line in lines if line.startswith(h)] == []
    assert "Behovsanalys per 2026-01-12" in "\n".join(lines)


def test_the_demo_report_in_english_keeps_its_english_headings(capsys):
    from larande.cli import main

    main(["demo"])
    out = capsys.readouterr().out

    assert "Needs analysis as of 2026-01-12" in out
    assert "Behovsanalys" not in out
