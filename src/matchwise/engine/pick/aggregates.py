"""What the model implies for a whole applicant pool: the figures calibration compares with
published ones, and the model card reports.

All figures are expectations under the model at the point estimate, integrated over the shared
factor by quadrature (no sampling noise beyond the synthetic population itself).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matchwise.engine.pick.listproblem import FloatArray
from matchwise.engine.pick.model import (
    SIGNAL_GOLD,
    SIGNAL_SILVER,
    SPECIALTIES,
    TIE_KINDS,
    interview_logit,
    sigmoid,
    visa_factor,
)
from matchwise.engine.pick.parameters import ModelParameters
from matchwise.engine.pick.profile import ApplicantType, TieKind
from matchwise.engine.pick.sample import Sample, type_mask

MAX_RANKS = 60
_ROTATION = TIE_KINDS.index(TieKind.ROTATION)


@dataclass(frozen=True)
class Aggregates:
    """Model-implied figures for one specialty's pool (MODEL.md section 5)."""

    specialty: str
    interview_rate: dict[str, float]  # signaled, unsignaled, geographic_connection, no_...
    odds_ratio_interview: dict[str, float]  # signal, away_rotation, geographic_connection
    match_rate: dict[str, float]  # by applicant type
    matches_per_applicant: float
    us_senior_share_of_matches: float
    us_md_share_of_matches: float
    contiguous_ranks_for_90pct: dict[str, int]
    applications_per_applicant: float
    interviews_per_matched_applicant: float


def _odds_ratio(p1: float, p0: float) -> float:
    return (p1 / (1 - p1)) / (p0 / (1 - p0))


def _per_applicant(sample: Sample, values: FloatArray) -> FloatArray:
    """Sum (P, K) pair values into (N, K) applicant values."""
    out: FloatArray = np.add.reduceat(values, sample.starts, axis=0)
    return out


def _conversion(
    sample: Sample, params: ModelParameters, x: FloatArray, nodes: FloatArray
) -> FloatArray:
    f = sample.features
    table = np.array([params[f"conversion.{s.value}"] for s in SPECIALTIES])
    strength = x[:, None] + params["factor.loading"] * nodes[None, :]
    logit = (
        table[f.specialty_index][:, None]
        + params["conversion.strength"] * strength
        + params["conversion.ties"] * f.has_tie[:, None]
    )
    return sigmoid(logit)


def _ranks_for_90(conv_mean: FloatArray, weights: FloatArray) -> int:
    """Smallest n with mean over applicants of E_u[1 - (1 - q̄)^n] >= 0.9 (capped)."""
    for n in range(1, MAX_RANKS + 1):
        p = float(((1 - (1 - conv_mean) ** n) @ weights).mean())
        if p >= 0.9:
            return n
    return MAX_RANKS


def compute_aggregates(
    sample: Sample, params: ModelParameters, nodes: FloatArray, weights: FloatArray
) -> Aggregates:
    """Every model-implied aggregate for the sample's pool, at the point estimate."""
    f = sample.features
    point = params.point()
    x_app = sample.applicant_logit(params)
    x = x_app[sample.owner]
    raw = interview_logit(x[None, :], f, point, nodes)[0]  # (P, K)
    visa = visa_factor(f, point)[0][:, None]
    geo_now = params["geo.state"] * (f.geo_state + params["geo.region_share"] * f.geo_region)
    rotation_now = params["ties.rotation"] * f.ties[:, _ROTATION]
    silver = params["signal.silver"]
    gold = silver + params["signal.gold_extra"]
    shift = np.where(sample.signal == SIGNAL_GOLD, gold, 0.0) + np.where(
        sample.signal == SIGNAL_SILVER, silver, 0.0
    )
    p_int = sigmoid(raw + shift[:, None]) * visa
    conv = _conversion(sample, params, x, nodes)
    accept = p_int * conv
    log_q = _per_applicant(sample, np.log1p(-np.minimum(accept, 1 - 1e-12)))
    p_match_k = 1 - np.exp(log_q)  # (N, K)
    p_match = p_match_k @ weights

    def rate(logit: FloatArray) -> float:
        return float(((sigmoid(logit) * visa) @ weights).mean())

    unsignaled = rate(raw)
    signaled = 0.5 * (rate(raw + silver) + rate(raw + gold))
    no_geo = rate(raw - geo_now[:, None])
    with_geo = rate(raw - geo_now[:, None] + params["geo.state"])
    no_rot = rate(raw - rotation_now[:, None])
    with_rot = rate(raw - rotation_now[:, None] + params["ties.rotation"])

    # E[interviews × matched | u] = Σ_j [a_j + (i_j - a_j)(1 - Q_{-j})]
    q_all = np.exp(log_q)[sample.owner]
    q_minus = q_all / np.maximum(1 - accept, 1e-12)
    joint = _per_applicant(sample, accept + (p_int - accept) * (1 - q_minus)) @ weights
    types = sample.types()
    senior = np.isin(types, [ApplicantType.US_MD_SENIOR.value, ApplicantType.US_DO_SENIOR.value])
    conv_mean = _per_applicant(sample, conv) / np.bincount(sample.owner)[:, None]
    by_type = {k.value: type_mask(sample, k) for k in ApplicantType}
    return Aggregates(
        specialty=sample.spec.specialty,
        interview_rate={
            "signaled": signaled,
            "unsignaled": unsignaled,
            "geographic_connection": with_geo,
            "no_geographic_connection": no_geo,
        },
        odds_ratio_interview={
            "signal": _odds_ratio(signaled, unsignaled),
            "away_rotation": _odds_ratio(with_rot, no_rot),
            "geographic_connection": _odds_ratio(with_geo, no_geo),
        },
        match_rate={
            k: float(p_match[m].mean()) if m.any() else float("nan") for k, m in by_type.items()
        },
        matches_per_applicant=float(p_match.mean()),
        us_senior_share_of_matches=float(p_match[senior].sum() / p_match.sum()),
        us_md_share_of_matches=float(p_match[by_type["us_md_senior"]].sum() / p_match.sum()),
        contiguous_ranks_for_90pct={
            k.value: _ranks_for_90(conv_mean[by_type[k.value]], weights)
            for k in (ApplicantType.US_MD_SENIOR, ApplicantType.US_IMG, ApplicantType.NON_US_IMG)
            if by_type[k.value].any()
        },
        applications_per_applicant=float(len(sample.owner) / len(sample.applicants)),
        interviews_per_matched_applicant=float(joint.sum() / p_match.sum()),
    )
