"""larande.distributed.run: every organisation's review a task, one national picture."""

from __future__ import annotations

import datetime as dt
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from larande import Dataset, review
from larande.datasets import National, national, synthetic
from larande.distributed import NATION, NationalResult, quotas, run
from larande.distributed._summary import Partial
from larande.exceptions import DuplicateIdError, ValidationError
from larande.followup import Measured
from larande.io.json import read_folder, write_folder

distributed = pytest.importorskip("distributed")

Pairs = list[tuple[str, Dataset]]


@pytest.fixture(scope="module")
def nation() -> National:
    return national(scale=0.0005, seed=0)


@pytest.fixture(scope="module")
def sample(nation: National) -> Pairs:
    """Twenty organisations: regions and municipalities, large and very small."""
    return [(i, nation.dataset(i)) for i in nation.ids[::16][:20]]


@pytest.fixture(scope="module")
def as_of(nation: National) -> dt.date:
    return nation.as_of


@pytest.fixture(scope="module")
def alone(sample: Pairs, as_of: dt.date) -> NationalResult:
    return run(sample, as_of=as_of)


@pytest.fixture(scope="module")
def processes() -> Iterator[Any]:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


# The sample and its result --------------------------------------------------------------


def test_each_organisation_is_summarised_as_its_own_review(
    sample: Pairs, as_of: dt.date, alone: NationalResult
) -> None:
    expected = []
    for org_id, ds in sample:
        r = review(ds, as_of=as_of)
        expected.append(
            (
                org_id,
                len(ds.org.people),
                len(r.report.needs),
                len(r.schedule.placements),
                len(r.schedule.unplaced),
            )
        )
    actual = [attrs.astuple(row) for row in alone.summary()]
    assert sorted(expected) == actual


def test_the_matrix_counts_what_each_organisations_own_matrix_counts_at_the_top(
    sample: Pairs, as_of: dt.date, alone: NationalResult
) -> None:
    org_id, ds = max(sample, key=lambda p: len(p[1].org.people))
    own = review(ds, as_of=as_of).report.matrix(min_group=1)
    top = ds.org.units[0].id
    expected = {c: own[(u, c)] for u, c in own if u == top}
    national_matrix = alone.matrix(min_group=1)
    actual = {c: national_matrix[(o, c)] for o, c in national_matrix if o == org_id}
    assert expected == actual


def test_the_national_row_sums_the_organisations(alone: NationalResult) -> None:
    m = alone.matrix(min_group=1)
    for competency in m.competencies:
        rows = [m[(o, competency)] for o in alone.ids if (o, competency) in m]
        assert sum(c.people or 0 for c in rows) == m[(NATION, competency)].people


def test_the_order_of_the_source_does_not_matter(
    sample: Pairs, as_of: dt.date, alone: NationalResult
) -> None:
    shuffled = sample[7:] + sample[:7][::-1]
    assert alone == run(shuffled, as_of=as_of)


def test_summary_rows_are_in_org_id_order(alone: NationalResult) -> None:
    ids = [row.org_id for row in alone.summary()]
    assert sorted(ids) == ids


def test_load_sums_every_organisations_hours_per_month(
    sample: Pairs, as_of: dt.date, alone: NationalResult
) -> None:
    expected: dict[tuple[int, int], float] = {}
    for _, ds in sorted(sample, key=lambda p: p[0]):
        schedule = review(ds, as_of=as_of).schedule
        for p in schedule.placements:
            month = (p.on.year, p.on.month)
            expected[month] = (
                expected.get(month, 0.0) + schedule.efforts[p.activity].seconds / 3600
            )
    assert expected == alone.load()


def test_progress_rolls_up_each_shared_national_goal(alone: NationalResult) -> None:
    found = alone.progress()
    assert sorted(found) == ["national:care", "national:digital"]
    care = found["national:care"]
    assert (20, sum(r.people for r in alone.summary())) == (care.organizations, care.people)
    assert 0.0 <= care.fraction <= 1.0
    assert care.measured is None


def test_a_national_measurement_is_the_goals_own_progress(sample: Pairs, as_of: dt.date) -> None:
    org_id, ds = sample[0]
    measured = Measured("se-care-2025-12", "national:care", as_of - dt.timedelta(days=5), 30_000)
    with_it = attrs.evolve(ds, events=(*ds.events, measured))
    care = run([(org_id, with_it), sample[1]], as_of=as_of).progress()["national:care"]
    assert care.measured is not None
    assert care.fraction == 0.5


def test_a_national_measurement_copied_into_several_organisations_counts_once(
    sample: Pairs, as_of: dt.date
) -> None:
    m = Measured("se-care-2025-12", "national:care", as_of - dt.timedelta(days=5), 30_000)
    pairs = [(o, attrs.evolve(ds, events=(*ds.events, m))) for o, ds in sample[:3]]
    assert run(pairs, as_of=as_of).progress()["national:care"].fraction == 0.5


def test_two_different_national_measurements_with_one_id_are_refused(
    sample: Pairs, as_of: dt.date
) -> None:
    day = as_of - dt.timedelta(days=5)
    (a, da), (b, db) = sample[:2]
    pairs = [
        (a, attrs.evolve(da, events=(*da.events, Measured("m1", "national:care", day, 30_000)))),
        (b, attrs.evolve(db, events=(*db.events, Measured("m1", "national:care", day, 31_000)))),
    ]
    with pytest.raises(ValidationError, match="'m1'"):
        run(pairs, as_of=as_of).progress()


# Suppression ------------------------------------------------------------------------------


def test_an_organisation_below_min_group_is_suppressed(alone: NationalResult) -> None:
    m = alone.matrix(min_group=1)
    small = [(o, c) for (o, c), cell in m.items() if o != NATION and cell.people == 1]
    suppressed = alone.matrix(min_group=5)
    assert small
    assert all(suppressed[key].suppressed for key in small)


def test_min_group_of_the_run_is_the_matrix_default(sample: Pairs, as_of: dt.date) -> None:
    result = run(sample[:5], as_of=as_of, min_group=3)
    assert result.matrix().min_group == 3


def _check_suppression(result: NationalResult, min_group: int) -> None:
    full = result.matrix(min_group=1)
    shown = result.matrix(min_group=min_group)
    for competency in full.competencies:
        orgs = [o for o in result.ids if (o, competency) in full]
        for o in orgs:
            cell = shown[(o, competency)]
            assert cell.suppressed or (cell.people or 0) >= min_group
        if not shown[(NATION, competency)].suppressed:
            # What subtraction from the national total reveals: none or a whole group.
            rest = sum(
                full[(o, competency)].people or 0
                for o in orgs
                if shown[(o, competency)].suppressed
            )
            assert rest == 0 or rest >= min_group


@given(st.integers(min_value=1, max_value=40))
def test_no_shown_cell_reveals_a_group_below_min_group(
    alone: NationalResult, min_group: int
) -> None:
    _check_suppression(alone, min_group)


def _partial(org_id: str, counts: list[int]) -> Partial:
    return Partial(
        org_id,
        sum(counts),
        0,
        0,
        0,
        tuple((f"c{k}", n, n // 2, n) for k, n in enumerate(counts) if n),
        (),
        (),
        (),
        (),
    )


@given(
    st.lists(st.lists(st.integers(0, 12), min_size=3, max_size=3), min_size=1, max_size=25),
    st.integers(1, 10),
)
def test_secondary_suppression_holds_on_any_national_table(
    table: list[list[int]], min_group: int
) -> None:
    partials = [_partial(f"o{k:02d}", row) for k, row in enumerate(table)]
    result = NationalResult(dt.date(2026, 1, 12), min_group, partials=partials)
    _check_suppression(result, min_group)


def test_a_min_group_below_one_is_refused(alone: NationalResult) -> None:
    with pytest.raises(ValidationError) as info:
        alone.matrix(min_group=0)
    assert info.value.path == "min_group"


# Dask -------------------------------------------------------------------------------------


def test_a_process_cluster_gives_the_in_process_result(
    processes: Any, sample: Pairs, as_of: dt.date, alone: NationalResult
) -> None:
    assert alone == run(sample, as_of=as_of, client=processes)


def test_a_national_source_runs_on_the_cluster_as_in_process(processes: Any) -> None:
    whole = national(scale=0.0005, seed=2)
    some = whole.ids[::16]  # a nation of twenty organisations, to keep the test short
    tiny = attrs.evolve(
        whole,
        ids=some,
        names={i: whole.names[i] for i in some},
        sizes={i: whole.sizes[i] for i in some},
    )
    assert run(tiny, as_of=tiny.as_of) == run(tiny, as_of=tiny.as_of, client=processes)


def test_the_worker_pauses_the_collector_as_the_caller_allows(
    sample: Pairs, as_of: dt.date
) -> None:
    """A batch job that let larande pause the collector gets the same speed on workers."""
    from larande import pause_collector
    from larande._gc import collector_pausable

    found = []
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        for pausable in (True, False):
            before = pause_collector(pausable)
            try:
                run(sample[:2], as_of=as_of, client=client)
            finally:
                pause_collector(before)
            found.extend(client.run(collector_pausable).values())

    assert found == [True, False]


@pytest.mark.parametrize("workers", [1, 2, 4])
def test_one_two_or_four_workers_give_the_same_result(
    workers: int, sample: Pairs, as_of: dt.date, alone: NationalResult
) -> None:
    with (
        distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=False, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        assert alone == run(sample, as_of=as_of, client=client)


def test_a_worker_killed_mid_run_still_gives_the_same_result(
    sample: Pairs, as_of: dt.date, alone: NationalResult
) -> None:
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        victim = min(client.run(os.getpid).values())

        def stream() -> Iterator[tuple[str, Dataset]]:
            for k, pair in enumerate(sample):
                if k == 6:  # the nanny starts a fresh worker; Dask reruns its tasks
                    os.kill(victim, signal.SIGKILL)
                yield pair

        assert alone == run(stream(), as_of=as_of, client=client)


def test_progress_ends_with_done_equal_to_total_on_a_cluster(
    processes: Any, sample: Pairs, as_of: dt.date
) -> None:
    calls: list[tuple[int, int]] = []
    run(sample, as_of=as_of, client=processes, progress=lambda d, t: calls.append((d, t)))
    assert calls[-1] == (20, 20)
    assert list(range(1, 21)) == [d for d, _ in calls]


def test_an_organisations_error_on_a_cluster_names_it(
    processes: Any, sample: Pairs, as_of: dt.date
) -> None:
    late = dt.date(2027, 1, 5)
    with pytest.raises(ValidationError) as info:
        run(sample[:3], as_of=late, client=processes)
    assert info.value.path.startswith("source[")
    assert info.value.params["org_id"] in {o for o, _ in sample[:3]}


# Progress -------------------------------------------------------------------------------


def test_progress_ends_with_done_equal_to_total(sample: Pairs, as_of: dt.date) -> None:
    calls: list[tuple[int, int]] = []
    run(sample[:4], as_of=as_of, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_progress_of_a_stream_of_unknown_length_counts_what_was_read(
    sample: Pairs, as_of: dt.date
) -> None:
    calls: list[tuple[int, int]] = []
    run(iter(sample[:3]), as_of=as_of, progress=lambda d, t: calls.append((d, t)))
    assert calls == [(1, 1), (2, 2), (3, 3)]


def test_an_empty_source_is_an_empty_result_and_progress_says_so(as_of: dt.date) -> None:
    calls: list[tuple[int, int]] = []
    result = run([], as_of=as_of, progress=lambda d, t: calls.append((d, t)))
    assert (result.summary(), result.load(), calls) == ((), {}, [(0, 0)])


# Seats of shared sessions -------------------------------------------------------------------


def test_seats_others_hold_are_kept_from_the_organisations_review(
    sample: Pairs, as_of: dt.date
) -> None:
    org_id, ds = max(sample, key=lambda p: len(p[1].org.people))
    assert ds.catalog is not None
    taken = {s.id: s.capacity for a in ds.catalog.activities for s in a.sessions}
    result = run([(org_id, ds)], as_of=as_of, taken={org_id: taken})
    expected = review(ds, as_of=as_of, taken=taken).schedule
    row = result.summary()[0]
    assert (len(expected.placements), len(expected.unplaced)) == (row.placed, row.unplaced)
    assert all(p.session is None for p in expected.placements)


def test_quotas_give_every_organisation_what_it_asks_when_all_fit() -> None:
    assert quotas({"s": 10}, {"a": {"s": 3}, "b": {"s": 7}}) == {"a": {"s": 7}, "b": {"s": 3}}


def test_quotas_split_a_full_session_in_proportion_to_what_is_asked() -> None:
    taken = quotas({"s": 10}, {"a": {"s": 10}, "b": {"s": 5}, "c": {"s": 5}})
    given = {o: 10 - t["s"] for o, t in taken.items()}
    assert given == {"a": 5, "b": 3, "c": 2}


@given(st.integers(1, 50), st.dictionaries(st.sampled_from("abcdefg"), st.integers(0, 40)))
def test_quotas_never_give_more_seats_than_the_session_holds_or_one_asked(
    capacity: int, asks: dict[str, int]
) -> None:
    taken = quotas({"s": capacity}, {o: {"s": n} for o, n in asks.items()})
    given = {o: capacity - t["s"] for o, t in taken.items()}
    assert sum(given.values()) == min(capacity, sum(asks.values()))
    assert all(0 <= given[o] <= asks[o] for o in asks)


@pytest.mark.parametrize(
    ("capacity", "demand", "path"),
    [
        ({"s": 0}, {}, "capacity['s']"),
        ({"s": 3}, {"a": {"t": 1}}, "demand['a']['t']"),
        ({"s": 3}, {"a": {"s": -1}}, "demand['a']['s']"),
        ({"s": 3}, {"a": 1}, "demand['a']"),
        ([], {}, "capacity"),
    ],
)
def test_bad_quotas_are_refused_naming_the_place(capacity: Any, demand: Any, path: str) -> None:
    with pytest.raises(ValidationError) as info:
        quotas(capacity, demand)
    assert path == info.value.path


# Bad input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "path"),
    [
        ({"as_of": "2026-01-12"}, "as_of"),
        ({"min_group": 0}, "min_group"),
        ({"progress": 3}, "progress"),
        ({"client": object()}, "client"),
        ({"taken": [1]}, "taken"),
    ],
)
def test_bad_arguments_are_refused(
    sample: Pairs, as_of: dt.date, kwargs: dict[str, Any], path: str
) -> None:
    with pytest.raises(ValidationError) as info:
        run(sample[:1], **{"as_of": as_of, **kwargs})
    assert path == info.value.path


@pytest.mark.parametrize(
    ("source", "path"),
    [
        ("0180", "source"),
        (42, "source"),
        ([("0180",)], "source[0]"),
        ([("", None)], "source[0][0]"),
        ([(NATION, None)], "source[0][0]"),
        ([("0180", "not a dataset")], "source[0][1]"),
    ],
)
def test_a_bad_source_is_refused(source: Any, path: str, as_of: dt.date) -> None:
    with pytest.raises(ValidationError) as info:
        run(source, as_of=as_of)
    assert path == info.value.path


def test_two_organisations_with_one_id_are_refused(sample: Pairs, as_of: dt.date) -> None:
    with pytest.raises(DuplicateIdError, match="'01'"):
        run([("01", sample[0][1]), ("01", sample[1][1])], as_of=as_of)


def test_an_organisations_refusal_names_the_organisation(sample: Pairs) -> None:
    with pytest.raises(ValidationError) as info:
        run(sample[:2], as_of=dt.date(2027, 1, 5))
    assert (sample[0][0], f"source[{sample[0][0]!r}].as_of") == (
        info.value.params["org_id"],
        info.value.path,
    )


# A folder of organisation documents ----------------------------------------------------------


def test_a_folder_round_trips_every_organisation(sample: Pairs, tmp_path: Path) -> None:
    write_folder(sample[:4], tmp_path / "nation")
    assert sorted(sample[:4], key=lambda p: p[0]) == list(read_folder(tmp_path / "nation"))


def test_a_folder_runs_as_the_organisations_it_holds(
    sample: Pairs, as_of: dt.date, tmp_path: Path
) -> None:
    write_folder(sample[:4], tmp_path)
    assert run(sample[:4], as_of=as_of) == run(read_folder(tmp_path), as_of=as_of)


def test_a_folder_writes_one_file_per_organisation(sample: Pairs, tmp_path: Path) -> None:
    write_folder(sample[:2], tmp_path)
    assert sorted(f"{o}.json" for o, _ in sample[:2]) == sorted(p.name for p in tmp_path.iterdir())


def test_a_folder_skips_other_files_and_sub_folders(sample: Pairs, tmp_path: Path) -> None:
    write_folder(sample[:1], tmp_path)
    (tmp_path / "notes.txt").write_text("not a document")
    (tmp_path / "old.json").mkdir()
    assert [sample[0][0]] == [o for o, _ in read_folder(tmp_path)]


def test_reading_a_path_that_is_not_a_folder_is_refused_at_once(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="not a folder"):
        read_folder(tmp_path / "missing")


def test_a_bad_document_in_a_folder_names_its_file(sample: Pairs, tmp_path: Path) -> None:
    write_folder(sample[:1], tmp_path)
    (tmp_path / "9999.json").write_text('{"schema": "larande/1", "type": "Dataset", "data": []}')
    with pytest.raises(ValidationError) as info:
        list(read_folder(tmp_path))
    assert str(tmp_path / "9999.json") == info.value.params["file"]
    assert "9999.json" in str(info.value)


def test_malformed_json_in_a_folder_names_its_file(tmp_path: Path) -> None:
    (tmp_path / "0180.json").write_bytes(b"\xff{")
    with pytest.raises(ValidationError, match=r"0180\.json"):
        list(read_folder(tmp_path))


@pytest.mark.parametrize("org_id", ["", ".hidden", "a/b", "c:d", 7])
def test_an_id_unfit_for_a_file_name_is_refused(
    org_id: Any, sample: Pairs, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError) as info:
        write_folder([(org_id, sample[0][1])], tmp_path)
    assert info.value.path == "pairs[0][0]"


def test_writing_into_a_file_is_refused(sample: Pairs, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("")
    with pytest.raises(ValidationError, match="not a folder"):
        write_folder(sample[:1], tmp_path / "file")


def test_writing_two_organisations_with_one_id_is_refused(sample: Pairs, tmp_path: Path) -> None:
    with pytest.raises(DuplicateIdError):
        write_folder([("a", sample[0][1]), ("a", sample[1][1])], tmp_path)


def test_writing_something_not_a_dataset_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError) as info:
        write_folder([("a", synthetic)], tmp_path)
    assert info.value.path == "pairs[0][1]"
