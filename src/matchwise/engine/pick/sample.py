"""A synthetic applicant pool with its applications: the stage on which calibration plays.

Each synthetic applicant (see :mod:`population`) applies to a Poisson number of programs around
the published mean, chosen at random among the programs of the specialty that its hard filters
let through; DR applicants send their gold and silver signals to random programs of their list,
and a share of applicants did an away rotation at one program of their list.

>>> # built by build_sample(spec, catalog, rng); see tests/engine/test_calibration.py
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from matchwise.engine.pick.features import applicant_terms
from matchwise.engine.pick.filters import hard_filters
from matchwise.engine.pick.listproblem import FloatArray
from matchwise.engine.pick.model import (
    SIGNAL_GOLD,
    SIGNAL_NONE,
    SIGNAL_SILVER,
    ProgramFeatures,
    median_applications,
    program_features,
    stack_features,
)
from matchwise.engine.pick.parameters import ModelParameters
from matchwise.engine.pick.population import PopulationSpec, synthetic_applicants
from matchwise.engine.pick.profile import ApplicantType, Profile, Tie, TieKind
from matchwise.engine.pick.program import Program

IntArray = NDArray[np.int_]


@dataclass(frozen=True)
class Sample:
    """Stacked (applicant, program) pairs, grouped by applicant."""

    spec: PopulationSpec
    applicants: tuple[Profile, ...]
    features: ProgramFeatures  # one row per pair
    owner: IntArray  # (P,) applicant index of each pair, non-decreasing
    starts: IntArray  # (N,) first pair of each applicant
    signal: IntArray  # (P,) SIGNAL_NONE / SIGNAL_SILVER / SIGNAL_GOLD
    design: FloatArray  # (N, T) applicant term values, columns = ``terms``
    terms: tuple[str, ...]

    def applicant_logit(self, params: ModelParameters) -> FloatArray:
        """x_i·b for every applicant at the point estimate: shape (N,)."""
        coef = np.array([params[t] for t in self.terms])
        out: FloatArray = self.design @ coef
        return out

    def types(self) -> NDArray[np.str_]:
        return np.array([a.applicant_type.value for a in self.applicants])


def _choose(
    profile: Profile, pool: Sequence[Program], mean: float, rng: np.random.Generator
) -> tuple[Program, ...]:

    open_programs = [p for p in pool if not hard_filters(profile, p)]
    if not open_programs:
        return ()
    n = int(np.clip(rng.poisson(mean), 1, len(open_programs)))
    picks = rng.choice(len(open_programs), size=n, replace=False)
    return tuple(open_programs[i] for i in sorted(picks))


def _signals(n: int, spec: PopulationSpec, rng: np.random.Generator) -> IntArray:
    out = np.full(n, SIGNAL_NONE)
    order = rng.permutation(n)
    gold = min(spec.gold_signals, n)
    silver = min(spec.silver_signals, n - gold)
    out[order[:gold]] = SIGNAL_GOLD
    out[order[gold : gold + silver]] = SIGNAL_SILVER
    return out


def _with_rotation(
    profile: Profile, chosen: Sequence[Program], spec: PopulationSpec, rng: np.random.Generator
) -> Profile:
    if not chosen or rng.random() >= spec.away_rotation_share:
        return profile
    at = chosen[int(rng.integers(0, len(chosen)))].code
    return profile.model_copy(update={"ties": (Tie(program=at, kind=TieKind.ROTATION),)})


def build_sample(
    spec: PopulationSpec, catalog: Sequence[Program], rng: np.random.Generator
) -> Sample:
    """Draw the population and its applications for ``spec.specialty``."""
    pool = [p for p in catalog if p.specialty.value == spec.specialty]
    if not pool:
        raise ValueError(f"the catalog has no programs of specialty {spec.specialty}")
    medians = median_applications(catalog)
    applicants: list[Profile] = []
    parts: list[ProgramFeatures] = []
    signals: list[IntArray] = []
    for profile in synthetic_applicants(spec, rng):
        chosen = _choose(profile, pool, spec.applications_mean, rng)
        if not chosen:
            continue
        profile = _with_rotation(profile, chosen, spec, rng)
        applicants.append(profile)
        parts.append(program_features(profile, chosen, medians=medians))
        signals.append(_signals(len(chosen), spec, rng))
    sizes = np.array([f.size for f in parts])
    terms = sorted({t.parameter for a in applicants for t in applicant_terms(a)})
    design = np.zeros((len(applicants), len(terms)))
    for i, a in enumerate(applicants):
        for t in applicant_terms(a):
            design[i, terms.index(t.parameter)] += t.value
    return Sample(
        spec=spec,
        applicants=tuple(applicants),
        features=stack_features(parts),
        owner=np.repeat(np.arange(len(applicants)), sizes),
        starts=np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(int),
        signal=np.concatenate(signals),
        design=design,
        terms=tuple(terms),
    )


def type_mask(sample: Sample, kind: ApplicantType) -> NDArray[np.bool_]:
    return np.array([a.applicant_type is kind for a in sample.applicants])
