"""Reading HR and LMS CSV exports: layouts, renamed headers, and errors with row and column."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from larande import Competency, Framework, UnknownIdError, ValidationError
from larande.io.csv import (
    read_assessments,
    read_organization,
    read_people,
    read_roles,
    read_units,
)

UNITS = "id,name,parent\ncare,Care,\nnorth,Team North,care\n"
PEOPLE = (
    "id,name,unit,roles,manager\nkarin,Karin,care,manager,\nanna,Anna,north,nurse;mentor,karin\n"
)
ROLES = (
    "role,role_name,competency,level,weight,effective\n"
    "nurse,Nurse,cpr,1,2,\n"
    "manager,Manager,coaching,3,,\n"
    "nurse,Nurse,medication,3,,2026-04-01\n"
    "mentor,Mentor,coaching,2,,\n"
)
FRAMEWORK = Framework([Competency(c, c) for c in ("cpr", "medication", "coaching")])


def test_units_people_and_roles_make_an_organisation():
    org = read_organization(units=UNITS, people=PEOPLE, roles=ROLES, framework=FRAMEWORK)
    assert [p.id for p in org.members("care")] == ["anna", "karin"]
    assert org.person("anna").roles == ("nurse", "mentor")
    assert org.person("anna").manager == "karin"


def test_requirements_of_one_role_are_gathered_from_any_rows():
    nurse = next(r for r in read_roles(ROLES) if r.id == "nurse")
    assert [(q.competency, q.level, q.weight, q.effective) for q in nurse.requirements] == [
        ("cpr", 1, 2.0, None),
        ("medication", 3, 1.0, dt.date(2026, 4, 1)),
    ]


def test_header_names_can_be_renamed():
    text = "employee,skill,grade,date\nanna,cpr,1,2026-01-12\n"
    got = read_assessments(
        text, columns={"person": "employee", "competency": "skill", "level": "grade", "on": "date"}
    )
    assert [(a.person, a.level, a.on) for a in got] == [("anna", 1, dt.date(2026, 1, 12))]


def test_lines_of_an_open_file_are_read_too():
    assert len(read_units(io.StringIO(UNITS))) == 2


def test_blank_rows_are_skipped_and_row_numbers_stay_true():
    with pytest.raises(ValidationError) as err:
        read_assessments("person,competency,level,on\n\nanna,cpr,1,2026-13-01\n")
    assert err.value.path == "assessments.csv row 3, column 'on'"


@pytest.mark.parametrize(
    ("text", "path"),
    [
        (
            "person,competency,level,on\nanna,cpr,-1,2026-01-12\n",
            "assessments.csv row 2, column 'level'",
        ),
        (
            "person,competency,level,on\n,cpr,1,2026-01-12\n",
            "assessments.csv row 2, column 'person'",
        ),
        (
            "person,competency,level,on\nanna,cpr,1,12/01/2026\n",
            "assessments.csv row 2, column 'on'",
        ),
    ],
)
def test_a_bad_cell_is_reported_by_row_and_column(text, path):
    with pytest.raises(ValidationError) as err:
        read_assessments(text)
    assert err.value.path == path


def test_a_renamed_column_is_named_as_the_file_has_it():
    with pytest.raises(ValidationError) as err:
        read_assessments(
            "who,competency,level,on\nanna,cpr,x,2026-01-12\n", columns={"person": "who"}
        )
    assert err.value.path == "assessments.csv row 2, column 'level'"


def test_a_missing_required_column_is_refused_at_the_header():
    with pytest.raises(ValidationError, match="no column 'unit'") as err:
        read_people("id,name\nanna,Anna\n")
    assert err.value.path == "people.csv row 1"


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError, match="empty"):
        read_units("")


def test_a_person_in_an_unknown_unit_is_refused_with_the_organisations_path():
    people = "id,name,unit\nanna,Anna,south\n"
    with pytest.raises(UnknownIdError) as err:
        read_organization(units=UNITS, people=people, roles=ROLES, framework=FRAMEWORK)
    assert err.value.path == "people[0].unit"


def test_something_that_is_not_csv_is_refused():
    with pytest.raises(ValidationError):
        read_units(42)  # type: ignore[arg-type]
