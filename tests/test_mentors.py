"""Mentors and ambassadors: spreading what colleagues know.

``match_mentors`` pairs a person with a gap with a colleague whose current level (latest
valid assessment) is at least the level required: never themselves, never more than
``max_mentees`` mentees per mentor in all, within the unit first, then within the parent
unit; larger gaps first when mentors are scarce. ``ambassadors`` names, per unit, the
people holding its most needed competencies.
"""

from __future__ import annotations

import datetime as dt
import functools

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from larande import (
    DEFAULT_SCALE,
    Ambassador,
    Assessment,
    Competency,
    Framework,
    Need,
    Organization,
    Person,
    Reason,
    Scale,
    Unit,
    UnknownIdError,
    ValidationError,
    ambassadors,
    analyze,
    match_mentors,
)
from larande.datasets import load_demo

D = dt.date
AS_OF = D(2026, 1, 12)
YEAR = dt.timedelta(days=365)
REASON = Reason("requirement-gap", ["evidence-1"], "made up for the test")
_SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Home care with teams North and South; Dora and Eva work in Home care itself. IT is apart.
FRAMEWORK = Framework(
    [
        Competency("medication", "Medication handling"),
        Competency("documentation", "Care documentation"),
        Competency("hygiene", "Basic hygiene"),
        Competency("dementia-care", "Dementia care"),
        Competency("cpr", "CPR (HLR)", scale="certificate", validity=YEAR),
    ],
    scales=(DEFAULT_SCALE, Scale("certificate", ("not certified", "certified"))),
)
UNITS = [
    Unit("care", "Home care"),
    Unit("north", "Team North", parent="care"),
    Unit("south", "Team South", parent="care"),
    Unit("it", "IT"),
]
PEOPLE = {
    "anna": "north",
    "bo": "north",
    "cia": "north",
    "finn": "north",
    "dan": "south",
    "dora": "care",
    "eva": "care",
    "ivar": "it",
}
ORG = Organization(
    UNITS, [Person(p, p.title(), unit) for p, unit in PEOPLE.items()], [], FRAMEWORK
)


ASSESSED_ON = D(2025, 6, 1)


def assess(person, competency, level, on=ASSESSED_ON):
    return Assessment(person, competency, level, on)


def gap(person, competency, required, current=None, *, priority=1.0):
    """A person need of ``required`` with ``current`` (None counts as 0)."""
    return Need(
        person,
        "person",
        competency,
        current,
        required,
        max(0, required - (current or 0)),
        priority,
        [REASON],
    )


def pairs(needs, assessments, *, max_mentees=2, org=ORG):
    """(mentor, mentee, competency) of each pairing."""
    found = match_mentors(org, assessments, needs, as_of=AS_OF, max_mentees=max_mentees)
    return [(p.mentor, p.mentee, p.competency) for p in found]


# -- who may mentor whom ----------------------------------------------------------------


def test_a_mentee_is_paired_with_a_colleague_holding_the_required_level():
    """Anna needs medication 3; Bo, in her team, holds 3."""
    assert pairs([gap("anna", "medication", 3, 1)], [assess("bo", "medication", 3)]) == [
        ("bo", "anna", "medication")
    ]


def test_a_colleague_below_the_required_level_is_no_mentor():
    """Bo holds medication 2, Anna needs 3: no pairing."""
    assert pairs([gap("anna", "medication", 3, 1)], [assess("bo", "medication", 2)]) == []


@pytest.mark.parametrize(
    ("certified_on", "paired"),
    [(D(2025, 3, 1), True), (D(2025, 1, 12), False), (D(2024, 6, 1), False)],
    ids=["valid", "expired-today", "expired-long-ago"],
)
def test_an_expired_certificate_does_not_make_a_mentor(certified_on, paired):
    """A CPR certificate is valid for a year: valid while as_of < day + validity."""
    found = pairs([gap("anna", "cpr", 1)], [assess("bo", "cpr", 1, certified_on)])
    assert found == ([("bo", "anna", "cpr")] if paired else [])


def test_an_assessment_after_as_of_does_not_count():
    """Bo's level 4 is from next month: as of today he is not known to hold it."""
    assessed = [assess("bo", "medication", 4, D(2026, 2, 1))]
    assert pairs([gap("anna", "medication", 3, 1)], assessed) == []


def test_the_latest_assessment_gives_the_current_level_not_the_highest():
    """Bo was at 4 in 2024 and at 2 in 2025: he holds 2 now."""
    assessed = [assess("bo", "medication", 4, D(2024, 3, 1)), assess("bo", "medication", 2)]
    assert pairs([gap("anna", "medication", 3, 1)], assessed) == []


def test_nobody_is_paired_with_themselves():
    """Anna's need says level 1 but an assessment says 3: she is still not her own mentor."""
    assert pairs([gap("anna", "medication", 3, 1)], [assess("anna", "medication", 3)]) == []


def test_only_person_needs_with_a_gap_get_mentors():
    """A unit need, or a person need without a gap, is not a mentee's need."""
    team = Need("north", "unit", "medication", None, 3, 0, 1.0, [REASON])
    renewal = gap("anna", "medication", 3, 3)
    assert pairs([team, renewal], [assess("bo", "medication", 4)]) == []


# -- where mentors are found ------------------------------------------------------------


def test_mentors_are_found_within_the_unit_first():
    """Bo in Team North holds the level: he is chosen over Dora in Home care, who holds more."""
    assessed = [assess("bo", "medication", 3), assess("dora", "medication", 4)]
    found = match_mentors(ORG, assessed, [gap("anna", "medication", 3, 1)], as_of=AS_OF)
    assert [(p.mentor, p.reason.endswith("same unit")) for p in found] == [("bo", True)]


def test_those_left_are_paired_within_the_parent_unit():
    """Nobody in Team North holds it; Dora in Home care does."""
    assessed = [assess("bo", "medication", 2), assess("dora", "medication", 4)]
    found = match_mentors(ORG, assessed, [gap("anna", "medication", 3, 1)], as_of=AS_OF)
    assert [(p.mentor, p.reason.endswith("parent unit")) for p in found] == [("dora", True)]


def test_no_mentor_is_sought_outside_the_unit_and_its_parent():
    """Ivar in IT holds medication 4, but IT is not Team North's unit nor its parent."""
    assert pairs([gap("anna", "medication", 3, 1)], [assess("ivar", "medication", 4)]) == []


def test_a_pairing_explains_itself():
    """The reason names the mentor, the level held, the level needed and the mentee."""
    (pairing,) = match_mentors(
        ORG, [assess("bo", "medication", 4)], [gap("anna", "medication", 3, 1)], as_of=AS_OF
    )
    assert all(part in pairing.reason for part in ("bo", "level 4", "3", "anna", "gap 2"))


# -- how many, and who first ------------------------------------------------------------


@pytest.mark.parametrize("max_mentees", [1, 2, 3])
def test_no_mentor_takes_more_than_max_mentees(max_mentees):
    """Bo alone holds the level; four colleagues need it: he takes max_mentees of them."""
    needs = [gap(p, "medication", 3, 1) for p in ("anna", "cia", "finn", "dan")]
    found = pairs(needs, [assess("bo", "medication", 3)], max_mentees=max_mentees)
    assert [m for m, _, _ in found] == ["bo"] * max_mentees


def test_max_mentees_holds_across_the_unit_and_the_parent_round():
    """Dora mentors Eva in Home care first; then she has no room left for Anna from North."""
    assessed = [assess("dora", "medication", 4)]
    needs = [gap("anna", "medication", 3, 1), gap("eva", "medication", 3, 1)]
    assert pairs(needs, assessed, max_mentees=1) == [("dora", "eva", "medication")]


def test_max_mentees_counts_every_competency():
    """Bo can take one pairing: Anna's medication or Cia's hygiene, not both."""
    assessed = [assess("bo", "medication", 3), assess("bo", "hygiene", 3)]
    needs = [gap("anna", "medication", 3, 1), gap("cia", "hygiene", 3, 1)]
    assert len(pairs(needs, assessed, max_mentees=1)) == 1


def test_larger_gaps_are_served_first_when_mentors_are_scarce():
    """Anna lacks one level, Cia two; Bo has room for one: Cia."""
    needs = [gap("anna", "medication", 3, 2), gap("cia", "medication", 3, 1)]
    found = pairs(needs, [assess("bo", "medication", 3)], max_mentees=1)
    assert found == [("bo", "cia", "medication")]


def test_on_equal_gaps_higher_priority_is_served_first():
    needs = [
        gap("anna", "medication", 3, 1, priority=2.0),
        gap("cia", "medication", 3, 1, priority=9.0),
    ]
    found = pairs(needs, [assess("bo", "medication", 3)], max_mentees=1)
    assert found == [("bo", "cia", "medication")]


def test_a_scarce_mentor_goes_where_only_they_can_help():
    """Bo and Cia both help with hygiene; only Bo with dementia care; Bo takes one pairing.

    The heaviest matching pairs both mentees: Bo with dementia care, Cia with hygiene.
    """
    assessed = [
        assess("bo", "hygiene", 3),
        assess("bo", "dementia-care", 3),
        assess("cia", "hygiene", 3),
    ]
    needs = [gap("anna", "hygiene", 3, 1), gap("anna", "dementia-care", 3, 1)]
    found = sorted(pairs(needs, assessed, max_mentees=1))
    assert found == [("bo", "anna", "dementia-care"), ("cia", "anna", "hygiene")]


# -- on the demo ------------------------------------------------------------------------


@functools.cache
def demo():
    return load_demo()


@functools.cache
def demo_report():
    ds = demo()
    return analyze(ds.org, ds.assessments, ds.signals, as_of=ds.as_of, goals=ds.goals)


@functools.cache
def demo_pairs():
    ds = demo()
    return match_mentors(ds.org, ds.assessments, demo_report(), as_of=ds.as_of)


def current_level(assessments, person, competency, as_of, framework):
    """The latest valid assessment's level (ties: the higher), worked out here."""
    validity = framework.competency(competency).validity
    valid = [
        a
        for a in assessments
        if a.person == person
        and a.competency == competency
        and a.on <= as_of
        and (validity is None or as_of < a.on + validity)
    ]
    return max(((a.on, a.level) for a in valid), default=(None, None))[1]


def test_the_demo_pairs_xin_with_a_platform_colleague_for_ci_cd():
    """Xin lacks a level in CI/CD (needs 3): a platform-team colleague at 3 or more."""
    ds = demo()
    (mentor,) = [p.mentor for p in demo_pairs() if (p.mentee, p.competency) == ("xin.li", "ci-cd")]
    level = current_level(ds.assessments, mentor, "ci-cd", ds.as_of, ds.org.framework)
    assert (ds.org.person(mentor).unit, level >= 3) == ("it-platform", True)


def test_no_demo_mentor_has_more_than_two_mentees():
    mentees = {}
    for p in demo_pairs():
        mentees.setdefault(p.mentor, set()).add(p.mentee)
    assert max(len(m) for m in mentees.values()) <= 2


def test_no_demo_mentor_is_their_own_mentee():
    assert [p for p in demo_pairs() if p.mentor == p.mentee] == []


def test_every_demo_mentor_holds_the_level_their_mentee_needs():
    ds = demo()
    needed = {(n.subject, n.competency): n.required for n in demo_report().needs}
    below = [
        p
        for p in demo_pairs()
        if (current_level(ds.assessments, p.mentor, p.competency, ds.as_of, ds.org.framework) or 0)
        < needed[(p.mentee, p.competency)]
    ]
    assert below == []


def test_demo_pairings_are_sorted_by_mentee_competency_and_mentor():
    keys = [(p.mentee, p.competency, p.mentor) for p in demo_pairs()]
    assert keys == sorted(keys)


def test_matching_is_deterministic_and_independent_of_input_order():
    ds = demo()
    again = match_mentors(
        ds.org, list(reversed(ds.assessments)), list(reversed(demo_report().needs)), as_of=ds.as_of
    )
    assert again == demo_pairs()


# -- bad input --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "path"),
    [
        ({"org": "Älvby"}, "org"),
        ({"as_of": "2026-01-12"}, "as_of"),
        ({"as_of": dt.datetime(2026, 1, 12, 9)}, "as_of"),
        ({"max_mentees": 0}, "max_mentees"),
        ({"max_mentees": -1}, "max_mentees"),
        ({"max_mentees": True}, "max_mentees"),
        ({"max_mentees": 1.5}, "max_mentees"),
        ({"max_mentees": "2"}, "max_mentees"),
        ({"needs": "person:anna:medication"}, "needs"),
        ({"needs": [gap("anna", "medication", 3), "more"]}, "needs[1]"),
    ],
)
def test_bad_arguments_to_match_mentors_are_refused(arguments, path):
    given_ = {
        "org": ORG,
        "assessments": [assess("bo", "medication", 3)],
        "needs": [gap("anna", "medication", 3)],
        "as_of": AS_OF,
        **arguments,
    }
    with pytest.raises(ValidationError) as err:
        match_mentors(given_.pop("org"), given_.pop("assessments"), given_.pop("needs"), **given_)
    assert err.value.path == path


def test_a_need_of_someone_outside_the_organisation_is_refused():
    with pytest.raises(UnknownIdError) as err:
        match_mentors(ORG, [], [gap("zoe", "medication", 3)], as_of=AS_OF)
    assert err.value.id == "zoe"


def test_an_assessment_of_someone_outside_the_organisation_is_refused():
    with pytest.raises(ValidationError):
        match_mentors(ORG, [assess("zoe", "medication", 3)], [], as_of=AS_OF)


# -- properties -------------------------------------------------------------------------


@st.composite
def worlds(draw, *, consistent=True):
    """A small organisation, assessments of 2024-2026, person needs, and max_mentees.

    With ``consistent`` the needs agree with the assessments (their gap is the one the
    assessments give as of AS_OF), as a needs analysis makes them.
    """
    unit_ids = [f"unit-{i}" for i in range(draw(st.integers(1, 3)))]
    units = [
        Unit(u, u, parent=draw(st.none() | st.sampled_from(unit_ids[:i])) if i else None)
        for i, u in enumerate(unit_ids)
    ]
    people = [f"person-{i}" for i in range(draw(st.integers(2, 7)))]
    org = Organization(
        units, [Person(p, p, draw(st.sampled_from(unit_ids))) for p in people], [], FRAMEWORK
    )
    competencies = ["medication", "hygiene", "cpr"]
    assessed = draw(
        st.lists(
            st.builds(
                lambda p, c, level, on: assess(p, c, min(level, 1) if c == "cpr" else level, on),
                st.sampled_from(people),
                st.sampled_from(competencies),
                st.integers(0, 4),
                st.dates(D(2024, 1, 1), D(2026, 6, 30)),
            ),
            max_size=14,
        )
    )
    needs = []
    wanted = draw(
        st.lists(
            st.tuples(st.sampled_from(people), st.sampled_from(competencies)),
            unique=True,
            max_size=8,
        )
    )
    for person, competency in wanted:
        top = 1 if competency == "cpr" else 4
        required = draw(st.integers(1, top))
        if consistent:
            current = current_level(assessed, person, competency, AS_OF, FRAMEWORK)
        else:
            current = draw(st.none() | st.integers(0, top))
        if current is None or current < required:
            needs.append(
                gap(person, competency, required, current, priority=draw(st.floats(0, 9)))
            )
    return org, assessed, needs, draw(st.integers(1, 3))


def matched(world):
    org, assessed, needs, max_mentees = world
    return match_mentors(org, assessed, needs, as_of=AS_OF, max_mentees=max_mentees)


@_SETTINGS
@given(worlds(consistent=False))
def test_a_matching_never_gives_a_mentor_more_than_max_mentees(world):
    mentees = {}
    for p in matched(world):
        mentees.setdefault(p.mentor, set()).add(p.mentee)
    assert all(len(m) <= world[3] for m in mentees.values())


@_SETTINGS
@given(worlds(consistent=False))
@example((ORG, [assess("anna", "medication", 3)], [gap("anna", "medication", 3, 1)], 1))
def test_a_matching_never_pairs_someone_with_themselves(world):
    assert [p for p in matched(world) if p.mentor == p.mentee] == []


@_SETTINGS
@given(worlds(consistent=False))
def test_a_matching_never_pairs_someone_with_a_weaker_holder(world):
    """The mentor's current level is at least what the mentee's need requires."""
    _, assessed, needs, _ = world
    required = {(n.subject, n.competency): n.required for n in needs}
    for p in matched(world):
        level = current_level(assessed, p.mentor, p.competency, AS_OF, FRAMEWORK)
        assert level is not None
        assert level >= required[(p.mentee, p.competency)]


@_SETTINGS
@given(worlds(consistent=False))
def test_a_mentor_comes_from_the_mentees_unit_or_its_parent_unit(world):
    org = world[0]
    for p in matched(world):
        unit = org.person(p.mentee).unit
        parent = org.unit(unit).parent
        near = {x.id for x in org.members(unit, recursive=False)}
        wider = {x.id for x in org.members(parent)} if parent else set()
        assert p.mentor in near | wider


@_SETTINGS
@given(worlds(consistent=False))
def test_each_need_gets_at_most_one_mentor(world):
    found = [(p.mentee, p.competency) for p in matched(world)]
    assert len(found) == len(set(found))


@_SETTINGS
@given(worlds())
def test_nobody_is_left_without_a_mentor_while_a_qualified_one_has_room(world):
    """A maximum matching: an unpaired need has every qualified colleague within reach full.

    Within reach: the mentee's own unit, and everyone under its parent unit.
    """
    org, assessed, needs, max_mentees = world
    found = matched(world)
    taken = {}
    for p in found:
        taken[p.mentor] = taken.get(p.mentor, 0) + 1
    paired = {(p.mentee, p.competency) for p in found}
    for need in needs:
        if (need.subject, need.competency) in paired:
            continue
        unit = org.person(need.subject).unit
        parent = org.unit(unit).parent
        reach = {x.id for x in org.members(unit, recursive=False)}
        reach |= {x.id for x in org.members(parent)} if parent else set()
        for mentor in reach - {need.subject}:
            level = current_level(assessed, mentor, need.competency, AS_OF, FRAMEWORK)
            if level is not None and level >= need.required:
                assert taken.get(mentor, 0) == max_mentees


@_SETTINGS
@given(worlds())
def test_matching_the_same_input_twice_gives_the_same_pairs(world):
    assert matched(world) == matched(world)


# -- ambassadors ------------------------------------------------------------------------


def team_needs():
    """Team North needs medication most (priority 10), then hygiene (4), then CPR (1)."""
    return [
        gap("cia", "medication", 3, 1, priority=6.0),
        Need("north", "unit", "medication", None, 3, 0, 4.0, [REASON]),
        gap("cia", "hygiene", 3, 1, priority=4.0),
        gap("cia", "cpr", 1, priority=1.0),
    ]


def test_an_ambassador_holds_the_units_most_needed_competency():
    """Anna holds medication 3, Bo hygiene 3: Anna carries what North needs most."""
    assessed = [assess("anna", "medication", 3), assess("bo", "hygiene", 3)]
    chosen = ambassadors(ORG, assessed, team_needs(), as_of=AS_OF)
    assert chosen["north"] == ("anna",)


def test_per_unit_names_that_many_ambassadors_best_first():
    assessed = [assess("anna", "medication", 3), assess("bo", "hygiene", 3)]
    chosen = ambassadors(ORG, assessed, team_needs(), as_of=AS_OF, per_unit=2)
    assert chosen["north"] == ("anna", "bo")


def test_members_holding_none_of_the_needed_competencies_are_not_ambassadors():
    """With room for five, only the two who hold something are named."""
    assessed = [assess("anna", "medication", 3), assess("bo", "hygiene", 3)]
    chosen = ambassadors(ORG, assessed, team_needs(), as_of=AS_OF, per_unit=5)
    assert chosen["north"] == ("anna", "bo")


def test_holding_a_competency_below_the_level_needed_does_not_count():
    """Anna holds medication 2; the team needs 3."""
    assessed = [assess("anna", "medication", 2), assess("bo", "hygiene", 3)]
    assert ambassadors(ORG, assessed, team_needs(), as_of=AS_OF)["north"] == ("bo",)


def test_holding_more_of_the_needed_competencies_wins():
    """Bo holds medication and hygiene; Anna medication only."""
    assessed = [
        assess("anna", "medication", 3),
        assess("bo", "medication", 3),
        assess("bo", "hygiene", 3),
    ]
    assert ambassadors(ORG, assessed, team_needs(), as_of=AS_OF)["north"] == ("bo",)


def test_among_equal_holders_a_higher_level_wins():
    """Both hold medication; Bo at 4, beyond the 3 needed."""
    assessed = [assess("anna", "medication", 3), assess("bo", "medication", 4)]
    assert ambassadors(ORG, assessed, team_needs(), as_of=AS_OF)["north"] == ("bo",)


def test_a_unit_without_needs_has_no_ambassador():
    """Team South and IT have no needs: they are not in the result."""
    assessed = [assess("dan", "medication", 4), assess("ivar", "medication", 4)]
    chosen = ambassadors(ORG, assessed, team_needs(), as_of=AS_OF)
    assert ("south" in chosen, "it" in chosen) == (False, False)


def test_explained_ambassadors_say_who_carries_what_and_why():
    assessed = [assess("anna", "medication", 3), assess("anna", "cpr", 1)]
    (anna,) = ambassadors(ORG, assessed, team_needs(), as_of=AS_OF, explain=True)["north"]
    assert (anna.person, anna.unit, anna.competencies) == ("anna", "north", ("medication", "cpr"))
    assert isinstance(anna, Ambassador)
    assert "anna" in anna.reason
    assert "medication" in anna.reason


def test_explained_ambassadors_are_the_same_people():
    assessed = [assess("anna", "medication", 3), assess("bo", "hygiene", 3)]
    plain = ambassadors(ORG, assessed, team_needs(), as_of=AS_OF, per_unit=2)
    explained = ambassadors(ORG, assessed, team_needs(), as_of=AS_OF, per_unit=2, explain=True)
    assert {u: tuple(a.person for a in amb) for u, amb in explained.items()} == plain


def test_the_demo_platform_team_ambassador_is_wilma():
    """Wilma holds CI/CD and release management above what the platform team needs."""
    ds = demo()
    assert ambassadors(ds.org, ds.assessments, demo_report(), as_of=ds.as_of)["it-platform"] == (
        "wilma.gran",
    )


def test_every_demo_ambassador_belongs_to_the_unit_they_carry():
    ds = demo()
    chosen = ambassadors(ds.org, ds.assessments, demo_report(), as_of=ds.as_of, per_unit=3)
    outsiders = [
        (unit, person)
        for unit, people in chosen.items()
        for person in people
        if person not in {p.id for p in ds.org.members(unit)}
    ]
    assert outsiders == []


@pytest.mark.parametrize(
    ("arguments", "path"),
    [
        ({"per_unit": 0}, "per_unit"),
        ({"per_unit": True}, "per_unit"),
        ({"per_unit": 1.0}, "per_unit"),
        ({"org": None}, "org"),
        ({"as_of": None}, "as_of"),
        ({"needs": 3}, "needs"),
    ],
)
def test_bad_arguments_to_ambassadors_are_refused(arguments, path):
    given_ = {"org": ORG, "needs": team_needs(), "as_of": AS_OF, **arguments}
    with pytest.raises(ValidationError) as err:
        ambassadors(given_.pop("org"), [], given_.pop("needs"), **given_)
    assert err.value.path == path
