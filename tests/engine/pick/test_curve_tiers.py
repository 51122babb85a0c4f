"""The curve's prefix probabilities, the point of diminishing returns, and the tiers."""

import numpy as np
import pytest

from matchwise.engine.pick.curve import diminishing_returns, prefix_full_match
from matchwise.engine.pick.objective import full_match_per_draw
from matchwise.engine.pick.tiers import tier_for
from tests.engine.problems import random_problem


@pytest.mark.parametrize("seed", range(5))
def test_each_prefix_equals_the_full_match_probability_of_that_list(seed):
    rng = np.random.default_rng(seed)
    problem = random_problem(rng, 10)
    order = rng.permutation(10)
    values = prefix_full_match(
        problem.accept[order][None],
        problem.needs_pgy1[order],
        problem.supplies_pgy1[order],
        problem.node_weights,
        has_pgy1=False,
    )[0]
    for n in range(1, 11):
        chosen = np.zeros(10, dtype=bool)
        chosen[order[:n]] = True
        assert values[n - 1] == pytest.approx(
            full_match_per_draw(problem.accept[None], chosen, problem)[0], abs=1e-12
        )


@pytest.mark.parametrize(
    ("values", "at"),
    [
        ([0.1, 0.2, 0.3], None),
        ([0.1, 0.2, 0.201, 0.3], 2),
        ([0.5, 0.5001], 1),
        ([], None),
    ],
)
def test_diminishing_returns(values, at):
    assert diminishing_returns(values, threshold=0.005) == at


@pytest.mark.parametrize(
    ("p", "tier"),
    [
        (0.0, "reach"),
        (0.1199, "reach"),
        (0.12, "target"),
        (0.3499, "target"),
        (0.35, "likely"),
        (0.9, "likely"),
    ],
)
def test_tiers(p, tier):
    assert tier_for(p) == tier
