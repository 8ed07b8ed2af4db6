"""The demo shows each of the seeds' practices: a wish, a career step, a key-person risk,
a potential leader, two culture waves and a manager's digest."""

from __future__ import annotations

import io
from contextlib import redirect_stdout

import pytest

from larande.cli import main
from larande.datasets import load_demo, load_practices


@pytest.fixture(scope="module")
def report() -> str:
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["demo"]) == 0
    return out.getvalue()


def test_the_demos_practices_name_people_and_units_of_the_demo():
    """Every wish, leader and respondent is one of Älvby's people."""
    people = {p.id for p in load_demo().org.people}
    practices = load_practices()

    named = {s.person for s in practices.wishes}
    named |= {e.person for e in practices.led} | {r.person for r in practices.survey}
    assert named <= people


def _line(section: str, *starts: str) -> list[str]:
    """The words of the section's first line that starts with these words."""
    for line in section.splitlines():
        words = line.split()
        if words[: len(starts)] == list(starts):
            return words
    raise AssertionError(f"no line starts with {starts}")


def test_the_demo_report_shows_a_wish_that_serves_a_goal_and_one_that_does_not(report):
    wishes = report.split("Wishes to learn")[1].split("A career step")[0]
    assert (_line(wishes, "fatima.ali")[-1], _line(wishes, "xin.li")[-1]) == ("yes", "no")


def test_the_demo_report_shows_a_career_step(report):
    assert "A career step: yusuf.demir as developer would need agile 0->2" in report


def test_the_demo_report_hides_the_key_person_risk_of_a_small_unit(report):
    """The head of administration is alone in her unit: the risk shows, the counts do not."""
    risk = report.split("Key-person risk")[1].split("Potential leaders")[0]
    assert _line(risk, "care-admin", "work-environment")[2:] == ["-", "-"]


def test_the_demo_report_names_the_potential_leaders(report):
    assert "Potential leaders" in report
    assert "wilma.gran" in report.split("Potential leaders")[1].split("\n")[0]


def test_the_demo_report_shows_two_culture_waves_and_hides_small_teams(report):
    culture = report.split("Learning culture, 2026-autumn")[1].split("Managers' digest")[0]
    assert "change since 2026-spring" in culture
    north = next(
        line for line in culture.splitlines() if line.strip().startswith("homecare-north")
    )
    service = next(line for line in culture.splitlines() if line.strip().startswith("it-service"))
    assert "(+" in north
    assert set(service.split()[1:]) == {"-"}


def test_the_demo_report_gives_each_manager_a_digest(report):
    digest = report.split("Managers' digest")[1]
    assert "karin.holm" in digest
