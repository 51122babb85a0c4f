"""The market simulator: drawn markets, their match, the figures and their intervals."""

from __future__ import annotations

import math
from dataclasses import replace
from functools import cache
from importlib import resources
from itertools import pairwise
from pathlib import Path

import numpy as np
import pytest

from matchwise.engine.market.rankcurve import (
    draw_entrant,
    entrant_matches,
    make_entrant,
    simulate_run_with_entrant,
)
from matchwise.engine.market.simulator import (
    Change,
    ChangeError,
    MarketSpec,
    apply_changes,
    capacities,
    generate_market,
    parse_change,
    run_seeds,
    simulate_run,
    summarize_runs,
)
from matchwise.engine.match.deferred_acceptance import (
    SinglesMarket,
    insert_applicant,
    singles_market,
    solve_singles_state,
)
from matchwise.engine.pick.parameters import ModelParameters
from matchwise.engine.pick.profile import Profile
from matchwise.engine.pick.program import Program
from matchwise.formats.pick.catalog import load_demo_catalog
from matchwise.formats.pick.facts import load_facts, population_specs
from matchwise.formats.pick.parameters import read_parameters
from matchwise.formats.pick.profile import read_profile


def reference_deferred_acceptance(market: SinglesMarket) -> np.ndarray:
    """Applicant-proposing deferred acceptance, written plainly (Gale & Shapley 1962)."""
    n = len(market.app_offsets) - 1
    lists = [
        [int(j) for j in market.app_choices[market.app_offsets[i] : market.app_offsets[i + 1]]]
        for i in range(n)
    ]
    rank: list[dict[int, int]] = [
        {int(a): r for r, a in enumerate(market.prog_choices[lo:hi])}
        for lo, hi in zip(market.prog_offsets[:-1], market.prog_offsets[1:], strict=True)
    ]
    held: list[list[int]] = [[] for _ in rank]
    proposals = [0] * n
    free = list(range(n))
    while free:
        i = free.pop()
        while proposals[i] < len(lists[i]):
            j = lists[i][proposals[i]]
            proposals[i] += 1
            if i not in rank[j]:
                continue
            held[j] = sorted([*held[j], i], key=rank[j].__getitem__)
            if len(held[j]) <= market.capacity[j]:
                break
            bumped = held[j].pop()
            if bumped != i:
                free.append(bumped)
                break
    out = np.full(n, -1, dtype=np.int32)
    for j, group in enumerate(held):
        out[group] = j
    return out


@cache
def catalog() -> tuple[Program, ...]:
    return tuple(load_demo_catalog())


@cache
def params() -> ModelParameters:
    return read_parameters()


@cache
def ir() -> MarketSpec:
    return MarketSpec(population_specs(load_facts())["416"])


def small_ir() -> MarketSpec:
    """IR with a quarter of the applicants: the same shape, four times faster."""
    spec = ir()
    return replace(spec, population=replace(spec.population, applicants=120))


def runs(spec: MarketSpec, seed: int, n: int) -> list[dict[str, float]]:
    return [
        simulate_run(spec, catalog(), params(), np.random.default_rng(s), solve=reference_solve)
        for s in run_seeds(seed, n)
    ]


def reference_solve(market: SinglesMarket) -> np.ndarray:
    return reference_deferred_acceptance(market)


def same(a: dict[str, float], b: dict[str, float]) -> bool:
    return a.keys() == b.keys() and all(
        (math.isnan(a[k]) and math.isnan(b[k])) or a[k] == b[k] for k in a
    )


def test_rank_lists_are_consistent_with_who_interviewed_where() -> None:
    market = generate_market(small_ir(), catalog(), params(), np.random.default_rng(3))
    lists = market.rank_lists
    applicant_side = {
        (i, int(j))
        for i in range(len(lists.app_offsets) - 1)
        for j in lists.app_choices[lists.app_offsets[i] : lists.app_offsets[i + 1]]
    }
    program_side = {
        (int(i), j)
        for j in range(len(lists.prog_offsets) - 1)
        for i in lists.prog_choices[lists.prog_offsets[j] : lists.prog_offsets[j + 1]]
    }
    assert applicant_side == program_side
    assert len(applicant_side) == int(market.interviews.sum()) > 0


def test_the_engine_match_equals_a_plain_deferred_acceptance() -> None:
    from matchwise.engine.match.deferred_acceptance import solve_singles

    for seed in (1, 2):
        market = generate_market(small_ir(), catalog(), params(), np.random.default_rng(seed))
        expected = reference_deferred_acceptance(market.rank_lists)
        assert np.array_equal(solve_singles(market.rank_lists), expected)


def test_same_seed_gives_identical_aggregates() -> None:
    first = runs(small_ir(), 11, 2)
    second = runs(small_ir(), 11, 2)
    assert all(same(a, b) for a, b in zip(first, second, strict=True))
    assert not same(first[0], first[1])


def test_run_seeds_do_not_depend_on_the_number_of_runs() -> None:
    few = [s.generate_state(4).tolist() for s in run_seeds(5, 4)]
    many = [s.generate_state(4).tolist() for s in run_seeds(5, 32)]
    assert many[:4] == few


def test_aggregates_converge_as_runs_grow() -> None:
    many = runs(small_ir(), 2026, 32)
    few = summarize_runs(many[:4])
    all_ = summarize_runs(many)
    for figure in ("match_rate.all", "fill_rate", "interviews_per_position"):
        assert all_[figure].se < few[figure].se, figure
        # the mean of 32 runs sits within a few of its standard errors of the mean of 4
        assert abs(all_[figure].mean - few[figure].mean) < 4 * few[figure].se + 1e-12, figure
    # sd/sqrt(n): about sqrt(8) ≈ 2.8 times smaller, give or take the sd's own noise
    assert all_["interviews_per_position"].se < few["interviews_per_position"].se / 1.5


def test_more_applications_mean_more_interviews_per_position() -> None:
    base = summarize_runs(runs(small_ir(), 7, 6))
    more = summarize_runs(runs(apply_changes(small_ir(), [parse_change("applications+10")]), 7, 6))
    assert more["interviews_per_position"].mean > base["interviews_per_position"].mean * 1.1
    assert more["applications_per_applicant"].mean > base["applications_per_applicant"].mean + 8


def test_figures_are_shares_and_a_program_never_exceeds_its_positions() -> None:
    market = generate_market(small_ir(), catalog(), params(), np.random.default_rng(9))
    assignment = reference_deferred_acceptance(market.rank_lists)
    filled = np.bincount(assignment[assignment >= 0], minlength=len(market.programs))
    assert (filled <= market.rank_lists.capacity).all()
    figures = simulate_run(
        small_ir(), catalog(), params(), np.random.default_rng(9), solve=reference_solve
    )
    for name, value in figures.items():
        if name.startswith(("match_rate", "p_match", "fill_rate")) and not math.isnan(value):
            assert 0.0 <= value <= 1.0, name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("applications+10", Change("applications", "+", 10.0)),
        ("signals*2", Change("signals", "*", 2.0)),
        (" Positions - 5 ", Change("positions", "-", 5.0)),
        ("rotations=0.5", Change("rotations", "=", 0.5)),
        ("applicants*.9", Change("applicants", "*", 0.9)),
    ],
)
def test_it_reads_changes(text: str, expected: Change) -> None:
    assert parse_change(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("applications", "cannot read the change"),
        ("applications+ten", "cannot read the change"),
        ("applications/2", "cannot read the change"),
        ("letters+1", 'unknown field "letters"'),
        ("", "cannot read the change"),
    ],
)
def test_it_says_what_a_change_should_look_like(text: str, message: str) -> None:
    with pytest.raises(ChangeError, match=message):
        parse_change(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("applications-100", "at least 1 application"),
        ("rotations+1", "between 0 and 1"),
        ("signals-9", "no fewer than 0"),
        ("positions=3", "positions take"),
    ],
)
def test_it_refuses_a_change_that_leaves_an_impossible_market(text: str, message: str) -> None:
    with pytest.raises(ChangeError, match=message):
        parse_change(text).apply(ir())


def test_changes_reach_the_population() -> None:
    spec = apply_changes(ir(), [parse_change("signals+3"), parse_change("gold*2")])
    assert (spec.population.gold_signals, spec.population.silver_signals) == (6, 3)
    assert apply_changes(ir(), [parse_change("applicants*2")]).population.applicants == 958


@pytest.mark.parametrize(("text", "delta"), [("positions+10", 10), ("positions-7", -7)])
def test_positions_change_by_exactly_the_amount(text: str, delta: int) -> None:
    programs = [p for p in catalog() if p.specialty.value == "416"]
    before = capacities(programs, ir()).sum()
    after = capacities(programs, parse_change(text).apply(ir()))
    assert after.sum() == before + delta
    assert (after >= 0).all()


def test_positions_scale() -> None:
    programs = [p for p in catalog() if p.specialty.value == "416"]
    before = capacities(programs, ir())
    assert capacities(programs, parse_change("positions*2").apply(ir())).sum() == 2 * before.sum()


def test_summaries_skip_runs_where_a_figure_is_undefined() -> None:
    summary = summarize_runs([{"x": 1.0}, {"x": math.nan}, {"x": 3.0}])["x"]
    assert (summary.mean, summary.runs) == (2.0, 2)
    assert summary.low == pytest.approx(1.05) and summary.high == pytest.approx(2.95)
    assert summarize_runs([{"x": math.nan}])["x"].runs == 0
    with pytest.raises(ValueError, match="no runs"):
        summarize_runs([])


# ---- You in the market: your own P(match) by contiguous ranks -------------------------------


def me() -> Profile:
    """The packaged example: a non-US IMG applying to IR with DR as backup."""
    return read_profile(Path(str(resources.files("matchwise.data") / "example_profile.toml")))


def with_entrant(market: SinglesMarket, choices, positions) -> SinglesMarket:
    """The market with one more applicant (the last), ranking ``choices``, whom program
    ``choices[i]`` places at ``positions[i]`` of its list: solved from scratch."""
    n = len(market.app_offsets) - 1
    app_lists = [list(market.app_choices[a:b]) for a, b in pairwise(market.app_offsets)]
    prog_lists = [list(market.prog_choices[a:b]) for a, b in pairwise(market.prog_offsets)]
    for j, at in zip(choices, positions, strict=True):
        prog_lists[j].insert(at, n)
    return singles_market(
        applicant_lists=[*app_lists, list(choices)],
        program_lists=prog_lists,
        capacity=market.capacity.tolist(),
    )


def test_entering_the_solved_market_equals_solving_it_with_you_in_it() -> None:
    spec = small_ir()
    for seed in (4, 5):
        rng = np.random.default_rng(seed)
        market = generate_market(spec, catalog(), params(), rng)
        entrant = make_entrant(me(), "416", catalog(), params())
        draw = draw_entrant(market, entrant, params(), rng)
        solved = solve_singles_state(market.rank_lists)
        for n in (1, 4, 12):
            choices, positions = draw.rank_list(n)
            entered = insert_applicant(solved, choices.tolist(), positions.tolist()).program
            whole = reference_deferred_acceptance(
                with_entrant(market.rank_lists, choices, positions)
            )
            assert entered == whole[-1], (seed, n)


def test_a_longer_rank_list_never_lowers_your_chance_in_a_run() -> None:
    entrant = make_entrant(me(), "416", catalog(), params())
    curves = []
    for seed in run_seeds(8, 6):
        rng = np.random.default_rng(seed)
        market = generate_market(small_ir(), catalog(), params(), rng)
        solved = solve_singles_state(market.rank_lists)
        curves.append(entrant_matches(solved, draw_entrant(market, entrant, params(), rng)))
    for curve in curves:
        defined = curve[~np.isnan(curve)]
        assert (np.diff(defined) >= 0).all()
    assert np.nanmean([c[-1] for c in curves]) >= np.nanmean([c[0] for c in curves])


def test_you_in_the_market_leave_its_figures_as_they_were() -> None:
    entrant = make_entrant(me(), "416", catalog(), params())
    seed = run_seeds(3, 1)[0]
    alone = simulate_run(small_ir(), catalog(), params(), np.random.default_rng(seed))
    with_you = simulate_run_with_entrant(
        small_ir(), catalog(), params(), np.random.default_rng(seed), entrant
    )
    assert same(alone, {k: v for k, v in with_you.items() if not k.startswith("you.")})
    assert {k for k in with_you if k.startswith("you.")} == {
        f"you.p_match_by_ranks.{n}" for n in range(1, 21)
    }


def test_your_figures_are_shares_of_runs_with_a_wilson_interval() -> None:
    runs_ = [{"you.p_match_by_ranks.3": v, "fill_rate": 0.9} for v in (1, 1, 1, 0)]
    mine = summarize_runs(runs_)["you.p_match_by_ranks.3"]
    assert mine.mean == 0.75 and mine.runs == 4
    assert (round(mine.low, 3), round(mine.high, 3)) == (0.301, 0.954)  # Wilson, z = 1.96
    never = summarize_runs([{"you.x": 0.0}] * 10)["you.x"]
    assert never.low == 0.0 and 0.25 < never.high < 0.3
