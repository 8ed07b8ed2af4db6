"""Export the demo's year as an iCalendar feed, and look at results as DataFrames.

Run: python examples/calendar_and_frames.py
"""

from __future__ import annotations

from larande import analyze, plan, schedule
from larande.datasets import load_demo
from larande.io.frames import needs_frame, schedule_frame
from larande.io.ical import to_ical

demo = load_demo()
assert demo.catalog is not None
assert demo.calendar is not None
assert demo.start is not None
assert demo.end is not None
assert demo.budget is not None
report = analyze(demo.org, demo.assessments, demo.signals, as_of=demo.as_of)
plans = plan(report, demo.catalog, org=demo.org)
year = schedule(
    plans,
    demo.catalog,
    calendar=demo.calendar,
    start=demo.start,
    end=demo.end,
    budget=demo.budget,
    org=demo.org,
)

feed = to_ical(year, demo.catalog, plans=plans, unit="it", org=demo.org)
print(f"iCalendar feed for the IT unit: {feed.count(b'BEGIN:VEVENT')} events, {len(feed):,} bytes")

needs = needs_frame(report)
print(needs.groupby("scope")["priority"].agg(["count", "mean"]).round(2))
placed = schedule_frame(year)
print(placed.groupby(placed["on"].dt.month)["hours"].sum())
