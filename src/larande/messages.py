"""Every text a person reads, in Swedish and English, from a stable code and its values.

Records that a host may show (a need's reason, a finding, an unplaced item...) carry a
``code`` and ``params`` next to their English text; :func:`render` turns the two into the
text in either language, so a host in Sweden shows Swedish without parsing English. The
Swedish text names the same values as the English, as the same strings (ids, titles, ISO
dates); durations read as hours.

>>> render("cli.summary.analyze", {"people": 34, "needs": 61, "units": 7}, lang="sv")
'34 personer, 61 behov (7 för enheter)'
>>> render("cli.summary.analyze", {"people": 34, "needs": 61, "units": 7})
'34 people, 61 needs (7 of units)'
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

from larande.exceptions import ValidationError

__all__ = ["CATALOGUE", "LANGUAGES", "render"]

LANGUAGES = ("en", "sv")
"""The languages every message exists in."""

CATALOGUE: dict[str, dict[str, str]] = {
    # -- the command line's one-line summaries ----------------------------------------------
    "cli.summary.analyze": {
        "en": "{people} people, {needs} needs ({units} of units)",
        "sv": "{people} personer, {needs} behov ({units} för enheter)",
    },
    "cli.summary.plan": {
        "en": "{people} people, {needs} needs, {plans} plans, {items} activities, {unmet} unmet",
        "sv": "{people} personer, {needs} behov, {plans} planer, {items} aktiviteter, "
        "{unmet} ouppfyllda",
    },
    "cli.summary.schedule": {
        "en": "{people} people, {plans} plans, {placed} placed, {unplaced} unplaced{why}",
        "sv": "{people} personer, {plans} planer, {placed} placerade, {unplaced} oplacerade{why}",
    },
    "cli.summary.review": {
        "en": "{people} people, {needs} needs, {plans} plans, {placed} placed, "
        "{unplaced} unplaced{why}, {learned} learned, {due} due",
        "sv": "{people} personer, {needs} behov, {plans} planer, {placed} placerade, "
        "{unplaced} oplacerade{why}, {learned} lärda, {due} att göra",
    },
    "cli.summary.due": {
        "en": "{due} due, {late} more than a week late",
        "sv": "{due} att göra, {late} mer än en vecka sena",
    },
    "cli.summary.progress": {
        "en": "{goals} goals: {achieved} achieved, {on_track} on track, {at_risk} at risk, "
        "{off_track} off track, {no_data} without data",
        "sv": "{goals} mål: {achieved} uppnådda, {on_track} i fas, {at_risk} i riskzonen, "
        "{off_track} efter, {no_data} utan data",
    },
    "cli.summary.annual": {
        "en": "{unit}: {planned} h planned of {set_aside} h set aside, {people} people",
        "sv": "{unit}: {planned} h planerade av {set_aside} h avsatta, {people} personer",
    },
    "cli.summary.mermaid": {
        "en": "{goals} goals, {links} links",
        "sv": "{goals} mål, {links} kopplingar",
    },
    "cli.summary.schema": {
        "en": "the JSON Schema of {type}: {definitions} definitions",
        "sv": "JSON Schema för {type}: {definitions} definitioner",
    },
    "cli.summary.report": {
        "en": "{people} people in {units} units, {needs} needs, {events} events",
        "sv": "{people} personer i {units} enheter, {needs} behov, {events} händelser",
    },
    "cli.summary.export": {
        "en": "wrote the demo dataset to {path}",
        "sv": "skrev demons dataset till {path}",
    },
    "cli.why": {"en": " ({reasons})", "sv": " ({reasons})"},
    # -- the command line's errors ------------------------------------------------------------
    "cli.error": {"en": "error: {message}", "sv": "fel: {message}"},
    "cli.missing-file": {
        "en": "cannot read {path}: there is no such file",
        "sv": "kan inte läsa {path}: filen finns inte",
    },
    "cli.unreadable": {
        "en": "cannot read {path}: {reason}",
        "sv": "kan inte läsa {path}: {reason}",
    },
    "cli.unwritable": {
        "en": "cannot write {path}: {reason}",
        "sv": "kan inte skriva {path}: {reason}",
    },
    "cli.directory": {
        "en": "{path} is a directory; expected a JSON document",
        "sv": "{path} är en katalog; en JSON-fil väntades",
    },
    "cli.empty": {
        "en": "{path} is empty; expected a JSON document",
        "sv": "{path} är tom; en JSON-fil väntades",
    },
    "cli.bom": {
        "en": "{path} starts with a byte order mark (BOM); save it as UTF-8 without one",
        "sv": "{path} börjar med en byteordningsmarkering (BOM); spara den som UTF-8 utan",
    },
    "cli.not-utf8": {
        "en": "{path} is not UTF-8 (byte {byte} at position {position}); save it as UTF-8",
        "sv": "{path} är inte UTF-8 (byte {byte} på position {position}); spara den som UTF-8",
    },
    "cli.no-goals": {
        "en": "the dataset has no goals",
        "sv": "datasetet har inga mål",
    },
    "cli.missing-settings": {
        "en": "the dataset has no {fields}; give it in the document (or --end / "
        "--budget-hours-per-month / --budget-hours-per-year)",
        "sv": "datasetet saknar {fields}; ange det i dokumentet (eller --end / "
        "--budget-hours-per-month / --budget-hours-per-year)",
    },
    "cli.unknown-type": {
        "en": "no document type {type}; expected one of {known}",
        "sv": "ingen dokumenttyp {type}; väntade en av {known}",
    },
    "cli.as-of-outside-calendar": {
        "en": "--as-of {as_of} is outside the calendar's years {years}",
        "sv": "--as-of {as_of} ligger utanför kalenderns år {years}",
    },
    "cli.usage": {
        "en": "{message} (see {program} --help)",
        "sv": "{message} (se {program} --help)",
    },
}
"""Message code -> language -> template (``str.format`` with named fields)."""

_FORMATTER = string.Formatter()


def fields(code: str) -> frozenset[str]:
    """The names of the values a message's English template uses."""
    template = CATALOGUE[code]["en"]
    return frozenset(
        name.split(".")[0].split("[")[0] for _, name, _, _ in _FORMATTER.parse(template) if name
    )


def render(code: str, params: Mapping[str, Any] | None = None, *, lang: str = "en") -> str:
    """The text of message ``code`` with ``params``, in ``lang`` (``"en"`` or ``"sv"``).

    Raises:
        ValidationError: an unknown code (path ``code``) or language (path ``lang``), or a
            value the template names is missing from ``params`` (path ``params``).
    """
    if lang not in LANGUAGES:
        raise ValidationError(
            f"expected a language of {list(LANGUAGES)}, got {lang!r}",
            path="lang",
            code="unknown-language",
            params={"lang": repr(lang)},
        )
    templates = CATALOGUE.get(code) if isinstance(code, str) else None
    if templates is None:
        raise ValidationError(
            f"no message has the code {code!r}",
            path="code",
            code="unknown-message",
            params={"code": repr(code)},
        )
    values = dict(params or {})
    try:
        return templates[lang].format(**values)
    except (KeyError, IndexError) as exc:
        raise ValidationError(
            f"message {code!r} names {exc} but params has no such value",
            path="params",
            code="missing-message-value",
            params={"code": code, "missing": str(exc)},
        ) from None
