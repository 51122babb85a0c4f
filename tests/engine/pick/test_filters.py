"""Hard filters: one rule per row, each with the reason a user reads."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from matchwise.engine.pick.filters import hard_filters
from tests.engine.factories import a_profile, a_program


@pytest.mark.parametrize(
    ("profile", "program", "reason"),
    [
        ({"visa_need": "J-1"}, {"visa": []}, "needs J-1; program sponsors no visas"),
        ({"visa_need": "H-1B"}, {"visa": ["J-1"]}, "needs H-1B; program sponsors J-1"),
        ({"visa_need": "J-1 or H-1B"}, {"visa": []}, "needs J-1 or H-1B; program sponsors no"),
        ({"graduation_year": 2020}, {"max_years_since_graduation": 5}, "graduated 7 years"),
        ({"step2_score": 229}, {"min_step2": 230}, "Step 2 CK 229 is below the program's minimum"),
        ({"step2_score": None}, {"min_step2": 230}, "no score in your profile"),
        ({"exam_attempts": 2}, {"max_attempts": 1}, "2 attempts on a USMLE step"),
        ({"usce_hands_on_months": 2}, {"min_usce_months": 3}, "requires 3 months of hands-on"),
        ({"ecfmg": "by_start"}, {"ecfmg_deadline": "rank_deadline"}, "by the rank order list"),
        ({"ecfmg": "by_rank_deadline"}, {"ecfmg_deadline": "application"}, "when you apply"),
        ({}, {"track": "R"}, "reserved for physicians"),
    ],
)
def test_each_rule_filters_with_its_reason(profile, program, reason):
    reasons = hard_filters(a_profile(**profile), a_program(**program))
    assert len(reasons) == 1
    assert reason in reasons[0]


@pytest.mark.parametrize(
    ("profile", "program"),
    [
        ({"visa_need": "J-1"}, {"visa": ["J-1"]}),
        ({"visa_need": "J-1 or H-1B"}, {"visa": ["H-1B"]}),
        ({"visa_need": "none", "applicant_type": "us_img"}, {"visa": []}),
        ({"graduation_year": 2022}, {"max_years_since_graduation": 5}),
        ({"step2_score": 230}, {"min_step2": 230}),
        ({"exam_attempts": 2}, {"max_attempts": 2}),
        ({"usce_hands_on_months": 3}, {"min_usce_months": 3}),
        ({"ecfmg": "by_rank_deadline"}, {"ecfmg_deadline": "rank_deadline"}),
        (
            {"applicant_type": "us_md_senior", "visa_need": "none", "ecfmg": "not_needed"},
            {"ecfmg_deadline": "application", "min_usce_months": 6},
        ),
        ({"completed_pgy1": True}, {"track": "R"}),
    ],
)
def test_it_passes_what_the_rules_allow(profile, program):
    assert hard_filters(a_profile(**profile), a_program(**program)) == ()


@given(
    step2=st.one_of(st.none(), st.integers(180, 300)),
    attempts=st.integers(1, 6),
    grad=st.integers(2000, 2027),
    visa=st.sampled_from(["none", "J-1", "H-1B", "J-1 or H-1B"]),
)
def test_unknown_program_data_never_filters(step2, attempts, grad, visa):
    profile = a_profile(
        step2_score=step2, exam_attempts=attempts, graduation_year=grad, visa_need=visa
    )
    assert hard_filters(profile, a_program()) == ()


def test_several_failures_are_all_reported():
    reasons = hard_filters(
        a_profile(step2_score=220, exam_attempts=3),
        a_program(min_step2=230, max_attempts=1, visa=[]),
    )
    assert len(reasons) == 3
