"""Managers who follow up and support: each manager's digest of what their people have due."""

from __future__ import annotations

from collections.abc import Iterable

from larande import _check as check
from larande.exceptions import UnknownIdError, ValidationError
from larande.followup._due import Due
from larande.organization import Organization


def by_manager(due: Iterable[Due], org: Organization) -> dict[str, tuple[Due, ...]]:
    """Each reminder under its person's direct manager: manager id -> their people's items.

    Managers come in id order; each one's items keep the order given (:func:`due`'s: by
    day, person, kind, subject). A reminder for someone without a manager goes nowhere:
    it stays in ``due`` for the person themselves.

    >>> import datetime as dt
    >>> from larande.datasets import load_demo
    >>> from larande.followup import due, replay
    >>> demo = load_demo()
    >>> todo = due(replay(demo.events), as_of=dt.date(2026, 3, 1))
    >>> digest = by_manager(todo, demo.org)
    >>> sorted(digest)
    ['karin.holm', 'viktor.nord']
    >>> {d.person for d in digest["viktor.nord"]} <= {p.id for p in demo.org.people
    ...                                               if p.manager == "viktor.nord"}
    True

    Raises:
        UnknownIdError: a reminder for someone not in ``org`` (the path names it).
        ValidationError: ``due`` holds something other than :class:`Due`, or ``org`` is
            not an organisation.
    """
    if not isinstance(org, Organization):
        raise ValidationError(f"expected an Organization, got {check.describe(org)}", path="org")
    given: object = due  # typed loosely: callers may pass anything
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise ValidationError(
            f"expected an iterable of Due, got {check.describe(given)}", path="due"
        )
    grouped: dict[str, list[Due]] = {}
    for i, d in enumerate(due):
        if not isinstance(d, Due):
            raise ValidationError(f"expected a Due, got {check.describe(d)}", path=f"due[{i}]")
        if not org.has_person(d.person):
            raise UnknownIdError(
                "person", d.person, path=f"due[{i}].person", expected="a person of org"
            )
        manager = org.person(d.person).manager
        if manager is not None:
            grouped.setdefault(manager, []).append(d)
    return {m: tuple(grouped[m]) for m in sorted(grouped)}
