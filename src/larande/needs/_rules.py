"""The built-in rules: where needs show up, each a small frozen callable.

Windows are inclusive: a signal on day ``on`` counts when ``as_of - within <= on <= as_of``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterator
from typing import Any

import attrs

from larande import _check as check
from larande.exceptions import ValidationError
from larande.frozenmap import FrozenMap
from larande.messages import render
from larande.needs._context import Context
from larande.needs._records import (
    Need,
    NeedScope,
    Reason,
    SignalKind,
    trusted_need,
    trusted_reason,
)

PERSON = NeedScope.PERSON
UNIT = NeedScope.UNIT


def _window(value: object, field: str) -> dt.timedelta:
    """A window length: a timedelta of zero or more."""
    if not isinstance(value, dt.timedelta) or value < dt.timedelta(0):
        raise ValidationError(
            f"expected {field} to be a datetime.timedelta of zero or more, "
            f"got {check.describe(value)}",
            path=field,
        )
    return value


def _horizon(value: dt.timedelta) -> dt.timedelta:
    return _window(value, "horizon")


def _within(value: dt.timedelta) -> dt.timedelta:
    return _window(value, "within")


def _shift(day: dt.date, delta: dt.timedelta) -> dt.date:
    """``day + delta``, held at 0001-01-01 or 9999-12-31 where it would leave the calendar.

    The windows compare days with it; a window cut at the calendar's edge holds the same
    days as the one beyond it, so an ``as_of`` near either edge gives the right answer.
    """
    try:
        return day + delta
    except OverflowError:
        return dt.date.max if delta > dt.timedelta(0) else dt.date.min


def _older_than(value: dt.timedelta) -> dt.timedelta:
    return _window(value, "older_than")


def _person_need(
    person: str,
    competency: str,
    current: int | None,
    required: int,
    reason: Reason,
    due: dt.date | None = None,
) -> Need:
    gap = max(0, required - (current or 0))
    return trusted_need(
        person, PERSON, competency, current, required, gap, 1.0 + gap, (reason,), due
    )


def _reason(rule: str, evidence: tuple[str, ...], params: dict[str, Any]) -> Reason:
    """A built-in rule's reason, its sentence the catalogue's English for ``rule.{rule}``."""
    try:
        text, frozen = _said(rule, tuple(params.items()))
    except TypeError:  # a value that cannot be a key: said afresh
        return trusted_reason(rule, evidence, render(f"rule.{rule}", params), params)
    return trusted_reason(rule, evidence, text, frozen)


@functools.lru_cache(maxsize=8192)
def _said(rule: str, items: tuple[tuple[str, Any], ...]) -> tuple[str, FrozenMap[str, Any]]:
    """The sentence and params of a reason, shared by the reasons that say the same.

    A large analysis gives the same sentence to thousands of people (one role, one
    competency, one level short): it is rendered once, and its params kept once.
    """
    params = dict(items)
    return render(f"rule.{rule}", params), FrozenMap(params)


@attrs.frozen
class RequirementGap:
    """Current level below the level a role requires, for requirements in effect."""

    name: str = attrs.field(default="requirement-gap", init=False)

    def __call__(self, context: Context) -> Iterator[Need]:
        as_of = context.as_of
        for person, required, held in context.people_required():
            for competency, req in required.items():
                r = req.requirement
                if r.effective is not None and r.effective > as_of:
                    continue
                a = held.get(competency)
                current = None if a is None else a.level
                if (current or 0) >= r.level:
                    continue
                evidence = (req.evidence_id,) if a is None else (req.evidence_id, a.evidence_id)
                reason = _reason(
                    self.name,
                    evidence,
                    {
                        "role": req.role,
                        "competency": competency,
                        "required": r.level,
                        "current": current,
                    },
                )
                yield _person_need(person, competency, current, r.level, reason)


@attrs.frozen
class FutureRequirement:
    """Current level below a requirement that takes effect within ``horizon``."""

    horizon: dt.timedelta = attrs.field(converter=_horizon, repr=check.span)
    name: str = attrs.field(default="future-requirement", init=False)

    def __call__(self, context: Context) -> Iterator[Need]:
        as_of = context.as_of
        last = _shift(as_of, self.horizon)
        for person, required, held in context.people_required():
            for competency, req in required.items():
                r = req.requirement
                if r.effective is None or not as_of < r.effective <= last:
                    continue
                a = held.get(competency)
                current = None if a is None else a.level
                if (current or 0) >= r.level:
                    continue
                evidence = (req.evidence_id,) if a is None else (req.evidence_id, a.evidence_id)
                reason = _reason(
                    self.name,
                    evidence,
                    {
                        "role": req.role,
                        "competency": competency,
                        "required": r.level,
                        "current": current,
                        "effective": r.effective.isoformat(),
                    },
                )
                yield _person_need(person, competency, current, r.level, reason, r.effective)


@attrs.frozen
class Expiring:
    """A valid assessment of a required competency that expires within ``within``.

    Only requirements in effect by the expiry day count. An expiry after 9999-12-31, the
    last day a date can hold, is given as that day.
    """

    within: dt.timedelta = attrs.field(converter=_within, repr=check.span)
    name: str = attrs.field(default="expiring", init=False)

    def __call__(self, context: Context) -> Iterator[Need]:
        as_of = context.as_of
        framework = context.org.framework
        validity = {c.id: c.validity for c in framework.competencies if c.validity is not None}
        if not validity:
            return
        for person, required, held in context.people_required():
            for competency, req in required.items():
                valid_for = validity.get(competency)
                a = held.get(competency)
                if valid_for is None or a is None:
                    continue
                # Compared as lengths: the days themselves may lie past 9999-12-31.
                effective = req.requirement.effective
                if (a.on - as_of) + valid_for > self.within or (
                    effective is not None and effective - a.on > valid_for
                ):
                    continue
                expires = _shift(a.on, valid_for)
                reason = _reason(
                    self.name,
                    (req.evidence_id, a.evidence_id),
                    {
                        "competency": competency,
                        "assessed": a.on.isoformat(),
                        "expires": expires.isoformat(),
                    },
                )
                yield _person_need(
                    person, competency, a.level, req.requirement.level, reason, expires
                )


@attrs.frozen
class StaleAssessment:
    """The assessment behind a required competency is older than ``older_than``."""

    older_than: dt.timedelta = attrs.field(converter=_older_than, repr=check.span)
    name: str = attrs.field(default="stale-assessment", init=False)

    def __call__(self, context: Context) -> Iterator[Need]:
        as_of = context.as_of
        cutoff = _shift(as_of, -self.older_than)
        for person, required, held in context.people_required():
            for competency, req in required.items():
                r = req.requirement
                if r.effective is not None and r.effective > as_of:
                    continue
                a = held.get(competency)
                if a is None or a.on >= cutoff:
                    continue
                reason = _reason(
                    self.name,
                    (req.evidence_id, a.evidence_id),
                    {
                        "competency": competency,
                        "assessed": a.on.isoformat(),
                        "days": (as_of - a.on).days,
                    },
                )
                yield _person_need(person, competency, a.level, r.level, reason)


def _unit_need(
    context: Context, unit: str, competency: str, strength: float, reason: Reason
) -> Need:
    required = None
    for person in context.org.members(unit):
        req = context.required(person.id).get(competency)
        if req is not None and (required is None or req.requirement.level > required):
            required = req.requirement.level
    return trusted_need(unit, UNIT, competency, None, required, 0, 1.0 + strength, (reason,), None)


_DEVIATIONS = frozenset({SignalKind.DEVIATION, SignalKind.REPORT})
_AUDITS = frozenset(
    {SignalKind.RECORD_SAMPLE, SignalKind.INTERNAL_CONTROL, SignalKind.TEST_RESULT}
)


@attrs.frozen
class DeviationThreshold:
    """Deviations and reports in a unit whose summed severity reaches ``count``: a unit need.

    Counted per unit and competency, within ``within``.
    """

    count: int = attrs.field()
    within: dt.timedelta = attrs.field(converter=_within, repr=check.span)
    name: str = attrs.field(default="deviation-threshold", init=False)

    @count.validator
    def _positive(self, attribute: attrs.Attribute[int], value: object) -> None:
        if type(value) is not int or value < 1:
            check.fail(self, attribute.name, value, "an int of 1 or more")

    def __call__(self, context: Context) -> Iterator[Need]:
        as_of = context.as_of
        first = _shift(as_of, -self.within)
        found: dict[tuple[str, str], list[tuple[str, int]]] = {}
        for s in context.signals:
            if s.kind in _DEVIATIONS and first <= s.on <= as_of:
                key = (context.unit_of(s), s.competency)
                found.setdefault(key, []).append((s.id, s.severity))
        for (unit, competency), hits in sorted(found.items()):
            total = sum(sev for _, sev in hits)
            if total < self.count:
                continue
            reason = _reason(
                self.name,
                tuple(sid for sid, _ in hits),
                {
                    "competency": competency,
                    "signals": len(hits),
                    "severity": total,
                    "threshold": self.count,
                    "days": self.within.days,
                },
            )
            yield _unit_need(context, unit, competency, total / self.count, reason)


@attrs.frozen
class AuditFailureRate:
    """Audits, controls and tests in a unit failing at ``rate`` or more: a unit need.

    Counted per unit and competency over at least ``min_samples`` within ``within``.
    """

    rate: float = attrs.field(converter=check.to_float)
    min_samples: int = attrs.field()
    within: dt.timedelta = attrs.field(converter=_within, repr=check.span)
    name: str = attrs.field(default="audit-failure-rate", init=False)

    @rate.validator
    def _share(self, attribute: attrs.Attribute[float], value: object) -> None:
        if type(value) is not float or not 0.0 < value <= 1.0:
            check.fail(self, attribute.name, value, "a share above 0 and at most 1")

    @min_samples.validator
    def _positive(self, attribute: attrs.Attribute[int], value: object) -> None:
        if type(value) is not int or value < 1:
            check.fail(self, attribute.name, value, "an int of 1 or more")

    def __call__(self, context: Context) -> Iterator[Need]:
        as_of = context.as_of
        first = _shift(as_of, -self.within)
        found: dict[tuple[str, str], list[tuple[str, bool]]] = {}
        for s in context.signals:
            if s.kind in _AUDITS and s.passed is not None and first <= s.on <= as_of:
                key = (context.unit_of(s), s.competency)
                found.setdefault(key, []).append((s.id, s.passed))
        for (unit, competency), samples in sorted(found.items()):
            failed = [sid for sid, ok in samples if not ok]
            share = len(failed) / len(samples)
            if len(samples) < self.min_samples or share < self.rate:
                continue
            reason = _reason(
                self.name,
                tuple(sid for sid, _ in samples),
                {
                    "competency": competency,
                    "failed": len(failed),
                    "samples": len(samples),
                    "rate": round(share, 4),
                    "threshold": self.rate,
                    "days": self.within.days,
                },
            )
            yield _unit_need(context, unit, competency, share / self.rate, reason)


@attrs.frozen
class Wish:
    """A person's own wish to learn a competency: a person need ranked below every gap.

    Only ``WISH`` signals naming a person within ``within`` count. The need's target is one
    level above the person's current level (or the level their roles require, if higher),
    at most the top of the scale; nothing is found when they already stand at the top.
    """

    within: dt.timedelta = attrs.field(converter=_within, repr=check.span)
    name: str = attrs.field(default="wish", init=False)

    def __call__(self, context: Context) -> Iterator[Need]:
        as_of = context.as_of
        first = _shift(as_of, -self.within)
        wished: dict[tuple[str, str], list[str]] = {}
        for s in context.signals:
            if s.kind == SignalKind.WISH and s.person is not None and first <= s.on <= as_of:
                wished.setdefault((s.person, s.competency), []).append(s.id)
        if not wished:
            return
        org = context.org
        weights = [r.weight for role in org.roles for r in role.requirements]
        # Every requirement gap ends at priority 2 * its weight or more (base 1 + gap, the
        # other factors at least 1); a wish's base is cut so that, after analysis weighs it
        # (its weight, goals, at most doubled by corroboration), it stays below that floor,
        # while a wish that goals depend on still ranks above one they do not.
        floor = 2.0 * min(weights, default=1.0)
        for (person, competency), signal_ids in sorted(wished.items()):
            top = org.framework.scale_of(competency).top
            held = context.assessment(person, competency)
            current = None if held is None else held.level
            req = context.required(person).get(competency)
            target = min(top, max((current or 0) + 1, 0 if req is None else req.requirement.level))
            if (current or 0) >= target:
                continue
            weight = 1.0 if req is None else req.requirement.weight
            goals = _goal_weight(context, org.person(person).unit, competency)
            base = floor / (2.0 * weight * (2.0 + goals))
            evidence = tuple(signal_ids) + (() if held is None else (held.evidence_id,))
            reason = _reason(
                self.name,
                evidence,
                {
                    "person": person,
                    "competency": competency,
                    "current": current,
                    "required": target,
                    "wishes": len(signal_ids),
                },
            )
            gap = target - (current or 0)
            yield trusted_need(
                person, PERSON, competency, current, target, gap, base, (reason,), None
            )


def _goal_weight(context: Context, unit: str, competency: str) -> float:
    """The summed weight of the goals on ``competency`` that analysis counts for ``unit``."""
    goals = context.goals
    if goals is None:
        return 0.0
    owners = (None, unit, *context.org.unit_ancestors(unit))
    found = 0.0
    for gid in sorted(goals.goals_for(competency, owners=owners)):
        ups = goals.parents(gid)
        found += sum(goals.weight(gid, p) for p in ups) if ups else 1.0
    return found


def requirement_gap() -> RequirementGap:
    """A person's current level is below what a role requires, for requirements in effect.

    No valid assessment counts as level 0.
    """
    return RequirementGap()


def future_requirement(horizon: dt.timedelta = dt.timedelta(days=365)) -> FutureRequirement:
    """A requirement takes effect within ``horizon`` and the person is below it.

    The need is ``due`` on the day the requirement takes effect.
    """
    return FutureRequirement(horizon)


def deviation_threshold(
    count: int = 3, within: dt.timedelta = dt.timedelta(days=90)
) -> DeviationThreshold:
    """Deviations and reports in a unit whose summed severity reaches ``count``: a unit need.

    Only ``DEVIATION`` and ``REPORT`` signals within the window count, per unit and
    competency; a signal naming only a person counts for that person's unit.
    """
    return DeviationThreshold(count, within)


def audit_failure_rate(
    rate: float = 0.2, min_samples: int = 10, within: dt.timedelta = dt.timedelta(days=180)
) -> AuditFailureRate:
    """Audits in a unit that fail at ``rate`` or more, over ``min_samples``: a unit need.

    Record samples, internal controls and test results with ``passed`` set count, per unit
    and competency, within the window.
    """
    return AuditFailureRate(rate, min_samples, within)


def expiring(within: dt.timedelta = dt.timedelta(days=60)) -> Expiring:
    """A valid assessment of a required competency expires within the window.

    The need is ``due`` on the expiry day (a CPR certificate to renew).
    """
    return Expiring(within)


def wish(within: dt.timedelta = dt.timedelta(days=365)) -> Wish:
    """A person's own wish (a ``WISH`` signal within the window) becomes a person need.

    Its priority is below that of any requirement gap, and :func:`~larande.justify` lets
    it through only where a goal depends on the competency (the organisation's need).

    >>> import datetime as dt
    >>> from larande import Signal, SignalKind, analyze
    >>> from larande.datasets import load_demo
    >>> demo = load_demo()
    >>> hope = Signal("wish-1", SignalKind.WISH, dt.date(2026, 1, 5), "coaching",
    ...               person="rut.engstrom")
    >>> report = analyze(demo.org, demo.assessments, [hope], as_of=demo.as_of)
    >>> need = report.for_person("rut.engstrom")[-1]
    >>> need.id, need.current, need.required, need.reasons[0].rule
    ('person:rut.engstrom:coaching', 3, 4, 'wish')
    """
    return Wish(within)


def stale_assessment(older_than: dt.timedelta = dt.timedelta(days=730)) -> StaleAssessment:
    """The assessment behind a required competency is older than ``older_than``: re-assess."""
    return StaleAssessment(older_than)


DEFAULT_RULES = (
    requirement_gap(),
    future_requirement(),
    deviation_threshold(),
    audit_failure_rate(),
    expiring(),
    stale_assessment(),
    wish(),
)
"""Every built-in rule with its default settings."""

BUILTIN_RULES = (
    RequirementGap,
    FutureRequirement,
    DeviationThreshold,
    AuditFailureRate,
    Expiring,
    StaleAssessment,
    Wish,
)
"""The classes of the built-in rules (private: analysis trusts the needs they make)."""
