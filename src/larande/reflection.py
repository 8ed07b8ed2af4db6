"""Questions for talking about learning: feedback sessions, retrospectives, team meetings.

``QUESTIONS[set][language]`` is a tuple of questions; the sets are ``"feedback"`` (after an
activity), ``"feedback-gentle"`` (fewer, softer, for someone uneasy about training),
``"retrospective"`` (a team looking back) and ``"apt"`` (reflection at the workplace
meeting, *arbetsplatsträff*); the languages ``"sv"`` and ``"en"``, question by question the
same. We wrote them ourselves.

The set ``"leader"`` is the leader's own: ``QUESTIONS["leader"][language]`` maps each of
the five :data:`LEADER_THEMES` of a leader's handbook on learning to its questions, a
question's id being ``"{theme}:{k}"`` (k from 1). :func:`handbook` turns a leader's
answers into their own handbook, in Markdown.

>>> QUESTIONS["feedback"]["en"][0]
'What do you do differently at work since the training?'
>>> len(QUESTIONS["apt"]["sv"]) == len(QUESTIONS["apt"]["en"])
True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from larande.frozenmap import FrozenMap

__all__ = ["LANGUAGES", "LEADER_THEMES", "QUESTIONS", "SETS", "handbook", "questions"]

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

LEADER_THEMES = (
    "driving-learning",
    "leading-learning",
    "place-for-learning",
    "communicating-learning",
    "getting-started",
)
"""The themes of a leader's handbook, in order: driving learning, leading learning, a place
for learning, communicating learning, getting started."""

_LEADER: dict[str, dict[str, tuple[str, ...]]] = {
    "driving-learning": {
        "sv": (
            "Hur hänger lärandet ihop med det vår verksamhet ska uppnå, på varje nivå?",
            "Var står målen för lärande i våra styrdokument, och hur följer vi upp dem?",
            "Hur ser varje medarbetare vad just hens lärande betyder för helheten?",
            "Vilka ambassadörer kan hjälpa mig att hålla lärandet vid liv i vardagen?",
        ),
        "en": (
            "How is learning tied to what our organisation is to achieve, at every level?",
            "Where do our steering documents state goals for learning, and how do we follow "
            "them up?",
            "How does each employee see what their own learning means for the whole?",
            "Which ambassadors can help me keep learning alive day to day?",
        ),
    },
    "leading-learning": {
        "sv": (
            "Hur visar jag själv att jag lär mig nytt?",
            "Vilka förväntningar på lärande har jag uttalat, och till vem?",
            "Hur följer jag upp det mina medarbetare lär sig, och hur ofta?",
            "Vem i gruppen skulle kunna leda nästa projekt, arbetsgrupp eller reflektion?",
        ),
        "en": (
            "How do I show that I am learning something new myself?",
            "Which expectations about learning have I said out loud, and to whom?",
            "How do I follow up what my people learn, and how often?",
            "Who in the team could lead the next project, working group or reflection?",
        ),
    },
    "place-for-learning": {
        "sv": (
            "Vad gör det tryggt hos oss att säga att man inte kan något ännu?",
            "Var i kalendern finns tiden för lärande, också under de tunga perioderna?",
            "Hur tar vi vara på misstag och avvikelser för att lära?",
        ),
        "en": (
            "What makes it safe here to say that you cannot do something yet?",
            "Where in the calendar is the time for learning, busy periods included?",
            "How do we use mistakes and deviation reports to learn?",
        ),
    },
    "communicating-learning": {
        "sv": (
            "Hur berättar vi för varandra vad vi har lärt oss, och var?",
            "Vilka framgångar, små eller stora, borde vi uppmärksamma?",
            "Hur når det en medarbetare lärt sig fler än hens närmaste kollegor?",
        ),
        "en": (
            "How do we tell one another what we have learnt, and where?",
            "Which successes, small or large, should we make visible?",
            "How does what one person learnt reach more than their nearest colleagues?",
        ),
    },
    "getting-started": {
        "sv": (
            "Vilket första lilla steg tar vi den här månaden?",
            "Vem gör vad, och när stämmer vi av?",
            "Hur vet vi om ett halvår att vi har kommit framåt?",
        ),
        "en": (
            "Which small first step do we take this month?",
            "Who does what, and when do we check in?",
            "How will we know in six months that we have moved forward?",
        ),
    },
}

_ALL: dict[str, FrozenMap[str, Any]] = {
    name: FrozenMap(by_language) for name, by_language in _SETS.items()
}
_ALL["leader"] = FrozenMap(
    {
        lang: FrozenMap({theme: _LEADER[theme][lang] for theme in LEADER_THEMES})
        for lang in LANGUAGES
    }
)
QUESTIONS: FrozenMap[str, FrozenMap[str, Any]] = FrozenMap(_ALL)
"""``QUESTIONS[set][language]`` -> the questions, in order; for ``"leader"``, a mapping of
each of :data:`LEADER_THEMES` to its questions."""

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
    found = QUESTIONS[name][language]
    if isinstance(found, FrozenMap):  # the leader's set: every theme's, in order
        return tuple(q for theme in LEADER_THEMES for q in found[theme])
    return found  # type: ignore[no-any-return]


def handbook(answers: Mapping[str, str], *, lang: str = "sv") -> str:
    """The leader's own handbook in Markdown, from their answers to the leader's questions.

    ``answers`` maps a question id (``"{theme}:{k}"``, see :data:`QUESTIONS`) to the
    leader's answer. The handbook has a section per theme, in order, each question followed
    by its answer as a quotation; an unanswered question says so, so the handbook also
    shows what is left to think about.

    >>> text = handbook({"getting-started:1": "Reflection at every APT."}, lang="en")
    >>> print(text.splitlines()[0])
    # My handbook for learning at work
    >>> "> Reflection at every APT." in text
    True

    Raises:
        UnknownIdError: an unknown language, or an answer to a question that does not exist.
        ValidationError: ``answers`` is not a mapping of str to str.
    """
    from larande.exceptions import UnknownIdError, ValidationError
    from larande.messages import render

    if lang not in LANGUAGES:
        raise UnknownIdError(
            "language", str(lang), path="lang", expected=f"one of {list(LANGUAGES)}"
        )
    if not isinstance(answers, Mapping):
        raise ValidationError(
            f"expected answers to be a mapping question id -> text, got {type(answers).__name__}",
            path="answers",
        )
    sets: FrozenMap[str, tuple[str, ...]] = QUESTIONS["leader"][lang]
    known = {f"{theme}:{k}" for theme in LEADER_THEMES for k in range(1, len(sets[theme]) + 1)}
    for qid, text in answers.items():
        if qid not in known:
            raise UnknownIdError(
                "question",
                str(qid),
                path=f"answers[{qid!r}]",
                expected='a leader question id "{theme}:{k}"',
            )
        if not isinstance(text, str):
            raise ValidationError(
                f"expected the answer to {qid!r} to be a str, got {type(text).__name__}",
                path=f"answers[{qid!r}]",
            )
    lines = [f"# {render('handbook.title', lang=lang)}", ""]
    for number, theme in enumerate(LEADER_THEMES, 1):
        lines += [f"## {number}. {render(f'handbook.theme.{theme}', lang=lang)}", ""]
        for k, question in enumerate(sets[theme], 1):
            lines += [f"**{question}**", ""]
            answer = answers.get(f"{theme}:{k}", "").strip()
            if answer:
                lines += [f"> {line}" if line.strip() else ">" for line in answer.splitlines()]
            else:
                lines.append(f"*{render('handbook.unanswered', lang=lang)}*")
            lines.append("")
    return "\n".join(lines)
