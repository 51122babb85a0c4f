"""How good the calibrated model is, in terms anyone can check against the published record.

Two checks, both over the published figures calibration uses (``facts.toml``):

- **Posterior predictive check.** Draw the parameters jointly (the Laplace approximation of
  :mod:`calibration`), recompute every figure, add the figure's own published error, and ask
  whether the published value falls inside the 5th to 95th percentile: a well-calibrated model
  has about 90% of them inside.
- **Leave one target out.** For each figure, the fit without it (a Gauss-Newton step from the
  full fit with that figure's residual removed: the Laplace approximation's own leave-one-out,
  checked against a real refit in the tests) predicts it, with a 90% interval from that fit's
  uncertainty plus the figure's own error. The share of held-out figures inside their interval
  says how well the model predicts what it did not see.

Also the DR P(match)-by-contiguous-ranks curves by applicant type with their 90% bands, to set
beside NRMP's Charting Outcomes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from matchwise.engine.pick.aggregates import RANK_TYPES, RANKS_SHOWN
from matchwise.engine.pick.calibration import (
    CalibrationResult,
    Target,
    fit_parameters,
    implied_aggregates,
    metric_value,
    prior_precision,
    standardized,
    target_values,
)
from matchwise.engine.pick.listproblem import FloatArray
from matchwise.engine.pick.parameters import ModelParameters
from matchwise.engine.pick.sample import Sample

Z90 = 1.6448536269514722  # the 95th percentile of N(0, 1): a 90% two-sided interval
CHECK_DRAWS = 100


@dataclass(frozen=True)
class TargetCheck:
    """A published figure beside the model's prediction of it and a 90% interval."""

    target: Target
    predicted: float
    low: float
    high: float

    @property
    def inside(self) -> bool:
        return bool(self.low <= self.target.value <= self.high)


@dataclass(frozen=True)
class RanksPoint:
    """P(match) with ``ranks`` contiguous ranks for one applicant type (DR), with its band."""

    applicant_type: str
    ranks: int
    p_match: float
    low: float
    high: float


@dataclass(frozen=True)
class Validation:
    predictive: tuple[TargetCheck, ...]
    leave_one_out: tuple[TargetCheck, ...]
    ranks: tuple[RanksPoint, ...]
    draws: int

    @staticmethod
    def share_inside(checks: Sequence[TargetCheck]) -> float:
        return sum(c.inside for c in checks) / len(checks) if checks else math.nan

    @staticmethod
    def inside_count(checks: Sequence[TargetCheck]) -> int:
        return sum(c.inside for c in checks)


def _band(target: Target, z: FloatArray) -> tuple[float, float]:
    low, high = np.percentile(z, (5.0, 95.0))
    return target.from_standardized(float(low)), target.from_standardized(float(high))


def posterior_predictive(
    result: CalibrationResult,
    samples: Mapping[str, Sample],
    rng: np.random.Generator,
    *,
    draws: int = CHECK_DRAWS,
) -> tuple[tuple[TargetCheck, ...], tuple[RanksPoint, ...]]:
    """Every target's predictive 90% band under joint parameter draws, and the DR ranks curves
    with their bands (from the same draws)."""
    targets = [f.target for f in result.fits]
    params = result.parameters
    joint = params.draws(draws, rng)
    pools = {t.specialty for t in targets} | {"420"}
    z = np.empty((draws, len(targets)))
    curves: dict[str, list[float]] = {}
    for d in range(draws):
        drawn = params.with_values({n: float(joint[n][d]) for n in params.names})
        aggs = implied_aggregates(drawn, {k: samples[k] for k in pools}, counterfactual=False)
        values = np.array([metric_value(aggs[t.specialty], t.metric) for t in targets])
        z[d] = standardized(values, targets)
        for key, value in aggs["420"].p_match_by_ranks.items():
            curves.setdefault(key, []).append(value)
    z = z + rng.standard_normal(z.shape)  # each published figure's own error
    checks = tuple(
        TargetCheck(f.target, float(f.model), *_band(f.target, z[:, i]))
        for i, f in enumerate(result.fits)
    )
    point = result.aggregates["420"].p_match_by_ranks
    ranks = tuple(
        RanksPoint(
            kind.value, n, float(point[key]), *map(float, np.percentile(curves[key], (5, 95)))
        )
        for kind in RANK_TYPES
        for n in range(1, RANKS_SHOWN + 1)
        if (key := f"{kind.value}.{n}") in point
    )
    return checks, ranks


def leave_one_out(result: CalibrationResult, prior: ModelParameters) -> tuple[TargetCheck, ...]:
    """Each target predicted by the fit without it, with a 90% interval (see the module
    docstring): from the Laplace approximation stored with the result."""
    params = result.parameters
    names = params.covariance_names
    jac = np.array(result.jacobian)
    residual = np.array([f.standardized for f in result.fits])
    precision = prior_precision(prior, names)
    fitted = [names.index(n) for n in result.fitted if n in names]
    full = jac.T @ jac + precision
    out = []
    for i, f in enumerate(result.fits):
        row = jac[i]
        without = full - np.outer(row, row)
        h = without[np.ix_(fitted, fitted)]
        step = np.linalg.solve(h, row[fitted] * residual[i])
        z = residual[i] + row[fitted] @ step
        spread = math.sqrt(float(row @ np.linalg.solve(without, row)) + 1.0)
        t = f.target
        z = float(z)
        out.append(TargetCheck(t, t.from_standardized(z), t.from_standardized(z - Z90 * spread),
                               t.from_standardized(z + Z90 * spread)))  # fmt: skip
    return tuple(out)


def refit_without(
    result: CalibrationResult, prior: ModelParameters, samples: Mapping[str, Sample], index: int
) -> float:
    """The figure ``index`` under a real refit without it (warm-started from the full fit):
    what :func:`leave_one_out` approximates."""
    targets = [f.target for i, f in enumerate(result.fits) if i != index]
    start = {n: result.parameters[n] for n in result.fitted}
    fit = fit_parameters(prior, samples, targets, result.fitted, initial=start)
    held = result.fits[index].target
    refit = prior.with_values(fit.values)
    return float(target_values(refit, samples, [held])[0])


def validate(
    result: CalibrationResult,
    prior: ModelParameters,
    samples: Mapping[str, Sample],
    rng: np.random.Generator,
    *,
    draws: int = CHECK_DRAWS,
) -> Validation:
    predictive, ranks = posterior_predictive(result, samples, rng, draws=draws)
    return Validation(predictive, leave_one_out(result, prior), ranks, draws)
