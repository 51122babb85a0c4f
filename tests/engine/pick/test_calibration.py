"""Calibration: deterministic, reduces the misfit, and reports every target's residual."""

import numpy as np
import pytest

from matchwise.engine.pick.aggregates import compute_aggregates
from matchwise.engine.pick.calibration import Target, build_samples, calibrate, metric_value
from matchwise.engine.pick.population import DR_TYPE_SHARES, IR_TYPE_SHARES, PopulationSpec
from matchwise.engine.pick.priors import prior_parameters
from matchwise.engine.pick.quadrature import normal_quadrature
from tests.engine.factories import a_program

STATES = ("NY", "TX", "CA", "IL", "FL", "OH", "PA", "MA")


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
    Target("IR matches", "416", "matches_per_applicant", 0.3, "test", "secondary"),
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
        fitted=("intercept.416", "intercept.420", "signal.silver", "conversion.416"),
    )


def test_it_fits_the_targets_it_can_reach(result):
    assert result.converged
    for fit in result.fits:
        assert abs(fit.standardized) < 1.0, fit


def test_it_does_better_than_the_priors(result):
    samples = build_samples(POPULATIONS, small_catalog(), 11)
    nodes, weights = normal_quadrature(16)
    before = {
        k: compute_aggregates(s, prior_parameters(), nodes, weights) for k, s in samples.items()
    }
    misfit_before = sum(
        ((metric_value(before[t.specialty], t.metric) - t.value) / t.se) ** 2 for t in TARGETS
    )
    misfit_after = sum(f.standardized**2 for f in result.fits)
    assert misfit_after < misfit_before


def test_fitted_parameters_carry_their_covariance(result):
    params = result.parameters
    assert params.version == "test-1"
    assert params.covariance_names == (
        "intercept.416",
        "intercept.420",
        "signal.silver",
        "conversion.416",
    )
    cov = np.array(params.covariance)
    assert np.allclose(cov, cov.T)
    assert np.all(np.linalg.eigvalsh(cov) > 0)
    assert params.parameters["signal.silver"].kind == "fitted"
    assert params.parameters["ties.mentor"].kind == "prior"


def test_it_is_deterministic_for_a_seed(result):
    again = calibrate(
        start=prior_parameters(),
        populations=POPULATIONS,
        catalog=small_catalog(),
        targets=TARGETS,
        seed=11,
        version="test-1",
        fitted=("intercept.416", "intercept.420", "signal.silver", "conversion.416"),
    )
    assert again.parameters == result.parameters


def test_draws_follow_the_fitted_covariance(result):
    params = result.parameters
    draws = params.draws(4000, np.random.default_rng(0))
    names = params.covariance_names
    sample = np.cov(np.stack([draws[n] for n in names]))
    assert np.allclose(sample, np.array(params.covariance), atol=0.15 * np.abs(sample).max())


def test_aggregates_are_in_range(result):
    for agg in result.aggregates.values():
        for rate in agg.interview_rate.values():
            assert 0 < rate < 1
        assert agg.odds_ratio_interview["signal"] > 1
        assert agg.odds_ratio_interview["geographic_connection"] > 1
        assert agg.match_rate["us_md_senior"] > agg.match_rate["non_us_img"]
        assert 0 < agg.us_senior_share_of_matches <= 1
