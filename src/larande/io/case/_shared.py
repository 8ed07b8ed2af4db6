"""What the CASE reader and writer share: namespaces, patterns and small helpers."""

from __future__ import annotations

import json as _json
import re
import uuid
from typing import Any, TypeGuard

from larande.exceptions import ValidationError

NAMESPACE = uuid.UUID("6f1f4a8e-6c1e-5d0f-9a57-6c61726e6465")
"""The UUID namespace in which :func:`write_case` derives identifiers (UUID version 5)."""


EXTENSION = "larande"
"""The key, under an item's ``extensions``, of what CASE has no field for."""


_UUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^\s<>\"{}|\\^`]+")


_DATE_TIME = re.compile(r"\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d:\d\d(\.\d+)?([Zz]|[+-]\d\d:\d\d)")


def _bad(path: str, message: str, code: str = "invalid-value", **params: Any) -> ValidationError:
    return ValidationError(message, path=path, code=code, params=params)


def _text(value: object) -> str | None:
    """A non-empty str, or None."""
    return value if isinstance(value, str) and value else None


def _uuid_of(*parts: str) -> str:
    return str(uuid.uuid5(NAMESPACE, _json.dumps(parts)))


def _is_uri(value: object) -> TypeGuard[str]:
    return isinstance(value, str) and _URI.fullmatch(value) is not None


def _derived_uri(identifier: str, doc_id: str, doc_uri: str | None) -> str | None:
    """An item's URI made like its document's (which holds the document's identifier)."""
    if doc_uri is not None and doc_id in doc_uri:
        return doc_uri.replace(doc_id, identifier)
    return f"urn:uuid:{identifier.lower()}" if _UUID.fullmatch(identifier) else None
