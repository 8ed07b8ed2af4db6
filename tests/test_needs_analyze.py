"""analyze(): rules run, needs merged, prioritised, sorted, explained, and bad input refused.

The scenarios at the end come from the source documents, on the bundled demo municipality:
where needs show up (deviations, record samples, reports, certificates, stale assessments,
requirements still to come).
"""

from __future__ import annotations

import datetime as dt
import gc
import random

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from larande import (
    Assessment,
    Competency,
    DuplicateIdError,
    Framework,
    Goal,
    GoalGraph,
    Level,
    Organization,
    Person,
    Requirement,
    Role,
    Unit,
    UnknownIdError,
    ValidationError,
)
from larande.datasets import load_demo
from larande.io import json as ljson
from larande.needs import (
    DEFAULT_RULES,
    Need,
    NeedScope,
    NeedsReport,
    Reason,
    Signal,
    SignalKind,
    analyze,
    audit_failure_rate,
    deviation_threshold,
    expiring,
    future_requirement,
    requirement_gap,
    stale_assessment,
)
from larande.testing import assessments, dates, organizations, signals

D = dt.date
DAYS = dt.timedelta
AS_OF = D(2026, 1, 12)
YEAR = DAYS(days=365)
ROLLOUT = D(2026, 4, 1)


def care_org():
    """Home care with teams north (anna, bo) and south (cia, dan), and their manager eve."""
    framework = Framework(
        [
            Competency("cpr", "CPR", validity=YEAR),
            Competency("medication", "Medication handling"),
            Competency("documentation", "Care documentation"),
            Competency("digital-supervision", "Digital night supervision"),
            Competency("hygiene", "Basic hygiene"),
        ]
    )
    nurse = Role(
        "nurse",
        "Assistant nurse",
        [
            Requirement("cpr", 1),
            Requirement("medication", 3, weight=2.0),
            Requirement("digital-supervision", 2, weight=1.5, effective=ROLLOUT),
        ],
    )
    manager = Role("manager", "Unit manager", [Requirement("documentation", 3)])
    units = [
        Unit("care", "Home care"),
        Unit("north", "Team North", parent="care"),
        Unit("south", "Team South", parent="care"),
    ]
    people = [
        Person("eve", "Eve Holm", "care", roles=["manager"]),
        Person("anna", "Anna Berg", "north", roles=["nurse"], manager="eve"),
        Person("bo", "Bo Ek", "north", roles=["nurse"], manager="eve"),
        Person("cia", "Cia Lund", "south", roles=["nurse"], manager="eve"),
        Person("dan", "Dan Nord", "south", roles=["nurse"], manager="eve"),
    ]
    return Organization(units, people, [nurse, manager], framework)


ORG = care_org()


class Fixed:
    """A user's own rule: a plain callable object with a ``name``, no base class."""

    def __init__(self, name, *needs):
        self.name = name
        self.needs = needs

    def __call__(self, context):
        return list(self.needs)


def person_need(
    subject, competency, current, required, *, due=None, evidence=("e-1",), base=1.0, rule="mine"
):
    gap = max(0, required - (current or 0))
    reason = Reason(rule, evidence, f"{subject} {competency}")
    return Need(subject, "person", competency, current, required, gap, base, [reason], due)


def unit_need(subject, competency, *, evidence=("e-1",), base=1.0):
    reason = Reason("my-rule", evidence, f"{subject} {competency}")
    return Need(subject, "unit", competency, None, None, 0, base, [reason])


def evidence_ids(org, assessed, sigs):
    """Every id a reason may cite: requirements, assessments and signals of the input."""
    return (
        {r.evidence_id(role.id) for role in org.roles for r in role.requirements}
        | {a.evidence_id for a in assessed}
        | {s.id for s in sigs}
    )


# -- merging ------------------------------------------------------------------------------------


def test_needs_found_by_two_rules_for_one_person_and_competency_are_one_need():
    """A low, old medication assessment: a gap and a stale one, merged, both reasons kept."""
    old = Assessment("anna", "medication", 1, AS_OF - DAYS(days=800), id="med-anna")
    report = analyze(ORG, [old], as_of=AS_OF, rules=[requirement_gap(), stale_assessment()])
    found = [n for n in report.needs if n.id == "person:anna:medication"]
    assert [[r.rule for r in n.reasons] for n in found] == [
        ["requirement-gap", "stale-assessment"]
    ]


def test_merging_keeps_the_largest_gap_with_its_current_level():
    rules = [
        Fixed("small", person_need("anna", "hygiene", 2, 3)),
        Fixed("large", person_need("anna", "hygiene", 0, 3)),
    ]
    (need,) = analyze(ORG, [], as_of=AS_OF, rules=rules).needs
    assert (need.current, need.required, need.gap) == (0, 3, 3)


def test_merging_keeps_the_earliest_due_date():
    rules = [
        Fixed("later", person_need("anna", "hygiene", 2, 3, due=D(2026, 5, 1))),
        Fixed("none", person_need("anna", "hygiene", 2, 3)),
        Fixed("sooner", person_need("anna", "hygiene", 2, 3, due=D(2026, 3, 1))),
    ]
    (need,) = analyze(ORG, [], as_of=AS_OF, rules=rules).needs
    assert need.due == D(2026, 3, 1)


def test_merging_unites_the_reasons_in_rule_order_each_once():
    first = person_need("anna", "hygiene", 2, 3, evidence=("e-1",))
    second = person_need("anna", "hygiene", 2, 3, evidence=("e-2",))
    rules = [Fixed("a", first), Fixed("b", second), Fixed("c", first)]
    (need,) = analyze(ORG, [], as_of=AS_OF, rules=rules).needs
    assert need.reasons == first.reasons + second.reasons


def test_a_person_need_and_a_unit_need_in_one_competency_stay_apart():
    rules = [Fixed("mine", person_need("anna", "hygiene", 0, 2), unit_need("north", "hygiene"))]
    report = analyze(ORG, [], as_of=AS_OF, rules=rules)
    assert sorted(n.id for n in report.needs) == ["person:anna:hygiene", "unit:north:hygiene"]


def test_a_need_id_is_scope_subject_and_competency():
    assert (person_need("anna", "cpr", None, 1).id, unit_need("north", "cpr").id) == (
        "person:anna:cpr",
        "unit:north:cpr",
    )


# -- order --------------------------------------------------------------------------------------


def test_needs_are_sorted_by_priority_then_scope_subject_and_competency():
    """Equal priorities fall back to scope (person before unit), subject, then competency."""
    rule = Fixed(
        "mine",
        unit_need("north", "hygiene"),
        person_need("bo", "hygiene", 0, 1),
        person_need("anna", "hygiene", 0, 1),
        person_need("anna", "documentation", 0, 1),
        person_need("dan", "hygiene", 0, 1, base=5.0),
    )
    report = analyze(ORG, [], as_of=AS_OF, rules=[rule])
    assert [n.id for n in report.needs] == [
        "person:dan:hygiene",
        "person:anna:documentation",
        "person:anna:hygiene",
        "person:bo:hygiene",
        "unit:north:hygiene",
    ]


# -- priority -----------------------------------------------------------------------------------


def digital_goals():
    """Goals on digital supervision: a guiding star, home care's, each team's, an objective."""
    g = GoalGraph()
    star = Goal(
        "digital", "Digital first", Level.ORGANIZATION, competencies={"digital-supervision"}
    )
    g.add(star)
    g.add(
        Goal(
            "care-digital", "Supervision", Level.UNIT, "care", competencies={"digital-supervision"}
        ),
        contributes_to={"digital": 0.5},
    )
    g.add(
        Goal("north-digital", "North", Level.TEAM, "north", competencies={"digital-supervision"}),
        contributes_to={"care-digital": 2.0, "digital": 1.0},
    )
    g.add(
        Goal("south-digital", "South", Level.TEAM, "south", competencies={"digital-supervision"}),
        contributes_to={"care-digital": 1.0},
    )
    g.add(
        Goal(
            "obj:anna:digital-supervision",
            "Anna: supervision",
            Level.INDIVIDUAL,
            "anna",
            competencies={"digital-supervision"},
            target_level=2,
        ),
        contributes_to="north-digital",
    )
    return g


def test_priority_follows_the_documented_formula_in_a_worked_example():
    """Anna, at level 1, needs level 2 in digital supervision from the rollout, 30 days away.

    base 1 + gap 1 = 2; requirement weight 1.5; goals of north, care or the organisation
    depending on it: digital (a root, 1) + care-digital (0.5) + north-digital (2 + 1), so
    1 + 4.5 = 5.5 (south's goal and Anna's own objective do not count); urgency
    1 + 1 / (1 + 30 / 30) = 1.5; two distinct evidence ids: 1 + 0.1 = 1.1.
    """
    started = Assessment("anna", "digital-supervision", 1, D(2025, 12, 1))
    report = analyze(
        ORG,
        [started],
        as_of=ROLLOUT - DAYS(days=30),
        rules=[future_requirement()],
        goals=digital_goals(),
    )
    need = next(n for n in report.needs if n.id == "person:anna:digital-supervision")
    assert need.priority == pytest.approx(2 * 1.5 * 5.5 * 1.5 * 1.1)


def test_without_goals_the_goal_factor_is_one():
    started = Assessment("anna", "digital-supervision", 1, D(2025, 12, 1))
    report = analyze(ORG, [started], as_of=ROLLOUT - DAYS(days=30), rules=[future_requirement()])
    need = next(n for n in report.needs if n.id == "person:anna:digital-supervision")
    assert need.priority == pytest.approx(2 * 1.5 * 1.5 * 1.1)


def test_a_need_due_today_doubles_for_urgency():
    """Urgency is 2 when the due day is today: ``1 + 1 / (1 + 0 / 30)``."""
    rule = Fixed("mine", person_need("anna", "hygiene", 0, 1, due=AS_OF))
    (need,) = analyze(ORG, [], as_of=AS_OF, rules=[rule]).needs
    assert need.priority == pytest.approx(2.0)


def test_an_overdue_need_weighs_like_one_due_today():
    rule = Fixed("mine", person_need("anna", "hygiene", 0, 1, due=AS_OF - DAYS(days=40)))
    (need,) = analyze(ORG, [], as_of=AS_OF, rules=[rule]).needs
    assert need.priority == pytest.approx(2.0)


def test_corroborating_evidence_adds_a_tenth_per_distinct_id_up_to_double():
    rules = [
        Fixed("three", person_need("anna", "hygiene", 0, 1, evidence=("a", "b", "c"))),
        Fixed("many", person_need("bo", "hygiene", 0, 1, evidence=[f"e{i}" for i in range(30)])),
    ]
    report = analyze(ORG, [], as_of=AS_OF, rules=rules)
    assert {n.subject: n.priority for n in report.needs} == pytest.approx({"anna": 1.2, "bo": 2.0})


def test_a_unit_need_weighs_with_the_largest_requirement_weight_among_its_members():
    """Medication weighs 2 for the nurses of team South."""
    rule = Fixed("mine", unit_need("south", "medication"))
    (need,) = analyze(ORG, [], as_of=AS_OF, rules=[rule]).needs
    assert need.priority == pytest.approx(2.0)


def test_a_larger_gap_has_a_higher_priority():
    levels = [Assessment("anna", "medication", 2, D(2025, 6, 1))]
    report = analyze(ORG, levels, as_of=AS_OF, rules=[requirement_gap()])
    by_id = {n.id: n.priority for n in report.needs}
    assert by_id["person:bo:medication"] > by_id["person:anna:medication"]


# -- user rules ---------------------------------------------------------------------------------


def test_a_user_rule_is_a_plain_callable_with_a_name():
    """No subclassing: any callable with a ``name`` that returns needs runs with the rest."""
    rule = Fixed("low-ratings", person_need("anna", "hygiene", 1, 3, rule="low-ratings"))
    report = analyze(ORG, [], as_of=AS_OF, rules=[*DEFAULT_RULES, rule])
    hygiene = [n for n in report.for_person("anna") if n.competency == "hygiene"]
    assert [[r.rule for r in n.reasons] for n in hygiene] == [["low-ratings"]]


def test_a_user_rule_can_be_a_function_with_a_name_attribute():
    def mine(context):
        return [person_need("anna", "hygiene", 1, 3)]

    mine.name = "mine"
    report = analyze(ORG, [], as_of=AS_OF, rules=[mine])
    assert [n.id for n in report.needs] == ["person:anna:hygiene"]


def test_a_rule_returning_something_other_than_a_need_is_refused_by_name():
    broken = Fixed("broken-rule", "not a need")
    with pytest.raises(ValidationError) as err:
        analyze(ORG, [], as_of=AS_OF, rules=[requirement_gap(), broken])
    assert (err.value.path, err.value.code, err.value.params, "broken-rule" in str(err.value)) == (
        "rules[1]",
        "rule-returned-non-need",
        {"rule": "broken-rule"},
        True,
    )


@pytest.mark.parametrize(
    "returned",
    [None, person_need("anna", "hygiene", 0, 1)],
    ids=["nothing", "a single need"],
)
def test_a_rule_returning_no_iterable_of_needs_is_refused_by_name(returned):
    """A rule that forgets its ``return``, or returns one Need bare, is named in the error."""

    def forgetful(context):
        return returned

    forgetful.name = "forgetful-rule"
    with pytest.raises(ValidationError) as err:
        analyze(ORG, [], as_of=AS_OF, rules=[forgetful])
    assert (err.value.path, err.value.params["rule"]) == ("rules[0]", "forgetful-rule")


def test_analyze_leaves_the_needs_a_user_rule_returns_as_they_were():
    """Needs are frozen records: the final priority is on the report's copy, not the rule's."""
    mine = person_need("anna", "hygiene", 0, 1, due=AS_OF)
    analyze(ORG, [], as_of=AS_OF, rules=[Fixed("mine", mine)])
    assert mine.priority == 1.0


def test_something_without_a_name_is_not_a_rule():
    with pytest.raises(ValidationError) as err:
        analyze(ORG, [], as_of=AS_OF, rules=[lambda context: []])
    assert err.value.path == "rules[0]"


@pytest.mark.parametrize(
    "need",
    [
        person_need("zoe", "hygiene", 0, 1),
        unit_need("west", "hygiene"),
        person_need("anna", "knitting", 0, 1),
    ],
    ids=["unknown person", "unknown unit", "unknown competency"],
)
def test_a_user_rules_need_must_name_a_known_subject_and_competency(need):
    with pytest.raises(UnknownIdError) as err:
        analyze(ORG, [], as_of=AS_OF, rules=[Fixed("mine", need)])
    assert need.id in str(err.value)


# -- bad input ----------------------------------------------------------------------------------


def good_assessments():
    return [
        Assessment("anna", "medication", 2, D(2025, 6, 1)),
        Assessment("bo", "medication", 3, D(2025, 6, 1)),
        Assessment("cia", "cpr", 1, D(2025, 6, 1)),
    ]


@pytest.mark.parametrize(
    ("bad", "path"),
    [
        (Assessment("zoe", "medication", 2, D(2025, 6, 1)), "assessments[3].person"),
        (Assessment("anna", "knitting", 2, D(2025, 6, 1)), "assessments[3].competency"),
        (Assessment("anna", "medication", 5, D(2025, 6, 1)), "assessments[3].level"),
    ],
    ids=["unknown person", "unknown competency", "level outside the scale"],
)
def test_an_assessment_that_does_not_fit_the_organisation_is_refused_by_its_place(bad, path):
    with pytest.raises(ValidationError) as err:
        analyze(ORG, [*good_assessments(), bad], as_of=AS_OF)
    assert err.value.path == path


def test_something_that_is_not_an_assessment_is_refused_by_its_place():
    with pytest.raises(ValidationError) as err:
        analyze(ORG, [*good_assessments(), "anna:medication:3"], as_of=AS_OF)
    assert err.value.path == "assessments[3]"


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"assessments": None}, "assessments"),
        ({"assessments": "anna"}, "assessments"),
        ({"signals": 3}, "signals"),
        ({"rules": requirement_gap()}, "rules"),
        ({"org": "home care"}, "org"),
    ],
    ids=["assessments none", "assessments a string", "signals a number", "one rule", "org"],
)
def test_arguments_of_the_wrong_kind_are_refused_by_name(kwargs, path):
    args = {"org": ORG, "assessments": [], "signals": ()} | kwargs
    rules = args.pop("rules", DEFAULT_RULES)
    with pytest.raises(ValidationError) as err:
        analyze(args["org"], args["assessments"], args["signals"], as_of=AS_OF, rules=rules)
    assert err.value.path == path


def good_signals():
    return [
        Signal("dev-1", SignalKind.DEVIATION, AS_OF, "medication", unit="south"),
        Signal("dev-2", SignalKind.DEVIATION, AS_OF, "medication", person="anna"),
    ]


@pytest.mark.parametrize(
    ("bad", "path"),
    [
        (Signal("x", SignalKind.DEVIATION, AS_OF, "medication", unit="west"), "signals[2].unit"),
        (
            Signal("x", SignalKind.DEVIATION, AS_OF, "medication", person="zoe"),
            "signals[2].person",
        ),
        (Signal("x", SignalKind.REPORT, AS_OF, "knitting", unit="north"), "signals[2].competency"),
    ],
    ids=["unknown unit", "unknown person", "unknown competency"],
)
def test_a_signal_that_does_not_fit_the_organisation_is_refused_by_its_place(bad, path):
    with pytest.raises(UnknownIdError) as err:
        analyze(ORG, [], [*good_signals(), bad], as_of=AS_OF)
    assert err.value.path == path


def test_one_report_sent_twice_is_refused_rather_than_counted_twice():
    """Evidence is named by id; the same deviation twice would pass a threshold it does not."""
    with pytest.raises(DuplicateIdError) as err:
        analyze(ORG, [], [*good_signals(), good_signals()[0]], as_of=AS_OF)
    assert err.value.path == "signals[2].id"


def test_something_that_is_not_a_signal_is_refused_by_its_place():
    with pytest.raises(ValidationError) as err:
        analyze(ORG, [], [*good_signals(), "dev-3"], as_of=AS_OF)
    assert err.value.path == "signals[2]"


def test_a_signal_naming_neither_a_unit_nor_a_person_cannot_be_made():
    with pytest.raises(ValidationError) as err:
        Signal("dev-1", SignalKind.DEVIATION, AS_OF, "medication")
    assert err.value.code == "signal-without-subject"


def test_the_analysis_day_must_be_a_date():
    with pytest.raises(ValidationError) as err:
        analyze(ORG, [], as_of="2026-01-12")
    assert err.value.path == "as_of"


def test_the_goals_must_be_a_goal_graph():
    with pytest.raises(ValidationError) as err:
        analyze(ORG, [], as_of=AS_OF, goals=["digital"])
    assert err.value.path == "goals"


# -- the report ---------------------------------------------------------------------------------


def mixed_report():
    """Person needs in both teams and for the manager, unit needs in care and south."""
    rule = Fixed(
        "mine",
        person_need("anna", "hygiene", 0, 2),
        person_need("cia", "hygiene", 0, 1),
        person_need("eve", "hygiene", 0, 3),
        unit_need("south", "hygiene"),
        unit_need("care", "hygiene", base=0.5),
    )
    return analyze(ORG, [], as_of=AS_OF, rules=[rule])


def test_a_report_gives_one_persons_needs():
    assert [n.id for n in mixed_report().for_person("anna")] == ["person:anna:hygiene"]


def test_a_person_without_needs_has_none():
    assert mixed_report().for_person("dan") == ()


def test_asking_for_an_unknown_persons_needs_is_an_error():
    with pytest.raises(UnknownIdError):
        mixed_report().for_person("zoe")


def test_a_units_needs_include_its_sub_units_and_all_their_people_in_report_order():
    report = mixed_report()
    assert [n.id for n in report.for_unit("care")] == [n.id for n in report.needs]


def test_a_units_own_needs_are_its_unit_needs_and_its_direct_members_needs():
    report = mixed_report()
    assert {n.id for n in report.for_unit("care", recursive=False)} == {
        "person:eve:hygiene",
        "unit:care:hygiene",
    }


def test_a_teams_needs_are_its_unit_needs_and_its_members_needs():
    assert {n.id for n in mixed_report().for_unit("south")} == {
        "person:cia:hygiene",
        "unit:south:hygiene",
    }


def test_a_report_survives_a_json_round_trip():
    demo = load_demo()
    report = analyze(demo.org, demo.assessments, demo.signals, as_of=demo.as_of, goals=demo.goals)
    assert ljson.loads(ljson.dumps(report), NeedsReport) == report


# -- the garbage collector ----------------------------------------------------------------------


@pytest.fixture
def gc_state():
    """Restores the collector's state whatever the test does."""
    was = gc.isenabled()
    yield
    if was:
        gc.enable()
    else:
        gc.disable()


def test_the_garbage_collector_is_enabled_again_after_an_analysis(gc_state):
    gc.enable()
    analyze(ORG, good_assessments(), as_of=AS_OF)
    assert gc.isenabled() is True


def test_a_disabled_garbage_collector_stays_disabled_after_an_analysis(gc_state):
    gc.disable()
    analyze(ORG, good_assessments(), as_of=AS_OF)
    assert gc.isenabled() is False


def test_the_garbage_collector_is_enabled_again_when_an_analysis_fails(gc_state):
    gc.enable()
    with pytest.raises(ValidationError):
        analyze(ORG, [], as_of=AS_OF, rules=[Fixed("broken-rule", "not a need")])
    assert gc.isenabled() is True


# -- properties ---------------------------------------------------------------------------------


SENSITIVE_RULES = (
    requirement_gap(),
    future_requirement(horizon=DAYS(days=730)),
    deviation_threshold(count=2, within=DAYS(days=120)),
    audit_failure_rate(rate=0.3, min_samples=2, within=DAYS(days=120)),
    expiring(within=DAYS(days=180)),
    stale_assessment(older_than=DAYS(days=365)),
)
"""Every built-in rule with low thresholds and wide windows, so that generated input hits each."""


@st.composite
def care_organizations(draw, as_of):
    """Home-care-like organisations: a tree of up to five units, nurses, aides, managers and
    volunteers, and a requirement that takes effect around ``as_of``."""
    rollout = as_of + DAYS(days=draw(st.integers(-30, 400)))
    roles = [
        Role(
            "nurse",
            "Assistant nurse",
            [
                Requirement("cpr", 1),
                Requirement("medication", draw(st.integers(1, 4)), weight=2.0),
                Requirement("digital-supervision", 2, weight=1.5, effective=rollout),
            ],
        ),
        Role("aide", "Care aide", [Requirement("medication", 2), Requirement("hygiene", 3)]),
        Role("manager", "Unit manager", [Requirement("documentation", 3)]),
        Role("volunteer", "Volunteer"),
    ]
    n_units = draw(st.integers(1, 5))
    units = [Unit("u0", "Unit 0")] + [
        Unit(f"u{i}", f"Unit {i}", parent=f"u{draw(st.integers(0, i - 1))}")
        for i in range(1, n_units)
    ]
    role_ids = [r.id for r in roles]
    people = [
        Person(
            f"p{i}",
            f"Person {i}",
            f"u{draw(st.integers(0, n_units - 1))}",
            roles=draw(st.lists(st.sampled_from(role_ids), max_size=2, unique=True)),
        )
        for i in range(draw(st.integers(1, 12)))
    ]
    return Organization(units, people, roles, ORG.framework)


def any_organization(as_of):
    """A home-care-like organisation, or any organisation with people."""
    return care_organizations(as_of) | organizations().filter(lambda o: bool(o.people))


@st.composite
def analysis_inputs(draw):
    """An organisation with people, assessments and signals dated around the analysis day,
    and either the default rules or the sensitive ones."""
    as_of = draw(dates(min_value=D(2022, 1, 1), max_value=D(2028, 12, 31)))
    org = draw(any_organization(as_of))

    def around(low, high):
        return as_of - DAYS(days=draw(st.integers(low, high)))

    assessed = [attrs.evolve(a, on=around(-20, 1000)) for a in draw(st.lists(assessments(org)))]
    required = [
        (p.id, r.competency)
        for p in org.people
        for role in org.roles_of(p.id)
        for r in role.requirements
    ]
    for person, competency in (
        draw(st.lists(st.sampled_from(required), max_size=12)) if required else []
    ):
        top = org.framework.scale_of(competency).top
        level = draw(st.integers(0, top))
        assessed.append(Assessment(person, competency, level, around(-20, 1000)))
    sigs = draw(st.lists(signals(org), max_size=15, unique_by=lambda s: s.id))
    if sigs and draw(st.booleans()):
        # Clustered: every signal about the same unit or person and competency.
        first = sigs[0]
        sigs = [
            attrs.evolve(s, unit=first.unit, person=first.person, competency=first.competency)
            for s in sigs
        ]
    sigs = [attrs.evolve(s, on=around(-5, 200)) for s in sigs]
    if draw(st.booleans()):
        # An audit of one unit and competency.
        unit = draw(st.sampled_from(org.units)).id
        competency = draw(st.sampled_from(org.framework.competencies)).id
        kind = draw(st.sampled_from([SignalKind.RECORD_SAMPLE, SignalKind.INTERNAL_CONTROL]))
        sigs += [
            Signal(f"audit-{i}", kind, around(0, 200), competency, unit=unit, passed=ok)
            for i, ok in enumerate(draw(st.lists(st.booleans(), max_size=12)))
        ]
    rules = draw(st.sampled_from([DEFAULT_RULES, SENSITIVE_RULES]))
    return org, assessed, sigs, as_of, rules


def without_ties(assessed):
    """No two assessments of one person and competency on one day at one level.

    Which of two such counts depends on their order: see the xfailed test below.
    """
    return list({(a.person, a.competency, a.on, a.level): a for a in assessed}.values())


@given(analysis_inputs())
def test_the_same_input_gives_the_same_report_in_the_same_order(inputs):
    org, assessed, sigs, as_of, rules = inputs
    first = analyze(org, assessed, sigs, as_of=as_of, rules=rules)
    second = analyze(org, assessed, sigs, as_of=as_of, rules=rules)
    assert (second, second.needs) == (first, first.needs)


@given(analysis_inputs(), st.randoms(use_true_random=False))
def test_the_order_of_the_assessments_does_not_change_the_report(inputs, rnd):
    org, assessed, sigs, as_of, rules = inputs
    assessed = without_ties(assessed)
    shuffled = list(assessed)
    rnd.shuffle(shuffled)
    assert analyze(org, shuffled, sigs, as_of=as_of, rules=rules).needs == (
        analyze(org, assessed, sigs, as_of=as_of, rules=rules).needs
    )


def test_two_assessments_on_one_day_at_one_level_cite_the_same_evidence_in_any_order():
    morning = Assessment("anna", "medication", 2, D(2025, 6, 1), id="a-morning")
    evening = Assessment("anna", "medication", 2, D(2025, 6, 1), id="a-evening")
    assert analyze(ORG, [morning, evening], as_of=AS_OF) == analyze(
        ORG, [evening, morning], as_of=AS_OF
    )


@given(analysis_inputs(), st.randoms(use_true_random=False))
def test_the_order_of_the_rules_changes_at_most_the_order_of_a_needs_reasons(inputs, rnd):
    org, assessed, sigs, as_of, rules = inputs
    shuffled = list(rules)
    rnd.shuffle(shuffled)

    def summary(report):
        return [(n.id, n.priority, n.gap, n.due, frozenset(n.reasons)) for n in report.needs]

    assert summary(analyze(org, assessed, sigs, as_of=as_of, rules=shuffled)) == summary(
        analyze(org, assessed, sigs, as_of=as_of, rules=rules)
    )


@given(analysis_inputs())
def test_every_evidence_id_names_a_record_of_the_input(inputs):
    """Every need is explainable from its reasons: each cited id is a requirement,
    an assessment or a signal that was given."""
    org, assessed, sigs, as_of, rules = inputs
    report = analyze(org, assessed, sigs, as_of=as_of, rules=rules)
    known = evidence_ids(org, assessed, sigs)
    assert {e for n in report.needs for r in n.reasons for e in r.evidence} - known == set()


@given(analysis_inputs())
def test_every_report_survives_a_json_round_trip(inputs):
    org, assessed, sigs, as_of, rules = inputs
    report = analyze(org, assessed, sigs, as_of=as_of, rules=rules)
    assert ljson.loads(ljson.dumps(report), NeedsReport) == report


@given(analysis_inputs())
def test_every_need_has_a_reason_from_a_rule_that_ran(inputs):
    org, assessed, sigs, as_of, rules = inputs
    report = analyze(org, assessed, sigs, as_of=as_of, rules=rules)
    names = {r.name for r in rules}
    assert [
        n.id for n in report.needs if not n.reasons or {r.rule for r in n.reasons} - names
    ] == []


@given(analysis_inputs())
def test_the_needs_are_in_descending_priority_then_scope_subject_and_competency(inputs):
    org, assessed, sigs, as_of, rules = inputs
    needs = analyze(org, assessed, sigs, as_of=as_of, rules=rules).needs
    keys = [(-n.priority, n.scope.value, n.subject, n.competency) for n in needs]
    assert keys == sorted(keys)


@st.composite
def corroborating_signals(draw, org, as_of, sigs):
    """A deviation, a report, or a failed audit, control or test, dated in the window,
    often about the same unit or person and competency as a signal already given."""
    kind = draw(st.sampled_from(SignalKind))
    audited = kind not in {SignalKind.DEVIATION, SignalKind.REPORT}
    sig = draw(st.sampled_from(sigs) if sigs and draw(st.booleans()) else signals(org))
    return attrs.evolve(
        sig,
        id="extra-signal",
        kind=kind,
        passed=False if audited else None,
        on=as_of - DAYS(days=draw(st.integers(0, 90))),
    )


@given(st.data())
def test_a_corroborating_signal_never_lowers_any_needs_priority(data):
    org, assessed, sigs, as_of, rules = data.draw(analysis_inputs())
    extra = data.draw(corroborating_signals(org, as_of, sigs))
    before = analyze(org, assessed, sigs, as_of=as_of, rules=rules)
    after = {
        n.id: n.priority for n in analyze(org, assessed, [*sigs, extra], as_of=as_of, rules=rules)
    }
    assert [n.id for n in before.needs if after.get(n.id, -1.0) < n.priority] == []


@given(st.data())
def test_a_person_meeting_every_requirement_with_fresh_assessments_has_no_need(data):
    """Every required level met (those still to come included), no assessment expiring
    within 60 days or older than 730 days, and no signals: nothing to learn."""
    as_of = data.draw(dates(min_value=D(2022, 1, 1), max_value=D(2028, 12, 31)))
    org = data.draw(any_organization(as_of))
    person = data.draw(st.sampled_from(org.people)).id
    required = {}
    for role in org.roles_of(person):
        for r in role.requirements:
            required[r.competency] = max(required.get(r.competency, 0), r.level)
    fw = org.framework
    own = []
    for competency, level in sorted(required.items()):
        validity = fw.competency(competency).validity
        oldest = 730 if validity is None else min(730, validity.days - 61)
        assume(oldest >= 0)
        age = data.draw(st.integers(0, oldest))
        top = fw.scale_of(competency).top
        own.append(
            Assessment(person, competency, data.draw(st.integers(level, top)), as_of - DAYS(age))
        )
    others = [a for a in data.draw(st.lists(assessments(org), max_size=15)) if a.person != person]
    report = analyze(org, [*others, *own], as_of=as_of)
    assert report.for_person(person) == ()


# -- the demo: where needs show up --------------------------------------------------------------

DEMO = load_demo()
REPORT = analyze(DEMO.org, DEMO.assessments, DEMO.signals, as_of=DEMO.as_of, goals=DEMO.goals)
BY_ID = {n.id: n for n in REPORT.needs}


def rules_of(need_id):
    return [r.rule for r in BY_ID[need_id].reasons]


def test_team_souths_medication_deviations_are_a_unit_need():
    """Severity 5 within 90 days (the threshold is 3): team South needs medication handling."""
    need = BY_ID["unit:homecare-south:medication"]
    assert [(r.rule, r.evidence) for r in need.reasons] == [
        (
            "deviation-threshold",
            ("dev-2025-311", "dev-2025-344", "dev-2025-379", "dev-2026-004"),
        )
    ]


def test_team_norths_single_medication_deviation_is_no_unit_need():
    assert "unit:homecare-north:medication" not in BY_ID


def test_team_norths_documentation_record_sample_audit_is_a_unit_need():
    """Four of twelve sampled records incomplete (33 %, the rate is 20 %)."""
    reason = BY_ID["unit:homecare-north:documentation"].reasons[0]
    assert (reason.rule, reason.params["failed"], reason.params["samples"]) == (
        "audit-failure-rate",
        4,
        12,
    )


def test_a_cpr_certificate_about_to_expire_is_a_need_due_on_its_expiry():
    """Amir's certificate from 2025-02-20 lapses 2026-02-20, within 60 days."""
    need = BY_ID["person:amir.haddad:cpr"]
    assert (rules_of(need.id), need.due) == (["expiring"], D(2026, 2, 20))


def test_an_expired_cpr_certificate_is_a_gap_not_an_expiry():
    """Cecilia's certificate from 2024-10-09 has lapsed: she is back at level 0."""
    need = BY_ID["person:cecilia.ek:cpr"]
    assert (rules_of(need.id), need.current, need.gap) == (["requirement-gap"], None, 1)


def test_assessments_older_than_two_years_give_stale_assessment_reasons():
    """Göran's and Rut's care assessments are from 2023 and 2022."""
    stale = {n.id for n in REPORT.needs if "stale-assessment" in rules_of(n.id)}
    assert {
        "person:goran.blom:medication",
        "person:rut.engstrom:medication",
        "person:anders.moberg:ci-cd",
    } <= stale


def test_the_digital_supervision_requirement_gives_needs_due_on_the_rollout_day():
    """Required from 2026-04-01: each one below the level has a need due that day."""
    future = [n for n in REPORT.needs if "future-requirement" in rules_of(n.id)]
    assert {(n.competency, n.due) for n in future} == {("digital-supervision", D(2026, 4, 1))}


def test_who_needs_digital_supervision_before_the_rollout():
    """Everyone whose role will require it, except Elin and Lejla, already at the level."""
    future = {n.subject for n in REPORT.needs if "future-requirement" in rules_of(n.id)}
    concerned = {
        p.id
        for p in DEMO.org.people
        if any(r.requirement("digital-supervision") for r in DEMO.org.roles_of(p.id))
    }
    assert future == concerned - {"elin.nyberg", "lejla.hodzic"}


def test_the_hygiene_internal_control_failing_one_in_ten_is_no_unit_need():
    assert "unit:homecare-south:hygiene" not in BY_ID


def test_a_cloud_security_quiz_with_six_results_is_too_few_to_judge():
    assert [
        n.id for n in REPORT.needs if n.competency == "cloud-security" and n.scope == "unit"
    ] == []


def test_three_reports_of_rolled_back_releases_are_a_unit_need_for_the_service_team():
    need = BY_ID["unit:it-service:release-management"]
    assert [(r.rule, r.evidence) for r in need.reasons] == [
        ("deviation-threshold", ("rep-it-0917", "rep-it-0942", "rep-it-0955"))
    ]


def test_the_demo_has_no_unit_needs_beyond_the_three_the_evidence_supports():
    units = [n.id for n in REPORT.needs if n.scope is NeedScope.UNIT]
    assert sorted(units) == [
        "unit:homecare-north:documentation",
        "unit:homecare-south:medication",
        "unit:it-service:release-management",
    ]


def test_an_expiring_rule_with_a_longer_window_finds_more_certificates_to_renew():
    """Olivia's certificate lapses 2026-03-01: 48 days out, inside 60 but outside 30."""
    short = analyze(DEMO.org, DEMO.assessments, as_of=DEMO.as_of, rules=[expiring(DAYS(days=30))])
    assert "person:olivia.sand:cpr" not in {n.id for n in short.needs}


def test_the_shuffled_demo_gives_the_same_report():
    shuffled = list(DEMO.assessments)
    random.Random(4).shuffle(shuffled)
    again = analyze(DEMO.org, shuffled, DEMO.signals, as_of=DEMO.as_of, goals=DEMO.goals)
    assert again == REPORT


def test_a_deviation_threshold_of_six_leaves_team_south_below_it():
    """Team South's summed severity is 5."""
    report = analyze(DEMO.org, (), DEMO.signals, as_of=DEMO.as_of, rules=[deviation_threshold(6)])
    assert "unit:homecare-south:medication" not in {n.id for n in report.needs}
