"""From needs to a plan per person: the least effort that closes every need."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence

from larande import _check as check
from larande._gc import paused
from larande.catalog import Activity, Catalog
from larande.competence import Assessment
from larande.exceptions import ValidationError
from larande.needs import Context, Justification, Need, NeedScope, NeedsReport
from larande.organization import Organization
from larande.planning._records import LearningPlan, PlanItem, PlanObjective, Unmet, UnmetReason

SEARCH_BUDGET = 100_000
"""Search steps allowed per distinct set of needs before the best plan found so far is kept.

Real catalogs offer a handful of activities per competency and stay far below it; it only
bounds pathological inputs (many needs, each with many overlapping activities).
"""

WORK_BUDGET = 5_000_000
"""Elementary operations (activities taken in or out, needs skipped, plans kept) allowed in
one search before the best plan found so far is kept.

The steps alone do not bound the time when each step is large: thousands of needs that one
broad activity also meets make every step touch all of them. Normal catalogs never come
near it.
"""

_Requirement = tuple[str, int]  # (competency, target level)


def unmet_detail(reason: UnmetReason, competency: str, target: int) -> str:
    """The English sentence for a need nothing in the catalog closes."""
    if reason is UnmetReason.NO_ACTIVITY:
        return f"no activity in the catalog develops {competency!r}"
    if reason is UnmetReason.ALREADY_PASSED:
        return (
            f"only activities the person already passed develop {competency!r} to level "
            f"{target}: re-assess, or offer another activity"
        )
    return f"no activity in the catalog develops {competency!r} to level {target}"


def _needs_of(needs: object) -> list[Need]:
    if isinstance(needs, NeedsReport):
        return list(needs.needs)
    if isinstance(needs, str | bytes) or not isinstance(needs, Iterable):
        raise ValidationError(
            f"expected a NeedsReport or an iterable of Need, got {check.describe(needs)}",
            path="needs",
        )
    out: list[Need] = []
    for i, n in enumerate(needs):
        if isinstance(n, Justification):
            if n.ok:
                out.append(n.need)
        elif isinstance(n, Need):
            out.append(n)
        else:
            raise ValidationError(
                f"expected a Need (or a Justification), got {check.describe(n)}",
                path=f"needs[{i}]",
            )
    return out


def plan(
    needs: NeedsReport | Iterable[Need | Justification],
    catalog: Catalog,
    *,
    org: Organization,
    assessments: Iterable[Assessment] = (),
    as_of: dt.date | None = None,
    objective: PlanObjective | str = PlanObjective.EFFORT,
    alternatives: int = 0,
) -> tuple[LearningPlan, ...]:
    """A learning plan for every person with a need, sorted by person.

    ``needs`` is a :class:`~larande.NeedsReport` or any iterable of needs (say, the ones
    that passed :func:`~larande.justify`; justifications are accepted as they are, and
    those not ``ok`` skipped). A unit need becomes a need of each member (sub-units
    included) whose roles require the competency (of every member when no role does),
    skipping members already at the level when ``assessments`` and ``as_of`` are given.
    Each person's target in a competency is the highest asked for: a person need's
    ``required``; for a unit need, the member's role's level (else the need's ``required``,
    else 1).

    Per person the plan is the set of activities with the least total effort that brings
    every competency to its target, prerequisites included and counted once, no activity
    twice. Ties go to the lower cost, then to learning at work (fewer activities that are
    not on the job, mentoring, peer learning or reflection), then fewer activities, then
    activity ids. With ``objective="cost"`` the lowest cost comes first and effort breaks
    its ties (learning need not be costly). A need nothing closes goes to ``unmet`` with
    the reason; so does a person need with no gap and nothing due (there is nothing to
    learn: re-assess instead).

    With ``alternatives=k``, each item that closes needs lists up to ``k`` other activities
    that close the same needs (:attr:`PlanItem.alternatives`, cheapest first), whose
    prerequisites are in the plan: :func:`~larande.schedule` falls back on them when the
    first choice cannot be placed.

    >>> from larande.datasets import load_demo
    >>> from larande.needs import analyze
    >>> demo = load_demo()
    >>> report = analyze(demo.org, demo.assessments, as_of=demo.as_of)
    >>> plans = plan(report, demo.catalog, org=demo.org)
    >>> xin = next(p for p in plans if p.person == "xin.li")
    >>> xin.activities
    ('devops-elearning', 'devops-workshop')
    >>> xin.items[0].required_by
    ('devops-workshop',)
    """
    if not isinstance(catalog, Catalog):
        raise ValidationError(f"expected a Catalog, got {check.describe(catalog)}", path="catalog")
    if not isinstance(org, Organization):
        raise ValidationError(f"expected an Organization, got {check.describe(org)}", path="org")
    if as_of is not None and not check.is_day(as_of):
        raise ValidationError(
            f"expected a datetime.date or None, got {check.describe(as_of)}", path="as_of"
        )
    assessments = tuple(assessments)
    if assessments and as_of is None:
        raise ValidationError(
            "assessments were given without as_of: the day is needed to tell which are valid",
            path="as_of",
            code="assessments-without-as-of",
        )
    goal, extra = check_options(objective, alternatives)
    catalog.check(org.framework)
    given = _needs_of(needs)
    with paused():
        context = (
            Context(org, assessments, as_of=as_of) if as_of is not None and assessments else None
        )
        return _Planner(catalog, org, context, objective=goal, alternatives=extra).run(given)


def check_options(objective: object, alternatives: object) -> tuple[PlanObjective, int]:
    """``objective`` as a :class:`PlanObjective` and ``alternatives`` as a count, or refused."""
    found = check.as_member(PlanObjective, objective)
    if not isinstance(found, PlanObjective):
        raise ValidationError(
            f"expected one of {[o.value for o in PlanObjective]}, got {check.describe(objective)}",
            path="objective",
        )
    if type(alternatives) is not int or alternatives < 0:
        raise ValidationError(
            f"expected a number of alternatives, an int of 0 or more, got "
            f"{check.describe(alternatives)}",
            path="alternatives",
        )
    return found, alternatives


class _Planner:
    def __init__(
        self,
        catalog: Catalog,
        org: Organization,
        context: Context | None,
        *,
        objective: PlanObjective = PlanObjective.EFFORT,
        alternatives: int = 0,
    ) -> None:
        self.catalog = catalog
        self.org = org
        self.context = context
        self.alternatives = alternatives
        # Costs in hundredths: integer sums tie exactly where floats might not.
        self.weights = {
            a.id: (int(a.effort.total_seconds()), round(a.cost * 100))
            if objective is PlanObjective.EFFORT
            else (round(a.cost * 100), int(a.effort.total_seconds()))
            for a in catalog.activities
        }
        self.workplace = {a.id: a.workplace for a in catalog.activities}
        # Each activity with its prerequisites, worked out only for the activities a search
        # looks at: all of them at once would cost n² on a long chain of prerequisites.
        self.closure = _Closures(catalog)
        self.memo: dict[
            tuple[_Requirement, ...], tuple[tuple[str, ...], dict[_Requirement, UnmetReason]]
        ] = {}
        # Per requirement: the activities able to meet it, and the best one alone. People
        # share requirements far more often than whole sets of them.
        self.able: dict[_Requirement, list[Activity]] = {}
        self.single: dict[_Requirement, frozenset[str]] = {}
        self.reach: dict[_Requirement, frozenset[str]] = {}

    def run(self, needs: Sequence[Need]) -> tuple[LearningPlan, ...]:
        wanted, unmet = self.wanted(needs)
        return tuple(
            self._plan_for(person, wanted.get(person, {}), unmet.get(person, []))
            for person in sorted(set(wanted) | set(unmet))
        )

    def wanted(
        self, needs: Sequence[Need]
    ) -> tuple[dict[str, dict[str, list[tuple[int, Need]]]], dict[str, list[Unmet]]]:
        """Per person and competency, the targets asked for; per person, nothing to learn.

        The first maps person -> competency -> ``[(target, need)]``; the second person ->
        the needs already met with nothing due (``unmet`` for ``nothing-to-learn``).
        """
        framework = self.org.framework
        wanted: dict[str, dict[str, list[tuple[int, Need]]]] = {}
        unmet: dict[str, list[Unmet]] = {}
        for i, need in enumerate(needs):
            if need.competency not in framework:
                from larande.exceptions import UnknownIdError

                raise UnknownIdError("competency", need.competency, path=f"needs[{i}].competency")
            if need.scope is NeedScope.PERSON:
                self.org.person(need.subject)
                if need.gap == 0 and need.due is None:
                    unmet.setdefault(need.subject, []).append(
                        Unmet(
                            need,
                            UnmetReason.NOTHING_TO_LEARN,
                            f"{need.subject!r} is at level {need.current} in "
                            f"{need.competency!r} and nothing is due: re-assess instead",
                        )
                    )
                    continue
                assert need.required is not None
                wanted.setdefault(need.subject, {}).setdefault(need.competency, []).append(
                    (need.required, need)
                )
            else:
                for person, target in self._members(need):
                    wanted.setdefault(person, {}).setdefault(need.competency, []).append(
                        (target, need)
                    )
        return wanted, unmet

    def _members(self, need: Need) -> list[tuple[str, int]]:
        members = self.org.members(need.subject)
        required = []
        for m in members:
            req = None
            for role in self.org.roles_of(m.id):
                r = role.requirement(need.competency)
                if r is not None and (req is None or r.level > req):
                    req = r.level
            required.append((m.id, req))
        concerned = [(p, r) for p, r in required if r is not None] or required
        out = []
        for person, req in concerned:
            target = (
                req if req is not None else (need.required if need.required is not None else 1)
            )
            if self.context is not None:
                level = self.context.level(person, need.competency)
                if level is not None and level >= target:
                    continue
            out.append((person, target))
        return out

    def _plan_for(
        self, person: str, wanted: dict[str, list[tuple[int, Need]]], unmet: list[Unmet]
    ) -> LearningPlan:
        requirements = tuple(sorted((c, max(t for t, _ in v)) for c, v in wanted.items()))
        chosen, missing = self._solve(requirements)
        for (competency, target), reason in missing.items():
            detail = unmet_detail(reason, competency, target)
            unmet.extend(Unmet(n, reason, detail) for _, n in wanted[competency])
        return LearningPlan(person, self._items(chosen, requirements, wanted), unmet)

    def _solve(
        self, requirements: tuple[_Requirement, ...]
    ) -> tuple[tuple[str, ...], dict[_Requirement, UnmetReason]]:
        found = self.memo.get(requirements)
        if found is None:
            found = self.memo[requirements] = _search(
                requirements,
                self.catalog,
                self.weights,
                self.closure,
                self.workplace,
                able_cache=self.able,
                single_cache=self.single,
                reach_cache=self.reach,
            )
        return found

    def _alternatives(
        self,
        activity: str,
        chosen: tuple[str, ...],
        requirements: tuple[_Requirement, ...],
        needed_first: bool,
    ) -> tuple[str, ...]:
        """Up to ``self.alternatives`` other activities closing what ``activity`` closes.

        Cheapest first (then least effort, then id); only activities whose prerequisites
        are in the plan already, and none for an item others need first (a prerequisite
        cannot be swapped without its dependants) or that closes nothing.
        """
        if not self.alternatives or needed_first:
            return ()
        catalog = self.catalog
        develops = catalog.activity(activity).develops
        closed = [(c, t) for c, t in requirements if develops.get(c, -1) >= t]
        if not closed:
            return ()
        in_plan = set(chosen)
        found = [
            b
            for b in catalog.providers(closed[0][0])
            if b.id not in in_plan
            and all(b.develops.get(c, -1) >= t for c, t in closed)
            and all(p in in_plan for p in catalog.requires(b.id))
        ]
        found.sort(key=lambda b: (b.cost, b.effort, b.id))
        return tuple(b.id for b in found[: self.alternatives])

    def _items(
        self,
        chosen: tuple[str, ...],
        requirements: tuple[_Requirement, ...],
        wanted: dict[str, list[tuple[int, Need]]],
        barred: frozenset[tuple[str, str]] = frozenset(),
    ) -> tuple[PlanItem, ...]:
        """The chosen activities as items, in plan order.

        An (activity, competency) pair in ``barred`` closes nothing: the person passed the
        activity for that competency already.
        """
        catalog = self.catalog
        target = dict(requirements)
        closes: dict[str, list[Need]] = {}
        for a in chosen:
            develops = catalog.activity(a).develops
            met = sorted(
                c
                for c, level in develops.items()
                if c in target and level >= target[c] and (a, c) not in barred
            )
            closes[a] = [n for c in met for _, n in wanted[c]]
        deadline, priority, required_by = self._inherited(chosen, closes)
        items: dict[str, PlanItem] = {}
        for a in chosen:
            items[a] = PlanItem(
                a,
                tuple(dict.fromkeys(closes[a])),
                deadline[a],
                priority[a],
                required_by[a],
                alternatives=self._alternatives(a, chosen, requirements, bool(required_by[a])),
            )
        # Prerequisites first; otherwise by deadline, priority (highest first) and id.
        users: dict[str, list[str]] = {a: [] for a in items}
        waiting = dict.fromkeys(items, 0)
        for d in items:
            for p in catalog.activity(d).prerequisites:
                if p in items:
                    users[p].append(d)
                    waiting[d] += 1

        def rank(a: str) -> tuple[dt.date, float, str]:
            return (items[a].deadline or dt.date.max, -items[a].priority, a)

        ready = [(rank(a), a) for a, n in waiting.items() if n == 0]
        heapq.heapify(ready)
        order: list[PlanItem] = []
        while ready:
            _, a = heapq.heappop(ready)
            order.append(items[a])
            for d in users[a]:
                waiting[d] -= 1
                if waiting[d] == 0:
                    heapq.heappush(ready, (rank(d), d))
        return tuple(order)

    def _inherited(
        self, chosen: tuple[str, ...], closes: dict[str, list[Need]]
    ) -> tuple[dict[str, dt.date | None], dict[str, float], dict[str, tuple[str, ...]]]:
        """Per chosen activity: its deadline, its priority, and who needs it first.

        The deadline is the earliest ``due`` of the needs it closes and of those of every
        planned activity that needs it first, directly or not; the priority the highest.
        ``required_by`` names the nearest of those: the planned activities that list it as
        a prerequisite, or reach it only through prerequisites outside the plan (done
        ones). Linear in the activities and their prerequisites: a chain of 10,000 costs
        ten times a chain of 1,000.
        """
        by_id = self.catalog.activity
        planned = set(chosen)
        # Everything the plan needs, prerequisites after what needs them (a reversed
        # post-order of the prerequisite links).
        post: list[str] = []
        seen: set[str] = set()
        for start in chosen:
            if start in seen:
                continue
            seen.add(start)
            stack: list[tuple[str, Iterator[str]]] = [(start, iter(by_id(start).prerequisites))]
            while stack:
                node, prereqs = stack[-1]
                for p in prereqs:
                    if p not in seen:
                        seen.add(p)
                        stack.append((p, iter(by_id(p).prerequisites)))
                        break
                else:
                    stack.pop()
                    post.append(node)
        own_due = {a: min((n.due for n in closes[a] if n.due), default=None) for a in chosen}
        own_priority = {a: max((n.priority for n in closes[a]), default=0.0) for a in chosen}
        # What each activity inherits from the planned activities that need it first.
        due_above: dict[str, dt.date | None] = dict.fromkeys(seen)
        priority_above: dict[str, float | None] = dict.fromkeys(seen)
        nearest: dict[str, set[str]] = {a: set() for a in chosen}
        for node in reversed(post):  # every activity before its prerequisites
            due, prio = due_above[node], priority_above[node]
            if node in planned:
                due = _earliest(due, own_due[node])
                prio = own_priority[node] if prio is None else max(prio, own_priority[node])
            for p in by_id(node).prerequisites:
                due_above[p] = _earliest(due_above[p], due)
                above = priority_above[p]
                if prio is not None:
                    priority_above[p] = prio if above is None else max(above, prio)
        for d in chosen:
            # The nearest planned prerequisites of d, through those outside the plan.
            stack_ids = list(by_id(d).prerequisites)
            passed: set[str] = set()
            while stack_ids:
                p = stack_ids.pop()
                if p in passed:
                    continue
                passed.add(p)
                if p in planned:
                    nearest[p].add(d)
                else:
                    stack_ids.extend(by_id(p).prerequisites)
        deadline = {a: _earliest(own_due[a], due_above[a]) for a in chosen}
        priority = {a: max(own_priority[a], priority_above[a] or 0.0) for a in chosen}
        return deadline, priority, {a: tuple(sorted(nearest[a])) for a in chosen}


def _earliest(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    if a is None:
        return b
    if b is None:
        return a
    return min(a, b)


class _Closures(Mapping[str, frozenset[str]]):
    """Each activity with all of its prerequisites, worked out when first asked for.

    Besides the mapping, the search asks it what an activity brings into a set of chosen
    activities, and which requirements share activities, in time proportional to the
    activities concerned rather than to their whole closures.
    """

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self._cache: dict[str, frozenset[str]] = {}

    def __getitem__(self, id: str) -> frozenset[str]:
        found = self._cache.get(id)
        if found is None:
            found = self._cache[id] = frozenset((*self._catalog.requires(id), id))
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._catalog)

    def __len__(self) -> int:
        return len(self._catalog)

    def bring(self, id: str, chosen: Container[str]) -> list[str]:
        """What ``id`` adds to ``chosen``, a set that holds every prerequisite of its own."""
        if id in chosen:
            return []
        activity = self._catalog.activity
        out = [id]
        seen = {id}
        stack = [id]
        while stack:
            for p in activity(stack.pop()).prerequisites:
                if p not in seen and p not in chosen:
                    seen.add(p)
                    out.append(p)
                    stack.append(p)
        return out

    def groups(
        self, options: list[tuple[_Requirement, list[Activity]]]
    ) -> list[list[tuple[_Requirement, list[Activity]]]]:
        """The options joined when their candidates (or their prerequisites) meet.

        Union-find over the prerequisite links of every activity reached once: the same
        groups as joining options whose closures share an activity.
        """
        parent: dict[str, str] = {}

        def root(x: str) -> str:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        def join(a: str, b: str) -> None:
            ra, rb = root(a), root(b)
            if ra != rb:
                parent[rb] = ra

        activity = self._catalog.activity
        seen: set[str] = set()
        for _, able in options:
            stack: list[str] = []
            for a in able:
                join(able[0].id, a.id)
                if a.id not in seen:
                    seen.add(a.id)
                    stack.append(a.id)
            while stack:
                x = stack.pop()
                for p in activity(x).prerequisites:
                    join(x, p)
                    if p not in seen:
                        seen.add(p)
                        stack.append(p)
        grouped: dict[str, list[tuple[_Requirement, list[Activity]]]] = {}
        for option in options:
            grouped.setdefault(root(option[1][0].id), []).append(option)
        return list(grouped.values())


class _GivenClosures:
    """A mapping activity -> closure given as it is (replanning's, less what is had)."""

    def __init__(
        self,
        closure: Mapping[str, frozenset[str]],
        cache: dict[_Requirement, frozenset[str]] | None,
    ) -> None:
        self._closure = closure
        self._cache = cache

    def __getitem__(self, id: str) -> frozenset[str]:
        return self._closure[id]

    def bring(self, id: str, chosen: set[str]) -> list[str]:
        return list(self._closure[id] - chosen)

    def groups(
        self, options: list[tuple[_Requirement, list[Activity]]]
    ) -> list[list[tuple[_Requirement, list[Activity]]]]:
        # Union-find over the options whose candidates may bring in a common activity.
        parent = list(range(len(options)))

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        owner: dict[str, int] = {}
        for i, (req, able) in enumerate(options):
            for x in _reach(req, able, self._closure, self._cache):
                j = owner.setdefault(x, i)
                if j != i:
                    rj, ri = root(j), root(i)
                    if rj != ri:
                        parent[rj] = ri
        grouped: dict[int, list[tuple[_Requirement, list[Activity]]]] = {}
        for i, option in enumerate(options):
            grouped.setdefault(root(i), []).append(option)
        return list(grouped.values())


def _search(
    requirements: tuple[_Requirement, ...],
    catalog: Catalog,
    weights: dict[str, tuple[int, int]],
    closure: Mapping[str, frozenset[str]],
    workplace: dict[str, bool],
    *,
    able_cache: dict[_Requirement, list[Activity]] | None = None,
    single_cache: dict[_Requirement, frozenset[str]] | None = None,
    reach_cache: dict[_Requirement, frozenset[str]] | None = None,
    exclude: frozenset[str] = frozenset(),
    allow: frozenset[tuple[str, str]] = frozenset(),
) -> tuple[tuple[str, ...], dict[_Requirement, UnmetReason]]:
    """The best set of activities for these requirements, and the ones nothing meets.

    Requirements that share no candidate activity (nor a prerequisite of one) cannot
    affect each other's choice, and the order of the objective (effort, then activities
    not at work, then count) is a sum over them: each such group is searched on its own.
    Activities in ``exclude`` are no candidates (they may still come in as prerequisites),
    but for the competencies ``allow`` pairs them with.
    """
    missing: dict[_Requirement, UnmetReason] = {}
    options: list[tuple[_Requirement, list[Activity]]] = []
    able_cache = {} if able_cache is None else able_cache
    for competency, target in requirements:
        able = able_cache.get((competency, target))
        if able is None:
            providers = catalog.providers(competency)
            able = [a for a in providers if a.develops[competency] >= target]
            able_cache[(competency, target)] = able
        if exclude and able:
            allowed = [a for a in able if a.id not in exclude or (a.id, competency) in allow]
            if not allowed:
                missing[(competency, target)] = UnmetReason.ALREADY_PASSED
                continue
            able = allowed
        if able:
            options.append(((competency, target), able))
        else:
            missing[(competency, target)] = (
                UnmetReason.LEVEL_NOT_REACHED
                if catalog.providers(competency)
                else UnmetReason.NO_ACTIVITY
            )
    ops: _Closures | _GivenClosures = (
        closure if isinstance(closure, _Closures) else _GivenClosures(closure, reach_cache)
    )
    groups = ops.groups(options) if len(options) > 1 else [options] if options else []
    chosen: set[str] = set()
    single = {} if single_cache is None else single_cache
    for group in groups:
        if len(group) == 1:
            req = group[0][0]
            best = single.get(req)
            if best is None:
                best = single[req] = _search_group(group, weights, ops, workplace)
            chosen |= best
        else:
            chosen |= _search_group(group, weights, ops, workplace)
    return tuple(sorted(chosen)), missing


def _reach(
    req: _Requirement,
    able: list[Activity],
    closure: Mapping[str, frozenset[str]],
    cache: dict[_Requirement, frozenset[str]] | None,
) -> frozenset[str]:
    """Every activity a candidate for ``req`` may bring in, prerequisites included."""
    if cache is not None and req in cache:
        return cache[req]
    found = frozenset().union(*(closure[a.id] for a in able))
    if cache is not None:
        cache[req] = found
    return found


class _Frame:
    """One requirement being decided in the search: its options, and the one being tried."""

    __slots__ = ("applied", "branches", "i", "next")

    def __init__(self, i: int, branches: list[tuple[int, int, bool, int, str, list[str]]]) -> None:
        self.i = i
        self.branches = branches
        self.next = 0
        self.applied: tuple[list[str], int, int] | None = None


def _search_group(
    options: list[tuple[_Requirement, list[Activity]]],
    weights: dict[str, tuple[int, int]],
    ops: _Closures | _GivenClosures,
    workplace: dict[str, bool],
) -> frozenset[str]:
    """Branch and bound over one group of requirements that share candidate activities.

    ``weights`` gives each activity its (first, second) measure: (effort, cost) by
    default, (cost, effort) when cost comes first. The bound uses the first only.

    The search walks requirements in order of fewest candidates, trying each candidate
    cheapest first, depth first with an explicit stack (thousands of needs go as deep as
    a few). What is chosen, the totals and which requirements are met are kept up to date
    as activities come in and go out, so a step costs what it changes, not the group's
    size. It stops at :data:`SEARCH_BUDGET` steps or :data:`WORK_BUDGET` operations once
    a plan is found, and keeps the best so far.
    """

    def total(ids: Iterable[str]) -> tuple[int, int]:
        first = second = 0
        for x in ids:
            w = weights[x]
            first += w[0]
            second += w[1]
        return first, second

    if len(options) == 1:
        # One requirement: its best candidate, no search.
        _, able = options[0]
        best_one = min(
            able,
            key=lambda a: (
                *total(ops[a.id]),
                sum(1 for x in ops[a.id] if not workplace[x]),
                len(ops[a.id]),
                tuple(sorted(ops[a.id])),
            ),
        )
        return ops[best_one.id]
    options = sorted(options, key=lambda o: (len(o[1]), o[0]))
    n = len(options)
    # Which requirements each candidate meets (its level reaches the target).
    position = {req[0]: (req[1], i) for i, (req, _) in enumerate(options)}
    meets: dict[str, list[int]] = {}
    for _, able in options:
        for a in able:
            if a.id not in meets:
                meets[a.id] = [
                    position[c][1]
                    for c, level in a.develops.items()
                    if c in position and level >= position[c][0]
                ]
    met = [0] * n  # per requirement: how many chosen activities meet it
    chosen: set[str] = set()
    state = [0, 0, 0]  # first, second, activities not at work
    best_key: tuple[int, int, int, int] | None = None
    best_set: frozenset[str] = frozenset()
    best_ids: tuple[str, ...] | None = None
    steps = work = 0

    def take(added: list[str], first: int, second: int) -> None:
        nonlocal work
        work += len(added)
        for x in added:
            chosen.add(x)
            state[2] += not workplace[x]
            for r in meets.get(x, ()):
                met[r] += 1
        state[0] += first
        state[1] += second

    def give_back(added: list[str], first: int, second: int) -> None:
        for x in added:
            chosen.discard(x)
            state[2] -= not workplace[x]
            for r in meets.get(x, ()):
                met[r] -= 1
        state[0] -= first
        state[1] -= second

    def stopped() -> bool:
        return best_key is not None and (steps > SEARCH_BUDGET or work > WORK_BUDGET)

    def enter(i: int) -> _Frame | None:
        """A step: skip what is met; a leaf is a plan; else the next requirement's options."""
        nonlocal steps, work, best_key, best_set, best_ids
        steps += 1
        if best_key is not None and (state[0] > best_key[0] or stopped()):
            return None
        while i < n and met[i]:
            i += 1
            work += 1
        if i == n:
            key = (state[0], state[1], state[2], len(chosen))
            if best_key is None or key < best_key:
                better = True
            elif key == best_key:
                if best_ids is None:
                    best_ids = tuple(sorted(best_set))
                better = tuple(sorted(chosen)) < best_ids
            else:
                better = False
            if better:
                work += len(chosen)
                best_key, best_set, best_ids = key, frozenset(chosen), None
            return None
        branches = []
        for a in options[i][1]:
            added = ops.bring(a.id, chosen)
            work += len(added)
            first, second = total(added)
            branches.append((first, second, not a.workplace, len(added), a.id, added))
        branches.sort(key=lambda b: b[:5])
        # Bound: this requirement alone adds at least the cheapest branch.
        if best_key is not None and state[0] + branches[0][0] > best_key[0]:
            return None
        return _Frame(i, branches)

    if any(len(able) > 1 for _, able in options):
        # A first plan to measure against, made greedily; it only prunes sooner. The
        # search still finds the same best plan: the greedy one holds a plan of the
        # search with nothing more, so it never beats the search's best.
        found = _greedy(options, meets, weights, ops, workplace, WORK_BUDGET // 10)
        if found is not None:
            (first, second, nonwork, ids), cost = found
            work += cost
            best_key, best_set = (first, second, nonwork, len(ids)), ids
    root = enter(0)
    stack = [root] if root is not None else []
    while stack:
        frame = stack[-1]
        if frame.applied is not None:
            give_back(*frame.applied)
            frame.applied = None
        if frame.next == len(frame.branches):
            stack.pop()
            continue
        first, second, _, _, _, added = frame.branches[frame.next]
        frame.next += 1
        if best_key is not None and (
            state[0] + first > best_key[0] or steps + 1 > SEARCH_BUDGET or work > WORK_BUDGET
        ):
            steps += 1  # the step that would look and turn back at once
            continue
        take(added, first, second)
        frame.applied = (added, first, second)
        child = enter(frame.i + 1)
        if child is not None:
            stack.append(child)
    return best_set


def _greedy(
    options: list[tuple[_Requirement, list[Activity]]],
    meets: dict[str, list[int]],
    weights: dict[str, tuple[int, int]],
    ops: _Closures | _GivenClosures,
    workplace: dict[str, bool],
    budget: int,
) -> tuple[tuple[int, int, int, frozenset[str]], int] | None:
    """A plan meeting every requirement, made greedily, and the work it took.

    The candidates that alone meet a requirement come first; then, again and again, the
    candidate that adds the least first measure per requirement it newly meets (looked at
    lazily, through a heap). ``None`` when that takes more than ``budget`` operations.
    """
    n = len(options)
    met = [False] * n
    left = n
    chosen: set[str] = set()
    totals = [0, 0, 0]
    work = 0

    def take(added: list[str]) -> None:
        nonlocal left, work
        work += len(added)
        for x in added:
            chosen.add(x)
            totals[0] += weights[x][0]
            totals[1] += weights[x][1]
            totals[2] += not workplace[x]
            for r in meets.get(x, ()):
                if not met[r]:
                    met[r] = True
                    left -= 1

    for i, (_, able) in enumerate(options):
        if len(able) == 1 and not met[i]:
            take(ops.bring(able[0].id, chosen))
    heap: list[tuple[float, str]] = [
        (weights[a.id][0] / max(1, len(meets[a.id])), a.id)
        for _, able in options
        for a in able
        if a.id not in chosen
    ]
    heapq.heapify(heap)
    while left and heap:
        if work > budget:
            return None
        _, aid = heapq.heappop(heap)
        newly = sum(1 for r in meets[aid] if not met[r])
        work += 1 + len(meets[aid])
        if not newly:
            continue
        added = ops.bring(aid, chosen)
        work += len(added)
        ratio = sum(weights[x][0] for x in added) / newly
        if heap and ratio > heap[0][0]:
            heapq.heappush(heap, (ratio, aid))
            continue
        take(added)
    if left:
        return None
    return (totals[0], totals[1], totals[2], frozenset(chosen)), work
