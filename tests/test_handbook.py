"""The leader's handbook: reflection questions per handbook theme, answered into Markdown.

The handbook for leaders in the documents ends each theme with questions to reflect on;
a leader who answers them has a handbook of their own. The questions are ours, in Swedish
and English alike.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from larande import UnknownIdError, ValidationError
from larande.reflection import LEADER_THEMES, QUESTIONS, handbook, questions

THEMES = (
    "driving-learning",
    "leading-learning",
    "place-for-learning",
    "communicating-learning",
    "getting-started",
)


def ids():
    return [f"{t}:{k}" for t in THEMES for k in range(1, len(QUESTIONS["leader"]["en"][t]) + 1)]


def test_the_leader_set_has_the_five_themes_of_the_handbook_in_order():
    assert (LEADER_THEMES, tuple(QUESTIONS["leader"]["sv"])) == (THEMES, THEMES)


def test_every_theme_asks_as_many_questions_in_swedish_as_in_english():
    sv, en = QUESTIONS["leader"]["sv"], QUESTIONS["leader"]["en"]
    assert [len(sv[t]) for t in THEMES] == [len(en[t]) for t in THEMES]


def test_every_theme_asks_at_least_three_questions_none_twice():
    every = [q for t in THEMES for q in QUESTIONS["leader"]["en"][t]]
    assert min(len(QUESTIONS["leader"]["en"][t]) for t in THEMES) >= 3
    assert len(set(every)) == len(every)


def test_the_leader_set_reads_as_one_list_through_questions():
    flat = questions("leader", "en")
    assert flat[0] == QUESTIONS["leader"]["en"]["driving-learning"][0]
    assert len(flat) == len(ids())


def test_the_handbook_has_a_title_and_a_section_per_theme_in_swedish():
    text = handbook({})
    headings = [line for line in text.splitlines() if line.startswith("#")]
    assert headings == [
        "# Min handbok för lärande på arbetsplatsen",
        "## 1. Att driva lärandet",
        "## 2. Lärande ledarskap",
        "## 3. En plats för lärande",
        "## 4. Att kommunicera lärande",
        "## 5. Att komma i gång",
    ]


def test_the_handbook_in_english_asks_the_english_questions():
    text = handbook({}, lang="en")
    assert f"**{QUESTIONS['leader']['en']['getting-started'][0]}**" in text


def test_an_answer_follows_its_question_as_a_quotation():
    text = handbook({"getting-started:1": "A reflection at every APT."}, lang="en")
    lines = text.splitlines()
    at = lines.index(f"**{QUESTIONS['leader']['en']['getting-started'][0]}**")
    assert lines[at + 2] == "> A reflection at every APT."


def test_an_unanswered_question_is_marked_as_still_open():
    text = handbook({}, lang="en")
    assert text.count("*Not answered yet.*") == len(ids())


def test_an_answer_of_several_paragraphs_stays_one_quotation():
    text = handbook({"driving-learning:1": "First.\n\nSecond."}, lang="en")
    assert "> First.\n>\n> Second." in text


def test_an_answer_to_a_question_that_does_not_exist_is_refused_naming_it():
    with pytest.raises(UnknownIdError) as caught:
        handbook({"driving-learning:9": "?"})
    assert caught.value.path == "answers['driving-learning:9']"


def test_an_answer_that_is_not_text_is_refused():
    with pytest.raises(ValidationError):
        handbook({"driving-learning:1": 42})


def test_a_language_other_than_swedish_or_english_is_refused():
    with pytest.raises(UnknownIdError) as caught:
        handbook({}, lang="de")
    assert caught.value.path == "lang"


@given(
    st.dictionaries(
        st.sampled_from(ids()),
        st.text(st.characters(categories=("L", "N")), min_size=1, max_size=30),
    ),
    st.sampled_from(["sv", "en"]),
)
def test_every_answer_given_is_in_the_handbook(answers, lang):
    text = handbook(answers, lang=lang)
    assert all(f"> {answer}" in text for answer in answers.values())
