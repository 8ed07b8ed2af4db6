"""The unit-by-competency matrix, with small groups suppressed so nobody is singled out."""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

import attrs

from larande import _check as check
from larande.exceptions import ValidationError
from larande.needs._records import NeedScope

if TYPE_CHECKING:
    from larande.needs._analysis import NeedsReport
    from larande.organization import Organization


@attrs.frozen
class Cell:
    """One unit's standing in one competency; ``None`` where it would single someone out.

    Attributes:
        people: how many of the unit's people (sub-units included) hold a role that
            requires the competency (now, or from a future ``effective`` day). Needs do not
            move it: a need found by a rule for someone whose roles do not require the
            competency stays in the report (:meth:`~larande.NeedsReport.for_person`) but
            out of the matrix, so a count can never reveal who has a need.
        with_gap: how many of them have a person need with a gap.
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
    """Count, then suppress small groups and whatever would reveal them.

    The cost is near-linear: per competency, in the units whose people its roles concern
    and their ancestors (a chain of 10,000 units costs ten times a chain of 1,000).
    """
    if type(min_group) is not int or min_group < 1:
        raise ValidationError(
            f"expected min_group to be an int of 1 or more, got {check.describe(min_group)}",
            path="min_group",
        )
    org = report.org
    # Who each competency concerns: the people whose roles require it; needs add nobody.
    concerned: dict[str, dict[str, int]] = {}  # competency -> person -> gap
    for person in org.people:
        for role in org.roles_of(person.id):
            for req in role.requirements:
                concerned.setdefault(req.competency, {})[person.id] = 0
    for need in report.needs:
        if need.scope is NeedScope.PERSON:
            gaps = concerned.get(need.competency)
            if gaps is not None and need.subject in gaps:
                gaps[need.subject] = max(gaps[need.subject], need.gap)
    tree = _Tree(org)
    cells: dict[tuple[str, str], Cell] = {}
    for competency in (c for c in org.framework if c in concerned):
        counts: dict[str, list[int]] = {}  # unit -> [people, with gap, gap sum]
        for person_id, gap in concerned[competency].items():
            c = counts.setdefault(org.person(person_id).unit, [0, 0, 0])
            c[0] += 1
            c[1] += gap > 0
            c[2] += gap
        # Sub-units into their parents, each unit once all below it are in.
        waiting = [(tree.post[u], u) for u in counts]
        heapq.heapify(waiting)
        bottom_up: list[str] = []
        while waiting:
            _, unit = heapq.heappop(waiting)
            bottom_up.append(unit)
            up = tree.parent[unit]
            if up is not None:
                if up not in counts:
                    counts[up] = [0, 0, 0]
                    heapq.heappush(waiting, (tree.post[up], up))
                c, total = counts[up], counts[unit]
                c[0] += total[0]
                c[1] += total[1]
                c[2] += total[2]
        shown = _suppress(bottom_up, tree.parent, {u: c[0] for u, c in counts.items()}, min_group)
        for unit in sorted(counts, key=tree.index.__getitem__):
            n, gapped, gap_sum = counts[unit]
            cells[(unit, competency)] = (
                Cell(n, gapped, round(gap_sum / n, 4)) if unit in shown else _HIDDEN
            )
    return Matrix(cells, min_group=min_group)


class _Tree:
    """The units' tree: each unit's parent, place in the organisation and post-order rank."""

    def __init__(self, org: Organization) -> None:
        self.parent = {u.id: u.parent for u in org.units}
        self.index = {u.id: i for i, u in enumerate(org.units)}
        kids: dict[str, list[str]] = {}
        for u in org.units:
            if u.parent is not None:
                kids.setdefault(u.parent, []).append(u.id)
        # Post-order rank: every unit ranks after all of its sub-units.
        self.post: dict[str, int] = {}
        for root in (u.id for u in org.units if u.parent is None):
            stack: list[tuple[str, bool]] = [(root, False)]
            while stack:
                unit, expanded = stack.pop()
                if expanded:
                    self.post[unit] = len(self.post)
                else:
                    stack.append((unit, True))
                    stack.extend((kid, False) for kid in kids.get(unit, ()))


def _suppress(
    bottom_up: list[str],
    parent: Mapping[str, str | None],
    people: Mapping[str, int],
    min_group: int,
) -> set[str]:
    """The units whose counts can be shown.

    Start with every unit of at least ``min_group`` people; then, while some shown unit has
    between 1 and ``min_group - 1`` people not covered by the shown units right below it
    (its *rest*), hide the smallest of those (the hidden people join the rest, which only
    grows). The shown unit dealt with first is the one with the smallest id.

    ``bottom_up`` lists the units of ``people`` (closed under ``parent``), each after all
    of those below it. Each shown unit keeps its shown units right below in a heap, and a
    hidden unit's heap is merged into its shown parent's, smaller into larger: n log² n in
    all, where a walk down to the shown units from every unit would cost n² on a chain.
    """
    shown = {u for u, n in people.items() if n >= min_group}
    # Every unit's shown units right below it (for a hidden unit: those it passes up).
    below: dict[str, list[tuple[int, str]]] = {}
    rest: dict[str, int] = {}
    for unit in bottom_up:
        mine = below.pop(unit, [])
        up = parent[unit]
        if unit in shown:
            rest[unit] = people[unit] - sum(n for n, _ in mine)
            heapq.heapify(mine)
            below[unit] = mine
            passed: list[tuple[int, str]] = [(people[unit], unit)]
        else:
            passed = mine
        if up is not None:
            below.setdefault(up, []).extend(passed)
    # ``below`` now holds the shown units only (the hidden ones passed theirs up).
    frontier = {u: below.get(u, []) for u in shown}
    for u in shown:
        heapq.heapify(frontier[u])
    violating = [u for u in shown if 0 < rest[u] < min_group]
    heapq.heapify(violating)
    while violating:
        unit = heapq.heappop(violating)
        if unit not in shown or not 0 < rest[unit] < min_group:
            continue
        # A unit's own people form a group of at least min_group, so a shown unit with a
        # small rest always has shown units below it.
        _, hidden = heapq.heappop(frontier[unit])
        shown.discard(hidden)
        rest[unit] += rest.pop(hidden)
        small, large = frontier.pop(hidden), frontier[unit]
        if len(small) > len(large):
            small, large = large, small
        for item in small:
            heapq.heappush(large, item)
        frontier[unit] = large
        if 0 < rest[unit] < min_group:
            heapq.heappush(violating, unit)
    return shown
