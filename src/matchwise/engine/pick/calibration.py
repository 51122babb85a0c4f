"""Calibration: fit the free parameters so the model reproduces the published aggregates.

The fit is a penalised (maximum a posteriori) least squares on standardized residuals
``(model - target) / se``, with ``se`` set by each figure's confidence (a primary figure is
trusted to 5%, a secondary one to 15%, a weak one to 40% of its value), plus one residual per
fitted parameter, ``(θ - θ_prior) / sd_prior``, so that parameters the figures cannot separate
(the intercepts, the conversion rates and the factor loading pull against each other) stay
near their documented priors instead of running to a bound. The fitted parameters' covariance
is the Laplace approximation ``(JᵀJ)⁻¹`` of all those residuals, so a figure we trust less
leaves its parameter more uncertain, and that uncertainty reaches every interval shown.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import least_squares

from matchwise.engine.pick.aggregates import Aggregates, compute_aggregates
from matchwise.engine.pick.listproblem import FloatArray
from matchwise.engine.pick.parameters import ModelParameters
from matchwise.engine.pick.population import PopulationSpec
from matchwise.engine.pick.program import Program
from matchwise.engine.pick.quadrature import normal_quadrature
from matchwise.engine.pick.sample import Sample, build_sample

RELATIVE_SE: Mapping[str, float] = {"primary": 0.05, "secondary": 0.15, "weak": 0.40}
CALIBRATION_NODES = 16

FITTED: tuple[str, ...] = (
    "intercept.416",
    "intercept.420",
    "conversion.416",
    "conversion.420",
    "type.img",
    "signal.silver",
    "geo.state",
    "factor.loading",
)


@dataclass(frozen=True)
class Target:
    """A published figure the model should reproduce."""

    name: str
    specialty: str  # the pool it is computed on ("416-survey": IR applying to 46 programs)
    metric: str  # a key of :func:`metric_value`
    value: float
    source: str
    confidence: str

    @property
    def se(self) -> float:
        return abs(self.value) * RELATIVE_SE.get(self.confidence, 0.4)


@dataclass(frozen=True)
class TargetFit:
    target: Target
    model: float

    @property
    def residual(self) -> float:
        return self.model - self.target.value

    @property
    def standardized(self) -> float:
        return self.residual / self.target.se


@dataclass(frozen=True)
class CalibrationResult:
    parameters: ModelParameters
    fits: tuple[TargetFit, ...]
    aggregates: Mapping[str, Aggregates]
    populations: Mapping[str, PopulationSpec]
    converged: bool
    message: str


def metric_value(agg: Aggregates, metric: str) -> float:
    """Read one figure out of the aggregates by its dotted name."""
    head, _, tail = metric.partition(".")
    value = getattr(agg, head)
    return float(value[tail] if tail else value)


def _evaluate(
    samples: Mapping[str, Sample], params: ModelParameters, nodes: FloatArray, weights: FloatArray
) -> dict[str, Aggregates]:
    return {k: compute_aggregates(s, params, nodes, weights) for k, s in samples.items()}


def build_samples(
    populations: Mapping[str, PopulationSpec], catalog: Sequence[Program], seed: int
) -> dict[str, Sample]:
    """Every pool's synthetic sample, drawn in order from one generator seeded with ``seed``."""
    rng = np.random.default_rng(seed)
    return {name: build_sample(spec, catalog, rng) for name, spec in populations.items()}


def implied_aggregates(
    params: ModelParameters, samples: Mapping[str, Sample]
) -> dict[str, Aggregates]:
    """Model-implied aggregates of each pool at the calibration's quadrature."""
    nodes, weights = normal_quadrature(CALIBRATION_NODES)
    return _evaluate(samples, params, nodes, weights)


def calibrate(
    *,
    start: ModelParameters,
    populations: Mapping[str, PopulationSpec],
    catalog: Sequence[Program],
    targets: Sequence[Target],
    seed: int,
    version: str,
    fitted: Sequence[str] = FITTED,
) -> CalibrationResult:
    """Fit ``fitted`` parameters to ``targets`` on synthetic pools; deterministic for a seed.

    ``populations`` maps a pool name (a specialty code, or e.g. "416-survey") to its spec;
    every target names the pool it is computed on.
    """
    samples = build_samples(populations, catalog, seed)
    nodes, weights = normal_quadrature(CALIBRATION_NODES)
    names = tuple(fitted)
    lower = np.array([start.parameters[n].lower for n in names])
    upper = np.array([start.parameters[n].upper for n in names])
    theta0 = np.clip([start[n] for n in names], lower + 1e-9, upper - 1e-9)
    se = np.array([t.se for t in targets])
    prior_mean = np.array([start[n] for n in names])
    prior_sd = np.array([start.parameters[n].sd for n in names])

    def residuals(theta: FloatArray) -> FloatArray:
        params = start.with_values(dict(zip(names, theta, strict=True)))
        aggs = _evaluate(samples, params, nodes, weights)
        model = np.array([metric_value(aggs[t.specialty], t.metric) for t in targets])
        data = (model - np.array([t.value for t in targets])) / se
        out: FloatArray = np.concatenate([data, (theta - prior_mean) / prior_sd])
        return out

    fit = least_squares(
        residuals, theta0, bounds=(lower, upper), x_scale=1.0, diff_step=np.full(len(names), 1e-3)
    )
    jac = np.asarray(fit.jac)
    cov = np.linalg.pinv(jac.T @ jac)
    params = start.with_values(dict(zip(names, fit.x, strict=True)), kind="fitted")
    params = params.with_covariance(names, cov, version=version)
    aggs = _evaluate(samples, params, nodes, weights)
    fits = tuple(TargetFit(t, metric_value(aggs[t.specialty], t.metric)) for t in targets)
    return CalibrationResult(
        parameters=params,
        fits=fits,
        aggregates=aggs,
        populations=dict(populations),
        converged=bool(fit.success),
        message=str(fit.message),
    )
