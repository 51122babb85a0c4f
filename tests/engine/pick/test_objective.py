"""The objective: exact against a direct computation, monotone, and the fast updates agree."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchwise.engine.pick.objective import (
    Weights,
    add_to_state,
    build_state,
    full_match_per_draw,
    values_replacing,
    values_with,
    values_without,
)
from tests.engine.problems import random_problem


def direct(problem, utility, chosen, accept=None):
    """The definition, computed the slow way: rank, then walk down the list."""
    a = problem.accept if accept is None else accept
    main = [j for j in np.flatnonzero(chosen) if not problem.supplies_pgy1[j]]
    main.sort(key=lambda j: (-utility[j], problem.needs_pgy1[j]))
    pgy1 = [j for j in np.flatnonzero(chosen) if problem.supplies_pgy1[j]]
    q_p = np.prod([1 - a[j] for j in pgy1], axis=0) if pgy1 else np.ones(a.shape[1])
    g = np.ones_like(q_p) if problem.has_pgy1 else 1 - q_p
    survive, total = np.ones(a.shape[1]), np.zeros(a.shape[1])
    for j in main:
        total += utility[j] * a[j] * (g if problem.needs_pgy1[j] else 1) * survive
        survive = survive * (1 - a[j])
    return total @ problem.node_weights


CASES = [(seed, has) for seed in range(12) for has in (False, True)]


@pytest.mark.parametrize(("seed", "has_pgy1"), CASES)
def test_state_and_fast_updates_equal_the_definition(seed, has_pgy1):
    rng = np.random.default_rng(seed)
    problem = random_problem(rng, 9, has_pgy1=has_pgy1)
    for utility in (np.ones(9), problem.utility):
        weights = Weights.of(problem, utility)
        u = weights.utility
        chosen = rng.random(9) < 0.5
        state = build_state(problem, weights, problem.accept, chosen)
        assert state.value == pytest.approx(direct(problem, u, chosen), abs=1e-12)
        added = values_with(problem, weights, state, problem.accept)
        removed = values_without(problem, weights, state, problem.accept)
        rows = np.minimum(problem.accept * 1.7, 0.95)
        replaced = values_replacing(problem, weights, state, problem.accept, rows)
        for j in range(9):
            flip = chosen.copy()
            flip[j] = not chosen[j]
            if chosen[j]:
                assert removed[j] == pytest.approx(direct(problem, u, flip), abs=1e-12)
                a2 = problem.accept.copy()
                a2[j] = rows[j]
                assert replaced[j] == pytest.approx(direct(problem, u, chosen, a2), abs=1e-12)
            else:
                assert added[j] == pytest.approx(direct(problem, u, flip), abs=1e-12)
                grown = add_to_state(problem, weights, state, problem.accept, j)
                assert grown.value == pytest.approx(direct(problem, u, flip), abs=1e-12)


@pytest.mark.parametrize("seed", range(10))
def test_with_unit_utilities_it_is_the_full_match_probability(seed):
    rng = np.random.default_rng(seed)
    problem = random_problem(rng, 10, has_pgy1=bool(seed % 2))
    chosen = rng.random(10) < 0.6
    weights = Weights.of(problem, np.ones(10))
    value = build_state(problem, weights, problem.accept, chosen).value
    closed = full_match_per_draw(problem.accept[None], chosen, problem)[0]
    assert value == pytest.approx(closed, abs=1e-12)


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), extra=st.integers(0, 9))
def test_adding_a_program_never_lowers_p_match(seed, extra):
    rng = np.random.default_rng(seed)
    problem = random_problem(rng, 10)
    chosen = rng.random(10) < 0.5
    chosen[extra] = False
    before = full_match_per_draw(problem.accept[None], chosen, problem)[0]
    chosen[extra] = True
    after = full_match_per_draw(problem.accept[None], chosen, problem)[0]
    assert after >= before - 1e-12
