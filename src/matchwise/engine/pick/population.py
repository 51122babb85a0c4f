"""A synthetic applicant population that mirrors the published one, for calibration and markets.

Published figures fix each pool's size and its mix of applicant types (NRMP, ERAS: read from
``data/facts.toml`` by ``formats.pick.facts``); what the sources do not publish for IR or DR
applicants (score distributions, letters, research, US experience, who has a home state) is an
explicit prior here, listed in the model card as such.

The population is drawn as arrays, one entry per applicant, so that a whole specialty's pool
(about 1,300 DR applicants) is drawn in milliseconds; :meth:`Population.profile` gives any one
applicant as a :class:`~matchwise.engine.pick.profile.Profile` (the same applicant the
vectorized model sees: ``tests/engine/pick/test_population.py`` checks it).

>>> import numpy as np
>>> spec = PopulationSpec(specialty="416", applicants=479, filled=185,
...                       applications_mean=37.0, type_shares=IR_TYPE_SHARES)
>>> pop = draw_population(spec, np.random.default_rng(1), states={"NY": 1.0})
>>> pop.size, pop.profile(0).specialties[0].value
(479, '416')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from matchwise.engine.pick.listproblem import FloatArray, IntArray
from matchwise.engine.pick.profile import (
    ApplicantType,
    EcfmgStatus,
    Profile,
    Tie,
    VisaNeed,
)
from matchwise.engine.pick.program import Specialty

APPLICANT_TYPES: tuple[ApplicantType, ...] = tuple(ApplicantType)
VISA_NEEDS: tuple[VisaNeed, ...] = tuple(VisaNeed)
ECFMG_STATUSES: tuple[EcfmgStatus, ...] = tuple(EcfmgStatus)
_MD, _DO, _US_IMG, _NON_US_IMG = (APPLICANT_TYPES.index(t) for t in ApplicantType)

# Prior (no source publishes the IR applicant mix by type): US seniors fill 91.4% of IR
# positions (AuntMinnie 2024), so IMGs are a minority of IR applicants. The DR mix is not a
# prior: formats.pick.facts derives it from NRMP's published shares and match rates.
IR_TYPE_SHARES: Mapping[ApplicantType, float] = {
    ApplicantType.US_MD_SENIOR: 0.64,
    ApplicantType.US_DO_SENIOR: 0.12,
    ApplicantType.US_IMG: 0.10,
    ApplicantType.NON_US_IMG: 0.14,
}
# A stand-in DR mix for tests and for callers without the facts file.
DR_TYPE_SHARES: Mapping[ApplicantType, float] = {
    ApplicantType.US_MD_SENIOR: 0.67,
    ApplicantType.US_DO_SENIOR: 0.14,
    ApplicantType.US_IMG: 0.07,
    ApplicantType.NON_US_IMG: 0.12,
}
# Step 2 CK (mean, sd) by type: priors placed so that matched US MDs average about 255 in IR
# (SIR quoting NRMP 2018) and 256 in DR (2024, secondary).
STEP2_BY_TYPE: Mapping[ApplicantType, tuple[float, float]] = {
    ApplicantType.US_MD_SENIOR: (250.0, 11.0),
    ApplicantType.US_DO_SENIOR: (244.0, 12.0),
    ApplicantType.US_IMG: (238.0, 13.0),
    ApplicantType.NON_US_IMG: (242.0, 13.0),
}
IMG_HOME_STATE_SHARE = 0.5  # prior: IMGs with a US state they are connected to


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
    observership_share: float = 0.3  # prior: IMGs with an observership at a program they apply to
    match_year: int = 2027
    notes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Population:
    """N applicants as arrays (index i is one applicant in every array)."""

    spec: PopulationSpec
    kind: IntArray  # index into APPLICANT_TYPES
    step2: IntArray
    attempts: IntArray
    years: IntArray  # years since graduation at the Match
    usce_hands_on: FloatArray
    usce_observership: FloatArray
    usce_ir: FloatArray
    ir_letters: IntArray
    other_letters: IntArray
    publications: IntArray
    first_author: IntArray
    ir_publications: IntArray
    presentations: IntArray
    visa: IntArray  # index into VISA_NEEDS
    ecfmg: IntArray  # index into ECFMG_STATUSES
    home_state: NDArray[np.str_]  # "" when none

    @property
    def size(self) -> int:
        return len(self.kind)

    @property
    def is_img(self) -> NDArray[np.bool_]:
        out: NDArray[np.bool_] = self.kind >= _US_IMG
        return out

    def types(self) -> NDArray[np.str_]:
        """Each applicant's type, as the ApplicantType value."""
        return np.array([t.value for t in APPLICANT_TYPES])[self.kind]

    def profile(self, i: int, ties: tuple[Tie, ...] = ()) -> Profile:
        """Applicant ``i`` as a Profile (for explanations and for testing the arrays)."""
        state = str(self.home_state[i])
        return Profile(
            applicant_type=APPLICANT_TYPES[int(self.kind[i])],
            match_year=self.spec.match_year,
            graduation_year=self.spec.match_year - int(self.years[i]),
            step2_score=int(self.step2[i]),
            exam_attempts=int(self.attempts[i]),
            ecfmg=ECFMG_STATUSES[int(self.ecfmg[i])],
            visa_need=VISA_NEEDS[int(self.visa[i])],
            usce_hands_on_months=float(self.usce_hands_on[i]),
            usce_observership_months=float(self.usce_observership[i]),
            usce_ir_months=float(self.usce_ir[i]),
            us_ir_dr_letters=int(self.ir_letters[i]),
            us_other_letters=int(self.other_letters[i]),
            peer_reviewed_publications=int(self.publications[i]),
            first_author_publications=int(self.first_author[i]),
            ir_publications=int(self.ir_publications[i]),
            presentations=int(self.presentations[i]),
            home_states=(state,) if state else (),
            specialties=(Specialty(self.spec.specialty),),
            ties=ties,
        )


def type_counts(spec: PopulationSpec) -> IntArray:
    """Applicants of each type (APPLICANT_TYPES order): the spec's shares, rounded by largest
    remainder so that the counts add up to ``spec.applicants`` exactly."""
    shares = np.array([spec.type_shares.get(t, 0.0) for t in APPLICANT_TYPES], dtype=float)
    exact = spec.applicants * shares / shares.sum()
    counts = np.floor(exact).astype(np.int64)
    short = spec.applicants - int(counts.sum())
    counts[np.argsort(-(exact - counts), kind="stable")[:short]] += 1
    out: IntArray = counts.astype(np.int64)
    return out


def draw_population(
    spec: PopulationSpec, rng: np.random.Generator, *, states: Mapping[str, float]
) -> Population:
    """``spec.applicants`` applicants in the spec's type mix, drawn from the priors above.

    ``states`` weighs the home states (a US senior always has one; an IMG with probability
    ``IMG_HOME_STATE_SHARE``): calibration passes the pool's programs per state, so that
    connections are where the programs are, as they are for real applicants.
    """
    n = spec.applicants
    kind = rng.permutation(np.repeat(np.arange(len(APPLICANT_TYPES)), type_counts(spec)))
    img = kind >= _US_IMG
    mean = np.array([STEP2_BY_TYPE[t][0] for t in APPLICANT_TYPES])[kind]
    sd = np.array([STEP2_BY_TYPE[t][1] for t in APPLICANT_TYPES])[kind]
    step2 = np.clip(np.round(rng.normal(mean, sd)), 200, 285).astype(np.int64)
    ir_specialty = spec.specialty in (Specialty.IR_INTEGRATED, Specialty.IR_INDEPENDENT)
    # US seniors: three US letters, IR/DR faculty among them more often for IR applicants.
    us_ir = rng.binomial(3, 0.6 if ir_specialty else 0.45, n)
    img_ir, img_other = rng.binomial(2, 0.35, n), rng.binomial(2, 0.5, n)
    ir_letters = np.where(img, img_ir, us_ir)
    other_letters = np.where(img, img_other, 3 - us_ir)
    attempts = 1 + (rng.random(n) < np.where(img, 0.12, 0.04))
    years = np.where(img, 1 + rng.poisson(2.0, n), 0)
    hands_on = np.where(img, np.round(rng.gamma(2.0, 2.0, n)), 0.0)
    observership = np.where(img, np.round(rng.gamma(1.5, 2.0, n)), 0.0)
    needs_visa = kind == _NON_US_IMG
    visa_kind = np.where(rng.random(n) < 0.8, VISA_NEEDS.index(VisaNeed.J1),
                         VISA_NEEDS.index(VisaNeed.H1B))  # fmt: skip
    visa = np.where(needs_visa, visa_kind, VISA_NEEDS.index(VisaNeed.NONE))
    certified = np.where(rng.random(n) < 0.85, ECFMG_STATUSES.index(EcfmgStatus.CERTIFIED),
                         ECFMG_STATUSES.index(EcfmgStatus.BY_RANK_DEADLINE))  # fmt: skip
    ecfmg = np.where(img, certified, ECFMG_STATUSES.index(EcfmgStatus.NOT_NEEDED))
    pubs = rng.poisson(np.where(img, 3.0, 2.5))
    names = np.array(sorted(states))
    weights = np.array([states[s] for s in names], dtype=float)
    drawn = names[rng.choice(len(names), size=n, p=weights / weights.sum())]
    has_home = ~img | (rng.random(n) < IMG_HOME_STATE_SHARE)
    return Population(
        spec=spec,
        kind=kind,
        step2=step2,
        attempts=attempts.astype(np.int64),
        years=years.astype(np.int64),
        usce_hands_on=hands_on,
        usce_observership=observership,
        usce_ir=rng.integers(0, 3, n).astype(float),
        ir_letters=ir_letters.astype(np.int64),
        other_letters=other_letters.astype(np.int64),
        publications=pubs,
        first_author=rng.binomial(pubs, 0.35),
        ir_publications=rng.binomial(pubs, 0.5),
        presentations=rng.poisson(2.0, n),
        visa=visa.astype(np.int64),
        ecfmg=ecfmg.astype(np.int64),
        home_state=np.where(has_home, drawn, ""),
    )
