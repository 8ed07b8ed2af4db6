"""The built-in needs-analysis rules: where needs show up, each read as a business rule.

Every window is inclusive: a signal on day ``on`` counts when ``as_of - within <= on <= as_of``.
Each test runs one rule alone through :func:`larande.analyze`, on a small home-care unit
built by hand: two teams of two nurses each, a unit manager, nurses needing CPR (valid a
year), medication handling and, from a rollout day, digital night supervision.
"""

from __future__ import annotations

import datetime as dt

import pytest

from larande import (
    Assessment,
    Competency,
    Framework,
    Organization,
    Person,
    Requirement,
    Role,
    Unit,
    ValidationError,
)
from larande.needs import (
    DEFAULT_RULES,
    Context,
    Rule,
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

D = dt.date
AS_OF = D(2026, 1, 12)
DAYS = dt.timedelta
YEAR = DAYS(days=365)
ROLLOUT = D(2026, 4, 1)

DEVIATION = SignalKind.DEVIATION
REPORT = SignalKind.REPORT
SAMPLE = SignalKind.RECORD_SAMPLE
CONTROL = SignalKind.INTERNAL_CONTROL
TEST = SignalKind.TEST_RESULT


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
            Requirement("digital-supervision", 2, effective=ROLLOUT),
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


def found(rule, assessments=(), signals=(), *, as_of=AS_OF):
    """The needs ``rule`` alone finds, by need id."""
    report = analyze(ORG, assessments, signals, as_of=as_of, rules=[rule])
    return {n.id: n for n in report.needs}


def ids_by(rule, assessments=(), signals=(), *, as_of=AS_OF):
    return set(found(rule, assessments, signals, as_of=as_of))


def signal(id, kind, on, competency="medication", **kw):
    return Signal(id, kind, on, competency, **kw)


def audits(prefix, failed, passed, *, on=AS_OF, kind=SAMPLE, unit="north", **kw):
    """``failed`` failing and ``passed`` passing audits of documentation in ``unit``."""
    outcomes = [False] * failed + [True] * passed
    return [
        Signal(f"{prefix}{i}", kind, on, "documentation", unit=unit, passed=ok, **kw)
        for i, ok in enumerate(outcomes)
    ]


# -- requirement gap ----------------------------------------------------------------------------


def test_a_nurse_below_the_required_medication_level_has_a_gap_need():
    """Current below required, for a requirement in effect: a person need of the difference."""
    assessed = Assessment("anna", "medication", 1, D(2025, 6, 2), id="a-1")
    need = found(requirement_gap(), [assessed])["person:anna:medication"]
    assert (need.current, need.required, need.gap, need.due) == (1, 3, 2, None)


def test_a_gap_need_cites_the_requirement_and_the_assessment():
    """The reason names its rule and cites ``"{role}:{competency}"`` and the assessment."""
    assessed = Assessment("anna", "medication", 1, D(2025, 6, 2), id="a-1")
    need = found(requirement_gap(), [assessed])["person:anna:medication"]
    assert [(r.rule, r.evidence) for r in need.reasons] == [
        ("requirement-gap", ("nurse:medication", "a-1"))
    ]


def test_no_valid_assessment_counts_as_level_zero():
    """Without an assessment the person is at level 0 and the requirement alone is cited."""
    need = found(requirement_gap())["person:bo:medication"]
    assert (need.current, need.gap, need.reasons[0].evidence) == (None, 3, ("nurse:medication",))


def test_meeting_the_required_level_is_no_need():
    assessed = Assessment("anna", "medication", 3, D(2025, 6, 2))
    assert "person:anna:medication" not in ids_by(requirement_gap(), [assessed])


def test_exceeding_the_required_level_is_no_need():
    assessed = Assessment("anna", "medication", 4, D(2025, 6, 2))
    assert "person:anna:medication" not in ids_by(requirement_gap(), [assessed])


def test_an_expired_cpr_certificate_counts_as_no_assessment():
    """A certificate older than its validity does not count: the nurse is back at level 0."""
    lapsed = Assessment("anna", "cpr", 1, AS_OF - YEAR)
    need = found(requirement_gap(), [lapsed])["person:anna:cpr"]
    assert (need.current, need.gap) == (None, 1)


def test_a_cpr_certificate_valid_until_tomorrow_still_counts():
    """Valid while ``as_of < on + validity``."""
    valid = Assessment("anna", "cpr", 1, AS_OF - YEAR + DAYS(days=1))
    assert "person:anna:cpr" not in ids_by(requirement_gap(), [valid])


def test_an_assessment_dated_after_the_analysis_day_does_not_count():
    later = Assessment("anna", "medication", 3, AS_OF + DAYS(days=1))
    need = found(requirement_gap(), [later])["person:anna:medication"]
    assert need.current is None


def test_the_latest_assessment_gives_the_current_level():
    """A later, lower assessment replaces an earlier, higher one."""
    earlier = Assessment("anna", "medication", 3, D(2025, 1, 10))
    later = Assessment("anna", "medication", 2, D(2025, 9, 10))
    need = found(requirement_gap(), [earlier, later])["person:anna:medication"]
    assert (need.current, need.gap) == (2, 1)


def test_a_requirement_not_yet_in_effect_is_not_a_gap_need():
    """Digital supervision is required from the rollout day; before it, no gap need."""
    needs = found(requirement_gap(), as_of=ROLLOUT - DAYS(days=1))
    assert [n.id for n in needs.values() if n.competency == "digital-supervision"] == []


def test_a_requirement_is_a_gap_need_from_the_day_it_takes_effect():
    needs = found(requirement_gap(), as_of=ROLLOUT)
    assert needs["person:anna:digital-supervision"].gap == 2


def test_nobody_has_a_gap_in_a_competency_their_roles_do_not_require():
    """The manager's role requires documentation only: nothing else is a gap for her."""
    needs = found(requirement_gap())
    assert sorted(n.competency for n in needs.values() if n.subject == "eve") == ["documentation"]


def test_a_requirement_at_level_zero_is_met_without_any_assessment():
    """No valid assessment counts as level 0, and level 0 is not below a level-0 requirement."""
    basic = Role("basic", "Basic", [Requirement("hygiene", 0)])
    org = Organization(
        [Unit("care", "Care")],
        [Person("anna", "Anna", "care", roles=["basic"])],
        [basic],
        ORG.framework,
    )
    report = analyze(org, [], as_of=AS_OF, rules=[requirement_gap()])
    assert report.needs == ()


def test_a_future_requirement_at_level_zero_is_met_without_any_assessment():
    basic = Role("basic", "Basic", [Requirement("hygiene", 0, effective=ROLLOUT)])
    org = Organization(
        [Unit("care", "Care")],
        [Person("anna", "Anna", "care", roles=["basic"])],
        [basic],
        ORG.framework,
    )
    report = analyze(org, [], as_of=AS_OF, rules=[future_requirement()])
    assert report.needs == ()


# -- future requirement -------------------------------------------------------------------------


def test_a_requirement_taking_effect_within_a_year_is_a_need_due_on_that_day():
    """Digital supervision from the rollout: a need now, due the day it takes effect."""
    need = found(future_requirement())["person:anna:digital-supervision"]
    assert (need.current, need.required, need.gap, need.due) == (None, 2, 2, ROLLOUT)


def test_a_future_requirement_need_cites_the_requirement_and_its_day():
    need = found(future_requirement())["person:anna:digital-supervision"]
    reason = need.reasons[0]
    assert (reason.rule, reason.evidence, reason.params["effective"]) == (
        "future-requirement",
        ("nurse:digital-supervision",),
        "2026-04-01",
    )


def test_a_requirement_taking_effect_on_the_last_day_of_the_horizon_is_a_need():
    """The horizon is inclusive: ``as_of < effective <= as_of + horizon``."""
    needs = ids_by(future_requirement(), as_of=ROLLOUT - YEAR)
    assert "person:anna:digital-supervision" in needs


def test_a_requirement_taking_effect_after_the_horizon_is_not_yet_a_need():
    needs = ids_by(future_requirement(), as_of=ROLLOUT - YEAR - DAYS(days=1))
    assert "person:anna:digital-supervision" not in needs


def test_a_requirement_taking_effect_today_is_no_longer_a_future_requirement():
    """On the day it takes effect it is a requirement in effect (a gap need), not a future one."""
    assert ids_by(future_requirement(), as_of=ROLLOUT) == set()


def test_a_requirement_taking_effect_tomorrow_is_a_future_requirement():
    needs = found(future_requirement(), as_of=ROLLOUT - DAYS(days=1))
    assert needs["person:anna:digital-supervision"].due == ROLLOUT


def test_the_horizon_can_be_set():
    needs = ids_by(future_requirement(horizon=DAYS(days=30)), as_of=ROLLOUT - DAYS(days=31))
    assert needs == set()


def test_someone_already_at_a_future_requirement_level_has_no_need():
    ready = Assessment("anna", "digital-supervision", 2, D(2025, 12, 1))
    assert "person:anna:digital-supervision" not in ids_by(future_requirement(), [ready])


def test_someone_below_a_future_requirement_has_the_difference_as_gap():
    started = Assessment("anna", "digital-supervision", 1, D(2025, 12, 1), id="ds-1")
    need = found(future_requirement(), [started])["person:anna:digital-supervision"]
    assert (need.current, need.gap, need.reasons[0].evidence) == (
        1,
        1,
        ("nurse:digital-supervision", "ds-1"),
    )


# -- deviation threshold ------------------------------------------------------------------------


def test_three_medication_deviations_in_a_team_within_ninety_days_are_a_unit_need():
    """Summed severity reaching the threshold (3) in one unit and competency: a unit need."""
    deviations = [
        signal(f"dev-{i}", DEVIATION, AS_OF - DAYS(days=10 * i), unit="south") for i in range(3)
    ]
    need = found(deviation_threshold(), signals=deviations)["unit:south:medication"]
    assert (need.scope, need.current, need.gap, need.due) == ("unit", None, 0, None)


def test_a_deviation_unit_need_cites_every_deviation_counted():
    deviations = [signal(f"dev-{i}", DEVIATION, AS_OF, unit="south") for i in range(3)]
    need = found(deviation_threshold(), signals=deviations)["unit:south:medication"]
    assert [(r.rule, r.evidence) for r in need.reasons] == [
        ("deviation-threshold", ("dev-0", "dev-1", "dev-2"))
    ]


def test_a_unit_need_requires_the_highest_level_its_members_roles_require():
    deviations = [signal(f"dev-{i}", DEVIATION, AS_OF, unit="south") for i in range(3)]
    need = found(deviation_threshold(), signals=deviations)["unit:south:medication"]
    assert need.required == 3


def test_a_unit_need_in_a_competency_no_member_role_requires_has_no_required_level():
    deviations = [signal(f"dev-{i}", DEVIATION, AS_OF, "hygiene", unit="south") for i in range(3)]
    need = found(deviation_threshold(), signals=deviations)["unit:south:hygiene"]
    assert need.required is None


def test_two_deviations_stay_below_the_threshold():
    deviations = [signal(f"dev-{i}", DEVIATION, AS_OF, unit="south") for i in range(2)]
    assert ids_by(deviation_threshold(), signals=deviations) == set()


def test_deviations_are_counted_by_summed_severity():
    """One serious deviation (severity 3) weighs as much as three minor ones."""
    serious = [signal("dev-1", DEVIATION, AS_OF, unit="south", severity=3)]
    assert ids_by(deviation_threshold(), signals=serious) == {"unit:south:medication"}


def test_reports_count_with_deviations():
    mixed = [
        signal("dev-1", DEVIATION, AS_OF, unit="south"),
        signal("rep-1", REPORT, AS_OF, unit="south"),
        signal("rep-2", REPORT, AS_OF, unit="south"),
    ]
    assert ids_by(deviation_threshold(), signals=mixed) == {"unit:south:medication"}


@pytest.mark.parametrize("kind", [SAMPLE, CONTROL, TEST])
def test_audits_controls_and_tests_do_not_count_as_deviations(kind):
    """Only DEVIATION and REPORT signals count toward the deviation threshold."""
    failed = [signal(f"s-{i}", kind, AS_OF, unit="south", passed=False) for i in range(3)]
    assert ids_by(deviation_threshold(), signals=failed) == set()


def test_a_deviation_on_the_first_day_of_the_window_counts():
    """The window is inclusive: ``as_of - within <= on``."""
    deviations = [
        signal("dev-edge", DEVIATION, AS_OF - DAYS(days=90), unit="south"),
        signal("dev-2", DEVIATION, AS_OF, unit="south"),
        signal("dev-3", DEVIATION, AS_OF, unit="south"),
    ]
    assert ids_by(deviation_threshold(), signals=deviations) == {"unit:south:medication"}


def test_a_deviation_the_day_before_the_window_does_not_count():
    deviations = [
        signal("dev-old", DEVIATION, AS_OF - DAYS(days=91), unit="south"),
        signal("dev-2", DEVIATION, AS_OF, unit="south"),
        signal("dev-3", DEVIATION, AS_OF, unit="south"),
    ]
    assert ids_by(deviation_threshold(), signals=deviations) == set()


def test_a_deviation_dated_after_the_analysis_day_does_not_count():
    deviations = [
        signal("dev-1", DEVIATION, AS_OF, unit="south"),
        signal("dev-2", DEVIATION, AS_OF, unit="south"),
        signal("dev-later", DEVIATION, AS_OF + DAYS(days=1), unit="south"),
    ]
    assert ids_by(deviation_threshold(), signals=deviations) == set()


def test_a_deviation_naming_only_a_person_counts_for_that_persons_team():
    deviations = [
        signal("dev-1", DEVIATION, AS_OF, person="anna"),
        signal("dev-2", DEVIATION, AS_OF, person="bo"),
        signal("dev-3", DEVIATION, AS_OF, unit="north"),
    ]
    assert ids_by(deviation_threshold(), signals=deviations) == {"unit:north:medication"}


def test_deviations_are_counted_per_team():
    """Two in north and one in south: neither team reaches three."""
    deviations = [
        signal("dev-1", DEVIATION, AS_OF, unit="north"),
        signal("dev-2", DEVIATION, AS_OF, unit="north"),
        signal("dev-3", DEVIATION, AS_OF, unit="south"),
    ]
    assert ids_by(deviation_threshold(), signals=deviations) == set()


def test_deviations_are_counted_per_competency():
    deviations = [
        signal("dev-1", DEVIATION, AS_OF, "medication", unit="south"),
        signal("dev-2", DEVIATION, AS_OF, "medication", unit="south"),
        signal("dev-3", DEVIATION, AS_OF, "hygiene", unit="south"),
    ]
    assert ids_by(deviation_threshold(), signals=deviations) == set()


def test_the_deviation_threshold_and_window_can_be_set():
    deviations = [signal("dev-1", DEVIATION, AS_OF - DAYS(days=20), unit="south")]
    rule = deviation_threshold(count=1, within=DAYS(days=20))
    assert ids_by(rule, signals=deviations) == {"unit:south:medication"}


# -- audit failure rate -------------------------------------------------------------------------


def test_a_record_sample_audit_failing_a_fifth_of_ten_records_is_a_unit_need():
    """A failure share at the rate (20 %) over at least ten samples: a unit need."""
    need = found(audit_failure_rate(), signals=audits("doc-", 2, 8))["unit:north:documentation"]
    assert (need.scope, need.gap, need.reasons[0].rule) == ("unit", 0, "audit-failure-rate")


def test_an_audit_unit_need_cites_every_sample_counted():
    need = found(audit_failure_rate(), signals=audits("doc-", 2, 8))["unit:north:documentation"]
    assert need.reasons[0].evidence == tuple(f"doc-{i}" for i in range(10))


def test_an_audit_failing_one_in_ten_is_below_the_rate():
    assert ids_by(audit_failure_rate(), signals=audits("doc-", 1, 9)) == set()


def test_nine_failed_samples_are_too_few_to_judge():
    """Fewer than ``min_samples`` (10) results never make a need, however bad."""
    assert ids_by(audit_failure_rate(), signals=audits("doc-", 9, 0)) == set()


def test_samples_without_an_outcome_do_not_count():
    """Only signals with ``passed`` set count as samples."""
    unknown = [Signal("doc-x", SAMPLE, AS_OF, "documentation", unit="north")]
    assert ids_by(audit_failure_rate(), signals=audits("doc-", 9, 0) + unknown) == set()


def test_record_samples_internal_controls_and_test_results_count_together():
    samples = (
        audits("s-", 1, 3, kind=SAMPLE)
        + audits("c-", 1, 2, kind=CONTROL)
        + audits("t-", 1, 2, kind=TEST)
    )
    assert ids_by(audit_failure_rate(), signals=samples) == {"unit:north:documentation"}


def test_failed_deviation_reports_are_not_audit_samples():
    reports = audits("d-", 5, 0, kind=DEVIATION) + audits("doc-", 1, 8)
    assert ids_by(audit_failure_rate(), signals=reports) == set()


def test_an_audit_on_the_first_day_of_the_window_counts():
    edge = audits("old-", 2, 0, on=AS_OF - DAYS(days=180))
    assert ids_by(audit_failure_rate(), signals=edge + audits("doc-", 0, 8)) == {
        "unit:north:documentation"
    }


def test_an_audit_the_day_before_the_window_does_not_count():
    old = audits("old-", 2, 0, on=AS_OF - DAYS(days=181))
    assert ids_by(audit_failure_rate(), signals=old + audits("doc-", 0, 8)) == set()


def test_an_audit_dated_after_the_analysis_day_does_not_count():
    later = audits("late-", 2, 0, on=AS_OF + DAYS(days=1))
    assert ids_by(audit_failure_rate(), signals=later + audits("doc-", 0, 8)) == set()


def test_audit_results_naming_only_a_person_count_for_that_persons_team():
    by_person = [
        Signal(f"q-{i}", TEST, AS_OF, "documentation", person=p, passed=i % 2 == 0)
        for i, p in enumerate(["anna", "bo"] * 5)
    ]
    assert ids_by(audit_failure_rate(), signals=by_person) == {"unit:north:documentation"}


def test_audits_are_counted_per_team():
    split = audits("n-", 2, 3, unit="north") + audits("s-", 0, 5, unit="south")
    assert ids_by(audit_failure_rate(), signals=split) == set()


def test_the_audit_rate_sample_size_and_window_can_be_set():
    rule = audit_failure_rate(rate=0.5, min_samples=4, within=DAYS(days=7))
    assert ids_by(rule, signals=audits("doc-", 2, 2, on=AS_OF - DAYS(days=7))) == {
        "unit:north:documentation"
    }


# -- expiring -----------------------------------------------------------------------------------


def test_a_cpr_certificate_expiring_within_sixty_days_is_a_need_due_on_its_expiry():
    """A valid certificate that lapses on or before ``as_of + 60 days``: renew it by then."""
    expiry = AS_OF + DAYS(days=20)
    certificate = Assessment("anna", "cpr", 1, expiry - YEAR, id="cpr-anna")
    need = found(expiring(), [certificate])["person:anna:cpr"]
    assert (need.due, need.current, need.required, need.gap) == (expiry, 1, 1, 0)


def test_an_expiring_need_cites_the_requirement_and_the_certificate():
    certificate = Assessment("anna", "cpr", 1, AS_OF + DAYS(days=20) - YEAR, id="cpr-anna")
    need = found(expiring(), [certificate])["person:anna:cpr"]
    assert [(r.rule, r.evidence) for r in need.reasons] == [
        ("expiring", ("nurse:cpr", "cpr-anna"))
    ]


def test_a_certificate_expiring_on_the_last_day_of_the_window_is_a_need():
    expiry = AS_OF + DAYS(days=60)
    certificate = Assessment("anna", "cpr", 1, expiry - YEAR)
    assert found(expiring(), [certificate])["person:anna:cpr"].due == expiry


def test_a_certificate_expiring_the_day_after_the_window_is_not_yet_a_need():
    certificate = Assessment("anna", "cpr", 1, AS_OF + DAYS(days=61) - YEAR)
    assert ids_by(expiring(), [certificate]) == set()


def test_a_certificate_expiring_tomorrow_is_a_need_due_tomorrow():
    certificate = Assessment("anna", "cpr", 1, AS_OF + DAYS(days=1) - YEAR)
    assert found(expiring(), [certificate])["person:anna:cpr"].due == AS_OF + DAYS(days=1)


def test_a_certificate_that_lapsed_today_is_not_expiring_but_gone():
    """On its expiry day the certificate is no longer valid: that is a gap, not an expiry."""
    certificate = Assessment("anna", "cpr", 1, AS_OF - YEAR)
    assert ids_by(expiring(), [certificate]) == set()


def test_a_competency_without_validity_never_expires():
    ancient = Assessment("anna", "medication", 3, D(2010, 1, 1))
    assert ids_by(expiring(), [ancient]) == set()


def test_an_expiring_certificate_in_a_competency_no_role_requires_is_no_need():
    """The manager's role does not require CPR: her certificate lapsing is not a need."""
    certificate = Assessment("eve", "cpr", 1, AS_OF + DAYS(days=20) - YEAR)
    assert ids_by(expiring(), [certificate]) == set()


def test_the_expiry_window_can_be_set():
    certificate = Assessment("anna", "cpr", 1, AS_OF + DAYS(days=20) - YEAR)
    assert ids_by(expiring(within=DAYS(days=19)), [certificate]) == set()


# -- stale assessment ---------------------------------------------------------------------------


def test_an_assessment_older_than_two_years_is_stale():
    """Strictly older than ``older_than`` (730 days): re-assess."""
    old = Assessment("anna", "medication", 3, AS_OF - DAYS(days=731), id="med-anna")
    need = found(stale_assessment(), [old])["person:anna:medication"]
    assert (need.current, need.required, need.gap, need.due) == (3, 3, 0, None)


def test_a_stale_assessment_need_cites_the_requirement_the_assessment_and_its_age():
    old = Assessment("anna", "medication", 3, AS_OF - DAYS(days=731), id="med-anna")
    reason = found(stale_assessment(), [old])["person:anna:medication"].reasons[0]
    assert (reason.rule, reason.evidence, reason.params["days"]) == (
        "stale-assessment",
        ("nurse:medication", "med-anna"),
        731,
    )


def test_an_assessment_exactly_two_years_old_is_not_stale():
    exactly = Assessment("anna", "medication", 3, AS_OF - DAYS(days=730))
    assert ids_by(stale_assessment(), [exactly]) == set()


def test_a_stale_assessment_below_the_level_keeps_its_gap():
    old = Assessment("anna", "medication", 1, AS_OF - DAYS(days=800))
    assert found(stale_assessment(), [old])["person:anna:medication"].gap == 2


def test_an_old_assessment_in_a_competency_no_role_requires_is_not_stale():
    old = Assessment("eve", "medication", 3, AS_OF - DAYS(days=800))
    assert ids_by(stale_assessment(), [old]) == set()


def test_the_stale_age_can_be_set():
    recent = Assessment("anna", "medication", 3, AS_OF - DAYS(days=31))
    rule = stale_assessment(older_than=DAYS(days=30))
    assert ids_by(rule, [recent]) == {"person:anna:medication"}


# -- the rules as values ------------------------------------------------------------------------


def test_the_default_rules_are_the_seven_built_in_rules_by_name():
    assert [r.name for r in DEFAULT_RULES] == [
        "requirement-gap",
        "future-requirement",
        "deviation-threshold",
        "audit-failure-rate",
        "expiring",
        "stale-assessment",
        "wish",
    ]


def test_every_built_in_rule_satisfies_the_rule_protocol():
    assert [isinstance(r, Rule) for r in DEFAULT_RULES] == [True] * 7


def test_rules_with_the_same_settings_are_equal_and_hashable():
    assert {deviation_threshold(3), deviation_threshold(3)} == {deviation_threshold()}


@pytest.mark.parametrize(
    ("make", "field"),
    [
        (lambda: future_requirement(horizon=DAYS(days=-1)), "horizon"),
        (lambda: deviation_threshold(within=DAYS(days=-1)), "within"),
        (lambda: expiring(within=30), "within"),
        (lambda: stale_assessment(older_than=DAYS(days=-1)), "older_than"),
        (lambda: audit_failure_rate(within=DAYS(days=-1)), "within"),
    ],
)
def test_a_window_must_be_a_duration_of_zero_or_more(make, field):
    with pytest.raises(ValidationError) as err:
        make()
    assert err.value.path == field


@pytest.mark.parametrize("count", [0, -1, 2.5])
def test_a_deviation_threshold_is_a_whole_number_of_one_or_more(count):
    with pytest.raises(ValidationError):
        deviation_threshold(count=count)


@pytest.mark.parametrize("rate", [0.0, -0.1, 1.5])
def test_an_audit_failure_rate_is_a_share_above_zero_and_at_most_one(rate):
    with pytest.raises(ValidationError):
        audit_failure_rate(rate=rate)


@pytest.mark.parametrize("min_samples", [0, 2.0])
def test_an_audit_sample_size_is_a_whole_number_of_one_or_more(min_samples):
    with pytest.raises(ValidationError):
        audit_failure_rate(min_samples=min_samples)


# -- what a rule sees ---------------------------------------------------------------------------


def context(assessments=(), signals=(), *, as_of=AS_OF):
    return Context(ORG, assessments, signals, as_of=as_of)


def test_a_rule_sees_a_persons_current_level_from_the_latest_valid_assessment():
    earlier = Assessment("anna", "medication", 3, D(2025, 1, 10))
    later = Assessment("anna", "medication", 2, D(2025, 9, 10))
    assert context([later, earlier]).level("anna", "medication") == 2


def test_a_rule_sees_no_level_where_nothing_valid_is_known():
    lapsed = Assessment("anna", "cpr", 1, AS_OF - YEAR)
    assert (context([lapsed]).level("anna", "cpr"), context().level("bo", "cpr")) == (None, None)


def test_a_rule_sees_every_assessment_of_a_person_oldest_first():
    later = Assessment("anna", "medication", 2, D(2025, 9, 10))
    lapsed = Assessment("anna", "cpr", 1, AS_OF - YEAR)
    other = Assessment("bo", "cpr", 1, AS_OF)
    assert context([later, other, lapsed]).assessments_of("anna") == (lapsed, later)


def test_a_rule_sees_a_units_signals_with_those_naming_only_one_of_its_people():
    own = signal("dev-1", DEVIATION, AS_OF, unit="north")
    anna = signal("dev-2", DEVIATION, AS_OF, person="anna")
    south = signal("dev-3", DEVIATION, AS_OF, unit="south")
    assert context(signals=[own, anna, south]).signals_of("north") == (own, anna)


def test_a_rule_sees_the_day_of_the_analysis_and_the_input_as_given():
    assessed = (Assessment("anna", "medication", 2, D(2025, 9, 10)),)
    sigs = (signal("dev-1", DEVIATION, AS_OF, unit="north"),)
    seen = context(assessed, sigs)
    assert (seen.org, seen.assessments, seen.signals, seen.as_of, seen.goals) == (
        ORG,
        assessed,
        sigs,
        AS_OF,
        None,
    )
