"""From needs to a plan per person: the least effort that closes every need."""

from __future__ import annotations

import datetime as dt
import heapq
from collections.abc import Iterable, Sequence

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
        self.closure = {
            a.id: frozenset((*catalog.requires(a.id), a.id)) for a in catalog.activities
        }
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
        closes: dict[str, list[Need]] = {}
        for a in chosen:
            develops = catalog.activity(a).develops
            closes[a] = [
                n
                for c, t in requirements
                if develops.get(c, -1) >= t and (a, c) not in barred
                for _, n in wanted[c]
            ]
        own_deadline = {
            a: min((n.due for n in ns if n.due), default=None) for a, ns in closes.items()
        }
        own_priority = {a: max((n.priority for n in ns), default=0.0) for a, ns in closes.items()}
        users = {a: [d for d in chosen if d != a and a in self.closure[d]] for a in chosen}
        items: dict[str, PlanItem] = {}
        for a in chosen:
            deadlines = [due for x in (a, *users[a]) if (due := own_deadline[x]) is not None]
            items[a] = PlanItem(
                a,
                tuple(dict.fromkeys(closes[a])),
                min(deadlines) if deadlines else None,
                max(own_priority[x] for x in (a, *users[a])),
                tuple(sorted(users[a])),
                alternatives=self._alternatives(a, chosen, requirements, bool(users[a])),
            )
        # Prerequisites first; otherwise by deadline, priority (highest first) and id.
        waiting = {
            a: sum(1 for p in catalog.activity(a).prerequisites if p in items) for a in items
        }

        def rank(a: str) -> tuple[dt.date, float, str]:
            return (items[a].deadline or dt.date.max, -items[a].priority, a)

        ready = [(rank(a), a) for a, n in waiting.items() if n == 0]
        heapq.heapify(ready)
        order: list[PlanItem] = []
        while ready:
            _, a = heapq.heappop(ready)
            order.append(items[a])
            for d in items:
                if a in catalog.activity(d).prerequisites:
                    waiting[d] -= 1
                    if waiting[d] == 0:
                        heapq.heappush(ready, (rank(d), d))
        return tuple(order)


def _search(
    requirements: tuple[_Requirement, ...],
    catalog: Catalog,
    weights: dict[str, tuple[int, int]],
    closure: dict[str, frozenset[str]],
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
    # Group the requirements: union-find over the activities their candidates may bring in
    # (an activity brought in for one requirement may also meet another).
    parent = list(range(len(options)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    if len(options) > 1:
        owner: dict[str, int] = {}
        for i, (req, able) in enumerate(options):
            reach = _reach(req, able, closure, reach_cache)
            for x in reach:
                j = owner.setdefault(x, i)
                if j != i:
                    rj, ri = root(j), root(i)
                    if rj != ri:
                        parent[rj] = ri
    groups: dict[int, list[tuple[_Requirement, list[Activity]]]] = {}
    for i, option in enumerate(options):
        groups.setdefault(root(i), []).append(option)
    chosen: set[str] = set()
    single = {} if single_cache is None else single_cache
    for group in groups.values():
        if len(group) == 1:
            req = group[0][0]
            best = single.get(req)
            if best is None:
                best = single[req] = _search_group(group, weights, closure, workplace)
            chosen |= best
        else:
            chosen |= _search_group(group, weights, closure, workplace)
    return tuple(sorted(chosen)), missing


def _reach(
    req: _Requirement,
    able: list[Activity],
    closure: dict[str, frozenset[str]],
    cache: dict[_Requirement, frozenset[str]] | None,
) -> frozenset[str]:
    """Every activity a candidate for ``req`` may bring in, prerequisites included."""
    if cache is not None and req in cache:
        return cache[req]
    found = frozenset().union(*(closure[a.id] for a in able))
    if cache is not None:
        cache[req] = found
    return found


def _search_group(
    options: list[tuple[_Requirement, list[Activity]]],
    weights: dict[str, tuple[int, int]],
    closure: dict[str, frozenset[str]],
    workplace: dict[str, bool],
) -> frozenset[str]:
    """Branch and bound over one group of requirements that share candidate activities.

    ``weights`` gives each activity its (first, second) measure: (effort, cost) by
    default, (cost, effort) when cost comes first. The bound uses the first only.
    """

    def total(ids: frozenset[str]) -> tuple[int, int]:
        return (sum(weights[x][0] for x in ids), sum(weights[x][1] for x in ids))

    if len(options) == 1:
        # One requirement: its best candidate, no search.
        _, able = options[0]
        best_one = min(
            able,
            key=lambda a: (
                *total(closure[a.id]),
                sum(1 for x in closure[a.id] if not workplace[x]),
                len(closure[a.id]),
                tuple(sorted(closure[a.id])),
            ),
        )
        return closure[best_one.id]
    options = sorted(options, key=lambda o: (len(o[1]), o[0]))
    develops = {a.id: a.develops for _, able in options for a in able}
    best: list[tuple[tuple[int, int, int, int, tuple[str, ...]], frozenset[str]]] = []
    steps = 0

    def covered(req: _Requirement, chosen: frozenset[str]) -> bool:
        competency, target = req
        return any(x in develops and develops[x].get(competency, -1) >= target for x in chosen)

    def dfs(i: int, chosen: frozenset[str], first: int, second: int) -> None:
        nonlocal steps
        steps += 1
        if best and (first > best[0][0][0] or steps > SEARCH_BUDGET):
            return
        while i < len(options) and covered(options[i][0], chosen):
            i += 1
        if i == len(options):
            k = (
                first,
                second,
                sum(1 for a in chosen if not workplace[a]),
                len(chosen),
                tuple(sorted(chosen)),
            )
            if not best or k < best[0][0]:
                best[:] = [(k, chosen)]
            return
        branches = []
        for a in options[i][1]:
            added = closure[a.id] - chosen
            extra = total(added)
            branches.append((extra[0], extra[1], not a.workplace, len(added), a.id, added))
        branches.sort(key=lambda b: b[:5])
        # Bound: this requirement alone adds at least the cheapest branch.
        if best and first + branches[0][0] > best[0][0][0]:
            return
        for extra_first, extra_second, _, _, _, added in branches:
            dfs(i + 1, chosen | added, first + extra_first, second + extra_second)

    dfs(0, frozenset(), 0, 0)
    return best[0][1] if best else frozenset()
