"""Plans revised by what happened: done stays done, closed needs drop out, new needs come in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from larande import _check as check
from larande._gc import paused
from larande.catalog import Catalog
from larande.competence import Assessment
from larande.exceptions import DuplicateIdError, ValidationError
from larande.followup import ActivityCompleted, FollowUpState
from larande.needs import Context, Justification, Need, NeedsReport
from larande.organization import Organization
from larande.planning._plan import _needs_of, _Planner, _search, _unmet, check_options
from larande.planning._records import (
    Dropped,
    DropReason,
    LearningPlan,
    PlanAction,
    PlanItem,
    PlanObjective,
    PlanStatus,
    Transition,
    Unmet,
    UnmetReason,
)

_Wanted = dict[str, list[tuple[int, Need]]]  # competency -> [(target, need)]


def passed(state: FollowUpState, person: str, *, as_of: dt.date) -> dict[str, dt.date]:
    """Per activity, the last day on or before ``as_of`` the person passed it.

    "Passed" means a completion whose ``passed`` is not ``False``; retracted ones do not
    count.
    """
    out: dict[str, dt.date] = {}
    for e in state.of_person(person):  # by day: the last one wins
        if isinstance(e, ActivityCompleted) and e.passed is not False and e.on <= as_of:
            out[e.activity] = e.on
    return out


def replan(
    plans: Iterable[LearningPlan],
    needs: NeedsReport | Iterable[Need | Justification],
    catalog: Catalog,
    *,
    org: Organization,
    state: FollowUpState,
    assessments: Iterable[Assessment] = (),
    as_of: dt.date,
    objective: PlanObjective | str = PlanObjective.EFFORT,
    alternatives: int = 0,
) -> tuple[LearningPlan, ...]:
    """The plans revised on ``as_of`` by what follow-up shows and by today's needs.

    ``plans`` are the plans in force (say, the last review's); ``needs`` today's needs as
    :func:`~larande.plan` takes them; ``state`` the follow-up events. For each person:

    - an item whose activity the person passed (a completion whose ``passed`` is not
      ``False``, on or before ``as_of``) stays, marked :attr:`PlanItem.done` with the day;
    - an open item whose needs are all closed is dropped and recorded in
      :attr:`LearningPlan.dropped` (a prerequisite that nothing left needs, too; so is an
      activity the catalog no longer holds);
    - a new need gets new items by the rules of :func:`~larande.plan`, where what the
      person passed or already has in the plan counts as had (a done prerequisite is not
      taken again);
    - nothing the person passed is planned again for a need: a need that only passed
      activities close goes to ``unmet`` (reason ``already-passed``). The one exception is
      a certificate up for renewal (a need with a ``due``, for a competency with a
      ``validity``, that the earlier pass no longer covers): the done item makes way for a
      new item of the same activity and is recorded as dropped for ``renewal``;
    - a plan with nothing left open is ``COMPLETE`` (from any status but ``CANCELLED``,
      with the step in its history); a complete plan that gains an item is reopened
      (``ACTIVE``). A cancelled plan is returned as it was.

    People with needs and no plan get a new plan (``DRAFT``). ``objective`` and
    ``alternatives`` are :func:`~larande.plan`'s, for the items made now. Results are
    sorted by person.

    Raises:
        ValidationError: a malformed argument; two plans for one person; a plan or need
            for a person ``org`` does not know (:class:`~larande.UnknownIdError`).

    >>> from larande.datasets import load_demo
    >>> from larande import analyze, learned, plan, replay
    >>> demo = load_demo()
    >>> report = analyze(demo.org, demo.assessments, demo.signals, as_of=demo.as_of)
    >>> january = plan(report, demo.catalog, org=demo.org)
    >>> state, later = replay(demo.events), dt.date(2026, 4, 15)
    >>> shown = learned(state, demo.catalog, goals=demo.goals, as_of=later)
    >>> april = analyze(demo.org, demo.assessments + shown, demo.signals, as_of=later)
    >>> revised = replan(january, april, demo.catalog, org=demo.org, state=state, as_of=later)
    >>> xin = next(p for p in revised if p.person == "xin.li")
    >>> [(i.activity, i.done.isoformat()) for i in xin.items]
    [('devops-elearning', '2026-01-16'), ('devops-workshop', '2026-02-18')]
    >>> xin.status.value
    'complete'
    """
    if not isinstance(catalog, Catalog):
        raise ValidationError(f"expected a Catalog, got {check.describe(catalog)}", path="catalog")
    if not isinstance(org, Organization):
        raise ValidationError(f"expected an Organization, got {check.describe(org)}", path="org")
    if not isinstance(state, FollowUpState):
        raise ValidationError(
            f"expected a FollowUpState, got {check.describe(state)}", path="state"
        )
    if not check.is_day(as_of):
        raise ValidationError(
            f"expected a datetime.date, got {check.describe(as_of)}", path="as_of"
        )
    given: object = plans
    if isinstance(given, str | bytes) or not isinstance(given, Iterable):
        raise ValidationError(
            f"expected an iterable of LearningPlan, got {check.describe(plans)}", path="plans"
        )
    previous: dict[str, LearningPlan] = {}
    for i, p in enumerate(plans):
        if not isinstance(p, LearningPlan):
            raise ValidationError(
                f"expected a LearningPlan, got {check.describe(p)}", path=f"plans[{i}]"
            )
        if p.person in previous:
            raise DuplicateIdError("plan for person", p.person, path=f"plans[{i}].person")
        try:
            org.person(p.person)
        except ValidationError as err:
            raise err.at(f"plans[{i}].person") if not err.path else err from None
        previous[p.person] = p
    assessments = tuple(assessments)
    goal, extra = check_options(objective, alternatives)
    catalog.check(org.framework)
    wanted_needs = _needs_of(needs)
    with paused():
        context = Context(org, assessments, as_of=as_of) if assessments else None
        planner = _Planner(catalog, org, context, objective=goal, alternatives=extra)
        wanted, unmet = planner.wanted(wanted_needs)
        reviser = _Reviser(planner, state, as_of)
        return tuple(
            reviser.revise(
                person, previous.get(person), wanted.get(person, {}), unmet.get(person, [])
            )
            for person in sorted(set(previous) | set(wanted) | set(unmet))
        )


class _Reviser:
    def __init__(self, planner: _Planner, state: FollowUpState, as_of: dt.date) -> None:
        self.planner = planner
        self.catalog = planner.catalog
        self.state = state
        self.as_of = as_of
        framework = planner.org.framework
        self.validity = {c.id: c.validity for c in framework.competencies}

    def revise(
        self, person: str, old: LearningPlan | None, wanted: _Wanted, unmet: list[Unmet]
    ) -> LearningPlan:
        if old is not None and old.status is PlanStatus.CANCELLED:
            return old
        catalog, as_of = self.catalog, self.as_of
        done_on = passed(self.state, person, as_of=as_of)
        targets = {c: max(t for t, _ in v) for c, v in wanted.items()}
        renewals = self._renewals(wanted, targets, done_on)
        # A passed activity closes nothing again, but a certificate's renewal.
        barred = frozenset((a, c) for a in done_on for c in targets if (a, c) not in renewals)
        done: list[PlanItem] = []
        dropped: list[Dropped] = list(old.dropped) if old is not None else []
        candidates: list[PlanItem] = []  # open items of the old plan, judged below
        for item in old.items if old is not None else ():
            day = done_on.get(item.activity)
            if day is not None and self._renews(item, day):
                day = None  # the pass is the certificate this item renews
            if day is None:
                if item.activity in catalog:
                    candidates.append(item)
                else:
                    dropped.append(Dropped(item.activity, DropReason.RETIRED, as_of))
            else:
                done.append(item if item.done == day else _with_done(item, day))

        def closes(activity: str, competency: str, target: int) -> bool:
            return (
                catalog.activity(activity).develops.get(competency, -1) >= target
                and (activity, competency) not in barred
            )

        # An open item stays while it still closes a need, or is a prerequisite of one
        # that stays; whatever it closes is not searched for again.
        closing = {
            item.activity
            for item in candidates
            if any(closes(item.activity, c, t) for c, t in targets.items())
        }
        covered = {c for c, t in targets.items() if any(closes(a, c, t) for a in closing)}
        uncovered = tuple(sorted((c, t) for c, t in targets.items() if c not in covered))
        renewable = frozenset(a for a, _ in renewals)
        had = (frozenset(done_on) - renewable) | closing
        chosen, missing = self._search(uncovered, had, frozenset(done_on), renewals)
        needed = closing | set(chosen)
        closure = self.planner.closure
        kept_prerequisites = {
            item.activity
            for item in candidates
            if item.activity not in needed and any(item.activity in closure[d] for d in needed)
        }
        # A certificate's renewal: the done item it renews leaves the plan, recorded.
        renewed = [i for i in done if i.activity in needed]
        if renewed:
            done = [i for i in done if i.activity not in needed]
            dropped.extend(Dropped(i.activity, DropReason.RENEWAL, as_of) for i in renewed)
        open_ids = needed | kept_prerequisites
        for item in candidates:
            if item.activity not in open_ids:
                reason = DropReason.NEED_CLOSED if item.needs else DropReason.NOT_REQUIRED
                dropped.append(Dropped(item.activity, reason, as_of))
        for (competency, target), why in missing.items():
            unmet.extend(_unmet(n, why, target) for _, n in wanted[competency])
        requirements = tuple(sorted(targets.items()))
        items = self.planner._items(tuple(sorted(open_ids)), requirements, wanted, barred)
        done.sort(key=lambda i: (i.done or dt.date.min, i.activity))
        if old is None:
            return LearningPlan(person, (*done, *items), unmet, dropped=dropped)
        status, history = old.status, list(old.history)
        if not items and (done or dropped) and status is not PlanStatus.COMPLETE:
            history.append(Transition(PlanAction.COMPLETE, status, PlanStatus.COMPLETE, as_of))
            status = PlanStatus.COMPLETE
        elif items and status is PlanStatus.COMPLETE:
            history.append(Transition(PlanAction.REOPEN, status, PlanStatus.ACTIVE, as_of))
            status = PlanStatus.ACTIVE
        return LearningPlan(person, (*done, *items), unmet, status, history, dropped)

    def _renews(self, item: PlanItem, day: dt.date) -> bool:
        """Whether a pass on ``day`` is the certificate one of the item's needs renews.

        Such a pass runs out by the need's due date; it cannot make the item done.
        """
        for need in item.needs:
            validity = self.validity.get(need.competency)
            if validity is not None and need.due is not None and day + validity <= need.due:
                return True
        return False

    def _renewals(
        self, wanted: _Wanted, targets: dict[str, int], done_on: dict[str, dt.date]
    ) -> frozenset[tuple[str, str]]:
        """(activity, competency) pairs a passed activity may be taken again for: renewals.

        The competency has a validity, a need for it has a due date, the activity brings
        it to the target, and the earlier pass's evidence runs out by that date.
        """
        out: set[tuple[str, str]] = set()
        for competency, asked in wanted.items():
            validity = self.validity.get(competency)
            dues = [n.due for _, n in asked if n.due is not None]
            if validity is None or not dues:
                continue
            due = min(dues)
            for activity, day in done_on.items():
                if (
                    activity in self.catalog
                    and self.catalog.activity(activity).develops.get(competency, -1)
                    >= targets[competency]
                    and day + validity <= due
                ):
                    out.add((activity, competency))
        return frozenset(out)

    def _search(
        self,
        requirements: tuple[tuple[str, int], ...],
        had: frozenset[str],
        exclude: frozenset[str],
        allow: frozenset[tuple[str, str]],
    ) -> tuple[tuple[str, ...], dict[tuple[str, int], UnmetReason]]:
        if not requirements:
            return (), {}
        planner = self.planner
        if not had and not exclude:
            return planner._solve(requirements)  # the shared, cached path
        # What the person has (passed or planned) costs nothing and is not taken again; an
        # activity always brings itself.
        closure = {a: (c - had) | {a} for a, c in planner.closure.items()}
        return _search(
            requirements,
            self.catalog,
            planner.weights,
            closure,
            planner.workplace,
            exclude=exclude,
            allow=allow,
        )


def _with_done(item: PlanItem, day: dt.date) -> PlanItem:
    return attrs.evolve(item, done=day)
