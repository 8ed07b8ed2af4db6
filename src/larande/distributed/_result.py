"""The national result: small per-organisation summaries merged in organisation-id order."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from larande import _check as check
from larande.distributed._summary import Partial
from larande.exceptions import ValidationError
from larande.followup import Measured, Progress, ProgressStatus, progress, replay
from larande.goals import Goal, GoalGraph
from larande.needs import Cell, Matrix
from larande.needs._matrix import _suppress

NATION = "nation"
"""The id of the national total's row in :meth:`NationalResult.matrix` (no organisation's)."""


@attrs.frozen
class SummaryRow:
    """One organisation's figures in a national run.

    Attributes:
        org_id: the organisation.
        people: how many people it employs.
        needs: how many needs its analysis found.
        placed: how many placements its schedule holds.
        unplaced: how many plan items could not be placed.
    """

    org_id: str
    people: int
    needs: int
    placed: int
    unplaced: int


@attrs.frozen
class NationalProgress:
    """How a shared national goal progresses across the nation.

    Attributes:
        fraction: the goal's progress in [0, 1]: from its own national measurements when
            it has any (``measured``), else the mean of the organisations' roll-ups of it,
            weighted by their people.
        organizations: how many organisations' goal graphs hold the goal.
        people: how many people those organisations employ.
        measured: the progress the goal's own measurements show (``None`` without any).
    """

    fraction: float
    organizations: int
    people: int
    measured: Progress | None = None


def _partials(value: Iterable[Partial]) -> tuple[Partial, ...]:
    return tuple(sorted(value, key=lambda p: p.org_id))


@attrs.frozen(repr=False)
class NationalResult:
    """What :func:`~larande.distributed.run` found, merged in organisation-id order.

    Made only of small per-organisation summaries (counts per competency, hours per month,
    goal roll-ups), never of people: a nation's result fits in a few megabytes. Two runs
    of the same input compare equal whatever the workers or the order of the source.

    Attributes:
        as_of: the day reviewed.
        min_group: the default smallest group :meth:`matrix` shows.
    """

    as_of: dt.date
    min_group: int
    _partials: tuple[Partial, ...] = attrs.field(converter=_partials, alias="partials")

    def __repr__(self) -> str:
        people = sum(p.people for p in self._partials)
        return (
            f"NationalResult({self.as_of.isoformat()}: {len(self._partials)} organisations, "
            f"{people:,} people, {sum(p.needs for p in self._partials):,} needs)"
        )

    @property
    def ids(self) -> tuple[str, ...]:
        """The organisations, in id order."""
        return tuple(p.org_id for p in self._partials)

    def summary(self) -> tuple[SummaryRow, ...]:
        """People, needs, placed and unplaced per organisation, in id order."""
        return tuple(
            SummaryRow(p.org_id, p.people, p.needs, p.placed, p.unplaced) for p in self._partials
        )

    def load(self) -> dict[tuple[int, int], float]:
        """Hours of learning placed per ``(year, month)``, the nation's organisations summed."""
        out: dict[tuple[int, int], float] = {}
        for p in self._partials:
            for month, hours in p.hours:
                out[month] = out.get(month, 0.0) + hours
        return dict(sorted(out.items()))

    def matrix(self, min_group: int | None = None) -> Matrix:
        """Needs per ``(org_id, competency)``, small groups suppressed as in the unit matrix.

        Each organisation's cell counts what its top units' cells count in its own
        :meth:`~larande.NeedsReport.matrix`: the people whose roles require the
        competency, those of them with a gap, the mean gap. The national total is the row
        :data:`NATION`, the organisations' parent in one tree, so the unit matrix's rule
        applies unchanged: an organisation with fewer than ``min_group`` people concerned
        is suppressed, and so is any cell from which one could be worked out by subtracting
        the shown organisations from the national total (secondary suppression).

        Args:
            min_group: the smallest group shown (default: the run's ``min_group``).

        Raises:
            ValidationError: ``min_group`` is not an int of 1 or more.
        """
        if min_group is None:
            min_group = self.min_group
        if type(min_group) is not int or min_group < 1:
            raise ValidationError(
                f"expected min_group to be an int of 1 or more, got {check.describe(min_group)}",
                path="min_group",
                code="invalid-min-group",
                params={"value": repr(min_group)},
            )
        per: dict[str, dict[str, tuple[int, int, int]]] = {}
        for p in self._partials:
            for competency, n, gapped, gap_sum in p.competencies:
                if n > 0:
                    per.setdefault(competency, {})[p.org_id] = (n, gapped, gap_sum)
        cells: dict[tuple[str, str], Cell] = {}
        hidden = Cell(None, None, None)
        for competency, counts in per.items():
            orgs = sorted(counts)
            total = tuple(sum(c[i] for c in counts.values()) for i in range(3))
            people = {o: counts[o][0] for o in orgs}
            people[NATION] = total[0]
            parent: dict[str, str | None] = dict.fromkeys(orgs, NATION)
            parent[NATION] = None
            shown = _suppress([*orgs, NATION], parent, people, min_group)
            for unit, (n, gapped, gap_sum) in [(NATION, total), *((o, counts[o]) for o in orgs)]:
                cells[(unit, competency)] = (
                    Cell(n, gapped, round(gap_sum / n, 4)) if unit in shown else hidden
                )
        # Rows in order: the nation, then the organisations by id.
        order = {o: i for i, o in enumerate([NATION, *self.ids])}
        ranked = sorted(cells.items(), key=lambda kv: order[kv[0][0]])
        return Matrix(dict(ranked), min_group=min_group)

    def progress(self) -> dict[str, NationalProgress]:
        """Each shared national goal's progress across the nation, by goal id.

        Raises:
            ValidationError: two organisations hold different copies of one national goal,
                or two different measurements of national goals share an id.
        """
        goals: dict[str, tuple[Goal, str]] = {}
        measured: dict[str, tuple[Measured, str]] = {}
        sums: dict[str, list[float]] = {}  # goal -> [weighted fractions, organisations, people]
        for p in self._partials:
            for goal in p.national:
                seen = goals.setdefault(goal.id, (goal, p.org_id))
                if seen[0] != goal:
                    raise ValidationError(
                        f"organisations {seen[1]!r} and {p.org_id!r} hold different copies of "
                        f"the national goal {goal.id!r}; a national goal must be the same "
                        "in every organisation",
                        path=f"source[{p.org_id!r}].goals",
                        code="national-goal-differs",
                        params={"goal": goal.id, "first": seen[1], "second": p.org_id},
                    )
            for e in p.measurements:
                known = measured.setdefault(e.id, (e, p.org_id))
                if known[0] != e:
                    raise ValidationError(
                        f"organisations {known[1]!r} and {p.org_id!r} hold different "
                        f"measurements with the id {e.id!r}",
                        path=f"source[{p.org_id!r}].events",
                        code="national-measurement-differs",
                        params={"id": e.id, "first": known[1], "second": p.org_id},
                    )
            for gid, fraction in p.goals:
                s = sums.setdefault(gid, [0.0, 0, 0])
                s[0] += fraction * p.people
                s[1] += 1
                s[2] += p.people
        own: dict[str, Progress] = {}
        if measured:
            graph = GoalGraph()
            for gid in sorted(goals):
                graph.add(goals[gid][0])
            state = replay([e for e, _ in measured.values() if e.goal in goals])
            own = progress(state, graph, as_of=self.as_of)
        out: dict[str, NationalProgress] = {}
        for gid in sorted(goals):
            weighted, orgs, people = sums.get(gid, [0.0, 0, 0])
            mine = own.get(gid)
            if mine is not None and mine.status is ProgressStatus.NO_DATA:
                mine = None
            fraction = (
                mine.fraction if mine is not None else (weighted / people if people else 0.0)
            )
            out[gid] = NationalProgress(min(1.0, max(0.0, fraction)), int(orgs), int(people), mine)
        return out
