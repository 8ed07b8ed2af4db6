"""The command line's arguments: one parent parser for what every command shares."""

from __future__ import annotations

import argparse
import datetime as dt
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

LANGUAGES = ("en", "sv")
EARLIEST, LATEST = dt.date(1900, 1, 1), dt.date(9998, 12, 31)


class UsageError(Exception):
    """Bad options: reported on one line, exit status 2, no usage dump."""


class Parser(argparse.ArgumentParser):
    """An argument parser that reports a mistake as an exception, not a usage dump."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(message)


def program() -> str:
    """How the command names itself: ``larande`` when installed, else ``python -m larande``."""
    return "larande" if Path(sys.argv[0]).name == "larande" else "python -m larande"


def day(text: str) -> dt.date:
    """A ``--as-of`` or other date: ISO, and one the library can compute with."""
    try:
        value = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date YYYY-MM-DD, got {text!r}") from None
    if not EARLIEST <= value <= LATEST:
        raise argparse.ArgumentTypeError(
            f"expected a date from {EARLIEST.isoformat()} to {LATEST.isoformat()}, got {text!r}"
        )
    return value


def hours(text: str) -> float:
    """A number of hours above zero (``nan``, ``inf``, ``0`` and ``1e300`` refused)."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0 or value > 24 * 366:
        raise argparse.ArgumentTypeError(
            f"expected a number of hours above zero (at most a year's), got {text!r}"
        )
    return value


def build(commands: dict[str, tuple[Callable[[argparse.Namespace], int], str]]) -> Parser:
    """The parser: every command with the shared options after its name.

    ``commands`` maps a command's name to its function and one-line help.
    """
    common = Parser(add_help=False)
    common.add_argument(
        "--as-of", type=day, metavar="DATE", help="the day to work from (default: the dataset's)"
    )
    common.add_argument(
        "-o", "--output", metavar="FILE", help="where to write the result (default: stdout)"
    )
    common.add_argument(
        "--lang",
        choices=LANGUAGES,
        default="en",
        help="the language of what a person reads: en (default) or sv",
    )
    dataset = Parser(add_help=False)
    dataset.add_argument(
        "--calendar",
        choices=("sweden",),
        help="use Sweden's working days for the dataset's years instead of its own calendar",
    )
    budget = dataset.add_mutually_exclusive_group()
    budget.add_argument(
        "--budget-hours-per-month",
        "--budget-hours",
        dest="budget_per_month",
        type=hours,
        metavar="H",
        help="hours set aside for learning, a person and month (default: the dataset's)",
    )
    budget.add_argument(
        "--budget-hours-per-year",
        dest="budget_per_year",
        type=hours,
        metavar="H",
        help="hours set aside for learning, a person and year",
    )

    parser = Parser(
        prog=program(), description="larande: competence development for organisations."
    )
    parser.add_argument("--version", action="store_true", help="print the version and stop")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name, (run, summary) in commands.items():
        parents = [common] if name in ("demo", "schema") else [common, dataset]
        command = sub.add_parser(name, help=summary, description=summary, parents=parents)
        command.set_defaults(run=run)
        if name == "annual":
            command.add_argument(
                "unit", metavar="UNIT", help="the unit whose year to show (its sub-units too)"
            )
        if name not in ("demo", "schema"):
            command.add_argument("dataset", metavar="DATASET.json", help="a Dataset JSON document")
        if name == "demo":
            command.add_argument(
                "--mermaid", action="store_true", help="print the goal tree as Mermaid instead"
            )
            command.add_argument(
                "--export", metavar="OUT.json", help="write the demo dataset as JSON instead"
            )
        elif name == "schema":
            command.add_argument(
                "type",
                metavar="TYPE",
                help="a document type: Dataset, Review, Schedule, list[LearningPlan]...",
            )
        elif name == "review":
            command.add_argument(
                "--previous",
                metavar="REVIEW.json",
                help="the last review's document: only what changed since is folded in",
            )
        elif name == "schedule":
            command.add_argument(
                "--start", type=day, metavar="DATE", help="first day (default: the dataset's)"
            )
            command.add_argument(
                "--end", type=day, metavar="DATE", help="last day (default: the dataset's)"
            )
            command.add_argument(
                "--peak", type=float, default=2.0, help="most months' load, in budgets"
            )
    return parser
