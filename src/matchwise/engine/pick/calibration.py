"""Calibration: fit the free parameters so the model reproduces the published aggregates.

The fit is a penalised (maximum a posteriori) least squares on standardized residuals
``(model - target) / se``, with ``se`` set by each figure's confidence (an exact count from
NRMP is trusted to 3%, a primary figure to 5%, a secondary one to 15%, a weak one to 40% of its
value; odds ratios are compared on the log scale, where each of their two rates' error counts),
plus one residual per parameter, ``(θ - θ_prior) / sd_prior``, so that parameters the figures
cannot separate stay near their documented priors instead of running to a bound.

The uncertainty of the result is a Laplace approximation over *every* parameter, fitted or
prior: the covariance ``(JᵀJ)⁻¹`` of all those residuals with J taken with respect to all
parameters at the fit. A prior parameter that moves a fitted figure (the conversion slope, the
signal's slope) is therefore drawn together with the fitted ones that compensate for it,
never independently of them; a figure trusted less leaves its parameters more uncertain, and
that uncertainty reaches every interval shown.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
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

RELATIVE_SE: Mapping[str, float] = {"count": 0.03, "primary": 0.05, "secondary": 0.15, "weak": 0.40}
RATIO_SE_FACTOR = 2.0  # an odds ratio carries the error of both its rates
CALIBRATION_NODES = 8  # enough for these smooth integrals: error well under 0.1 point
JACOBIAN_STEP = 0.05  # of each parameter's prior sd, for the Laplace approximation

# The revision of what a fit produces from the same facts, catalog and priors: the model, the
# synthetic pool and what is computed on it. Bump it with any change to that code that changes
# the fit (it is part of the parameter version), then re-run `matchwise calibrate`.
MODEL_REVISION = 2  # 2: issue 13 (published type mix, choices, applicant-dependent signals)

FITTED: tuple[str, ...] = (
    "intercept.416",
    "intercept.420",
    "conversion.416",
    "conversion.420",
    "conversion.strength",
    "type.img",
    "type.non_us_img",
    "type.us_do_senior",
    "signal.silver",
    "fit.sd",
    "geo.state",
    "ties.rotation",
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
    def log_scale(self) -> bool:
        """Odds ratios are compared as log odds ratios."""
        return "odds_ratio" in self.metric

    @property
    def se(self) -> float:
        """The standard error on the scale the target is compared on."""
        relative = RELATIVE_SE.get(self.confidence, 0.4)
        if self.log_scale:
            return relative * RATIO_SE_FACTOR
        return abs(self.value) * relative

    def standardize(self, model: float) -> float:
        if self.log_scale:
            return (math.log(model) - math.log(self.value)) / self.se
        return (model - self.value) / self.se

    def from_standardized(self, z: float) -> float:
        """The figure ``z`` standard errors from the target (the inverse of standardize)."""
        if self.log_scale:
            return math.exp(math.log(self.value) + z * self.se)
        return self.value + z * self.se


@dataclass(frozen=True)
class TargetFit:
    target: Target
    model: float

    @property
    def residual(self) -> float:
        return self.model - self.target.value

    @property
    def standardized(self) -> float:
        return self.target.standardize(self.model)


@dataclass(frozen=True)
class CalibrationResult:
    parameters: ModelParameters
    fits: tuple[TargetFit, ...]
    aggregates: Mapping[str, Aggregates]
    populations: Mapping[str, PopulationSpec]
    converged: bool
    message: str
    fitted: tuple[str, ...] = FITTED
    # The Laplace approximation: d(standardized residual of each target) / d(parameter), for
    # the parameters in ``parameters.covariance_names``; rows in the order of ``fits``.
    jacobian: tuple[tuple[float, ...], ...] = ()


def metric_value(agg: Aggregates, metric: str) -> float:
    """Read one figure out of the aggregates by its dotted name
    (``p_match_by_ranks.us_md_senior.14``: the group, then the key within it)."""
    head, _, tail = metric.partition(".")
    value = getattr(agg, head)
    return float(value[tail] if tail else value)


def build_samples(
    populations: Mapping[str, PopulationSpec], catalog: Sequence[Program], seed: int
) -> dict[str, Sample]:
    """Every pool's synthetic sample, drawn in order from one generator seeded with ``seed``."""
    rng = np.random.default_rng(seed)
    return {name: build_sample(spec, catalog, rng) for name, spec in populations.items()}


def implied_aggregates(
    params: ModelParameters, samples: Mapping[str, Sample], *, counterfactual: bool = True
) -> dict[str, Aggregates]:
    """Model-implied aggregates of each pool at the calibration's quadrature."""
    nodes, weights = normal_quadrature(CALIBRATION_NODES)
    return {
        k: compute_aggregates(s, params, nodes, weights, counterfactual=counterfactual)
        for k, s in samples.items()
    }


def target_values(
    params: ModelParameters, samples: Mapping[str, Sample], targets: Sequence[Target]
) -> FloatArray:
    """Each target's model figure under ``params`` (only the pools the targets need)."""
    pools = {t.specialty for t in targets}
    aggs = implied_aggregates(params, {k: samples[k] for k in pools}, counterfactual=False)
    return np.array([metric_value(aggs[t.specialty], t.metric) for t in targets])


def standardized(values: FloatArray, targets: Sequence[Target]) -> FloatArray:
    return np.array([t.standardize(float(v)) for v, t in zip(values, targets, strict=True)])


@dataclass(frozen=True)
class Fit:
    """One penalised least-squares fit (the fitted values only)."""

    values: dict[str, float]
    converged: bool
    message: str


def fit_parameters(
    start: ModelParameters,
    samples: Mapping[str, Sample],
    targets: Sequence[Target],
    fitted: Sequence[str],
    *,
    initial: Mapping[str, float] | None = None,
) -> Fit:
    """Fit ``fitted`` to ``targets``, held near ``start``'s values (its priors)."""
    names = tuple(fitted)
    lower = np.array([start.parameters[n].lower for n in names])
    upper = np.array([start.parameters[n].upper for n in names])
    first = [initial.get(n, start[n]) if initial else start[n] for n in names]
    theta0 = np.clip(first, lower + 1e-9, upper - 1e-9)
    prior_mean = np.array([start[n] for n in names])
    prior_sd = np.array([start.parameters[n].sd for n in names])

    def residuals(theta: FloatArray) -> FloatArray:
        params = start.with_values(dict(zip(names, theta, strict=True)))
        data = standardized(target_values(params, samples, targets), targets)
        out: FloatArray = np.concatenate([data, (theta - prior_mean) / prior_sd])
        return out

    fit = least_squares(
        residuals,
        theta0,
        bounds=(lower, upper),
        x_scale=prior_sd,
        diff_step=np.full(len(names), 1e-3),
        xtol=1e-6,
    )
    return Fit(dict(zip(names, map(float, fit.x), strict=True)), bool(fit.success),
               str(fit.message))  # fmt: skip


def uncertain_names(params: ModelParameters) -> tuple[str, ...]:
    """The parameters with an uncertainty (all but fixed settings like program.unknown_sd)."""
    return tuple(n for n, p in params.parameters.items() if p.sd > 0)


def target_jacobian(
    params: ModelParameters,
    samples: Mapping[str, Sample],
    targets: Sequence[Target],
    names: Sequence[str],
    *,
    evaluate: Callable[[ModelParameters], FloatArray] | None = None,
) -> FloatArray:
    """(targets, parameters): d(standardized residual) / d(parameter), forward differences of
    a twentieth of each parameter's prior sd (inside its bounds)."""
    evaluate = evaluate or (lambda p: standardized(target_values(p, samples, targets), targets))
    base = evaluate(params)
    columns = []
    for name in names:
        par = params.parameters[name]
        step = JACOBIAN_STEP * par.sd
        if par.value + step > par.upper:
            step = -step
        moved = params.with_values({name: par.value + step})
        columns.append((evaluate(moved) - base) / step)
    return np.stack(columns, axis=1)


def prior_precision(prior: ModelParameters, names: Sequence[str]) -> FloatArray:
    """diag(1 / sd²) of the priors: what each parameter's own residual adds to JᵀJ."""
    out: FloatArray = np.diag([1.0 / prior.parameters[n].sd ** 2 for n in names])
    return out


def posterior_covariance(
    prior: ModelParameters, names: Sequence[str], jacobian: FloatArray
) -> FloatArray:
    """The Laplace covariance of the parameters ``names``: ``(JᵀJ + diag(1/sd²))⁻¹``."""
    out = np.linalg.inv(jacobian.T @ jacobian + prior_precision(prior, names))
    symmetric: FloatArray = 0.5 * (out + out.T)
    return symmetric


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
    fit = fit_parameters(start, samples, targets, fitted)
    params = start.with_values(fit.values, kind="fitted")
    names = uncertain_names(params)
    jacobian = target_jacobian(params, samples, targets, names)
    cov = posterior_covariance(start, names, jacobian)
    params = params.with_covariance(names, cov, version=version)
    aggs = implied_aggregates(params, samples)
    fits = tuple(TargetFit(t, metric_value(aggs[t.specialty], t.metric)) for t in targets)
    return CalibrationResult(
        parameters=params,
        fits=fits,
        aggregates=aggs,
        populations=dict(populations),
        converged=fit.converged,
        message=fit.message,
        fitted=tuple(fitted),
        jacobian=tuple(tuple(float(x) for x in row) for row in jacobian),
    )
