"""The quadrature integrates over the shared factor exactly enough: checked against Monte Carlo."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matchwise.engine.pick.quadrature import monte_carlo_normal, normal_quadrature


def test_weights_sum_to_one_and_moments_are_standard_normal():
    nodes, weights = normal_quadrature(24)
    assert weights.sum() == pytest.approx(1.0, abs=1e-12)
    assert weights @ nodes == pytest.approx(0.0, abs=1e-12)
    assert weights @ nodes**2 == pytest.approx(1.0, abs=1e-12)
    assert weights @ nodes**4 == pytest.approx(3.0, abs=1e-10)


def test_it_refuses_zero_nodes():
    with pytest.raises(ValueError, match="at least one"):
        normal_quadrature(0)


def _p_none(a, s, nodes, weights):
    """P(no success at any of the programs) in the one-factor logistic model."""
    p = 1 / (1 + np.exp(-(a[:, None] + s * nodes[None, :])))
    return np.prod(1 - p, axis=0) @ weights


# Tolerance: 200,000 Monte Carlo draws have a standard error below 0.0011 for a probability,
# so 4 standard errors (0.0045) bounds the disagreement unless the quadrature is wrong.
MC_DRAWS = 200_000
TOLERANCE = 0.0045


@settings(max_examples=15, deadline=None)
@given(
    a=st.lists(st.floats(-4, 1), min_size=1, max_size=30),
    s=st.floats(0.1, 2.5),
    seed=st.integers(0, 2**32 - 1),
)
def test_quadrature_agrees_with_monte_carlo(a, s, seed):
    a = np.array(a)
    exact = _p_none(a, s, *normal_quadrature(32))
    sampled = _p_none(a, s, *monte_carlo_normal(MC_DRAWS, np.random.default_rng(seed)))
    assert exact == pytest.approx(sampled, abs=TOLERANCE)


def test_correlation_matters_as_model_md_says():
    # MODEL.md section 2: 20 applications at 20% each give P(no interview) of 1.2% when
    # independent, and about 21% at a factor correlation of 0.4.
    independent = 0.8**20
    assert independent == pytest.approx(0.0115, abs=5e-4)
    nodes, weights = normal_quadrature(40)
    from scipy.stats import norm

    # Probit threshold model with correlation rho = s^2 / (1 + s^2) = 0.4
    rho = 0.4
    t = norm.ppf(0.2)
    p = norm.cdf((t - np.sqrt(rho) * nodes) / np.sqrt(1 - rho))
    p_none = ((1 - p) ** 20) @ weights
    assert p_none == pytest.approx(0.21, abs=0.02)


@pytest.mark.parametrize(
    ("loading", "tolerance"), [(1.0, 1e-5), (1.5, 2e-4), (2.0, 1e-3), (2.5, 3e-3)]
)
def test_sixteen_nodes_are_enough_for_a_realistic_list(loading, tolerance):
    # Picks use 16 nodes (speed). On a 60-program list of IR-like odds the full-match
    # probability agrees with a 200-node rule to 1.4e-4 at the fitted loading (about 1.5) and
    # to 2.2e-3 at 2.5 (two sd above it, reached only by a few parameter draws): a fifth of a
    # percentage point at worst, inside every interval shown (docs/decisions/0002).
    rng = np.random.default_rng(0)
    a = rng.uniform(-5, -1, 60)
    coarse = 1 - _p_none(a, loading, *normal_quadrature(16))
    fine = 1 - _p_none(a, loading, *normal_quadrature(200))
    assert coarse == pytest.approx(fine, abs=tolerance)
