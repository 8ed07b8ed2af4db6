"""Dataset: one organisation's data for the loop, checked as a whole when it is built."""

from __future__ import annotations

import datetime as dt

import pytest

from larande import (
    DEFAULT_SCALE,
    Assessment,
    Competency,
    Dataset,
    Framework,
    Goal,
    GoalGraph,
    Level,
    Organization,
    Person,
    Requirement,
    Role,
    Scale,
    Unit,
    UnknownIdError,
    ValidationError,
)

AS_OF = dt.date(2026, 1, 12)
DAY = dt.date(2025, 6, 1)
ORG = Organization(
    units=[Unit("homecare", "Home care"), Unit("north", "North", parent="homecare")],
    people=[
        Person("anna", "Anna Berg", "north", roles=["nurse"]),
        Person("bo", "Bo Ek", "north", roles=["nurse"]),
    ],
    roles=[Role("nurse", "Nurse", [Requirement("cpr", 1), Requirement("medication", 3)])],
    framework=Framework(
        [
            Competency("medication", "Medication"),
            Competency("cpr", "CPR", scale="certificate", validity=dt.timedelta(days=365)),
        ],
        scales=[DEFAULT_SCALE, Scale("certificate", ["no", "yes"])],
    ),
)
GOOD = [Assessment("anna", "medication", 3, DAY), Assessment("bo", "cpr", 1, DAY)]


def dataset(assessments=GOOD, **kw) -> Dataset:
    return Dataset(org=ORG, assessments=assessments, as_of=kw.pop("as_of", AS_OF), **kw)


# -- what it holds --------------------------------------------------------------------------


def test_a_dataset_keeps_its_assessments_as_a_tuple():
    """A list given is stored as a tuple."""
    assert tuple(GOOD) == dataset().assessments


def test_a_dataset_has_no_goals_unless_given():
    """Goals arrive with their capability; a dataset without them is complete."""
    assert dataset().goals is None


def test_datasets_with_the_same_content_are_equal():
    """Equality is by content, goals included."""
    assert dataset() == dataset(assessments=list(GOOD))


def test_datasets_with_different_days_differ():
    """``as_of`` is part of the content."""
    assert dataset() != dataset(as_of=dt.date(2026, 1, 13))


def test_a_dataset_is_not_hashable():
    """It may hold a GoalGraph, a mutable container, so it refuses to be hashed."""
    with pytest.raises(TypeError, match="unhashable"):
        hash(dataset())


def test_a_dataset_cannot_be_changed():
    """Its fields are frozen."""
    ds = dataset()
    with pytest.raises(AttributeError):
        ds.as_of = dt.date(2027, 1, 1)  # type: ignore[misc]


def test_the_dataset_repr_shows_counts_not_contents():
    """A notebook shows the size of the data, not every assessment."""
    assert repr(dataset()) == (
        "Dataset(org=Organization(units=2, people=2, roles=1, competencies=2), "
        "assessments=2, as_of=2026-01-12)"
    )


def test_the_dataset_repr_counts_goals_when_there_are_some():
    """With a goal graph the repr says how many goals it has."""
    goals = GoalGraph()
    goals.add(Goal("safe", "Safe medication", Level.UNIT, owner="homecare"))
    assert repr(dataset(goals=goals)).endswith("as_of=2026-01-12, goals=1)")


# -- assessments are checked against the organisation --------------------------------------


def test_an_assessment_of_someone_outside_the_organization_is_refused():
    """The path names the assessment by its index in the dataset."""
    bad = [*GOOD, Assessment("nobody", "cpr", 1, DAY)]
    with pytest.raises(UnknownIdError, match="unknown person 'nobody'") as err:
        dataset(bad)
    assert err.value.path == "assessments[2].person"


def test_an_assessment_in_a_competency_outside_the_framework_is_refused():
    """An assessment of an unknown competency could never be used."""
    with pytest.raises(UnknownIdError, match="unknown competency 'insulin'") as err:
        dataset([Assessment("anna", "insulin", 2, DAY)])
    assert err.value.path == "assessments[0].competency"


def test_an_assessment_above_its_scale_is_refused():
    """A certificate is 0 or 1; 3 does not exist."""
    with pytest.raises(ValidationError, match="outside its scale") as err:
        dataset([Assessment("bo", "cpr", 3, DAY)])
    assert err.value.path == "assessments[0].level"


def test_a_stray_value_among_the_assessments_is_refused():
    """Something that is not an Assessment is a ValidationError at its index."""
    with pytest.raises(ValidationError, match="an Assessment") as err:
        dataset([GOOD[0], {"person": "bo"}])
    assert err.value.path == "assessments[1]"


def test_assessments_that_are_not_a_sequence_are_refused():
    """A single string is not a list of assessments."""
    with pytest.raises(ValidationError, match="a sequence of Assessment") as err:
        dataset("anna")
    assert err.value.path == "assessments"


def test_a_dataset_without_an_organization_is_refused():
    """``org`` must be an Organization."""
    with pytest.raises(ValidationError, match="an Organization") as err:
        Dataset(org=None, assessments=[], as_of=AS_OF)
    assert err.value.path == "org"


def test_the_day_of_a_dataset_must_be_a_date():
    """A datetime ``as_of`` is refused like any date field."""
    with pytest.raises(ValidationError, match=r"a datetime\.date") as err:
        dataset(as_of=dt.datetime(2026, 1, 12, 8))
    assert err.value.path == "as_of"


def test_assessments_after_as_of_are_allowed():
    """Later assessments are kept: analyses simply ignore them as of the day."""
    later = [Assessment("anna", "cpr", 1, dt.date(2026, 3, 1))]
    assert tuple(later) == dataset(later).assessments


# -- goals are checked against the organisation ---------------------------------------------


def test_a_goal_owned_by_an_unknown_unit_is_refused():
    """A unit goal's owner must be a unit of the organisation."""
    goals = GoalGraph()
    goals.add(Goal("safe", "Safe medication", Level.UNIT, owner="south"))
    with pytest.raises(UnknownIdError, match="unknown unit 'south'") as err:
        dataset(goals=goals)
    assert err.value.path == "goals.goals[0].owner"


def test_an_objective_must_be_owned_by_a_person_of_the_organization():
    """An individual objective belongs to a person, not a unit."""
    goals = GoalGraph()
    goals.add(Goal("obj:north:cpr", "CPR", Level.INDIVIDUAL, owner="north"))
    with pytest.raises(UnknownIdError, match="unknown person 'north'"):
        dataset(goals=goals)


def test_a_goal_depending_on_an_unknown_competency_is_refused():
    """Competencies a goal depends on must be in the framework."""
    goals = GoalGraph()
    goals.add(Goal("safe", "Safe", Level.UNIT, owner="homecare", competencies={"insulin"}))
    with pytest.raises(UnknownIdError, match="unknown competency 'insulin'") as err:
        dataset(goals=goals)
    assert err.value.path == "goals.goals[0].competencies"


def test_goals_must_be_a_goal_graph():
    """A list of goals is not a graph."""
    with pytest.raises(ValidationError, match="a GoalGraph") as err:
        dataset(goals=[Goal("safe", "Safe", Level.ORGANIZATION)])
    assert err.value.path == "goals"
