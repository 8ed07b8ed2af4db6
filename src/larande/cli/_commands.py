"""The commands, and what every one of them shares: reading, writing, errors, summaries."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import textwrap
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

import attrs

from larande.cli import _args
from larande.cli._render import Writer, dataset_report
from larande.dataset import Dataset
from larande.datasets._practices import DemoPractices
from larande.exceptions import LarandeError
from larande.messages import render

HOUR = dt.timedelta(hours=1)


class CommandError(Exception):
    """A command stops: one line on stderr, and an exit status (2 bad input, 1 no file)."""

    def __init__(self, code: str, params: dict[str, Any], status: int = 2) -> None:
        super().__init__(code)
        self.code = code
        self.params = params
        self.status = status


# -- reading and writing -------------------------------------------------------------------


def read_text(path: str) -> str:
    """A document's text: UTF-8 without a BOM, or a :class:`CommandError` naming what is wrong."""
    where = Path(path)
    if where.is_dir():
        raise CommandError("cli.directory", {"path": path})
    try:
        data = where.read_bytes()
    except FileNotFoundError:
        raise CommandError("cli.missing-file", {"path": path}, status=1) from None
    except OSError as exc:
        raise CommandError(
            "cli.unreadable", {"path": path, "reason": exc.strerror or exc}
        ) from None
    if not data.strip():
        raise CommandError("cli.empty", {"path": path})
    if data.startswith(b"\xef\xbb\xbf"):
        raise CommandError("cli.bom", {"path": path})
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = f"0x{data[exc.start]:02x}"
        raise CommandError(
            "cli.not-utf8", {"path": path, "byte": byte, "position": exc.start}
        ) from None


def read_dataset(args: argparse.Namespace) -> Dataset:
    """The dataset document, with the command line's calendar and budget applied."""
    from larande.calendars import WorkCalendar
    from larande.io import json
    from larande.scheduling import Budget, Period

    dataset = json.loads(read_text(args.dataset), Dataset)
    changes: dict[str, Any] = {}
    if args.calendar == "sweden":
        days = [d for d in (dataset.as_of, dataset.start, dataset.end, args.as_of) if d]
        closures = dataset.calendar.closures if dataset.calendar is not None else ()
        changes["calendar"] = WorkCalendar.sweden(
            range(min(d.year for d in days), max(d.year for d in days) + 1), closures=closures
        )
    if args.budget_per_year is not None:
        changes["budget"] = Budget(dt.timedelta(hours=args.budget_per_year), per=Period.YEAR)
    elif args.budget_per_month is not None:
        changes["budget"] = Budget(dt.timedelta(hours=args.budget_per_month))
    if changes:
        dataset = attrs.evolve(dataset, **changes)
    calendar = dataset.calendar
    if args.as_of is not None and calendar is not None and args.as_of.year not in calendar.years:
        raise CommandError(
            "cli.as-of-outside-calendar",
            {"as_of": args.as_of.isoformat(), "years": sorted(calendar.years)},
        )
    return dataset


def as_of(args: argparse.Namespace, dataset: Dataset) -> dt.date:
    return args.as_of if args.as_of is not None else dataset.as_of


def write(args: argparse.Namespace, text: str) -> None:
    """The result, to ``-o`` or stdout; written only once the command has succeeded."""
    if not text.endswith("\n"):
        text += "\n"
    output(args, lambda fp: fp.write(text))


def write_json(args: argparse.Namespace, result: object) -> None:
    """The result's document, streamed (never one string)."""
    from larande.io import json

    def fill(fp: TextIO) -> None:
        json.dump(result, fp, indent=1)
        fp.write("\n")

    output(args, fill)


def output(args: argparse.Namespace, fill: Callable[[TextIO], object]) -> None:
    """Fill stdout, or the file ``-o`` names: written aside, then renamed, whole or not at all."""
    if args.output is None or args.output == "-":
        fill(sys.stdout)
        return
    target = Path(args.output)
    aside = target.with_name(f".{target.name}.part")
    try:
        with aside.open("w", encoding="utf-8") as fp:
            fill(fp)
        os.replace(aside, target)
    except OSError as exc:
        aside.unlink(missing_ok=True)
        raise CommandError(
            "cli.unwritable", {"path": args.output, "reason": exc.strerror or exc}
        ) from None


def summary(args: argparse.Namespace, code: str, **params: Any) -> None:
    print(render(code, params, lang=args.lang), file=sys.stderr)


def why(args: argparse.Namespace, reasons: Sequence[str]) -> str:
    """`` (capacity 2, budget 1)``: what kept items out, most common first; empty if none."""
    counts: dict[str, int] = {}
    for r in reasons:
        counts[r] = counts.get(r, 0) + 1
    if not counts:
        return ""
    listed = ", ".join(f"{r} {n}" for r, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])))
    return render("cli.why", {"reasons": listed}, lang=args.lang)


class Bar:
    """A progress line on stderr, only on a terminal and only once work has taken a second.

    Fed by the domain's ``progress(step, done, total)`` callback. Hand-written rather than a
    dependency: one line rewritten in place is all a command needs, and the library's
    install stays at its four runtime dependencies.
    """

    def __init__(self) -> None:
        self.start = time.monotonic()
        self.shown = False
        self.terminal = sys.stderr.isatty()

    def __call__(self, step: str, done: int, total: int) -> None:
        if not self.terminal or time.monotonic() - self.start < 1.0:
            return
        width = 24
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {step:<20}")
        sys.stderr.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


# -- the commands ----------------------------------------------------------------------------


def _demo(args: argparse.Namespace) -> int:
    from larande.datasets import load_demo

    dataset = load_demo()
    if args.export:
        from larande.io import json

        if args.plots:  # first: a failure leaves the result unwritten, as with any command
            plots(args, dataset)
        args.output = args.export
        write(args, json.dumps(dataset, indent=1))
        summary(args, "cli.summary.export", path=args.export)
        return 0
    if args.mermaid:
        return _mermaid_of(args, dataset)
    if args.as_of is not None:
        dataset = attrs.evolve(dataset, as_of=args.as_of)
    from larande.datasets import load_practices

    return _report_of(
        args,
        dataset,
        title=render("report.title.demo", lang=args.lang),
        practices=load_practices(),
    )


def _report(args: argparse.Namespace) -> int:
    dataset = read_dataset(args)
    if args.as_of is not None:
        dataset = attrs.evolve(dataset, as_of=args.as_of)
    name = Path(args.dataset).name
    title = render("report.title.file", {"name": name}, lang=args.lang)
    return _report_of(args, dataset, title=title)


def _report_of(
    args: argparse.Namespace,
    dataset: Dataset,
    *,
    title: str,
    practices: DemoPractices | None = None,
) -> int:
    from larande.needs import analyze

    lines: list[str] = []

    def collect(*parts: object) -> None:
        for line in " ".join(str(p) for p in parts).split("\n"):
            lines.extend(fold(line))

    out: Writer = collect
    dataset_report(dataset, title=title, out=out, lang=args.lang, practices=practices)
    if args.plots:  # first: a failure leaves the report unwritten, as with any command
        plots(args, dataset)
    write(args, "\n".join(lines))
    needs = analyze(dataset.org, dataset.assessments, dataset.signals, as_of=dataset.as_of)
    summary(
        args,
        "cli.summary.report",
        people=len(dataset.org.people),
        units=len(dataset.org.units),
        needs=len(needs.needs),
        events=len(dataset.events),
    )
    return 0


def plots(args: argparse.Namespace, dataset: Dataset) -> None:
    """``--plots DIR``: every picture of the dataset as ``DIR/{name}.png`` (Agg, no window)."""
    try:
        from larande.plot._pictures import pictures
    except ImportError:
        raise CommandError("cli.no-matplotlib", {}) from None
    folder = Path(args.plots)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, figure in pictures(dataset, as_of=dataset.as_of, lang=args.lang).items():
            figure.savefig(folder / f"{name}.png", dpi=100)
    except OSError as exc:
        raise CommandError(
            "cli.unwritable", {"path": args.plots, "reason": exc.strerror or exc}
        ) from None


WIDTH = 100
"""The widest line the readable report prints."""


def fold(line: str, width: int = WIDTH) -> list[str]:
    """A report line folded to ``width``, continuations under its last column.

    >>> fold("  role      12  " + "medication 3, " * 8, width=40)
    ['  role      12  medication 3, medication', '                3, medication 3,', ...]
    """
    if len(line) <= width:
        return [line]
    lead = len(line) - len(line.lstrip())
    column = line.rfind("  ", lead, width * 2 // 3)
    indent = column + 2 if column > lead else lead + 4
    return textwrap.wrap(
        line,
        width=width,
        subsequent_indent=" " * indent,
        break_on_hyphens=False,
        drop_whitespace=True,
    ) or [line]


def _analyze(args: argparse.Namespace) -> int:
    from larande.needs import analyze

    dataset = read_dataset(args)
    report = analyze(
        dataset.org,
        dataset.assessments,
        dataset.signals,
        as_of=as_of(args, dataset),
        goals=dataset.goals,
    )
    write_json(args, report)
    units = sum(1 for n in report.needs if n.scope == "unit")
    summary(
        args,
        "cli.summary.analyze",
        people=len(dataset.org.people),
        needs=len(report.needs),
        units=units,
    )
    return 0


def _plan(args: argparse.Namespace) -> int:
    from larande.needs import analyze
    from larande.planning import plan

    dataset = read_dataset(args)
    catalog = _require(args, dataset, "catalog")[0]
    day = as_of(args, dataset)
    report = analyze(
        dataset.org, dataset.assessments, dataset.signals, as_of=day, goals=dataset.goals
    )
    plans = plan(report, catalog, org=dataset.org, assessments=dataset.assessments, as_of=day)
    write_json(args, plans)
    summary(
        args,
        "cli.summary.plan",
        people=len(dataset.org.people),
        needs=len(report.needs),
        plans=len(plans),
        items=sum(len(p.items) for p in plans),
        unmet=sum(len(p.unmet) for p in plans),
    )
    return 0


def _require(args: argparse.Namespace, dataset: Dataset, *names: str) -> tuple[Any, ...]:
    values = tuple(getattr(dataset, n) for n in names)
    missing = [n for n, v in zip(names, values, strict=True) if v is None]
    if missing:
        raise CommandError("cli.missing-settings", {"fields": ", ".join(missing)})
    return values


def _schedule(args: argparse.Namespace) -> int:
    from larande.needs import analyze
    from larande.planning import plan
    from larande.scheduling import schedule

    dataset = read_dataset(args)
    if args.end is not None:
        dataset = attrs.evolve(dataset, end=args.end)
    catalog, calendar, end, budget = _require(
        args, dataset, "catalog", "calendar", "end", "budget"
    )
    day = as_of(args, dataset)
    start = args.start or dataset.start or day
    report = analyze(
        dataset.org, dataset.assessments, dataset.signals, as_of=day, goals=dataset.goals
    )
    plans = plan(report, catalog, org=dataset.org, assessments=dataset.assessments, as_of=day)
    result = schedule(
        plans,
        catalog,
        calendar=calendar,
        start=start,
        end=end,
        budget=budget,
        peak=args.peak,
        org=dataset.org,
        absences=dataset.absences,
    )
    write_json(args, result)
    summary(
        args,
        "cli.summary.schedule",
        people=len(dataset.org.people),
        plans=len(plans),
        placed=len(result.placements),
        unplaced=len(result.unplaced),
        why=why(args, [u.reason.value for u in result.unplaced]),
    )
    return 0


def _review(args: argparse.Namespace) -> int:
    from larande.io import json
    from larande.loop import Review, review

    dataset = read_dataset(args)
    previous = None
    if args.previous is not None:
        previous = json.loads(read_text(args.previous), Review)
    bar = Bar()
    try:
        result = review(dataset, as_of=as_of(args, dataset), previous=previous, progress=bar)
    finally:
        bar.close()
    write_json(args, result)
    summary(
        args,
        "cli.summary.review",
        people=len(dataset.org.people),
        needs=len(result.report.needs),
        plans=len(result.plans),
        placed=len(result.schedule.placements),
        unplaced=len(result.schedule.unplaced),
        why=why(args, [u.reason.value for u in result.schedule.unplaced]),
        learned=len(result.learned),
        due=len(result.due),
    )
    return 0


def _due(args: argparse.Namespace) -> int:
    from larande.followup import due, replay

    dataset = read_dataset(args)
    state = replay(dataset.events, org=dataset.org, goals=dataset.goals, catalog=dataset.catalog)
    found = due(state, as_of=as_of(args, dataset), org=dataset.org)
    write_json(args, found)
    summary(args, "cli.summary.due", due=len(found), late=sum(d.overdue_days > 7 for d in found))
    return 0


def _progress(args: argparse.Namespace) -> int:
    from larande import _report
    from larande.followup import progress, replay

    dataset = read_dataset(args)
    goals = dataset.goals
    if goals is None:
        raise CommandError("cli.no-goals", {})
    day = as_of(args, dataset)
    state = replay(dataset.events, org=dataset.org, goals=goals, catalog=dataset.catalog)
    found = progress(state, goals, as_of=day)
    # Every goal with a metric, and every objective with follow-up data (DESIGN 9.7).
    shown = {
        g: p
        for g, p in found.items()
        if goals.goal(g).metric is not None or p.status.value != "no-data"
    }
    rows = [
        [
            goals.goal(g).level.name.lower(),
            g,
            f"{p.fraction:.0%}",
            p.status.value,
            "-" if p.forecast is None else f"{p.forecast:g}",
        ]
        for g, p in shown.items()
    ]
    write(args, _report.table(["level", "goal", "progress", "status", "forecast"], rows))
    statuses = [p.status.value for p in shown.values()]
    summary(
        args,
        "cli.summary.progress",
        goals=len(shown),
        achieved=statuses.count("achieved"),
        on_track=statuses.count("on-track"),
        at_risk=statuses.count("at-risk"),
        off_track=statuses.count("off-track"),
        no_data=statuses.count("no-data"),
    )
    return 0


def _annual(args: argparse.Namespace) -> int:
    from larande.loop import review
    from larande.scheduling import annual_plan

    dataset = read_dataset(args)
    catalog, _, _, budget = _require(args, dataset, "catalog", "calendar", "end", "budget")
    result = review(dataset, as_of=as_of(args, dataset), progress=Bar())
    year = annual_plan(
        result.schedule, dataset.org, args.unit, budget=budget, catalog=catalog, goals=result.goals
    )
    titles = {a.id: a.title.split(":")[0].split(" (")[0] for a in catalog.activities}
    write(args, year.table(titles=titles))
    summary(
        args,
        "cli.summary.annual",
        unit=args.unit,
        planned=f"{sum((m.load for m in year.months), dt.timedelta()) / HOUR:g}",
        set_aside=f"{sum((m.set_aside for m in year.months), dt.timedelta()) / HOUR:g}",
        people=year.people,
    )
    return 0


def _mermaid(args: argparse.Namespace) -> int:
    return _mermaid_of(args, read_dataset(args))


def _mermaid_of(args: argparse.Namespace, dataset: Dataset) -> int:
    from larande.io.mermaid import goal_tree

    if dataset.goals is None:
        raise CommandError("cli.no-goals", {})
    write(args, goal_tree(dataset.goals))
    links = sum(len(dataset.goals.parents(g)) for g in dataset.goals)
    summary(args, "cli.summary.mermaid", goals=len(dataset.goals), links=links)
    return 0


def _schema(args: argparse.Namespace) -> int:
    import json as std_json

    import larande
    from larande.io.schema import json_schema

    name = args.type
    listed = name.startswith("list[") and name.endswith("]")
    found = getattr(larande, name[5:-1] if listed else name, None)
    if not isinstance(found, type):
        known = "Dataset, Review, Schedule, NeedsReport, list[LearningPlan], list[Due], ..."
        raise CommandError("cli.unknown-type", {"type": name, "known": known})
    schema = json_schema(tuple[found, ...] if listed else found)  # type: ignore[valid-type]
    write(args, std_json.dumps(schema, indent=1, ensure_ascii=False))
    summary(args, "cli.summary.schema", type=name, definitions=len(schema.get("$defs", {})))
    return 0


COMMANDS: dict[str, tuple[Callable[[argparse.Namespace], int], str]] = {
    "demo": (_demo, "run the loop on the bundled demo municipality and print it"),
    "report": (_report, "print the demo's readable report for a Dataset document"),
    "review": (_review, "one turn of the whole loop; write the Review document"),
    "analyze": (_analyze, "analyse a Dataset document's needs; write the NeedsReport"),
    "plan": (_plan, "analyse and plan; write each person's LearningPlan"),
    "schedule": (_schedule, "analyse, plan and schedule; write the Schedule"),
    "due": (_due, "replay the events; write what is due"),
    "progress": (_progress, "print each goal's progress and forecast"),
    "annual": (_annual, "print a unit's annual plan, month by month"),
    "mermaid": (_mermaid, "print the goal tree as a Mermaid flowchart"),
    "schema": (_schema, "print the JSON Schema of a document type"),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 done, 2 bad input, 1 no file)."""
    parser = _args.build(COMMANDS)
    lang = _language(argv)
    try:
        args = parser.parse_args(argv)
    except _args.UsageError as exc:
        message = render("cli.usage", {"message": str(exc), "program": _args.program()}, lang=lang)
        print(f"{_args.program()}: {render('cli.error', {'message': message}, lang=lang)}",
              file=sys.stderr)  # fmt: skip
        return 2
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    # A command is a batch job: larande may pause the collector during its bulk work. A host
    # calling main() in its own process gets its setting back.
    from larande._gc import pause_collector

    before = pause_collector(True)
    try:
        return _run(parser, args)
    finally:
        pause_collector(before)


def _run(parser: argparse.ArgumentParser, args: argparse.Namespace) -> int:
    if args.version:
        from importlib.metadata import version

        print(f"larande {version('larande')}")
        return 0
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.run(args))
    except CommandError as failure:
        return _fail(render(failure.code, failure.params, lang=args.lang), failure.status, args)
    except LarandeError as err:
        return _fail(str(err), 2, args)
    except BrokenPipeError:  # the reader (say, `head`) stopped early: not an error of ours
        sys.stderr.close()
        return 0


def _fail(message: str, status: int, args: argparse.Namespace) -> int:
    # One line whatever the bytes: line breaks folded, a lone surrogate escaped.
    line = " ".join(message.split()).encode("utf-8", "backslashreplace").decode("utf-8")
    text = render("cli.error", {"message": line}, lang=args.lang)
    print(f"{_args.program()}: {text}", file=sys.stderr)
    return status


def _language(argv: Sequence[str] | None) -> str:
    """The ``--lang`` asked for, read before parsing so that usage errors speak it too."""
    given = list(sys.argv[1:] if argv is None else argv)
    for i, token in enumerate(given):
        if token == "--lang" and i + 1 < len(given) and given[i + 1] in _args.LANGUAGES:
            return given[i + 1]
        if token.startswith("--lang=") and token[7:] in _args.LANGUAGES:
            return token[7:]
    return "en"
