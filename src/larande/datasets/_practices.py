"""The seeds' practices in the demo: a wish, a career step, leaders, two survey waves.

Kept beside the demo dataset rather than in it: a survey and a career step are not part of
a :class:`~larande.Dataset`, and the demo's needs, plans and reports stay as documented.
"""

from __future__ import annotations

import datetime as dt

import attrs

from larande.culture import ITEMS, SurveyResponse
from larande.followup import Led, LedKind
from larande.needs import Signal, SignalKind

_D = dt.date


@attrs.frozen
class DemoPractices:
    """What the demo shows of the seeds' practices, on top of :func:`load_demo`.

    Attributes:
        wishes: employees' own wishes to learn (signals of kind ``wish``).
        led: projects, working groups and meetings people led (``Led`` events).
        survey: two waves of the learning-culture survey, ``2026-spring`` and
            ``2026-autumn``.
        career: a career step to look at, ``(person, role)``.

    >>> practices = load_practices()
    >>> len(practices.wishes), len(practices.led), practices.career
    (2, 3, ('yusuf.demir', 'developer'))
    >>> sorted({r.wave for r in practices.survey})
    ['2026-autumn', '2026-spring']
    """

    wishes: tuple[Signal, ...]
    led: tuple[Led, ...]
    survey: tuple[SurveyResponse, ...]
    career: tuple[str, str]


# Who answered the survey: home care's two teams in full, the IT platform team, and only
# three of the IT service team (too few to be shown).
_RESPONDENTS = {
    "homecare-north": (
        "amir.haddad", "birgitta.sjo", "cecilia.ek", "dragan.petrovic", "elin.nyberg",
        "fatima.ali", "goran.blom", "hanna.vik", "ines.marquez", "jonas.strand",
    ),
    "homecare-south": (
        "kalle.dahl", "lejla.hodzic", "maria.lund", "nils.berg", "olivia.sand",
        "per.hedlund", "rut.engstrom", "samir.yusuf", "tove.aberg", "ulla.falk",
    ),
    "it-platform": ("wilma.gran", "xin.li", "yusuf.demir", "zara.holmberg", "anders.moberg"),
    "it-service": ("bella.carlsson", "david.sundin", "emma.wallin"),
}  # fmt: skip


def _answer(person: int, item: int, wave: int, unit: str) -> int:
    """A fixed answer 1..5, home care a step higher in autumn (not in time for learning).

    Spread by person and item; safe climate and sharing score higher than the rest.
    """
    base = 2 + (person + 2 * item) % 3  # 2, 3 or 4
    theme = item // 3  # three statements a theme, in the order of THEMES
    lift = (theme in (0, 2)) + (wave == 1 and unit.startswith("homecare") and theme != 1)
    return min(5, base + lift)


def _survey() -> tuple[SurveyResponse, ...]:
    out = []
    waves = (("2026-spring", _D(2026, 3, 16)), ("2026-autumn", _D(2026, 10, 12)))
    for w, (wave, on) in enumerate(waves):
        for unit, people in _RESPONDENTS.items():
            for p, person in enumerate(people):
                answers = {it.id: _answer(p, i, w, unit) for i, it in enumerate(ITEMS)}
                out.append(SurveyResponse(f"survey-{wave}-{person}", person, on, answers, wave))
    return tuple(out)


def load_practices() -> DemoPractices:
    """The demo's practices: what Älvby's people wished, led and answered.

    Fatima Ali wishes to learn digital night supervision, which a home-care goal depends
    on; Xin Li wishes to learn agile project management, which no goal does.
    Wilma Gran led the pipeline project and a working group, Elin Nyberg the team meeting's
    reflection. Yusuf Demir looks at becoming a developer. Two survey waves, in March and
    October 2026.
    """
    wish = SignalKind.WISH
    return DemoPractices(
        wishes=(
            Signal("wish-fatima", wish, _D(2026, 1, 8), "digital-supervision",
                   person="fatima.ali"),
            Signal("wish-xin-agile", wish, _D(2026, 1, 9), "agile", person="xin.li"),
        ),
        led=(
            Led("led-wilma-pipeline", "wilma.gran", _D(2025, 11, 3), "the pipeline project",
                LedKind.PROJECT),
            Led("led-wilma-release", "wilma.gran", _D(2025, 12, 1), "the release working group",
                LedKind.WORKING_GROUP),
            Led("led-elin-apt", "elin.nyberg", _D(2025, 12, 2), "the reflection at the APT",
                LedKind.MEETING),
        ),
        survey=_survey(),
        career=("yusuf.demir", "developer"),
    )  # fmt: skip
