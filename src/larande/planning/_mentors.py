"""Spreading what people know: mentor pairs and learning ambassadors."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable
from typing import Any, Literal, overload

import attrs

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
    reach = _Reach(org, context, capacity, max_mentees) if left else None
    for parent in sorted(left):
        assert reach is not None
        mentors = reach.candidates(parent, left[parent])
        _match(context, left[parent], mentors, capacity, max_mentees, pairings, "parent unit")
    pairings.sort(key=lambda p: (p.mentee, p.competency, p.mentor))
    return tuple(pairings)


class _Holders:
    """The people holding a competency at a level or above, in the order of the unit tree.

    ``nxt`` skips those whose seats are all taken (found lazily, never looked at again).
    """

    __slots__ = ("ids", "nxt", "positions")

    def __init__(self, rows: list[tuple[int, str]]) -> None:
        self.positions = [position for position, _ in rows]
        self.ids = [person for _, person in rows]
        self.nxt = list(range(len(rows)))


class _Reach:
    """Who can mentor under a unit, found without listing everyone under it.

    Units are numbered depth first, so the people under a unit (sub-units included) sit
    side by side in any list sorted by that number. For each competency and level asked
    for, the holders are kept in such a list; a round under a unit takes, per competency
    and level, the first ``needs + 1`` holders there with a free seat who are not the
    round's mentees (and the mentees met on the way). That many always hold a best
    matching: however the round's other needs use seats, one of them is left for each
    need. A long chain of units then costs what its people do, not the square of its
    depth.
    """

    def __init__(
        self, org: Organization, context: Context, capacity: dict[str, int], max_mentees: int
    ) -> None:
        self.context = context
        self.capacity = capacity
        self.max_mentees = max_mentees
        kids: dict[str, list[str]] = {}
        for u in org.units:
            if u.parent is not None:
                kids.setdefault(u.parent, []).append(u.id)
        # first[u]: u's number; end[u]: one past the last number under it.
        self.first: dict[str, int] = {}
        self.end: dict[str, int] = {}
        for root in (u.id for u in org.units if u.parent is None):
            stack: list[tuple[str, bool]] = [(root, False)]
            while stack:
                unit, done = stack.pop()
                if done:
                    self.end[unit] = len(self.first)
                    continue
                self.first[unit] = len(self.first)
                stack.append((unit, True))
                stack.extend((kid, False) for kid in reversed(kids.get(unit, ())))
        where = {p.id: self.first[p.unit] for p in org.people}
        self.people = sorted((where[p.id], p.id) for p in org.people)
        # Per competency: (position, person, level) of everyone with a current level.
        self.held: dict[str, list[tuple[int, str, int]]] = {}
        for position, person in self.people:
            for competency, assessment in context.current(person).items():
                self.held.setdefault(competency, []).append((position, person, assessment.level))
        self.lists: dict[tuple[str, int], _Holders] = {}

    def _holders(self, competency: str, level: int) -> _Holders:
        found = self.lists.get((competency, level))
        if found is None:
            if level <= 0:  # no assessment counts as level 0: everyone holds it
                rows = self.people
            else:
                rows = [(at, p) for at, p, held in self.held.get(competency, ()) if held >= level]
            found = self.lists[(competency, level)] = _Holders(rows)
        return found

    def _next_free(self, holders: _Holders, i: int) -> int:
        """The first holder from ``i`` on with a free seat (``len`` if none)."""
        nxt, ids, n = holders.nxt, holders.ids, len(holders.ids)
        passed = []
        while i < n:
            if nxt[i] != i:
                passed.append(i)
                i = nxt[i]
            elif self.capacity.get(ids[i], 0) >= self.max_mentees:
                nxt[i] = i + 1
                passed.append(i)
                i += 1
            else:
                break
        for k in passed:
            nxt[k] = i
        return i

    def candidates(self, unit: str, needs: list[Need]) -> list[str]:
        """The colleagues under ``unit`` to consider as mentors for ``needs``."""
        enough = len(needs) + 1
        mentees = {n.subject for n in needs}
        found: dict[str, None] = {}
        for competency, level in sorted({(n.competency, n.required or 0) for n in needs}):
            holders = self._holders(competency, level)
            i = bisect.bisect_left(holders.positions, self.first[unit])
            end = bisect.bisect_left(holders.positions, self.end[unit])
            taken = 0
            i = self._next_free(holders, i)
            while i < end and taken < enough:
                person = holders.ids[i]
                found[person] = None
                taken += person not in mentees  # a mentee cannot mentor their own need
                i = self._next_free(holders, i + 1)
        return list(found)


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
    pools (their seats are summed). A mentee who holds the level of their own need is kept
    apart, so that the flow never counts on them mentoring themselves. The flow is then
    handed out to people in a fixed order.
    """
    free = {m: max_mentees - capacity.get(m, 0) for m in sorted(mentors)}
    free = {m: c for m, c in free.items() if c > 0}
    if not needs or not free:
        return list(needs)
    ordered = sorted(needs, key=lambda n: (-n.gap, -n.priority, n.subject, n.competency))
    weight_of = {id(n): n.gap * 100_000 + min(99_999, int(n.priority * 100)) for n in ordered}
    pools = sorted({(n.competency, n.required or 0) for n in ordered})
    qualifies: dict[str, tuple[tuple[str, int], ...]] = {
        m: tuple(p for p in pools if (context.level(m, p[0]) or 0) >= p[1]) for m in free
    }
    # Mentees are normally below the pool's level, so never among its mentors. A need given
    # for someone whose assessments already show the level is the exception: that person
    # gets a class of their own, and their need a way to every class of its pool but that
    # one, so that the flow never counts on them mentoring themselves.
    selves = {
        n.subject
        for n in ordered
        if (n.competency, n.required or 0) in qualifies.get(n.subject, ())
    }
    groups: dict[tuple[tuple[str, int], int, str], list[Need]] = {}
    for need in ordered:
        key = (need.competency, need.required or 0)
        own = need.subject if need.subject in selves else ""
        groups.setdefault((key, weight_of[id(need)], own), []).append(need)
    classes: dict[tuple[tuple[tuple[str, int], ...], str], list[str]] = {}
    for m, signature in qualifies.items():
        if signature:
            classes.setdefault((signature, m if m in selves else ""), []).append(m)
    if not classes:
        return ordered
    class_list = sorted(classes.items())
    seats = [sum(free[m] for m in people) for _, people in class_list]
    group_list = sorted(groups.items())
    served = {p for (signature, _), _ in class_list for p in signature}
    way: dict[int, tuple[str, object]] = {  # need group -> the node its flow goes through
        k: ("own", k) if own else ("pool", pool)
        for k, ((pool, _, own), _) in enumerate(group_list)
        if pool in served
    }
    taken: dict[int, int] = {}  # need group -> how many of its needs get a mentor
    supply: dict[tuple[str, object], list[int]] = {}  # way -> its classes, a seat each
    if len(pools) == 1 and len(class_list) == 1 and not selves:
        # One pool and one class: the heaviest needs take the seats; no flow to solve.
        room = seats[0]
        for k in sorted(way, key=lambda k: -group_list[k][0][1]):
            taken[k] = min(len(group_list[k][1]), room)
            room -= taken[k]
            supply.setdefault(way[k], []).extend([0] * taken[k])
    else:
        flow = _flow(group_list, class_list, seats, way, len(ordered))
        taken = {k: flow[("needs", k)].get(through, 0) for k, through in way.items()}
        # Hand each way's flow to classes, and each class's to its members, in order.
        for through in dict.fromkeys(way.values()):
            for c in sorted(k[1] for k in flow.get(through, {})):
                supply.setdefault(through, []).extend([c] * flow[through][("class", c)])
    chosen: list[Need] = []
    route: dict[int, tuple[str, object]] = {}  # id(need) -> its way
    for k, through in way.items():
        members = group_list[k][1]
        route.update((id(n), through) for n in members)
        chosen.extend(members[: taken[k]])
    people_of = [people for _, people in class_list]
    left = {m: free[m] for m in free}
    matched = set()
    for need in sorted(chosen, key=lambda n: (-weight_of[id(n)], n.subject, n.competency)):
        queue = supply.get(route[id(need)], [])
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


def _flow(
    group_list: list[tuple[tuple[tuple[str, int], int, str], list[Need]]],
    class_list: list[tuple[tuple[tuple[tuple[str, int], ...], str], list[str]]],
    seats: list[int],
    way: dict[int, tuple[str, object]],
    units: int,
) -> dict[Any, dict[Any, int]]:
    """The min-cost flow of one round: source -> needs -> way -> class -> sink."""
    # networkx costs half of `import larande`: loaded when a matching is first needed.
    import networkx as nx

    g: nx.DiGraph[object] = nx.DiGraph()
    g.add_node("source", demand=-units)
    g.add_node("sink", demand=units)
    for k, ((pool, weight, own), members) in enumerate(group_list):
        node = ("needs", k)
        g.add_edge("source", node, capacity=len(members), weight=0)
        g.add_edge(node, "sink", capacity=len(members), weight=0)
        if k not in way:
            continue
        g.add_edge(node, way[k], capacity=len(members), weight=-weight)
        if own:
            for c, ((signature, holder), _) in enumerate(class_list):
                if pool in signature and holder != own:
                    g.add_edge(way[k], ("class", c), capacity=seats[c], weight=0)
    for c, ((signature, _), _) in enumerate(class_list):
        for pool in signature:
            g.add_edge(("pool", pool), ("class", c), capacity=seats[c], weight=0)
        g.add_edge(("class", c), "sink", capacity=seats[c], weight=0)
    flow: dict[Any, dict[Any, int]] = nx.min_cost_flow(g)
    return flow


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
