"""Fitting the programs' ranking noise through simulation: re-ranking is exact, a planted scale
is recovered, the shipped fit is reproduced."""

import json
from dataclasses import replace

import numpy as np
import pytest

from matchwise.engine.market.marketfit import MarketTarget, _means, fit_program_noise
from matchwise.engine.market.simulator import MarketSpec, generate_market, with_program_noise
from matchwise.engine.pick.profile import ApplicantType
from matchwise.formats.market.market_fit import (
    MarketFitFileError,
    default_market_fit_path,
    read_program_noise,
    read_program_noise_text,
)
from matchwise.formats.pick.catalog import load_demo_catalog
from matchwise.formats.pick.facts import load_facts, population_specs
from matchwise.formats.pick.parameters import read_parameters

PARAMS = read_parameters()
CATALOG = load_demo_catalog()
IR = population_specs(load_facts())["416"]


def _markets(runs, noise=1.0, seed=7):
    seeds = np.random.SeedSequence(seed).spawn(runs)
    spec = MarketSpec(IR, program_noise=noise)
    return [generate_market(spec, CATALOG, PARAMS, np.random.default_rng(s)) for s in seeds]


def test_re_ranking_at_a_scale_is_the_market_drawn_at_that_scale():
    (base,) = _markets(1)
    (drawn,) = _markets(1, noise=2.5)
    again = with_program_noise(base, 2.5)
    assert np.array_equal(again.rank_lists.prog_choices, drawn.rank_lists.prog_choices)
    assert np.array_equal(again.rank_lists.app_choices, drawn.rank_lists.app_choices)
    assert np.array_equal(again.program_scores, drawn.program_scores)


def test_a_planted_scale_is_recovered():
    # A pool where who is ranked first matters more (half IMGs): in the published pools, few
    # IMGs are interviewed, and the senior share barely moves with the programs' noise.
    mix = {ApplicantType.US_MD_SENIOR: 0.35, ApplicantType.US_DO_SENIOR: 0.15,
           ApplicantType.US_IMG: 0.2, ApplicantType.NON_US_IMG: 0.3}  # fmt: skip
    spec = MarketSpec(replace(IR, type_shares=mix))
    seeds = np.random.SeedSequence(7).spawn(4)
    markets = {"416": [generate_market(spec, CATALOG, PARAMS, np.random.default_rng(s))
                       for s in seeds]}  # fmt: skip
    figure = "share_of_matches.us_senior"
    planted = MarketTarget("planted", "416", figure, 0.0, 1e-4, "test")
    (value,) = _means(markets, [planted], 3.0)
    target = MarketTarget("planted", "416", figure, value, 1e-4, "test")
    fit = fit_program_noise(markets, [target])
    assert fit.program_noise == pytest.approx(3.0, rel=0.15)
    assert fit.interval[0] < fit.program_noise < fit.interval[1]
    assert abs(fit.results[0].standardized) < 3


def test_a_fit_needs_targets_and_markets():
    with pytest.raises(ValueError, match="no targets"):
        fit_program_noise({}, [])
    with pytest.raises(ValueError, match=r"no simulated markets for pool\(s\) \['420'\]"):
        fit_program_noise({}, [MarketTarget("x", "420", "fill_rate", 1, 0.1, "s")])


@pytest.mark.slow
def test_calibration_reproduces_the_shipped_market_fit():
    from matchwise.pick.calibration import fit_market

    shipped = json.loads(default_market_fit_path().read_text(encoding="utf-8"))
    fit, _ = fit_market(PARAMS, seed=shipped["seed"])
    assert fit.program_noise == pytest.approx(shipped["program_noise"], rel=1e-3)
    assert shipped["parameter_version"] == PARAMS.version
    assert [r.target.name for r in fit.results] == [t["name"] for t in shipped["fitted_to"]]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not JSON"),
        ('{"format": "other"}', "not a matchwise-market-fit/1 file"),
        ('{"format": "matchwise-market-fit/1", "program_noise": -1}', "positive number"),
    ],
)
def test_a_bad_market_fit_file_is_refused_in_words(text, message):
    with pytest.raises(MarketFitFileError, match=message):
        read_program_noise_text(text)


def test_the_shipped_fit_is_read(tmp_path):
    assert 0 < read_program_noise() < 100
    with pytest.raises(MarketFitFileError, match="cannot read it"):
        read_program_noise(tmp_path / "missing.json")
