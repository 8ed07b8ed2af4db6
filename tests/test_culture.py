"""Learning culture: our own survey, unit scores per theme, never isolating a few people.

The documents' themes (a safe climate, time for learning, sharing, leaders' support,
learning from mistakes) as statements in Swedish and English; scores per unit and theme,
suppressed below ``min_group`` respondents and wherever subtraction would reveal a smaller
group; the change since the unit's previous wave.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from larande import (
    CultureScore,
    SurveyItem,
    SurveyResponse,
    UnknownIdError,
    ValidationError,
)
from larande import testing as lt
from larande.culture import ITEMS, THEMES, culture
from larande.datasets import load_demo
from larande.io import json
from larande.messages import render

D = dt.date
SPRING, AUTUMN = D(2026, 3, 2), D(2026, 10, 5)


def everything(score):
    return {item.id: score for item in ITEMS}


def answered(people, score, wave="2026-spring", on=SPRING, prefix=None):
    tag = prefix or wave
    return [SurveyResponse(f"{tag}:{p}", p, on, everything(score), wave) for p in people]


def members(unit):
    return [p.id for p in load_demo().org.members(unit)]


# -- the statements ----------------------------------------------------------------------------


def test_the_survey_has_three_statements_on_each_of_the_five_themes():
    counts = {theme: sum(1 for i in ITEMS if i.theme == theme) for theme in THEMES}
    assert counts == dict.fromkeys(
        ["safe-climate", "time-for-learning", "sharing", "leaders-support",
         "learning-from-mistakes"], 3)  # fmt: skip


def test_every_statement_exists_in_swedish_and_english_and_they_differ():
    assert all(set(i.text) == {"sv", "en"} and i.text["sv"] != i.text["en"] for i in ITEMS)


def test_every_statement_has_its_own_id():
    assert len({i.id for i in ITEMS}) == len(ITEMS)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_every_theme_has_a_title_in_both_languages(lang):
    titles = [render(f"culture.theme.{theme}", lang=lang) for theme in THEMES]
    assert len(set(titles)) == len(THEMES)


def test_a_statement_missing_a_language_is_refused():
    with pytest.raises(ValidationError) as caught:
        SurveyItem("x", "sharing", {"en": "We share."})
    assert caught.value.path == "text"


# -- responses -------------------------------------------------------------------------------


@pytest.mark.parametrize("answer", [0, 6, "3", True, 2.5])
def test_an_answer_outside_one_to_five_is_refused_naming_the_item(answer):
    with pytest.raises(ValidationError) as caught:
        SurveyResponse("r1", "xin.li", SPRING, {"sharing-1": answer}, "2026-spring")
    assert caught.value.path == "answers['sharing-1']"


def test_an_answer_to_an_unknown_item_is_refused_naming_it():
    with pytest.raises(UnknownIdError) as caught:
        SurveyResponse("r1", "xin.li", SPRING, {"pay-1": 3}, "2026-spring")
    assert "pay-1" in str(caught.value)


def test_a_response_from_someone_outside_the_organisation_is_refused():
    demo = load_demo()
    with pytest.raises(UnknownIdError) as caught:
        culture(answered(["nobody"], 3), demo.org, wave="2026-spring")
    assert caught.value.path == "responses[0].person"


def test_a_wave_nobody_answered_in_is_refused():
    demo = load_demo()
    with pytest.raises(UnknownIdError) as caught:
        culture(answered(members("homecare-south"), 3), demo.org, wave="2025-autumn")
    assert caught.value.path == "wave"


def test_two_different_responses_with_one_id_are_refused():
    demo = load_demo()
    twice = [
        SurveyResponse("r1", "xin.li", SPRING, {"sharing-1": 3}, "2026-spring"),
        SurveyResponse("r1", "xin.li", SPRING, {"sharing-1": 4}, "2026-spring"),
    ]
    with pytest.raises(ValidationError):
        culture(twice, demo.org, wave="2026-spring")


# -- scores ----------------------------------------------------------------------------------


def test_home_care_south_scores_every_theme_with_its_ten_respondents():
    demo = load_demo()
    scores = culture(answered(members("homecare-south"), 4), demo.org, wave="2026-spring")
    assert scores["homecare-south"] == dict.fromkeys(THEMES, CultureScore(4.0, 10, None))


def test_the_second_wave_shows_the_change_since_the_first():
    demo = load_demo()
    south = members("homecare-south")
    responses = answered(south, 3) + answered(south, 4, "2026-autumn", AUTUMN)
    scores = culture(responses, demo.org, wave="2026-autumn")
    assert scores["homecare-south"]["safe-climate"] == CultureScore(4.0, 10, 1.0)


def test_the_first_wave_has_no_change():
    demo = load_demo()
    south = members("homecare-south")
    responses = answered(south, 3) + answered(south, 4, "2026-autumn", AUTUMN)
    scores = culture(responses, demo.org, wave="2026-spring")
    assert scores["homecare-south"]["sharing"].change is None


def test_a_unit_with_fewer_than_min_group_respondents_shows_nothing():
    """Four of IT service's six answer: the team maps to None."""
    demo = load_demo()
    scores = culture(answered(members("it-service")[:4], 5), demo.org, wave="2026-spring")
    assert scores["it-service"] is None


def test_a_team_that_would_reveal_a_smaller_one_by_subtraction_is_hidden():
    """Seven answer in North, three in South: home care minus North would give South."""
    demo = load_demo()
    responses = answered(members("homecare-north")[:7], 4) + answered(
        members("homecare-south")[:3], 1
    )
    scores = culture(responses, demo.org, wave="2026-spring")
    shown = {u: s is not None for u, s in scores.items() if u.startswith("homecare")}
    assert shown == {"homecare": True, "homecare-north": False, "homecare-south": False}


def test_everyone_weighs_the_same_however_many_items_they_answered():
    demo = load_demo()
    south = members("homecare-south")
    responses = [
        SurveyResponse(f"r{i}", p, SPRING, {"sharing-1": 5} if i else {
            "sharing-1": 1, "sharing-2": 1, "sharing-3": 1}, "w")
        for i, p in enumerate(south[:5])
    ]  # fmt: skip
    scores = culture(responses, demo.org, wave="w")
    assert scores["homecare-south"]["sharing"] == CultureScore(4.2, 5, None)


def test_a_theme_too_few_answered_is_left_out_of_the_units_scores():
    demo = load_demo()
    south = members("homecare-south")
    late = SurveyResponse("x", south[5], SPRING, {"sharing-1": 4}, "2026-spring")
    responses = [*answered(south[:5], 3), late]
    scores = culture(responses, demo.org, wave="2026-spring")
    assert (scores["homecare-south"]["sharing"].respondents, len(scores["homecare-south"])) == (
        6,
        5,
    )


def test_a_persons_latest_response_in_a_wave_counts():
    demo = load_demo()
    south = members("homecare-south")
    responses = answered(south, 2) + answered(south, 5, on=D(2026, 3, 9), prefix="again")
    scores = culture(responses, demo.org, wave="2026-spring")
    assert scores["homecare-south"]["sharing"].mean == 5.0


def test_change_compares_with_the_units_own_previous_wave():
    """IT did not take part in the summer wave: its autumn change is against spring."""
    demo = load_demo()
    it, south = members("it-platform"), members("homecare-south")
    responses = (
        answered(it, 2)
        + answered(south, 3, "2026-summer", D(2026, 6, 1))
        + answered(it, 3, "2026-autumn", AUTUMN)
    )
    scores = culture(responses, demo.org, wave="2026-autumn")
    assert scores["it-platform"]["leaders-support"].change == 1.0


@pytest.mark.parametrize("min_group", [0, -2, 2.0, None])
def test_a_bad_min_group_is_refused(min_group):
    demo = load_demo()
    with pytest.raises(ValidationError) as caught:
        culture(answered(members("it"), 3), demo.org, wave="2026-spring", min_group=min_group)
    assert caught.value.path == "min_group"


# -- JSON and properties -----------------------------------------------------------------------


def test_a_survey_item_reads_back_equal_from_json():
    assert json.loads(json.dumps(ITEMS[0]), SurveyItem) == ITEMS[0]


def test_a_culture_score_reads_back_equal_from_json():
    score = CultureScore(3.75, 12, -0.5)
    assert json.loads(json.dumps(score), CultureScore) == score


@given(lt.survey_responses(load_demo().org))
def test_every_survey_response_reads_back_equal_from_json(response):
    assert json.loads(json.dumps(response), SurveyResponse) == response


_ORG = load_demo().org
_PARENT = {u.id: u.parent for u in _ORG.units}


@given(
    st.lists(lt.survey_responses(_ORG, ids=st.uuids().map(str)), max_size=60),
    st.integers(1, 6),
)
def test_no_culture_score_isolates_fewer_than_min_group_people_even_by_subtraction(
    responses, min_group
):
    waves = {r.wave for r in responses}
    for wave in waves:
        scores = culture(responses, _ORG, wave=wave, min_group=min_group)
        for theme in THEMES:
            shown = {u: s[theme].respondents for u, s in scores.items() if s and theme in s}
            for unit, n in shown.items():
                below = []
                for other in shown:
                    up = _PARENT[other]
                    while up is not None and up not in shown:
                        up = _PARENT[up]
                    if up == unit:
                        below.append(shown[other])
                rest = n - sum(below)
                assert (n >= min_group, rest == 0 or rest >= min_group) == (True, True)


@given(st.lists(lt.survey_responses(_ORG, ids=st.uuids().map(str)), min_size=1, max_size=40))
def test_every_shown_mean_lies_between_one_and_five(responses):
    scores = culture(responses, _ORG, wave=responses[0].wave, min_group=1)
    means = [s.mean for found in scores.values() if found for s in found.values()]
    assert all(1.0 <= m <= 5.0 for m in means)
