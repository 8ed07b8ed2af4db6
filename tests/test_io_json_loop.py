"""JSON of the loop's records: reviews, done items, dropped items, budget lines, team plans.

Every new record reads back equal (``loads(dumps(x), type(x)) == x``); the new fields are
optional within ``larande/1`` (a document written before them still reads, with the
default); a wrong JSON type is refused at its path, never coerced.
"""

from __future__ import annotations

import datetime as dt
import json

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from larande import (
    Absence,
    ActionPlanSet,
    BudgetLine,
    Dataset,
    Dropped,
    DropReason,
    LearningPlan,
    Need,
    PlanItem,
    PlanStatus,
    Reason,
    Review,
    ValidationError,
    review,
)
from larande.datasets import load_demo
from larande.io import json as ljson

D = dt.date
NEED = Need(
    "xin.li",
    "person",
    "ci-cd",
    2,
    3,
    1,
    13.2,
    (Reason("requirement-gap", ("developer:ci-cd",), "role 'developer' requires 'ci-cd' at 3"),),
)
DONE_ITEM = PlanItem("devops-workshop", [NEED], priority=13.2, done=D(2026, 2, 18))
DROPPED = Dropped("agile-reading", DropReason.NEED_CLOSED, D(2026, 4, 15))
PLAN = LearningPlan(
    "xin.li",
    [
        PlanItem("devops-elearning", [], required_by=["devops-workshop"], done=D(2026, 1, 16)),
        DONE_ITEM,
    ],
    status=PlanStatus.COMPLETE,
    dropped=[DROPPED, Dropped("cpr-refresher", "renewal", D(2026, 12, 14))],
)
LINE = BudgetLine("homecare", (2026, 2), 33.5, 33.5, 8400.0, 8400.0)
TEAM_PLAN = ActionPlanSet(
    "ap-south",
    None,
    "apt-medication-reflection",
    D(2026, 3, 3),
    ["Double-check at every evening round"],
    goal="south-double-check",
    due=D(2026, 6, 30),
    unit="homecare-south",
)
AWAY = Absence("cecilia.ek", D(2026, 3, 1), D(2026, 8, 31), "parental leave")


def round_trip(record):
    return ljson.loads(ljson.dumps(record), type(record))


def document(record):
    return json.loads(ljson.dumps(record))


@pytest.fixture(scope="module")
def april():
    demo = load_demo()
    return review(demo, as_of=D(2026, 4, 10), previous=review(demo, as_of=demo.as_of))


# -- lossless round trips --------------------------------------------------------------------


@pytest.mark.parametrize(
    "record",
    [DONE_ITEM, PLAN, DROPPED, LINE, TEAM_PLAN, AWAY],
    ids=["PlanItem", "LearningPlan", "Dropped", "BudgetLine", "ActionPlanSet", "Absence"],
)
def test_each_new_record_reads_back_equal(record):
    assert record == round_trip(record)


@pytest.mark.parametrize(
    "record", [DONE_ITEM, PLAN, DROPPED, LINE, TEAM_PLAN], ids=lambda r: type(r).__name__
)
def test_each_new_record_reads_back_equal_from_its_document(record):
    assert record == ljson.from_dict(ljson.to_dict(record), type(record))


def test_a_dataset_with_absences_reads_back_equal():
    demo = load_demo()
    with_absence = Dataset(
        org=demo.org,
        assessments=demo.assessments,
        as_of=demo.as_of,
        goals=demo.goals,
        catalog=demo.catalog,
        events=demo.events,
        absences=[AWAY],
    )
    assert with_absence == round_trip(with_absence)
    assert round_trip(with_absence).absences == (AWAY,)


def test_a_dataset_with_a_team_action_plan_reads_back_equal():
    demo = load_demo()
    with_team = attrs.evolve(demo, events=(*demo.events, TEAM_PLAN))
    assert with_team == round_trip(with_team)


def test_a_review_of_the_demo_reads_back_equal(april):
    assert april == ljson.loads(ljson.dumps(april), Review)


def test_a_first_review_of_the_demo_reads_back_equal():
    demo = load_demo()
    first = review(demo, as_of=demo.as_of)
    assert first == ljson.loads(ljson.dumps(first), Review)


def test_a_review_without_goals_reads_back_equal():
    aimless = review(attrs.evolve(load_demo(), goals=None), as_of=D(2026, 3, 2))
    assert aimless == ljson.loads(ljson.dumps(aimless), Review)


def test_a_review_read_back_serves_as_the_previous_review(april):
    demo = load_demo()
    read = ljson.loads(ljson.dumps(april), Review)
    assert review(demo, as_of=D(2026, 5, 4), previous=april) == review(
        demo, as_of=D(2026, 5, 4), previous=read
    )


def test_writing_a_review_read_back_gives_the_same_text(april):
    text = ljson.dumps(april)
    assert text == ljson.dumps(ljson.loads(text, Review))


@settings(max_examples=30, deadline=None)
@given(
    st.sampled_from(list(DropReason)),
    st.dates(D(2020, 1, 1), D(2030, 12, 31)),
    st.text("abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=12),
)
def test_any_dropped_item_reads_back_equal(reason, on, activity):
    dropped = Dropped(activity, reason, on)
    assert dropped == round_trip(dropped)


@settings(max_examples=30, deadline=None)
@given(
    st.integers(2000, 2100),
    st.integers(1, 12),
    st.lists(st.floats(0, 1e6, allow_nan=False, allow_infinity=False), min_size=4, max_size=4),
)
def test_any_budget_line_reads_back_equal(year, month, numbers):
    line = BudgetLine("it", (year, month), *numbers)
    assert line == round_trip(line)


# -- what the documents look like ------------------------------------------------------------


def test_a_done_item_writes_the_day_it_was_passed_as_an_iso_date():
    assert document(DONE_ITEM)["data"]["done"] == "2026-02-18"


def test_an_open_item_leaves_done_out():
    assert "done" not in document(PlanItem("devops-workshop", [NEED]))["data"]


def test_a_plan_without_dropped_items_leaves_dropped_out():
    assert "dropped" not in document(LearningPlan("xin.li", [DONE_ITEM]))["data"]


def test_a_dropped_items_reason_is_written_as_its_string():
    assert (document(DROPPED)["data"]) == {
        "activity": "agile-reading",
        "reason": "need-closed",
        "on": "2026-04-15",
    }


def test_a_budget_lines_month_is_written_as_a_year_and_a_month():
    assert document(LINE)["data"]["month"] == [2026, 2]


def test_a_team_action_plan_names_its_unit_and_no_person():
    data = document(TEAM_PLAN)["data"]
    assert (data["unit"], data["person"]) == ("homecare-south", None)


def test_a_review_document_is_tagged_review(april):
    assert (document(april)["schema"], document(april)["type"]) == ("larande/1", "Review")


def test_a_reviews_budget_is_written_line_by_line(april):
    assert len(april.budget) == len(document(april)["data"]["budget"])


# -- older documents, additive fields --------------------------------------------------------


def test_an_item_written_before_done_existed_reads_as_open():
    data = document(DONE_ITEM)
    del data["data"]["done"]
    assert None is ljson.from_dict(data, PlanItem).done


def test_a_plan_written_before_dropped_existed_reads_with_nothing_dropped():
    data = document(PLAN)
    del data["data"]["dropped"]
    assert ljson.from_dict(data, LearningPlan).dropped == ()


def test_an_action_plan_written_before_team_plans_existed_reads_as_a_persons_plan():
    plan = ActionPlanSet("ap-xin-1", "xin.li", "devops-workshop", D(2026, 2, 23), ["Migrate"])
    data = document(plan)
    data["data"].pop("unit", None)
    assert (
        ljson.from_dict(data, ActionPlanSet).unit,
        ljson.from_dict(data, ActionPlanSet).person,
    ) == (None, "xin.li")


def test_a_dataset_written_before_absences_existed_reads_with_none():
    data = document(load_demo())
    data["data"].pop("absences", None)
    assert ljson.from_dict(data, Dataset).absences == ()


# -- strict reading --------------------------------------------------------------------------


def refused_at(record, cls, path_in_data, value):
    data = document(record)
    target = data["data"]
    *parents, last = path_in_data
    for key in parents:
        target = target[key]
    target[last] = value
    with pytest.raises(ValidationError) as info:
        ljson.from_dict(data, cls)
    return info.value.path


def test_a_done_day_that_is_not_an_iso_date_is_refused_at_done():
    assert refused_at(DONE_ITEM, PlanItem, ["done"], 20260218) == "data.done"


def test_a_done_day_in_another_format_is_refused_at_done():
    assert refused_at(DONE_ITEM, PlanItem, ["done"], "18/02/2026") == "data.done"


def test_an_unknown_drop_reason_is_refused_at_the_reason():
    assert (
        refused_at(PLAN, LearningPlan, ["dropped", 0, "reason"], "forgotten")
        == "data.dropped[0].reason"
    )


def test_hours_given_as_text_are_refused_not_coerced():
    assert refused_at(LINE, BudgetLine, ["planned_hours"], "33.5") == "data.planned_hours"


def test_a_month_that_is_not_a_pair_of_numbers_is_refused():
    path = refused_at(LINE, BudgetLine, ["month"], "2026-02")
    assert path.startswith("data.month")


def test_a_team_action_plan_naming_a_person_too_is_refused():
    assert refused_at(TEAM_PLAN, ActionPlanSet, ["person"], "kalle.dahl") == "data.unit"


def test_an_absence_ending_before_it_starts_is_refused():
    data = document(AWAY)
    data["data"]["end"] = "2026-02-01"
    with pytest.raises(ValidationError) as info:
        ljson.from_dict(data, Absence)
    assert info.value.path.startswith("data.end")


def test_a_review_whose_as_of_is_not_a_date_is_refused_at_as_of(april):
    assert refused_at(april, Review, ["as_of"], 20260410) == "data.as_of"
