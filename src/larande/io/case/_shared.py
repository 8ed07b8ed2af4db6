"""What the CASE reader and writer share: namespaces, patterns and small helpers."""

from __future__ import annotations

import json as _json
import re
import uuid
from typing import Any, TypeGuard

import attrs

from larande import _check as check
from larande.exceptions import ValidationError

NAMESPACE = uuid.UUID("6f1f4a8e-6c1e-5d0f-9a57-6c61726e6465")
"""The UUID namespace in which :func:`write_case` derives identifiers (UUID version 5)."""


EXTENSION = "larande"
"""The key, under an item's ``extensions``, of what CASE has no field for."""


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`\x00-\x1f\x7f-\x9f\ud800-\udfff]+")


UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data"})
"""URI schemes never written as a link: a reader that follows them runs or shows content."""


_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)")


def _bad(path: str, message: str, code: str = "invalid-value", **params: Any) -> ValidationError:
    return ValidationError(message, path=path, code=code, params=params)


def _text(value: object) -> str | None:
    """A non-empty str, or None."""
    return value if isinstance(value, str) and value else None


def _uuid_of(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, _json.dumps(parts)))


def _is_uri(value: object) -> TypeGuard[str]:
    """An absolute URI whose scheme is not one of :data:`UNSAFE_SCHEMES`."""
    return (
        isinstance(value, str)
        and _URI.fullmatch(value) is not None
        and value.split(":", 1)[0].lower() not in UNSAFE_SCHEMES
    )


ASSOCIATION_TYPES = frozenset(
    {
        "isPeerOf", "isPartOf", "exactMatchOf", "precedes", "isRelatedTo", "replacedBy",
        "exemplar", "hasSkillLevel", "isTranslationOf",
    }
)  # fmt: skip
"""The association types of CASE 1.1 other than ``isChildOf`` (the hierarchy)."""

_EXT_TYPE = re.compile(r"ext:[A-Za-z0-9|.\-_]+")


def is_association_type(value: object) -> bool:
    """Whether ``value`` is a CASE association type other than ``isChildOf``."""
    return isinstance(value, str) and (
        value in ASSOCIATION_TYPES or _EXT_TYPE.fullmatch(value) is not None
    )


def _association_type(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not is_association_type(value):
        check.fail(inst, attribute.name, value, "a CASE association type other than isChildOf")


def _optional_uri(inst: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not _is_uri(value):
        check.fail(
            inst, attribute.name, value, "an absolute URI (not javascript:, vbscript:, data:)"
        )


@attrs.frozen
class Alignment:
    """A CASE association from a competency to something other than its parent.

    Crosswalks (``exactMatchOf``, ``isRelatedTo``), orders (``precedes``), examples
    (``exemplar``)... :func:`~larande.io.case.read_case_with_notes` keeps them in
    :attr:`~larande.io.case.CaseRead.alignments`, and :func:`~larande.io.case.write_case`
    writes them again (``alignments=``), so a framework read, changed and written back keeps
    its links to other frameworks.

    Attributes:
        competency: the competency the association starts from (its ``originNodeURI``).
        type: the ``associationType``: one of :data:`ASSOCIATION_TYPES`, or ``ext:...``.
        target: the competency it points to, when that is in the same framework.
        uri: otherwise, the destination's URI,
        identifier: and its identifier,
        title: and its title.

    >>> Alignment("cpr", "exactMatchOf", uri="https://case.example/CFItems/hlr").type
    'exactMatchOf'
    """

    competency: str = attrs.field(validator=check.identifier)
    type: str = attrs.field(validator=_association_type)
    target: str | None = attrs.field(default=None, validator=check.optional_identifier)
    uri: str | None = attrs.field(default=None, validator=_optional_uri)
    identifier: str | None = attrs.field(default=None, validator=check.optional_identifier)
    title: str | None = attrs.field(default=None, validator=check.optional_text)

    def __attrs_post_init__(self) -> None:
        inside = self.target is not None
        outside = self.uri is not None or self.identifier is not None
        if inside == outside:
            raise ValidationError(
                "expected either a target competency, or the uri or identifier of a node "
                f"outside the framework, got target={self.target!r}, uri={self.uri!r}, "
                f"identifier={self.identifier!r}",
                path="target",
            )


def _derived_uri(identifier: str, doc_id: str, doc_uri: str | None) -> str | None:
    """An item's URI made like its document's (which holds the document's identifier)."""
    if doc_uri is not None and doc_id in doc_uri:
        return doc_uri.replace(doc_id, identifier)
    return f"urn:uuid:{identifier.lower()}" if _UUID.fullmatch(identifier) else None
