"""Competency frameworks as 1EdTech CASE 1.1 packages: read leniently, written strictly.

:func:`read_case` turns a CASE ``CFPackage`` (1.0 or 1.1 JSON) into a
:class:`~larande.Framework`; :func:`read_case_with_notes` also says what it ignored, since
real exports are messy. :func:`write_case` writes a package that validates against the
official CASE 1.1 schema, deterministically: identifiers are derived UUIDs, and every
timestamp is the one you pass.

>>> import datetime as dt
>>> from larande import Competency, Framework
>>> fw = Framework([Competency("care", "Care"), Competency("cpr", "CPR", parent="care")])
>>> package = write_case(fw, title="Care", last_change=dt.datetime(2026, 1, 12, tzinfo=dt.UTC))
>>> package["CFDocument"]["caseVersion"], len(package["CFItems"])
('1.1', 2)
>>> read_case(package) == fw
True

How a package becomes a framework:

- **Ids.** A competency's id is its item's ``humanCodingScheme`` when every item has one and
  no two share one (codes such as ``CCSS.Math.Content.6.RP.A`` are what people and other
  systems use); otherwise every id is the item's ``identifier``. One rule per package, so
  ids never mix codes and UUIDs.
- **Names** are the ``fullStatement`` (else the ``abbreviatedStatement``).
- **Hierarchy.** An ``isChildOf`` association makes its origin a child of its destination;
  items under the document, or under nothing, are roots. An item with several parents keeps
  the first in ``CFAssociations`` order.
- **Alignments.** Every other association that starts from an item (crosswalks such as
  ``exactMatchOf`` and ``isRelatedTo``, ``precedes``, ``exemplar``...) is kept as an
  :class:`Alignment` in :attr:`CaseRead.alignments`, which :func:`write_case` writes again
  (``alignments=``).
- **Order.** Items keep the package's order, except that the children of one parent (and the
  roots) are put in the order of their ``sequenceNumber`` (numbers given as strings are
  read; unnumbered siblings come last).
- **Scales.** A rubric whose criterion levels have at least two distinct labels
  (``quality``, else ``description``, ordered by ``position``, else ``score``) is a scale,
  its id the rubric's ``title`` (else its identifier); the items its criteria name
  (``CFItemURI``) are measured on it. Other items use :data:`~larande.DEFAULT_SCALE`.
- **URIs.** ``Competency.uri`` is the item's ``uri``, so the framework can be written back;
  a ``javascript:``, ``vbscript:`` or ``data:`` one (:data:`UNSAFE_SCHEMES`) is left out
  and noted, and the writer never writes one as a link.
- **Absurd values.** A package given as a dict is checked as its JSON text would be: more
  than 100 levels of nesting, an integer of thousands of digits, or a key that is not a
  string is a :class:`~larande.ValidationError` with the path.

What CASE has no field for travels in an item's ``extensions.larande`` object: ``validity``
(an ISO 8601 duration) and, when the competency's own ``uri`` is not the item's (it had
none, or it is not a URI), ``uri`` (a string or ``null``). So ``read_case(write_case(f)) ==
f`` for every framework.
"""

from larande.io.case._read import CaseRead, Ignored, IgnoreReason, read_case, read_case_with_notes
from larande.io.case._shared import (
    ASSOCIATION_TYPES,
    EXTENSION,
    NAMESPACE,
    UNSAFE_SCHEMES,
    Alignment,
)
from larande.io.case._write import write_case

__all__ = [
    "ASSOCIATION_TYPES",
    "EXTENSION",
    "NAMESPACE",
    "UNSAFE_SCHEMES",
    "Alignment",
    "CaseRead",
    "IgnoreReason",
    "Ignored",
    "read_case",
    "read_case_with_notes",
    "write_case",
]
