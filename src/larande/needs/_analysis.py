"""Running the rules: needs merged, prioritised and sorted, in a report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import attrs

from larande import _check as check
from larande._gc import paused
from larande.competence import Assessment
from larande.exceptions import UnknownIdError, ValidationError
from larande.goals import GoalGraph
from larande.needs._context import Context, Rule
from larande.needs._records import Need, NeedScope, Reason, Signal, trusted_need
from larande.needs._rules import BUILTIN_RULES, DEFAULT_RULES
from larande.organization import Organization

# Module constants: an enum member read from its class goes through a descriptor each time,
# and the weigher reads it for every need.
_PERSON = NeedScope.PERSON
_UNIT = NeedScope.UNIT

if TYPE_CHECKING:
    from larande.needs._matrix import Matrix

URGENT_DAYS = 30
"""Days over which urgency halves: a need due in 30 days weighs 1.5, one due today 2."""

CORROBORATION_STEP = 0.1
"""Each distinct piece of evidence beyond the first adds this share, up to doubling."""


def _needs(value: Iterable[Need]) -> tuple[Need, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


@attrs.frozen(repr=False, cache_hash=True)
class NeedsReport:
    """The result of :func:`analyze`: every need, sorted, and ways to slice them.

    Attributes:
        needs: every need, by descending priority, then scope, subject and competency.
        as_of: the day of the analysis.
        org: the organisation analysed (for the by-unit views).
    """

    needs: tuple[Need, ...] = attrs.field(
        converter=_needs, validator=check.tuple_of(lambda n: isinstance(n, Need), "a Need")
    )
    as_of: dt.date = attrs.field(validator=check.day)
    org: Organization = attrs.field(validator=check.instance(Organization, "an Organization"))
    _by_subject: dict[str, tuple[Need, ...]] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        grouped: dict[str, list[Need]] = {}
        for n in self.needs:
            grouped.setdefault(n.subject, []).append(n)
        object.__setattr__(self, "_by_subject", {k: tuple(v) for k, v in grouped.items()})

    def __repr__(self) -> str:
        people = sum(1 for n in self.needs if n.scope is NeedScope.PERSON)
        return (
            f"NeedsReport(as_of={self.as_of.isoformat()}, needs={len(self.needs)}: "
            f"{people} person, {len(self.needs) - people} unit)"
        )

    def _repr_html_(self) -> str:
        # For notebooks; pandas is imported only here, and only if installed.
        from larande.io.frames import html, needs_frame

        return html(needs_frame, self)

    def __iter__(self) -> Iterator[Need]:
        return iter(self.needs)

    def __len__(self) -> int:
        return len(self.needs)

    def for_person(self, id: str) -> tuple[Need, ...]:
        """That person's needs, in report order."""
        self.org.person(id)
        return tuple(n for n in self._by_subject.get(id, ()) if n.scope is NeedScope.PERSON)

    def for_unit(self, id: str, recursive: bool = True) -> tuple[Need, ...]:
        """The unit's needs and its members' person needs, in report order.

        With ``recursive``, sub-units and their members count too.
        """
        self.org.unit(id)
        units = {id}
        if recursive:
            stack = [id]
            while stack:
                for sub in self.org.subunits(stack.pop()):
                    units.add(sub)
                    stack.append(sub)
        people = {p.id for p in self.org.members(id, recursive=recursive)}
        return tuple(
            n
            for n in self.needs
            if (n.subject in units if n.scope is NeedScope.UNIT else n.subject in people)
        )

    def matrix(self, min_group: int = 5) -> Matrix:
        """A unit * competency summary that never singles out an individual.

        See :class:`~larande.needs.Matrix`.
        """
        from larande.needs._matrix import build_matrix

        return build_matrix(self, min_group=min_group)


def analyze(
    org: Organization,
    assessments: Iterable[Assessment],
    signals: Iterable[Signal] = (),
    *,
    as_of: dt.date,
    rules: Iterable[Rule] = DEFAULT_RULES,
    goals: GoalGraph | None = None,
) -> NeedsReport:
    """Find who needs to learn what, and why: run the rules, merge, prioritise, sort.

    Needs are merged per (scope, subject, competency): reasons united, the largest gap and
    the earliest ``due`` kept. Then each need's priority is

        base * weight * (1 + goal weight) * urgency * corroboration

    where *base* is the largest base any rule gave it (built-in rules: ``1 + gap`` for a
    person, ``1 + strength`` for a unit, strength being summed severity over the threshold
    or failure share over the rate); *weight* the requirement's weight (a unit: the
    largest among its members' roles; 1 when nothing requires it); *goal weight* the summed
    weight of the goals, owned by the subject's unit, an ancestor unit or the whole
    organisation, that depend on the competency (a goal weighs the sum of its links' weights,
    1 at a root; 0 without ``goals``); *urgency* ``1 + 1 / (1 + days until due / 30)`` (1
    without a due date, 2 when due now or overdue); and *corroboration* ``1 + 0.1 per
    distinct evidence id beyond the first``, at most 2. More evidence never lowers a
    priority.

    The cyclic garbage collector is paused while the analysis runs (it makes only acyclic
    objects, and on a large organisation the collector would otherwise cost more than the
    analysis); its state is restored afterwards.

    >>> from larande.datasets import load_demo
    >>> demo = load_demo()
    >>> report = analyze(demo.org, demo.assessments, as_of=demo.as_of)
    >>> top = report.needs[0]
    >>> top.id, top.gap, [r.rule for r in top.reasons]
    ('person:hugo.lindqvist:ci-cd', 2, ['requirement-gap'])

    Raises:
        ValidationError: an assessment or signal names an unknown person, unit or
            competency, or a level outside its scale (the path names the record), or a
            rule returned something other than a :class:`Need` for a known subject.
    """
    with paused():
        return _analyze(org, assessments, signals, as_of=as_of, rules=rules, goals=goals)


def _analyze(
    org: Organization,
    assessments: Iterable[Assessment],
    signals: Iterable[Signal],
    *,
    as_of: dt.date,
    rules: Iterable[Rule],
    goals: GoalGraph | None,
) -> NeedsReport:
    context = Context(org, assessments, signals, as_of=as_of, goals=goals)
    if not isinstance(rules, Iterable):
        raise ValidationError(
            f"expected an iterable of rules, got {check.describe(rules)}", path="rules"
        )
    # Keyed by the need's id; a second need for a key turns the entry into a list. (Large
    # analyses make hundreds of thousands of needs: every object saved here is one the
    # garbage collector does not have to walk.)
    merged: dict[str, Need | list[Need]] = {}
    # Needs from the built-in rules name known subjects by construction; only those of
    # other rules need their subject and competency checked.
    unchecked: dict[str, int] = {}  # need id -> index of the first rule that made it
    for i, rule in enumerate(tuple(rules)):
        name = getattr(rule, "name", None)
        if not check.is_id(name) or not callable(rule):
            raise ValidationError(
                "not a rule: expected a callable with a non-empty str name, "
                f"got {check.describe(rule)}",
                path=f"rules[{i}]",
                code="not-a-rule",
            )
        builtin = isinstance(rule, BUILTIN_RULES)
        found = rule(context)
        if isinstance(found, Need | str | bytes) or not isinstance(found, Iterable):
            raise ValidationError(
                f"rule {name!r} returned {check.describe(found)}; expected an iterable of Need",
                path=f"rules[{i}]",
                code="rule-returned-non-need",
                params={"rule": name},
            )
        for need in found:
            if not isinstance(need, Need):
                raise ValidationError(
                    f"rule {name!r} returned {check.describe(need)}; expected a Need",
                    path=f"rules[{i}]",
                    code="rule-returned-non-need",
                    params={"rule": name},
                )
            key = need.id
            held = merged.setdefault(key, need)
            if held is not need:
                if isinstance(held, list):
                    held.append(need)
                else:
                    merged[key] = [held, need]
            if not builtin:
                unchecked.setdefault(key, i)
    weigh = _Weigher(context)
    for key, i in unchecked.items():
        held = merged[key]
        try:
            weigh.check_subject(held[0] if isinstance(held, list) else held)
        except ValidationError as err:
            raise err.at(f"rules[{i}]") from None
    needs = [weigh(group) for group in merged.values()]
    needs.sort(key=lambda n: (-n.priority, n.scope.value, n.subject, n.competency))
    return NeedsReport(needs, as_of, org)


class _Weigher:
    """Merges the needs found for one key and computes the final priority."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.as_of = context.as_of
        self.org = context.org
        self.framework = context.org.framework
        self.goal_weights: dict[tuple[str, str], float] = {}
        self.unit_weights: dict[tuple[str, str], float] = {}

    def __call__(self, group: Need | list[Need]) -> Need:
        """The merged need with its final priority (a new record: needs are never changed)."""
        if isinstance(group, Need):
            first = group
            reasons: tuple[Reason, ...] = first.reasons
            gap, due, base = first.gap, first.due, first.priority
            current, required = first.current, first.required
        else:
            first = group[0]
            reasons = tuple(dict.fromkeys(r for n in group for r in n.reasons))
            widest = max(group, key=lambda n: n.gap)
            gap, current, required = widest.gap, widest.current, widest.required
            dues = [n.due for n in group if n.due is not None]
            due = min(dues) if dues else None
            base = max(n.priority for n in group)
        evidence = (
            len(set(reasons[0].evidence))
            if len(reasons) == 1
            else len({e for r in reasons for e in r.evidence})
        )
        priority = max(base, 0.0) * self._weight(first)
        if self.context.goals is not None:
            priority *= 1.0 + self._goal_weight(first)
        if due is not None:
            priority *= self._urgency(due)
        if evidence > 1:
            priority *= 1.0 + min(1.0, CORROBORATION_STEP * (evidence - 1))
        priority = round(priority, 6)
        # Every field comes from validated needs (the widest gap with its own current and
        # required, the earliest due date, their reasons), so the result is valid as is.
        return trusted_need(
            first.subject,
            first.scope,
            first.competency,
            current,
            required,
            gap,
            priority,
            reasons,
            due,
        )

    def check_subject(self, need: Need) -> None:
        if need.scope is _PERSON:
            if not self.org.has_person(need.subject):
                raise UnknownIdError("person", need.subject, referrer=f"need {need.id!r}")
        elif not self.org.has_unit(need.subject):
            raise UnknownIdError("unit", need.subject, referrer=f"need {need.id!r}")
        if need.competency not in self.framework:
            raise UnknownIdError("competency", need.competency, referrer=f"need {need.id!r}")

    def _unit_of(self, need: Need) -> str:
        if need.scope is _UNIT:
            return need.subject
        return self.org.person(need.subject).unit

    def _weight(self, need: Need) -> float:
        if need.scope is _PERSON:
            req = self.context.required(need.subject).get(need.competency)
            return 1.0 if req is None else req.requirement.weight
        key = (need.subject, need.competency)
        found = self.unit_weights.get(key)
        if found is None:
            weights = [
                req.requirement.weight
                for p in self.org.members(need.subject)
                if (req := self.context.required(p.id).get(need.competency)) is not None
            ]
            found = self.unit_weights[key] = max(weights, default=1.0)
        return found

    def _goal_weight(self, need: Need) -> float:
        goals = self.context.goals
        if goals is None:
            return 0.0
        unit = self._unit_of(need)
        key = (unit, need.competency)
        found = self.goal_weights.get(key)
        if found is None:
            owners = (None, unit, *self.org.unit_ancestors(unit))
            found = 0.0
            for gid in sorted(goals.goals_for(need.competency, owners=owners)):
                ups = goals.parents(gid)
                found += sum(goals.weight(gid, p) for p in ups) if ups else 1.0
            self.goal_weights[key] = found
        return found

    def _urgency(self, due: dt.date | None) -> float:
        if due is None:
            return 1.0
        days = max(0, (due - self.as_of).days)
        return 1.0 + 1.0 / (1.0 + days / URGENT_DAYS)
