"""A year's or a month's budget, from the dataset, JSON and the command line to the plan."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from larande import Budget, Dataset, Period, ValidationError, annual_plan, review
from larande.cli import main
from larande.datasets import load_demo
from larande.io import json as ljson

H = dt.timedelta(hours=1)


@pytest.mark.parametrize(
    "budget", [8 * H, Budget(8 * H), Budget(40 * H, per=Period.YEAR)], ids=["td", "month", "year"]
)
def test_a_datasets_budget_reads_back_as_it_was_written(budget):
    dataset = attrs.evolve(load_demo(), budget=budget)
    assert ljson.loads(ljson.dumps(dataset), Dataset) == dataset


def test_a_monthly_duration_is_written_as_before_budgets_existed():
    assert '"budget": "PT8H"' in ljson.dumps(load_demo())


def test_a_yearly_budget_is_written_as_an_object():
    text = ljson.dumps(attrs.evolve(load_demo(), budget=Budget(40 * H, per="year")))
    assert '"budget": {"amount": "P1DT16H", "per": "year"}' in text


def test_a_budget_that_is_neither_duration_nor_object_is_refused_at_its_path():
    text = ljson.dumps(load_demo()).replace('"budget": "PT8H"', '"budget": 8')
    with pytest.raises(ValidationError) as caught:
        ljson.loads(text, Dataset)
    assert caught.value.path == "data.budget"


@pytest.mark.parametrize("bad", [0 * H, -H, "8h", 8])
def test_a_dataset_refuses_a_budget_of_no_time_or_the_wrong_type(bad):
    with pytest.raises(ValidationError) as caught:
        attrs.evolve(load_demo(), budget=bad)
    assert caught.value.path == "budget"


def test_an_annual_plan_sets_aside_a_twelfth_of_a_yearly_budget_a_month():
    demo = load_demo()
    year = review(demo, as_of=demo.as_of).schedule
    yearly = annual_plan(year, demo.org, "it", budget=Budget(48 * H, per="year"))
    monthly = annual_plan(year, demo.org, "it", budget=4 * H)
    assert [m.set_aside for m in yearly.months] == [m.set_aside for m in monthly.months]


def test_an_annual_plan_takes_a_mapping_of_budgets():
    demo = load_demo()
    year = review(demo, as_of=demo.as_of).schedule
    members = [p.id for p in demo.org.members("it-platform")]
    plan = annual_plan(
        year, demo.org, "it-platform", budget={members[0]: Budget(24 * H, per="year")}
    )
    assert plan.months[0].set_aside == 2 * H


def test_an_annual_plan_names_a_bad_budget_in_a_mapping():
    demo = load_demo()
    year = review(demo, as_of=demo.as_of).schedule
    member = demo.org.members("it-platform")[0].id
    with pytest.raises(ValidationError) as caught:
        annual_plan(year, demo.org, "it-platform", budget={member: 8})
    assert caught.value.path == f"budget[{member!r}]"


@pytest.fixture
def dataset(tmp_path):
    path = tmp_path / "demo.json"
    path.write_text(ljson.dumps(load_demo()), encoding="utf-8")
    return path


def test_the_command_line_takes_a_budget_per_year(dataset, tmp_path):
    out = tmp_path / "review.json"
    argv = ["review", str(dataset), "--as-of", "2026-03-02", "--budget-hours-per-year", "12"]
    assert main([*argv, "-o", str(out)]) == 0
    tight = ljson.loads(out.read_text(encoding="utf-8"), ljson_review_type())
    roomy = review(load_demo(), as_of=dt.date(2026, 3, 2))
    assert len(tight.schedule.unplaced) > len(roomy.schedule.unplaced)


def ljson_review_type():
    from larande import Review

    return Review


@pytest.mark.parametrize("value", ["nan", "inf", "0", "-2", "many"])
def test_the_command_line_refuses_a_budget_that_is_no_time(dataset, capsys, value):
    assert main(["schedule", str(dataset), "--budget-hours-per-year", value]) == 2
    assert "hours above zero" in capsys.readouterr().err


def test_the_command_line_takes_one_budget_only(dataset, capsys):
    argv = ["schedule", str(dataset), "--budget-hours-per-year", "40"]
    assert main([*argv, "--budget-hours-per-month", "4"]) == 2
