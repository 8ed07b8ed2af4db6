"""CSV as spreadsheets write it: Swedish Excel's semicolons, tabs, strict days, bad arguments."""

from __future__ import annotations

import datetime as dt

import pytest

from larande import Competency, Framework, ValidationError
from larande.io.csv import (
    read_assessments,
    read_organization,
    read_people,
    read_roles,
    read_units,
)

FRAMEWORK = Framework([Competency(c, c) for c in ("hlr", "lakemedel", "coaching")])

# What Excel writes with Swedish settings ("CSV UTF-8"): a byte order mark, semicolons,
# CRLF line ends, decimal commas, quoted cells where a cell holds the delimiter.
EXCEL_UNITS = "\ufeffid;name;parent\r\nomsorg;Hemtjänst;\r\nnorr;Team Norr;omsorg\r\n"
EXCEL_PEOPLE = (
    "\ufeffid;name;unit;roles;manager\r\n"
    "karin;Karin Lund;omsorg;chef;\r\n"
    'anna;Anna Berg;norr;"underskoterska;handledare";karin\r\n'
)
EXCEL_ROLES = (
    "\ufeffrole;role_name;competency;level;weight;effective\r\n"
    "underskoterska;Undersköterska;hlr;1;1,5;\r\n"
    "underskoterska;Undersköterska;lakemedel;2;;2026-04-01\r\n"
    "handledare;Handledare;coaching;2;0,5;\r\n"
    "chef;Enhetschef;coaching;3;;\r\n"
)


def test_a_swedish_excel_export_makes_an_organisation():
    org = read_organization(
        units=EXCEL_UNITS, people=EXCEL_PEOPLE, roles=EXCEL_ROLES, framework=FRAMEWORK
    )
    assert org.person("anna").roles == ("underskoterska", "handledare")


def test_a_decimal_comma_in_a_weight_is_read_as_a_decimal():
    weights = {
        (r.id, q.competency): q.weight for r in read_roles(EXCEL_ROLES) for q in r.requirements
    }
    assert weights == {
        ("underskoterska", "hlr"): 1.5,
        ("underskoterska", "lakemedel"): 1.0,
        ("handledare", "coaching"): 0.5,
        ("chef", "coaching"): 1.0,
    }


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_the_delimiter_is_sniffed_from_the_header(delimiter):
    text = delimiter.join(["person", "competency", "level", "on"]) + "\n"
    text += delimiter.join(["anna", "hlr", "2", "2026-01-12"]) + "\n"
    assert [(a.person, a.level) for a in read_assessments(text)] == [("anna", 2)]


def test_the_delimiter_is_sniffed_from_the_lines_of_an_open_file_too():
    lines = iter(["id;name;parent\n", "omsorg;Hemtjänst;\n"])
    assert [u.id for u in read_units(lines)] == ["omsorg"]


def test_a_delimiter_inside_quotes_in_the_header_does_not_count():
    text = '"id;x",name,parent\nomsorg,Hemtjänst,\n'
    assert [u.name for u in read_units(text, columns={"id": "id;x"})] == ["Hemtjänst"]


def test_a_host_may_name_the_delimiter():
    """A one-column header has nothing to sniff; the host says what the rest uses."""
    text = "id\tname\nomsorg\tHemtjänst\n"
    assert [u.name for u in read_units(text, delimiter="\t")] == ["Hemtjänst"]


def test_an_organisation_may_be_read_with_one_delimiter_for_all_files():
    org = read_organization(
        units=EXCEL_UNITS, people=EXCEL_PEOPLE, roles=EXCEL_ROLES, framework=FRAMEWORK,
        delimiter=";",
    )  # fmt: skip
    assert [p.id for p in org.members("omsorg")] == ["anna", "karin"]


@pytest.mark.parametrize(
    "day",
    [
        "2026010100",
        "20260112",
        "2026-W03-1",
        "2026-1-12",
        "12/01/2026",
        "\uff12\uff10\uff12\uff16-\uff10\uff11-\uff11\uff12",
    ],
)
def test_a_day_is_read_only_as_iso_8601_yyyy_mm_dd(day):
    """As strictly as a JSON document: '2026010100' is not a day, whatever Python thinks."""
    with pytest.raises(ValidationError) as err:
        read_assessments(f"person,competency,level,on\nanna,hlr,1,{day}\n")
    assert err.value.path == "assessments.csv row 2, column 'on'"


@pytest.mark.parametrize("level", ["\u0661", "\u00b2", "1.0", "1e2", " ", "9" * 5000])
def test_a_level_is_ascii_digits_only(level):
    with pytest.raises(ValidationError) as err:
        read_assessments(f'person,competency,level,on\nanna,hlr,"{level}",2026-01-12\n')
    assert err.value.path.startswith("assessments.csv row 2, column 'level'")


@pytest.mark.parametrize("weight", ["nan", "inf", "1e400", "1_000", "1,5,0", "\u0663"])
def test_a_weight_that_is_not_a_plain_decimal_is_refused(weight):
    with pytest.raises(ValidationError) as err:
        read_roles(f'role,role_name,competency,level,weight\nnurse,Nurse,hlr,1,"{weight}"\n')
    assert err.value.path == "roles.csv row 2, column 'weight'"


def test_a_day_read_is_the_day_written():
    (found,) = read_assessments("person;competency;level;on\nanna;hlr;1;2026-01-12\n")
    assert found.on == dt.date(2026, 1, 12)


# -- bad arguments are validation errors --------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "path"),
    [
        (lambda: read_units("id,name\n", columns=["id"]), "columns"),
        (lambda: read_units("id,name\n", columns={"id": 3}), "columns['id']"),
        (lambda: read_units("id,name\n", columns={"id": ""}), "columns['id']"),
        (lambda: read_units("id,name\n", columns={1: "x"}), "columns"),
        (lambda: read_units("id,name\n", columns={"colour": "x"}), "columns"),
        (lambda: read_units("id,name\n", delimiter=";;"), "delimiter"),
        (lambda: read_units("id,name\n", delimiter='"'), "delimiter"),
        (lambda: read_units("id,name\n", delimiter=b","), "delimiter"),
        (lambda: read_units("id,name\n", name=None), "name"),
        (lambda: read_units(b"id,name\n"), "units.csv"),
        (lambda: read_units({"id": "x"}), "units.csv"),
        (lambda: read_people("id,name,unit\n", roles_separator=""), "roles_separator"),
        (
            lambda: read_organization(
                units="id,name\n", people="id,name,unit\n", roles="role\n",
                framework=FRAMEWORK, people_column={"id": "x"},
            ),
            "people_column",
        ),
    ],
)  # fmt: skip
def test_a_bad_argument_is_a_validation_error_naming_it(call, path):
    with pytest.raises(ValidationError) as err:
        call()
    assert err.value.path == path


def test_lines_that_are_not_text_are_a_validation_error_at_the_first_row():
    with pytest.raises(ValidationError) as err:
        read_units([b"id,name\n"])
    assert err.value.path == "units.csv row 1"
