"""The readable report the demo prints, for any dataset (private to the command line).

Every heading and sentence comes from :mod:`larande.messages` (``report.*``), so the report
reads in Swedish with ``--lang sv``; ids, titles, names and ISO dates stay as they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from larande import _report
from larande.dataset import Dataset
from larande.datasets._practices import DemoPractices
from larande.messages import CATALOGUE, hours, render, text
from larande.needs import NeedsReport, Reason
from larande.planning import LearningPlan
from larande.scheduling import AnnualPlan, Budget

Writer = Callable[..., None]
"""Where the report's lines go: ``print``, or a function collecting them."""


class _Say:
    """The report's words in one language: ``say("units")`` is ``report.units`` rendered."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, code: str, **params: object) -> str:
        return render(f"report.{code}", params, lang=self.lang)

    def word(self, code: str, **params: object) -> str:
        """A message outside the report's own (``level.unit``, ``month.3``, a record's)."""
        return render(code, params, lang=self.lang)

    def heads(self, *names: str) -> list[str]:
        return [self(f"col.{n}") for n in names]


def dataset_report(
    ds: Dataset,
    *,
    title: str,
    out: Writer,
    lang: str = "en",
    practices: DemoPractices | None = None,
) -> None:
    """The readable report of a dataset, each part as far as the dataset goes.

    The organisation, goals, needs, plans, the year, follow-up, a review and planned
    against actual, in ``lang`` (``"en"`` or ``"sv"``); with ``practices``, the seeds'
    practices too (wishes, a career step, key-person risk, leaders, culture, managers).
    """
    say = _Say(lang)
    org = ds.org
    out(title)
    out("=" * len(title))
    out(
        say(
            "overview",
            as_of=ds.as_of.isoformat(),
            people=len(org.people),
            units=len(org.units),
            roles=len(org.roles),
            competencies=len(org.framework),
            assessments=len(ds.assessments),
        )
    )
    out()
    out(say("units"))
    out(_report.unit_tree(org, lang=lang))
    out()
    out(say("roles"))
    holders: dict[str, int] = {}
    for p in org.people:
        for r in p.roles:
            holders[r] = holders.get(r, 0) + 1
    rows = []
    for role in org.roles:
        needs = ", ".join(
            f"{req.competency} {req.level}"
            + (say("requirement-from", day=req.effective.isoformat()) if req.effective else "")
            for req in role.requirements
        )
        rows.append([role.name, holders.get(role.id, 0), needs])
    out(_report.table(say.heads("role", "people", "requires"), rows))
    out()
    out(say("competencies"))
    fw = org.framework
    rows = []
    for comp in fw.competencies:
        depth = len(fw.ancestors(comp.id))
        scale = fw.scale(comp.scale)
        valid = say("valid-days", days=comp.validity.days) if comp.validity else ""
        rows.append(["  " * depth + comp.name, comp.id, f"{scale.id} 0..{scale.top}", valid])
    out(_report.table(say.heads("competency", "id", "scale", "expiry"), rows))
    out()
    out(say("against", as_of=ds.as_of.isoformat()))
    out(say("against.note"))
    out(_report.competence_against_requirements(org, ds.assessments, as_of=ds.as_of, lang=lang))
    if ds.goals is not None:
        _print_goals(ds, out, say)
    report = _print_needs(ds, out, say)
    if ds.catalog is not None:
        plans = _print_plans(ds, report, out, say)
        if ds.calendar is not None and ds.start and ds.end and ds.budget:
            _print_schedule(ds, plans, out, say)
    if ds.events:
        _print_follow_up(ds, out, say)
        if ds.catalog is not None and ds.calendar is not None and ds.end and ds.budget:
            _print_review(ds, out, say)
    if practices is not None:
        _print_practices(ds, practices, out, say)


def _print_practices(ds: Dataset, practices: DemoPractices, out: Writer, say: _Say) -> None:
    from larande.careers import career_gap
    from larande.culture import THEMES, culture
    from larande.followup import by_manager, due, replay
    from larande.leadership import potential_leaders
    from larande.needs import analyze, justify
    from larande.risk import key_person_risk

    org, as_of = ds.org, ds.as_of
    out()
    out(say("practices"))
    out()
    signals = (*ds.signals, *practices.wishes)
    report = analyze(org, ds.assessments, as_of=as_of, signals=signals)
    wished = {(w.person, w.competency) for w in practices.wishes}
    rows = []
    for need in report.needs:
        if (need.subject, need.competency) not in wished:
            continue
        if not any(r.rule == "wish" for r in need.reasons):
            continue
        serves = ds.goals is not None and justify(need, ds.goals, org).organization_need
        rows.append(
            [
                need.subject,
                need.competency,
                f"{need.priority:.2f}",
                say("yes") if serves else say("no"),
            ]
        )
    out(say("practices.wishes"))
    out(_report.table(say.heads("person", "competency", "priority", "serves-goal"), rows))
    out()
    person, role = practices.career
    gaps = career_gap(org, ds.assessments, person, role, as_of=as_of)
    if gaps:
        named = [f"{n.competency} {n.current or 0}->{n.required}" for n in gaps]
        out(say("practices.career", person=person, role=role, needs=named))
    else:
        out(say("practices.career-none", person=person, role=role))
    out()
    risks = key_person_risk(org, ds.assessments, as_of=as_of)
    if risks:
        out(say("practices.risk"))
        rows = [
            [
                r.unit,
                r.competency,
                "-" if r.holders is None else str(r.holders),
                "-" if r.required_by is None else str(r.required_by),
            ]
            for r in risks
        ]
        out(_report.table(say.heads("unit", "competency", "holders", "required-of"), rows))
    else:
        out(say("practices.risk-none"))
    out()
    state = replay((*ds.events, *practices.led))
    leaders = potential_leaders(state, org, as_of=max(as_of, *(e.on for e in practices.led)))
    out(say("practices.leaders", people=list(leaders[:5])))
    out()
    waves = sorted({(r.on, r.wave) for r in practices.survey})
    if waves:
        latest = waves[-1][1]
        before = waves[-2][1] if len(waves) > 1 else "-"
        scores = culture(practices.survey, org, wave=latest)
        out(say("practices.culture", wave=latest, before=before))
        rows = []
        for unit, themes in scores.items():
            if themes is None:
                rows.append([unit, *("-" for _ in THEMES)])
                continue
            row: list[str] = [unit]
            for theme in THEMES:
                score = themes.get(theme)
                if score is None:
                    row.append("-")
                elif score.change is None:
                    row.append(f"{score.mean:.1f}")
                else:
                    row.append(f"{score.mean:.1f} ({score.change:+.1f})")
            rows.append(row)
        heads = [say("col.unit"), *(say.word(f"culture.theme.{t}") for t in THEMES)]
        out(_report.table(heads, rows))
        out()
    digest = by_manager(due(state, as_of=as_of, org=org, assessments=ds.assessments), org)
    out(say("practices.digest"))
    rows = [[manager, str(len(items))] for manager, items in sorted(digest.items())]
    out(_report.table(say.heads("manager", "due"), rows))


def _print_review(ds: Dataset, out: Writer, say: _Say) -> None:
    from larande.loop import review

    today = min(max(e.on for e in ds.events), ds.end or dt.date.max)
    if today <= ds.as_of:
        return
    first = review(ds, as_of=ds.as_of)
    later = review(ds, as_of=today, previous=first)
    out()
    out(say("loop", today=today.isoformat(), as_of=ds.as_of.isoformat()))
    out("  " + say("learned", learned=len(later.learned)))
    shown = 0
    # Xin Li's DevOps courses are the demo's story; any dataset shows its first three.
    for plan in sorted(later.plans, key=lambda p: (p.person != "xin.li", p.person)):
        done = [i for i in plan.items if i.done is not None]
        if not done or shown >= 3:
            continue
        shown += 1
        person = plan.person
        none = say("none")
        before = ", ".join(n.competency for n in first.report.for_person(person)) or none
        now = ", ".join(n.competency for n in later.report.for_person(person)) or none
        name = ds.org.person(person).name
        out("  " + say("needs-then-now", name=name, person=person, before=before, now=now))
        steps = "; ".join(
            say("done-on", activity=i.activity, day=i.done.isoformat())
            for i in done
            if i.done is not None
        )
        left = ", ".join(i.activity for i in plan.items if i.done is None) or say("nothing")
        status = say.word(f"plan.{plan.status.value}")
        out("    " + say("plan-steps", status=status, steps=steps, left=left))
    items = [i for p in later.plans for i in p.items]
    dropped = [d for p in later.plans for d in p.dropped]
    reasons: dict[str, int] = {}
    for d in dropped:
        reasons[d.reason.value] = reasons.get(d.reason.value, 0) + 1
    why = ", ".join(f"{n} {r}" for r, n in sorted(reasons.items()))
    out(
        "  "
        + say(
            "revised",
            done=sum(1 for i in items if i.done),
            open=sum(1 for i in items if not i.done),
            dropped=len(dropped),
            why=f" ({why})" if why else "",
            placed=len(later.schedule.placements),
            unplaced=len(later.schedule.unplaced),
        )
    )
    unit = "homecare" if ds.org.has_unit("homecare") else ds.org.units[0].id
    lines = [line for line in later.budget if line.unit == unit]
    if not lines:
        return
    out()
    out(say("planned-actual", unit=ds.org.unit(unit).name, today=today.isoformat()))
    rows = [
        [
            f"{say.word(f'month.{line.month[1]}')} {line.month[0]}",
            round(line.planned_hours, 1),
            round(line.actual_hours, 1) if line.month <= (today.year, today.month) else "-",
            round(line.planned_cost),
            round(line.actual_cost) if line.month <= (today.year, today.month) else "-",
        ]
        for line in lines
    ]
    heads = say.heads("month", "planned-h", "actual-h", "planned-cost", "actual-cost")
    out(_report.table(heads, rows))


def _print_follow_up(ds: Dataset, out: Writer, say: _Say) -> None:
    from larande.datasets._demo import FOLLOW_UP_AS_OF
    from larande.followup import celebrations, due, effect, progress, replay

    today = max(FOLLOW_UP_AS_OF, ds.as_of)
    state = replay(ds.events, org=ds.org, goals=ds.goals)
    reminders = due(state, as_of=today)
    out()
    out(say("follow-up", as_of=today.isoformat(), events=len(state)))
    out(say("due", due=len(reminders)))
    rows = [
        [d.kind.value, d.person, d.subject, d.due_on.isoformat(), d.overdue_days]
        for d in sorted(reminders, key=lambda d: (-d.overdue_days, d.person))[:12]
    ]
    out(_report.table(say.heads("due", "person", "about", "since", "days-late"), rows))
    if ds.goals is None:
        return
    found = progress(state, ds.goals, as_of=today)
    rolled = ds.goals.rollup({g: p.fraction for g, p in found.items() if p.status != "no-data"})
    out()
    out(say("progress"))
    rows = []
    for gid in ds.goals:
        goal = ds.goals.goal(gid)
        if goal.level.name == "INDIVIDUAL" and gid not in found:
            continue
        p = found.get(gid)
        forecast = "" if p is None or p.forecast is None else f"{p.forecast:.1f}"
        rows.append(
            [
                say.word(f"level.{goal.level.name.lower()}"),
                gid,
                f"{rolled[gid]:.0%}",
                say.word(f"progress.{p.status.value}") if p else "-",
                forecast,
            ]
        )
    out(_report.table(say.heads("level", "goal", "progress", "status", "forecast"), rows))
    out()
    out(say("celebrate"))
    for c in celebrations(state, ds.goals, since=ds.as_of, until=today):
        out(f"  {c.on.isoformat()}: {text(c, lang=say.lang) if c.params else c.text}")
    out()
    out(say("effect"))

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
    heads = say.heads("activity", "reaction", "learning", "behaviour", "results")
    out(_report.table(heads, rows))


def _print_schedule(ds: Dataset, plans: tuple[LearningPlan, ...], out: Writer, say: _Say) -> None:
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
        say(
            "year",
            start=ds.start.isoformat(),
            end=ds.end.isoformat(),
            amount=set_aside.amount,
            per=say(f"per.{set_aside.per.value}"),
            placed=len(year.placements),
            unplaced=len(year.unplaced),
        )
    )
    for u in year.unplaced:
        line = say(
            "not-placed",
            person=u.person,
            activity=u.activity,
            reason=u.reason.value,
            text=text(u, lang=say.lang),
        )
        out(f"  {line}")
    titles = {a.id: a.title.split(":")[0].split(" (")[0] for a in ds.catalog.activities}
    out()
    team = "homecare-south" if ds.org.has_unit("homecare-south") else ds.org.units[-1].id
    south = annual_plan(year, ds.org, team, budget=ds.budget, catalog=ds.catalog, goals=ds.goals)
    out(_annual_table(south, titles, say))
    person = "xin.li" if ds.org.has_person("xin.li") else year.placements[0].person
    if not year.placements:
        return
    out()
    out(say("calendar", name=ds.org.person(person).name))
    for p in year.for_person(person):
        a = ds.catalog.activity(p.activity)
        where = say("session", session=p.session) if p.session else say("self-paced")
        day = say.word(f"weekday.{p.on.weekday()}")
        out(f"  {p.on.isoformat()} {day}  {a.title}, {hours(a.effort)}{where}")


def _annual_table(plan: AnnualPlan, titles: dict[str, str], say: _Say) -> str:
    """:meth:`AnnualPlan.table` in the report's language."""
    priced = any(m.cost for m in plan.months)
    col = say.heads("month", "planned-h", "set-aside-h", "use", "cost", "activities")
    lines = [say("annual", unit=plan.unit, people=plan.people)]
    widths = (9, max(9, len(col[1])), max(11, len(col[2])), max(5, len(col[3])), 9)
    cost_head = f" {col[4]:>{widths[4]}}" if priced else ""
    lines.append(
        f"  {col[0]:{widths[0]}} {col[1]:>{widths[1]}} {col[2]:>{widths[2]}} "
        f"{col[3]:>{widths[3]}}{cost_head}  {col[5]}"
    )
    pad = " " * (sum(widths[:4]) + 3 + len(cost_head) + 2)
    for m in plan.months:
        acts = ", ".join(f"{titles.get(a, a)} x{n}" for a, n in sorted(m.activities.items()))
        cost = f" {m.cost:{widths[4]},.0f}" if priced else ""
        month = f"{say.word(f'month.{m.month}')} {m.year}"
        lines.append(
            f"  {month:{widths[0]}} {m.load.total_seconds() / 3600:{widths[1]}g} "
            f"{m.set_aside.total_seconds() / 3600:{widths[2]}g} {m.share:{widths[3]}.0%}{cost}"
            f"  {acts or '-'}"
        )
        if m.goals:
            lines.append(f"  {pad}{say('serves', goals=m.goals)}")
    if priced:
        lines.append(f"  {say('cost-of-year', cost=plan.cost)}")
    return "\n".join(lines)


def _print_plans(
    ds: Dataset, report: NeedsReport, out: Writer, say: _Say
) -> tuple[LearningPlan, ...]:
    from larande.planning import ambassadors, match_mentors, plan

    assert ds.catalog is not None
    catalog = ds.catalog
    plans = plan(report, catalog, org=ds.org, assessments=ds.assessments, as_of=ds.as_of)
    out()
    effort = sum((p.effort(catalog) for p in plans), dt.timedelta())
    cost = sum(p.cost(catalog) for p in plans)
    items = sum(len(p.items) for p in plans)
    out(say("plans", people=len(plans), items=items, hours=effort, cost=cost))
    for p in plans:
        if not p.items:
            continue
        name = ds.org.person(p.person).name
        line = say(
            "plan-person",
            name=name,
            person=p.person,
            hours=p.effort(catalog),
            cost=p.cost(catalog),
        )
        out(f"  {line}")
        for item in p.items:
            a = catalog.activity(item.activity)
            why = ", ".join(sorted({n.competency for n in item.needs}))
            if item.required_by:
                before = say("before", activities=item.required_by)
                why += (say("and") if why else "") + before
            at_work = say("at-work") if a.workplace else ""
            due = say("by", day=item.deadline.isoformat()) if item.deadline else ""
            out(f"    - {a.title}{at_work}: {why}{due}")
    unmet = [u for p in plans for u in p.unmet if u.reason != "nothing-to-learn"]
    again = [u for p in plans for u in p.unmet if u.reason == "nothing-to-learn"]
    out()
    out(say("unmet", unmet=len(unmet), again=len(again)))
    for u in unmet:
        out(f"  {u.need.id}: {text(u, lang=say.lang)}")
    for u in again[:3]:
        out("  " + say("re-assess", text=text(u, lang=say.lang)))
    if len(again) > 3:
        out("  " + say("more-to-re-assess", more=len(again) - 3))
    pairs = match_mentors(ds.org, ds.assessments, report, as_of=ds.as_of)
    out()
    out(say("mentors", pairs=len(pairs)))
    for pair in pairs:
        out(f"  {pair.mentee} <- {pair.mentor}: {pair.competency}")
    if pairs:
        out("  " + say("why-first", text=text(pairs[0], lang=say.lang)))
    out()
    out(say("ambassadors"))
    chosen = ambassadors(ds.org, ds.assessments, report, as_of=ds.as_of, explain=True)
    for unit in ("homecare-north", "homecare-south", "it-platform", "it-service"):
        for amb in chosen.get(unit, ()):
            out(f"  {unit}: {text(amb, lang=say.lang)}")
    return plans


def _reason_text(reason: Reason, say: _Say) -> str:
    """A reason in the report's language; a host's own rule shows its own sentence."""
    if f"rule.{reason.rule}" in CATALOGUE:
        return text(reason, lang=say.lang)
    return reason.text


def _print_needs(ds: Dataset, out: Writer, say: _Say, *, top: int = 12) -> NeedsReport:
    from larande.needs import NeedScope, analyze, justify

    report = analyze(ds.org, ds.assessments, ds.signals, as_of=ds.as_of, goals=ds.goals)
    people = sum(1 for n in report.needs if n.scope is NeedScope.PERSON)
    out()
    out(
        say(
            "needs",
            as_of=ds.as_of.isoformat(),
            needs=len(report.needs),
            people=people,
            units=len(report.needs) - people,
            assessments=len(ds.assessments),
            signals=len(ds.signals),
        )
    )
    out(say("top", top=top))
    for rank, need in enumerate(report.needs[:top], 1):
        current = need.current if need.current is not None else "-"
        level = (
            ""
            if need.scope is NeedScope.UNIT
            else say("need-level", current=current, required=need.required)
        )
        due = say("need-due", due=need.due.isoformat()) if need.due else ""
        out("  " + say("need-line", rank=rank, need=need.id, priority=need.priority) + level + due)
        for reason in need.reasons:
            out(f"      {reason.rule}: {_reason_text(reason, say)}")
    out()
    out(say("matrix"))
    out(say("matrix.note", min_group=5))
    matrix = report.matrix(min_group=5)
    names = {c.id: c.name for c in ds.org.framework.competencies}
    rows = [
        [unit, names[comp]]
        + (["-", "-", "-"] if cell.suppressed else [cell.people, cell.with_gap, cell.mean_gap])
        for (unit, comp), cell in matrix.items()
        if unit in {"homecare", "homecare-north", "homecare-south", "it"}
    ]
    out(_report.table(say.heads("unit", "competency", "people", "below", "mean-gap"), rows))
    if ds.goals is None:
        return report
    verdicts = [justify(n, ds.goals, ds.org) for n in report.needs]
    passed = [v for v in verdicts if v.ok]
    out()
    out(say("gate", passed=len(passed), needs=len(verdicts)))
    shown = passed[:4] + [v for v in verdicts if not v.ok][:4]
    for v in shown:
        out(f"  {v.need.id}: {text(v, lang=say.lang)}")
    return report


def _print_goals(ds: Dataset, out: Writer, say: _Say) -> None:
    assert ds.goals is not None
    graph = ds.goals
    out()
    out(say("goals", goals=len(graph)))
    out(_report.goal_tree(graph, lang=say.lang))
    out()
    out(say("line-of-sight"))
    for root, objectives in graph.coverage().items():
        people = sorted({graph.goal(o).owner or o for o in objectives})
        names = ", ".join(people) if people else say("nobody-yet")
        out(f"  {graph.goal(root).title}: {names}")
    findings = graph.findings(as_of=ds.as_of)
    out()
    out(say("findings", as_of=ds.as_of.isoformat(), count=len(findings)))
    if findings:
        rows = [
            [
                say.word(f"severity.{f.severity.value}"),
                f.code.value,
                f.subject,
                text(f, lang=say.lang),
            ]
            for f in findings
        ]
        out(_report.table(say.heads("severity", "code", "subject", "message"), rows))
    else:
        out("  " + say("none"))
