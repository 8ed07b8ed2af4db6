"""Each pass of the solver on its own: sound, and its indices in step with its placements.

The solver is a greedy placement followed by repair passes, each a function of the problem
and the state (``larande.scheduling._solve.PASSES``). Here each repair runs alone after
the greedy placement, and any sequence of passes runs in any order, on generated
instances; the independent validator (``tests/test_schedule_validator.py``) must find
nothing, :meth:`_State.check` must find the indices in step, and no repair may leave out
more priority than it found.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.test_schedule_validator import check, instances

from larande import Activity, Catalog, LearningPlan, PlanItem, Session, WorkCalendar
from larande.scheduling._finish import result
from larande.scheduling._greedy import place_greedily
from larande.scheduling._problem import _Problem
from larande.scheduling._solve import PASSES
from larande.scheduling._state import _State
from larande.scheduling._tasks import _Tasks

REPAIRS = [p for p in PASSES if p is not place_greedily]
NAMES = {p.__name__: p for p in REPAIRS}


def problem_of(inst: dict[str, object]) -> _Problem:
    return _Problem(
        inst["plans"],  # type: ignore[arg-type]
        inst["catalog"],  # type: ignore[arg-type]
        calendar=inst["calendar"],  # type: ignore[arg-type]
        start=inst["start"],  # type: ignore[arg-type]
        end=inst["end"],  # type: ignore[arg-type]
        budget=inst["budget"],  # type: ignore[arg-type]
        peak=inst["peak"],  # type: ignore[arg-type]
        taken=inst["taken"],  # type: ignore[arg-type]
        org=inst["org"],  # type: ignore[arg-type]
        absences=inst["absences"],  # type: ignore[arg-type]
        season=inst["season"],  # type: ignore[arg-type]
        money=inst["money"],  # type: ignore[arg-type]
    )


def left_out(state: _State) -> float:
    return round(sum(state.tasks[k].priority for k in state.unplaced), 9)


@pytest.mark.parametrize("repair", REPAIRS, ids=lambda p: p.__name__)
@settings(max_examples=40, deadline=None)
@given(inst=instances())
def test_each_repair_alone_after_the_greedy_placement_stays_sound(repair, inst):
    pb = problem_of(inst)
    state = _State(pb, _Tasks(pb))
    place_greedily(pb, state)
    state.check()
    before = left_out(state)
    repair(pb, state)
    state.check()
    assert check(result(pb, state), inst) == []
    assert left_out(state) <= before


@settings(max_examples=60, deadline=None)
@given(inst=instances(), order=st.lists(st.sampled_from(sorted(NAMES)), max_size=6))
def test_the_passes_in_any_order_stay_sound(inst, order):
    """The greedy placement first (every item decided), then any repairs, repeated or not."""
    pb = problem_of(inst)
    state = _State(pb, _Tasks(pb))
    place_greedily(pb, state)
    for name in order:
        NAMES[name](pb, state)
        state.check()
    assert check(result(pb, state), inst) == []


def test_the_state_check_finds_an_index_out_of_step():
    """A load changed behind the state's back is caught."""
    catalog = Catalog(
        [
            Activity(
                "cpr",
                "CPR",
                "course",
                {"x": 1},
                dt.timedelta(hours=4),
                sessions=[Session("cpr-1", dt.date(2026, 2, 24), 3)],
            )
        ]
    )
    pb = _Problem(
        [LearningPlan("anna", [PlanItem("cpr", ())])],
        catalog,
        calendar=WorkCalendar(2026),
        start=dt.date(2026, 1, 1),
        end=dt.date(2026, 12, 31),
        budget=dt.timedelta(hours=8),
        peak=2.0,
        taken=None,
        org=None,
    )
    state = _State(pb, _Tasks(pb))
    place_greedily(pb, state)
    state.check()
    state.seats["cpr-1"] += 1
    with pytest.raises(AssertionError, match="seats"):
        state.check()
