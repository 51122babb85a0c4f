"""Calibration's market fit and check: the figures only a market produces, published beside
simulated, on the model card; the programs' ranking noise fitted through simulation."""

import pytest

from matchwise.engine.pick.calibration import CalibrationResult
from matchwise.formats.pick.modelcard import model_card_markdown
from matchwise.formats.pick.parameters import read_parameters
from matchwise.pick import calibration


@pytest.fixture(scope="module")
def checks():
    runs = {"416": 2, "416-survey": 1, "420": 1}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(calibration, "MARKET_CHECK_RUNS", runs)
        return calibration.market_checks(read_parameters())


def test_every_market_figure_is_checked_against_its_published_value(checks):
    by_name = {c.name: c for c in checks}
    assert by_name["IR positions (2024; simulated: the DEMO catalog's)"].published == 188
    assert by_name["IR fill rate (2024: filled / positions)"].published == pytest.approx(185 / 188)
    assert by_name["DR fill rate (2024: filled / positions)"].published == pytest.approx(
        1182 / 1186
    )
    shares = by_name["IR share of matches to US MD/DO seniors (2024)"]
    assert shares.published == pytest.approx(0.914) and 0.5 < shares.simulated.mean <= 1
    assert by_name["IR interviews per matched applicant (applying to 46.2)"].simulated.runs == 1
    assert all(c.source for c in checks)
    assert by_name["DR match rate, non-US IMGs who rank DR (2020)"].published == pytest.approx(
        0.604
    )
    assert len(checks) == 12


def test_the_check_is_deterministic(checks):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(calibration, "MARKET_CHECK_RUNS", {"416": 2, "416-survey": 1, "420": 1})
        again = calibration.market_checks(read_parameters())
    assert again == checks


def test_the_model_card_says_which_targets_were_fitted_through_simulation(checks):
    fitted = CalibrationResult(
        parameters=read_parameters(), fits=(), aggregates=calibration.implied_aggregates(),
        populations={}, converged=True, message="shipped",
    )  # fmt: skip
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(calibration, "MARKET_CHECK_RUNS", {"416": 2, "416-survey": 1, "420": 1})
        fit, markets = calibration.fit_market(read_parameters())
        marked = calibration.market_checks(read_parameters(), fit=fit, markets=markets)
    text = model_card_markdown(
        fitted, unknowns=[], command="test", market_checks=marked, market_fit=fit
    )
    assert "## Fitted and checked in a simulated market" in text
    assert f"`program_noise` = **{fit.program_noise:.3g}**" in text
    assert "| IR share of matches to US MD/DO seniors (2024) | 91.4% |" in text  # fit table
    assert "| **IR share of matches to US MD/DO seniors (2024)** (fitted) | 91.4% |" in text
    assert "| IR fill rate (2024: filled / positions) | 98.4% |" in text  # checked only
    assert [c.name for c in marked if c.fitted] == [r.target.name for r in fit.results]
    without = model_card_markdown(fitted, unknowns=[], command="test")
    assert "Not run for this card" in without and "not run for this card" in without
