"""Fitting through simulation: the one parameter only a whole market can pin down.

Who gets the positions when applicants compete for them (the share of matches that go to US
seniors, the share of filled positions that go to US MDs) depends on how programs rank the
applicants they interviewed: on their view of each applicant (Pick's conversion model) and on
how much else goes into a rank list, the scale of the noise in it
(:attr:`~matchwise.engine.market.simulator.MarketSpec.program_noise`). Pick's own model has no such
parameter (its P(match here | interview) is one applicant's view); a market does. This module
fits the scale to the published shares, in simulated markets.

The markets are drawn once; each trial scale re-ranks their interviews from the same noise
draws (:func:`~matchwise.engine.market.simulator.with_program_noise`: common random numbers), so the
objective is a smooth, deterministic function of the scale and each trial costs a sort and a
match. The objective is the sum of squared standardized residuals, with each target's standard
error from its confidence (as the main calibration uses), plus a weak prior pull toward 1 (no
extra noise) so that targets that pull apart still give a definite answer.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from matchwise.engine.market.simulator import SyntheticMarket, market_aggregates, with_program_noise
from matchwise.engine.match.deferred_acceptance import solve_singles

__all__ = ["PRIOR_SD_LOG", "MarketFit", "MarketTarget", "TargetResult", "fit_program_noise"]

PRIOR_SD_LOG = 1.0  # prior on log(scale): centred on 0 (scale 1), sd 1 (a factor e either way)
SCALE_RANGE = (0.1, 10.0)  # searched on a log grid, then refined


@dataclass(frozen=True)
class MarketTarget:
    """A published figure a simulated market produces: ``figure`` is a key of
    :func:`~matchwise.engine.market.simulator.market_aggregates`, computed on the ``pool``'s
    markets."""

    name: str
    pool: str
    figure: str
    value: float
    se: float
    source: str


@dataclass(frozen=True)
class TargetResult:
    target: MarketTarget
    simulated: float  # the mean across runs at the fitted scale

    @property
    def standardized(self) -> float:
        return (self.simulated - self.target.value) / self.target.se


@dataclass(frozen=True)
class MarketFit:
    """``interval``: an approximate 95% interval of the scale, from the objective's curvature
    at its minimum (a Laplace approximation on the log scale, prior included)."""

    program_noise: float
    interval: tuple[float, float]
    results: tuple[TargetResult, ...]
    runs: Mapping[str, int]  # markets per pool
    at_prior: tuple[TargetResult, ...]  # the same figures at scale 1, for comparison


def _means(
    markets: Mapping[str, Sequence[SyntheticMarket]],
    targets: Sequence[MarketTarget],
    scale: float,
) -> list[float]:
    figures: dict[str, list[dict[str, float]]] = {}
    for pool in {t.pool for t in targets}:
        runs = []
        for market in markets[pool]:
            ranked = with_program_noise(market, scale)
            runs.append(market_aggregates(ranked, solve_singles(ranked.rank_lists)))
        figures[pool] = runs
    return [float(np.nanmean([r[t.figure] for r in figures[t.pool]])) for t in targets]


def _objective(values: Sequence[float], targets: Sequence[MarketTarget], scale: float) -> float:
    misfit = sum(((v - t.value) / t.se) ** 2 for v, t in zip(values, targets, strict=True))
    return misfit + (math.log(scale) / PRIOR_SD_LOG) ** 2


def fit_program_noise(
    markets: Mapping[str, Sequence[SyntheticMarket]],
    targets: Sequence[MarketTarget],
    *,
    grid: int = 17,
    refine: int = 12,
) -> MarketFit:
    """The noise scale that best reproduces ``targets`` in ``markets`` (pool -> drawn markets).

    A log-spaced grid over :data:`SCALE_RANGE`, then golden-section refinement around the best
    grid point. Deterministic for given markets.
    """
    if not targets:
        raise ValueError("no targets to fit")
    missing = {t.pool for t in targets} - {p for p, m in markets.items() if m}
    if missing:
        raise ValueError(f"no simulated markets for pool(s) {sorted(missing)}")
    cache: dict[float, float] = {}

    def f(log_scale: float) -> float:
        if log_scale not in cache:
            scale = math.exp(log_scale)
            cache[log_scale] = _objective(_means(markets, targets, scale), targets, scale)
        return cache[log_scale]

    lo, hi = (math.log(x) for x in SCALE_RANGE)
    points = [lo + (hi - lo) * k / (grid - 1) for k in range(grid)]
    best = min(range(grid), key=lambda k: f(points[k]))
    a, b = points[max(best - 1, 0)], points[min(best + 1, grid - 1)]
    ratio = (math.sqrt(5) - 1) / 2
    c, d = b - ratio * (b - a), a + ratio * (b - a)
    for _ in range(refine):
        if f(c) < f(d):
            b, d = d, c
            c = b - ratio * (b - a)
        else:
            a, c = c, d
            d = a + ratio * (b - a)
    log_best = min((points[best], c, d), key=f)
    scale = math.exp(log_best)
    h = 0.1  # the objective is half a chi-square: its second derivative is 2 / variance
    curvature = (f(log_best + h) - 2 * f(log_best) + f(log_best - h)) / h**2
    half = 1.96 * math.sqrt(2 / curvature) if curvature > 0 else math.inf
    interval = (math.exp(log_best - half), math.exp(log_best + half))
    fitted = _means(markets, targets, scale)
    prior = _means(markets, targets, 1.0)
    return MarketFit(
        program_noise=scale,
        interval=interval,
        results=tuple(TargetResult(t, v) for t, v in zip(targets, fitted, strict=True)),
        runs={pool: len(m) for pool, m in markets.items()},
        at_prior=tuple(TargetResult(t, v) for t, v in zip(targets, prior, strict=True)),
    )
