"""Spreading what people know: mentor pairs and learning ambassadors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Literal, overload

import attrs
import networkx as nx

from larande import _check as check
from larande.competence import Assessment
from larande.exceptions import ValidationError
from larande.needs import Context, Need, NeedScope, NeedsReport
from larande.organization import Organization


@attrs.frozen
class Pairing:
    """A mentor paired with a mentee for one competency, and why."""

    mentor: str = attrs.field(validator=check.identifier)
    mentee: str = attrs.field(validator=check.identifier)
    competency: str = attrs.field(validator=check.identifier)
    reason: str = attrs.field(validator=check.text)


@attrs.frozen
class Ambassador:
    """Someone well placed to carry a unit's most needed competencies, and why."""

    person: str = attrs.field(validator=check.identifier)
    unit: str = attrs.field(validator=check.identifier)
    competencies: tuple[str, ...] = attrs.field(
        converter=check.strs, validator=check.tuple_of(check.is_id, "a competency id")
    )
    reason: str = attrs.field(validator=check.text)


def _person_needs(needs: object) -> list[Need]:
    items = needs.needs if isinstance(needs, NeedsReport) else needs
    if isinstance(items, str | bytes) or not isinstance(items, Iterable):
        raise ValidationError(
            f"expected a NeedsReport or an iterable of Need, got {check.describe(needs)}",
            path="needs",
        )
    out = []
    for i, n in enumerate(items):
        if not isinstance(n, Need):
            raise ValidationError(f"expected a Need, got {check.describe(n)}", path=f"needs[{i}]")
        out.append(n)
    return out


def _check_common(org: object, as_of: object) -> None:
    if not isinstance(org, Organization):
        raise ValidationError(f"expected an Organization, got {check.describe(org)}", path="org")
    if not check.is_day(as_of):
        raise ValidationError(
            f"expected a datetime.date, got {check.describe(as_of)}", path="as_of"
        )


def match_mentors(
    org: Organization,
    assessments: Iterable[Assessment],
    needs: NeedsReport | Iterable[Need],
    *,
    as_of: dt.date,
    max_mentees: int = 2,
) -> tuple[Pairing, ...]:
    """Pair people who need a competency with colleagues who hold it.

    A mentee is a person with a person need (a gap) in a competency; a mentor is a colleague
    whose current level is at least the level required, never the mentee; nobody mentors
    more than ``max_mentees`` people in all. Pairs are first found within each unit, then,
    for those left, within the parent unit. Each round is a maximum-weight b-matching,
    solved as a min-cost flow: larger gaps are served first, then higher priorities.

    Returns:
        The pairings, sorted by mentee, competency and mentor.

    >>> from larande.datasets import load_demo
    >>> from larande.needs import analyze
    >>> demo = load_demo()
    >>> report = analyze(demo.org, demo.assessments, as_of=demo.as_of)
    >>> pairs = match_mentors(demo.org, demo.assessments, report, as_of=demo.as_of)
    >>> next(p for p in pairs if p.mentee == "xin.li" and p.competency == "ci-cd").mentor
    'yusuf.demir'
    """
    _check_common(org, as_of)
    if type(max_mentees) is not int or max_mentees < 1:
        raise ValidationError(
            f"expected max_mentees to be an int of 1 or more, got {check.describe(max_mentees)}",
            path="max_mentees",
        )
    wanted = [n for n in _person_needs(needs) if n.scope is NeedScope.PERSON and n.gap > 0]
    context = Context(org, assessments, as_of=as_of)
    capacity: dict[str, int] = {}
    pairings: list[Pairing] = []
    by_unit: dict[str, list[Need]] = {}
    for need in wanted:
        by_unit.setdefault(org.person(need.subject).unit, []).append(need)
    left: dict[str, list[Need]] = {}
    for unit in sorted(by_unit):
        mentors = [p.id for p in org.members(unit, recursive=False)]
        rest = _match(
            context, by_unit[unit], mentors, capacity, max_mentees, pairings, "same unit"
        )
        parent = org.unit(unit).parent
        if rest and parent is not None:
            left.setdefault(parent, []).extend(rest)
    for parent in sorted(left):
        mentors = [p.id for p in org.members(parent)]
        _match(context, left[parent], mentors, capacity, max_mentees, pairings, "parent unit")
    pairings.sort(key=lambda p: (p.mentee, p.competency, p.mentor))
    return tuple(pairings)


def _match(
    context: Context,
    needs: list[Need],
    mentors: list[str],
    capacity: dict[str, int],
    max_mentees: int,
    pairings: list[Pairing],
    where: str,
) -> list[Need]:
    """One round of b-matching; adds to ``pairings`` and ``capacity``; returns the unmatched.

    The flow runs source -> needs -> pool (competency, level) -> mentors -> sink, with a
    bypass from the needs to the sink at cost 0, so that the cheapest flow is the heaviest
    matching (a need is matched only when that is worth it). The graph is kept small
    without losing exactness: needs of one pool and one weight are interchangeable and
    become one node with that many units, and so do mentors who qualify for exactly the same
    pools (their seats are summed). The flow is then handed out to people in a fixed order.
    """
    free = {m: max_mentees - capacity.get(m, 0) for m in sorted(mentors)}
    free = {m: c for m, c in free.items() if c > 0}
    if not needs or not free:
        return list(needs)
    ordered = sorted(needs, key=lambda n: (-n.gap, -n.priority, n.subject, n.competency))
    weight_of = {id(n): n.gap * 100_000 + min(99_999, int(n.priority * 100)) for n in ordered}
    groups: dict[tuple[tuple[str, int], int], list[Need]] = {}
    for need in ordered:
        assert need.required is not None
        groups.setdefault(((need.competency, need.required), weight_of[id(need)]), []).append(need)
    pools = sorted({pool for pool, _ in groups})
    qualifies: dict[str, tuple[tuple[str, int], ...]] = {
        m: tuple(p for p in pools if (context.level(m, p[0]) or 0) >= p[1]) for m in free
    }
    classes: dict[tuple[tuple[str, int], ...], list[str]] = {}
    for m, signature in qualifies.items():
        if signature:
            classes.setdefault(signature, []).append(m)
    g: nx.DiGraph[object] = nx.DiGraph()
    g.add_node("source", demand=-len(ordered))
    g.add_node("sink", demand=len(ordered))
    served = {p for signature in classes for p in signature}
    for k, ((pool, weight), members) in enumerate(sorted(groups.items())):
        node = ("needs", k)
        g.add_edge("source", node, capacity=len(members), weight=0)
        g.add_edge(node, "sink", capacity=len(members), weight=0)
        if pool in served:
            g.add_edge(node, ("pool", pool), capacity=len(members), weight=-weight)
    for c, (signature, people) in enumerate(sorted(classes.items())):
        seats = sum(free[m] for m in people)
        for pool in signature:
            g.add_edge(("pool", pool), ("class", c), capacity=seats, weight=0)
        g.add_edge(("class", c), "sink", capacity=seats, weight=0)
    flow = nx.min_cost_flow(g)
    chosen: list[Need] = []
    for k, ((pool, _), members) in enumerate(sorted(groups.items())):
        chosen.extend(members[: flow[("needs", k)].get(("pool", pool), 0)])
    # Hand the pools' flow to classes, and each class's to its members, in a fixed order.
    supply: dict[tuple[str, int], list[int]] = {}
    for pool in pools:
        for c in sorted(k[1] for k in flow.get(("pool", pool), {})):
            supply.setdefault(pool, []).extend([c] * flow[("pool", pool)][("class", c)])
    people_of = [people for _, people in sorted(classes.items())]
    left = {m: free[m] for m in free}
    matched = set()
    for need in sorted(chosen, key=lambda n: (-weight_of[id(n)], n.subject, n.competency)):
        assert need.required is not None
        queue = supply[(need.competency, need.required)]
        # Mentees are normally below the pool's level, so never in its classes; a need given
        # for someone whose assessments already show the level is the exception.
        at = next(
            (
                k
                for k, c in enumerate(queue)
                if any(left[m] > 0 and m != need.subject for m in people_of[c])
            ),
            None,
        )
        if at is None:
            continue
        c = queue.pop(at)
        mentor = min(
            (m for m in people_of[c] if m != need.subject and left[m] > 0),
            key=lambda m: (-left[m], m),
        )
        left[mentor] -= 1
        capacity[mentor] = capacity.get(mentor, 0) + 1
        matched.add(id(need))
        level = context.level(mentor, need.competency)
        pairings.append(
            Pairing(
                mentor,
                need.subject,
                need.competency,
                f"{mentor} holds {need.competency!r} at level {level}, at least the "
                f"{need.required} {need.subject} needs (gap {need.gap}); {where}",
            )
        )
    return [n for n in ordered if id(n) not in matched]


@overload
def ambassadors(
    org: Organization,
    assessments: Iterable[Assessment],
    needs: NeedsReport | Iterable[Need],
    *,
    as_of: dt.date,
    per_unit: int = 1,
    explain: Literal[False] = False,
) -> dict[str, tuple[str, ...]]: ...
@overload
def ambassadors(
    org: Organization,
    assessments: Iterable[Assessment],
    needs: NeedsReport | Iterable[Need],
    *,
    as_of: dt.date,
    per_unit: int = 1,
    explain: Literal[True],
) -> dict[str, tuple[Ambassador, ...]]: ...


def ambassadors(
    org: Organization,
    assessments: Iterable[Assessment],
    needs: NeedsReport | Iterable[Need],
    *,
    as_of: dt.date,
    per_unit: int = 1,
    explain: bool = False,
) -> dict[str, tuple[str, ...]] | dict[str, tuple[Ambassador, ...]]:
    """Per unit, the people best placed to carry its most needed competencies.

    A unit's most needed competencies are the (up to three) with the highest summed
    priority among its needs and its members' (sub-units included). A member's score is
    the summed priority of those competencies they hold at the level needed or above, plus
    a little for every level beyond; the ``per_unit`` highest scores win (ties: by id).
    Units without needs, and members holding none of the competencies, get nobody.

    With ``explain=True`` each entry is an :class:`Ambassador` with the competencies and a
    sentence instead of an id.

    >>> from larande.datasets import load_demo
    >>> from larande.needs import analyze
    >>> demo = load_demo()
    >>> report = analyze(demo.org, demo.assessments, as_of=demo.as_of)
    >>> ambassadors(demo.org, demo.assessments, report, as_of=demo.as_of)["it-platform"]
    ('wilma.gran',)
    """
    _check_common(org, as_of)
    if type(per_unit) is not int or per_unit < 1:
        raise ValidationError(
            f"expected per_unit to be an int of 1 or more, got {check.describe(per_unit)}",
            path="per_unit",
        )
    given = _person_needs(needs)
    context = Context(org, assessments, as_of=as_of)
    unit_of = {p.id: p.unit for p in org.people}
    chains = {u.id: (u.id, *org.unit_ancestors(u.id)) for u in org.units}
    weight: dict[str, dict[str, float]] = {}
    target: dict[str, dict[str, int]] = {}
    for need in given:
        unit = need.subject if need.scope is NeedScope.UNIT else unit_of[need.subject]
        for u in chains[unit]:
            weight.setdefault(u, {})
            weight[u][need.competency] = weight[u].get(need.competency, 0.0) + need.priority
            if need.required is not None:
                before = target.setdefault(u, {}).get(need.competency, 0)
                target[u][need.competency] = max(before, need.required)
    chosen: dict[str, tuple[Ambassador, ...]] = {}
    for unit in (u.id for u in org.units):
        if unit not in weight:
            continue
        top = sorted(weight[unit].items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        scored: list[tuple[float, str, tuple[str, ...]]] = []
        for person in org.members(unit):
            score = 0.0
            held: list[str] = []
            for competency, w in top:
                level = context.level(person.id, competency)
                needed = target.get(unit, {}).get(competency, 1)
                if level is not None and level >= needed:
                    score += w + 0.1 * (level - needed)
                    held.append(competency)
            if held:
                scored.append((-score, person.id, tuple(held)))
        scored.sort()
        chosen[unit] = tuple(
            Ambassador(
                pid,
                unit,
                held,
                f"{pid} holds {', '.join(held)} at the level needed, among the most needed "
                f"in {unit}",
            )
            for _, pid, held in scored[:per_unit]
        )
    if explain:
        return {u: a for u, a in chosen.items() if a}
    return {u: tuple(a.person for a in amb) for u, amb in chosen.items() if amb}
