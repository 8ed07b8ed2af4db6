"""Scales, competencies, frameworks, requirements, roles, assessments and the current level."""

from __future__ import annotations

import datetime as dt
import math
import pickle

import pytest
from hypothesis import given
from hypothesis import strategies as st

from larande import (
    DEFAULT_SCALE,
    Assessment,
    Competency,
    CycleError,
    DuplicateIdError,
    Framework,
    LevelPolicy,
    Requirement,
    Role,
    Scale,
    UnknownIdError,
    ValidationError,
    current_level,
)
from larande.testing import frameworks

YEAR = dt.timedelta(days=365)
CERTIFICATE = Scale("certificate", ["not certified", "certified"])


def care_framework() -> Framework:
    """care > medication > insulin; first-aid > cpr (a certificate valid a year)."""
    return Framework(
        [
            Competency("care", "Care"),
            Competency("medication", "Medication handling", parent="care"),
            Competency("insulin", "Insulin", parent="medication"),
            Competency("hygiene", "Hygiene", parent="care"),
            Competency("first-aid", "First aid"),
            Competency("cpr", "CPR (HLR)", parent="first-aid", scale="certificate", validity=YEAR),
        ],
        scales=[DEFAULT_SCALE, CERTIFICATE],
    )


def level_of(history, *, as_of, competency="medication", person="anna", **kw):
    return current_level(
        history, person, competency, as_of=as_of, framework=care_framework(), **kw
    )


# -- Scale ----------------------------------------------------------------------------------


def test_a_level_is_the_index_of_its_label():
    """Levels are ints: 0 is the first label."""
    assert (CERTIFICATE.label(0), CERTIFICATE.label(1)) == ("not certified", "certified")


def test_the_top_of_a_scale_is_its_last_index():
    """The default scale runs 0 (none) to 4 (expert)."""
    assert (DEFAULT_SCALE.top, DEFAULT_SCALE.label(DEFAULT_SCALE.top)) == (4, "expert")


def test_a_level_above_the_top_has_no_label():
    """Asking for a level outside the scale is a ValidationError, not an IndexError."""
    with pytest.raises(ValidationError, match=r"level 2 is outside scale 'certificate' \(0..1\)"):
        CERTIFICATE.label(2)


def test_a_negative_level_has_no_label():
    """-1 is not the top level, as a Python index would make it."""
    with pytest.raises(ValidationError, match="outside scale"):
        DEFAULT_SCALE.label(-1)


def test_a_scale_contains_exactly_its_levels():
    """``in`` tells whether a value is a level of the scale; a bool or a float is not."""
    assert [x in CERTIFICATE for x in (-1, 0, 1, 2, True, 1.0)] == [
        False,
        True,
        True,
        False,
        False,
        False,
    ]


def test_a_scale_needs_at_least_two_levels():
    """A one-level scale cannot tell anyone apart."""
    with pytest.raises(ValidationError, match="at least two level labels") as err:
        Scale("flat", ["only"])
    assert err.value.path == "levels"


def test_a_scale_refuses_a_repeated_label():
    """Two levels with one label could not be told apart."""
    with pytest.raises(DuplicateIdError, match="'yes'") as err:
        Scale("s", ["no", "yes", "yes"])
    assert err.value.path == "levels[2]"


def test_a_scale_refuses_a_string_of_letters_as_its_levels():
    """``"abc"`` is not three labels."""
    with pytest.raises(ValidationError, match="a sequence") as err:
        Scale("s", "abc")
    assert err.value.path == "levels"


def test_a_scale_stores_its_labels_as_a_tuple():
    """Callers may pass a list; the record keeps a tuple, so it stays hashable."""
    assert Scale("s", ["no", "yes"]).levels == ("no", "yes")


# -- Competency -----------------------------------------------------------------------------


def test_a_competency_defaults_to_the_default_scale_without_expiry():
    """A plain competency is measured 0..4 and never expires."""
    c = Competency("hygiene", "Hygiene")
    assert (c.scale, c.validity, c.parent, c.uri) == ("default", None, None, None)


def test_a_competency_refuses_a_validity_of_zero():
    """An assessment that is never valid makes no sense."""
    with pytest.raises(ValidationError, match=r"positive datetime\.timedelta") as err:
        Competency("cpr", "CPR", validity=dt.timedelta(0))
    assert err.value.path == "validity"


def test_a_competency_refuses_a_validity_in_days_as_an_int():
    """Durations are timedeltas; 365 is ambiguous."""
    with pytest.raises(ValidationError, match="validity"):
        Competency("cpr", "CPR", validity=365)


def test_a_competency_keeps_an_external_uri():
    """A CASE item's identifier survives so the framework can be written back."""
    uri = "https://case.example.org/items/42"
    assert uri == Competency("cpr", "CPR", uri=uri).uri


def test_competencies_are_equal_and_hash_alike_by_value():
    """Records are frozen values."""
    a, b = Competency("cpr", "CPR", validity=YEAR), Competency("cpr", "CPR", validity=YEAR)
    assert (a, hash(a)) == (b, hash(b))


def test_a_competency_cannot_be_changed():
    """Frozen: assignment is refused."""
    c = Competency("cpr", "CPR")
    with pytest.raises(AttributeError):
        c.name = "HLR"  # type: ignore[misc]


# -- Framework ------------------------------------------------------------------------------


def test_children_are_the_competencies_directly_under_one():
    """Children are ids, in framework order, one level down only."""
    assert care_framework().children("care") == ("medication", "hygiene")


def test_a_leaf_competency_has_no_children():
    """A competency without anything under it has an empty tuple of children."""
    assert care_framework().children("insulin") == ()


def test_ancestors_run_from_the_nearest_up_to_the_root():
    """Ancestors are ids, nearest first."""
    assert care_framework().ancestors("insulin") == ("medication", "care")


def test_a_root_competency_has_no_ancestors():
    """A competency without a parent is at the top."""
    assert care_framework().ancestors("care") == ()


def test_roots_are_the_competencies_without_a_parent():
    """Roots are listed in framework order."""
    assert care_framework().roots() == ("care", "first-aid")


def test_a_framework_iterates_over_competency_ids():
    """Iteration yields ids, not objects."""
    assert list(care_framework()) == [
        "care",
        "medication",
        "insulin",
        "hygiene",
        "first-aid",
        "cpr",
    ]


def test_a_framework_knows_which_competencies_it_holds():
    """``in`` and ``len`` answer by competency id."""
    fw = care_framework()
    assert ("cpr" in fw, "driving" in fw, len(fw)) == (True, False, 6)


def test_the_scale_of_a_competency_is_looked_up_through_the_framework():
    """A certificate competency is measured on the certificate scale."""
    assert care_framework().scale_of("cpr") == CERTIFICATE


def test_looking_up_an_unknown_competency_is_an_unknown_id_error():
    """Asking for a competency that is not there names it."""
    with pytest.raises(UnknownIdError, match="unknown competency 'driving'"):
        care_framework().competency("driving")


@pytest.mark.parametrize("lookup", ["children", "ancestors", "scale_of"])
def test_hierarchy_questions_about_an_unknown_competency_are_unknown_id_errors(lookup):
    """children, ancestors and scale_of refuse an unknown id the same way."""
    with pytest.raises(UnknownIdError, match="'driving'"):
        getattr(care_framework(), lookup)("driving")


def test_looking_up_an_unhashable_id_is_an_unknown_id_error():
    """A list where an id belongs is still a clear error, not a TypeError."""
    with pytest.raises(UnknownIdError):
        care_framework().competency(["cpr"])  # type: ignore[arg-type]


def test_looking_up_an_unknown_scale_is_an_unknown_id_error():
    """Scales are looked up by id too."""
    with pytest.raises(UnknownIdError, match="unknown scale 'grades'"):
        care_framework().scale("grades")


def test_a_framework_refuses_a_competency_under_an_unknown_parent():
    """The parent must be in the same framework; the error says where and who."""
    with pytest.raises(UnknownIdError, match="competency 'cpr' refers to an unknown") as err:
        Framework([Competency("cpr", "CPR", parent="first-aid")])
    assert (err.value.path, err.value.id) == ("competencies[0].parent", "first-aid")


def test_a_framework_refuses_a_competency_on_an_unknown_scale():
    """A competency measured on a scale the framework lacks cannot be assessed."""
    with pytest.raises(UnknownIdError, match="unknown scale 'certificate'") as err:
        Framework([Competency("care", "Care"), Competency("cpr", "CPR", scale="certificate")])
    assert err.value.path == "competencies[1].scale"


def test_a_framework_refuses_two_competencies_with_one_id():
    """Competency ids are unique within a framework."""
    with pytest.raises(DuplicateIdError, match="duplicate competency id 'care'") as err:
        Framework([Competency("care", "Care"), Competency("care", "Nursing")])
    assert err.value.path == "competencies[1].id"


def test_a_framework_refuses_two_scales_with_one_id():
    """Scale ids are unique too."""
    with pytest.raises(DuplicateIdError, match="duplicate scale id 'default'"):
        Framework([Competency("care", "Care")], scales=[DEFAULT_SCALE, DEFAULT_SCALE])


def test_a_framework_refuses_a_loop_of_parents_and_names_it():
    """A competency cannot be its own ancestor; CycleError lists the loop, parent by parent."""
    with pytest.raises(CycleError, match="competency cycle: a -> c -> b -> a") as err:
        Framework(
            [
                Competency("a", "A", parent="c"),
                Competency("b", "B", parent="a"),
                Competency("c", "C", parent="b"),
            ]
        )
    assert err.value.cycle == ("a", "c", "b", "a")


def test_a_framework_refuses_a_competency_that_is_its_own_parent():
    """The shortest loop is a competency under itself."""
    with pytest.raises(CycleError) as err:
        Framework([Competency("care", "Care", parent="care")])
    assert err.value.cycle == ("care", "care")


def test_a_cycle_is_also_a_validation_error():
    """Callers catching ValidationError catch a cycle too."""
    with pytest.raises(ValidationError):
        Framework([Competency("a", "A", parent="b"), Competency("b", "B", parent="a")])


def test_a_loop_below_a_sound_root_is_still_found():
    """A cycle hanging off nothing is found even when other competencies are fine."""
    with pytest.raises(CycleError) as err:
        Framework(
            [
                Competency("care", "Care"),
                Competency("x", "X", parent="y"),
                Competency("y", "Y", parent="x"),
            ]
        )
    assert {"x", "y"} == set(err.value.cycle)


def test_a_framework_refuses_something_that_is_not_a_competency():
    """Each member is checked; the error gives its index."""
    with pytest.raises(ValidationError, match="a Competency") as err:
        Framework([Competency("care", "Care"), "hygiene"])
    assert err.value.path == "competencies[1]"


def test_the_default_scales_are_the_default_scale_alone():
    """Without scales, competencies are measured on the 0..4 scale."""
    assert Framework([Competency("care", "Care")]).scales == (DEFAULT_SCALE,)


def test_frameworks_with_the_same_content_are_equal_and_hash_alike():
    """A framework is a value: equal content, equal framework, equal hash."""
    assert (care_framework(), hash(care_framework())) == (
        care_framework(),
        hash(care_framework()),
    )


def test_the_framework_repr_is_short():
    """A notebook shows counts and scale ids, not every competency."""
    assert repr(care_framework()) == "Framework(competencies=6, scales=('default', 'certificate'))"


def test_a_framework_survives_pickling():
    """A framework can cross a process boundary and still answer look-ups."""
    restored = pickle.loads(pickle.dumps(care_framework()))
    assert (care_framework(), ("medication", "care")) == (
        restored,
        restored.ancestors("insulin"),
    )


@given(frameworks(max_size=8))
def test_ancestors_never_repeat_and_never_include_the_competency(fw):
    """Following parents upwards visits each competency at most once, then stops."""
    for cid in fw:
        ups = fw.ancestors(cid)
        assert len(ups) == len(set(ups))
        assert cid not in ups


@given(frameworks(max_size=8))
def test_children_and_parents_agree(fw):
    """Each child names the competency as its parent; every competency is a root or a child."""
    for cid in fw:
        for child in fw.children(cid):
            assert cid == fw.competency(child).parent
    assert len(fw) == len(fw.roots()) + sum(len(fw.children(c)) for c in fw)


# -- Requirement ----------------------------------------------------------------------------


def test_a_requirement_is_cited_as_role_and_competency():
    """Needs cite a requirement by ``"{role}:{competency}"``."""
    assert Requirement("cpr", 1).evidence_id("nurse") == "nurse:cpr"


def test_a_requirement_weighs_one_and_is_in_effect_now_by_default():
    """Without a weight or a date it counts once, from today."""
    r = Requirement("cpr", 1)
    assert (r.weight, r.effective) == (1.0, None)


def test_an_int_weight_is_accepted_as_a_float():
    """JSON does not tell 2 from 2.0, so an int weight is converted."""
    weight = Requirement("cpr", 1, weight=2).weight
    assert (2.0, float) == (weight, type(weight))


@pytest.mark.parametrize("weight", [0, 0.0, -1.0, math.nan, math.inf, -math.inf])
def test_a_weight_must_be_finite_and_above_zero(weight):
    """A requirement that weighs nothing, less, or infinitely much is refused."""
    with pytest.raises(ValidationError, match="a finite number above zero") as err:
        Requirement("cpr", 1, weight=weight)
    assert err.value.path == "weight"


def test_a_bool_is_not_a_weight():
    """``True`` is an int to Python but not a weight to larande."""
    with pytest.raises(ValidationError, match="weight"):
        Requirement("cpr", 1, weight=True)


def test_a_future_requirement_carries_the_day_it_takes_effect():
    """A role can need something from a future day (a rollout in April)."""
    assert dt.date(2026, 4, 1) == Requirement("cpr", 1, effective=dt.date(2026, 4, 1)).effective


# -- Role -----------------------------------------------------------------------------------


def test_a_role_finds_its_requirement_on_a_competency():
    """``requirement(c)`` gives the requirement on c."""
    nurse = Role("nurse", "Nurse", [Requirement("cpr", 1), Requirement("medication", 3)])
    assert Requirement("medication", 3) == nurse.requirement("medication")


def test_a_role_that_does_not_require_a_competency_gives_none():
    """Not required is None, not an error: most roles require few competencies."""
    assert Role("nurse", "Nurse", [Requirement("cpr", 1)]).requirement("ci-cd") is None


def test_a_role_requires_each_competency_at_most_once():
    """Two requirements on one competency would contradict each other."""
    with pytest.raises(DuplicateIdError, match="'cpr'") as err:
        Role("nurse", "Nurse", [Requirement("cpr", 1), Requirement("cpr", 2)])
    assert err.value.path == "requirements[1]"


def test_a_role_stores_its_requirements_as_a_tuple():
    """A list given is kept as a tuple, so the role stays hashable."""
    nurse = Role("nurse", "Nurse", [Requirement("cpr", 1)])
    assert ((Requirement("cpr", 1),), True) == (nurse.requirements, hash(nurse) == hash(nurse))


def test_a_role_may_require_nothing():
    """A role without requirements is allowed (a trainee, say)."""
    assert Role("trainee", "Trainee").requirements == ()


# -- Assessment -----------------------------------------------------------------------------


def test_an_assessment_without_an_id_is_cited_by_person_competency_and_iso_date():
    """The evidence id is ``"{person}:{competency}:{on}"`` with an ISO date."""
    assert Assessment("anna", "cpr", 1, dt.date(2026, 1, 5)).evidence_id == "anna:cpr:2026-01-05"


def test_an_assessment_with_an_id_is_cited_by_that_id():
    """The host's own id wins, so the host can find its record again."""
    a = Assessment("anna", "cpr", 1, dt.date(2026, 1, 5), id="lms-4711")
    assert a.evidence_id == "lms-4711"


def test_an_assessment_is_by_a_manager_unless_said_otherwise():
    """The default source is the manager."""
    assert Assessment("anna", "cpr", 1, dt.date(2026, 1, 5)).source == "manager"


def test_an_assessment_date_cannot_be_a_datetime():
    """A datetime's time and zone would be silently lost; it is refused, naming the field."""
    with pytest.raises(ValidationError, match=r"a datetime\.date") as err:
        Assessment("anna", "cpr", 1, dt.datetime(2026, 1, 5, 9, 30))
    assert err.value.path == "on"


# -- current_level --------------------------------------------------------------------------

JAN = dt.date(2026, 1, 12)


def test_the_latest_assessment_gives_the_current_level():
    """By default the most recent assessment counts, even if it is lower."""
    history = [
        Assessment("anna", "medication", 3, dt.date(2024, 3, 1)),
        Assessment("anna", "medication", 2, dt.date(2025, 6, 1)),
    ]
    assert level_of(history, as_of=JAN) == 2


def test_the_highest_policy_takes_the_best_valid_level():
    """With ``highest`` the best valid assessment counts, whatever its date."""
    history = [
        Assessment("anna", "medication", 3, dt.date(2024, 3, 1)),
        Assessment("anna", "medication", 2, dt.date(2025, 6, 1)),
    ]
    assert level_of(history, as_of=JAN, policy="highest") == 3


def test_the_policy_may_be_given_as_the_enum_member():
    """``LevelPolicy.HIGHEST`` and ``"highest"`` are the same policy."""
    history = [
        Assessment("anna", "medication", 3, dt.date(2024, 3, 1)),
        Assessment("anna", "medication", 2, dt.date(2025, 6, 1)),
    ]
    assert level_of(history, as_of=JAN, policy=LevelPolicy.HIGHEST) == 3


def test_two_assessments_on_the_same_day_resolve_to_the_higher_level():
    """A tie on the latest day goes to the higher level, whatever the input order."""
    day = dt.date(2025, 6, 1)
    history = [
        Assessment("anna", "medication", 3, day, source="test"),
        Assessment("anna", "medication", 1, day, source="self"),
    ]
    assert (level_of(history, as_of=JAN), level_of(history[::-1], as_of=JAN)) == (3, 3)


def test_an_assessment_after_as_of_does_not_count():
    """The future is not known yet: a later assessment is ignored."""
    history = [
        Assessment("anna", "medication", 1, dt.date(2025, 6, 1)),
        Assessment("anna", "medication", 4, dt.date(2026, 2, 1)),
    ]
    assert level_of(history, as_of=JAN) == 1


def test_an_assessment_made_on_as_of_counts():
    """An assessment made today is known today."""
    assert level_of([Assessment("anna", "medication", 2, JAN)], as_of=JAN) == 2


def test_a_cpr_certificate_counts_the_day_before_it_expires():
    """An assessment on d with validity v is valid while as_of < d + v."""
    history = [Assessment("anna", "cpr", 1, dt.date(2025, 1, 12))]
    assert level_of(history, competency="cpr", as_of=dt.date(2026, 1, 11)) == 1


def test_an_expired_cpr_certificate_does_not_count():
    """On d + validity the certificate has lapsed: nothing valid is known."""
    history = [Assessment("anna", "cpr", 1, dt.date(2025, 1, 12))]
    assert level_of(history, competency="cpr", as_of=dt.date(2026, 1, 12)) is None


def test_an_expired_certificate_does_not_count_even_under_the_highest_policy():
    """Expiry applies whatever the policy."""
    history = [Assessment("anna", "cpr", 1, dt.date(2024, 6, 1))]
    assert level_of(history, competency="cpr", as_of=JAN, policy="highest") is None


def test_a_renewed_certificate_counts_after_the_old_one_lapsed():
    """The latest valid assessment wins; the expired one is ignored."""
    history = [
        Assessment("anna", "cpr", 1, dt.date(2024, 1, 10)),
        Assessment("anna", "cpr", 0, dt.date(2025, 11, 1)),
    ]
    assert level_of(history, competency="cpr", as_of=JAN, policy="highest") == 0


def test_an_old_assessment_of_a_competency_without_validity_still_counts():
    """Only competencies with a validity expire."""
    history = [Assessment("anna", "medication", 3, dt.date(2015, 1, 1))]
    assert level_of(history, as_of=JAN) == 3


def test_no_assessment_gives_none():
    """Nothing known is None, not level 0."""
    assert level_of([], as_of=JAN) is None


def test_other_peoples_and_other_competencies_assessments_do_not_count():
    """Only the person's assessments in the competency are considered."""
    history = [
        Assessment("bo", "medication", 4, dt.date(2025, 6, 1)),
        Assessment("anna", "hygiene", 4, dt.date(2025, 6, 1)),
    ]
    assert level_of(history, as_of=JAN) is None


def test_assessments_may_be_given_as_any_iterable():
    """A generator works as well as a list."""
    history = (Assessment("anna", "medication", n, dt.date(2025, n, 1)) for n in (1, 2))
    assert level_of(history, as_of=JAN) == 2


def test_a_child_competencys_assessment_does_not_count_for_its_parent():
    """Assessed in insulin says nothing of medication as a whole."""
    assert level_of([Assessment("anna", "insulin", 4, dt.date(2025, 6, 1))], as_of=JAN) is None


def test_the_current_level_of_an_unknown_competency_is_an_unknown_id_error():
    """A typo in the competency is reported, not answered with None."""
    with pytest.raises(UnknownIdError, match="unknown competency 'medicaton'"):
        level_of([], competency="medicaton", as_of=JAN)


@pytest.mark.parametrize("policy", ["newest", "HIGHEST", None, 3])
def test_an_unknown_policy_is_a_validation_error(policy):
    """Only ``latest`` and ``highest`` exist; the error lists them."""
    with pytest.raises(ValidationError, match="'latest', 'highest'") as err:
        level_of([], as_of=JAN, policy=policy)
    assert err.value.path == "policy"


def test_as_of_must_be_a_date():
    """A datetime as_of is refused like any other date field."""
    with pytest.raises(ValidationError, match=r"datetime\.date") as err:
        level_of([], as_of=dt.datetime(2026, 1, 12, 8, 0))
    assert err.value.path == "as_of"


def test_something_other_than_an_assessment_is_a_validation_error():
    """A stray value among the assessments is named with its index, not an AttributeError."""
    history = [Assessment("anna", "medication", 2, dt.date(2025, 6, 1)), ("anna", 3)]
    with pytest.raises(ValidationError, match="an Assessment") as err:
        level_of(history, as_of=JAN)
    assert err.value.path == "assessments[1]"


def test_a_bad_policy_names_its_field_once():
    """The path prefix comes from ``str(err)``; the message itself does not repeat it."""
    with pytest.raises(ValidationError) as err:
        level_of([], as_of=JAN, policy="newest")
    assert str(err.value) == "policy: expected one of ['latest', 'highest'], got 'newest'"


def test_a_bad_as_of_names_its_field_once():
    """The path prefix comes from ``str(err)``; the message itself does not repeat it."""
    with pytest.raises(ValidationError) as err:
        level_of([], as_of="2026-01-12")
    assert str(err.value) == "as_of: expected a datetime.date, got '2026-01-12'"


def test_a_framework_that_is_not_a_framework_is_a_validation_error():
    """Bad input never surfaces as a bare AttributeError (DESIGN §6)."""
    with pytest.raises(ValidationError, match="Framework") as err:
        current_level([], "anna", "cpr", as_of=JAN, framework=None)  # type: ignore[arg-type]
    assert err.value.path == "framework"


def test_assessments_that_are_not_iterable_are_a_validation_error():
    """Bad input never surfaces as a bare TypeError (DESIGN §6)."""
    with pytest.raises(ValidationError) as err:
        level_of(None, as_of=JAN)
    assert err.value.path == "assessments"


@given(
    st.lists(
        st.builds(
            Assessment,
            person=st.just("anna"),
            competency=st.just("cpr"),
            level=st.integers(0, 1),
            on=st.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 31)),
        ),
        max_size=8,
    ),
    st.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 31)),
)
def test_the_current_level_comes_from_a_valid_assessment(history, as_of):
    """Whatever the history, the answer is None or the level of a valid assessment."""
    valid = [a for a in history if a.on <= as_of < a.on + YEAR]
    latest = level_of(history, competency="cpr", as_of=as_of)
    highest = level_of(history, competency="cpr", as_of=as_of, policy="highest")
    if not valid:
        assert (latest, highest) == (None, None)
    else:
        newest = max(a.on for a in valid)
        assert max(a.level for a in valid if a.on == newest) == latest
        assert max(a.level for a in valid) == highest
