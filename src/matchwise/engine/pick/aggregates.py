"""What the model implies for a whole applicant pool: the figures calibration compares with
published ones, and the model card reports.

All figures are expectations under the model at the given parameters, integrated over the
shared factor by quadrature (no sampling noise beyond the synthetic population itself). Rates
are computed the way they are published:

- interview rates (``interview_rate.*``) over the pool's applications: signaled, unsignaled,
  at the next program the applicant would have signaled (``comparator``), with and without a
  geographic connection (same state or region);
- ``observed_odds_ratio_*``: odds ratios between those groups of applications, as a registry
  like Texas STAR reports them (applicants choose where to apply, rotate and signal, so these
  mix the factor's effect with the choice); ``odds_ratio_interview.*`` are what the factor
  itself does (the same applications with and without it);
- match rates by applicant type over the applicants who rank the specialty (NRMP's
  definition); "matched at a program" follows each applicant's own order of preference.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

from matchwise.engine.pick.listproblem import FloatArray
from matchwise.engine.pick.model import (
    SIGNAL_GOLD,
    SIGNAL_NONE,
    SIGNAL_SILVER,
    TIE_KINDS,
    ProgramFeatures,
    conversion_probability,
    interview_logit,
    interview_probability,
    signal_levels,
    subset_features,
)
from matchwise.engine.pick.parameters import ModelParameters, ParameterDraws
from matchwise.engine.pick.profile import ApplicantType, TieKind
from matchwise.engine.pick.sample import Sample, type_mask

MAX_RANKS = 60
RANKS_SHOWN = 20  # P(match) by contiguous ranks: 1..20
COUNTERFACTUAL_PAIRS = 20_000  # applications the "what the factor does" ratios are taken on
_ROTATION = TIE_KINDS.index(TieKind.ROTATION)
RANK_TYPES = (ApplicantType.US_MD_SENIOR, ApplicantType.US_IMG, ApplicantType.NON_US_IMG)


@dataclass(frozen=True)
class Aggregates:
    """Model-implied figures for one specialty's pool (MODEL.md section 5)."""

    specialty: str
    interview_rate: dict[str, float]  # signaled, unsignaled, comparator, geographic_...
    odds_ratio_interview: dict[str, float]  # signal, away_rotation, geographic_connection
    observed_odds_ratio_interview: dict[str, float]  # signal
    observed_odds_ratio_match: dict[str, float]  # signal, away_rotation, geographic_connection
    match_rate: dict[str, float]  # by applicant type
    matches_per_applicant: float
    us_senior_share_of_matches: float
    us_md_share_of_matches: float
    contiguous_ranks_for_90pct: dict[str, int]
    p_match_by_ranks: dict[str, float]  # "<type>.<n>": P(match) with n contiguous ranks
    applications_per_applicant: float
    interviews_per_matched_applicant: float


def _odds(p: float) -> float:
    return p / (1 - p)


def _odds_ratio(p1: float, p0: float) -> float:
    return _odds(p1) / _odds(p0)


def _mean(values: FloatArray, mask: np.ndarray) -> float:
    return float(values[mask].mean()) if mask.any() else float("nan")


def _per_applicant(sample: Sample, values: FloatArray) -> FloatArray:
    """Sum (P, K) pair values into (N, K) applicant values."""
    out: FloatArray = np.add.reduceat(values, sample.starts, axis=0)
    return out


def _matched_here(sample: Sample, accept: FloatArray) -> FloatArray:
    """(P, K): P(the applicant ends up at this program | u) when they accept the best offer
    in their own order of preference (``sample.taste``): this program would take them and no
    program they prefer would."""
    order = sample.by_taste
    log_miss = np.log1p(-np.minimum(accept[order], 1 - 1e-12))
    running = np.cumsum(log_miss, axis=0) - log_miss  # exclusive, across all applicants
    first = sample.starts[sample.owner[order]]
    before = running - running[first]  # only the applicant's own preferred programs
    out = np.empty_like(accept)
    out[order] = accept[order] * np.exp(before)
    return out


def _ranks_curve(
    interviews: FloatArray, conv_mean: FloatArray, weights: FloatArray, top: int
) -> FloatArray:
    """P(match | n contiguous ranks) for n = 1..top, as NRMP charts it: over the applicants
    who *ended up* with n ranks (their interviews), not every applicant given n ranks.

    Given u, an applicant's interviews are about Poisson with mean ``interviews`` (a sum of
    many small probabilities) and each ranked program would match them with probability
    ``conv_mean``; so P(match, n ranks) = Σ_i E_u[Pois(n) (1 - (1 - q̄)^n)].
    """
    n = np.arange(1, top + 1, dtype=float)[:, None, None]
    lam = np.maximum(interviews, 1e-12)[None]
    log_pmf = (
        n * np.log(lam) - lam - np.array([math.lgamma(k + 1.0) for k in n[:, 0, 0]])[:, None, None]
    )
    pmf = np.exp(log_pmf)  # (n, N, K)
    matched = pmf * (1 - (1 - conv_mean[None]) ** n)
    out: FloatArray = (matched @ weights).sum(axis=1) / np.maximum((pmf @ weights).sum(axis=1),
                                                                   1e-300)  # fmt: skip
    return out


def _ranks_for_90(curve: FloatArray) -> int:
    reached = np.flatnonzero(curve >= 0.9)
    return int(reached[0]) + 1 if reached.size else MAX_RANKS


def _counterfactual(
    sample: Sample, point: ParameterDraws, x: FloatArray, nodes: FloatArray, weights: FloatArray
) -> dict[str, float]:
    """Odds ratios of an interview with and without each factor, on the same applications
    (a fixed, evenly spaced subset of them: the ratios are averages)."""
    step = max(1, len(sample.owner) // COUNTERFACTUAL_PAIRS)
    index = np.arange(0, len(sample.owner), step)
    f = subset_features(sample.features, index)
    logit = interview_logit(x[sample.owner[index]][None, :], f, point, nodes)[0]
    geo = point["geo.state"][0] * (f.geo_state + point["geo.region_share"][0] * f.geo_region)
    rotation = point["ties.rotation"][0] * f.ties[:, _ROTATION]
    none = signal_levels(point, np.full(len(index), SIGNAL_NONE))

    def rate(shift: FloatArray, level: FloatArray = none) -> float:
        p = interview_probability((logit + shift[:, None])[None], f, point, level)[0]
        return float((p @ weights).mean())

    zero = np.zeros(len(index))
    unsignaled = rate(zero)
    silver = rate(zero, signal_levels(point, np.full(len(index), SIGNAL_SILVER)))
    gold = rate(zero, signal_levels(point, np.full(len(index), SIGNAL_GOLD)))
    with_geo, no_geo = rate(point["geo.state"][0] - geo), rate(-geo)
    with_rot, no_rot = rate(point["ties.rotation"][0] - rotation), rate(-rotation)
    return {
        "signal": _odds_ratio(0.5 * (silver + gold), unsignaled),
        "away_rotation": _odds_ratio(with_rot, no_rot),
        "geographic_connection": _odds_ratio(with_geo, no_geo),
    }


def _conversion(
    sample: Sample, point: ParameterDraws, x: FloatArray, nodes: FloatArray
) -> FloatArray:
    """(P, K) P(match here | interview, u): it depends on the program only through its
    specialty and a tie, so it is computed per applicant and spread over their pairs."""
    f = sample.features
    tie = f.has_tie
    first = sample.starts
    rows = subset_features(f, first)
    without = conversion_probability(x[None, :], replace(rows, ties=rows.ties * 0), point, nodes)
    with_tie = conversion_probability(x[None, :], replace(rows, ties=rows.ties * 0 + 1), point,
                                      nodes)  # fmt: skip
    out: FloatArray = np.where(
        tie[:, None] > 0, with_tie[0][sample.owner], without[0][sample.owner]
    )
    return out


def compute_aggregates(
    sample: Sample,
    params: ModelParameters,
    nodes: FloatArray,
    weights: FloatArray,
    *,
    counterfactual: bool = True,
) -> Aggregates:
    """Every model-implied aggregate for the sample's pool, at ``params``' point estimate.

    ``counterfactual=False`` skips ``odds_ratio_interview`` (NaN): calibration's fit, which
    does not use them, evaluates the aggregates hundreds of times.
    """
    point = params.point()
    f: ProgramFeatures = sample.features
    x = sample.applicant_logit(params)
    x_pair = x[sample.owner][None, :]
    logit = interview_logit(x_pair, f, point, nodes)
    interview = interview_probability(logit, f, point, signal_levels(point, sample.signal))[0]
    conv = _conversion(sample, point, x, nodes)
    accept = interview * conv
    log_q = _per_applicant(sample, np.log1p(-np.minimum(accept, 1 - 1e-12)))
    p_match = (1 - np.exp(log_q)) @ weights  # (N,)
    p_int = interview @ weights  # (P,)
    here = _matched_here(sample, accept) @ weights  # (P,)

    signaled = sample.signal != SIGNAL_NONE
    connected = (f.geo_state + f.geo_region) > 0
    rotated = f.ties[:, _ROTATION] > 0

    def observed(values: FloatArray, mask: np.ndarray) -> float:
        return _odds_ratio(_mean(values, mask), _mean(values, ~mask))

    # E[interviews × matched | u] = Σ_j [a_j + (i_j - a_j)(1 - Q_{-j})]
    q_all = np.exp(log_q)[sample.owner]
    q_minus = q_all / np.maximum(1 - accept, 1e-12)
    joint = _per_applicant(sample, accept + (interview - accept) * (1 - q_minus)) @ weights
    # The share of an applicant's interviews that would convert: their ranked programs.
    conv_mean = _per_applicant(sample, accept) / np.maximum(_per_applicant(sample, interview),
                                                            1e-12)  # fmt: skip
    by_type = {k.value: type_mask(sample, k) for k in ApplicantType}
    seniors = by_type["us_md_senior"] | by_type["us_do_senior"]
    expected = _per_applicant(sample, interview)
    curves = {
        k.value: _ranks_curve(expected[m], conv_mean[m], weights, MAX_RANKS)
        for k in RANK_TYPES
        if (m := by_type[k.value]).any()
    }
    ranks = {
        f"{kind}.{n}": float(curve[n - 1])
        for kind, curve in curves.items()
        for n in range(1, RANKS_SHOWN + 1)
    }
    return Aggregates(
        specialty=sample.spec.specialty,
        interview_rate={
            "signaled": _mean(p_int, signaled),
            "unsignaled": _mean(p_int, ~signaled),
            "comparator": _mean(p_int, sample.comparator),
            "geographic_connection": _mean(p_int, connected & ~signaled),
            "no_geographic_connection": _mean(p_int, ~connected & ~signaled),
        },
        odds_ratio_interview=(
            _counterfactual(sample, point, x, nodes, weights)
            if counterfactual
            else dict.fromkeys(("signal", "away_rotation", "geographic_connection"), math.nan)
        ),
        observed_odds_ratio_interview={"signal": observed(p_int, signaled)},
        observed_odds_ratio_match={
            "signal": observed(here, signaled),
            "away_rotation": observed(here, rotated),
            "geographic_connection": observed(here, connected),
        },
        match_rate={k: _mean(p_match, m) for k, m in by_type.items()},
        matches_per_applicant=float(p_match.mean()),
        us_senior_share_of_matches=float(p_match[seniors].sum() / p_match.sum()),
        us_md_share_of_matches=float(p_match[by_type["us_md_senior"]].sum() / p_match.sum()),
        contiguous_ranks_for_90pct={k: _ranks_for_90(c) for k, c in curves.items()},
        p_match_by_ranks=ranks,
        applications_per_applicant=float(len(sample.owner) / sample.size),
        interviews_per_matched_applicant=float(joint.sum() / p_match.sum()),
    )
