"""Couples, supplemental PGY-1 lists and reversion: hand-made markets with known outcomes, and
the checker's verdict on every result."""

import numpy as np
import pytest

from matchwise.engine.match.deferred_acceptance import (
    make_instance,
    singles_market,
    solve,
    solve_singles,
)
from matchwise.engine.match.stability import check_matching
from tests.engine.match.match_markets import random_instance, random_market

A, B, C = 0, 1, 2


def _solve_checked(instance):
    result = solve(instance)
    problems = check_matching(instance, result)
    assert (problems == []) == result.stable, problems
    return result


def test_a_market_with_no_stable_matching_is_reported_as_such():
    # Roth (1984): couple (x, y) wants (A, B) only; single s prefers A to B; A ranks x above s,
    # B ranks s above y. Every matching is blocked by s or by the couple.
    s, x, y = 0, 1, 2
    market = singles_market(
        applicant_lists=[[A, B], [], []], program_lists=[[x, s], [s, y]], capacity=[1, 1]
    )
    instance = make_instance(market, couples=[(x, y)], pair_lists=[[(A, B)]])
    result = _solve_checked(instance)
    assert not result.stable
    assert result.outcome.startswith("no stable matching found in 1 run")
    assert result.blocking > 0


def test_a_displaced_member_withdraws_the_pair_and_the_vacancy_is_filled():
    # s holds B; the couple takes (A, B), displacing s, who then displaces x at A; the couple
    # withdraws y from B and takes its second pair (C, B). s prefers B but B ranks y first.
    s, x, y = 0, 1, 2
    market = singles_market(
        applicant_lists=[[B, A], [], []],
        program_lists=[[s, x], [y, s], [x]],
        capacity=[1, 1, 1],
    )
    instance = make_instance(market, couples=[(x, y)], pair_lists=[[(A, B), (C, B)]])
    result = _solve_checked(instance)
    assert result.stable
    assert result.program.tolist() == [A, C, B]


def test_a_couple_naming_one_program_twice_needs_two_positions():
    x, y, s = 0, 1, 2
    market = singles_market(
        applicant_lists=[[], [], [A]], program_lists=[[x, s, y], [x, y]], capacity=[2, 2]
    )
    # A would take x and s, not y: the couple goes to B together.
    instance = make_instance(market, couples=[(x, y)], pair_lists=[[(A, A), (B, B)]])
    result = _solve_checked(instance)
    assert result.program.tolist() == [B, B, A]


def test_a_couple_member_can_go_alone():
    x, y = 0, 1
    market = singles_market(applicant_lists=[[], []], program_lists=[[x], []], capacity=[1, 1])
    instance = make_instance(market, couples=[(x, y)], pair_lists=[[(A, B), (A, -1)]])
    result = _solve_checked(instance)
    assert result.program.tolist() == [A, -1]


def test_the_supplemental_list_of_the_advanced_program_matched_gives_the_pgy1_year():
    adv, adv2, p1, p2 = 0, 1, 2, 3
    market = singles_market(
        applicant_lists=[[adv, adv2], [adv], [p1]],
        program_lists=[[1, 0], [0], [2, 0], [0]],
        capacity=[1, 1, 1, 1],
    )
    instance = make_instance(
        market,
        supplemental_lists=[[p1, p2], [p1, p2]],
        links={(0, adv): 0, (0, adv2): 1},
    )
    result = _solve_checked(instance)
    # Applicant 1 takes the advanced program applicant 0 wanted most; applicant 0 matches the
    # second one and its list; P1 prefers applicant 2, so applicant 0's PGY-1 year is at P2.
    assert result.program.tolist() == [adv2, adv, p1]
    assert result.pgy1.tolist() == [p2, -1, -1]


def test_losing_the_advanced_position_gives_up_the_pgy1_seat():
    adv, p1 = 0, 1
    market = singles_market(
        applicant_lists=[[adv], [p1], [adv]],
        program_lists=[[2, 0], [0, 1]],
        capacity=[1, 1],
    )
    instance = make_instance(market, supplemental_lists=[[p1]], links={(0, adv): 0})
    result = _solve_checked(instance)
    # Applicant 0 held ADV and took P1 from applicant 1 until applicant 2 displaced them.
    assert result.program.tolist() == [-1, p1, adv]
    assert result.pgy1.tolist() == [-1, -1, -1]


def test_unfilled_positions_revert_where_the_data_says():
    market = singles_market(
        applicant_lists=[[A], [B], [B], [B]],
        program_lists=[[0], [1, 2, 3]],
        capacity=[3, 1],
    )
    result = _solve_checked(make_instance(market, reverts_to={A: B}))
    assert result.capacity.tolist() == [1, 3]
    assert result.program.tolist() == [A, B, B, B]


def test_positions_reverting_in_a_circle_are_refused():
    market = singles_market(applicant_lists=[[]], program_lists=[[], []], capacity=[1, 1])
    with pytest.raises(ValueError, match="circle"):
        solve(make_instance(market, reverts_to={A: B, B: A}))


@pytest.mark.parametrize("seed", range(40))
def test_on_random_markets_with_couples_the_checker_agrees_with_the_outcome(seed):
    rng = np.random.default_rng(seed)
    instance = random_instance(rng, n_singles=int(rng.integers(0, 40)), n_couples=4, n_programs=8)
    _solve_checked(instance)


def test_a_larger_market_with_couples_is_stable_and_verified():
    instance = random_instance(
        np.random.default_rng(5), n_singles=3000, n_couples=60, n_programs=600
    )
    assert _solve_checked(instance).stable


@pytest.mark.parametrize("seed", range(10))
def test_without_couples_solve_is_the_singles_matching_and_verified(seed):
    market = random_market(np.random.default_rng(seed), 500, 80, list_length=6)
    result = _solve_checked(make_instance(market))
    assert result.stable and result.runs == 1
    assert result.program.tolist() == solve_singles(market).tolist()


def test_the_checker_names_every_kind_of_violation():
    s, x, y = 0, 1, 2
    market = singles_market(
        applicant_lists=[[A], [], []], program_lists=[[s], [x, y]], capacity=[1, 1]
    )
    instance = make_instance(market, couples=[(x, y)], pair_lists=[[(B, B), (B, -1)]])
    good = solve(instance)
    assert check_matching(instance, good) == []
    names = {"applicant_names": ["S", "X", "Y"], "program_names": ["PA", "PB", "PC"][:2]}
    blocked = type(good)(**{**good.__dict__, "program": np.array([-1, -1, -1], np.int32)})
    problems = check_matching(instance, blocked, **names)
    assert (
        "S and PA block the matching: S ranks PA above no position and PA has a free "
        "position" in problems
    )
    assert any(
        p.startswith("couple X and Y block the matching with (PB, no position)") for p in problems
    )
    over = type(good)(**{**good.__dict__, "program": np.array([A, A, B], np.int32)})
    problems = check_matching(instance, over, **names)
    assert "PA holds 2 applicants for 1 positions" in problems
    assert "X is matched to PA, which does not rank them" in problems
    assert any("a pair they do not rank" in p for p in problems)
