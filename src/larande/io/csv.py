r"""Units, people, roles and assessments from the CSV exports HR and LMS systems produce.

The library reads no files itself: pass the CSV text, or the lines of a file you opened
(``open(path, newline="", encoding="utf-8")``). Each reader has a documented column layout
whose header names you can change (``columns={"id": "employee_id"}``), and every error names
the file, the row (the header is row 1) and the column:

>>> read_units("id,name,parent\nhomecare,Home care,\nnorth,Team North,homecare\n")
(Unit(id='homecare', name='Home care', parent=None), Unit(id='north', name='Team North', parent='homecare'))
>>> read_assessments("person,competency,level,on\nanna,cpr,two,2026-01-12\n")
Traceback (most recent call last):
...
larande.exceptions.ValidationError: assessments.csv row 2, column 'level': expected an integer, got 'two'
"""  # noqa: E501

from __future__ import annotations

import csv as _csv
import datetime as dt
import io
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

from larande import _check as check
from larande.competence import Assessment, Framework, Requirement, Role
from larande.exceptions import ValidationError
from larande.organization import Organization, Person, Unit

__all__ = [
    "ASSESSMENT_COLUMNS",
    "PEOPLE_COLUMNS",
    "ROLE_COLUMNS",
    "UNIT_COLUMNS",
    "read_assessments",
    "read_organization",
    "read_people",
    "read_roles",
    "read_units",
]

T = TypeVar("T")

UNIT_COLUMNS = ("id", "name", "parent")
"""units.csv: the unit's id, its name, and its parent's id (empty at the top)."""

PEOPLE_COLUMNS = ("id", "name", "unit", "roles", "manager")
"""people.csv: id, name, unit id, role ids (separated by ``;``), manager's id (or empty)."""

ROLE_COLUMNS = ("role", "role_name", "competency", "level", "weight", "effective")
"""roles.csv: one row per requirement: role id and name, competency, level, and optionally
weight (default 1) and effective (the ISO day it applies from). Rows of one role need not
be next to each other."""

ASSESSMENT_COLUMNS = ("person", "competency", "level", "on", "source", "id")
"""assessments.csv: person, competency, level, day (ISO 8601), and optionally source
(default ``manager``) and the host's id."""

_OPTIONAL = {"parent", "manager", "roles", "weight", "effective", "source", "id", "role_name"}


def _rows(
    source: str | Iterable[str],
    name: str,
    layout: tuple[str, ...],
    columns: Mapping[str, str] | None,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number, {layout field: cell}) for every non-empty row."""
    if isinstance(source, str):
        lines: Iterable[str] = io.StringIO(source)
    elif isinstance(source, Iterable):
        lines = source
    else:
        raise ValidationError(
            f"expected CSV text or lines, got {check.describe(source)}", path=name
        )
    header_of = {f: (columns or {}).get(f, f) for f in layout}
    unknown = sorted(set(columns or {}) - set(layout))
    if unknown:
        raise ValidationError(
            f"unknown fields in columns: {unknown}; expected some of {list(layout)}",
            path="columns",
        )
    reader = _csv.reader(lines)
    try:
        header = next(reader)
    except StopIteration:
        raise ValidationError(f"{name} is empty; expected a header row", path=name) from None
    except _csv.Error as exc:
        raise ValidationError(f"{name} row 1: {exc}", path=f"{name} row 1") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    where: dict[str, int] = {}
    for field, title in header_of.items():
        if title in header:
            where[field] = header.index(title)
        elif field not in _OPTIONAL:
            raise ValidationError(
                f"{name} has no column {title!r}; its header is {header}",
                path=f"{name} row 1",
                code="missing-column",
                params={"column": title},
            )
    row_no = 1
    try:
        for cells in reader:
            row_no += 1
            if not any(c.strip() for c in cells):
                continue
            yield (
                row_no,
                {f: (cells[i].strip() if i < len(cells) else "") for f, i in where.items()},
            )
    except _csv.Error as exc:
        raise ValidationError(
            f"{name} row {row_no + 1}: {exc}", path=f"{name} row {row_no + 1}"
        ) from None


def _at(name: str, row: int, column: str) -> str:
    return f"{name} row {row}, column {column!r}"


def _cell(
    name: str,
    row: int,
    fields: dict[str, str],
    field: str,
    header: Mapping[str, str] | None,
    convert: Callable[[str], T],
    expected: str,
) -> T | None:
    text = fields.get(field, "")
    if not text:
        if field in _OPTIONAL:
            return None
        raise ValidationError(
            f"missing value; expected {expected}",
            path=_at(name, row, (header or {}).get(field, field)),
        )
    try:
        return convert(text)
    except ValueError:
        raise ValidationError(
            f"expected {expected}, got {text!r}",
            path=_at(name, row, (header or {}).get(field, field)),
        ) from None


def _build(
    name: str, row: int, header: Mapping[str, str] | None, make: Callable[..., T], *args: Any
) -> T:
    """``make(*args)``, its field errors turned into row-and-column errors."""
    try:
        return make(*args)
    except ValidationError as err:
        field = err.path.split("[")[0].split(".")[0] if err.path else ""
        column = (header or {}).get(field, field)
        raise ValidationError(
            err.message,
            path=_at(name, row, column) if column else f"{name} row {row}",
            code=err.code,
            params=err.params,
        ) from None


def _int(text: str) -> int:
    if not text.lstrip("-").isdigit():
        raise ValueError(text)
    return int(text)


def _day(text: str) -> dt.date:
    if len(text) != 10:
        raise ValueError(text)
    return dt.date.fromisoformat(text)


def read_units(
    source: str | Iterable[str],
    *,
    columns: Mapping[str, str] | None = None,
    name: str = "units.csv",
) -> tuple[Unit, ...]:
    """Units from CSV (see :data:`UNIT_COLUMNS`)."""
    out = []
    for row, f in _rows(source, name, UNIT_COLUMNS, columns):
        out.append(
            _build(
                name,
                row,
                columns,
                lambda f=f: Unit(f.get("id", ""), f.get("name", ""), f.get("parent") or None),
            )
        )
    return tuple(out)


def read_people(
    source: str | Iterable[str],
    *,
    columns: Mapping[str, str] | None = None,
    roles_separator: str = ";",
    name: str = "people.csv",
) -> tuple[Person, ...]:
    """People from CSV (see :data:`PEOPLE_COLUMNS`); roles split on ``roles_separator``."""
    out = []
    for row, f in _rows(source, name, PEOPLE_COLUMNS, columns):
        roles = tuple(r.strip() for r in f.get("roles", "").split(roles_separator) if r.strip())
        out.append(
            _build(
                name,
                row,
                columns,
                lambda f=f, roles=roles: Person(
                    f.get("id", ""),
                    f.get("name", ""),
                    f.get("unit", ""),
                    roles,
                    f.get("manager") or None,
                ),
            )
        )
    return tuple(out)


def read_roles(
    source: str | Iterable[str],
    *,
    columns: Mapping[str, str] | None = None,
    name: str = "roles.csv",
) -> tuple[Role, ...]:
    """Roles from CSV, one row per requirement (see :data:`ROLE_COLUMNS`)."""
    names: dict[str, str] = {}
    requirements: dict[str, list[Requirement]] = {}
    first_row: dict[str, int] = {}
    for row, f in _rows(source, name, ROLE_COLUMNS, columns):
        role = f.get("role", "")
        if not role:
            raise ValidationError(
                "missing value; expected a role id",
                path=_at(name, row, (columns or {}).get("role", "role")),
            )
        names.setdefault(role, f.get("role_name") or role)
        first_row.setdefault(role, row)
        level = _cell(name, row, f, "level", columns, _int, "an integer")
        weight = _cell(name, row, f, "weight", columns, float, "a number")
        effective = _cell(name, row, f, "effective", columns, _day, "an ISO 8601 date")
        requirement = _build(
            name,
            row,
            columns,
            Requirement,
            f.get("competency", ""),
            level,
            1.0 if weight is None else weight,
            effective,
        )
        requirements.setdefault(role, []).append(requirement)
    return tuple(
        _build(name, first_row[r], columns, Role, r, names[r], requirements[r]) for r in names
    )


def read_assessments(
    source: str | Iterable[str],
    *,
    columns: Mapping[str, str] | None = None,
    name: str = "assessments.csv",
) -> tuple[Assessment, ...]:
    """Assessments from CSV (see :data:`ASSESSMENT_COLUMNS`)."""
    out = []
    for row, f in _rows(source, name, ASSESSMENT_COLUMNS, columns):
        level = _cell(name, row, f, "level", columns, _int, "an integer")
        on = _cell(name, row, f, "on", columns, _day, "an ISO 8601 date (YYYY-MM-DD)")
        out.append(
            _build(
                name,
                row,
                columns,
                Assessment,
                f.get("person", ""),
                f.get("competency", ""),
                level,
                on,
                f.get("source") or "manager",
                f.get("id") or None,
            )
        )
    return tuple(out)


def read_organization(
    *,
    units: str | Iterable[str],
    people: str | Iterable[str],
    roles: str | Iterable[str],
    framework: Framework,
    **options: Any,
) -> Organization:
    """An :class:`~larande.Organization` from the units, people and roles CSVs.

    ``options`` may hold ``unit_columns``, ``people_columns``, ``role_columns`` and
    ``roles_separator``. Reference errors (a person in an unknown unit) keep the paths of
    :class:`~larande.Organization` (``"people[3].unit"``: the fourth data row).
    """
    return Organization(
        read_units(units, columns=options.get("unit_columns")),
        read_people(
            people,
            columns=options.get("people_columns"),
            roles_separator=options.get("roles_separator", ";"),
        ),
        read_roles(roles, columns=options.get("role_columns")),
        framework,
    )
