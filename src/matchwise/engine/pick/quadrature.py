"""Gauss-Hermite quadrature for expectations over a standard normal factor.

For a one-factor model the expectation over u ~ N(0, 1) of a smooth function is computed
exactly enough with a few dozen nodes, deterministically and fast (MODEL.md section 2); the
Monte Carlo path below exists only so that tests can check the quadrature against it.

>>> nodes, weights = normal_quadrature(20)
>>> round(float(weights @ nodes**2), 12)
1.0
"""

from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from numpy.polynomial.hermite_e import hermegauss

from matchwise.engine.pick.listproblem import FloatArray

DEFAULT_NODES = 32


@lru_cache(maxsize=8)
def _cached(n: int) -> tuple[FloatArray, FloatArray]:
    nodes, weights = hermegauss(n)
    # hermegauss integrates against exp(-x^2/2); dividing by sqrt(2*pi) gives N(0, 1) weights.
    weights = weights / math.sqrt(2.0 * math.pi)
    nodes.setflags(write=False)
    weights.setflags(write=False)
    return nodes, weights


def normal_quadrature(n: int = DEFAULT_NODES) -> tuple[FloatArray, FloatArray]:
    """Nodes and weights with ``sum(w * f(x)) ≈ E[f(u)]`` for u ~ N(0, 1); weights sum to 1.

    Exact for polynomials of degree up to 2n - 1. The arrays are read-only and shared.
    """
    if n < 1:
        raise ValueError(f"need at least one quadrature node, got {n}")
    return _cached(n)


def monte_carlo_normal(n: int, rng: np.random.Generator) -> tuple[FloatArray, FloatArray]:
    """Sampled nodes with equal weights: the slow, noisy path that tests compare against."""
    nodes = rng.standard_normal(n)
    return nodes, np.full(n, 1.0 / n)
