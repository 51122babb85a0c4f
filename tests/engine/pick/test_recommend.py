"""The whole pick on the DEMO catalog: the promises a user relies on."""

import numpy as np
import pytest

from matchwise.engine.pick.recommend import PickOptions, recommend
from matchwise.formats.pick.catalog import load_demo_catalog
from matchwise.formats.pick.parameters import read_parameters
from matchwise.pick.service import fee_schedule
from tests.engine.factories import a_profile

PARAMS = read_parameters()
CATALOG = load_demo_catalog()


def pick(profile, **options):
    opts = PickOptions(fees=fee_schedule(), draws=50, **options)
    return recommend(profile, CATALOG, PARAMS, opts, rng=np.random.default_rng(0))


@pytest.fixture(scope="module")
def result():
    return pick(a_profile(), budget_usd=500)


def test_every_probability_sits_inside_its_interval(result):
    assert result.p_match_interval[0] <= result.p_match <= result.p_match_interval[1]
    for p in result.programs:
        assert p.p_interview_interval[0] <= p.p_interview <= p.p_interview_interval[1]
        assert p.p_match_interval[0] <= p.p_match <= p.p_match_interval[1]
        assert p.p_match <= p.p_interview


def test_only_specialties_in_the_profile_are_considered(result):
    assert {p.specialty for p in result.programs} <= {"416", "420", "prelim"}


def test_fees_add_up_per_specialty(result):
    assert result.cost_usd == pytest.approx(sum(t.cost_usd for t in result.totals))
    assert result.cost_usd == pytest.approx(sum(p.cost_usd for p in result.programs))
    assert result.cost_usd <= 500


def test_the_curve_matches_the_list_it_describes(result):
    values = [c.p_match for c in result.curve]
    assert np.all(np.diff(values) >= -1e-9)
    assert all(c.p_low <= c.p_match <= c.p_high for c in result.curve)


def test_a_stronger_profile_never_does_worse():
    weak = pick(a_profile(step2_score=235), budget_usd=300)
    strong = pick(a_profile(step2_score=255), budget_usd=300)
    assert strong.p_match > weak.p_match


def test_more_budget_never_lowers_p_match():
    small = pick(a_profile(), budget_usd=150, objective="p_match")
    large = pick(a_profile(), budget_usd=600, objective="p_match")
    assert large.p_match >= small.p_match - 1e-9


def test_a_us_senior_without_visa_needs_sees_no_visa_filters():
    senior = a_profile(
        applicant_type="us_md_senior", visa_need="none", ecfmg="not_needed", graduation_year=2027
    )
    result = pick(senior, budget_usd=300)
    assert not any("visa" in r for f in result.filtered for r in f.reasons)


def test_signals_respect_the_pool_counts(result):
    gold = sum(p.signal == "gold" for p in result.programs)
    silver = sum(p.signal == "silver" for p in result.programs)
    assert gold <= 6 and silver <= 6


SENIOR = {
    "applicant_type": "us_md_senior",
    "visa_need": "none",
    "ecfmg": "not_needed",
    "graduation_year": 2027,
    "step2_score": 255,
    "us_ir_dr_letters": 2,
}


def test_an_ir_floor_trades_overall_chances_for_ir_chances():
    free = pick(a_profile(**SENIOR), budget_usd=600, objective="p_match")
    floor = free.p_match_ir + 0.05
    held = pick(a_profile(**SENIOR), budget_usd=600, objective="ir_floor", ir_floor=floor)
    assert held.p_match_ir >= floor - 1e-9
    assert held.p_match <= free.p_match + 1e-9
    assert not any("cannot be reached" in n for n in held.notes)


def test_an_unreachable_floor_is_reported_with_the_best_reachable():
    beyond = pick(a_profile(), budget_usd=600, objective="ir_floor", ir_floor=0.95)
    assert "cannot be reached" in beyond.notes[0]
    assert f"{beyond.p_match_ir:.1%}" in beyond.notes[0]
