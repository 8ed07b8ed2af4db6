"""Why an item stayed out of the year, in Swedish as in English: Unplaced carries params."""

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
    UnplacedReason,
    WorkCalendar,
    schedule,
)
from larande.messages import render, text

H = dt.timedelta(hours=1)
D = dt.date
CAL = WorkCalendar([2026])


def _one_unplaced(activities, items, **options):
    plan = LearningPlan("anna", tuple(PlanItem(a, (), priority=1.0) for a in items))
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


CASES = {
    "budget": lambda: _one_unplaced(
        [_course("big", 8, [])], ["big"], end=D(2026, 1, 31), budget=H
    ),
    "horizon": lambda: _one_unplaced(
        [_course("cpr", 4, [Session("s", D(2026, 2, 3), 5)])], ["cpr"], start=D(2026, 3, 2)
    ),
    "horizon (absence)": lambda: _one_unplaced(
        [_course("cpr", 4, [Session("s", D(2026, 2, 3), 5)])],
        ["cpr"],
        absences=[Absence("anna", D(2026, 2, 1), D(2026, 2, 28))],
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_unplaced_items_reason_reads_in_swedish_with_the_schedulers_values(case):
    """No placeholder is left unfilled: the scheduler gives every value the message names."""
    unplaced = CASES[case]()

    swedish = text(unplaced, lang="sv")

    assert "{" not in swedish
    assert "anna" in swedish
    assert swedish == render(f"unplaced.{unplaced.reason}", unplaced.params, lang="sv")


def test_the_budget_reason_names_the_hours_used_and_set_aside():
    """Durations read as hours: 0 h used of the 1 h set aside; the item takes 8 h."""
    unplaced = CASES["budget"]()

    assert unplaced.reason == UnplacedReason.BUDGET
    assert (unplaced.params["used"], unplaced.params["hours"]) == (0.0, 8.0)
    assert "8 h" in text(unplaced, lang="sv")


def test_the_horizon_reason_names_the_horizons_first_and_last_days():
    unplaced = CASES["horizon"]()

    assert (unplaced.params["start"], unplaced.params["end"]) == ("2026-03-02", "2026-12-31")


def test_the_schedulers_own_sentence_stays_the_english_detail():
    """The English detail may say more than the reason (here: the absence)."""
    unplaced = CASES["horizon (absence)"]()

    assert "away" in unplaced.detail
