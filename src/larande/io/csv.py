r"""Units, people, roles and assessments from the CSV exports HR and LMS systems produce.

The library reads no files itself: pass the CSV text, or the lines of a file you opened
(``open(path, newline="", encoding="utf-8")``). Each reader has a documented column layout
whose header names you can change (``columns={"id": "employee_id"}``), and every error names
the file, the row (the header is row 1) and the column.

The delimiter is read from the header row: a comma, or a semicolon as Excel writes CSV where
the decimal separator is a comma (Swedish, German, French settings), or a tab or a ``|``,
whichever the header holds most of; pass ``delimiter=";"`` to say it yourself. Where the
delimiter is a semicolon, a weight may have a decimal comma (``1,5``). Days are ISO 8601
(``2026-01-12``) and nothing else, as in JSON documents; levels and numbers are ASCII
digits. A leading byte order mark is skipped.

>>> read_units("id;name;parent\nhomecare;Home care;\n")
(Unit(id='homecare', name='Home care', parent=None),)

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
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

from larande import _check as check
from larande.competence import Assessment, Framework, Requirement, Role
from larande.exceptions import ValidationError
from larande.organization import Organization, Person, Unit

__all__ = [
    "ASSESSMENT_COLUMNS",
    "DELIMITERS",
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

DELIMITERS = (",", ";", "\t", "|")
"""The delimiters a header row is sniffed for, in the order that breaks a tie."""

_OPTIONS = frozenset({"unit_columns", "people_columns", "role_columns", "roles_separator"})
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INT = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")


def _check_columns(columns: object, layout: tuple[str, ...]) -> Mapping[str, str]:
    """The ``columns`` argument, checked: a mapping of layout fields to header names."""
    if columns is None:
        return {}
    if not isinstance(columns, Mapping):
        raise ValidationError(
            f"expected a mapping of field -> header name, got {check.describe(columns)}",
            path="columns",
        )
    for field, title in columns.items():
        if field not in layout:
            raise ValidationError(
                f"unknown field {check.describe(field)} in columns; expected some of "
                f"{list(layout)}",
                path="columns",
            )
        if not isinstance(title, str) or not title.strip():
            raise ValidationError(
                f"expected a header name (a non-empty str), got {check.describe(title)}",
                path=f"columns[{field!r}]",
            )
    return columns


def _sniff(line: object) -> str:
    """The delimiter a header line uses most (outside quotes); a comma if none."""
    if not isinstance(line, str):
        return ","
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in line:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(DELIMITERS, key=lambda d: (counts[d], -DELIMITERS.index(d)))
    return best if counts[best] else ","


def _check_delimiter(delimiter: object) -> str | None:
    if delimiter is None:
        return None
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in '"\r\n':
        raise ValidationError(
            "expected one character that is not a quote or a line break (or None to sniff "
            f"it), got {check.describe(delimiter)}",
            path="delimiter",
        )
    return delimiter


def _rows(
    source: str | Iterable[str],
    name: str,
    layout: tuple[str, ...],
    columns: Mapping[str, str] | None,
    delimiter: str | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (row number, {layout field: cell}) for every non-empty row."""
    if not isinstance(name, str) or not name:
        raise ValidationError(
            f"expected a file name (a non-empty str), got {check.describe(name)}", path="name"
        )
    given: object = source  # typed loosely: callers may pass anything
    if isinstance(given, str):
        lines: Iterator[Any] = io.StringIO(given.removeprefix("\ufeff"))
    elif isinstance(given, bytes | bytearray):
        raise ValidationError(
            "expected CSV text or lines, got bytes; decode them first (bytes.decode('utf-8-sig'))",
            path=name,
        )
    elif isinstance(given, Iterable) and not isinstance(given, Mapping):
        lines = iter(given)
    else:
        raise ValidationError(
            f"expected CSV text or lines, got {check.describe(given)}", path=name
        )
    columns = _check_columns(columns, layout)
    header_of = {f: columns.get(f, f) for f in layout}
    chosen = _check_delimiter(delimiter)
    first = next(lines, None)
    if isinstance(first, str):
        first = first.removeprefix("\ufeff")
    if chosen is None:
        chosen = _sniff(first)
    reader = _csv.reader(
        itertools.chain([] if first is None else [first], lines), delimiter=chosen
    )
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
    if not _INT.fullmatch(text) or len(text) > 18:
        raise ValueError(text)
    return int(text)


def _number(text: str) -> float:
    """A decimal number: ASCII digits, a decimal point or comma, no exponent or 'nan'."""
    if not _DECIMAL.fullmatch(text) or len(text) > 40:
        raise ValueError(text)
    return float(text.replace(",", "."))


def _day(text: str) -> dt.date:
    """An ISO 8601 day, ``YYYY-MM-DD``, as JSON documents have them (no other forms)."""
    if not _DAY.fullmatch(text):
        raise ValueError(text)
    return dt.date.fromisoformat(text)


def read_units(
    source: str | Iterable[str],
    *,
    columns: Mapping[str, str] | None = None,
    name: str = "units.csv",
    delimiter: str | None = None,
) -> tuple[Unit, ...]:
    """Units from CSV (see :data:`UNIT_COLUMNS`); ``delimiter`` sniffed when ``None``."""
    out = []
    for row, f in _rows(source, name, UNIT_COLUMNS, columns, delimiter):
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
    delimiter: str | None = None,
) -> tuple[Person, ...]:
    """People from CSV (see :data:`PEOPLE_COLUMNS`); roles split on ``roles_separator``.

    With a ``;`` delimiter (Excel's, where the decimal separator is a comma), a cell holding
    several roles is quoted (``"nurse;mentor"``), or the roles are separated by another
    character: pass ``roles_separator="|"``, say.
    """
    if not isinstance(roles_separator, str) or not roles_separator:
        raise ValidationError(
            f"expected a non-empty str, got {check.describe(roles_separator)}",
            path="roles_separator",
        )
    out = []
    for row, f in _rows(source, name, PEOPLE_COLUMNS, columns, delimiter):
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
    delimiter: str | None = None,
) -> tuple[Role, ...]:
    """Roles from CSV, one row per requirement (see :data:`ROLE_COLUMNS`)."""
    names: dict[str, str] = {}
    requirements: dict[str, list[Requirement]] = {}
    first_row: dict[str, int] = {}
    for row, f in _rows(source, name, ROLE_COLUMNS, columns, delimiter):
        role = f.get("role", "")
        if not role:
            raise ValidationError(
                "missing value; expected a role id",
                path=_at(name, row, (columns or {}).get("role", "role")),
            )
        names.setdefault(role, f.get("role_name") or role)
        first_row.setdefault(role, row)
        level = _cell(name, row, f, "level", columns, _int, "an integer")
        weight = _cell(name, row, f, "weight", columns, _number, "a number")
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
    delimiter: str | None = None,
) -> tuple[Assessment, ...]:
    """Assessments from CSV (see :data:`ASSESSMENT_COLUMNS`)."""
    out = []
    for row, f in _rows(source, name, ASSESSMENT_COLUMNS, columns, delimiter):
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

    ``options`` may hold ``unit_columns``, ``people_columns``, ``role_columns``,
    ``roles_separator`` and ``delimiter`` (one for all three files; each is sniffed by
    default); any other option is refused. Reference errors (a person in an unknown unit)
    keep the paths of :class:`~larande.Organization` (``"people[3].unit"``: the fourth data
    row).
    """
    unknown = sorted(set(options) - _OPTIONS - {"delimiter"})
    if unknown:
        raise ValidationError(
            f"unknown options {unknown}; expected some of {sorted(_OPTIONS | {'delimiter'})}",
            path=unknown[0],
        )
    delimiter = options.get("delimiter")
    return Organization(
        read_units(units, columns=options.get("unit_columns"), delimiter=delimiter),
        read_people(
            people,
            columns=options.get("people_columns"),
            roles_separator=options.get("roles_separator", ";"),
            delimiter=delimiter,
        ),
        read_roles(roles, columns=options.get("role_columns"), delimiter=delimiter),
        framework,
    )
