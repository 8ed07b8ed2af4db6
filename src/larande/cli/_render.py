"""The readable report the demo prints, for any dataset (private to the command line)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from larande import _report
from larande.dataset import Dataset
from larande.needs import NeedsReport
from larande.planning import LearningPlan
from larande.scheduling import Budget
from larande.scheduling._budget import hours

Writer = Callable[..., None]
"""Where the report's lines go: ``print``, or a function collecting them."""


def dataset_report(ds: Dataset, *, title: str, out: Writer) -> None:
    """The readable report of a dataset, each part as far as the dataset goes.

    The organisation, goals, needs, plans, the year, follow-up, a review and planned
    against actual.
    """
    org = ds.org
    out(title)
    out("=" * len(title))
    out(
        f"As of {ds.as_of.isoformat()}: {len(org.people)} people in {len(org.units)} units, "
        f"{len(org.roles)} roles, {len(org.framework)} competencies, "
        f"{len(ds.assessments)} assessments."
    )
    out()
    out("Units")
    out(_report.unit_tree(org))
    out()
    out("Roles")
    holders: dict[str, int] = {}
    for p in org.people:
        for r in p.roles:
            holders[r] = holders.get(r, 0) + 1
    rows = []
    for role in org.roles:
        needs = ", ".join(
            f"{req.competency} {req.level}"
            + (f" from {req.effective.isoformat()}" if req.effective else "")
            for req in role.requirements
        )
        rows.append([role.name, holders.get(role.id, 0), needs])
    out(_report.table(["role", "people", "requires (competency level)"], rows))
    out()
    out("Competencies")
    fw = org.framework
    rows = []
    for comp in fw.competencies:
        depth = len(fw.ancestors(comp.id))
        scale = fw.scale(comp.scale)
        valid = f"valid {comp.validity.days} days" if comp.validity else ""
        rows.append(["  " * depth + comp.name, comp.id, f"{scale.id} 0..{scale.top}", valid])
    out(_report.table(["competency", "id", "scale", "expiry"], rows))
    out()
    out(f"Competence against requirements in effect on {ds.as_of.isoformat()}")
    out("(latest valid assessment per person; expired certificates count as unknown)")
    out(_report.competence_against_requirements(org, ds.assessments, as_of=ds.as_of))
    if ds.goals is not None:
        _print_goals(ds, out)
    report = _print_needs(ds, out)
    if ds.catalog is not None:
        plans = _print_plans(ds, report, out)
        if ds.calendar is not None and ds.start and ds.end and ds.budget:
            _print_schedule(ds, plans, out)
    if ds.events:
        _print_follow_up(ds, out)
        if ds.catalog is not None and ds.calendar is not None and ds.end and ds.budget:
            _print_review(ds, out)


def _print_review(ds: Dataset, out: Writer) -> None:
    from larande.loop import review

    today = min(max(e.on for e in ds.events), ds.end or dt.date.max)
    if today <= ds.as_of:
        return
    first = review(ds, as_of=ds.as_of)
    later = review(ds, as_of=today, previous=first)
    out()
    out(
        f"The loop closed: a review on {today.isoformat()}, after the one on "
        f"{ds.as_of.isoformat()}"
    )
    out(
        f"  What follow-up shows was learnt: {len(later.learned)} assessments from passed "
        "activities and achieved objectives (evidence below a known level left out)"
    )
    shown = 0
    # Xin Li's DevOps courses are the demo's story; any dataset shows its first three.
    for plan in sorted(later.plans, key=lambda p: (p.person != "xin.li", p.person)):
        done = [i for i in plan.items if i.done is not None]
        if not done or shown >= 3:
            continue
        shown += 1
        person = plan.person
        before = ", ".join(n.competency for n in first.report.for_person(person)) or "none"
        now = ", ".join(n.competency for n in later.report.for_person(person)) or "none"
        out(f"  {ds.org.person(person).name} ({person}): needs then: {before}; now: {now}")
        steps = "; ".join(
            f"{i.activity} done {i.done.isoformat()}" for i in done if i.done is not None
        )
        left = ", ".join(i.activity for i in plan.items if i.done is None) or "nothing"
        out(f"    plan {plan.status.value}: {steps}; still to do: {left}")
    items = [i for p in later.plans for i in p.items]
    dropped = [d for p in later.plans for d in p.dropped]
    reasons: dict[str, int] = {}
    for d in dropped:
        reasons[d.reason.value] = reasons.get(d.reason.value, 0) + 1
    why = ", ".join(f"{n} {r}" for r, n in sorted(reasons.items()))
    out(
        f"  Plans revised: {sum(1 for i in items if i.done)} items done, "
        f"{sum(1 for i in items if not i.done)} open, {len(dropped)} dropped"
        + (f" ({why})" if why else "")
        + f"; {len(later.schedule.placements)} placed, {len(later.schedule.unplaced)} unplaced"
    )
    unit = "homecare" if ds.org.has_unit("homecare") else ds.org.units[0].id
    lines = [line for line in later.budget if line.unit == unit]
    if not lines:
        return
    out()
    out(
        f"Planned against actual, {ds.org.unit(unit).name}, as the budget is followed up "
        f"(hours; cost in the catalog's currency; actual up to {today.isoformat()})"
    )
    rows = [
        [
            f"{dt.date(*line.month, 1):%b %Y}",
            round(line.planned_hours, 1),
            round(line.actual_hours, 1) if line.month <= (today.year, today.month) else "-",
            round(line.planned_cost),
            round(line.actual_cost) if line.month <= (today.year, today.month) else "-",
        ]
        for line in lines
    ]
    out(_report.table(["month", "planned h", "actual h", "planned cost", "actual cost"], rows))


def _print_follow_up(ds: Dataset, out: Writer) -> None:
    from larande.datasets._demo import FOLLOW_UP_AS_OF
    from larande.followup import celebrations, due, effect, progress, replay

    today = max(FOLLOW_UP_AS_OF, ds.as_of)
    state = replay(ds.events, org=ds.org, goals=ds.goals)
    reminders = due(state, as_of=today)
    out()
    out(f"Follow-up as of {today.isoformat()}: {len(state)} events from the host system")
    out(f"Due and not done ({len(reminders)}), most overdue first:")
    rows = [
        [d.kind.value, d.person, d.subject, d.due_on.isoformat(), d.overdue_days]
        for d in sorted(reminders, key=lambda d: (-d.overdue_days, d.person))[:12]
    ]
    out(_report.table(["due", "person", "about", "since", "days late"], rows))
    if ds.goals is None:
        return
    found = progress(state, ds.goals, as_of=today)
    rolled = ds.goals.rollup({g: p.fraction for g, p in found.items() if p.status != "no-data"})
    out()
    out("Progress per goal, rolled up the tree (own measurement where there is one)")
    rows = []
    for gid in ds.goals:
        goal = ds.goals.goal(gid)
        if goal.level.name == "INDIVIDUAL" and gid not in found:
            continue
        p = found.get(gid)
        forecast = "" if p is None or p.forecast is None else f"{p.forecast:.1f}"
        rows.append(
            [
                goal.level.name.lower(),
                gid,
                f"{rolled[gid]:.0%}",
                p.status.value if p else "-",
                forecast,
            ]
        )
    out(_report.table(["level", "goal", "progress", "status", "forecast"], rows))
    out()
    out("Celebrate")
    for c in celebrations(state, ds.goals, since=ds.as_of, until=today):
        out(f"  {c.on.isoformat()}: {c.text}")
    out()
    out("Effect per activity (Kirkpatrick: reaction 1-5, learning, behaviour, results)")

    def shown(value: float | None, fmt: str) -> str:
        return "-" if value is None else format(value, fmt)

    rows = [
        [
            a,
            shown(e.reaction, ".1f"),
            shown(e.learning, ".0%"),
            shown(e.behaviour, ".0%"),
            shown(e.results, ".0%"),
        ]
        for a, e in effect(state, ds.goals).items()
    ]
    out(_report.table(["activity", "reaction", "learning", "behaviour", "results"], rows))


def _print_schedule(ds: Dataset, plans: tuple[LearningPlan, ...], out: Writer) -> None:
    from larande.scheduling import annual_plan, schedule

    assert ds.catalog is not None
    assert ds.calendar is not None
    assert ds.start is not None
    assert ds.end is not None
    assert ds.budget is not None
    year = schedule(
        plans,
        ds.catalog,
        calendar=ds.calendar,
        start=ds.start,
        end=ds.end,
        budget=ds.budget,
        org=ds.org,
        absences=ds.absences,
    )
    out()
    set_aside = ds.budget if isinstance(ds.budget, Budget) else Budget(ds.budget)
    out(
        f"The year scheduled, {ds.start.isoformat()} to {ds.end.isoformat()}, "
        f"{hours(set_aside.amount)} a {set_aside.per.value} set aside each: "
        f"{len(year.placements)} placed, {len(year.unplaced)} unplaced"
    )
    for u in year.unplaced:
        out(f"  not placed: {u.person} {u.activity} ({u.reason.value}): {u.detail}")
    titles = {a.id: a.title.split(":")[0].split(" (")[0] for a in ds.catalog.activities}
    out()
    team = "homecare-south" if ds.org.has_unit("homecare-south") else ds.org.units[-1].id
    south = annual_plan(year, ds.org, team, budget=ds.budget, catalog=ds.catalog, goals=ds.goals)
    out(south.table(titles=titles))
    person = "xin.li" if ds.org.has_person("xin.li") else year.placements[0].person
    if not year.placements:
        return
    out()
    out(f"{ds.org.person(person).name}'s calendar")
    for p in year.for_person(person):
        a = ds.catalog.activity(p.activity)
        where = f" (session {p.session})" if p.session else " (self-paced)"
        out(
            f"  {p.on.isoformat()} {p.on.strftime('%a')}  {a.title}, "
            f"{a.effort.total_seconds() / 3600:g} h{where}"
        )


def _print_plans(ds: Dataset, report: NeedsReport, out: Writer) -> tuple[LearningPlan, ...]:
    from larande.planning import ambassadors, match_mentors, plan

    assert ds.catalog is not None
    catalog = ds.catalog
    plans = plan(report, catalog, org=ds.org, assessments=ds.assessments, as_of=ds.as_of)
    out()
    effort = sum((p.effort(catalog) for p in plans), dt.timedelta())
    cost = sum(p.cost(catalog) for p in plans)
    out(
        f"Learning plans: {len(plans)} people, {sum(len(p.items) for p in plans)} activities, "
        f"{effort.total_seconds() / 3600:g} hours of working time, {cost:,.0f} SEK"
    )
    for p in plans:
        if not p.items:
            continue
        hours = p.effort(catalog).total_seconds() / 3600
        out(
            f"  {ds.org.person(p.person).name} ({p.person}): {hours:g} h, "
            f"{p.cost(catalog):,.0f} SEK"
        )
        for item in p.items:
            a = catalog.activity(item.activity)
            why = ", ".join(sorted({n.competency for n in item.needs}))
            if item.required_by:
                why += (" and " if why else "") + "before " + ", ".join(item.required_by)
            at_work = " (at work)" if a.workplace else ""
            due = f", by {item.deadline.isoformat()}" if item.deadline else ""
            out(f"    - {a.title}{at_work}: {why}{due}")
    unmet = [u for p in plans for u in p.unmet if u.reason != "nothing-to-learn"]
    again = [u for p in plans for u in p.unmet if u.reason == "nothing-to-learn"]
    out()
    out(f"Needs no activity closes: {len(unmet)}; at the level already, re-assess: {len(again)}")
    for u in unmet:
        out(f"  {u.need.id}: {u.detail}")
    for u in again[:3]:
        out(f"  re-assess: {u.detail}")
    if len(again) > 3:
        out(f"  ... and {len(again) - 3} more to re-assess")
    pairs = match_mentors(ds.org, ds.assessments, report, as_of=ds.as_of)
    out()
    out(f"Mentor pairs ({len(pairs)}): who learns from whom")
    for pair in pairs:
        out(f"  {pair.mentee} <- {pair.mentor}: {pair.competency}")
    if pairs:
        out(f"  why the first: {pairs[0].reason}")
    out()
    out("Learning ambassadors, per team")
    chosen = ambassadors(ds.org, ds.assessments, report, as_of=ds.as_of, explain=True)
    for unit in ("homecare-north", "homecare-south", "it-platform", "it-service"):
        for amb in chosen.get(unit, ()):
            out(f"  {unit}: {amb.reason}")
    return plans


def _print_needs(ds: Dataset, out: Writer, *, top: int = 12) -> NeedsReport:
    from larande.needs import NeedScope, analyze, justify

    report = analyze(ds.org, ds.assessments, ds.signals, as_of=ds.as_of, goals=ds.goals)
    people = sum(1 for n in report.needs if n.scope is NeedScope.PERSON)
    out()
    out(
        f"Needs analysis as of {ds.as_of.isoformat()}: {len(report.needs)} needs "
        f"({people} of people, {len(report.needs) - people} of units), from "
        f"{len(ds.assessments)} assessments and {len(ds.signals)} signals"
    )
    out(f"Top {top}, with their reasons")
    for rank, need in enumerate(report.needs[:top], 1):
        level = (
            ""
            if need.scope is NeedScope.UNIT
            else f", level {need.current if need.current is not None else '-'} of {need.required}"
        )
        due = f", due {need.due.isoformat()}" if need.due else ""
        out(f"  {rank:2}. {need.id}  priority {need.priority:g}{level}{due}")
        for reason in need.reasons:
            out(f"      {reason.rule}: {reason.text}")
    out()
    out("Unit x competency (people concerned / below the level / mean gap; '-' hides groups")
    out("smaller than 5 and whatever would reveal them)")
    matrix = report.matrix(min_group=5)
    names = {c.id: c.name for c in ds.org.framework.competencies}
    rows = [
        [unit, names[comp]]
        + (["-", "-", "-"] if cell.suppressed else [cell.people, cell.with_gap, cell.mean_gap])
        for (unit, comp), cell in matrix.items()
        if unit in {"homecare", "homecare-north", "homecare-south", "it"}
    ]
    out(_report.table(["unit", "competency", "people", "below", "mean gap"], rows))
    if ds.goals is None:
        return report
    verdicts = [justify(n, ds.goals, ds.org) for n in report.needs]
    passed = [v for v in verdicts if v.ok]
    out()
    out(
        f"The gate (does the person need it? does it serve a goal?): {len(passed)} of "
        f"{len(verdicts)} needs pass"
    )
    shown = passed[:4] + [v for v in verdicts if not v.ok][:4]
    for v in shown:
        out(f"  {v.need.id}: {v.explanation}")
    return report


def _print_goals(ds: Dataset, out: Writer) -> None:
    assert ds.goals is not None
    graph = ds.goals
    out()
    out(f"Goals, from the guiding stars down to individual objectives ({len(graph)} goals)")
    out(_report.goal_tree(graph))
    out()
    out("Line of sight: who learns for each guiding star")
    for root, objectives in graph.coverage().items():
        people = sorted({graph.goal(o).owner or o for o in objectives})
        names = ", ".join(people) if people else "nobody yet"
        out(f"  {graph.goal(root).title}: {names}")
    findings = graph.findings(as_of=ds.as_of)
    out()
    out(f"Findings on the goal tree as of {ds.as_of.isoformat()} ({len(findings)})")
    if findings:
        out(
            _report.table(
                ["severity", "code", "subject", "message"],
                [[f.severity.value, f.code.value, f.subject, f.message] for f in findings],
            )
        )
    else:
        out("  none")
