"""Competency frameworks as 1EdTech CASE packages: read leniently, written strictly.

:func:`read_case` turns a CASE 1.0/1.1 ``CFPackage`` into a :class:`~larande.Framework`:
items become competencies, ``isChildOf`` associations the hierarchy, rubrics (when an item
names its scale) the scales, and each item's ``uri`` is kept in ``Competency.uri`` so the
framework can be written back. Real exports are messy; the reader copes and says what it
ignored (:func:`read_case_with_notes`). :func:`write_case` writes a package that validates
against the official CASE 1.1 schema, deterministically: identifiers are derived UUIDs and
every timestamp is the one you pass.

>>> import datetime as dt
>>> from larande import Competency, Framework
>>> fw = Framework([Competency("care", "Care"), Competency("cpr", "CPR", parent="care")])
>>> package = write_case(fw, title="Care", last_change=dt.datetime(2026, 1, 12, tzinfo=dt.UTC))
>>> package["CFDocument"]["caseVersion"], len(package["CFItems"])
('1.1', 2)
>>> read_case(package) == fw
True
"""

from __future__ import annotations

import datetime as dt
import json as _json
import re
import uuid
from collections.abc import Mapping
from typing import Any

import attrs

from larande import _check as check
from larande.competence import DEFAULT_SCALE, Competency, Framework, Scale
from larande.exceptions import LarandeError, ValidationError

__all__ = ["NAMESPACE", "CaseRead", "read_case", "read_case_with_notes", "write_case"]

NAMESPACE = uuid.UUID("6f1f4a8e-6c1e-5d0f-9a57-6c61726e6465")
"""The UUID namespace larande derives CASE identifiers in (uuid5)."""

_EXTENSION = "larande"
_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


@attrs.frozen
class CaseRead:
    """What :func:`read_case_with_notes` read, and what it ignored, in sentences."""

    framework: Framework
    ignored: tuple[str, ...]


def _load(package: object) -> dict[str, Any]:
    if isinstance(package, str | bytes | bytearray):
        try:
            package = _json.loads(package, strict=False)
        except (_json.JSONDecodeError, UnicodeDecodeError, RecursionError) as exc:
            raise ValidationError(
                f"the CASE package is not JSON: {exc}", code="malformed-json"
            ) from None
    if not isinstance(package, Mapping):
        raise ValidationError(
            f"expected a CASE package, a JSON object, got {check.describe(package)}",
            code="not-a-package",
        )
    return dict(package)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _node_id(node: object) -> tuple[str | None, str | None]:
    if not isinstance(node, Mapping):
        return None, None
    return _text(node.get("identifier")), _text(node.get("uri"))


def read_case(package: Mapping[str, Any] | str | bytes) -> Framework:
    """A :class:`~larande.Framework` from a CASE package (a parsed dict, or JSON text).

    Raises:
        ValidationError: not JSON; no ``CFDocument`` or ``CFItems``; an item without an
            identifier, or two with one; an ``isChildOf`` association naming an item the
            package lacks. The path names the place (``"CFAssociations[3].originNodeURI"``).
    """
    return read_case_with_notes(package).framework


def read_case_with_notes(package: Mapping[str, Any] | str | bytes) -> CaseRead:
    """Like :func:`read_case`, with a sentence for everything the reader ignored.

    Competency ids are the items' ``humanCodingScheme`` when every item has a distinct one,
    else their ``identifier``; names are ``fullStatement`` (else ``abbreviatedStatement``).
    Siblings are ordered by the ``sequenceNumber`` of their ``isChildOf`` association
    (numbers given as strings are read), then by the order of the items. An item with
    several parents keeps the first; associations of other types are not part of the
    hierarchy and are counted among the ignored.
    """
    doc = _load(package)
    notes: list[str] = []
    if not isinstance(doc.get("CFDocument"), Mapping):
        raise ValidationError(
            "the package has no CFDocument", path="CFDocument", code="missing-field"
        )
    items = doc.get("CFItems")
    if not isinstance(items, list):
        raise ValidationError(
            "the package has no CFItems list", path="CFItems", code="missing-field"
        )
    document_id, document_uri = _node_id(doc["CFDocument"])
    by_identifier: dict[str, int] = {}
    by_uri: dict[str, int] = {}
    for i, item in enumerate(items):
        if not isinstance(item, Mapping) or not _text(item.get("identifier")):
            raise ValidationError(
                "expected an item with an identifier", path=f"CFItems[{i}].identifier"
            )
        ident = item["identifier"]
        if ident in by_identifier:
            raise ValidationError(
                f"two items have the identifier {ident!r}",
                path=f"CFItems[{i}].identifier",
                code="duplicate-id",
            )
        by_identifier[ident] = i
        if _text(item.get("uri")):
            by_uri[item["uri"]] = i
    codes = [_text(item.get("humanCodingScheme")) for item in items]
    use_codes = all(codes) and len(set(codes)) == len(codes)
    ids: list[str] = [
        str(codes[i]) if use_codes else str(items[i]["identifier"]) for i in range(len(items))
    ]

    def find(node: object) -> int | None:
        ident, uri = _node_id(node)
        if ident is not None and ident in by_identifier:
            return by_identifier[ident]
        if uri is not None and uri in by_uri:
            return by_uri[uri]
        return None

    def is_document(node: object) -> bool:
        ident, uri = _node_id(node)
        return (ident is not None and ident == document_id) or (
            uri is not None and uri == document_uri
        )

    parent: dict[int, int | None] = {}
    order: dict[int, tuple[int, int]] = {}
    skipped: dict[str, int] = {}
    associations = doc.get("CFAssociations") or []
    if not isinstance(associations, list):
        raise ValidationError("expected CFAssociations to be a list", path="CFAssociations")
    for k, a in enumerate(associations):
        where = f"CFAssociations[{k}]"
        if not isinstance(a, Mapping):
            raise ValidationError("expected an association object", path=where)
        kind = a.get("associationType")
        if kind != "isChildOf":
            skipped[str(kind)] = skipped.get(str(kind), 0) + 1
            continue
        child = find(a.get("originNodeURI"))
        if child is None:
            raise ValidationError(
                "isChildOf names an item the package does not have",
                path=f"{where}.originNodeURI",
                code="unknown-item",
            )
        destination = a.get("destinationNodeURI")
        up = find(destination)
        if up is None and not is_document(destination):
            raise ValidationError(
                "isChildOf names a parent the package does not have",
                path=f"{where}.destinationNodeURI",
                code="unknown-item",
            )
        number = a.get("sequenceNumber")
        seq = 10**9
        if isinstance(number, int) and not isinstance(number, bool):
            seq = number
        elif isinstance(number, str) and number.strip().lstrip("-").isdigit():
            seq = int(number)
            notes.append(f"{where}.sequenceNumber: read the string {number!r} as a number")
        elif number is not None:
            notes.append(f"{where}.sequenceNumber: ignored {number!r}, not a number")
        if child in parent:
            notes.append(f"{where}: {ids[child]!r} already has a parent; ignored this one")
            continue
        if up == child:
            raise ValidationError("an item is its own parent", path=where, code="cycle")
        parent[child] = up
        order[child] = (seq, child)
    for kind, n in sorted(skipped.items()):
        notes.append(f"ignored {n} {kind} association(s): only isChildOf makes the hierarchy")
    scales, scale_of = _read_rubrics(doc, by_identifier, by_uri, notes)
    known = {
        "identifier",
        "uri",
        "fullStatement",
        "humanCodingScheme",
        "abbreviatedStatement",
        "lastChangeDateTime",
        "extensions",
    }
    competencies = []
    sequence = sorted(range(len(items)), key=lambda i: order.get(i, (10**9, i)))
    for i in sequence:
        item = items[i]
        extra = sorted(set(item) - known)
        if extra:
            notes.append(f"CFItems[{i}]: ignored {', '.join(extra)}")
        ext = item.get("extensions")
        mine = ext.get(_EXTENSION) if isinstance(ext, Mapping) else None
        name = _text(item.get("fullStatement")) or _text(item.get("abbreviatedStatement")) or ""
        up = parent.get(i)
        try:
            competencies.append(
                _competency(
                    ids[i], name, None if up is None else ids[up], item, mine, scale_of.get(i)
                )
            )
        except LarandeError as err:
            raise ValidationError(str(err), path=f"CFItems[{i}]") from None
    if not any(s.id == DEFAULT_SCALE.id for s in scales) and any(
        c.scale == DEFAULT_SCALE.id for c in competencies
    ):
        scales.insert(0, DEFAULT_SCALE)
    try:
        framework = Framework(competencies, scales=scales)
    except ValidationError as err:
        raise err.at("CFItems") from None
    return CaseRead(framework, tuple(notes))


def _competency(
    id: str,
    name: str,
    parent: str | None,
    item: Mapping[str, Any],
    mine: object,
    scale: str | None,
) -> Competency:
    from larande.io.json import parse_duration

    if isinstance(mine, Mapping):
        validity = mine.get("validity")
        return Competency(
            mine.get("id", id),
            name,
            parent,
            scale=mine.get("scale", scale or DEFAULT_SCALE.id),
            validity=None if validity is None else parse_duration(validity),
            uri=mine.get("uri") if "uri" in mine else _text(item.get("uri")),
        )
    return Competency(
        id, name, parent, scale=scale or DEFAULT_SCALE.id, uri=_text(item.get("uri"))
    )


def _read_rubrics(
    doc: Mapping[str, Any],
    by_identifier: dict[str, int],
    by_uri: dict[str, int],
    notes: list[str],
) -> tuple[list[Scale], dict[int, str]]:
    """Scales from rubrics: each rubric with ordered levels is a scale.

    The items its criteria name are measured on it.
    """
    scales: list[Scale] = []
    scale_of: dict[int, str] = {}
    rubrics = doc.get("CFRubrics") or []
    if not isinstance(rubrics, list):
        notes.append("ignored CFRubrics: not a list")
        return scales, scale_of
    for r, rubric in enumerate(rubrics):
        if not isinstance(rubric, Mapping):
            notes.append(f"ignored CFRubrics[{r}]: not an object")
            continue
        criteria = rubric.get("CFRubricCriteria") or []
        levels: list[tuple[float, str]] = []
        for criterion in criteria if isinstance(criteria, list) else []:
            for level in criterion.get("CFRubricCriterionLevels") or []:
                label = _text(level.get("quality")) or _text(level.get("description"))
                position = level.get("position", level.get("score"))
                if label and isinstance(position, int | float) and not isinstance(position, bool):
                    levels.append((position, label))
            target, target_uri = _node_id(criterion.get("CFItemURI"))
            found = by_identifier.get(target) if target else by_uri.get(target_uri or "")
            sid = _text(rubric.get("title")) or _text(rubric.get("identifier")) or f"rubric-{r}"
            if found is not None:
                scale_of[found] = sid
        labels = list(dict.fromkeys(label for _, label in sorted(levels)))
        sid = _text(rubric.get("title")) or _text(rubric.get("identifier")) or f"rubric-{r}"
        if len(labels) >= 2:
            scales.append(Scale(sid, labels))
        else:
            notes.append(f"ignored CFRubrics[{r}]: fewer than two levels")
            scale_of = {i: s for i, s in scale_of.items() if s != sid}
    return scales, scale_of


def _uuid_of(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


def write_case(
    framework: Framework,
    *,
    title: str,
    last_change: dt.datetime,
    creator: str = "larande",
    base_uri: str = "https://larande.example/case",
    document_id: str | None = None,
) -> dict[str, Any]:
    """The framework as a CASE 1.1 ``CFPackage`` (a JSON-ready dict), valid by the schema.

    Args:
        framework: what to write.
        title: the document's title.
        last_change: every ``lastChangeDateTime`` (timezone-aware: the library never reads
            the clock).
        creator: the document's creator.
        base_uri: where the document's, items' and associations' URIs start.
        document_id: the document's UUID; derived from ``title`` when not given.

    Items are written in framework order, with ``humanCodingScheme`` the competency's id
    and ``fullStatement`` its name; each keeps its ``uri`` (or gets one under
    ``base_uri``), and an ``extensions.larande`` object carries what CASE has no field for
    (scale, validity), so that :func:`read_case` gives back the same framework. Every scale
    is a rubric whose criterion levels are the scale's labels.
    """
    if not isinstance(framework, Framework):
        raise ValidationError(
            f"expected a Framework, got {check.describe(framework)}", path="framework"
        )
    if not isinstance(last_change, dt.datetime) or last_change.tzinfo is None:
        raise ValidationError(
            f"expected a timezone-aware datetime, got {check.describe(last_change)}",
            path="last_change",
        )
    if not isinstance(title, str) or not title:
        raise ValidationError(
            f"expected a non-empty title, got {check.describe(title)}", path="title"
        )
    stamp = last_change.isoformat(timespec="seconds")
    doc_id = document_id or _uuid_of("document", title)
    doc_uri = f"{base_uri}/CFDocuments/{doc_id}"
    items: list[dict[str, Any]] = []
    item_ref: dict[str, dict[str, str]] = {}
    for c in framework.competencies:
        found = _UUID.search(c.uri or "")
        ident = found.group(0).lower() if found else _uuid_of(doc_id, "item", c.id)
        uri = c.uri or f"{base_uri}/CFItems/{ident}"
        mine: dict[str, Any] = {"id": c.id, "scale": c.scale, "uri": c.uri}
        if c.validity is not None:
            from larande.io.json import format_duration

            mine["validity"] = format_duration(c.validity)
        items.append(
            {
                "identifier": ident,
                "uri": uri,
                "fullStatement": c.name,
                "humanCodingScheme": c.id,
                "lastChangeDateTime": stamp,
                "extensions": {_EXTENSION: mine},
            }
        )
        item_ref[c.id] = {"title": c.name or c.id, "identifier": ident, "uri": uri}
    document_ref = {"title": title, "identifier": doc_id, "uri": doc_uri}
    associations = []
    for position, c in enumerate(framework.competencies):
        ident = _uuid_of(doc_id, "isChildOf", c.id)
        associations.append(
            {
                "identifier": ident,
                "uri": f"{base_uri}/CFAssociations/{ident}",
                "associationType": "isChildOf",
                "sequenceNumber": position + 1,
                "originNodeURI": item_ref[c.id],
                "destinationNodeURI": item_ref[c.parent] if c.parent else document_ref,
                "lastChangeDateTime": stamp,
            }
        )
    rubrics = []
    for scale in framework.scales:
        rid = _uuid_of(doc_id, "rubric", scale.id)
        cid = _uuid_of(doc_id, "criterion", scale.id)
        rubrics.append(
            {
                "identifier": rid,
                "uri": f"{base_uri}/CFRubrics/{rid}",
                "title": scale.id,
                "lastChangeDateTime": stamp,
                "CFRubricCriteria": [
                    {
                        "identifier": cid,
                        "uri": f"{base_uri}/CFRubricCriteria/{cid}",
                        "rubricId": rid,
                        "lastChangeDateTime": stamp,
                        "CFRubricCriterionLevels": [
                            {
                                "identifier": (
                                    lid := _uuid_of(doc_id, "level", scale.id, str(level))
                                ),
                                "uri": f"{base_uri}/CFRubricCriterionLevels/{lid}",
                                "quality": label,
                                "score": level,
                                "position": level,
                                "rubricCriterionId": cid,
                                "lastChangeDateTime": stamp,
                            }
                            for level, label in enumerate(scale.levels)
                        ],
                    }
                ],
            }
        )
    return {
        "CFDocument": {
            "identifier": doc_id,
            "uri": doc_uri,
            "caseVersion": "1.1",
            "creator": creator,
            "title": title,
            "lastChangeDateTime": stamp,
        },
        "CFItems": items,
        "CFAssociations": associations,
        "CFRubrics": rubrics,
    }
