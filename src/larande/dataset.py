"""The bundle that carries one organisation's data through the whole loop."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from larande import _check as check
from larande.competence import Assessment
from larande.exceptions import ValidationError
from larande.organization import Organization

__all__ = ["Dataset"]


def _assessments(value: Iterable[Assessment]) -> tuple[Assessment, ...]:
    return check.as_tuple(value)  # type: ignore[no-any-return]


def _validate_assessments(
    inst: Dataset, attribute: attrs.Attribute[object], value: object
) -> None:
    if not isinstance(value, tuple):
        check.fail(inst, attribute.name, value, "a sequence of Assessment")


# Not hashable: later capabilities add a GoalGraph, which is a mutable container.
@attrs.frozen(unsafe_hash=False, repr=False)
class Dataset:
    """One organisation's data, ready for the loop: who, what they can, and "today".

    Each capability adds its field when it lands (goals, signals, catalog, events, the
    schedule settings). :func:`larande.datasets.load_demo` and
    :func:`larande.datasets.synthetic` return one; :mod:`larande.io.json` reads and writes
    it; the command line takes it as input.

    Attributes:
        org: the organisation.
        assessments: what is known of people's competence.
        as_of: the dataset's "today"; analyses of it default to this day.

    Every assessment must fit ``org`` (a known person and competency, a level within the
    scale); the error's path names the assessment (``"assessments[12].level"``).
    """

    org: Organization = attrs.field(validator=check.instance(Organization, "an Organization"))
    assessments: tuple[Assessment, ...] = attrs.field(
        converter=_assessments, validator=_validate_assessments
    )
    as_of: dt.date = attrs.field(validator=check.day)

    def __attrs_post_init__(self) -> None:
        try:
            self.org.check_assessments(self.assessments)
        except ValidationError as err:
            raise err.at("assessments") from None

    def __repr__(self) -> str:
        return (
            f"Dataset(org={self.org!r}, assessments={len(self.assessments)}, "
            f"as_of={self.as_of.isoformat()})"
        )
