"""The pictures show what the data says: bars, cells, nodes, lines, each checked against it."""

from __future__ import annotations

import datetime as dt
import string
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.colors import to_hex
from matplotlib.figure import Figure

from larande import (
    Budget,
    Goal,
    GoalGraph,
    Level,
    Metric,
    Placement,
    Schedule,
    analyze,
    annual_plan,
    effect,
    plan,
    progress,
    replay,
    review,
    schedule,
)
from larande.datasets import load_demo
from larande.exceptions import UnknownIdError, ValidationError
from larande.followup import CheckIn, Measured
from larande.messages import CATALOGUE, fields
from larande.plot import _style as style
from larande.plot import annual_load, effect_chart, goal_tree, needs_heatmap, progress_chart

H = dt.timedelta(hours=1)
LATER = dt.date(2026, 4, 15)  # the demo's follow-up events reach into April


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def demo():
    return load_demo()


@pytest.fixture(scope="module")
def year(demo):
    report = analyze(demo.org, demo.assessments, demo.signals, as_of=demo.as_of)
    plans = plan(report, demo.catalog, org=demo.org)
    return schedule(
        plans,
        demo.catalog,
        calendar=demo.calendar,
        start=demo.start,
        end=demo.end,
        budget=demo.budget,
        org=demo.org,
    )


@pytest.fixture(scope="module")
def turn(demo):
    return review(demo, as_of=LATER)


def axes():
    return Figure().subplots()


def bar_heights(ax):
    return [p.get_height() for p in ax.containers[0].patches]


# -- annual_load ----------------------------------------------------------------------------


def test_the_year_has_one_bar_per_month_of_the_horizon(demo, year):
    ax = annual_load(year, demo.org, ax=axes())
    assert len(ax.containers[0].patches) == 12


def test_each_bar_is_everyones_hours_that_month(demo, year):
    ax = annual_load(year, demo.org, ax=axes())
    expected = [0.0] * 12
    for person in demo.org.people:
        for (_, month), load in year.load(person.id).items():
            expected[month - 1] += load / H
    assert bar_heights(ax) == pytest.approx(expected)


def test_a_units_bars_are_its_annual_plans_loads(demo, year):
    ax = annual_load(year, demo.org, unit="homecare", budget=demo.budget, ax=axes())
    plan_of_unit = annual_plan(year, demo.org, "homecare", budget=demo.budget)
    assert bar_heights(ax) == pytest.approx([m.load / H for m in plan_of_unit.months])


def test_the_time_set_aside_is_a_line_at_the_units_monthly_budget(demo, year):
    ax = annual_load(year, demo.org, unit="it", budget=demo.budget, ax=axes())
    set_aside = annual_plan(year, demo.org, "it", budget=demo.budget).months[0].set_aside / H
    (line,) = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
    assert list(line.get_ydata()) == [set_aside, set_aside]


def test_a_yearly_budget_sets_aside_a_twelfth_a_month(demo, year):
    ax = annual_load(year, demo.org, unit="it", budget=Budget(120 * H, per="year"), ax=axes())
    (line,) = ax.get_lines()
    assert line.get_ydata()[0] == pytest.approx(12 * 120 / 12)


def test_months_above_the_time_set_aside_are_drawn_in_another_colour():
    org = load_demo().org
    busy = Schedule(
        [
            Placement("amir.haddad", "course", dt.date(2026, 3, 2)),
            Placement("amir.haddad", "reading", dt.date(2026, 4, 2)),
        ],
        [],
        dt.date(2026, 3, 1),
        dt.date(2026, 4, 30),
        efforts={"course": 16 * H, "reading": 2 * H},
    )
    ax = annual_load(busy, org, budget={"amir.haddad": 8 * H}, ax=axes())
    colours = [to_hex(p.get_facecolor()) for p in ax.containers[0].patches]
    assert colours == [style.VERMILLION.lower(), style.BLUE.lower()]


def test_the_year_is_labelled_in_hours_and_months(demo, year):
    ax = annual_load(year, demo.org, budget=demo.budget, ax=axes())
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert (ax.get_xlabel(), ax.get_ylabel(), ticks[0], ticks[1]) == (
        "month",
        "hours",
        "Jan\n2026",
        "Feb",
    )
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["planned", "time set aside"]


def test_the_year_speaks_swedish_when_asked(demo, year):
    ax = annual_load(year, demo.org, unit="it", ax=axes(), lang="sv")
    assert (ax.get_title(), ax.get_ylabel()) == ("Lärande per månad: it (12 personer)", "timmar")


placements = st.lists(
    st.tuples(
        st.sampled_from(["amir.haddad", "eva.lind", "karin.holm"]),
        st.sampled_from(["a", "b", "c"]),
        st.dates(dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
    ),
    max_size=12,
    unique_by=lambda t: (t[0], t[1]),
)


ORG = load_demo().org


@given(placements)
def test_the_bars_add_up_to_every_hour_placed(found):
    org = ORG
    efforts = {"a": 2 * H, "b": 8 * H, "c": 30 * H}
    year = Schedule(
        [Placement(p, a, on) for p, a, on in found],
        [],
        dt.date(2026, 1, 1),
        dt.date(2026, 12, 31),
        efforts=efforts,
    )
    ax = annual_load(year, org, ax=axes())
    assert sum(bar_heights(ax)) == pytest.approx(sum(efforts[a] / H for _, a, _ in found))


def test_an_unknown_unit_is_named_in_the_error(demo, year):
    with pytest.raises(UnknownIdError) as raised:
        annual_load(year, demo.org, unit="nowhere", ax=axes())
    assert raised.value.id == "nowhere"


def test_a_budget_that_is_not_time_is_refused_by_name(demo, year):
    with pytest.raises(ValidationError) as raised:
        annual_load(year, demo.org, budget=8, ax=axes())
    assert raised.value.path == "budget"


# -- needs_heatmap ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def matrix(demo):
    return analyze(demo.org, demo.assessments, demo.signals, as_of=demo.as_of).matrix()


def test_each_shown_cell_is_coloured_by_its_share_with_a_gap(matrix):
    ax = needs_heatmap(matrix, ax=axes())
    shown = ax.images[0].get_array()
    units, competencies = matrix.units, matrix.competencies
    expected = {
        key: cell.with_gap / cell.people for key, cell in matrix.items() if not cell.suppressed
    }
    actual = {
        (units[i], competencies[j]): float(shown[i, j])
        for i in range(len(units))
        for j in range(len(competencies))
        if not np.ma.is_masked(shown[i, j])
    }
    assert actual == pytest.approx(expected)


def test_a_suppressed_cell_is_drawn_hatched_not_as_zero(matrix):
    ax = needs_heatmap(matrix, ax=axes())
    (collection,) = [c for c in ax.collections if c.get_hatch() == "///"]
    row, col = matrix.units.index, matrix.competencies.index
    hatched = {tuple(path.vertices.min(axis=0) + 0.5) for path in collection.get_paths()}
    suppressed = {(col(c), row(u)) for (u, c), cell in matrix.items() if cell.suppressed}
    shown = ax.images[0].get_array()
    assert suppressed
    assert hatched == suppressed
    assert all(np.ma.is_masked(shown[row(u), col(c)]) for (u, c), cell in matrix.items()
               if cell.suppressed)  # fmt: skip


def test_a_cell_with_nobody_with_a_gap_shows_zero_not_suppressed(matrix):
    zero = next(k for k, c in matrix.items() if not c.suppressed and c.with_gap == 0)
    ax = needs_heatmap(matrix, ax=axes())
    shown = ax.images[0].get_array()
    assert shown[matrix.units.index(zero[0]), matrix.competencies.index(zero[1])] == 0.0


def test_each_cell_says_how_many_of_how_many(matrix):
    ax = needs_heatmap(matrix, ax=axes())
    texts = sorted(t.get_text() for t in ax.texts)
    expected = sorted(
        "-" if cell.suppressed else f"{cell.with_gap} of {cell.people}" for cell in matrix.values()
    )
    assert texts == expected


def test_the_legend_names_the_suppressed_cells_and_the_group_size(matrix):
    ax = needs_heatmap(matrix, ax=axes())
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "suppressed: fewer than 5 people, or would reveal them"
    ]


def test_the_heatmap_refuses_what_is_not_a_matrix():
    with pytest.raises(ValidationError) as raised:
        needs_heatmap({("a", "b"): None}, ax=axes())
    assert raised.value.path == "matrix"


# -- goal_tree -------------------------------------------------------------------------------


def nodes(ax):
    return {
        c.get_gid(): [tuple(xy) for xy in c.get_offsets()]
        for c in ax.collections
        if isinstance(c, PathCollection)
    }


def test_the_tree_has_one_dot_per_goal_in_its_levels_row(turn):
    ax = goal_tree(turn.goals, ax=axes())
    found = {gid: len(points) for gid, points in nodes(ax).items()}
    expected = {f"level:{level.name.lower()}": 0 for level in Level}
    for g in turn.goals:
        expected[f"level:{turn.goals.goal(g).level.name.lower()}"] += 1
    assert found == expected


def test_levels_are_rows_broadest_on_top(demo):
    ax = goal_tree(demo.goals, ax=axes())
    rows = {gid: {y for _, y in points} for gid, points in nodes(ax).items()}
    assert rows == {
        "level:organization": {3.0},
        "level:unit": {2.0},
        "level:team": {1.0},
        "level:individual": {0.0},
    }


def test_the_tree_has_one_line_per_link_from_child_to_parent(demo):
    from larande.plot._goals import layout

    ax = goal_tree(demo.goals, ax=axes())
    (lines,) = [c for c in ax.collections if isinstance(c, LineCollection)]
    where = layout(demo.goals)
    segments = sorted(tuple(map(tuple, s)) for s in lines.get_segments())
    expected = sorted((where[c], where[p]) for c, p, _ in demo.goals.links())
    assert segments == expected


def test_a_small_trees_goals_carry_their_titles(demo):
    ax = goal_tree(demo.goals, ax=axes())
    labelled = {t.get_gid() for t in ax.texts}
    assert labelled == {f"goal:{g}" for g in demo.goals}


def test_a_crowded_row_shows_dots_without_titles(turn):
    ax = goal_tree(turn.goals, ax=axes())
    individual = [g for g in turn.goals if turn.goals.goal(g).level is Level.INDIVIDUAL]
    labelled = {t.get_gid() for t in ax.texts}
    assert len(individual) > 12
    assert not labelled & {f"goal:{g}" for g in individual}


def test_the_rows_are_named_with_their_counts_in_swedish(demo):
    ax = goal_tree(demo.goals, ax=axes(), lang="sv")
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows == ["organisation (2)", "enhet (3)", "arbetslag (4)", "individ (5)"]


def test_an_empty_tree_is_a_picture_too():
    ax = goal_tree(GoalGraph(), ax=axes())
    assert ax.get_title() == "Goal tree: 0 goals, 0 links"


# -- progress_chart --------------------------------------------------------------------------


def line(ax, gid):
    (found,) = [artist for artist in ax.get_lines() if artist.get_gid() == gid]
    return found


def as_day(value):
    return matplotlib.dates.num2date(matplotlib.dates.date2num(value)).date()


def test_the_trend_reaches_the_forecast_at_the_deadline(demo):
    state = replay(demo.events)
    ax = progress_chart(state, demo.goals, "it-release-time", as_of=LATER, ax=axes())
    forecast = progress(state, demo.goals, as_of=LATER)["it-release-time"].forecast
    trend = line(ax, "trend")
    end_day, end_value = trend.get_xdata()[-1], trend.get_ydata()[-1]
    assert (as_day(end_day), end_value) == (
        demo.goals.goal("it-release-time").deadline,
        pytest.approx(forecast),
    )


def test_a_clamped_forecast_is_met_along_the_bound(demo):
    """A count cannot fall below 0: the trend runs to 0, then along it to the deadline."""
    state = replay(demo.events)
    ax = progress_chart(state, demo.goals, "south-double-check", as_of=LATER, ax=axes())
    trend = line(ax, "trend")
    assert list(trend.get_ydata()[-2:]) == [0.0, 0.0]
    assert as_day(trend.get_xdata()[-1]) == demo.goals.goal("south-double-check").deadline


def test_the_measurements_up_to_as_of_are_the_line(demo):
    state = replay(demo.events)
    before = dt.date(2026, 3, 1)
    ax = progress_chart(state, demo.goals, "it-release-time", as_of=before, ax=axes())
    measured = line(ax, "measured")
    expected = [m.value for m in state.measurements("it-release-time") if m.on <= before]
    assert list(measured.get_ydata()) == expected


def test_the_target_baseline_and_deadline_are_drawn(demo):
    ax = progress_chart(replay(demo.events), demo.goals, "it-release-time", as_of=LATER, ax=axes())
    goal = demo.goals.goal("it-release-time")
    assert list(line(ax, "target").get_ydata()) == [goal.metric.target] * 2
    assert list(line(ax, "baseline").get_ydata()) == [goal.metric.baseline] * 2
    assert as_day(line(ax, "deadline").get_xdata()[0]) == goal.deadline
    assert ax.get_title() == "Cut release time by 15 % within three months: on track"


def test_an_objective_is_charted_by_its_check_ins():
    goals = GoalGraph()
    goals.add(Goal("obj:anna:cpr", "Anna: CPR", Level.INDIVIDUAL, owner="anna",
                   deadline=dt.date(2026, 6, 30)))  # fmt: skip
    events = [
        CheckIn("c1", "anna", "obj:anna:cpr", dt.date(2026, 2, 1), progress=0.2),
        CheckIn("c2", "anna", "obj:anna:cpr", dt.date(2026, 3, 1), progress=0.4),
    ]
    state = replay(events)
    ax = progress_chart(state, goals, "obj:anna:cpr", as_of=LATER, ax=axes())
    expected = progress(state, goals, as_of=LATER)["obj:anna:cpr"].forecast
    assert list(line(ax, "measured").get_ydata()) == [0.2, 0.4]
    assert line(ax, "trend").get_ydata()[-1] == pytest.approx(expected)
    assert ax.get_ylabel() == "progress (share of the way)"


def test_a_goal_without_data_says_so_and_draws_no_trend():
    goals = GoalGraph()
    goals.add(Goal("g", "Fewer falls", Level.ORGANIZATION, metric=Metric("falls", "n", 10, 5),
                   deadline=dt.date(2026, 12, 31)))  # fmt: skip
    ax = progress_chart(replay([]), goals, "g", as_of=LATER, ax=axes())
    assert [t.get_text() for t in ax.texts] == ["no data yet"]
    assert {a.get_gid() for a in ax.get_lines()} == {"baseline", "target", "deadline", "as-of"}


def test_a_single_measurement_has_no_trend():
    goals = GoalGraph()
    goals.add(Goal("g", "Fewer falls", Level.ORGANIZATION, metric=Metric("falls", "n", 10, 5),
                   deadline=dt.date(2026, 12, 31)))  # fmt: skip
    state = replay([Measured("m1", "g", dt.date(2026, 2, 1), 9.0)])
    ax = progress_chart(state, goals, "g", as_of=LATER, ax=axes())
    assert "trend" not in {a.get_gid() for a in ax.get_lines()}


def test_an_unknown_goal_is_an_unknown_id(demo):
    with pytest.raises(UnknownIdError) as raised:
        progress_chart(replay(demo.events), demo.goals, "nope", as_of=LATER, ax=axes())
    assert (raised.value.path, raised.value.id) == ("goal_id", "nope")


def test_a_goal_without_a_metric_cannot_be_charted():
    goals = GoalGraph()
    goals.add(Goal("g", "Be kind", Level.ORGANIZATION))
    with pytest.raises(ValidationError) as raised:
        progress_chart(replay([]), goals, "g", as_of=LATER, ax=axes())
    assert (raised.value.code, raised.value.path) == ("no-metric", "goal_id")


# -- effect_chart ----------------------------------------------------------------------------


def test_each_levels_bars_are_the_effects_values(demo):
    effects = effect(replay(demo.events), demo.goals)
    ax = effect_chart(effects, ax=axes())
    activities = list(effects)
    for level in ("reaction", "learning", "behaviour", "results"):
        (bars,) = [c for c in ax.containers if c.get_label() == level]
        scale = 5 if level == "reaction" else 1
        expected = {
            a: getattr(e, level) / scale
            for a, e in effects.items()
            if getattr(e, level) is not None
        }
        actual = {
            activities[round(p.get_x() + p.get_width() / 2)]: p.get_height() for p in bars.patches
        }
        assert actual == pytest.approx(expected)


def test_a_level_without_evidence_has_no_bar_but_a_mark(demo):
    effects = effect(replay(demo.events), demo.goals)
    ax = effect_chart(effects, ax=axes())
    missing = sum(
        getattr(e, level) is None
        for e in effects.values()
        for level in ("reaction", "learning", "behaviour", "results")
    )
    bars = sum(len(c.patches) for c in ax.containers)
    assert (bars, [t.get_text() for t in ax.texts].count("-")) == (4 * len(effects) - missing,
                                                                    missing)  # fmt: skip


def test_a_zero_effect_shows_its_value(demo):
    effects = effect(replay(demo.events), demo.goals)
    ax = effect_chart(effects, ax=axes())
    assert effects["cpr-refresher"].behaviour == 0.0
    assert "0" in [t.get_text() for t in ax.texts]


def test_the_effect_legend_names_the_four_levels_in_swedish(demo):
    ax = effect_chart(effect(replay(demo.events), demo.goals), ax=axes(), lang="sv")
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "reaktion",
        "lärande",
        "beteende",
        "resultat",
        "- inget underlag",
    ]


def test_the_effect_chart_refuses_what_is_not_an_effect():
    with pytest.raises(ValidationError) as raised:
        effect_chart({"course": 0.5}, ax=axes())
    assert raised.value.path == "effects['course']"


# -- what every picture shares ---------------------------------------------------------------


def draw_all(demo, turn, **options):
    state = turn.state
    return [
        annual_load(turn.schedule, demo.org, budget=demo.budget, **options),
        needs_heatmap(turn.report.matrix(), **options),
        goal_tree(turn.goals, **options),
        progress_chart(state, turn.goals, "it-release-time", as_of=LATER, **options),
        effect_chart(effect(state, turn.goals), **options),
    ]


def test_each_picture_draws_on_the_axes_it_is_given(demo, turn):
    given_axes = [axes() for _ in range(5)]
    drawn = [
        annual_load(turn.schedule, demo.org, ax=given_axes[0]),
        needs_heatmap(turn.report.matrix(), ax=given_axes[1]),
        goal_tree(turn.goals, ax=given_axes[2]),
        progress_chart(turn.state, turn.goals, "safe-care", as_of=LATER, ax=given_axes[3]),
        effect_chart(effect(turn.state, turn.goals), ax=given_axes[4]),
    ]
    assert all(d is g for d, g in zip(drawn, given_axes, strict=True))


def test_without_axes_each_picture_has_a_new_pyplot_figure_a_notebook_shows(demo, turn):
    plt.close("all")
    drawn = draw_all(demo, turn)
    assert len({id(ax.figure) for ax in drawn}) == 5
    assert len(plt.get_fignums()) == 5


def test_every_picture_has_a_title(demo, turn):
    assert all(ax.get_title() for ax in draw_all(demo, turn, ax=None))


def test_no_picture_shows_or_saves_itself(demo, turn, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a picture showed or saved itself")

    monkeypatch.setattr(plt, "show", refuse)
    monkeypatch.setattr(Figure, "savefig", refuse)
    assert len(draw_all(demo, turn)) == 5


def test_an_axes_that_is_not_one_is_refused(demo):
    with pytest.raises(ValidationError) as raised:
        goal_tree(demo.goals, ax="left")
    assert raised.value.path == "ax"


def test_an_unknown_language_is_refused(demo):
    with pytest.raises(ValidationError) as raised:
        goal_tree(demo.goals, ax=axes(), lang="de")
    assert raised.value.path == "lang"


def test_every_picture_is_written_as_a_png_that_is_not_blank(demo, turn, tmp_path):
    from matplotlib.image import imread

    variances = []
    for i, ax in enumerate(draw_all(demo, turn, ax=None)):
        path = tmp_path / f"{i}.png"
        ax.figure.savefig(path, dpi=60)
        variances.append(float(imread(path)[..., :3].var()))
    assert all(v > 0.005 for v in variances), variances


def test_a_blank_figure_has_no_variance_so_the_smoke_test_can_fail(tmp_path):
    from matplotlib.image import imread

    path = tmp_path / "blank.png"
    Figure().savefig(path, dpi=60)
    assert float(imread(path)[..., :3].var()) == 0.0


def test_every_plot_word_is_in_swedish_and_english():
    def named(template):
        return {name for _, name, _, _ in string.Formatter().parse(template) if name}

    plot_codes = [c for c in CATALOGUE if c.startswith("plot.")]
    assert plot_codes
    assert [c for c in plot_codes if set(CATALOGUE[c]) != {"en", "sv"}] == []
    assert [c for c in plot_codes if named(CATALOGUE[c]["sv"]) != fields(c)] == []


def test_importing_larande_does_not_import_matplotlib():
    code = "import sys, larande, larande.io.frames; print('matplotlib' in sys.modules)"
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert found == "False"


def test_the_lines_have_the_okabe_ito_colours(demo):
    ax = progress_chart(replay(demo.events), demo.goals, "safe-care", as_of=LATER, ax=axes())
    colours = {a.get_gid(): to_hex(a.get_color()) for a in ax.get_lines() if a.get_gid()}
    assert (colours["measured"], colours["trend"], colours["target"]) == (
        style.BLUE.lower(),
        style.VERMILLION.lower(),
        style.GREEN.lower(),
    )
