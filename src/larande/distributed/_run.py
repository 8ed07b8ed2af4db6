"""A nation's organisations reviewed as tasks, in-process or on a Dask cluster."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping, Sized
from typing import Any

from larande import _check as check
from larande._gc import collector_pausable, pause_collector
from larande.dataset import Dataset
from larande.datasets import National
from larande.distributed._result import NATION, NationalResult
from larande.distributed._summary import Failure, Partial, summarise, summarise_national
from larande.exceptions import DuplicateIdError, ValidationError

ProgressCallback = Callable[[int, int], object]

# Tasks in flight per worker thread when the source is a stream of datasets: enough to keep
# every worker busy, few enough that the stream is never all in memory.
_IN_FLIGHT_PER_THREAD = 2


def run(
    source: National | Iterable[tuple[str, Dataset]],
    *,
    as_of: dt.date,
    client: Any = None,
    min_group: int = 5,
    progress: ProgressCallback | None = None,
    taken: Mapping[str, Mapping[str, int]] | None = None,
) -> NationalResult:
    """Review every organisation of ``source`` on ``as_of`` and merge the national picture.

    Each organisation's :func:`~larande.review` is its own task; only a small summary of
    it comes back (counts per competency, hours per month, goal roll-ups: never people),
    and the summaries are merged in organisation-id order, so the result does not depend
    on the order of the source, on the number of workers or on which task finished first.

    Without ``client`` the tasks run one after another in this process; with a
    ``dask.distributed.Client`` each is a Dask task (retried if its worker dies: a task
    is pure, so a retry gives the same summary). A :class:`~larande.datasets.National`
    source sends only its few-kilobyte description: each task generates its
    organisation where it runs. A stream of ``(org_id, Dataset)`` pairs (say,
    :func:`larande.io.json.read_folder`) is read lazily, a few tasks ahead of the workers.

    Args:
        source: a :class:`~larande.datasets.National` or an iterable of
            ``(org_id, Dataset)`` pairs.
        as_of: the day reviewed, in every organisation.
        client: a ``dask.distributed.Client``, or ``None`` to run in-process.
        min_group: the default smallest group :meth:`NationalResult.matrix` shows.
        progress: called as ``progress(done, total)`` as organisations finish; its last
            call has ``done == total``. For a stream of unknown length ``total`` counts
            the organisations read so far.
        taken: per organisation, the seats of shared sessions that others hold (see
            :func:`quotas`), passed to that organisation's review as ``taken=``.

    A host that let larande pause the garbage collector (:func:`larande.pause_collector`)
    has its workers do the same: each task sets the worker's setting to the caller's.

    Raises:
        ValidationError: a bad argument; a pair that is not ``(org_id, Dataset)``; an
            organisation's review refused its data (the error names the organisation).
        DuplicateIdError: two organisations with one id.

    >>> import datetime as dt
    >>> from larande.datasets import national
    >>> nation = national(scale=0.0002)
    >>> some = [(i, nation.dataset(i)) for i in ("0180", "1480", "01")]
    >>> result = run(some, as_of=dt.date(2026, 1, 12))
    >>> [row.org_id for row in result.summary()]
    ['01', '0180', '1480']
    >>> result == run(reversed(some), as_of=dt.date(2026, 1, 12))
    True
    """
    if not check.is_day(as_of):
        raise ValidationError(
            f"expected as_of to be a datetime.date, got {check.describe(as_of)}",
            path="as_of",
            code="invalid-as-of",
            params={"value": repr(as_of)},
        )
    if type(min_group) is not int or min_group < 1:
        raise ValidationError(
            f"expected min_group to be an int of 1 or more, got {check.describe(min_group)}",
            path="min_group",
            code="invalid-min-group",
            params={"value": repr(min_group)},
        )
    if progress is not None and not callable(progress):
        raise ValidationError(
            f"expected a callable progress(done, total) or None, got {check.describe(progress)}",
            path="progress",
            code="invalid-progress",
        )
    if client is not None and not callable(getattr(client, "submit", None)):
        raise ValidationError(
            f"expected a dask.distributed.Client or None, got {check.describe(client)}",
            path="client",
            code="invalid-client",
        )
    quotas = _check_taken(taken)
    if isinstance(source, National):
        jobs: Iterator[tuple[str, Callable[..., Partial | Failure], tuple[Any, ...]]] = (
            (i, summarise_national, (source, i, as_of, quotas.get(i)))
            for i in _largest_first(source)
        )
        total: int | None = len(source)
    elif isinstance(source, Iterable) and not isinstance(source, str | bytes | Mapping):
        jobs = (
            (org_id, summarise, (org_id, dataset, as_of, quotas.get(org_id)))
            for org_id, dataset in _pairs(source)
        )
        total = len(source) if isinstance(source, Sized) else None
    else:
        raise ValidationError(
            f"expected a National or an iterable of (org_id, Dataset) pairs, got "
            f"{check.describe(source)}",
            path="source",
            code="invalid-source",
        )
    if client is None:
        partials = _in_process(jobs, total, progress)
    else:
        partials = _on_dask(client, jobs, total, progress)
    return NationalResult(as_of, min_group, partials=partials)


def _largest_first(national: National) -> list[str]:
    """Ids by descending size: the longest tasks start first, so the workers end together."""
    return sorted(national.ids, key=lambda i: (-national.sizes[i], i))


def _pairs(source: Iterable[Any]) -> Iterator[tuple[str, Dataset]]:
    """The source's pairs, checked one by one as they are read."""
    seen: set[str] = set()
    for k, pair in enumerate(source):
        if not isinstance(pair, tuple) or len(pair) != 2:
            raise ValidationError(
                f"expected an (org_id, Dataset) pair, got {check.describe(pair)}",
                path=f"source[{k}]",
                code="invalid-source",
            )
        org_id, dataset = pair
        if not check.is_id(org_id) or org_id == NATION:
            raise ValidationError(
                f"expected a non-empty organisation id other than {NATION!r}, got "
                f"{check.describe(org_id)}",
                path=f"source[{k}][0]",
                code="invalid-org-id",
                params={"value": repr(org_id)},
            )
        if not isinstance(dataset, Dataset):
            raise ValidationError(
                f"expected a Dataset for organisation {org_id!r}, got {check.describe(dataset)}",
                path=f"source[{k}][1]",
                code="invalid-source",
                params={"org_id": org_id},
            )
        if org_id in seen:
            raise DuplicateIdError("organisation", org_id, path=f"source[{k}][0]")
        seen.add(org_id)
        yield org_id, dataset


def _check_taken(taken: object) -> dict[str, dict[str, int]]:
    if taken is None:
        return {}
    if not isinstance(taken, Mapping):
        raise ValidationError(
            f"expected taken to map organisation -> session -> seats, got {check.describe(taken)}",
            path="taken",
            code="invalid-taken",
        )
    out: dict[str, dict[str, int]] = {}
    for org_id, seats in taken.items():
        if not isinstance(seats, Mapping):
            raise ValidationError(
                f"expected a mapping session -> seats for organisation {org_id!r}, got "
                f"{check.describe(seats)}",
                path=f"taken[{org_id!r}]",
                code="invalid-taken",
            )
        out[str(org_id)] = dict(seats)
    return out


def _raise(failure: Failure) -> None:
    params = dict(failure.params)
    params["org_id"] = failure.org_id
    where = f"source[{failure.org_id!r}]"
    raise ValidationError(
        f"organisation {failure.org_id!r}: {failure.message}",
        path=f"{where}.{failure.path}" if failure.path else where,
        code=failure.code,
        params=params,
    )


def _in_process(
    jobs: Iterable[tuple[str, Callable[..., Partial | Failure], tuple[Any, ...]]],
    total: int | None,
    progress: ProgressCallback | None,
) -> list[Partial]:
    out: list[Partial] = []
    for seen, (_, task, args) in enumerate(jobs, start=1):
        found = task(*args)
        if isinstance(found, Failure):
            _raise(found)
        assert isinstance(found, Partial)
        out.append(found)
        if progress is not None:
            progress(len(out), total if total is not None else seen)
    if progress is not None and not out:
        progress(0, 0)
    return out


def _as_the_host_allows(
    pausable: bool, task: Callable[..., Partial | Failure], *args: Any
) -> Partial | Failure:
    """Run ``task`` on a worker with the caller's garbage-collector setting.

    Set, not restored: tasks on a worker's threads overlap, and a restore by one would
    undo the setting under another; the setting only ever concerns larande's own calls.
    """
    pause_collector(pausable)
    return task(*args)


def _on_dask(
    client: Any,
    jobs: Iterable[tuple[str, Callable[..., Partial | Failure], tuple[Any, ...]]],
    total: int | None,
    progress: ProgressCallback | None,
) -> list[Partial]:
    import distributed

    as_completed: Any = distributed.as_completed
    threads = sum(client.nthreads().values()) or 1
    pausable = collector_pausable()
    window = max(2, _IN_FLIGHT_PER_THREAD * threads)
    pending = as_completed()
    out: list[Partial] = []
    seen = 0
    futures: list[Any] = []

    def collect_one() -> None:
        future = next(pending)
        found = future.result()
        future.release()
        if isinstance(found, Failure):
            _raise(found)
        out.append(found)
        if progress is not None:
            progress(len(out), total if total is not None else seen)

    try:
        for _, task, args in jobs:
            seen += 1
            # The dataset travels in the task itself, not scattered to one worker: if that
            # worker dies, Dask can run the task again elsewhere (scattered data would be
            # lost with it). pure=False: Dask names the task; a rerun gives the same summary.
            future = client.submit(
                _as_the_host_allows, pausable, task, *args, pure=False, retries=3
            )
            futures.append(future)
            pending.add(future)
            while pending.count() >= window:
                collect_one()
        while pending.count():
            collect_one()
    except BaseException:
        client.cancel(futures)
        raise
    if progress is not None and not out:
        progress(0, 0)
    return out
