"""Who leads each occurrence of a group series: rotated fairly among a unit's members."""

from __future__ import annotations

from typing import TYPE_CHECKING

from larande import _check as check
from larande.exceptions import ValidationError
from larande.organization import Organization
from larande.scheduling._records import Schedule

if TYPE_CHECKING:
    import networkx as nx


def rotate(schedule: Schedule, org: Organization, activity: str) -> dict[tuple[str, int], str]:
    """Who leads each occurrence of the series ``activity``, per unit, taken in turns.

    The documents ask that different people lead the reflection at the team meeting. For
    each unit (a person's own unit) and each occurrence that some of its members take,
    one of them leads: ``{(unit, occurrence): person}``. The turns are as even as they can
    be: no one leads more often than needed (the largest count is the least any rotation
    reaches, given who takes which occurrence), and, occurrence by occurrence, the lead
    goes to whoever of those present has led least so far (then the next in id order after
    the last leader), as long as that keeps the largest count within that least. The same
    schedule always gives the same rotation.

    >>> import datetime as dt
    >>> from larande import Organization, Unit, Person, Framework, Placement, Schedule
    >>> ward = Organization([Unit("ward", "Ward")],
    ...     [Person(p, p.title(), "ward") for p in ("anna", "bo", "cai")], [], Framework([]))
    >>> year = Schedule(
    ...     [Placement(p, "apt", dt.date(2026, m, 3), occurrence=m)
    ...      for p in ("anna", "bo", "cai") for m in (2, 3, 4, 5)],
    ...     [], dt.date(2026, 1, 1), dt.date(2026, 5, 31), efforts={"apt": dt.timedelta(hours=1)})
    >>> rotate(year, ward, "apt")
    {('ward', 2): 'anna', ('ward', 3): 'bo', ('ward', 4): 'cai', ('ward', 5): 'anna'}

    Placements of people the organisation does not know, and one-off placements of the
    activity (without an occurrence), are left out.
    """
    if not isinstance(schedule, Schedule):
        raise ValidationError(
            f"expected a Schedule, got {check.describe(schedule)}", path="schedule"
        )
    if not isinstance(org, Organization):
        raise ValidationError(f"expected an Organization, got {check.describe(org)}", path="org")
    if not check.is_id(activity):
        raise ValidationError(
            f"expected an activity id (a non-empty str), got {check.describe(activity)}",
            path="activity",
        )
    present: dict[str, dict[int, set[str]]] = {}
    for p in schedule.placements:
        if p.activity != activity or p.occurrence is None or not org.has_person(p.person):
            continue
        unit = org.person(p.person).unit
        present.setdefault(unit, {}).setdefault(p.occurrence, set()).add(p.person)
    out: dict[tuple[str, int], str] = {}
    for unit in sorted(present):
        for occurrence, leader in _turns(present[unit]).items():
            out[(unit, occurrence)] = leader
    return out


def _turns(present: dict[int, set[str]]) -> dict[int, str]:
    """One leader per occurrence, the largest count as small as any assignment allows."""
    occurrences = sorted(present)
    people = sorted(set().union(*present.values()))
    limit = -(-len(occurrences) // len(people))
    while not _feasible(present, occurrences, dict.fromkeys(people, 0), limit):
        limit += 1
    counts = dict.fromkeys(people, 0)
    order = {p: i for i, p in enumerate(people)}
    last = -1
    out: dict[int, str] = {}
    for k, occurrence in enumerate(occurrences):

        def turn(p: str, last: int = last) -> tuple[int, int]:
            # Least led first; then the next in id order after the last leader.
            return (counts[p], (order[p] - last - 1) % len(people))

        for person in sorted(present[occurrence], key=turn):
            if counts[person] >= limit:
                continue
            counts[person] += 1
            if _feasible(present, occurrences[k + 1 :], counts, limit):
                out[occurrence] = person
                last = order[person]
                break
            counts[person] -= 1
    return out


def _feasible(
    present: dict[int, set[str]], occurrences: list[int], counts: dict[str, int], limit: int
) -> bool:
    """Whether ``occurrences`` can each get a leader with nobody above ``limit`` in all."""
    if not occurrences:
        return True
    # networkx costs half of `import larande`: loaded when a rotation is first asked for.
    import networkx as nx

    g: nx.DiGraph[object] = nx.DiGraph()
    for occurrence in occurrences:
        g.add_edge("source", ("o", occurrence), capacity=1)
        for person in sorted(present[occurrence]):
            g.add_edge(("o", occurrence), ("p", person), capacity=1)
    for person, count in sorted(counts.items()):
        if ("p", person) in g:
            g.add_edge(("p", person), "sink", capacity=max(0, limit - count))
    if "sink" not in g:
        return False
    value = nx.maximum_flow_value(g, "source", "sink")
    return value == len(occurrences)
