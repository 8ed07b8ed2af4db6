"""Kinds are open: a host's own signal, activity and leadership kinds, kept as given.

A customer's feedback, shadowing a colleague, a study circle led: the library's kinds keep
their members, a host's own non-empty string is accepted beside them, JSON writes it back
unchanged, and the built-in rules act only on the kinds they know.
"""

from __future__ import annotations

import datetime as dt

import pytest

from larande import (
    Activity,
    Catalog,
    Led,
    Signal,
    SignalKind,
    ValidationError,
    analyze,
    plan,
)
from larande.datasets import load_demo
from larande.io import json
from larande.io.schema import json_schema

D = dt.date


def feedback(sid="cf-1"):
    return Signal(sid, "customer-feedback", D(2026, 1, 7), "dementia-care", unit="homecare-south")


def test_a_hosts_own_signal_kind_is_kept_as_the_string_it_gave():
    assert (type(feedback().kind), feedback().kind) == (str, "customer-feedback")


def test_a_known_kind_given_as_text_becomes_its_member():
    signal = Signal("d1", "deviation", D(2026, 1, 7), "medication", unit="homecare-south")
    assert signal.kind is SignalKind.DEVIATION


@pytest.mark.parametrize("kind", ["", None, 3, ["deviation"]])
def test_a_kind_that_is_not_a_non_empty_string_is_refused_listing_the_known_ones(kind):
    with pytest.raises(ValidationError) as caught:
        Signal("x", kind, D(2026, 1, 7), "medication", unit="homecare-south")
    assert (caught.value.path, "'deviation'" in str(caught.value)) == ("kind", True)


def test_the_built_in_rules_leave_a_hosts_own_signals_alone():
    """Many customer complaints of one kind are no deviations: no rule acts on them."""
    demo = load_demo()
    complaints = [feedback(f"cf-{i}") for i in range(10)]
    before = analyze(demo.org, demo.assessments, demo.signals, as_of=demo.as_of)
    after = analyze(demo.org, demo.assessments, [*demo.signals, *complaints], as_of=demo.as_of)
    assert after.needs == before.needs


def test_a_hosts_own_rule_can_act_on_its_own_kind():
    demo = load_demo()
    seen = []

    class Listener:
        name = "customer-feedback"

        def __call__(self, context):
            seen.extend(s.id for s in context.signals if s.kind == "customer-feedback")
            return ()

    analyze(demo.org, demo.assessments, [feedback()], as_of=demo.as_of, rules=[Listener()])
    assert seen == ["cf-1"]


def test_a_signal_of_a_hosts_own_kind_reads_back_equal_from_json():
    assert json.loads(json.dumps(feedback()), Signal) == feedback()


def shadowing():
    return Activity(
        "shadow-nurse", "Shadow an experienced nurse", "shadowing", {"medication": 2},
        dt.timedelta(hours=4),
    )  # fmt: skip


def test_an_activity_of_a_hosts_own_kind_reads_back_equal_from_json():
    assert json.loads(json.dumps(shadowing()), Activity) == shadowing()


def test_an_activity_of_a_hosts_own_kind_is_planned_like_any_other():
    demo = load_demo()
    catalog = Catalog([shadowing()])
    report = analyze(demo.org, demo.assessments, as_of=demo.as_of)
    fatima = [n for n in report.for_person("fatima.ali") if n.competency == "medication"]
    (made,) = plan(fatima, catalog, org=demo.org)
    assert [i.activity for i in made.items] == ["shadow-nurse"]


def test_an_activity_of_a_hosts_own_kind_is_not_learning_at_work_to_the_planner():
    """Only the kinds the library knows are learning at work (its tie-break)."""
    assert shadowing().workplace is False


def test_a_led_of_a_hosts_own_kind_reads_back_equal_from_json():
    led = Led("l1", "xin.li", D(2026, 2, 2), "Lunch talks on testing", "study-circle")
    assert json.loads(json.dumps(led), Led) == led


def test_the_json_schema_allows_a_hosts_own_kind_beside_the_known_ones():
    kind = json_schema(Signal)["$defs"]["Signal"]["properties"]["kind"]
    assert kind == {"anyOf": [{"$ref": "#/$defs/SignalKind"}, {"type": "string"}]}
