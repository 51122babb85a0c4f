"""Singles deferred acceptance: the same matching as the `matching` package, on every instance."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from matching.games import HospitalResident

from matchwise.engine.match.deferred_acceptance import (
    SinglesMarket,
    insert_applicant,
    singles_market,
    solve_singles,
    solve_singles_state,
)
from tests.engine.match.match_markets import random_market, reference_matching

SIZES = [(1, 1), (2, 1), (3, 2), (10, 4), (50, 20), (200, 60), (1000, 250), (4000, 700)]


@pytest.mark.parametrize(("n_applicants", "n_programs"), SIZES)
@pytest.mark.parametrize("seed", [0, 1, 2])
def test_it_equals_the_matching_package_on_random_markets(seed, n_applicants, n_programs):
    rng = np.random.default_rng(seed * 1000 + n_applicants)
    market = random_market(rng, n_applicants, n_programs, list_length=8, max_capacity=4)
    assert solve_singles(market).tolist() == reference_matching(market).tolist()


def test_it_equals_the_matching_package_through_its_documented_api():
    rng = np.random.default_rng(7)
    market = random_market(rng, 60, 15, unranked_share=0, stranger_share=0, min_capacity=1)
    mutual = reference_matching(market)
    residents = {a: market.applicant_list(a).tolist() for a in range(60)}
    residents = {a: prefs for a, prefs in residents.items() if prefs}
    hospitals = {p: market.program_list(p).tolist() for p in range(15)}
    capacities = {p: int(market.capacity[p]) for p in range(15)}
    game = HospitalResident.create_from_dictionaries(residents, hospitals, capacities)
    expected = np.full(60, -1)
    for hospital, held in game.solve(optimal="resident").items():
        for resident in held:
            expected[resident.name] = hospital.name
    assert expected.tolist() == mutual.tolist() == solve_singles(market).tolist()


@st.composite
def markets(draw):
    n_app = draw(st.integers(0, 12))
    n_prog = draw(st.integers(1, 6))
    one = draw(st.booleans())  # everyone ranks one program
    app_lists = [
        [0] if one else draw(st.lists(st.integers(0, n_prog - 1), max_size=n_prog, unique=True))
        for _ in range(n_app)
    ]
    prog_lists = [
        draw(st.permutations(range(n_app)).map(lambda order: order[: draw(st.integers(0, n_app))]))
        for _ in range(n_prog)
    ]
    capacity = draw(st.lists(st.integers(0, 3), min_size=n_prog, max_size=n_prog))
    return singles_market(applicant_lists=app_lists, program_lists=prog_lists, capacity=capacity)


@settings(max_examples=300, deadline=None)
@given(markets())
def test_edge_cases_equal_the_matching_package(market):
    assert solve_singles(market).tolist() == reference_matching(market).tolist()


def test_a_proposal_counts_only_when_both_sides_rank_each_other():
    market = singles_market(
        applicant_lists=[[0], [0, 1]], program_lists=[[1], [0]], capacity=[1, 1]
    )
    # Applicant 0 ranks program 0, which does not rank them; program 1 ranks 0, who does not
    # rank it back.
    assert solve_singles(market).tolist() == [-1, 0]


def test_an_empty_market_has_an_empty_matching():
    market = singles_market(applicant_lists=[], program_lists=[[]], capacity=[2])
    assert solve_singles(market).tolist() == []


def test_it_rejects_arrays_that_are_not_a_market():
    good = singles_market(applicant_lists=[[0]], program_lists=[[0]], capacity=[1])
    bad = SinglesMarket(
        app_offsets=good.app_offsets,
        app_choices=np.array([5], np.int32),
        prog_offsets=good.prog_offsets,
        prog_choices=good.prog_choices,
        capacity=good.capacity,
    )
    with pytest.raises(ValueError, match="out of range"):
        solve_singles(bad)


def _with_newcomer(market, choices, positions):
    """The market with one more applicant, listed where ``positions`` say."""
    n = market.n_applicants
    app_lists = [market.applicant_list(a).tolist() for a in range(n)] + [list(choices)]
    prog_lists = [market.program_list(p).tolist() for p in range(market.n_programs)]
    for p, pos in zip(choices, positions, strict=True):
        if pos >= 0:
            prog_lists[p].insert(pos, n)
    return singles_market(
        applicant_lists=app_lists, program_lists=prog_lists, capacity=market.capacity.tolist()
    )


@pytest.mark.parametrize("seed", range(30))
def test_insertion_equals_solving_the_larger_market(seed):
    rng = np.random.default_rng(seed)
    market = random_market(rng, 300, 40, list_length=6, max_capacity=5)
    solved = solve_singles_state(market)
    before = solved.matching.copy()
    for _ in range(5):
        choices = rng.choice(40, size=int(rng.integers(0, 8)), replace=False).tolist()
        positions = [int(rng.integers(-1, len(market.program_list(p)) + 1)) for p in choices]
        insertion = insert_applicant(solved, choices, positions)
        expected = solve_singles(_with_newcomer(market, choices, positions))
        assert insertion.program == expected[-1]
        after = before.copy()
        after[insertion.moved] = insertion.moved_to
        assert after.tolist() == expected[:-1].tolist()
        assert before[insertion.moved].tolist() == insertion.moved_from.tolist()
        assert solved.matching.tolist() == before.tolist(), "the solved market must not change"
