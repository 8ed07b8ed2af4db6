"""Erasure: a person removed from every part of a dataset (GDPR, the right to be forgotten)."""

from __future__ import annotations

import attrs

from larande import _check as check
from larande.dataset import Dataset
from larande.exceptions import UnknownIdError, ValidationError
from larande.followup import (
    ActionPlanSet,
    CheckIn,
    Event,
    Measured,
    ObjectiveAchieved,
    Retracted,
)
from larande.followup._events import person_of
from larande.goals import GoalGraph, Level
from larande.needs import Signal
from larande.organization import Organization

__all__ = ["erase"]


def erase(dataset: Dataset, person: str) -> Dataset:
    """The dataset without ``person``, anywhere in it: the right to be forgotten.

    Gone: the person; their assessments; the signals that name only them (a signal that
    also names a unit keeps the unit and loses the person); their individual objectives,
    with the measurements, check-ins and achievements of those objectives; their events
    and the retractions of those; their absences. A manager field naming them becomes
    ``None``, and so does an action plan's goal that named one of their objectives. The
    JSON of the result holds the id nowhere (ids a host built from it for other records,
    and free text such as notes, are the host's to look after).

    The dataset given is left as it was (its goal graph included); the result shares
    everything else with it.

    Raises:
        UnknownIdError: ``person`` is not in the organisation (path ``"person"``).

    >>> from larande.datasets import load_demo
    >>> from larande.io import json
    >>> demo = load_demo()
    >>> "xin.li" in json.dumps(demo)
    True
    >>> "xin.li" in json.dumps(erase(demo, "xin.li"))
    False
    """
    if not isinstance(dataset, Dataset):
        raise ValidationError(f"expected a Dataset, got {check.describe(dataset)}", path="dataset")
    if not check.is_id(person) or not dataset.org.has_person(person):
        raise UnknownIdError(
            "person", str(person), path="person", expected="a person of the dataset's org"
        )
    org = _erase_from_org(dataset.org, person)
    goals, objectives = _erase_from_goals(dataset.goals, person)
    return attrs.evolve(
        dataset,
        org=org,
        assessments=tuple(a for a in dataset.assessments if a.person != person),
        goals=goals,
        signals=_erase_from_signals(dataset.signals, person),
        events=_erase_from_events(dataset.events, person, objectives),
        absences=tuple(a for a in dataset.absences if a.person != person),
    )


def _erase_from_org(org: Organization, person: str) -> Organization:
    people = tuple(
        attrs.evolve(p, manager=None) if p.manager == person else p
        for p in org.people
        if p.id != person
    )
    return Organization(org.units, people, org.roles, org.framework)


def _erase_from_goals(
    goals: GoalGraph | None, person: str
) -> tuple[GoalGraph | None, frozenset[str]]:
    if goals is None:
        return None, frozenset()
    theirs = frozenset(
        gid
        for gid in goals
        if goals.goal(gid).level is Level.INDIVIDUAL and goals.goal(gid).owner == person
    )
    if not theirs:
        return goals, theirs
    kept = goals.copy()
    for gid in sorted(theirs):
        for child in kept.children(gid):
            kept.unlink(child, gid)
    for gid in sorted(theirs):
        kept.remove(gid)
    return kept, theirs


def _erase_from_signals(signals: tuple[Signal, ...], person: str) -> tuple[Signal, ...]:
    out = []
    for s in signals:
        if s.person != person:
            out.append(s)
        elif s.unit is not None:
            out.append(attrs.evolve(s, person=None))
    return tuple(out)


def _erase_from_events(
    events: tuple[Event, ...], person: str, objectives: frozenset[str]
) -> tuple[Event, ...]:
    def about_them(e: Event) -> bool:
        return (
            person_of(e) == person
            or (isinstance(e, Measured) and e.goal in objectives)
            or (isinstance(e, CheckIn) and e.subject in objectives)
            or (isinstance(e, ObjectiveAchieved) and e.objective in objectives)
        )

    gone = {e.id for e in events if not isinstance(e, Retracted) and about_them(e)}
    out: list[Event] = []
    for e in events:
        if e.id in gone or (isinstance(e, Retracted) and e.target in gone):
            continue
        if isinstance(e, ActionPlanSet) and e.goal in objectives:
            e = attrs.evolve(e, goal=None)
        out.append(e)
    return tuple(out)
