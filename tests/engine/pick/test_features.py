"""Applicant terms: zero for the baseline applicant, named for everything else."""

import math

import pytest

from matchwise.engine.pick.features import applicant_terms
from tests.engine.factories import a_profile

BASELINE = {
    "applicant_type": "us_md_senior",
    "graduation_year": 2027,
    "step2_score": 250,
    "visa_need": "none",
    "ecfmg": "not_needed",
    "usce_hands_on_months": 0,
}


def terms(**changes):
    profile = a_profile(**{**BASELINE, **changes})
    return {t.parameter: (t.value, t.label) for t in applicant_terms(profile)}


def test_the_baseline_applicant_has_no_terms():
    assert terms() == {}


@pytest.mark.parametrize(
    ("change", "parameter", "value", "label"),
    [
        ({"step2_score": 262}, "applicant.step2_per10", 1.2, "Step 2 CK 262"),
        ({"step2_score": None}, "applicant.step2_missing", 1.0, "no Step 2 CK score yet"),
        ({"exam_attempts": 3}, "applicant.extra_attempt", 2, "2 extra USMLE attempts"),
        (
            {"graduation_year": 2021},
            "applicant.years_since_graduation",
            4,
            "6 years since graduation",
        ),
        ({"us_ir_dr_letters": 5}, "applicant.us_ir_dr_letter", 3, "3 US IR/DR letters"),
        (
            {"peer_reviewed_publications": 3},
            "applicant.publications",
            math.log1p(3),
            "3 peer-reviewed publications",
        ),
        ({"usce_ir_months": 1}, "applicant.usce_ir", math.log1p(1), "1 months of IR/DR experience"),
        ({"applicant_type": "us_do_senior"}, "type.us_do_senior", 1.0, "US DO senior"),
        ({"applicant_type": "us_img"}, "type.img", 1.0, "IMG"),
        (
            {"applicant_type": "non_us_img", "visa_need": "J-1"},
            "applicant.visa_needed",
            1.0,
            "needs a J-1 visa",
        ),
    ],
)
def test_each_fact_becomes_a_named_term(change, parameter, value, label):
    value_seen, label_seen = terms(**change)[parameter]
    assert value_seen == pytest.approx(value)
    assert label_seen == label


def test_us_experience_counts_for_imgs_only():
    assert "applicant.usce_hands_on" not in terms(usce_hands_on_months=6)
    img = terms(applicant_type="us_img", usce_hands_on_months=6)
    assert img["applicant.usce_hands_on"][0] == pytest.approx(math.log1p(6))


def test_other_letters_fill_only_the_remaining_slots():
    seen = terms(us_ir_dr_letters=2, us_other_letters=3)
    assert seen["applicant.us_ir_dr_letter"][0] == 2
    assert seen["applicant.us_other_letter"][0] == 1
