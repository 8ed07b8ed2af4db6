"""The unit-by-competency matrix, with small groups suppressed so nobody is singled out."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

import attrs

from larande import _check as check
from larande.exceptions import ValidationError
from larande.needs._records import NeedScope

if TYPE_CHECKING:
    from larande.needs._analysis import NeedsReport


@attrs.frozen
class Cell:
    """One unit's standing in one competency; ``None`` where it would single someone out.

    Attributes:
        people: how many of the unit's people (sub-units included) the competency
            concerns: their roles require it, or they have a need in it.
        with_gap: how many of them are below the required level.
        mean_gap: the mean gap over ``people`` (those without a gap count 0).
    """

    people: int | None
    with_gap: int | None
    mean_gap: float | None

    @property
    def suppressed(self) -> bool:
        """Whether the counts are withheld."""
        return self.people is None


_HIDDEN = Cell(None, None, None)


class Matrix(Mapping[tuple[str, str], Cell]):
    """A read-only mapping ``(unit, competency)`` → :class:`Cell`.

    A unit with fewer than ``min_group`` people concerned shows ``None`` instead of counts
    (primary suppression). So does any cell from which such a group could be worked out by
    subtraction: for every shown cell, the people not covered by the shown cells right
    below it are either none or at least ``min_group`` (secondary suppression). A report
    therefore never isolates fewer than ``min_group`` people.
    """

    __slots__ = ("_cells", "min_group")

    def __init__(self, cells: Mapping[tuple[str, str], Cell], *, min_group: int) -> None:
        self._cells = dict(cells)
        self.min_group = min_group

    def __getitem__(self, key: tuple[str, str]) -> Cell:
        return self._cells[key]

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self._cells)

    def __len__(self) -> int:
        return len(self._cells)

    def __repr__(self) -> str:
        hidden = sum(1 for c in self._cells.values() if c.people is None)
        return (
            f"<Matrix: {len(self._cells)} cells, {hidden} suppressed, min_group={self.min_group}>"
        )

    def _repr_html_(self) -> str:
        # For notebooks; pandas is imported only here, and only if installed.
        from larande.io.frames import html, matrix_frame

        return html(matrix_frame, self)

    @property
    def units(self) -> tuple[str, ...]:
        """The units with at least one cell, in organisation order."""
        return tuple(dict.fromkeys(u for u, _ in self._cells))

    @property
    def competencies(self) -> tuple[str, ...]:
        """The competencies with at least one cell, in framework order."""
        return tuple(dict.fromkeys(c for _, c in self._cells))


def build_matrix(report: NeedsReport, *, min_group: int) -> Matrix:
    """Count, then suppress small groups and whatever would reveal them."""
    if type(min_group) is not int or min_group < 1:
        raise ValidationError(
            f"expected min_group to be an int of 1 or more, got {check.describe(min_group)}",
            path="min_group",
        )
    org = report.org
    # Who each competency concerns, and their gaps.
    concerned: dict[str, dict[str, int]] = {}  # competency -> person -> gap
    for person in org.people:
        for role in org.roles_of(person.id):
            for req in role.requirements:
                concerned.setdefault(req.competency, {}).setdefault(person.id, 0)
    for need in report.needs:
        if need.scope is NeedScope.PERSON:
            gaps = concerned.setdefault(need.competency, {})
            gaps[need.subject] = max(gaps.get(need.subject, 0), need.gap)
    units = [u.id for u in org.units]
    children = {u: org.subunits(u) for u in units}
    parent = {u.id: u.parent for u in org.units}
    bottom_up = _children_first(units, children)
    cells: dict[tuple[str, str], Cell] = {}
    for competency in (c for c in org.framework if c in concerned):
        counts: dict[str, list[int]] = {}  # unit -> [people, with gap, gap sum]
        for person_id, gap in concerned[competency].items():
            c = counts.setdefault(org.person(person_id).unit, [0, 0, 0])
            c[0] += 1
            c[1] += gap > 0
            c[2] += gap
        for unit in bottom_up:
            up = parent[unit]
            if unit in counts and up is not None:
                c, total = counts.setdefault(up, [0, 0, 0]), counts[unit]
                c[0] += total[0]
                c[1] += total[1]
                c[2] += total[2]
        shown = _suppress(children, {u: c[0] for u, c in counts.items()}, min_group)
        for unit in units:
            if unit in counts:
                n, gapped, gap_sum = counts[unit]
                cells[(unit, competency)] = (
                    Cell(n, gapped, round(gap_sum / n, 4)) if unit in shown else _HIDDEN
                )
    return Matrix(cells, min_group=min_group)


def _children_first(units: list[str], children: Mapping[str, tuple[str, ...]]) -> list[str]:
    """The units in an order where every unit comes after all of its sub-units."""
    order: list[str] = []
    has_parent = {c for kids in children.values() for c in kids}
    for root in (u for u in units if u not in has_parent):
        stack: list[tuple[str, bool]] = [(root, False)]
        while stack:
            unit, expanded = stack.pop()
            if expanded:
                order.append(unit)
            else:
                stack.append((unit, True))
                stack.extend((kid, False) for kid in children[unit])
    return order


def _suppress(
    children: Mapping[str, tuple[str, ...]], people: Mapping[str, int], min_group: int
) -> set[str]:
    """The units whose counts can be shown.

    Start with every unit of at least ``min_group`` people; then, while some shown unit has
    between 1 and ``min_group - 1`` people not covered by the shown units right below it,
    hide the smallest of those (the hidden people join the remainder, which only grows).
    """
    shown = {u for u, n in people.items() if n >= min_group}

    def frontier(unit: str) -> list[str]:
        out: list[str] = []
        stack = list(children.get(unit, ()))
        while stack:
            u = stack.pop()
            if u in shown:
                out.append(u)
            else:
                stack.extend(children.get(u, ()))
        return out

    changed = True
    while changed:
        changed = False
        for unit in sorted(shown):
            below = frontier(unit)
            rest = people[unit] - sum(people.get(u, 0) for u in below)
            if 0 < rest < min_group:
                shown.discard(min(below, key=lambda u: (people.get(u, 0), u)))
                changed = True
                break
    return shown
