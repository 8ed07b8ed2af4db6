"""Learning culture: a short survey, scored per unit and theme, without singling anyone out.

The source documents hold that learning thrives where the climate is safe, time is set
aside, people share, leaders support and mistakes are learnt from. :data:`ITEMS` are our
own statements on those five :data:`THEMES`, in Swedish and English, answered from 1
(disagree) to 5 (agree). :func:`culture` scores one survey wave per unit and theme and
shows the change since the unit's previous wave.

No score isolates fewer than ``min_group`` people: a unit with fewer respondents shows
``None``, and so does any score from which a smaller group's could be worked out by
subtracting shown scores from one another (a parent unit minus its sub-units).

>>> ITEMS[0].theme, ITEMS[0].text["en"]
('safe-climate', 'I can ask questions in my team without feeling foolish.')
>>> len({item.theme for item in ITEMS}) == len(THEMES) == 5
True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from larande import _check as check
from larande.exceptions import UnknownIdError, ValidationError
from larande.frozenmap import FrozenMap
from larande.needs._matrix import _suppress, _Tree
from larande.organization import Organization

__all__ = [
    "ITEMS",
    "THEMES",
    "CultureScore",
    "SurveyItem",
    "SurveyResponse",
    "culture",
]

THEMES = (
    "safe-climate",
    "time-for-learning",
    "sharing",
    "leaders-support",
    "learning-from-mistakes",
)
"""The five themes, in the order scores are given (their titles: ``culture.theme.*``
in :data:`larande.messages.CATALOGUE`)."""

_LANGUAGES = frozenset({"sv", "en"})


def _text(value: Mapping[str, str]) -> FrozenMap[str, str]:
    return check.as_frozenmap(value)  # type: ignore[no-any-return]


def _validate_text(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, FrozenMap) or set(value) != _LANGUAGES:
        check.fail(inst, attribute.name, value, "a mapping of 'sv' and 'en' to the statement")
    for lang, statement in value.items():
        if not isinstance(statement, str) or not statement:
            check.fail(inst, attribute.name, (lang, statement), "a non-empty str statement")


@attrs.frozen
class SurveyItem:
    """A statement of the culture survey, answered from 1 (disagree) to 5 (agree).

    Attributes:
        id: a stable id (``"safe-climate-1"``), the key of a :class:`SurveyResponse`.
        theme: one of :data:`THEMES`.
        text: the statement in Swedish (``"sv"``) and English (``"en"``).
    """

    id: str = attrs.field(validator=check.identifier)
    theme: str = attrs.field(validator=check.identifier)
    text: FrozenMap[str, str] = attrs.field(converter=_text, validator=_validate_text)


_STATEMENTS: tuple[tuple[str, str, str], ...] = (
    # theme, Swedish, English: our own statements, one idea each.
    ("safe-climate",
     "Jag kan ställa frågor i min arbetsgrupp utan att känna mig dum.",
     "I can ask questions in my team without feeling foolish."),
    ("safe-climate",
     "Olika åsikter blir lyssnade på här, också när de går emot chefens.",
     "Differing views are listened to here, also when they go against the manager's."),
    ("safe-climate",
     "Jag vågar säga att jag inte kan något ännu.",
     "I dare to say that I cannot do something yet."),
    ("time-for-learning",
     "Mitt schema lämnar tid åt att lära mig nytt.",
     "My schedule leaves time to learn new things."),
    ("time-for-learning",
     "Tiden för lärande försvinner inte när det blir mycket att göra.",
     "Time for learning does not vanish when work piles up."),
    ("time-for-learning",
     "Vi planerar in lärande över hela året, inte bara under lugna veckor.",
     "We plan learning across the whole year, not only in quiet weeks."),
    ("sharing",
     "Kollegor för gärna vidare det de har lärt sig.",
     "Colleagues readily pass on what they have learnt."),
    ("sharing",
     "Våra möten ger plats åt att berätta vad vi har provat.",
     "Our meetings leave room to tell what we have tried."),
    ("sharing",
     "Jag vet vem jag kan vända mig till när jag vill lära mig något i jobbet.",
     "I know whom to turn to when I want to learn something at work."),
    ("leaders-support",
     "Min chef frågar hur det går med det jag håller på att lära mig.",
     "My manager asks how the things I am learning are going."),
    ("leaders-support",
     "Min chef visar genom eget exempel att hen fortsätter att lära.",
     "My manager shows by example that they keep learning."),
    ("leaders-support",
     "Jag får stöd att använda det nya i mitt arbete.",
     "I get support to put what is new to use in my work."),
    ("learning-from-mistakes",
     "När något går fel pratar vi om vad vi lär oss, inte om vems felet var.",
     "When something goes wrong we talk about what we learn, not about whose fault it was."),
    ("learning-from-mistakes",
     "Avvikelser används här för att förbättra hur vi arbetar.",
     "Deviation reports are used here to improve how we work."),
    ("learning-from-mistakes",
     "Det går bra att prova ett nytt sätt även om det kanske inte lyckas.",
     "It is fine to try a new way even if it might not work out."),
)  # fmt: skip


def _items() -> tuple[SurveyItem, ...]:
    seen: dict[str, int] = {}
    out = []
    for theme, sv, en in _STATEMENTS:
        seen[theme] = seen.get(theme, 0) + 1
        out.append(SurveyItem(f"{theme}-{seen[theme]}", theme, {"sv": sv, "en": en}))
    return tuple(out)


ITEMS: tuple[SurveyItem, ...] = _items()
"""The survey's statements, three per theme, in theme order."""

_THEME_OF = {item.id: item.theme for item in ITEMS}


def _answers(value: Mapping[str, int]) -> FrozenMap[str, int]:
    return check.as_frozenmap(value)  # type: ignore[no-any-return]


def _validate_answers(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, FrozenMap):
        check.fail(inst, attribute.name, value, "a mapping item id -> answer from 1 to 5")
    for item, answer in sorted(value.items(), key=lambda kv: repr(kv[0])):
        if item not in _THEME_OF:
            raise UnknownIdError(
                "survey item",
                str(item),
                path=f"{attribute.name}[{item!r}]",
                expected="an item id of larande.culture.ITEMS",
            )
        if type(answer) is not int or not 1 <= answer <= 5:
            check.fail(
                inst,
                attribute.name,
                answer,
                f"an answer from 1 to 5 to item {item!r}",
                path=f"{attribute.name}[{item!r}]",
            )


@attrs.frozen
class SurveyResponse:
    """One person's answers to the culture survey in one wave.

    Attributes:
        id: the host's id for the response.
        person: who answered (scores never show who: see :func:`culture`).
        on: the day of the answers.
        answers: item id (of :data:`ITEMS`) -> answer from 1 (disagree) to 5 (agree);
            items left out were skipped.
        wave: the survey round, a label such as ``"2026-spring"``.

    >>> SurveyResponse("r1", "anna", dt.date(2026, 3, 2), {"safe-climate-1": 6}, "2026-spring")
    Traceback (most recent call last):
    ...
    larande.exceptions.ValidationError: answers['safe-climate-1']: expected an answer from 1 to 5 to item 'safe-climate-1' for SurveyResponse.answers, got 6
    """  # noqa: E501

    id: str = attrs.field(validator=check.identifier)
    person: str = attrs.field(validator=check.identifier)
    on: dt.date = attrs.field(validator=check.day)
    answers: FrozenMap[str, int] = attrs.field(converter=_answers, validator=_validate_answers)
    wave: str = attrs.field(validator=check.identifier)


@attrs.frozen
class CultureScore:
    """A unit's score on one theme in one wave.

    Attributes:
        mean: the mean over respondents of each one's mean answer to the theme's items
            (1 to 5; everyone weighs the same, however many items they answered).
        respondents: how many people answered at least one of the theme's items.
        change: ``mean`` minus the unit's score in its previous wave, or ``None`` (no
            previous wave, or no score shown for the theme in it).
    """

    mean: float = attrs.field(converter=check.to_float, validator=check.finite_number)
    respondents: int = attrs.field(validator=check.level)
    change: float | None = attrs.field(default=None, converter=check.optional_float)

    @change.validator
    def _finite(self, attribute: attrs.Attribute[float | None], value: object) -> None:
        if value is not None:
            check.finite_number(self, attribute, value)


# theme -> unit -> (respondents, sum of their theme means), shown scores only
_Scores = dict[str, dict[str, tuple[int, float]]]


def culture(
    responses: Iterable[SurveyResponse],
    org: Organization,
    *,
    wave: str,
    min_group: int = 5,
) -> dict[str, dict[str, CultureScore] | None]:
    """Each unit's scores per theme in ``wave``: unit id -> theme -> score, or ``None``.

    A unit counts its sub-units' people; a person's latest response in the wave counts
    (by day, then id). A theme shows only where at least ``min_group`` people answered it
    and no smaller group's score could be worked out by subtraction; a unit with no theme
    to show (fewer than ``min_group`` respondents, say) maps to ``None``. Themes come in
    :data:`THEMES` order, units in the organisation's. ``change`` compares with the unit's
    previous wave: the latest wave, ordered by the day of its first response, before this
    one in which anyone in the unit answered.

    >>> from larande.datasets import load_demo
    >>> demo = load_demo()
    >>> south = [p.id for p in demo.org.members("homecare-south")]
    >>> def answers(score):
    ...     return {item.id: score for item in ITEMS}
    >>> spring = [SurveyResponse(f"s-{p}", p, dt.date(2026, 3, 2), answers(3), "2026-spring")
    ...           for p in south]
    >>> autumn = [SurveyResponse(f"a-{p}", p, dt.date(2026, 10, 5), answers(4), "2026-autumn")
    ...           for p in south]
    >>> scores = culture(spring + autumn, demo.org, wave="2026-autumn")
    >>> scores["homecare-south"]["sharing"]
    CultureScore(mean=4.0, respondents=10, change=1.0)
    >>> scores["it"] is None
    True

    Raises:
        UnknownIdError: a response from someone not in ``org``, or a ``wave`` no response
            belongs to.
        ValidationError: something other than a :class:`SurveyResponse`, two different
            responses with one id, or ``min_group`` not an int of 1 or more.
    """
    if not isinstance(org, Organization):
        raise ValidationError(f"expected an Organization, got {check.describe(org)}", path="org")
    if type(min_group) is not int or min_group < 1:
        raise ValidationError(
            f"expected min_group to be an int of 1 or more, got {check.describe(min_group)}",
            path="min_group",
        )
    given: object = responses  # typed loosely: callers may pass anything
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise ValidationError(
            f"expected an iterable of SurveyResponse, got {check.describe(given)}",
            path="responses",
        )
    by_wave = _by_wave(responses, org)
    if wave not in by_wave:
        raise UnknownIdError("wave", str(wave), path="wave", expected=f"one of {sorted(by_wave)}")
    # Waves in order of their first day (then label): the order ``change`` looks back in.
    order = sorted(by_wave, key=lambda w: (min(r.on for r in by_wave[w].values()), w))
    tree = _Tree(org)
    now = _scores(by_wave[wave], org, tree, min_group)
    earlier = order[: order.index(wave)]
    previous: dict[str, _Scores] = {}  # wave -> scores, worked out when first needed
    took_part: dict[str, set[str]] = {}  # wave -> units anyone answered in
    out: dict[str, dict[str, CultureScore] | None] = {}
    for unit in (u.id for u in org.units):
        shown: dict[str, CultureScore] = {}
        before: str | None = None
        for w in reversed(earlier):
            if w not in took_part:
                took_part[w] = _units_answering(by_wave[w], org)
            if unit in took_part[w]:
                before = w
                break
        for theme in THEMES:
            found = now[theme].get(unit)
            if found is None:
                continue
            n, total = found
            mean = total / n
            change = None
            if before is not None:
                if before not in previous:
                    previous[before] = _scores(by_wave[before], org, tree, min_group)
                prior = previous[before][theme].get(unit)
                if prior is not None:
                    change = round(mean - prior[1] / prior[0], 4)
            shown[theme] = CultureScore(round(mean, 4), n, change)
        out[unit] = shown or None
    return out


def _by_wave(
    responses: Iterable[SurveyResponse], org: Organization
) -> dict[str, dict[str, SurveyResponse]]:
    """Per wave, per person, their latest response; every response checked."""
    seen: dict[str, SurveyResponse] = {}
    out: dict[str, dict[str, SurveyResponse]] = {}
    for i, r in enumerate(responses):
        if not isinstance(r, SurveyResponse):
            raise ValidationError(
                f"expected a SurveyResponse, got {check.describe(r)}", path=f"responses[{i}]"
            )
        held = seen.setdefault(r.id, r)
        if held != r:
            raise ValidationError(
                f"two different responses share the id {r.id!r}",
                path=f"responses[{i}]",
                code="conflicting-response",
                params={"id": r.id},
            )
        if not org.has_person(r.person):
            raise UnknownIdError(
                "person",
                r.person,
                path=f"responses[{i}].person",
                referrer=f"survey response {r.id!r}",
            )
        mine = out.setdefault(r.wave, {})
        last = mine.get(r.person)
        if last is None or (r.on, r.id) > (last.on, last.id):
            mine[r.person] = r
    return out


def _units_answering(latest: Mapping[str, SurveyResponse], org: Organization) -> set[str]:
    units: set[str] = set()
    for person in latest:
        home = org.person(person).unit
        units.add(home)
        units.update(org.unit_ancestors(home))
    return units


def _scores(
    latest: Mapping[str, SurveyResponse], org: Organization, tree: _Tree, min_group: int
) -> _Scores:
    """Per theme, the units whose score can be shown: (respondents, sum of means)."""
    own: dict[str, dict[str, list[float]]] = {t: {} for t in THEMES}  # theme -> unit -> [n, sum]
    for person, response in latest.items():
        sums: dict[str, list[float]] = {}
        for item, answer in response.answers.items():
            s = sums.setdefault(_THEME_OF[item], [0.0, 0.0])
            s[0] += 1
            s[1] += answer
        unit = org.person(person).unit
        for theme, (k, total) in sums.items():
            c = own[theme].setdefault(unit, [0.0, 0.0])
            c[0] += 1
            c[1] += total / k
    out: _Scores = {}
    for theme in THEMES:
        totals: dict[str, list[float]] = {u: list(c) for u, c in own[theme].items()}
        for unit, (n, total) in own[theme].items():
            up = tree.parent[unit]
            while up is not None:
                t = totals.setdefault(up, [0.0, 0.0])
                t[0] += n
                t[1] += total
                up = tree.parent[up]
        bottom_up = sorted(totals, key=tree.post.__getitem__)
        shown = _suppress(
            bottom_up, tree.parent, {u: int(t[0]) for u, t in totals.items()}, min_group
        )
        out[theme] = {u: (int(totals[u][0]), totals[u][1]) for u in shown}
    return out
