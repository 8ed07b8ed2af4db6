"""Sweden's public sector as data: 290 municipalities and 21 regions, each made on demand."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import math
import random
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import Any

import attrs

from larande import _check as check
from larande._unchecked import unchecked
from larande.dataset import Dataset
from larande.datasets import _demo
from larande.datasets._synthetic import synthetic
from larande.exceptions import UnknownIdError, ValidationError
from larande.followup import Event, Retracted
from larande.frozenmap import FrozenMap
from larande.goals import Goal, Level, Metric
from larande.organization import Organization, Unit

__all__ = ["NATIONAL_GOALS", "National", "national"]

NATIONAL_PEOPLE = {"municipality": 1_000_000, "region": 300_000}
"""People employed at ``scale=1.0``: about what SKR's members employ (1.3 million)."""

_YEAR_END = dt.date(_demo.AS_OF.year, 12, 31)

NATIONAL_GOALS = (
    Goal(
        "national:care",
        "Safer medication in all of Sweden's care",
        Level.ORGANIZATION,
        metric=Metric("medication deviations", "per month", 40_000, 20_000),
        deadline=_YEAR_END,
        competencies={"medication"},
    ),
    Goal(
        "national:digital",
        "Digital first in the public sector",
        Level.ORGANIZATION,
        metric=Metric("services digitalised", "%", 20, 60),
        deadline=_YEAR_END,
        competencies={"digital-supervision", "ci-cd"},
    ),
)
"""The shared national goals every generated organisation's guiding stars contribute to.

Each organisation's goal graph holds a copy (so that analysis weighs the competencies they
depend on); :func:`larande.distributed.run` rolls them up across the nation.
"""

# Which of an organisation's own guiding stars serves which national goal.
_SERVES = {"star-care": "national:care", "star-digital": "national:digital"}

# The three metropolitan municipalities and regions: the real skew's long tail.
_METROPOLITAN = frozenset({"0180", "1480", "1280", "01", "14", "12"})


@attrs.frozen
class _Place:
    id: str
    name: str
    kind: str  # "municipality" or "region"


@cache
def _places() -> tuple[_Place, ...]:
    """The 290 municipalities and 21 regions, from the bundled CC0 files, in id order."""
    root = resources.files("larande.datasets") / "data" / "sweden"
    out: list[_Place] = []
    with io.StringIO((root / "counties.csv").read_text(encoding="utf-8")) as f:
        out.extend(
            _Place(row["county_code"], f"Region {row['county_name_short']}", "region")
            for row in csv.DictReader(f)
        )
    with io.StringIO((root / "municipalities.csv").read_text(encoding="utf-8")) as f:
        out.extend(
            _Place(row["municipality_code"], row["municipality_name"], "municipality")
            for row in csv.DictReader(f)
        )
    return tuple(sorted(out, key=lambda p: p.id))


def _weights(seed: int) -> dict[str, float]:
    """Each organisation's share of its kind's people: log-normal, county seats larger.

    Municipalities whose code ends in 80 are the county seats; the metropolitan ones are
    larger still, so that a few very large cities and regions stand above many
    municipalities of a few hundred to a few thousand employees.
    """
    rng = random.Random(seed)
    raw: dict[str, float] = {}
    for place in _places():
        metropolitan = place.id in _METROPOLITAN
        # The metropolitan sizes vary little: their place at the top is the real skew.
        spread = 0.15 if metropolitan else (0.4 if place.kind == "region" else 0.7)
        weight = math.exp(rng.gauss(0.0, spread))
        if place.kind == "region":
            weight *= 8.0 * (5.0 if metropolitan else 1.0)
        else:
            weight *= (3.0 if place.id.endswith("80") else 1.0) * (12.0 if metropolitan else 1.0)
        raw[place.id] = weight
    totals: dict[str, float] = {}
    kinds = {p.id: p.kind for p in _places()}
    for pid, w in raw.items():
        totals[kinds[pid]] = totals.get(kinds[pid], 0.0) + w
    return {pid: NATIONAL_PEOPLE[kinds[pid]] * w / totals[kinds[pid]] for pid, w in raw.items()}


def _org_seed(seed: int, org_id: str) -> int:
    """The organisation's own seed: the same for the same (seed, id), on every machine."""
    digest = hashlib.blake2b(f"{seed}:{org_id}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big")


def _names(value: Any) -> FrozenMap[str, str]:
    return check.as_frozenmap(value)  # type: ignore[no-any-return]


def _sizes(value: Any) -> FrozenMap[str, int]:
    return check.as_frozenmap(value)  # type: ignore[no-any-return]


@attrs.frozen(repr=False)
class National:
    """A nation of organisations, each generated on demand: never all in memory at once.

    Made by :func:`national`. Pickles small (a few kilobytes), so a Dask task can carry it
    and generate its organisation where it runs.

    Attributes:
        scale: the share of the real sizes (1.0: about 1.3 million people).
        seed: the seed everything is drawn from.
        ids: the organisations' official codes, in id order (two digits for a region,
            the county's code; four for a municipality).
        names: each organisation's name (``"Stockholms kommun"``, ``"Region Stockholm"``).
        sizes: how many people each organisation employs.
        as_of: the generated organisations' "today".
    """

    scale: float
    seed: int
    ids: tuple[str, ...] = attrs.field(converter=check.strs)
    names: FrozenMap[str, str] = attrs.field(converter=_names)
    sizes: FrozenMap[str, int] = attrs.field(converter=_sizes)
    as_of: dt.date = attrs.field(default=_demo.AS_OF, validator=check.day)

    def __attrs_post_init__(self) -> None:
        if list(self.ids) != sorted(set(self.ids)):
            raise ValidationError(
                "expected the organisation ids unique and in id order",
                path="ids",
                code="ids-not-in-order",
            )
        for name, mapping in (("names", self.names), ("sizes", self.sizes)):
            if set(mapping) != set(self.ids):
                raise ValidationError(
                    f"expected {name} to name exactly the organisations of ids",
                    path=name,
                    code="ids-mismatch",
                )
        for org_id, size in self.sizes.items():
            if type(size) is not int or size < 1:
                raise ValidationError(
                    f"expected organisation {org_id!r} to employ at least one person, "
                    f"got {check.describe(size)}",
                    path=f"sizes[{org_id!r}]",
                    code="invalid-size",
                )

    def __repr__(self) -> str:
        return (
            f"National({len(self.ids)} organisations, {self.people:,} people, "
            f"scale={self.scale}, seed={self.seed})"
        )

    def __len__(self) -> int:
        return len(self.ids)

    def __iter__(self) -> Iterator[str]:
        return iter(self.ids)

    @property
    def people(self) -> int:
        """How many people the nation employs in all."""
        return sum(self.sizes.values())

    def kind(self, org_id: str) -> str:
        """``"region"`` or ``"municipality"``."""
        self._known(org_id)
        return "region" if len(org_id) == 2 else "municipality"

    def county(self, org_id: str) -> str:
        """The code of the county the organisation lies in (a region's is its own)."""
        self._known(org_id)
        return org_id[:2]

    def _known(self, org_id: object) -> None:
        if not isinstance(org_id, str) or org_id not in self.sizes:
            raise UnknownIdError(
                "organisation",
                org_id if isinstance(org_id, str) else repr(org_id),
                path="org_id",
                expected="one of National.ids (an official code such as '0180' or '01')",
            )

    def dataset(self, org_id: str) -> Dataset:
        """The organisation's data, generated from its own seed: the same on every call.

        Shaped like :func:`~larande.datasets.synthetic`, with the organisation's code as
        its top unit's id and its real name as that unit's name; event ids start with
        ``"{org_id}:"`` so that they are unique across the nation; the shared
        :data:`NATIONAL_GOALS` are in its goal graph, its guiding stars contributing to them.

        >>> nation = national(scale=0.001)
        >>> ds = nation.dataset("0180")
        >>> ds.org.units[0]
        Unit(id='0180', name='Stockholms kommun', parent=None)
        >>> len(ds.org.people) == nation.sizes["0180"]
        True
        >>> sorted(ds.goals.parents("star-care"))
        ['national:care']
        """
        self._known(org_id)
        base = synthetic(people=self.sizes[org_id], seed=_org_seed(self.seed, org_id))
        return _localise(base, org_id, self.names[org_id])


_make_dataset = unchecked(Dataset)


def _localise(base: Dataset, org_id: str, name: str) -> Dataset:
    """``base`` as organisation ``org_id``: its top unit, its event ids, the national goals.

    Every record but the renamed ones is reused as it is, and the dataset is not checked
    again: renaming ids consistently keeps a valid dataset valid, and checking a large
    organisation's events twice would double the cost of generating it.
    """
    org = base.org
    top = org.units[0].id
    units = [
        Unit(org_id, name)
        if u.id == top
        else (u if u.parent != top else Unit(u.id, u.name, parent=org_id))
        for u in org.units
    ]
    people = [
        p if p.unit != top else attrs.evolve(p, unit=org_id)  # a director sits at the top
        for p in org.people
    ]
    renamed = Organization(units, people, org.roles, org.framework)
    goals = base.goals
    assert goals is not None  # synthetic data always has goals
    for goal in NATIONAL_GOALS:
        goals.add(goal)
    for star, parent in _SERVES.items():
        if star in goals:
            goals.link(star, parent)
    fields = attrs.asdict(base, recurse=False)
    fields.update(org=renamed, goals=goals, events=_prefixed(base.events, f"{org_id}:"))
    return _make_dataset(*(fields[f.name] for f in attrs.fields(Dataset)))


_MAKERS: dict[type, tuple[Callable[..., Any], tuple[str, ...]]] = {}


def _prefixed(events: tuple[Event, ...], prefix: str) -> tuple[Event, ...]:
    """The events with ``prefix`` before their ids (and a retraction's target)."""
    out: list[Event] = []
    for e in events:
        cls = type(e)
        made = _MAKERS.get(cls)
        if made is None:
            made = _MAKERS[cls] = (unchecked(cls), tuple(f.name for f in attrs.fields(cls)))
        make, names = made
        values = [getattr(e, n) for n in names]
        values[names.index("id")] = prefix + e.id
        if isinstance(e, Retracted):
            values[names.index("target")] = prefix + e.target
        out.append(make(*values))
    return tuple(out)


def national(*, scale: float = 1.0, seed: int = 0) -> National:
    """Sweden's public sector in miniature or in full: 290 municipalities and 21 regions.

    Named and coded as the real ones (the official codes from the bundled CC0 files); their
    sizes are drawn from a skewed (log-normal) distribution, county seats and the three
    metropolitan areas larger, that sums to about 1.3 million people at ``scale=1.0``
    (about 1 million in municipalities, 300,000 in regions). Sizes are linear in
    ``scale`` (rounded, at least one person each); the same ``seed`` gives the same
    nation. Nothing is generated until :meth:`National.dataset` asks for an organisation.

    Args:
        scale: the share of the real sizes, above 0.
        seed: the seed of the sizes and of every organisation's own seed.

    Raises:
        ValidationError: ``scale`` is not a finite number above 0, or ``seed`` is not an
            int.

    >>> nation = national(scale=0.01, seed=0)
    >>> len(nation.ids), nation.ids[:3]
    (311, ('01', '0114', '0115'))
    >>> nation.names["1480"], nation.kind("14")
    ('Göteborgs kommun', 'region')
    >>> 12_000 < nation.people < 14_000
    True
    """
    if isinstance(scale, bool) or not isinstance(scale, int | float):
        raise ValidationError(
            f"expected scale to be a number above 0, got {check.describe(scale)}",
            path="scale",
            code="invalid-scale",
            params={"value": repr(scale)},
        )
    if not math.isfinite(scale) or scale <= 0:
        raise ValidationError(
            f"expected scale to be a finite number above 0, got {scale!r}",
            path="scale",
            code="invalid-scale",
            params={"value": repr(scale)},
        )
    if type(seed) is not int:
        raise ValidationError(
            f"expected an int seed, got {check.describe(seed)}",
            path="seed",
            code="invalid-seed",
            params={"value": repr(seed)},
        )
    weights = _weights(seed)
    places = _places()
    return National(
        scale=float(scale),
        seed=seed,
        ids=[p.id for p in places],
        names={p.id: p.name for p in places},
        sizes={p.id: max(1, round(weights[p.id] * scale)) for p in places},
    )
