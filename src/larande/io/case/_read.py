"""Reading CASE packages leniently, and saying what was left out."""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import json as _json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from larande import _check as check
from larande.competence import DEFAULT_SCALE, Competency, Framework, Scale
from larande.exceptions import CycleError, DuplicateIdError, ValidationError
from larande.frozenmap import FrozenMap
from larande.io.case._shared import (
    _DATE_TIME,
    EXTENSION,
    Alignment,
    _bad,
    _derived_uri,
    _is_uri,
    _text,
    is_association_type,
)

_INTEGER = re.compile(r"\s*[+-]?[0-9]{1,18}\s*")

_DEEPEST = 100  # levels of nesting a package may have (real ones have fewer than ten)
_NAMED = 8  # levels of a path an error names: deeper ones are where it starts
_LARGEST_INT_BITS = 14_000  # about 4,200 digits: what Python reads from JSON text, and less


_LAST = 10**18  # the sort key of an unnumbered sibling: after every numbered one


# The fields CASE defines on each kind of object: the 1.1 package binding, plus the links
# that the REST API adds (OpenSALT exports them inside packages too).
_FIELDS = {
    kind: frozenset(names.split())
    for kind, names in {
        "package": "CFDocument CFItems CFAssociations CFDefinitions CFRubrics extensions",
        "document": "identifier uri frameworkType caseVersion creator title lastChangeDateTime "
        "officialSourceURL publisher description subject subjectURI language version "
        "adoptionStatus statusStartDate statusEndDate licenseURI notes extensions CFPackageURI",
        "item": "identifier fullStatement alternativeLabel CFItemType uri humanCodingScheme "
        "listEnumeration abbreviatedStatement conceptKeywords conceptKeywordsURI notes subject "
        "subjectURI language educationLevel CFItemTypeURI licenseURI statusStartDate "
        "statusEndDate lastChangeDateTime extensions CFDocumentURI CFItemAssociationURI",
        "association": "identifier associationType sequenceNumber uri originNodeURI "
        "destinationNodeURI CFAssociationGroupingURI lastChangeDateTime notes extensions "
        "CFDocumentURI",
        "rubric": "identifier uri title description lastChangeDateTime CFRubricCriteria "
        "extensions",
        "criterion": "identifier uri category description CFItemURI weight position rubricId "
        "lastChangeDateTime CFRubricCriterionLevels extensions",
        "level": "identifier uri description quality score feedback position "
        "rubricCriterionId lastChangeDateTime extensions",
    }.items()
}


# Record keeping, and links back to the containing document, package or rubric: nothing a
# framework loses by leaving them out.
_BOOKKEEPING = frozenset(
    {
        "identifier", "uri", "lastChangeDateTime", "CFDocumentURI", "CFPackageURI",
        "CFItemAssociationURI", "rubricId", "rubricCriterionId",
    }
)  # fmt: skip


class IgnoreReason(enum.StrEnum):
    """Why :func:`read_case_with_notes` left something of a package out of the framework."""

    UNKNOWN_FIELD = "unknown-field"
    """A key CASE does not define (a misspelling, a vendor's field)."""
    UNUSED_FIELD = "unused-field"
    """A CASE field a framework has no place for (education level, item type, notes...)."""
    ASSOCIATION = "association"
    """An association that is neither the hierarchy nor an alignment: an unknown type, or
    one that starts outside the package's items."""
    SECOND_PARENT = "second-parent"
    """A further ``isChildOf`` of an item that already has a parent."""
    NONCONFORMING = "nonconforming"
    """A value CASE does not allow (a number as a string, a ``null``, a timestamp without
    an offset), read as well as it could be, or left out when it could not."""
    RUBRIC = "rubric"
    """A rubric or criterion that gives no scale, or names an item the package lacks."""
    CODING_SCHEME = "coding-scheme"
    """Not every item has a ``humanCodingScheme`` of its own, so ids are the identifiers."""


def _reason(value: IgnoreReason | str) -> IgnoreReason:
    return check.as_member(IgnoreReason, value)


@attrs.frozen
class Ignored:
    """Something of a CASE package that the reader did not carry into the framework.

    Alike things are reported once: ``path`` is where the first was found, ``count`` how
    many there were (an unknown field on all 16 items is one note with ``count=16``).

    Attributes:
        path: where in the package, as ``"CFItems[0].educationalLevel"``.
        reason: the kind of thing ignored, a stable code for translation.
        detail: an English sentence.
        count: how many places this applies to.
        params: the values the sentence is built from (``field``, ``suggestion``...).

    >>> str(Ignored("CFItems[0].notes", "unused-field", "no place in a framework", 16))
    'CFItems[0].notes: no place in a framework (16 in all)'
    """

    path: str = attrs.field(validator=check.text)
    reason: IgnoreReason = attrs.field(converter=_reason, validator=check.member_of(IgnoreReason))
    detail: str = attrs.field(validator=check.text)
    count: int = attrs.field(default=1, validator=check.level)
    params: FrozenMap[str, Any] = attrs.field(factory=FrozenMap, converter=check.frozen_params)

    def __str__(self) -> str:
        more = f" ({self.count} in all)" if self.count > 1 else ""
        return f"{self.path}: {self.detail}{more}"


def _ignored(value: Iterable[Ignored]) -> tuple[Ignored, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _alignments(value: Iterable[Alignment]) -> tuple[Alignment, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


@attrs.frozen
class CaseRead:
    """What :func:`read_case_with_notes` read from a package, and what it ignored.

    Attributes:
        framework: the framework.
        ignored: what did not make it into the framework, in the order first met.
        title: the document's title (``""`` if it had none).
        creator: the document's creator (``""`` if it had none).
        document_id: the document's ``identifier``.
        document_uri: the document's ``uri``, if it had one.
        alignments: the associations other than ``isChildOf`` that start from an item
            (crosswalks such as ``exactMatchOf`` and ``isRelatedTo``), in package order.

    Pass ``title``, ``creator``, ``document_id``, ``document_uri`` and ``alignments`` on to
    :func:`write_case` to write the framework back as the same document.
    """

    framework: Framework
    ignored: tuple[Ignored, ...] = attrs.field(converter=_ignored)
    title: str = ""
    creator: str = ""
    document_id: str = ""
    document_uri: str | None = None
    alignments: tuple[Alignment, ...] = attrs.field(default=(), converter=_alignments)


def _object(value: object, path: str, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _bad(path, f"expected {what} object, got {check.describe(value)}")
    return value


def _list(obj: Mapping[str, Any], key: str, path: str) -> list[Any]:
    value = obj.get(key)
    if value is not None and not isinstance(value, list):
        raise _bad(path, f"expected {key} to be a list, got {check.describe(value)}")
    return value or []


def _load(package: object) -> Mapping[str, Any]:
    if isinstance(package, str | bytes | bytearray):
        text = package.removeprefix("\ufeff") if isinstance(package, str) else package
        try:
            package = _json.loads(text, strict=False)
        except _json.JSONDecodeError as exc:
            where = f"line {exc.lineno}, column {exc.colno}"
            raise _bad(
                "", f"the CASE package is not JSON: {exc.msg} at {where}", "malformed-json"
            ) from None
        except RecursionError:
            raise _bad("", "the CASE package is nested too deeply to read", "too-deep") from None
        except (UnicodeDecodeError, ValueError) as exc:
            raise _bad("", f"the CASE package is not JSON: {exc}", "malformed-json") from None
    found = _object(package, "", "a CASE package, a JSON")
    _refuse_absurd(found)
    return found


def _refuse_absurd(package: Mapping[str, Any]) -> None:
    """Refuse what JSON text could not hold either: deep nesting, huge integers, odd keys.

    A package given as a dict gets the same answers as the same package given as text: a
    ValidationError with the path, never a RecursionError or an OverflowError later on.
    """
    stack: list[tuple[object, str, int]] = [(package, "", 0)]
    while stack:
        value, path, depth = stack.pop()
        if isinstance(value, Mapping):
            if depth >= _DEEPEST:
                raise _bad(path, f"nested more than {_DEEPEST} levels deep", "too-deep")
            for key, inner in value.items():
                if not isinstance(key, str):
                    raise _bad(path, f"expected str keys, got {check.describe(key)}")
                at = (f"{path}.{key}" if path else key) if depth < _NAMED else path
                stack.append((inner, at, depth + 1))
        elif isinstance(value, list | tuple):
            if depth >= _DEEPEST:
                raise _bad(path, f"nested more than {_DEEPEST} levels deep", "too-deep")
            stack.extend(
                (inner, f"{path}[{i}]" if depth < _NAMED else path, depth + 1)
                for i, inner in enumerate(value)
            )
        elif (
            isinstance(value, int)
            and not isinstance(value, bool)
            and value.bit_length() > _LARGEST_INT_BITS
        ):
            why = f"an integer of {value.bit_length()} bits; expected one of a few digits"
            raise _bad(path, why, "too-large")


class _Reader:
    """One reading of a package: what it found, and notes on what it ignored (private)."""

    def __init__(self) -> None:
        self.notes: dict[tuple[str, str, str], list[Any]] = {}

    def note(
        self, reason: IgnoreReason, path: str, detail: str, group: str = "", **params: Any
    ) -> None:
        key = (reason.value, group or path, detail)
        if key in self.notes:
            self.notes[key][1] += 1
        else:
            self.notes[key] = [path, 1, {k: v for k, v in params.items() if v is not None}]

    def fields(
        self, obj: Mapping[str, Any], path: str, group: str, kind: str, used: Iterable[str]
    ) -> None:
        """Note the keys of ``obj`` that are null, unknown to CASE, or not used."""
        known, used = _FIELDS[kind], frozenset(used) | _BOOKKEEPING
        for key, value in obj.items():
            at, like = f"{path}.{key}", f"{group}.{key}"
            if value is None:
                why = "null, where CASE wants a value; read as absent"
                self.note(IgnoreReason.NONCONFORMING, at, why, like, field=key)
            elif key not in known:
                close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.8)
                hint = f" (did you mean {close[0]!r}?)" if close else ""
                why = f"not a CASE field{hint}; ignored"
                extra = {"suggestion": close[0]} if close else {}
                self.note(IgnoreReason.UNKNOWN_FIELD, at, why, like, field=key, **extra)
            elif key not in used:
                why = f"{key} has no place in a framework; ignored"
                self.note(IgnoreReason.UNUSED_FIELD, at, why, like, field=key)
            elif key == "lastChangeDateTime" and not _DATE_TIME.fullmatch(str(value)):
                why = "not a date-time with a UTC offset (timestamps are not read)"
                self.note(IgnoreReason.NONCONFORMING, at, why, like, field=key)
        ext = obj.get("extensions")
        if "extensions" in used and isinstance(ext, Mapping):
            for key in ext:
                if key != EXTENSION:
                    at, like = f"{path}.extensions.{key}", f"{group}.extensions.{key}"
                    why = f"the extension {key!r} is not larande's; ignored"
                    self.note(IgnoreReason.UNUSED_FIELD, at, why, like, field=key)

    def number(self, value: object, path: str, group: str) -> int | None:
        """A sequence number or position: an int, or (noted) a str or float holding one."""
        if value is None or (isinstance(value, int) and not isinstance(value, bool)):
            return value
        read = None
        if (isinstance(value, str) and _INTEGER.fullmatch(value)) or (
            isinstance(value, float) and value.is_integer() and abs(value) < _LAST
        ):
            read = int(value)
            why = f"an integer given as a {type(value).__name__}; read as the number"
        else:
            why = "not an integer; ignored"
        self.note(IgnoreReason.NONCONFORMING, path, why, group, value=check.describe(value))
        return read

    def result(self) -> tuple[Ignored, ...]:
        return tuple(
            Ignored(path, reason, detail, count, params)
            for (reason, _, detail), (path, count, params) in self.notes.items()
        )


def read_case(package: Mapping[str, Any] | str | bytes) -> Framework:
    """A :class:`~larande.Framework` from a CASE package: a parsed dict, or JSON text.

    See the module documentation for how items become competencies, and
    :func:`read_case_with_notes` for what the reader ignored.

    Raises:
        ValidationError: the text is not JSON; the package has no ``CFDocument`` (with an
            ``identifier``) or no ``CFItems``; an item has no identifier, or shares one; an
            ``isChildOf`` association names an item the package lacks, or closes a loop
            (:class:`~larande.CycleError`); a part the reader needs is not an object or a
            list. The ``path`` says where (``"CFAssociations[3].destinationNodeURI"``).
    """
    return read_case_with_notes(package).framework


def read_case_with_notes(package: Mapping[str, Any] | str | bytes) -> CaseRead:
    """Read a CASE package like :func:`read_case`, and say what was ignored.

    >>> package = {
    ...     "CFDocument": {"identifier": "d", "title": "Care", "publisher": "Region"},
    ...     "CFItems": [{"identifier": "i1", "fullStatement": "Hygiene", "grade": "3"}],
    ... }
    >>> read = read_case_with_notes(package)
    >>> read.framework.competency("i1").name, read.title
    ('Hygiene', 'Care')
    >>> for note in read.ignored:
    ...     print(note.reason, note.path)
    unused-field CFDocument.publisher
    unknown-field CFItems[0].grade
    nonconforming CFItems[0].uri
    >>> print(read.ignored[-1])
    CFItems[0].uri: no uri, and none could be made
    """
    doc = _load(package)
    r = _Reader()
    for key in doc:
        if key not in _FIELDS["package"]:
            r.note(IgnoreReason.UNKNOWN_FIELD, key, "not a CASE field; ignored", field=key)
    if doc.get("CFDocument") is None:
        raise _bad("CFDocument", "the package has no CFDocument", "missing-field")
    document = _object(doc["CFDocument"], "CFDocument", "a CFDocument")
    doc_id, doc_uri = _text(document.get("identifier")), _text(document.get("uri"))
    if doc_id is None:
        raise _bad("CFDocument.identifier", "the CFDocument has no identifier", "missing-field")
    read = {"title", "creator", "caseVersion"}
    r.fields(document, "CFDocument", "CFDocument", "document", read)
    if doc.get("CFItems") is None:
        raise _bad("CFItems", "the package has no CFItems", "missing-field")
    items = [
        _object(item, f"CFItems[{i}]", "a CFItem")
        for i, item in enumerate(_list(doc, "CFItems", "CFItems"))
    ]
    definitions = doc.get("CFDefinitions")
    if isinstance(definitions, Mapping) and any(definitions.values()):
        why = "item types, subjects, concepts, licences and groupings are not read"
        r.note(IgnoreReason.UNUSED_FIELD, "CFDefinitions", why, field="CFDefinitions")
    if doc.get("extensions"):
        r.note(IgnoreReason.UNUSED_FIELD, "extensions", "not read", field="extensions")

    index: dict[str, int] = {}
    for i, item in enumerate(items):
        ident = _text(item.get("identifier"))
        path = f"CFItems[{i}].identifier"
        if ident is None:
            got = check.describe(item.get("identifier"))
            raise _bad(path, f"expected an item identifier, got {got}", "missing-field")
        if ident in index:
            raise DuplicateIdError("item", ident, path=path, first=f"CFItems[{index[ident]}]")
        index[ident] = i
    by_uri: dict[str, int] = {}
    for i, item in enumerate(items):
        by_uri.setdefault(_text(item.get("uri")) or "", i)
    ids = _ids(items, r)

    def find(node: object) -> int | None:
        ident = _text(node.get("identifier")) if isinstance(node, Mapping) else None
        uri = _text(node.get("uri")) if isinstance(node, Mapping) else None
        return index.get(ident or "", by_uri.get(uri or "") if uri else None)

    def is_document(node: object) -> bool:
        if not isinstance(node, Mapping):
            return False
        return node.get("identifier") == doc_id or (
            doc_uri is not None and node.get("uri") == doc_uri
        )

    parent: dict[int, int | None] = {}
    made_by: dict[int, int] = {}
    sequence: dict[int, int | None] = {}
    links: list[tuple[int, str, str, object]] = []  # origin, type, where, destination
    for k, value in enumerate(_list(doc, "CFAssociations", "CFAssociations")):
        where = f"CFAssociations[{k}]"
        a = _object(value, where, "a CFAssociation")
        kind = a.get("associationType")
        if kind != "isChildOf":
            origin = find(a.get("originNodeURI"))
            if not is_association_type(kind):
                shown = check.describe(kind)
                why = f"{shown} is not a CASE association type; ignored"
                r.note(IgnoreReason.ASSOCIATION, where, why, f"type {shown}", type=shown)
            elif origin is None:
                why = f"a {kind} association from outside the package's items; ignored"
                r.note(IgnoreReason.ASSOCIATION, where, why, f"type {kind}", type=str(kind))
            else:
                links.append((origin, str(kind), where, a.get("destinationNodeURI")))
            continue
        hierarchy = {"associationType", "sequenceNumber", "originNodeURI", "destinationNodeURI"}
        r.fields(a, where, "CFAssociations[*]", "association", hierarchy)
        origin, destination = a.get("originNodeURI"), a.get("destinationNodeURI")
        child, up = find(origin), find(destination)
        if child is None:
            why = f"isChildOf names an item the package lacks: {check.describe(origin)}"
            raise _bad(f"{where}.originNodeURI", why, "unknown-item")
        if up is None and not is_document(destination):
            why = f"isChildOf names a parent the package lacks: {check.describe(destination)}"
            raise _bad(f"{where}.destinationNodeURI", why, "unknown-item")
        number = r.number(a.get("sequenceNumber"), f"{where}.sequenceNumber", "sequenceNumber")
        if child in parent:
            first = parent[child]
            named = "the document" if first is None else repr(ids[first])
            earlier = f"CFAssociations[{made_by[child]}]"
            why = f"{ids[child]!r} already is a child of {named} ({earlier}); ignored"
            r.note(IgnoreReason.SECOND_PARENT, where, why, item=ids[child])
            continue
        parent[child], made_by[child], sequence[child] = up, k, number
    _refuse_loops(parent, made_by, ids)
    alignments: dict[Alignment, None] = {}  # in order, each once
    for origin, kind, where, destination in links:
        found = _alignment(
            ids[origin], kind, destination, find, ids, f"{where}.destinationNodeURI", r
        )
        if found is not None:
            alignments.setdefault(found)

    scales, scale_of = _read_rubrics(doc, find, ids, r)
    competencies = []
    for i in _ordered(len(items), parent, sequence):
        up = parent.get(i)
        name, validity, uri = _competency(items[i], f"CFItems[{i}]", r, doc_id, doc_uri)
        scale = scale_of.get(i, DEFAULT_SCALE.id)
        parent_id = None if up is None else ids[up]
        competencies.append(Competency(ids[i], name, parent_id, scale, validity, uri))
    if any(c.scale == DEFAULT_SCALE.id for c in competencies) and DEFAULT_SCALE.id not in {
        s.id for s in scales
    }:
        scales.insert(0, DEFAULT_SCALE)
    return CaseRead(
        Framework(competencies, scales=scales),
        r.result(),
        title=_text(document.get("title")) or "",
        creator=_text(document.get("creator")) or "",
        document_id=doc_id,
        document_uri=doc_uri,
        alignments=tuple(alignments),
    )


def _alignment(
    competency: str,
    kind: str,
    destination: object,
    find: Callable[[object], int | None],
    ids: list[str],
    where: str,
    r: _Reader,
) -> Alignment | None:
    """The alignment an association makes, or None (noted) when it cannot be kept."""
    inside = find(destination)
    if inside is not None:
        return Alignment(competency, kind, target=ids[inside])
    node = destination if isinstance(destination, Mapping) else {}
    uri, ident, title = (_text(node.get(key)) for key in ("uri", "identifier", "title"))
    if uri is not None and not _is_uri(uri):
        why = f"the destination's uri {check.describe(uri)} is not a safe absolute URI; ignored"
        r.note(IgnoreReason.NONCONFORMING, where, why, "destinationNodeURI.uri")
        return None
    if uri is None and ident is None:
        why = f"a {kind} association to nothing this reader can name; ignored"
        r.note(IgnoreReason.NONCONFORMING, where, why, "destinationNodeURI")
        return None
    return Alignment(competency, kind, uri=uri, identifier=ident, title=title)


def _ids(items: list[Mapping[str, Any]], r: _Reader) -> list[str]:
    """Every item's humanCodingScheme when all have distinct ones, else every identifier."""
    codes = [_text(item.get("humanCodingScheme")) for item in items]
    seen: dict[str, int] = {}
    for i, code in enumerate(codes):
        if code is None or code in seen:
            if any(codes):
                why = "has none" if code is None else f"is also CFItems[{seen[code]}]'s"
                detail = f"this item's code {why}, so every id is the item's identifier"
                r.note(IgnoreReason.CODING_SCHEME, f"CFItems[{i}].humanCodingScheme", detail)
            return [str(item["identifier"]) for item in items]
        seen[code] = i
    return [str(code) for code in codes]


def _refuse_loops(parent: dict[int, int | None], made_by: dict[int, int], ids: list[str]) -> None:
    done: set[int] = set()
    for start in sorted(parent):
        path: list[int] = []
        on_path: set[int] = set()
        node: int | None = start
        while node is not None and node not in done:
            if node in on_path:
                loop = [*path[path.index(node) :], node]
                where = f"CFAssociations[{made_by[loop[-2]]}]"
                raise CycleError("isChildOf", [ids[n] for n in loop], path=where)
            path.append(node)
            on_path.add(node)
            node = parent.get(node)
        done.update(path)


def _ordered(n: int, parent: dict[int, int | None], sequence: dict[int, int | None]) -> list[int]:
    """Package order, with each parent's children (and the roots) in sequence order."""
    groups: dict[int | None, list[int]] = {}
    for i in range(n):
        groups.setdefault(parent.get(i), []).append(i)
    order = list(range(n))
    for slots in groups.values():
        members = sorted(slots, key=lambda i: (_seq_key(sequence.get(i)), i))
        for slot, member in zip(slots, members, strict=True):
            order[slot] = member
    return order


def _seq_key(number: int | None) -> int:
    return _LAST if number is None else number


def _competency(
    item: Mapping[str, Any],
    path: str,
    r: _Reader,
    doc_id: str,
    doc_uri: str | None,
) -> tuple[str, dt.timedelta | None, str | None]:
    """An item's name, validity and URI."""
    used = {"fullStatement", "humanCodingScheme", "extensions"}
    name = item.get("fullStatement")
    if not isinstance(name, str):
        used.add("abbreviatedStatement")
        name = _text(item.get("abbreviatedStatement"))
        if name is None:
            why = "no fullStatement nor abbreviatedStatement; the name is empty"
            r.note(IgnoreReason.NONCONFORMING, f"{path}.fullStatement", why, "fullStatement")
    r.fields(item, path, "CFItems[*]", "item", used)
    ext = item.get("extensions")
    where = f"{path}.extensions.{EXTENSION}"
    raw = ext.get(EXTENSION) if isinstance(ext, Mapping) else None
    mine = {} if raw is None else _object(raw, where, "an")
    validity = None
    if mine.get("validity") is not None:
        from larande.io.json import parse_duration

        try:
            validity = parse_duration(mine["validity"])
        except ValidationError as err:
            raise err.at(f"{where}.validity") from None
        if validity <= dt.timedelta(0):
            why = f"expected a positive duration, got {mine['validity']!r}"
            raise _bad(f"{where}.validity", why)
    if "uri" in mine:
        uri = mine["uri"]
        if uri is not None and not _text(uri):
            why = f"expected a non-empty str or null, got {check.describe(uri)}"
            raise _bad(f"{where}.uri", why)
    elif (uri := _text(item.get("uri"))) is None or _unsafe(uri):
        given = uri
        uri = _derived_uri(str(item["identifier"]), doc_id, doc_uri)
        if given is None:
            why = f"no uri; taken to be {uri!r}" if uri else "no uri, and none could be made"
        else:
            why = "a uri with an unsafe scheme (javascript:, vbscript:, data:); ignored"
        r.note(IgnoreReason.NONCONFORMING, f"{path}.uri", why, "uri")
    return name or "", validity, uri


def _unsafe(uri: str) -> bool:
    """A URI with a scheme a link must never have (``javascript:``, ``data:``...)."""
    return _URI_LIKE.match(uri) is not None and not _is_uri(uri.strip())


_URI_LIKE = re.compile(r"\s*[A-Za-z][A-Za-z0-9+.\-]*:")


def _read_rubrics(
    doc: Mapping[str, Any], find: Callable[[object], int | None], ids: list[str], r: _Reader
) -> tuple[list[Scale], dict[int, str]]:
    """Scales from rubrics, and which item is measured on which (by its criterion)."""
    scales: list[Scale] = []
    scale_of: dict[int, str] = {}
    for n, value in enumerate(_list(doc, "CFRubrics", "CFRubrics")):
        where = f"CFRubrics[{n}]"
        rubric = _object(value, where, "a CFRubric")
        r.fields(rubric, where, "CFRubrics[*]", "rubric", {"title", "CFRubricCriteria"})
        criteria = []
        for c, entry in enumerate(_list(rubric, "CFRubricCriteria", f"{where}.CFRubricCriteria")):
            at = f"{where}.CFRubricCriteria[{c}]"
            criterion = _object(entry, at, "a CFRubricCriterion")
            used = {"CFItemURI", "CFRubricCriterionLevels"}
            r.fields(criterion, at, "CFRubricCriteria[*]", "criterion", used)
            criteria.append((at, criterion, _labels(criterion, at, r)))
        names = (_text(rubric.get("title")), _text(rubric.get("identifier")))
        taken = {s.id for s in scales}
        sid = next((s for s in names if s and s not in taken), f"rubric-{n}")
        labels = next((found for _, _, found in criteria if len(found) >= 2), None)
        if labels is None or len(set(labels)) < len(labels):
            why = "fewer than two levels" if labels is None else "two levels share a label"
            r.note(IgnoreReason.RUBRIC, where, f"{why}: not a scale", rubric=sid)
            continue
        scales.append(Scale(sid, labels))
        for at, criterion, found in criteria:
            if criterion.get("CFItemURI") is None:
                continue
            item = find(criterion["CFItemURI"])
            if item is None:
                why = "names an item the package lacks; ignored"
                r.note(IgnoreReason.RUBRIC, f"{at}.CFItemURI", why, "CFItemURI")
            elif found and found != labels:
                why = f"its levels differ from the rubric's; {ids[item]!r} is not put on it"
                r.note(IgnoreReason.RUBRIC, at, why, item=ids[item])
            elif item in scale_of:
                why = f"{ids[item]!r} is already measured on {scale_of[item]!r}; ignored"
                r.note(IgnoreReason.RUBRIC, at, why, item=ids[item])
            else:
                scale_of[item] = sid
    return scales, scale_of


def _labels(criterion: Mapping[str, Any], path: str, r: _Reader) -> list[str]:
    """A criterion's level labels, in order (position, else score, else as given)."""
    levels: list[tuple[int, float, int, str]] = []
    key = "CFRubricCriterionLevels"
    for n, entry in enumerate(_list(criterion, key, f"{path}.{key}")):
        at = f"{path}.{key}[{n}]"
        level = _object(entry, at, "a CFRubricCriterionLevel")
        label = _text(level.get("quality"))
        used = {"quality", "position", "score", *(() if label else ("description",))}
        label = label or _text(level.get("description"))
        r.fields(level, at, f"{key}[*]", "level", used)
        if label is None:
            r.note(IgnoreReason.RUBRIC, at, "a level without quality or description", key)
            continue
        position = r.number(level.get("position"), f"{at}.position", "position")
        levels.append((_seq_key(position), _score(level.get("score"), n), n, label))
    return [label for *_, label in sorted(levels)]


def _score(score: object, n: int) -> float:
    """A level's score as a sort key; one that is not a finite number counts as its place."""
    if isinstance(score, bool) or not isinstance(score, int | float):
        return float(n)
    try:
        number = float(score)
    except OverflowError:
        return float(n)
    return number if math.isfinite(number) else float(n)
