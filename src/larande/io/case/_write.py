"""Writing a framework as a CASE 1.1 package that the official schema accepts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from typing import Any

from larande import _check as check
from larande.competence import DEFAULT_SCALE, Framework, Scale
from larande.exceptions import UnknownIdError
from larande.io.case._shared import (
    _UUID,
    EXTENSION,
    Alignment,
    _bad,
    _is_uri,
    _text,
    _uuid_of,
)


def write_case(
    framework: Framework,
    *,
    title: str,
    last_change: dt.datetime,
    creator: str = "larande",
    document_id: str | None = None,
    document_uri: str | None = None,
    base_uri: str | None = None,
    alignments: Iterable[Alignment] = (),
) -> dict[str, Any]:
    """The framework as a CASE 1.1 ``CFPackage``: a JSON-ready dict, valid by the schema.

    Args:
        framework: what to write.
        title: the document's title.
        last_change: every ``lastChangeDateTime``, written in UTC. A timezone-aware
            datetime: the library never reads the clock.
        creator: the document's creator, the body that authorises the framework.
        document_id: the document's identifier, a UUID; by default derived from ``title``,
            so that writing a new version of a framework keeps its identifier.
        document_uri: the document's URI; by default one made as for the other objects.
        base_uri: where the URIs of the objects written start
            (``"{base_uri}/CFItems/{identifier}"``); without it, ``"urn:uuid:{identifier}"``.
        alignments: associations other than the hierarchy to write too (crosswalks read
            with :func:`read_case_with_notes`, or made with :class:`Alignment`), after the
            ``isChildOf`` ones, in the order given. A destination outside the framework is
            written with its ``title``, ``identifier`` and ``uri``, each standing in for
            those missing.

    Every identifier is a UUID derived (version 5, in :data:`NAMESPACE`) from the
    document's identifier and the competency's or scale's id, so the same framework gives
    the same package. An item keeps the UUID in its competency's ``uri`` when there is one
    (a competency read from CASE keeps its item's identifier), and keeps the ``uri`` itself
    when it is a URI. Items come in framework order, ``humanCodingScheme`` the competency's
    id and ``fullStatement`` its name, each with an ``isChildOf`` association to its parent
    or the document, numbered among its siblings. Each scale is a rubric titled with its
    id, with one criterion per competency measured on it (``CFItemURI`` the item), whose
    levels are the scale's labels (``quality``), ``score`` the level and ``position`` the
    level plus one; a scale no competency uses has one criterion without an item. The
    default scale is left out when it comes first and some competency uses it: that is what
    the reader assumes of items without a rubric.

    A competency's ``uri`` is written as the item's only when it is an absolute URI with a
    safe scheme: a ``javascript:``, ``vbscript:`` or ``data:`` one travels as text in
    ``extensions.larande.uri``, never as a link.

    Raises:
        ValidationError: ``framework`` is not a Framework, ``title`` or ``creator`` is
            empty, ``last_change`` is naive, ``document_id`` is not a UUID, or
            ``document_uri`` or ``base_uri`` is not a URI; an alignment is not an
            :class:`Alignment`, or names a competency the framework lacks; the ``path``
            names the argument.

    >>> import datetime as dt
    >>> from larande import Competency, Framework, Scale
    >>> fw = Framework(
    ...     [Competency("cpr", "CPR", scale="cert", uri="https://case.example/CFItems/cpr")],
    ...     scales=[Scale("cert", ["not certified", "certified"])],
    ... )
    >>> package = write_case(fw, title="Safety", last_change=dt.datetime(2026, 1, 12, tzinfo=dt.UTC))
    >>> item = package["CFItems"][0]
    >>> item["humanCodingScheme"], item["uri"], item["lastChangeDateTime"]
    ('cpr', 'https://case.example/CFItems/cpr', '2026-01-12T00:00:00Z')
    >>> criterion = package["CFRubrics"][0]["CFRubricCriteria"][0]
    >>> [level["quality"] for level in criterion["CFRubricCriterionLevels"]]
    ['not certified', 'certified']
    """  # noqa: E501
    if not isinstance(framework, Framework):
        raise _bad("framework", f"expected a Framework, got {check.describe(framework)}")
    for arg, text in (("title", title), ("creator", creator)):
        if not _text(text):
            raise _bad(arg, f"expected a non-empty str, got {check.describe(text)}")
    if not isinstance(last_change, dt.datetime) or last_change.utcoffset() is None:
        got = check.describe(last_change)
        raise _bad("last_change", f"expected a timezone-aware datetime, got {got}")
    if document_id is not None and not (
        isinstance(document_id, str) and _UUID.fullmatch(document_id)
    ):
        raise _bad("document_id", f"expected a UUID, got {check.describe(document_id)}")
    for arg, given in (("document_uri", document_uri), ("base_uri", base_uri)):
        if given is not None and not _is_uri(given):
            raise _bad(arg, f"expected an absolute URI, got {check.describe(given)}")
    extra = _check_alignments(alignments, framework)
    stamp = last_change.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    base = None if base_uri is None else base_uri.rstrip("/")

    def uri_of(kind: str, ident: str) -> str:
        return f"urn:uuid:{ident}" if base is None else f"{base}/{kind}/{ident}"

    doc_id = (document_id or _uuid_of("document", title)).lower()
    doc_uri = document_uri or uri_of("CFDocuments", doc_id)
    items: list[dict[str, Any]] = []
    links: dict[str, dict[str, str]] = {}
    used = {doc_id}
    for c in framework.competencies:
        kept = _UUID.findall(c.uri or "")
        ident = kept[-1].lower() if kept and kept[-1].lower() not in used else ""
        ident = ident or _uuid_of(doc_id, "item", c.id)
        used.add(ident)
        uri = c.uri if _is_uri(c.uri) else uri_of("CFItems", ident)
        item: dict[str, Any] = {"identifier": ident, "uri": uri, "fullStatement": c.name}
        item.update(humanCodingScheme=c.id, lastChangeDateTime=stamp)
        mine: dict[str, Any] = {}
        if c.validity is not None:
            from larande.io.json import format_duration

            mine["validity"] = format_duration(c.validity)
        if uri != c.uri:
            mine["uri"] = c.uri
        if mine:
            item["extensions"] = {EXTENSION: mine}
        items.append(item)
        links[c.id] = {"title": c.name or c.id, "identifier": ident, "uri": uri}
    document_link = {"title": title, "identifier": doc_id, "uri": doc_uri}
    associations = []
    siblings: dict[str | None, int] = {}
    for c in framework.competencies:
        siblings[c.parent] = siblings.get(c.parent, 0) + 1
        ident = _uuid_of(doc_id, "isChildOf", c.id)
        up = document_link if c.parent is None else links[c.parent]
        associations.append(
            {
                "identifier": ident,
                "uri": uri_of("CFAssociations", ident),
                "associationType": "isChildOf",
                "sequenceNumber": siblings[c.parent],
                "originNodeURI": links[c.id],
                "destinationNodeURI": up,
                "lastChangeDateTime": stamp,
            }
        )
    for a in extra:
        ident = _uuid_of(
            doc_id, a.type, a.competency, a.target or "", a.uri or "", a.identifier or ""
        )
        associations.append(
            {
                "identifier": ident,
                "uri": uri_of("CFAssociations", ident),
                "associationType": a.type,
                "originNodeURI": links[a.competency],
                "destinationNodeURI": links[a.target] if a.target is not None else _node(a),
                "lastChangeDateTime": stamp,
            }
        )
    on_scale: dict[str, list[str]] = {}
    for c in framework.competencies:
        on_scale.setdefault(c.scale, []).append(c.id)
    scales = list(framework.scales)
    if scales and scales[0] == DEFAULT_SCALE and DEFAULT_SCALE.id in on_scale:
        scales.pop(0)  # what a package without rubrics means (see above)
    document = {"identifier": doc_id, "uri": doc_uri, "caseVersion": "1.1", "creator": creator}
    document.update(title=title, lastChangeDateTime=stamp)
    return {
        "CFDocument": document,
        "CFItems": items,
        "CFAssociations": associations,
        "CFRubrics": [
            _rubric(s, on_scale.get(s.id, []), links, doc_id, stamp, uri_of) for s in scales
        ],
    }


def _check_alignments(alignments: object, framework: Framework) -> list[Alignment]:
    if isinstance(alignments, str | bytes) or not isinstance(alignments, Iterable):
        got = check.describe(alignments)
        raise _bad("alignments", f"expected a sequence of Alignment, got {got}")
    found: dict[Alignment, None] = {}
    for i, a in enumerate(alignments):
        if not isinstance(a, Alignment):
            got = check.describe(a)
            raise _bad(f"alignments[{i}]", f"expected an Alignment, got {got}")
        for field in ("competency", "target"):
            named = getattr(a, field)
            if named is not None and named not in framework:
                raise UnknownIdError(
                    "competency", named, path=f"alignments[{i}].{field}", referrer="an alignment"
                )
        found.setdefault(a)
    return list(found)


def _node(a: Alignment) -> dict[str, str]:
    """A destination outside the framework, as the LinkGenURI the schema wants."""
    ident = a.identifier or a.uri or ""
    return {"title": a.title or ident, "identifier": ident, "uri": a.uri or ident}


def _rubric(
    scale: Scale,
    competencies: list[str],
    links: dict[str, dict[str, str]],
    doc_id: str,
    stamp: str,
    uri_of: Callable[[str, str], str],
) -> dict[str, Any]:
    rid = _uuid_of(doc_id, "rubric", scale.id)
    criteria = []
    rows: list[str | None] = [*competencies] or [None]
    for competency in rows:
        row = competency or ""
        cid = _uuid_of(doc_id, "criterion", scale.id, row)
        criterion: dict[str, Any] = {"identifier": cid, "uri": uri_of("CFRubricCriteria", cid)}
        criterion.update(rubricId=rid, lastChangeDateTime=stamp)
        if competency is not None:
            criterion["CFItemURI"] = links[competency]
        criterion["CFRubricCriterionLevels"] = [
            {
                "identifier": (lid := _uuid_of(doc_id, "level", scale.id, row, str(level))),
                "uri": uri_of("CFRubricCriterionLevels", lid),
                "quality": label,
                "score": level,
                "position": level + 1,
                "rubricCriterionId": cid,
                "lastChangeDateTime": stamp,
            }
            for level, label in enumerate(scale.levels)
        ]
        criteria.append(criterion)
    return {
        "identifier": rid,
        "uri": uri_of("CFRubrics", rid),
        "title": scale.id,
        "lastChangeDateTime": stamp,
        "CFRubricCriteria": criteria,
    }
