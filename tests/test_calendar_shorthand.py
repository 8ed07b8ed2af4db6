"""A hand-written dataset names its country instead of spelling out every holiday."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jsonschema
import pytest

from larande import Dataset, ValidationError, WorkCalendar
from larande.datasets import load_demo
from larande.io import json
from larande.io.schema import json_schema


def _dataset_with(calendar: object) -> Dataset:
    doc = json.to_dict(load_demo())
    doc["data"]["calendar"] = calendar
    return json.from_dict(doc, Dataset)


def _refusal(calendar: object) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        _dataset_with(calendar)
    return info.value


def test_a_country_and_years_give_that_countrys_working_days() -> None:
    """The shorthand is WorkCalendar.sweden for the years given."""
    expected = WorkCalendar.sweden([2026, 2027])

    actual = _dataset_with({"country": "SE", "years": [2026, 2027]}).calendar

    assert expected == actual


def test_closures_and_weekdays_are_kept_beside_the_holidays() -> None:
    """The workplace's own closures close days the holidays leave open."""
    calendar = _dataset_with(
        {
            "country": "SE",
            "years": [2026],
            "closures": [["2026-07-06", "2026-07-31"]],
            "weekdays": [0, 1, 2, 3],
        }
    ).calendar

    assert calendar is not None
    assert (
        calendar.is_working(dt.date(2026, 7, 8)),  # a Wednesday in the closure
        calendar.is_working(dt.date(2026, 8, 7)),  # a Friday, not a working weekday
        calendar.is_working(dt.date(2026, 8, 6)),
    ) == (False, False, True)


def test_the_shorthand_is_written_back_in_full() -> None:
    """Once read, the calendar's holidays are days, whatever the holidays package says later."""
    dataset = _dataset_with({"country": "SE", "years": [2026]})

    written = json.to_dict(dataset)["data"]["calendar"]

    assert "country" not in written
    assert "2026-06-19" in written["holidays"]  # midsummer eve


@pytest.mark.parametrize(
    ("calendar", "path", "code"),
    [
        ({"country": "NO", "years": [2026]}, "data.calendar.country", "unknown-country"),
        ({"country": 46, "years": [2026]}, "data.calendar.country", "unknown-country"),
        ({"country": "SE"}, "data.calendar.years", "missing"),
        ({"country": "SE", "years": [2026], "holidays": []}, "data.calendar.holidays", None),
        ({"country": "SE", "years": ["2026"]}, "data.calendar.years[0]", None),
        ({"country": "SE", "years": [1900]}, "data.calendar.years", "no-holiday-data"),
        (
            {"country": "SE", "years": [2026], "closures": [["2026-13-01", "2026-12-31"]]},
            "data.calendar.closures[0][0]",
            None,
        ),
    ],
)
def test_a_bad_shorthand_is_refused_naming_its_field(
    calendar: dict[str, Any], path: str, code: str | None
) -> None:
    """Each mistake is one ValidationError at the field it is in."""
    error = _refusal(calendar)

    assert path == error.path
    if code is not None:
        assert code == error.code


def test_a_dataset_with_the_shorthand_validates_against_the_published_schema() -> None:
    """The JSON Schema knows the shorthand, and refuses a country larande does not know."""
    schema = json_schema(Dataset)
    doc = json.to_dict(load_demo())
    doc["data"]["calendar"] = {"country": "SE", "years": [2026]}
    jsonschema.validate(doc, schema)

    doc["data"]["calendar"] = {"country": "NO", "years": [2026]}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(doc, schema)
