"""The goal graph: goals linked child → parent, its indices, changes and queries."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Iterable, Iterator, Mapping
from math import fsum
from typing import TYPE_CHECKING, Protocol

from larande import _check as check
from larande.exceptions import CycleError, DuplicateIdError, UnknownIdError, ValidationError
from larande.goals._findings import graph_findings
from larande.goals._records import Finding, Goal, Level

if TYPE_CHECKING:
    import networkx as nx


class _Need(Protocol):
    """What an objective is made from: a person's need (a :class:`larande.Need`)."""

    @property
    def subject(self) -> str: ...
    @property
    def scope(self) -> str: ...
    @property
    def competency(self) -> str: ...
    @property
    def required(self) -> int | None: ...
    @property
    def due(self) -> dt.date | None: ...


class Justified(Protocol):
    """A need judged at the gate: what :meth:`GoalGraph.add_objectives` reads.

    :class:`larande.Justification` is one; the graph depends on this shape only, so that
    goals need not know the needs analysis that makes them.
    """

    @property
    def ok(self) -> bool: ...
    @property
    def need(self) -> _Need: ...
    @property
    def goals(self) -> tuple[str, ...]: ...


def _read_justified(j: object) -> tuple[bool, _Need, tuple[str, ...]] | None:
    """``(ok, need, goals)`` of a justification, or ``None`` if it is not shaped like one."""
    try:
        ok, need, goals = j.ok, j.need, j.goals  # type: ignore[attr-defined]
        need.subject, need.scope, need.competency, need.required, need.due  # noqa: B018
    except AttributeError:
        return None
    if type(ok) is not bool or not isinstance(goals, tuple):
        return None
    return ok, need, goals


def _weight(given: object, *, path: str) -> float:
    value = float(given) if type(given) is int else given
    if type(value) is not float or not (0.0 < value < math.inf):
        raise ValidationError(
            f"expected a link weight, a finite number above zero, got {check.describe(given)}",
            path=path,
            code="invalid-weight",
            params={"value": repr(given)},
        )
    return value


def _has_cycle(edges: Iterable[tuple[str, str, float]]) -> bool:
    """Whether the links ``child -> parent`` hold a loop: Kahn's algorithm, linear."""
    ups: dict[str, set[str]] = {}
    waiting: dict[str, int] = {}  # goal -> children not yet taken
    for child, parent, _ in edges:
        above = ups.setdefault(child, set())
        if parent not in above:
            above.add(parent)
            waiting[parent] = waiting.get(parent, 0) + 1
            waiting.setdefault(child, 0)
    ready = [g for g, n in waiting.items() if n == 0]
    taken = 0
    while ready:
        gid = ready.pop()
        taken += 1
        for up in ups.get(gid, ()):
            waiting[up] -= 1
            if not waiting[up]:
                ready.append(up)
    return taken < len(waiting)


def _first_closing_link(edges: list[tuple[str, str, float]]) -> int | None:
    """The index of the first link that closes a loop with those before it, or None.

    Linear when there is no loop; with one, a binary search over prefixes (n log n).
    """
    if not _has_cycle(edges):
        return None
    low, high = 0, len(edges) - 1  # the prefix up to ``high`` holds a loop
    while low < high:
        mid = (low + high) // 2
        if _has_cycle(edges[: mid + 1]):
            high = mid
        else:
            low = mid + 1
    return high


TRACE_LIMIT = 1_000
"""How many paths :meth:`GoalGraph.trace` lists at most unless told otherwise."""


class GoalGraph:
    """A mutable graph of goals linked child → parent, like a ``networkx.DiGraph``.

    Iteration, :meth:`parents` and :meth:`children` yield ids. Every change is checked in
    full before anything is touched, so a refused call leaves the graph as it was.
    """

    __slots__ = (
        "_added",
        "_backward",
        "_by_competency",
        "_children",
        "_goals",
        "_parents",
        "_seq",
    )

    def __init__(self) -> None:
        self._goals: dict[str, Goal] = {}
        self._parents: dict[str, dict[str, float]] = {}
        self._children: dict[str, dict[str, float]] = {}
        # competency -> owner -> goal ids: look-ups by competency and owner never scan.
        self._by_competency: dict[str, dict[str | None, set[str]]] = {}
        # Insertion order is a topological order (parents first) as long as no link runs
        # from an older goal to a newer one; ``_backward`` counts such links, so whole-graph
        # walks can use the order for free while it is zero.
        self._seq: dict[str, int] = {}
        self._added = 0
        self._backward = 0

    # -- building ------------------------------------------------------------------------

    def add(
        self,
        goal: Goal,
        *,
        contributes_to: str | Iterable[str] | Mapping[str, float] = (),
        weight: float = 1.0,
    ) -> None:
        """Add ``goal``, contributing to the goals in ``contributes_to`` with ``weight``.

        ``contributes_to`` is a parent id, an iterable of them, or a mapping parent →
        weight. A new goal has no children, so it cannot close a cycle: adding costs the
        same whatever the graph's size.

        Raises:
            DuplicateIdError: a goal with this id exists.
            UnknownIdError: a parent is not in the graph.
            ValidationError: the goal is broader than a parent, or a weight is not positive.
        """
        if not isinstance(goal, Goal):
            raise ValidationError(
                f"expected a Goal, got {check.describe(goal)}", path="goal", code="not-a-goal"
            )
        if goal.id in self._goals:
            raise DuplicateIdError("goal", goal.id, path="goal.id")
        _weight(weight, path="weight")
        links = self._parent_weights(contributes_to, weight)
        for i, parent in enumerate(links):
            self._check_link(goal, parent, path=f"contributes_to[{i}]")
        self._put(goal, links)

    def link(self, child: str, parent: str, *, weight: float = 1.0) -> None:
        """Align an existing goal under another parent (or change an existing link's weight).

        Raises:
            UnknownIdError: either goal is not in the graph.
            CycleError: the link would close a loop; ``cycle`` names the goals around it.
            ValidationError: the child is broader than the parent, or the weight is not
                positive.
        """
        goal = self.goal(child)
        w = _weight(weight, path="weight")
        self._check_link(goal, parent, path="parent")
        if parent not in self._parents[child]:
            loop = self._path_up(parent, child)
            if loop is not None:
                raise CycleError("goal", [child, *loop], path="parent")
            if self._seq[parent] > self._seq[child]:
                self._backward += 1
        self._parents[child][parent] = w
        self._children[parent][child] = w

    def unlink(self, child: str, parent: str) -> None:
        """Remove the link from ``child`` to ``parent``; ``UnknownIdError`` if there is none."""
        self.goal(child)
        self.goal(parent)
        if parent not in self._parents[child]:
            raise UnknownIdError(
                "link", f"{child} -> {parent}", expected="an existing contributes-to link"
            )
        del self._parents[child][parent]
        del self._children[parent][child]
        if self._seq[parent] > self._seq[child]:
            self._backward -= 1

    def remove(self, id: str) -> None:
        """Remove a goal without children (and its links up); a parent is refused."""
        goal = self.goal(id)
        if self._children[id]:
            kids = sorted(self._children[id])
            raise ValidationError(
                f"goal {id!r} has {len(kids)} contributing goal(s) ({', '.join(kids[:3])}"
                f"{', ...' if len(kids) > 3 else ''}); remove or re-link them first",
                path="id",
                code="goal-has-children",
                params={"goal": id, "children": kids},
            )
        seq = self._seq.pop(id)
        for parent in self._parents.pop(id):
            del self._children[parent][id]
            if self._seq[parent] > seq:
                self._backward -= 1
        del self._children[id]
        del self._goals[id]
        for competency in goal.competencies:
            owners = self._by_competency[competency]
            owners[goal.owner].discard(id)
            if not owners[goal.owner]:
                del owners[goal.owner]
                if not owners:
                    del self._by_competency[competency]

    def add_objectives(
        self, justifications: Iterable[Justified], *, deadline: dt.date | None = None
    ) -> tuple[Goal, ...]:
        """Turn justified person needs into individual objectives under the goals they serve.

        For every justification that is ``ok`` and about a person, an ``INDIVIDUAL`` goal
        ``obj:{person}:{competency}`` owned by the person, developing the competency to the
        required level, due ``deadline`` (else the need's ``due``), linked under each goal
        that justified it. Idempotent: an objective that exists only gains the links it
        lacks. Unit needs and needs that did not pass the gate are skipped.

        Returns:
            The objectives of the accepted justifications, each once, in the order given.

        Raises:
            UnknownIdError: a justifying goal is not in this graph.
            ValidationError: a justification is malformed, or the objective's id is taken
                by a goal that is not an individual objective. Nothing is changed then.
        """
        if deadline is not None and not check.is_day(deadline):
            raise ValidationError(
                f"expected deadline to be a datetime.date or None, got {check.describe(deadline)}",
                path="deadline",
            )
        given: object = justifications  # typed loosely: callers may pass anything
        if isinstance(given, str) or not isinstance(given, Iterable):
            raise ValidationError(
                f"expected an iterable of Justification, got {check.describe(justifications)}",
                path="justifications",
            )
        plan: dict[str, tuple[Goal, list[str]]] = {}
        for i, j in enumerate(justifications):
            read = _read_justified(j)
            if read is None:
                raise ValidationError(
                    f"expected a Justification, got {check.describe(j)}",
                    path=f"justifications[{i}]",
                )
            ok, need, justifying = read
            if not ok or need.scope != "person":
                continue
            for k, gid in enumerate(justifying):
                if gid not in self._goals:
                    raise UnknownIdError(
                        "goal",
                        gid,
                        path=f"justifications[{i}].goal_paths[{k}]",
                        expected="a goal in this graph",
                    )
            oid = f"obj:{need.subject}:{need.competency}"
            existing = self._goals.get(oid)
            if existing is not None and existing.level is not Level.INDIVIDUAL:
                raise ValidationError(
                    f"goal {oid!r} exists but is a {existing.level.name.lower()} goal, "
                    "not an individual objective",
                    path=f"justifications[{i}]",
                    code="objective-id-taken",
                    params={"goal": oid},
                )
            if oid in plan:
                plan[oid][1].extend(g for g in justifying if g not in plan[oid][1])
                continue
            goal = existing or Goal(
                oid,
                f"{need.subject}: {need.competency} to level {need.required}",
                Level.INDIVIDUAL,
                owner=need.subject,
                deadline=deadline if deadline is not None else need.due,
                competencies={need.competency},
                target_level=need.required,
            )
            plan[oid] = (goal, list(justifying))
        # Everything is checked: an objective is the narrowest level, so its links can
        # neither close a cycle nor run to a narrower goal.
        for oid, (goal, parents) in plan.items():
            if oid not in self._goals:
                self.add(goal, contributes_to=parents)
            else:
                for parent in parents:
                    if parent not in self._parents[oid]:
                        self.link(oid, parent)
        return tuple(goal for goal, _ in plan.values())

    @classmethod
    def from_links(
        cls,
        goals: Iterable[Goal],
        links: Iterable[tuple[str, str] | tuple[str, str, float]] = (),
    ) -> GoalGraph:
        """A graph of ``goals`` joined by ``links``, built and checked as a whole.

        Each link is ``(child, parent)`` or ``(child, parent, weight)``, as
        :meth:`links` yields them. The result, and the first error if any, are those of
        adding the goals in order and then linking the links in order with :meth:`link`
        (a repeated link updates its weight), but the cost is linear in the goals and
        links: a graph read from a document of any shape is checked for cycles once, not
        once per link. Error paths name the place: ``goals[3].id``, ``links[7].parent``.

        >>> g = GoalGraph.from_links(
        ...     [Goal("star", "Safe care", Level.ORGANIZATION),
        ...      Goal("team", "Double-checks", Level.TEAM, owner="north")],
        ...     [("team", "star", 2.0)],
        ... )
        >>> g.parents("team"), g.weight("team", "star")
        (('star',), 2.0)
        >>> GoalGraph.from_links(
        ...     [Goal("a", "A", Level.TEAM, owner="x"), Goal("b", "B", Level.TEAM, owner="x")],
        ...     [("a", "b"), ("b", "a")],
        ... )
        Traceback (most recent call last):
        ...
        larande.exceptions.CycleError: links[1].parent: goal cycle: b -> a -> b

        Raises:
            DuplicateIdError: a goal id comes twice.
            UnknownIdError: a link names a goal that is not among ``goals``.
            CycleError: a link closes a loop (the first such link in the order given).
            ValidationError: a goal is not a :class:`Goal`, a link is malformed, runs from
                a broader goal to a narrower one, or has a weight that is not positive.
        """
        graph = cls()
        given: object = goals  # typed loosely: callers may pass anything
        if isinstance(given, str | bytes) or not isinstance(given, Iterable):
            raise ValidationError(
                f"expected an iterable of Goal, got {check.describe(goals)}", path="goals"
            )
        given_links: object = links
        if isinstance(given_links, str | bytes) or not isinstance(given_links, Iterable):
            raise ValidationError(
                f"expected an iterable of (child, parent, weight) links, got "
                f"{check.describe(links)}",
                path="links",
            )
        for i, goal in enumerate(goals):
            if not isinstance(goal, Goal):
                raise ValidationError(
                    f"expected a Goal, got {check.describe(goal)}",
                    path=f"goals[{i}]",
                    code="not-a-goal",
                )
            if goal.id in graph._goals:
                raise DuplicateIdError("goal", goal.id, path=f"goals[{i}].id")
            graph._put(goal, {})
        # Every link is read and checked on its own first, up to the first bad one; the
        # links before it are then checked for cycles in one pass. A cycle among them was
        # refused first when linking one by one, so it is refused first here too.
        edges: list[tuple[str, str, float]] = []
        failure: ValidationError | None = None
        for i, link in enumerate(links):
            try:
                edges.append(graph._read_link(link, path=f"links[{i}]"))
            except ValidationError as err:
                failure = err
                break
        closing = _first_closing_link(edges)
        if closing is not None:
            graph._apply(edges[:closing])
            child, parent, _ = edges[closing]
            loop = graph._path_up(parent, child)
            assert loop is not None
            raise CycleError("goal", [child, *loop], path=f"links[{closing}].parent")
        if failure is not None:
            raise failure
        graph._apply(edges)
        return graph

    def _put(self, goal: Goal, links: dict[str, float]) -> None:
        """Store a checked goal with its checked links up, and index it."""
        self._goals[goal.id] = goal
        self._seq[goal.id] = self._added
        self._added += 1
        self._parents[goal.id] = links
        self._children[goal.id] = {}
        for parent, w in links.items():
            self._children[parent][goal.id] = w
        for competency in goal.competencies:
            owners = self._by_competency.setdefault(competency, {})
            owners.setdefault(goal.owner, set()).add(goal.id)

    def _read_link(self, link: object, *, path: str) -> tuple[str, str, float]:
        """One ``(child, parent[, weight])`` link of :meth:`from_links`, checked but cycles."""
        if not isinstance(link, tuple) or len(link) not in (2, 3):
            raise ValidationError(
                f"expected a link (child, parent) or (child, parent, weight), got "
                f"{check.describe(link)}",
                path=path,
            )
        child, parent = link[0], link[1]
        for name, gid in (("child", child), ("parent", parent)):
            if not isinstance(gid, str) or gid not in self._goals:
                raise UnknownIdError(
                    "goal", str(gid), path=f"{path}.{name}", expected="a goal in the graph"
                )
        w = _weight(link[2] if len(link) == 3 else 1.0, path=f"{path}.weight")
        self._check_link(self._goals[child], parent, path=f"{path}.parent")
        return child, parent, w

    def _apply(self, edges: Iterable[tuple[str, str, float]]) -> None:
        """Link checked, acyclic ``(child, parent, weight)`` edges; a repeat sets the weight."""
        parents, children, seq = self._parents, self._children, self._seq
        for child, parent, w in edges:
            if parent not in parents[child] and seq[parent] > seq[child]:
                self._backward += 1
            parents[child][parent] = w
            children[parent][child] = w

    def copy(self) -> GoalGraph:
        """An independent copy (goals are immutable and shared)."""
        new = GoalGraph()
        new._goals = dict(self._goals)
        new._parents = {k: dict(v) for k, v in self._parents.items()}
        new._children = {k: dict(v) for k, v in self._children.items()}
        new._by_competency = {
            c: {o: set(ids) for o, ids in owners.items()}
            for c, owners in self._by_competency.items()
        }
        new._seq = dict(self._seq)
        new._added = self._added
        new._backward = self._backward
        return new

    def _parent_weights(
        self, contributes_to: str | Iterable[str] | Mapping[str, float], weight: float
    ) -> dict[str, float]:
        if isinstance(contributes_to, str):
            items: list[tuple[object, object]] = [(contributes_to, weight)]
        elif isinstance(contributes_to, Mapping):
            items = list(contributes_to.items())
        elif isinstance(contributes_to, Iterable):
            items = [(p, weight) for p in contributes_to]
        else:
            raise ValidationError(
                "expected contributes_to to be a goal id, an iterable of ids or a mapping "
                f"id -> weight, got {check.describe(contributes_to)}",
                path="contributes_to",
            )
        links: dict[str, float] = {}
        for i, (parent, w) in enumerate(items):
            if not check.is_id(parent):
                raise ValidationError(
                    f"expected a goal id, got {check.describe(parent)}",
                    path=f"contributes_to[{i}]",
                )
            assert isinstance(parent, str)
            if parent not in self._goals:
                raise UnknownIdError(
                    "goal", parent, path=f"contributes_to[{i}]", expected="a goal in the graph"
                )
            links[parent] = _weight(w, path="weight")
        return links

    def _check_link(self, child: Goal, parent_id: str, *, path: str) -> None:
        try:
            parent = self._goals[parent_id]
        except (KeyError, TypeError):
            raise UnknownIdError(
                "goal", str(parent_id), path=path, expected="a goal in the graph"
            ) from None
        if child.level < parent.level:
            raise ValidationError(
                f"goal {child.id!r} ({child.level.name.lower()}) is broader than "
                f"{parent.id!r} ({parent.level.name.lower()}); a goal contributes to "
                "goals at its own level or broader",
                path=path,
                code="child-broader-than-parent",
                params={
                    "child": child.id,
                    "child_level": child.level.name.lower(),
                    "parent": parent.id,
                    "parent_level": parent.level.name.lower(),
                },
            )

    def _path_up(self, start: str, target: str) -> list[str] | None:
        """A path of parent links from ``start`` up to ``target``, both included, or None."""
        if start == target:
            return [start]
        # Levels never narrow going up, so a loop back to ``target`` stays at its level.
        level = self._goals[target].level
        came_from: dict[str, str | None] = {start: None}
        stack = [start]
        while stack:
            node = stack.pop()
            for up in self._parents[node]:
                if up in came_from or self._goals[up].level != level:
                    continue
                came_from[up] = node
                if up == target:
                    path = [up]
                    back = came_from[up]
                    while back is not None:
                        path.append(back)
                        back = came_from[back]
                    return path[::-1]
                stack.append(up)
        return None

    # -- reading -------------------------------------------------------------------------

    def goal(self, id: str) -> Goal:
        """The goal with this id; ``UnknownIdError`` if there is none."""
        try:
            return self._goals[id]
        except (KeyError, TypeError):
            raise UnknownIdError("goal", str(id), expected="a goal in the graph") from None

    def parents(self, id: str) -> tuple[str, ...]:
        """The ids of the goals ``id`` contributes to, sorted."""
        self.goal(id)
        return tuple(sorted(self._parents[id]))

    def children(self, id: str) -> tuple[str, ...]:
        """The ids of the goals contributing to ``id``, sorted."""
        self.goal(id)
        return tuple(sorted(self._children[id]))

    def weight(self, child: str, parent: str) -> float:
        """The weight of the link from ``child`` to ``parent``."""
        self.goal(child)
        try:
            return self._parents[child][parent]
        except KeyError:
            raise UnknownIdError("link", f"{child} -> {parent}") from None

    def links(self) -> Iterator[tuple[str, str, float]]:
        """Every link as ``(child, parent, weight)``, children in insertion order."""
        for child, ups in self._parents.items():
            for parent, w in ups.items():
                yield child, parent, w

    def roots(self) -> tuple[str, ...]:
        """The ids of the goals without parents, in insertion order."""
        return tuple(g for g, ups in self._parents.items() if not ups)

    def goals_for(
        self, competency: str, *, owners: Iterable[str | None] | None = None
    ) -> frozenset[str]:
        """The ids of the goals that depend on (or develop) ``competency``.

        With ``owners``, only the goals owned by one of them (``None`` stands for the whole
        organisation). Both come from an index: the graph is not scanned.
        """
        by_owner = self._by_competency.get(competency)
        if not by_owner:
            return frozenset()
        if owners is None:
            return frozenset().union(*by_owner.values())
        return frozenset().union(*(by_owner.get(o, ()) for o in owners))

    def __len__(self) -> int:
        return len(self._goals)

    def __contains__(self, id: object) -> bool:
        return id in self._goals

    def __iter__(self) -> Iterator[str]:
        return iter(self._goals)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GoalGraph):
            return NotImplemented
        return self._goals == other._goals and self._parents == other._parents

    __hash__ = None  # type: ignore[assignment]  # mutable

    def __repr__(self) -> str:
        counts = dict.fromkeys(Level, 0)
        for goal in self._goals.values():
            counts[goal.level] += 1
        levels = ", ".join(f"{n} {lvl.name.lower()}" for lvl, n in counts.items() if n)
        links = sum(len(ups) for ups in self._parents.values())
        return f"<GoalGraph: {len(self._goals)} goals ({levels or 'none'}), {links} links>"

    # -- whole-graph queries -------------------------------------------------------------

    def trace(self, id: str, *, limit: int = TRACE_LIMIT) -> tuple[tuple[str, ...], ...]:
        """Every path from ``id`` up to a root, each a tuple of ids starting at ``id``; sorted.

        This is the "line of sight": how a person's objective serves the whole.

        The paths are counted before any is listed: a lattice of goals two wide and 40 deep
        has 2**40 of them, more than anyone could read or any machine list. So when there
        are more than ``limit`` (1,000 by default), ``trace`` refuses with a
        ``ValidationError`` (code ``too-many-paths``) instead; pass a larger ``limit`` to
        list them anyway. The cost is linear in the goal's ancestors and their links, plus
        the paths returned.

        Raises:
            UnknownIdError: ``id`` is not a goal in the graph.
            ValidationError: ``limit`` is not a whole number of 1 or more, or the goal has
                more paths than ``limit``.
        """
        self.goal(id)
        if type(limit) is not int or limit < 1:
            raise ValidationError(
                f"expected limit to be an int of 1 or more, got {check.describe(limit)}",
                path="limit",
            )
        parents = self._parents
        # The ancestors in post-order (each after the goals it contributes to), then the
        # paths to a root counted from the roots down, capped at limit + 1 so that the
        # numbers stay small.
        order: list[str] = []
        seen = {id}
        stack: list[tuple[str, Iterator[str]]] = [(id, iter(parents[id]))]
        while stack:
            node, ups = stack[-1]
            for up in ups:
                if up not in seen:
                    seen.add(up)
                    stack.append((up, iter(parents[up])))
                    break
            else:
                stack.pop()
                order.append(node)
        count: dict[str, int] = {}
        for node in order:
            above = parents[node]
            count[node] = min(limit + 1, sum(count[up] for up in above)) if above else 1
        if count[id] > limit:
            raise ValidationError(
                f"goal {id!r} has more paths up to a root than the limit of {limit}; pass "
                "a larger limit to list them, or follow parents() a step at a time",
                path="limit",
                code="too-many-paths",
                params={"goal": id, "limit": limit},
            )
        paths: list[tuple[str, ...]] = []
        path = [id]
        walk: list[Iterator[str]] = [iter(parents[id])]
        while walk:
            step = next(walk[-1], None)
            if step is None:
                if not parents[path[-1]]:
                    paths.append(tuple(path))
                walk.pop()
                path.pop()
            else:
                path.append(step)
                walk.append(iter(parents[step]))
        return tuple(sorted(paths))

    def coverage(self) -> dict[str, frozenset[str]]:
        """For each organisation goal without parents, the individual objectives under it.

        An empty set means nobody learns anything for that goal.
        """
        goals = self._goals
        children = self._children
        out: dict[str, frozenset[str]] = {}
        for root, ups in self._parents.items():
            if ups or goals[root].level is not Level.ORGANIZATION:
                continue
            seen = {root}
            stack = [root]
            found: list[str] = []
            while stack:
                for child in children[stack.pop()]:
                    if child not in seen:
                        seen.add(child)
                        stack.append(child)
                        if goals[child].level is Level.INDIVIDUAL:
                            found.append(child)
            out[root] = frozenset(found)
        return out

    def findings(
        self, *, as_of: dt.date | None = None, achieved: Collection[str] = frozenset()
    ) -> tuple[Finding, ...]:
        """What a manager should look at in this graph, sorted by code, then subject.

        Codes (:class:`FindingCode`): ``orphan``, ``unmeasurable``,
        ``deadline-after-parent``, ``uncovered``, ``too-many-goals`` (severity ``info``)
        and, with ``as_of``, ``overdue`` for goals due before ``as_of`` and not in
        ``achieved``.
        """
        return graph_findings(self._goals, self._parents, as_of=as_of, achieved=achieved)

    def rollup(self, progress: Mapping[str, float]) -> dict[str, float]:
        """Every goal's progress from the progress given for some of them.

        A given value is that goal's own; otherwise a goal's progress is the weighted mean
        of its children's; a leaf without a value counts 0. Every result is in [0, 1].

        Raises:
            UnknownIdError: a given id is not a goal in the graph.
            ValidationError: a value is not a number in [0, 1].
        """
        if not isinstance(progress, Mapping):
            raise ValidationError(
                f"expected a mapping goal id -> progress, got {check.describe(progress)}",
                path="progress",
            )
        goals = self._goals
        for gid, value in progress.items():
            if gid not in goals:
                raise UnknownIdError("goal", str(gid), path=f"progress[{gid!r}]")
            if (
                not isinstance(value, int | float)
                or isinstance(value, bool)
                or not 0 <= value <= 1
            ):
                raise ValidationError(
                    f"expected progress in [0, 1] for goal {gid!r}, got {check.describe(value)}",
                    path=f"progress[{gid!r}]",
                    code="progress-out-of-range",
                    params={"goal": gid, "value": repr(value)},
                )
        children = self._children
        result: dict[str, float] = {}
        get = progress.get
        for gid in self._bottom_up():
            given = get(gid)
            if given is not None:
                result[gid] = float(given)
                continue
            kids = children[gid]
            if not kids:
                result[gid] = 0.0
                continue
            # fsum is exactly rounded, so the result does not depend on the order the
            # children were linked in.
            total = fsum([w * result[kid] for kid, w in kids.items()])
            result[gid] = min(1.0, total / fsum(kids.values()))
        return result

    def _bottom_up(self) -> Iterable[str]:
        """Every goal id, each after all the goals contributing to it."""
        if not self._backward:
            return reversed(self._goals)
        # Kahn's algorithm from the leaves up.
        parents = self._parents
        waiting = {g: len(kids) for g, kids in self._children.items()}
        ready = [g for g, n in waiting.items() if n == 0]
        order: list[str] = []
        while ready:
            gid = ready.pop()
            order.append(gid)
            for up in parents[gid]:
                waiting[up] -= 1
                if not waiting[up]:
                    ready.append(up)
        return order

    def to_networkx(self) -> nx.DiGraph[str]:
        """A copy as a ``networkx.DiGraph``.

        Nodes carry their ``goal``; edges run child → parent and carry their ``weight``.
        """
        import networkx as nx

        graph: nx.DiGraph[str] = nx.DiGraph()
        for gid, goal in self._goals.items():
            graph.add_node(gid, goal=goal)
        for child, parent, w in self.links():
            graph.add_edge(child, parent, weight=w)
        return graph
