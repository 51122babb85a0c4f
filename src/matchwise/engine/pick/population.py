"""A synthetic applicant population that mirrors the published one, for calibration.

Published figures fix the size of each specialty's applicant pool, its filled positions and the
applications per applicant; the rest of the population (the mix of applicant types, score
distributions, letters, research, US experience) is not published for IR or DR, so it is an
explicit prior here, listed in the model card as such.

>>> import numpy as np
>>> spec = PopulationSpec(specialty="416", applicants=479, filled=185,
...                       applications_mean=37.0, type_shares=IR_TYPE_SHARES)
>>> len(synthetic_applicants(spec, np.random.default_rng(1)))
479
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from matchwise.engine.pick.geography import STATES
from matchwise.engine.pick.profile import ApplicantType, EcfmgStatus, Profile, VisaNeed
from matchwise.engine.pick.program import Specialty

# Priors (no source publishes the IR or DR applicant mix by type): US seniors fill 91.4% of IR
# positions (AuntMinnie 2024) and US MDs 69.2% of DR (Wadhwa 2020), so IMGs are a minority of
# IR applicants and a larger share of DR applicants.
IR_TYPE_SHARES: Mapping[ApplicantType, float] = {
    ApplicantType.US_MD_SENIOR: 0.64,
    ApplicantType.US_DO_SENIOR: 0.12,
    ApplicantType.US_IMG: 0.10,
    ApplicantType.NON_US_IMG: 0.14,
}
DR_TYPE_SHARES: Mapping[ApplicantType, float] = {
    ApplicantType.US_MD_SENIOR: 0.52,
    ApplicantType.US_DO_SENIOR: 0.16,
    ApplicantType.US_IMG: 0.12,
    ApplicantType.NON_US_IMG: 0.20,
}
# Step 2 CK (mean, sd) by type: priors placed so that matched US MDs average about 255 in IR
# (SIR quoting NRMP 2018) and 256 in DR (2024, secondary).
STEP2_BY_TYPE: Mapping[ApplicantType, tuple[float, float]] = {
    ApplicantType.US_MD_SENIOR: (250.0, 11.0),
    ApplicantType.US_DO_SENIOR: (244.0, 12.0),
    ApplicantType.US_IMG: (238.0, 13.0),
    ApplicantType.NON_US_IMG: (242.0, 13.0),
}


@dataclass(frozen=True)
class PopulationSpec:
    """One specialty's applicant pool."""

    specialty: str
    applicants: int
    filled: int
    applications_mean: float
    type_shares: Mapping[ApplicantType, float]
    gold_signals: int = 0
    silver_signals: int = 0
    away_rotation_share: float = 0.72  # SIR 2023 survey of matched IR applicants (secondary)
    match_year: int = 2027
    notes: Mapping[str, str] = field(default_factory=dict)


def _img_profile_fields(kind: ApplicantType, rng: np.random.Generator) -> dict[str, object]:
    years = int(1 + rng.poisson(2.0))
    needs_visa = kind is ApplicantType.NON_US_IMG
    return {
        "graduation_offset": years,
        "usce_hands_on_months": float(np.round(rng.gamma(2.0, 2.0))),
        "usce_observership_months": float(np.round(rng.gamma(1.5, 2.0))),
        "us_ir_dr_letters": int(rng.binomial(2, 0.35)),
        "us_other_letters": int(rng.binomial(2, 0.5)),
        "exam_attempts": 1 + int(rng.random() < 0.12),
        "visa_need": (VisaNeed.J1 if rng.random() < 0.8 else VisaNeed.H1B)
        if needs_visa
        else VisaNeed.NONE,
        "ecfmg": EcfmgStatus.CERTIFIED if rng.random() < 0.85 else EcfmgStatus.BY_RANK_DEADLINE,
    }


def _us_profile_fields(specialty: str, rng: np.random.Generator) -> dict[str, object]:
    ir = specialty in (Specialty.IR_INTEGRATED, Specialty.IR_INDEPENDENT)
    letters = int(rng.binomial(3, 0.6 if ir else 0.45))
    return {
        "graduation_offset": 0,
        "usce_hands_on_months": 0.0,
        "usce_observership_months": 0.0,
        "us_ir_dr_letters": letters,
        "us_other_letters": 3 - letters,
        "exam_attempts": 1 + int(rng.random() < 0.04),
        "visa_need": VisaNeed.NONE,
        "ecfmg": EcfmgStatus.NOT_NEEDED,
    }


def synthetic_applicant(
    spec: PopulationSpec, kind: ApplicantType, rng: np.random.Generator
) -> Profile:
    """One applicant of the given type, drawn from the priors above."""
    mean, sd = STEP2_BY_TYPE[kind]
    extra = (
        _img_profile_fields(kind, rng) if kind.is_img else _us_profile_fields(spec.specialty, rng)
    )
    offset = int(extra.pop("graduation_offset"))  # type: ignore[call-overload]
    pubs = int(rng.poisson(3.0 if kind.is_img else 2.5))
    return Profile.model_validate(
        {
            "applicant_type": kind,
            "match_year": spec.match_year,
            "graduation_year": spec.match_year - offset,
            "step2_score": int(np.clip(np.round(rng.normal(mean, sd)), 200, 285)),
            "usce_ir_months": float(rng.integers(0, 3)),
            "peer_reviewed_publications": pubs,
            "first_author_publications": int(rng.binomial(pubs, 0.35)),
            "ir_publications": int(rng.binomial(pubs, 0.5)),
            "presentations": int(rng.poisson(2.0)),
            "home_states": (sorted(STATES)[int(rng.integers(0, len(STATES)))],),
            "specialties": (spec.specialty,),
            **extra,
        }
    )


def synthetic_applicants(spec: PopulationSpec, rng: np.random.Generator) -> tuple[Profile, ...]:
    """``spec.applicants`` applicants with types drawn in the spec's shares."""
    kinds = list(spec.type_shares)
    shares = np.array([spec.type_shares[k] for k in kinds])
    drawn = rng.choice(len(kinds), size=spec.applicants, p=shares / shares.sum())
    return tuple(synthetic_applicant(spec, kinds[i], rng) for i in drawn)
