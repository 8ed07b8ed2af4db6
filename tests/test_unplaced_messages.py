"""Why an item stayed out of the year, in Swedish as in English: Unplaced carries a code."""

from __future__ import annotations

import datetime as dt

import pytest

from larande import (
    Absence,
    Activity,
    ActivityKind,
    Catalog,
    LearningPlan,
    PlanItem,
    Session,
    Unplaced,
    UnplacedReason,
    WorkCalendar,
    schedule,
)
from larande.exceptions import ValidationError
from larande.io import json
from larande.messages import CATALOGUE, render, text

H = dt.timedelta(hours=1)
D = dt.date
CAL = WorkCalendar([2026])


def _one_unplaced(activities, items, **options):
    plan = LearningPlan(
        "anna",
        tuple(
            PlanItem(a, (), priority=1.0, deadline=options.pop("deadline", None)) for a in items
        ),
    )
    year = schedule(
        [plan],
        Catalog(activities),
        calendar=CAL,
        start=options.pop("start", D(2026, 1, 1)),
        end=options.pop("end", D(2026, 12, 31)),
        budget=options.pop("budget", 8 * H),
        **options,
    )
    (unplaced,) = year.unplaced
    return unplaced


def _course(id, hours, sessions):
    return Activity(id, id, ActivityKind.COURSE, {"cpr": 1}, hours * H, sessions=list(sessions))


FEB = [Session("s", D(2026, 2, 3), 5)]
CASES = {
    "budget": lambda: _one_unplaced(
        [_course("big", 8, [])], ["big"], end=D(2026, 1, 31), budget=H
    ),
    "horizon (no session)": lambda: _one_unplaced(
        [_course("cpr", 4, FEB)], ["cpr"], start=D(2026, 3, 2)
    ),
    "horizon (absence)": lambda: _one_unplaced(
        [_course("cpr", 4, FEB)],
        ["cpr"],
        absences=[Absence("anna", D(2026, 2, 1), D(2026, 2, 28))],
    ),
    "horizon (closed month)": lambda: _one_unplaced(
        [_course("cpr", 4, FEB)], ["cpr"], season={2: 0.0, 3: 0.5}
    ),
    "deadline (sessions)": lambda: _one_unplaced(
        [_course("cpr", 4, FEB)], ["cpr"], deadline=D(2026, 1, 20)
    ),
    "deadline (first day)": lambda: _one_unplaced(
        [_course("self", 2, [])], ["self"], start=D(2026, 3, 2), deadline=D(2026, 2, 1)
    ),
}
CODES = {
    "budget": "unplaced.budget",
    "horizon (no session)": "unplaced.horizon.no-session",
    "horizon (absence)": "unplaced.horizon.away",
    "horizon (closed month)": "unplaced.horizon.closed",
    "deadline (sessions)": "unplaced.deadline.sessions",
    "deadline (first day)": "unplaced.deadline.first-day",
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_scheduler_names_the_message_that_says_most(case):
    assert CODES[case] == CASES[case]().code


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_unplaced_items_detail_is_its_message_in_english(case):
    """No sentence is built outside the catalogue: the detail is the code rendered."""
    unplaced = CASES[case]()

    assert unplaced.detail == render(unplaced.code, unplaced.params, lang="en")


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_unplaced_item_reads_in_swedish_with_the_schedulers_values(case):
    """No placeholder is left unfilled: the scheduler gives every value the message names."""
    unplaced = CASES[case]()

    swedish = text(unplaced, lang="sv")

    assert "{" not in swedish
    assert swedish == render(unplaced.code, unplaced.params, lang="sv")
    assert swedish != unplaced.detail


def test_the_budget_reason_names_the_hours_used_and_set_aside():
    """Durations read as hours: 0 h used of the 1 h set aside; the item takes 8 h."""
    unplaced = CASES["budget"]()

    assert unplaced.reason == UnplacedReason.BUDGET
    assert (unplaced.params["used"], unplaced.params["hours"]) == (0.0, 8.0)
    assert "8 h" in text(unplaced, lang="sv")


def test_the_horizon_reason_names_the_horizons_first_and_last_days():
    unplaced = CASES["horizon (no session)"]()

    assert (unplaced.params["start"], unplaced.params["end"]) == ("2026-03-02", "2026-12-31")


def test_an_absence_is_said_in_swedish_too():
    unplaced = CASES["horizon (absence)"]()

    assert text(unplaced, lang="sv") == (
        "varje tillfälle för 'cpr' mellan 2026-01-01 och 2026-12-31 infaller när anna är borta"
    )


def test_every_more_specific_unplaced_message_belongs_to_a_reason():
    reasons = {f"unplaced.{r.value}" for r in UnplacedReason}
    specific = [c for c in CATALOGUE if c.startswith("unplaced.") and c not in reasons]

    assert specific
    assert all(".".join(c.split(".")[:2]) in reasons for c in specific)


# -- Unplaced made by hand ----------------------------------------------------------------


def test_an_unplaced_item_made_by_hand_has_its_reasons_code():
    unplaced = Unplaced("anna", "cpr", "capacity")

    assert (
        unplaced.code,
        text(unplaced),
    ) == ("unplaced.capacity", "every session of 'cpr' that fits anna is full")


def test_a_code_of_another_reason_is_refused_naming_the_field():
    with pytest.raises(ValidationError) as err:
        Unplaced("anna", "cpr", "capacity", code="unplaced.horizon.away")

    assert err.value.path == "code"


def test_a_code_the_catalogue_does_not_have_is_refused():
    with pytest.raises(ValidationError):
        Unplaced("anna", "cpr", "horizon", code="unplaced.horizon.moon")


def test_an_unplaced_items_code_survives_a_json_round_trip():
    unplaced = CASES["horizon (absence)"]()

    assert unplaced == json.loads(json.dumps(unplaced), Unplaced)
