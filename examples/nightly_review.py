"""A nightly job: one turn of the loop a night, each review folded into the next.

The host keeps two documents: the dataset (its organisation, assessments, catalog and the
follow-up events its LMS sent) and last night's review. Each night it reads both, runs
``review`` for today, acts on the result (reminders to send, calendars to update, plans
to show) and stores the new review for tomorrow. Here the nights are simulated over the
demo's first quarter, in a temporary folder.

Run: python examples/nightly_review.py
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

from larande import Dataset, Review, review
from larande.datasets import load_demo
from larande.io import json as ljson


def one_night(folder: Path, today: dt.date) -> Review:
    """Read the dataset and last night's review, review today, store the result."""
    dataset = ljson.loads((folder / "dataset.json").read_text(encoding="utf-8"), Dataset)
    last = folder / "review.json"
    previous = ljson.loads(last.read_text(encoding="utf-8"), Review) if last.exists() else None
    result = review(dataset, as_of=today, previous=previous)
    last.write_text(ljson.dumps(result), encoding="utf-8")
    return result


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        demo = load_demo()
        (folder / "dataset.json").write_text(ljson.dumps(demo), encoding="utf-8")
        nights = [demo.as_of + dt.timedelta(weeks=k) for k in range(0, 14, 3)]
        for today in nights:
            result = one_night(folder, today)
            overdue = sum(1 for d in result.due if d.overdue_days > 7)
            done = sum(1 for p in result.plans for i in p.items if i.done is not None)
            complete = sum(1 for p in result.plans if p.status == "complete")
            print(
                f"{today.isoformat()}: {len(result.learned):3} learned, "
                f"{len(result.report.needs):3} needs, {done:2} items done, "
                f"{complete} plans complete, {len(result.due):3} due ({overdue} over a week)"
            )
        xin = result.plan_of("xin.li")
        assert xin is not None
        left = [n.competency for n in result.report.for_person("xin.li")]
        print(f"Xin Li's plan: {xin.status.value}, needs left: {left or 'none'}")
        spent = sum(line.actual_cost for line in result.budget if line.unit == "alvby")
        print(f"Spent on learning so far, the whole municipality: {spent:,.0f} SEK")


if __name__ == "__main__":
    main()
