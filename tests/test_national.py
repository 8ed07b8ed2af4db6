"""larande.datasets.national: Sweden's public sector, each organisation made on demand."""

from __future__ import annotations

import pickle
import statistics
from importlib import resources

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from larande import Dataset
from larande.datasets import NATIONAL_GOALS, National, national
from larande.exceptions import UnknownIdError, ValidationError


@pytest.fixture(scope="module")
def nation() -> National:
    return national(scale=1.0, seed=0)


@pytest.fixture(scope="module")
def small() -> National:
    return national(scale=0.0005, seed=0)


def test_the_nation_has_290_municipalities_and_21_regions(nation: National) -> None:
    kinds = [nation.kind(i) for i in nation.ids]
    assert (kinds.count("municipality"), kinds.count("region")) == (290, 21)


def test_ids_are_the_official_codes_in_id_order(nation: National) -> None:
    assert list(nation.ids) == sorted(nation.ids)
    assert nation.ids[:3] == ("01", "0114", "0115")


def test_organisations_carry_their_real_names(nation: National) -> None:
    assert (
        nation.names["0180"],
        nation.names["1480"],
        nation.names["12"],
    ) == ("Stockholms kommun", "Göteborgs kommun", "Region Skåne")


def test_a_municipality_lies_in_the_county_its_code_starts_with(nation: National) -> None:
    assert (nation.county("1480"), nation.county("14")) == ("14", "14")


def test_the_full_nation_employs_about_1_3_million(nation: National) -> None:
    assert abs(nation.people - 1_300_000) < 1_000


def test_sizes_are_linear_in_scale(nation: National) -> None:
    half = national(scale=0.5, seed=0)
    assert all(abs(half.sizes[i] - nation.sizes[i] / 2) <= 1 for i in nation.ids)


def test_every_organisation_has_at_least_one_person_at_a_tiny_scale() -> None:
    tiny = national(scale=1e-9)
    assert {1} == set(tiny.sizes.values())


@given(st.integers(min_value=0, max_value=2**32))
def test_the_largest_organisation_is_at_least_20_times_the_median(seed: int) -> None:
    sizes = national(scale=1.0, seed=seed).sizes.values()
    assert max(sizes) >= 20 * statistics.median(sizes)


def test_many_municipalities_employ_a_few_hundred_to_a_few_thousand(nation: National) -> None:
    municipal = [nation.sizes[i] for i in nation.ids if nation.kind(i) == "municipality"]
    assert sum(200 <= n <= 5_000 for n in municipal) >= 200


def test_the_metropolitan_cities_and_regions_are_among_the_largest(nation: National) -> None:
    largest = sorted(nation.ids, key=lambda i: -nation.sizes[i])[:8]
    assert {"0180", "1480", "1280", "01", "14", "12"} <= set(largest)


def test_the_same_seed_gives_the_same_nation_and_another_seed_another() -> None:
    assert national(seed=3) == national(seed=3)
    assert national(seed=3).sizes != national(seed=4).sizes


def test_an_organisation_is_the_same_on_every_call(small: National) -> None:
    assert small.dataset("0180") == small.dataset("0180")


def test_a_generated_organisation_passes_every_dataset_check(small: National) -> None:
    made = small.dataset("1480")
    checked = Dataset(**{f.name: getattr(made, f.name) for f in attrs.fields(Dataset)})
    assert checked == made


def test_an_organisation_employs_as_many_people_as_its_size(small: National) -> None:
    assert small.sizes["12"] == len(small.dataset("12").org.people)


def test_its_top_unit_carries_its_code_and_name(small: National) -> None:
    top = small.dataset("0180").org.units[0]
    assert (top.id, top.name, top.parent) == ("0180", "Stockholms kommun", None)


def test_event_ids_are_unique_across_organisations(small: National) -> None:
    # Within one organisation an event may arrive twice (a webhook fired twice): one id.
    per_org = [{e.id for e in small.dataset(i).events} for i in ("01", "0180", "1480", "14")]
    assert sum(len(ids) for ids in per_org) == len(set().union(*per_org))


def test_each_organisation_holds_the_shared_national_goals(small: National) -> None:
    goals = small.dataset("0114").goals
    assert goals is not None
    assert list(NATIONAL_GOALS) == [goals.goal(g.id) for g in NATIONAL_GOALS]


def test_its_guiding_stars_contribute_to_the_national_goals(small: National) -> None:
    goals = small.dataset("03").goals
    assert goals is not None
    assert (
        tuple(goals.parents("star-care")),
        tuple(goals.parents("star-digital")),
    ) == (("national:care",), ("national:digital",))


def test_organisations_differ_from_one_another(small: National) -> None:
    first, second = small.dataset("0114"), small.dataset("0115")
    assert [e.on for e in first.events] != [e.on for e in second.events]


def test_an_unknown_organisation_is_an_unknown_id_error(small: National) -> None:
    with pytest.raises(UnknownIdError, match="'9999'"):
        small.dataset("9999")


@pytest.mark.parametrize("scale", [0, -1.0, float("nan"), float("inf"), "1", True, None])
def test_a_scale_that_is_not_a_positive_number_is_refused(scale: object) -> None:
    with pytest.raises(ValidationError) as info:
        national(scale=scale)  # type: ignore[arg-type]
    assert info.value.path == "scale"


@pytest.mark.parametrize("seed", [1.5, "0", None])
def test_a_seed_that_is_not_an_int_is_refused(seed: object) -> None:
    with pytest.raises(ValidationError) as info:
        national(seed=seed)  # type: ignore[arg-type]
    assert info.value.path == "seed"


def test_a_nation_pickles_small_for_a_task_to_carry(nation: National) -> None:
    text = pickle.dumps(nation)
    assert len(text) < 20_000
    assert nation == pickle.loads(text)


def test_the_bundled_files_keep_their_licence_and_source() -> None:
    folder = resources.files("larande.datasets") / "data" / "sweden"
    assert "CC0 1.0" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert "sjbrg/swedish-geodata" in (folder / "README.md").read_text(encoding="utf-8")


def test_a_nation_whose_sizes_do_not_match_its_ids_is_refused(small: National) -> None:
    with pytest.raises(ValidationError) as info:
        attrs.evolve(small, ids=small.ids[:3])
    assert info.value.path == "names"


def test_an_organisation_of_no_people_is_refused(small: National) -> None:
    with pytest.raises(ValidationError) as info:
        attrs.evolve(small, sizes={**small.sizes, "0180": 0})
    assert info.value.path == "sizes['0180']"
