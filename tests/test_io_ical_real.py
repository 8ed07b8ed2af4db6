"""Calendar feeds that clients import safely: unique UIDs, sequences, escaped text, times."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import textwrap

import icalendar
import pytest

from larande import Activity, Catalog, Placement, Schedule, Session, ValidationError
from larande.io.ical import to_ical

H = dt.timedelta(hours=1)
CPR = Activity(
    "cpr",
    "CPR refresher",
    "course",
    {"cpr": 1},
    4 * H,
    sessions=[
        Session("cpr-2026", dt.date(2026, 3, 2), 8),
        Session("cpr-2027", dt.date(2027, 3, 1), 8),
    ],
)
WORKSHOP = Activity("devops", "DevOps workshop", "workshop", {"ci": 2}, 16 * H)
CATALOG = Catalog([CPR, WORKSHOP])
NOW = dt.datetime(2026, 2, 20, 7, 30, tzinfo=dt.UTC)


def year(*placements, start=dt.date(2026, 1, 1), end=dt.date(2027, 12, 31)):
    return Schedule(list(placements), [], start, end, efforts={"cpr": 4 * H, "devops": 16 * H})


def events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).walk("VEVENT"))


def by_uid(data: bytes) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in events(data)}


TWO_YEARS = year(
    Placement("anna", "cpr", dt.date(2026, 3, 2), "cpr-2026"),
    Placement("anna", "cpr", dt.date(2027, 3, 1), "cpr-2027"),
)


# -- unique UIDs ---------------------------------------------------------------------------


def test_an_annual_refresher_over_two_years_has_two_uids_numbered_by_date():
    found = {str(e["UID"]): e.decoded("DTSTART") for e in events(to_ical(TWO_YEARS, CATALOG))}
    assert found == {
        "anna:cpr:1@larande": dt.date(2026, 3, 2),
        "anna:cpr:2@larande": dt.date(2027, 3, 1),
    }


def test_a_placement_alone_keeps_the_uid_of_its_id():
    single = year(Placement("anna", "cpr", dt.date(2026, 3, 2), "cpr-2026"))
    assert list(by_uid(to_ical(single, CATALOG))) == ["anna:cpr@larande"]


def test_ids_that_differ_only_in_control_characters_keep_different_uids():
    two = year(
        Placement("anna\n", "cpr", dt.date(2026, 3, 2)),
        Placement("anna\r", "cpr", dt.date(2026, 3, 2)),
    )
    assert sorted(by_uid(to_ical(two, CATALOG))) == ["anna%0A:cpr@larande", "anna%0D:cpr@larande"]


# -- a moved event is newer ----------------------------------------------------------------


def test_a_moved_event_gets_the_next_sequence_and_the_stamp_of_the_change():
    before = to_ical(year(Placement("anna", "devops", dt.date(2026, 4, 7))), CATALOG)
    moved = year(Placement("anna", "devops", dt.date(2026, 5, 12)))
    event = by_uid(to_ical(moved, CATALOG, previous=before, stamp=NOW))["anna:devops@larande"]
    assert (event["SEQUENCE"], event.decoded("DTSTAMP")) == (1, NOW)


def test_a_moved_event_keeps_counting_its_sequence_up():
    first = to_ical(year(Placement("anna", "devops", dt.date(2026, 4, 7))), CATALOG)
    second = to_ical(
        year(Placement("anna", "devops", dt.date(2026, 5, 12))),
        CATALOG,
        previous=first,
        stamp=NOW,
    )
    third = to_ical(
        year(Placement("anna", "devops", dt.date(2026, 6, 9))),
        CATALOG,
        previous=second,
        stamp=NOW + dt.timedelta(days=30),
    )
    assert by_uid(third)["anna:devops@larande"]["SEQUENCE"] == 2


def test_an_event_that_did_not_change_keeps_its_sequence_and_stamp():
    before = to_ical(TWO_YEARS, CATALOG)
    assert to_ical(TWO_YEARS, CATALOG, previous=before, stamp=NOW) == before


def test_a_new_event_starts_at_sequence_zero_stamped_now():
    before = to_ical(year(Placement("anna", "devops", dt.date(2026, 4, 7))), CATALOG)
    more = year(
        Placement("anna", "devops", dt.date(2026, 4, 7)),
        Placement("bo", "devops", dt.date(2026, 4, 7)),
    )
    event = by_uid(to_ical(more, CATALOG, previous=before, stamp=NOW))["bo:devops@larande"]
    assert (event["SEQUENCE"], event.decoded("DTSTAMP")) == (0, NOW)


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"previous": b"BEGIN:VCALENDAR\r\n"}, "stamp"),
        ({"previous": b"not a calendar", "stamp": NOW}, "previous"),
        ({"previous": 42, "stamp": NOW}, "previous"),
        ({"stamp": dt.datetime(2026, 2, 20)}, "stamp"),
        ({"times": {"nope": dt.time(9)}}, "times['nope']"),
        ({"times": {"cpr-2026": (dt.time(12), dt.time(9))}}, "times['cpr-2026']"),
        ({"times": {"cpr-2026": "09:00"}}, "times['cpr-2026']"),
        ({"tz": "Mars/Olympus"}, "tz"),
        ({"uid_domain": "larande\r\nX-EVIL:1"}, "uid_domain"),
    ],
)
def test_a_bad_argument_is_a_validation_error_naming_it(kwargs, path):
    with pytest.raises(ValidationError) as err:
        to_ical(TWO_YEARS, CATALOG, **kwargs)
    assert err.value.path == path


def test_a_stamp_before_the_previous_feeds_is_refused():
    before = to_ical(TWO_YEARS, CATALOG, stamp=NOW)
    with pytest.raises(ValidationError) as err:
        to_ical(TWO_YEARS, CATALOG, previous=before, stamp=NOW - dt.timedelta(days=1))
    assert err.value.path == "stamp"


# -- nothing breaks out of its property ----------------------------------------------------

HOSTILE = "Evil\r\nBEGIN:VEVENT\r\nUID:x\nSUMMARY:\x00\x1b[31m\u2028\u0085owned"


def hostile_feed() -> bytes:
    activity = Activity("x", HOSTILE, "course", {"cpr": 1}, 4 * H)
    placement = Placement(HOSTILE, "x", dt.date(2026, 3, 2))
    return to_ical(
        Schedule(
            [placement], [], dt.date(2026, 1, 1), dt.date(2026, 12, 31), efforts={"x": 4 * H}
        ),
        Catalog([activity]),
        person=HOSTILE,
    )


def test_hostile_names_and_titles_make_no_second_event():
    assert len(events(hostile_feed())) == 1


def test_control_characters_never_reach_a_text_property():
    lines = hostile_feed().split(b"\r\n")
    controls = {b for line in lines for b in line if b < 0x20 and b != 0x09}
    assert (controls, [line for line in lines if line.startswith(b"BEGIN:VEVENT")]) == (
        set(),
        [b"BEGIN:VEVENT"],
    )


def test_unicode_line_separators_never_reach_a_text_property():
    assert ("\u2028" in hostile_feed().decode(), "\u0085" in hostile_feed().decode()) == (
        False,
        False,
    )


def test_the_calendar_name_is_escaped_even_when_python_runs_without_asserts():
    """icalendar guards unknown properties with an assert, which python -O removes."""
    script = textwrap.dedent(
        """
        import datetime as dt
        from larande import Activity, Catalog, Placement, Schedule
        from larande.io.ical import to_ical
        cat = Catalog([Activity("x", "X", "course", {"c": 1}, dt.timedelta(hours=1))])
        who = "anna\\r\\nEND:VCALENDAR\\r\\nBEGIN:VCALENDAR"
        year = Schedule([Placement(who, "x", dt.date(2026, 3, 2))], [], dt.date(2026, 1, 1),
                        dt.date(2026, 12, 31), efforts={"x": dt.timedelta(hours=1)})
        lines = to_ical(year, cat, person=who).split(b"\\r\\n")
        print(lines.count(b"BEGIN:VCALENDAR"), lines.count(b"END:VCALENDAR"))
        """
    )
    out = subprocess.run(
        [sys.executable, "-O", "-c", script], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ["1", "1"]


# -- timed events --------------------------------------------------------------------------


def test_a_session_with_a_start_time_is_a_timed_event_lasting_the_effort():
    event = by_uid(to_ical(TWO_YEARS, CATALOG, times={"cpr-2026": dt.time(9, 0)}))[
        "anna:cpr:1@larande"
    ]
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC),
    )


def test_a_session_with_start_and_end_times_ends_when_it_says():
    """Summer time: 13:00 in Stockholm in June is 11:00 UTC."""
    june = Activity(
        "cpr", "CPR", "course", {"cpr": 1}, 4 * H, sessions=[Session("j", dt.date(2026, 6, 3), 5)]
    )
    placed = year(Placement("anna", "cpr", dt.date(2026, 6, 3), "j"))
    event = events(to_ical(placed, Catalog([june]), times={"j": (dt.time(13), dt.time(16, 30))}))[
        0
    ]
    assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
        dt.datetime(2026, 6, 3, 11, 0, tzinfo=dt.UTC),
        dt.datetime(2026, 6, 3, 14, 30, tzinfo=dt.UTC),
    )


def test_a_timed_event_without_an_end_lasts_a_day_of_training_at_most():
    long = Activity(
        "devops",
        "DevOps",
        "workshop",
        {"ci": 2},
        16 * H,
        sessions=[Session("d", dt.date(2026, 4, 7), 9)],
    )
    placed = year(Placement("anna", "devops", dt.date(2026, 4, 7), "d"))
    event = events(to_ical(placed, Catalog([long]), times={"d": dt.time(8)}))[0]
    assert event.decoded("DTEND") - event.decoded("DTSTART") == 8 * H


def test_a_session_without_a_time_stays_an_all_day_event():
    event = by_uid(to_ical(TWO_YEARS, CATALOG, times={"cpr-2026": dt.time(9, 0)}))[
        "anna:cpr:2@larande"
    ]
    assert event.decoded("DTSTART") == dt.date(2027, 3, 1)


def test_an_event_on_the_calendars_last_day_is_written():
    last = Schedule(
        [Placement("anna", "cpr", dt.date.max)],
        [],
        dt.date(9999, 1, 1),
        dt.date.max,
        efforts={"cpr": 4 * H},
    )
    event = events(to_ical(last, CATALOG))[0]
    assert (event.decoded("DTSTART"), event.decoded("DURATION")) == (
        dt.date.max,
        dt.timedelta(days=1),
    )
