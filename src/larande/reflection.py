"""Questions for talking about learning: feedback sessions, retrospectives, team meetings.

``QUESTIONS[set][language]`` is a tuple of questions; the sets are ``"feedback"`` (after an
activity), ``"feedback-gentle"`` (fewer, softer, for someone uneasy about training),
``"retrospective"`` (a team looking back) and ``"apt"`` (reflection at the workplace
meeting, *arbetsplatsträff*); the languages ``"sv"`` and ``"en"``, question by question the
same. We wrote them ourselves.

>>> QUESTIONS["feedback"]["en"][0]
'What do you do differently at work since the training?'
>>> len(QUESTIONS["apt"]["sv"]) == len(QUESTIONS["apt"]["en"])
True
"""

from __future__ import annotations

from larande.frozenmap import FrozenMap

__all__ = ["LANGUAGES", "QUESTIONS", "SETS", "questions"]

LANGUAGES = ("sv", "en")
"""The languages every set is written in."""

_SETS: dict[str, dict[str, tuple[str, ...]]] = {
    "feedback": {
        "sv": (
            "Vad gör du annorlunda i arbetet sedan utbildningen?",
            "I vilken situation har du haft nytta av det du lärde dig?",
            "Vad har gjort det svårt att använda det nya?",
            "Vilket stöd, vilken tid eller vilka verktyg skulle hjälpa dig vidare?",
            "Vad vill du dela med dina kollegor, och var?",
        ),
        "en": (
            "What do you do differently at work since the training?",
            "In which situation has what you learnt been useful?",
            "What has made it hard to use the new knowledge?",
            "What support, time or tools would help you further?",
            "What would you like to share with your colleagues, and where?",
        ),
    },
    "feedback-gentle": {
        "sv": (
            "Vad var det första du kände igen från ditt eget arbete?",
            "Vilket litet steg vill du prova den här veckan?",
            "Vem kan du fråga om du kör fast?",
        ),
        "en": (
            "What was the first thing you recognised from your own work?",
            "Which small step would you like to try this week?",
            "Who can you ask if you get stuck?",
        ),
    },
    "retrospective": {
        "sv": (
            "Vad gick bra sedan sist, och varför?",
            "Vad gick mindre bra, och vad lär vi oss av det?",
            "Vad tar vi med oss och gör oftare?",
            "Vad slutar vi med?",
            "Vem ansvarar för nästa steg, och när följer vi upp?",
        ),
        "en": (
            "What went well since last time, and why?",
            "What went less well, and what do we learn from it?",
            "What do we keep and do more often?",
            "What do we stop doing?",
            "Who owns the next step, and when do we follow up?",
        ),
    },
    "apt": {
        "sv": (
            "Vilken händelse den senaste månaden lärde oss något?",
            "Vad skulle vi göra likadant, och vad skulle vi ändra?",
            "Vem har provat något nytt som fler borde känna till?",
            "Vilken rutin behöver vi se över tillsammans?",
            "Vad tar vi upp igen på nästa träff?",
        ),
        "en": (
            "Which event in the last month taught us something?",
            "What would we do the same way, and what would we change?",
            "Who has tried something new that more of us should know about?",
            "Which routine do we need to look at together?",
            "What do we pick up again at the next meeting?",
        ),
    },
}

QUESTIONS: FrozenMap[str, FrozenMap[str, tuple[str, ...]]] = FrozenMap(
    {name: FrozenMap(by_language) for name, by_language in _SETS.items()}
)
"""``QUESTIONS[set][language]`` -> the questions, in order."""

SETS = tuple(QUESTIONS)
"""The names of the question sets."""


def questions(name: str, language: str = "sv") -> tuple[str, ...]:
    """The questions of set ``name`` in ``language`` (``"sv"`` or ``"en"``).

    >>> questions("retrospective", "en")[-1]
    'Who owns the next step, and when do we follow up?'
    """
    from larande.exceptions import UnknownIdError

    if name not in QUESTIONS:
        raise UnknownIdError("question set", str(name), expected=f"one of {list(SETS)}")
    if language not in LANGUAGES:
        raise UnknownIdError("language", str(language), expected=f"one of {list(LANGUAGES)}")
    return QUESTIONS[name][language]
