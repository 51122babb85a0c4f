"""The one-factor probability model: from a profile and programs to conditional probabilities.

For applicant i, program j and the shared factor u ~ N(0, 1) (MODEL.md section 2)::

    η_ij = a_j + x_i·b + d·geo + e·ties + s·u + f·z_ij
    logit P(interview | u) = η_ij + signal_ij(η_ij)
    logit P(match here | interview, u) = m_spec + g·(x_i·b + s·u) + h·ties

``a_j`` is the specialty intercept plus the program's selectivity terms; unknown program
attributes contribute zero to the point estimate and a random effect of sd
``program.unknown_sd`` each to the draws, so unknown data widens the interval. A program whose
visa policy is unknown is multiplied by the prior share of programs that sponsor the visa.

``z_ij ~ N(0, 1)`` is how well applicant and program fit beyond what the model sees (a school
affiliation, a shared interest): synthetic applicants know theirs and apply and signal by it,
as real applicants do; for a user it is unknown, so it is averaged out (the logit is scaled by
``1 / sqrt(1 + π f² / 8)``, the logistic-normal approximation).

The signal term depends on the applicant: ``softplus(c + λ·(η − η_ref))`` with ``η_ref`` the
logit of the published unsignaled interview rate. An applicant near the usual interviewee gains
about ``c``; a long shot gains less and less (a signal gets an application read, and the read
still judges it), so a signal cannot turn 1% into 50%.

All arrays carry a leading draw axis D (1 for the point estimate): logits are (D, J, K).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, fields, replace
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from matchwise.engine.pick.features import IMG_SHARE_REFERENCE, applicant_terms
from matchwise.engine.pick.filters import hard_filters
from matchwise.engine.pick.geography import region_of
from matchwise.engine.pick.listproblem import BoolArray, FloatArray
from matchwise.engine.pick.parameters import ParameterDraws
from matchwise.engine.pick.profile import Profile, TieKind, VisaNeed
from matchwise.engine.pick.program import Program, Specialty

IntArray = NDArray[np.int_]
BASELINE_MEDIAN_STEP2 = 250
SIGNAL_NONE, SIGNAL_SILVER, SIGNAL_GOLD = 0, 1, 2
# η_ref of the signal term: the logit of the published DR unsignaled interview rate, 8.5%
# (Lakhani et al., JACR 2024): `signal.silver` is what a silver signal adds at that rate.
SIGNAL_REFERENCE_LOGIT = math.log(0.085 / 0.915)


SPECIALTIES: tuple[Specialty, ...] = tuple(Specialty)
TIE_KINDS: tuple[TieKind, ...] = tuple(TieKind)
VISA_RATE_PARAMETERS = ("visa.unknown_j1_rate", "visa.unknown_h1b_rate")


@dataclass(frozen=True)
class ProgramFeatures:
    """Per-program inputs to the logit, aligned with ``programs`` (length J).

    Rows may also be (applicant, program) pairs: calibration stacks many applicants' features
    with :func:`stack_features` and evaluates them in one call.
    """

    programs: tuple[Program, ...]
    filters: tuple[tuple[str, ...], ...]
    specialty_index: IntArray  # index into SPECIALTIES
    academic: FloatArray
    log_applications: FloatArray  # log(applications per position / specialty median)
    median_step2: FloatArray  # (median - 250) / 10
    img_share: FloatArray  # share above the reference, 0 for non-IMG applicants
    unknown_count: FloatArray
    geo_state: FloatArray  # 1 same state
    geo_region: FloatArray  # 1 same region but not same state
    ties: FloatArray  # (J, len(TIE_KINDS)) indicator of each tie kind
    visa_unknown: IntArray  # -1 known/not needed, else index into VISA_RATE_PARAMETERS
    # z_ij of each row when known (synthetic applicants); None for a user: averaged out.
    affinity: FloatArray | None = None

    @cached_property
    def eligible(self) -> BoolArray:
        return np.array([not reasons for reasons in self.filters], dtype=bool)

    @property
    def size(self) -> int:
        return len(self.programs)

    @property
    def has_tie(self) -> FloatArray:
        out: FloatArray = (self.ties.sum(axis=1) > 0).astype(float)
        return out

    def tie_kinds(self, j: int) -> tuple[TieKind, ...]:
        return tuple(k for i, k in enumerate(TIE_KINDS) if self.ties[j, i])

    def visa_parameter(self, j: int) -> str | None:
        index = int(self.visa_unknown[j])
        return VISA_RATE_PARAMETERS[index] if index >= 0 else None


def stack_features(parts: Sequence[ProgramFeatures]) -> ProgramFeatures:
    """Concatenate features row-wise (for evaluating many applicants at once)."""
    affinity = (
        np.concatenate([f.affinity for f in parts if f.affinity is not None])
        if all(f.affinity is not None for f in parts)
        else None
    )
    return ProgramFeatures(
        programs=tuple(p for f in parts for p in f.programs),
        filters=tuple(r for f in parts for r in f.filters),
        **{name: np.concatenate([getattr(f, name) for f in parts]) for name in ARRAY_FIELDS},
        affinity=affinity,
    )


def median_applications(programs: Sequence[Program]) -> dict[Specialty, float]:
    by_specialty: dict[Specialty, list[float]] = {}
    for p in programs:
        if p.applications_per_position:
            by_specialty.setdefault(p.specialty, []).append(p.applications_per_position)
    return {s: float(np.median(v)) for s, v in by_specialty.items()}


def _visa_index(profile: Profile, program: Program) -> int:
    if program.visa is not None or profile.visa_need is VisaNeed.NONE:
        return -1
    if profile.visa_need is VisaNeed.H1B:
        return 1
    return 0  # J-1, or either: J-1 is the commoner sponsorship


def program_features(
    profile: Profile,
    programs: Sequence[Program],
    *,
    medians: dict[Specialty, float] | None = None,
) -> ProgramFeatures:
    """Everything about each program that the logit needs, for this applicant.

    ``medians`` (applications per position by specialty) default to those of ``programs``;
    pass the whole catalog's when scoring a subset.
    """
    medians = median_applications(programs) if medians is None else medians
    regions = {region_of(s) for s in profile.home_states} - {"unknown"}
    states = {s.upper() for s in profile.home_states}
    is_img = profile.applicant_type.is_img
    ties = np.zeros((len(programs), len(TIE_KINDS)))
    position = {p.code: j for j, p in enumerate(programs)}
    for tie in profile.ties:
        if tie.program in position:
            ties[position[tie.program], TIE_KINDS.index(tie.kind)] = 1.0
    cols: dict[str, list[float]] = {k: [] for k in ("ac", "la", "ms", "img", "unk", "gs", "gr")}
    for p in programs:
        unknown = 0
        cols["ac"].append(float(p.academic) if p.academic is not None else 0.0)
        unknown += p.academic is None
        median = medians.get(p.specialty)
        if p.applications_per_position and median:
            cols["la"].append(math.log(p.applications_per_position / median))
        else:
            cols["la"].append(0.0)
            unknown += 1
        if p.median_step2 is not None:
            cols["ms"].append((p.median_step2 - BASELINE_MEDIAN_STEP2) / 10)
        else:
            cols["ms"].append(0.0)
            unknown += 1
        if is_img:
            cols["img"].append(
                (p.img_share - IMG_SHARE_REFERENCE) if p.img_share is not None else 0.0
            )
            unknown += p.img_share is None
        else:
            cols["img"].append(0.0)
        cols["unk"].append(float(unknown))
        same_state = p.state is not None and p.state in states
        cols["gs"].append(float(same_state))
        cols["gr"].append(float(not same_state and p.region in regions))
    return ProgramFeatures(
        programs=tuple(programs),
        filters=tuple(hard_filters(profile, p) for p in programs),
        specialty_index=np.array([SPECIALTIES.index(p.specialty) for p in programs], dtype=int),
        academic=np.array(cols["ac"]),
        log_applications=np.array(cols["la"]),
        median_step2=np.array(cols["ms"]),
        img_share=np.array(cols["img"]),
        unknown_count=np.array(cols["unk"]),
        geo_state=np.array(cols["gs"]),
        geo_region=np.array(cols["gr"]),
        ties=ties,
        visa_unknown=np.array([_visa_index(profile, p) for p in programs], dtype=int),
    )


def applicant_logit(profile: Profile, draws: ParameterDraws) -> FloatArray:
    """x_i·b for each draw: shape (D, 1)."""
    total = np.zeros(draws.count)
    for term in applicant_terms(profile):
        total = total + draws[term.parameter] * term.value
    return total[:, None]


def _by_specialty(prefix: str, f: ProgramFeatures, draws: ParameterDraws) -> FloatArray:
    """(D, J) of the per-specialty parameter ``prefix.<code>``."""
    table = np.stack([draws[f"{prefix}.{s.value}"] for s in SPECIALTIES], axis=1)  # (D, S)
    out: FloatArray = table[:, f.specialty_index]
    return out


def tie_logit(f: ProgramFeatures, draws: ParameterDraws) -> FloatArray:
    """(D, J): the sum of the tie terms at each program."""
    coef = np.stack([draws[f"ties.{k.value}"] for k in TIE_KINDS], axis=1)  # (D, T)
    out: FloatArray = coef @ f.ties.T
    return out


def program_logit(f: ProgramFeatures, draws: ParameterDraws) -> FloatArray:
    """(D, J): a_j plus geography and ties (no signal, no applicant, no factor)."""
    a = _by_specialty("intercept", f, draws)
    a = a + draws.column("program.academic") * f.academic
    a = a + draws.column("program.log_applications_per_position") * f.log_applications
    a = a + draws.column("program.median_step2_per10") * f.median_step2
    a = a + draws.column("program.img_share") * f.img_share
    geo = f.geo_state + draws.column("geo.region_share") * f.geo_region
    return a + draws.column("geo.state") * geo + tie_logit(f, draws)


def interview_logit(
    x: FloatArray,
    f: ProgramFeatures,
    draws: ParameterDraws,
    nodes: FloatArray,
    rng: np.random.Generator | None = None,
) -> FloatArray:
    """(D, J, K): η, the logit P(interview | u) without a signal and before the visa factor.

    With known affinity (``f.affinity``), ``fit.sd · z`` is in η; without, it is averaged out
    later (:func:`interview_probability`).
    """
    base = program_logit(f, draws) + x  # (D, J)
    if rng is not None:
        sd = draws.column("program.unknown_sd") * np.sqrt(f.unknown_count)
        base = base + sd * rng.standard_normal(base.shape)
    if f.affinity is not None:
        base = base + draws.column("fit.sd") * f.affinity
    s = draws.column("factor.loading")[:, :, None]  # (D, 1, 1)
    out: FloatArray = base[:, :, None] + s * nodes[None, None, :]
    return out


def softplus(x: FloatArray) -> FloatArray:
    out: FloatArray = np.logaddexp(0.0, x)
    return out


def signal_shift(logit: FloatArray, level: FloatArray, slope: FloatArray) -> FloatArray:
    """What a signal adds to the logit ``logit`` (η): ``softplus(c + λ·(η − η_ref))``.

    ``level`` is c of the signal sent (``signal.silver``, plus ``signal.gold_extra`` for gold),
    ``slope`` is λ (``signal.slope``); both broadcast against ``logit``.

    >>> round(float(signal_shift(np.array(-8.0), np.array(1.0), np.array(0.4))), 2)
    0.25
    """
    return softplus(level + slope * (logit - SIGNAL_REFERENCE_LOGIT))


def affinity_scale(draws: ParameterDraws) -> FloatArray:
    """(D, 1, 1): the factor that averages an unknown N(0, fit.sd²) fit out of a logit."""
    sd = draws["fit.sd"]
    out: FloatArray = (1.0 / np.sqrt(1.0 + math.pi * sd**2 / 8.0))[:, None, None]
    return out


def signal_levels(draws: ParameterDraws, signal: IntArray | int) -> FloatArray:
    """(D, J) or (D, 1): c of each row's signal; -inf where none is sent (no shift)."""
    silver = draws["signal.silver"][:, None]
    gold = silver + draws["signal.gold_extra"][:, None]
    level = np.asarray(signal)[None, ...] if np.ndim(signal) else np.full((1, 1), signal)
    out: FloatArray = np.where(
        level == SIGNAL_GOLD, gold, np.where(level == SIGNAL_SILVER, silver, -np.inf)
    )
    return out


def interview_probability(
    logit: FloatArray, f: ProgramFeatures, draws: ParameterDraws, level: FloatArray
) -> FloatArray:
    """(D, J, K) P(interview | u) from η (:func:`interview_logit`) and each row's signal level
    (:func:`signal_levels`), with the visa factor and the hard filters applied."""
    level = np.broadcast_to(level, logit.shape[:2])
    rows = np.flatnonzero(np.isfinite(level[0]))  # the signaled rows (the same in every draw)
    shifted = logit
    if rows.size:
        shifted = logit.copy()
        slope = draws["signal.slope"][:, None, None]
        c = level[:, rows, None]
        shifted[:, rows] += signal_shift(logit[:, rows], c, slope)
    if f.affinity is None:
        shifted = shifted * affinity_scale(draws)
    visa = visa_factor(f, draws)[:, :, None]
    out: FloatArray = np.where(f.eligible[None, :, None], sigmoid(shifted) * visa, 0.0)
    return out


def conversion_probability(
    x: FloatArray, f: ProgramFeatures, draws: ParameterDraws, nodes: FloatArray
) -> FloatArray:
    """(D, J, K): P(match here | interview, u)."""
    s = draws.column("factor.loading")[:, :, None]
    strength = x[:, :, None] + s * nodes[None, None, :]  # (D, 1 or J, K)
    conv_logit = (
        _by_specialty("conversion", f, draws)[:, :, None]
        + draws.column("conversion.strength")[:, :, None] * strength
        + draws.column("conversion.ties")[:, :, None] * f.has_tie[None, :, None]
    )
    return sigmoid(conv_logit)


@dataclass(frozen=True)
class ModelArrays:
    """Conditional probabilities for every draw, program and node: shapes (D, J, K)."""

    interview: FloatArray  # P(interview | u), no signal, visa factor included
    interview_silver: FloatArray
    interview_gold: FloatArray
    conversion: FloatArray  # P(match here | interview, u)
    eligible: BoolArray  # (J,)

    def accept(self, signal: int = SIGNAL_NONE) -> FloatArray:
        """P(program would match the applicant | u) with the given signal."""
        table = (self.interview, self.interview_silver, self.interview_gold)
        return table[signal] * self.conversion


def sigmoid(x: FloatArray) -> FloatArray:
    out: FloatArray = 0.5 * (1.0 + np.tanh(0.5 * x))  # overflow-free logistic
    return out


def visa_factor(f: ProgramFeatures, draws: ParameterDraws) -> FloatArray:
    rates = np.stack(
        [np.ones(draws.count)] + [draws[name] for name in VISA_RATE_PARAMETERS], axis=1
    )  # (D, 3): column 0 = policy known or no visa needed
    out: FloatArray = rates[:, f.visa_unknown + 1]
    return out


def evaluate_model(
    x: FloatArray,
    f: ProgramFeatures,
    draws: ParameterDraws,
    nodes: FloatArray,
    rng: np.random.Generator | None = None,
) -> ModelArrays:
    """Conditional interview and conversion probabilities at every draw, program and node.

    ``x`` is the applicant term x_i·b, shape (D, 1) for one applicant (see
    :func:`applicant_logit`) or (D, J) when rows are (applicant, program) pairs. ``rng`` draws
    the random effect of unknown program attributes; without it (the point estimate) that
    effect is zero.
    """
    logit = interview_logit(x, f, draws, nodes, rng)
    return ModelArrays(
        interview=interview_probability(logit, f, draws, signal_levels(draws, SIGNAL_NONE)),
        interview_silver=interview_probability(
            logit, f, draws, signal_levels(draws, SIGNAL_SILVER)
        ),
        interview_gold=interview_probability(logit, f, draws, signal_levels(draws, SIGNAL_GOLD)),
        conversion=conversion_probability(x, f, draws, nodes),
        eligible=f.eligible,
    )


def evaluate_signaled(
    x: FloatArray,
    f: ProgramFeatures,
    draws: ParameterDraws,
    nodes: FloatArray,
    signal: IntArray,
    rng: np.random.Generator | None = None,
) -> tuple[FloatArray, FloatArray]:
    """P(interview | u) and P(match here | interview, u), (D, J, K), with each program's own
    signal level applied: what :func:`evaluate_model` gives, for one signal per program, at a
    third of the cost (one logistic instead of three)."""
    logit = interview_logit(x, f, draws, nodes, rng)
    interview = interview_probability(logit, f, draws, signal_levels(draws, signal))
    return interview, conversion_probability(x, f, draws, nodes)


def subset_features(f: ProgramFeatures, index: IntArray) -> ProgramFeatures:
    """The rows ``index`` of ``f`` (to re-score a few programs under many draws)."""
    return ProgramFeatures(
        programs=tuple(f.programs[i] for i in index),
        filters=tuple(f.filters[i] for i in index),
        **{name: getattr(f, name)[index] for name in ARRAY_FIELDS},
        affinity=None if f.affinity is None else f.affinity[index],
    )


# The per-row arrays of ProgramFeatures (all but the programs, their filters and the affinity).
ARRAY_FIELDS: tuple[str, ...] = tuple(
    f.name for f in fields(ProgramFeatures) if f.name not in ("programs", "filters", "affinity")
)


def with_affinity(f: ProgramFeatures, affinity: FloatArray) -> ProgramFeatures:
    """``f`` with known applicant-program fit (the market's entrant draws theirs)."""
    return replace(f, affinity=affinity)
