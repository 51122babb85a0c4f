"""The named, additive terms of the interview logit (MODEL.md sections 2 and 3).

Each term is a parameter name, the feature value it multiplies, and the words a user reads.
Applicant features are zero for a *baseline applicant*: a US MD senior with Step 2 CK 250, one
attempt, graduated within two years, no letters, research or US experience counted. So an
explanation reads "Step 2 CK 262 (+0.66)": what that fact adds to the logit against the baseline.

>>> from matchwise.engine.pick.profile import Profile
>>> me = Profile(applicant_type="us_md_senior", graduation_year=2027, match_year=2027,
...              specialties=["416"], step2_score=260)
>>> [(t.parameter, t.value) for t in applicant_terms(me)]
[('applicant.step2_per10', 1.0)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from matchwise.engine.pick.listproblem import FloatArray
from matchwise.engine.pick.population import APPLICANT_TYPES, VISA_NEEDS, Population
from matchwise.engine.pick.profile import APPLICANT_TYPE_LABELS, ApplicantType, Profile, VisaNeed

BASELINE_STEP2 = 250
IMG_SHARE_REFERENCE = 0.10  # the share at which an IMG applicant's program term is zero
YEARS_FREE = 2  # years since graduation that carry no penalty
LETTER_CAP = 3  # letters beyond three add nothing (ERAS programs read 3 to 4)


@dataclass(frozen=True)
class Term:
    """``parameter × value`` is this term's contribution to the logit."""

    parameter: str
    value: float
    label: str


def _plural(n: float, word: str) -> str:
    return f"{n:g} {word}" if n == 1 else f"{n:g} {word}s"


def _step2_terms(p: Profile) -> list[Term]:
    if p.step2_score is None:
        return [Term("applicant.step2_missing", 1.0, "no Step 2 CK score yet")]
    delta = (p.step2_score - BASELINE_STEP2) / 10
    return [Term("applicant.step2_per10", delta, f"Step 2 CK {p.step2_score}")] if delta else []


def _exam_terms(p: Profile) -> list[Term]:
    terms = _step2_terms(p)
    if p.exam_attempts > 1:
        extra = p.exam_attempts - 1
        terms.append(Term("applicant.extra_attempt", extra, _plural(extra, "extra USMLE attempt")))
    years = p.years_since_graduation - YEARS_FREE
    if years > 0:
        terms.append(
            Term(
                "applicant.years_since_graduation",
                years,
                f"{p.years_since_graduation} years since graduation",
            )
        )
    return terms


def _experience_terms(p: Profile) -> list[Term]:
    terms: list[Term] = []
    if p.applicant_type.is_img:
        if p.usce_hands_on_months:
            terms.append(
                Term(
                    "applicant.usce_hands_on",
                    math.log1p(p.usce_hands_on_months),
                    f"{p.usce_hands_on_months:g} months hands-on USCE",
                )
            )
        if p.usce_observership_months:
            terms.append(
                Term(
                    "applicant.usce_observership",
                    math.log1p(p.usce_observership_months),
                    f"{p.usce_observership_months:g} months of observership",
                )
            )
    if p.usce_ir_months:
        terms.append(
            Term(
                "applicant.usce_ir",
                math.log1p(p.usce_ir_months),
                f"{p.usce_ir_months:g} months of IR/DR experience",
            )
        )
    return terms


def _letter_terms(p: Profile) -> list[Term]:
    terms: list[Term] = []
    ir = min(p.us_ir_dr_letters, LETTER_CAP)
    other = min(p.us_other_letters, max(LETTER_CAP - ir, 0))
    if ir:
        terms.append(Term("applicant.us_ir_dr_letter", ir, _plural(ir, "US IR/DR letter")))
    if other:
        terms.append(Term("applicant.us_other_letter", other, _plural(other, "other US letter")))
    return terms


def _research_terms(p: Profile) -> list[Term]:
    table = (
        ("applicant.publications", p.peer_reviewed_publications, "peer-reviewed publication"),
        ("applicant.first_author", p.first_author_publications, "first-author item"),
        ("applicant.ir_publications", p.ir_publications, "IR-related item"),
        ("applicant.presentations", p.presentations, "presentation"),
    )
    return [Term(name, math.log1p(n), _plural(n, word)) for name, n, word in table if n]


def _type_terms(p: Profile) -> list[Term]:
    label = APPLICANT_TYPE_LABELS[p.applicant_type]
    terms: list[Term] = []
    if p.applicant_type is ApplicantType.US_DO_SENIOR:
        terms.append(Term("type.us_do_senior", 1.0, label))
    if p.applicant_type.is_img:
        terms.append(Term("type.img", 1.0, "IMG"))
    if p.applicant_type is ApplicantType.NON_US_IMG:
        terms.append(Term("type.non_us_img", 1.0, label))
    if p.visa_need is not VisaNeed.NONE:
        terms.append(Term("applicant.visa_needed", 1.0, f"needs a {p.visa_need.value} visa"))
    return terms


def applicant_terms(profile: Profile) -> tuple[Term, ...]:
    """Every non-zero applicant term, the same at every program."""
    return tuple(
        _type_terms(profile)
        + _exam_terms(profile)
        + _experience_terms(profile)
        + _letter_terms(profile)
        + _research_terms(profile)
    )


def applicant_design(pop: Population) -> tuple[tuple[str, ...], FloatArray]:
    """Every applicant's terms at once: the parameter names and an (N, T) matrix of values.

    Row i holds exactly what :func:`applicant_terms` gives for ``pop.profile(i)`` (a test checks
    it), computed on arrays: the population of a specialty in a few milliseconds.
    """
    img = pop.is_img.astype(float)
    kind = pop.kind
    ir = np.minimum(pop.ir_letters, LETTER_CAP)
    other = np.minimum(pop.other_letters, np.maximum(LETTER_CAP - ir, 0))
    visa_none = VISA_NEEDS.index(VisaNeed.NONE)
    columns: dict[str, FloatArray] = {
        "type.us_do_senior": (kind == APPLICANT_TYPES.index(ApplicantType.US_DO_SENIOR)) * 1.0,
        "type.img": img,
        "type.non_us_img": (kind == APPLICANT_TYPES.index(ApplicantType.NON_US_IMG)) * 1.0,
        "applicant.visa_needed": (pop.visa != visa_none) * 1.0,
        "applicant.step2_per10": ((pop.step2 - BASELINE_STEP2) / 10).astype(np.float64),
        "applicant.extra_attempt": (pop.attempts - 1).astype(np.float64),
        "applicant.years_since_graduation": np.maximum(pop.years - YEARS_FREE, 0) * 1.0,
        "applicant.usce_hands_on": img * np.log1p(pop.usce_hands_on),
        "applicant.usce_observership": img * np.log1p(pop.usce_observership),
        "applicant.usce_ir": np.log1p(pop.usce_ir),
        "applicant.us_ir_dr_letter": ir * 1.0,
        "applicant.us_other_letter": other * 1.0,
        "applicant.publications": np.log1p(pop.publications),
        "applicant.first_author": np.log1p(pop.first_author),
        "applicant.ir_publications": np.log1p(pop.ir_publications),
        "applicant.presentations": np.log1p(pop.presentations),
    }
    names = tuple(sorted(columns))
    return names, np.stack([columns[n] for n in names], axis=1)
