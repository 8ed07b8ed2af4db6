"""Leadership: the ``Led`` event, and the potential leaders among those who lead and share.

The documents advise letting people lead projects, working groups and the team's
reflection, which grows self-leadership and shows who could lead tomorrow.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, reject
from hypothesis import strategies as st

from larande import (
    KnowledgeShared,
    Led,
    LedKind,
    Retracted,
    UnknownIdError,
    ValidationError,
    forget,
    potential_leaders,
    replay,
)
from larande import testing as lt
from larande.datasets import load_demo
from larande.io import json

D = dt.date
AS_OF = D(2026, 1, 12)


def led(eid, person, on, kind="project", what="Pipeline pilot"):
    return Led(eid, person, on, what, kind)


def shared(eid, person, on):
    return KnowledgeShared(eid, person, "devops-elearning", on, "APT")


def test_a_led_event_takes_the_three_kinds_of_the_documents():
    kinds = [led(f"l{i}", "xin.li", AS_OF, kind).kind for i, kind in
             enumerate(["project", "working-group", "meeting"])]  # fmt: skip
    assert kinds == [LedKind.PROJECT, LedKind.WORKING_GROUP, LedKind.MEETING]


@pytest.mark.parametrize("field", ["person", "kind"])
def test_a_led_event_without_a_person_or_kind_is_refused_naming_the_field(field):
    values = {"id": "l1", "person": "xin.li", "on": AS_OF, "what": "Pilot", "kind": "project"}
    with pytest.raises(ValidationError) as caught:
        Led(**{**values, field: ""})
    assert caught.value.path == field


def test_a_led_event_for_an_unknown_person_is_refused_by_replay_with_the_org():
    demo = load_demo()
    with pytest.raises(UnknownIdError) as caught:
        replay([led("l1", "nobody", AS_OF)], org=demo.org)
    assert (caught.value.path, "nobody" in str(caught.value)) == ("events[0].person", True)


def test_someone_who_led_a_project_is_a_potential_leader():
    demo = load_demo()
    state = replay([led("l1", "xin.li", D(2025, 11, 3))])
    assert potential_leaders(state, demo.org, as_of=AS_OF) == ("xin.li",)


def test_who_led_shared_and_mentored_ranks_above_who_only_led_more_often():
    demo = load_demo()
    state = replay(
        [
            led("l1", "xin.li", D(2025, 10, 1)),
            led("l2", "xin.li", D(2025, 11, 1)),
            led("l3", "xin.li", D(2025, 12, 1)),
            led("l4", "rut.engstrom", D(2025, 9, 2), "meeting", "APT reflection"),
            led("l5", "rut.engstrom", D(2025, 9, 9), "mentoring", "Mentoring Fatima"),
            shared("k1", "rut.engstrom", D(2025, 10, 6)),
        ]
    )
    assert potential_leaders(state, demo.org, as_of=AS_OF) == ("rut.engstrom", "xin.li")


def test_at_equal_breadth_more_contributions_rank_first_then_the_latest():
    demo = load_demo()
    state = replay(
        [
            led("l1", "xin.li", D(2025, 10, 1)),
            led("l2", "zara.holmberg", D(2025, 10, 1)),
            led("l3", "zara.holmberg", D(2025, 10, 8)),
            led("l4", "emma.wallin", D(2025, 12, 1)),
        ]
    )
    assert potential_leaders(state, demo.org, as_of=AS_OF) == (
        "zara.holmberg",
        "emma.wallin",
        "xin.li",
    )


def test_leading_before_the_window_or_after_as_of_does_not_count():
    demo = load_demo()
    state = replay([led("l1", "xin.li", D(2024, 12, 1)), led("l2", "emma.wallin", D(2026, 2, 1))])
    assert potential_leaders(state, demo.org, as_of=AS_OF) == ()


def test_a_retracted_led_event_does_not_count():
    demo = load_demo()
    state = replay([led("l1", "xin.li", D(2025, 12, 1)), Retracted("r1", D(2025, 12, 2), "l1")])
    assert potential_leaders(state, demo.org, as_of=AS_OF) == ()


def test_someone_who_already_manages_people_is_not_a_potential_leader():
    """Karin manages home care: she leads already."""
    demo = load_demo()
    state = replay([led("l1", "karin.holm", D(2025, 12, 1))])
    assert potential_leaders(state, demo.org, as_of=AS_OF) == ()


def test_a_leader_unknown_to_the_org_is_refused():
    demo = load_demo()
    with pytest.raises(UnknownIdError):
        potential_leaders(replay([led("l1", "nobody", D(2025, 12, 1))]), demo.org, as_of=AS_OF)


def test_a_negative_window_is_refused():
    demo = load_demo()
    with pytest.raises(ValidationError) as caught:
        potential_leaders(replay([]), demo.org, as_of=AS_OF, within=dt.timedelta(days=-1))
    assert caught.value.path == "within"


def test_forgetting_a_person_forgets_what_they_led():
    state = replay([led("l1", "xin.li", D(2025, 12, 1))])
    assert forget(state, "xin.li") == replay([])


def test_a_state_with_led_events_reads_back_equal_from_json():
    state = replay([led("l1", "xin.li", D(2025, 12, 1)), led("l2", "xin.li", AS_OF, "club")])
    assert json.loads(json.dumps(state), type(state)) == state


@given(st.lists(lt.events(people=("xin.li", "rut.engstrom", "karin.holm")), max_size=25))
def test_potential_leaders_do_not_depend_on_the_order_events_arrived_in(events):
    events = list({e.id: e for e in events}.values())
    try:
        forward, backward = replay(events), replay(events[::-1])
    except ValidationError:  # a retraction of a retraction: refused, not the subject here
        reject()
    demo = load_demo()
    first = potential_leaders(forward, demo.org, as_of=D(2026, 12, 31))
    last = potential_leaders(backward, demo.org, as_of=D(2026, 12, 31))
    assert first == last
