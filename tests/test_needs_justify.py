"""The gate before any training: does the person need it, and how does it serve the organisation?

``justify`` answers both questions with the line of sight (the goal paths up to a guiding
star); ``GoalGraph.add_objectives`` turns the justified person needs into individual
objectives under the goals that justified them.
"""

from __future__ import annotations

import datetime as dt

import pytest

from larande import (
    Competency,
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
from larande.needs import Justification, Need, Reason, analyze, justify

D = dt.date
AS_OF = D(2026, 1, 12)


def municipality():
    """Care (north and south teams, a manager of its own) and IT, under one municipality."""
    framework = Framework(
        [
            Competency(c, c.title())
            for c in ("medication", "documentation", "hygiene", "cpr", "ethics", "dementia-care")
        ]
    )
    nurse = Role("nurse", "Assistant nurse", [Requirement("medication", 3)])
    units = [
        Unit("muni", "Municipality"),
        Unit("care", "Home care", parent="muni"),
        Unit("north", "Team North", parent="care"),
        Unit("south", "Team South", parent="care"),
        Unit("it", "IT unit", parent="muni"),
    ]
    people = [
        Person("eve", "Eve Holm", "care"),
        Person("anna", "Anna Berg", "north", roles=["nurse"], manager="eve"),
        Person("cia", "Cia Lund", "south", roles=["nurse"], manager="eve"),
        Person("ivan", "Ivan Ek", "it"),
    ]
    return Organization(units, people, [nurse], framework)


ORG = municipality()


def goal_tree():
    """safe-care <- care-meds <- {north-docs, south-hygiene}; it-cpr; values; an objective."""
    g = GoalGraph()
    g.add(Goal("safe-care", "Safe care", Level.ORGANIZATION, competencies={"medication"}))
    g.add(Goal("values", "Shared values", Level.ORGANIZATION, competencies={"ethics"}))
    g.add(
        Goal(
            "care-meds",
            "Fewer medication deviations",
            Level.UNIT,
            "care",
            competencies={"medication", "documentation"},
        ),
        contributes_to="safe-care",
    )
    g.add(
        Goal(
            "north-docs", "Complete records", Level.TEAM, "north", competencies={"documentation"}
        ),
        contributes_to="care-meds",
    )
    g.add(
        Goal("south-hygiene", "Hygiene routine", Level.TEAM, "south", competencies={"hygiene"}),
        contributes_to="care-meds",
    )
    g.add(
        Goal("it-cpr", "First aid in IT", Level.UNIT, "it", competencies={"cpr"}),
        contributes_to="safe-care",
    )
    g.add(
        Goal(
            "obj:anna:dementia-care",
            "Anna: dementia care",
            Level.INDIVIDUAL,
            "anna",
            competencies={"dementia-care"},
            target_level=2,
        ),
        contributes_to="north-docs",
    )
    return g


GOALS = goal_tree()


def need(subject, competency, current=0, required=2, *, due=None, scope="person"):
    reason = Reason("my-rule", ["e-1"], f"{subject} {competency}")
    if scope == "unit":
        return Need(subject, "unit", competency, None, required, 0, 1.0, [reason], due)
    gap = max(0, required - (current or 0))
    return Need(subject, "person", competency, current, required, gap, 1.0, [reason], due)


# -- does the person need it? -------------------------------------------------------------------


def test_a_person_with_a_gap_needs_it():
    assert justify(need("anna", "documentation", 1, 3), GOALS, ORG).person_need is True


def test_a_person_at_the_level_with_something_due_needs_it():
    """A certificate to renew: no gap, but a due date."""
    renew = need("anna", "documentation", 3, 3, due=D(2026, 2, 20))
    assert justify(renew, GOALS, ORG).person_need is True


def test_a_person_at_the_level_with_nothing_due_does_not_need_it():
    stale = need("anna", "documentation", 3, 3)
    assert justify(stale, GOALS, ORG).person_need is False


def test_a_units_need_always_stands_on_its_evidence():
    unit = need("north", "documentation", scope="unit")
    assert justify(unit, GOALS, ORG).person_need is True


# -- does it serve the organisation? ------------------------------------------------------------


def test_a_goal_of_the_persons_own_team_and_of_its_parent_unit_justify_the_need():
    verdict = justify(need("anna", "documentation"), GOALS, ORG)
    assert (verdict.organization_need, verdict.goals) == (True, ("care-meds", "north-docs"))


def test_a_goal_of_an_ancestor_unit_and_of_the_whole_organisation_justify_the_need():
    verdict = justify(need("anna", "medication"), GOALS, ORG)
    assert verdict.goals == ("care-meds", "safe-care")


def test_a_goal_of_the_whole_organisation_alone_justifies_the_need():
    verdict = justify(need("ivan", "ethics"), GOALS, ORG)
    assert (verdict.organization_need, verdict.goals) == (True, ("values",))


def test_a_goal_of_a_sibling_team_does_not_justify_the_need():
    """South's hygiene routine does not make hygiene a need of North's nurse."""
    verdict = justify(need("anna", "hygiene"), GOALS, ORG)
    assert (verdict.organization_need, verdict.goal_paths) == (False, ())


def test_a_goal_of_another_branch_of_the_organisation_does_not_justify_the_need():
    assert justify(need("anna", "cpr"), GOALS, ORG).organization_need is False


def test_an_individual_objective_does_not_justify_the_need_it_develops():
    """Anna's own dementia-care objective is not a reason for the organisation to need it."""
    assert justify(need("anna", "dementia-care"), GOALS, ORG).organization_need is False


def test_a_units_need_is_justified_by_its_own_and_its_ancestors_goals():
    verdict = justify(need("north", "documentation", scope="unit"), GOALS, ORG)
    assert verdict.goals == ("care-meds", "north-docs")


def test_a_parent_units_need_is_not_justified_by_a_sub_units_goal():
    verdict = justify(need("care", "hygiene", scope="unit"), GOALS, ORG)
    assert verdict.organization_need is False


# -- ok, paths, explanation ---------------------------------------------------------------------


def test_a_need_that_passes_both_questions_is_ok():
    assert justify(need("anna", "documentation"), GOALS, ORG).ok is True


def test_a_need_that_serves_no_goal_is_not_ok():
    assert justify(need("anna", "hygiene"), GOALS, ORG).ok is False


def test_a_need_the_person_does_not_have_is_not_ok_even_if_it_serves_a_goal():
    assert justify(need("anna", "documentation", 3, 3), GOALS, ORG).ok is False


def test_each_justifying_goal_has_its_path_up_to_a_guiding_star():
    verdict = justify(need("anna", "documentation"), GOALS, ORG)
    assert verdict.goal_paths == (
        ("care-meds", "safe-care"),
        ("north-docs", "care-meds", "safe-care"),
    )


def test_a_justifying_guiding_star_is_its_own_path():
    assert justify(need("ivan", "ethics"), GOALS, ORG).goal_paths == (("values",),)


def test_a_goal_with_two_routes_up_shows_the_shorter_one():
    """North's goal also serves the guiding star directly: one step, not two."""
    goals = goal_tree()
    goals.link("north-docs", "safe-care")
    verdict = justify(need("anna", "documentation"), goals, ORG)
    assert verdict.goal_paths == (("care-meds", "safe-care"), ("north-docs", "safe-care"))


def test_the_explanation_of_an_ok_need_says_go_ahead_and_names_the_goals():
    text = justify(need("anna", "documentation", 1, 3), GOALS, ORG).explanation
    assert (
        text.startswith("go ahead"),
        [g for g in ("north-docs", "care-meds") if g in text],
    ) == (
        True,
        ["north-docs", "care-meds"],
    )


def test_the_explanation_of_a_held_need_says_hold_and_why():
    text = justify(need("anna", "hygiene"), GOALS, ORG).explanation
    assert (text.startswith("hold"), "no goal" in text) == (True, True)


def test_the_explanation_names_the_gap():
    text = justify(need("anna", "documentation", 1, 3), GOALS, ORG).explanation
    assert "gap of 2" in text


@pytest.mark.parametrize(
    ("args", "path"),
    [
        (("person:anna:documentation", GOALS, ORG), "need"),
        ((need("anna", "documentation"), ["care-meds"], ORG), "goals"),
        ((need("anna", "documentation"), GOALS, "municipality"), "org"),
    ],
    ids=["need", "goals", "org"],
)
def test_justify_refuses_arguments_of_the_wrong_kind(args, path):
    with pytest.raises(ValidationError) as err:
        justify(*args)
    assert err.value.path == path


@pytest.mark.parametrize(
    "unknown",
    [need("zoe", "documentation"), need("west", "documentation", scope="unit")],
    ids=["person", "unit"],
)
def test_justify_refuses_a_need_of_someone_outside_the_organisation(unknown):
    with pytest.raises(UnknownIdError):
        justify(unknown, GOALS, ORG)


def test_justify_on_the_demo_traces_a_platform_developers_release_need_to_digital_first():
    """The service team's release checklist is a sibling team's goal: it does not count."""
    demo = load_demo()
    report = analyze(demo.org, demo.assessments, as_of=demo.as_of)
    (release,) = [n for n in report.for_person("xin.li") if n.competency == "release-management"]
    verdict = justify(release, demo.goals, demo.org)
    assert (verdict.ok, verdict.goal_paths) == (True, (("it-release-time", "digital-welfare"),))


# -- add_objectives -----------------------------------------------------------------------------


def verdict(subject="anna", competency="documentation", **kw):
    return justify(need(subject, competency, **kw), GOALS, ORG)


def test_a_justified_person_need_becomes_an_individual_objective_under_its_goals():
    goals = goal_tree()
    goals.add_objectives([verdict(current=1, required=3)])
    assert goals.parents("obj:anna:documentation") == ("care-meds", "north-docs")


def test_the_objective_is_the_persons_to_reach_the_required_level():
    goals = goal_tree()
    (objective,) = goals.add_objectives([verdict(current=1, required=3)])
    assert objective == Goal(
        "obj:anna:documentation",
        objective.title,
        Level.INDIVIDUAL,
        owner="anna",
        competencies={"documentation"},
        target_level=3,
    )


def test_the_objective_is_due_when_the_need_is():
    goals = goal_tree()
    (objective,) = goals.add_objectives([verdict(due=D(2026, 4, 1))])
    assert objective.deadline == D(2026, 4, 1)


def test_a_deadline_given_is_the_objectives_deadline():
    goals = goal_tree()
    (objective,) = goals.add_objectives([verdict(due=D(2026, 4, 1))], deadline=D(2026, 6, 30))
    assert goals.goal("obj:anna:documentation").deadline == objective.deadline == D(2026, 6, 30)


def test_adding_the_same_objectives_twice_changes_nothing():
    goals = goal_tree()
    goals.add_objectives([verdict(), verdict("cia", "medication")])
    once = goals.copy()
    goals.add_objectives([verdict(), verdict("cia", "medication")])
    assert goals == once


def test_an_existing_objective_only_gains_the_links_it_lacks():
    """Anna's objective under North's goal gains the link to care's, and stays as it was."""
    goals = goal_tree()
    mine = Goal(
        "obj:anna:documentation",
        "Anna's own wording",
        Level.INDIVIDUAL,
        "anna",
        deadline=D(2026, 9, 1),
        competencies={"documentation"},
        target_level=2,
    )
    goals.add(mine, contributes_to="north-docs")
    goals.add_objectives([verdict(current=0, required=3, due=D(2026, 2, 1))])
    assert (goals.goal(mine.id), goals.parents(mine.id)) == (mine, ("care-meds", "north-docs"))


def test_a_unit_need_gives_no_objective():
    goals = goal_tree()
    before = goals.copy()
    added = goals.add_objectives(
        [justify(need("north", "documentation", scope="unit"), goals, ORG)]
    )
    assert (added, goals) == ((), before)


def test_a_need_that_did_not_pass_the_gate_gives_no_objective():
    goals = goal_tree()
    before = goals.copy()
    added = goals.add_objectives([verdict("anna", "hygiene"), verdict(current=3, required=3)])
    assert (added, goals) == ((), before)


def test_two_justifications_of_one_objective_give_it_every_goal():
    """Judged against two views of the goals, one objective is linked under all of them."""
    goals = goal_tree()
    goals.add(Goal("doc-star", "Documentation first", Level.ORGANIZATION))
    first = justify(need("anna", "documentation"), goals, ORG)
    other = GoalGraph()
    other.add(Goal("doc-star", "Docs", Level.ORGANIZATION, competencies={"documentation"}))
    second = justify(need("anna", "documentation"), other, ORG)
    goals.add_objectives([first, second])
    assert goals.parents("obj:anna:documentation") == ("care-meds", "doc-star", "north-docs")


def test_a_refused_list_leaves_the_graph_unchanged():
    """One bad item refuses the whole call: the good ones before it are not added either."""
    goals = goal_tree()
    before = goals.copy()
    with pytest.raises(ValidationError) as err:
        goals.add_objectives([verdict(), "not a justification"])
    assert (err.value.path, goals) == ("justifications[1]", before)


def test_a_justifying_goal_missing_from_the_graph_is_refused_and_changes_nothing():
    goals = goal_tree()
    before = goals.copy()
    elsewhere = GoalGraph()
    elsewhere.add(Goal("far-away", "Elsewhere", Level.ORGANIZATION, competencies={"ethics"}))
    foreign = justify(need("anna", "ethics"), elsewhere, ORG)
    with pytest.raises(UnknownIdError):
        goals.add_objectives([verdict(), foreign])
    assert goals == before


def test_an_objective_id_taken_by_another_kind_of_goal_is_refused_and_changes_nothing():
    goals = goal_tree()
    goals.add(Goal("obj:anna:documentation", "Not an objective", Level.TEAM, "north"))
    before = goals.copy()
    with pytest.raises(ValidationError) as err:
        goals.add_objectives([verdict()])
    assert (err.value.code, goals) == ("objective-id-taken", before)


def test_add_objectives_takes_an_iterable_of_justifications():
    goals = goal_tree()
    with pytest.raises(ValidationError) as err:
        goals.add_objectives(verdict())
    assert err.value.path == "justifications"


def test_the_objectives_deadline_must_be_a_date():
    goals = goal_tree()
    with pytest.raises(ValidationError) as err:
        goals.add_objectives([verdict()], deadline="2026-06-30")
    assert err.value.path == "deadline"


def test_add_objectives_returns_each_objective_once_in_the_order_given():
    goals = goal_tree()
    added = goals.add_objectives([verdict("cia", "medication"), verdict(), verdict()])
    assert [g.id for g in added] == ["obj:cia:medication", "obj:anna:documentation"]


def test_a_justification_is_a_record_of_its_answers():
    j = verdict()
    assert j == Justification(j.need, True, True, True, j.goal_paths, j.explanation)
