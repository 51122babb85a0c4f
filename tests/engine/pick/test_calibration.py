"""Calibration: deterministic, reduces the misfit, reports every target's residual, and draws
every parameter jointly (the Laplace approximation over fitted and prior parameters)."""

import itertools

import numpy as np
import pytest

from matchwise.engine.pick.calibration import (
    Target,
    build_samples,
    calibrate,
    metric_value,
    uncertain_names,
)
from matchwise.engine.pick.calibration import implied_aggregates as aggregates_of
from matchwise.engine.pick.population import DR_TYPE_SHARES, IR_TYPE_SHARES, PopulationSpec
from matchwise.engine.pick.priors import prior_parameters
from matchwise.engine.pick.validation import leave_one_out, refit_without, validate
from tests.engine.factories import a_program

STATES = ("NY", "TX", "CA", "IL", "FL", "OH", "PA", "MA")
FITTED = ("intercept.416", "intercept.420", "signal.silver", "conversion.416")


def small_catalog():
    rng = np.random.default_rng(7)
    programs = []
    for specialty, n in (("416", 20), ("420", 40)):
        for i in range(n):
            programs.append(
                a_program(
                    f"{1000 + i}{specialty}A0",
                    specialty=specialty,
                    state=STATES[i % len(STATES)],
                    academic=bool(rng.random() < 0.7),
                    img_share=float(rng.beta(1, 6)),
                    applications_per_position=float(rng.lognormal(4, 0.3)),
                    visa=["J-1"] if rng.random() < 0.7 else [],
                )
            )
    return programs


POPULATIONS = {
    "416": PopulationSpec("416", 60, 25, 12.0, IR_TYPE_SHARES),
    "420": PopulationSpec("420", 120, 70, 20.0, DR_TYPE_SHARES, gold_signals=3, silver_signals=3),
}
TARGETS = [
    Target("DR unsignaled", "420", "interview_rate.unsignaled", 0.085, "test", "secondary"),
    Target("DR signaled", "420", "interview_rate.signaled", 0.598, "test", "secondary"),
    Target("IR no geo", "416", "interview_rate.no_geographic_connection", 0.07, "t", "secondary"),
    Target("IR matches", "416", "matches_per_applicant", 0.3, "test", "count"),
    Target("DR signal OR", "420", "observed_odds_ratio_interview.signal", 14.0, "t", "secondary"),
]


@pytest.fixture(scope="module")
def result():
    return calibrate(
        start=prior_parameters(),
        populations=POPULATIONS,
        catalog=small_catalog(),
        targets=TARGETS,
        seed=11,
        version="test-1",
        fitted=FITTED,
    )


@pytest.fixture(scope="module")
def samples():
    return build_samples(POPULATIONS, small_catalog(), 11)


def test_it_fits_the_targets_it_can_reach(result):
    assert result.converged
    for fit in result.fits:
        assert abs(fit.standardized) < 1.5, fit


def test_it_does_better_than_the_priors(result, samples):
    before = aggregates_of(prior_parameters(), samples)
    misfit_before = sum(
        TARGETS[i].standardize(metric_value(before[t.specialty], t.metric)) ** 2
        for i, t in enumerate(TARGETS)
    )
    misfit_after = sum(f.standardized**2 for f in result.fits)
    assert misfit_after < misfit_before


def test_odds_ratios_are_compared_on_the_log_scale():
    ratio = TARGETS[-1]
    assert ratio.log_scale and not TARGETS[0].log_scale
    assert ratio.standardize(14.0 * np.exp(ratio.se)) == pytest.approx(1.0)
    assert ratio.from_standardized(ratio.standardize(20.0)) == pytest.approx(20.0)


def test_exact_counts_get_small_standard_errors():
    count, secondary = TARGETS[3], TARGETS[0]
    assert count.se / count.value < secondary.se / secondary.value / 4


def test_every_uncertain_parameter_is_drawn_jointly(result):
    params = result.parameters
    assert params.version == "test-1"
    assert params.covariance_names == uncertain_names(params)
    assert set(FITTED) < set(params.covariance_names)
    assert "ties.mentor" in params.covariance_names  # a prior, in the same joint draw
    cov = np.array(params.covariance)
    assert np.allclose(cov, cov.T)
    assert np.all(np.linalg.eigvalsh(cov) > 0)
    assert params.parameters["signal.silver"].kind == "fitted"
    assert params.parameters["ties.mentor"].kind == "prior"


def test_a_prior_that_moves_a_fitted_figure_is_drawn_with_what_compensates(result):
    """conversion.strength is a prior but moves IR's matches: its draws are correlated with the
    fitted IR conversion, never independent of it (issue 13, finding 7)."""
    params = result.parameters
    names = params.covariance_names
    cov = np.array(params.covariance)
    i, j = names.index("conversion.strength"), names.index("conversion.416")
    assert abs(cov[i, j] / np.sqrt(cov[i, i] * cov[j, j])) > 0.1
    # and a prior no target touches keeps its prior uncertainty, uncorrelated
    k = names.index("intercept.999")
    assert cov[k, k] == pytest.approx(prior_parameters().parameters["intercept.999"].sd ** 2)


def test_it_is_deterministic_for_a_seed(result):
    again = calibrate(
        start=prior_parameters(),
        populations=POPULATIONS,
        catalog=small_catalog(),
        targets=TARGETS,
        seed=11,
        version="test-1",
        fitted=FITTED,
    )
    assert again.parameters == result.parameters


def test_draws_follow_the_joint_covariance(result):
    params = result.parameters
    draws = params.draws(4000, np.random.default_rng(0))
    names = [n for n in params.covariance_names if n in FITTED]
    index = [params.covariance_names.index(n) for n in names]
    sample = np.cov(np.stack([draws[n] for n in names]))
    want = np.array(params.covariance)[np.ix_(index, index)]
    assert np.allclose(sample, want, atol=0.15 * np.abs(sample).max())


def test_aggregates_are_in_range(result):
    for agg in result.aggregates.values():
        for rate in agg.interview_rate.values():
            assert np.isnan(rate) or 0 < rate < 1
        assert agg.odds_ratio_interview["signal"] > 1
        assert agg.odds_ratio_interview["geographic_connection"] > 1
        assert agg.match_rate["us_md_senior"] > agg.match_rate["non_us_img"]
        assert 0 < agg.us_senior_share_of_matches <= 1


def test_leave_one_out_predicts_what_a_real_refit_predicts(result, samples):
    """The Laplace leave-one-out is a Gauss-Newton step from the full fit: close to refitting
    without the target."""
    loo = leave_one_out(result, prior_parameters())
    index = 0  # the DR unsignaled rate, which two fitted parameters move
    exact = refit_without(result, prior_parameters(), samples, index)
    assert loo[index].predicted == pytest.approx(exact, rel=0.15)
    assert loo[index].low < loo[index].predicted < loo[index].high


def test_the_validation_covers_every_target_with_an_interval(result, samples):
    v = validate(result, prior_parameters(), samples, np.random.default_rng(3), draws=12)
    assert len(v.predictive) == len(v.leave_one_out) == len(TARGETS)
    for check in (*v.predictive, *v.leave_one_out):
        assert check.low <= check.high
    assert 0 <= v.share_inside(v.predictive) <= 1
    kinds = {r.applicant_type for r in v.ranks}
    assert "us_md_senior" in kinds
    curve = [r.p_match for r in v.ranks if r.applicant_type == "us_md_senior"]
    assert all(b >= a - 1e-9 for a, b in itertools.pairwise(curve))
