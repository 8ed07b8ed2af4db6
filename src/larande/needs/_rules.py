"""The built-in rules: where needs show up, each a small frozen callable.

Windows are inclusive: a signal on day ``on`` counts when ``as_of - within <= on <= as_of``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import attrs

from larande import _check as check
from larande.exceptions import ValidationError
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


def _shown(level: int | None) -> str:
    return "no valid assessment" if level is None else f"level {level}"


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
                reason = trusted_reason(
                    self.name,
                    evidence,
                    f"role {req.role!r} requires {competency!r} at level {r.level}; "
                    f"{_shown(current)}",
                    {"role": req.role, "required": r.level, "current": current},
                )
                yield _person_need(person, competency, current, r.level, reason)


@attrs.frozen
class FutureRequirement:
    """Current level below a requirement that takes effect within ``horizon``."""

    horizon: dt.timedelta = attrs.field(converter=_horizon)
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
                reason = trusted_reason(
                    self.name,
                    evidence,
                    f"from {r.effective.isoformat()} role {req.role!r} requires {competency!r} "
                    f"at level {r.level}; {_shown(current)}",
                    {
                        "role": req.role,
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

    within: dt.timedelta = attrs.field(converter=_within)
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
                reason = trusted_reason(
                    self.name,
                    (req.evidence_id, a.evidence_id),
                    f"the assessment of {competency!r} from {a.on.isoformat()} expires "
                    f"{expires.isoformat()}",
                    {"assessed": a.on.isoformat(), "expires": expires.isoformat()},
                )
                yield _person_need(
                    person, competency, a.level, req.requirement.level, reason, expires
                )


@attrs.frozen
class StaleAssessment:
    """The assessment behind a required competency is older than ``older_than``."""

    older_than: dt.timedelta = attrs.field(converter=_older_than)
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
                reason = trusted_reason(
                    self.name,
                    (req.evidence_id, a.evidence_id),
                    f"{competency!r} was last assessed {a.on.isoformat()}, "
                    f"{(as_of - a.on).days} days ago",
                    {"assessed": a.on.isoformat(), "days": (as_of - a.on).days},
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
    within: dt.timedelta = attrs.field(converter=_within)
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
            reason = trusted_reason(
                self.name,
                tuple(sid for sid, _ in hits),
                f"{len(hits)} deviation(s) and report(s) on {competency!r} in the last "
                f"{self.within.days} days, severity {total} (threshold {self.count})",
                {
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
    within: dt.timedelta = attrs.field(converter=_within)
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
            reason = trusted_reason(
                self.name,
                tuple(sid for sid, _ in samples),
                f"{len(failed)} of {len(samples)} audits on {competency!r} failed in the last "
                f"{self.within.days} days ({share:.0%}, threshold {self.rate:.0%})",
                {
                    "failed": len(failed),
                    "samples": len(samples),
                    "rate": round(share, 4),
                    "threshold": self.rate,
                    "days": self.within.days,
                },
            )
            yield _unit_need(context, unit, competency, share / self.rate, reason)


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
)
"""Every built-in rule with its default settings."""

BUILTIN_RULES = (
    RequirementGap,
    FutureRequirement,
    DeviationThreshold,
    AuditFailureRate,
    Expiring,
    StaleAssessment,
)
"""The classes of the built-in rules (private: analysis trusts the needs they make)."""
