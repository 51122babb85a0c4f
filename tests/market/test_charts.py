"""The Market page's charts: valid Vega-Lite, one series per scenario, undefined points left out."""

import altair as alt
import pytest

from matchwise.market import charts
from matchwise.market.simulation import SimulationRequest, result_to_dict, run_simulation


@pytest.fixture(scope="module")
def result():
    request = SimulationRequest(specialty="416", runs=2, changes=("positions*2",), workers=1)
    return result_to_dict(run_simulation(request))


@pytest.mark.parametrize("build", [charts.ranks_spec, charts.match_rate_spec])
def test_the_charts_are_valid_vega_lite(result, build):
    alt.LayerChart.from_dict(build(result), validate=True)
    assert charts.svg(build(result)).startswith("<svg")


def test_every_scenario_has_its_series_and_no_undefined_point(result):
    rows = charts.ranks_rows(result)
    assert {r["scenario"] for r in rows} == {"baseline", "positions*2"}
    assert all(r["p"] is not None and r["low"] <= r["p"] <= r["high"] for r in rows)
    rates = charts.match_rate_rows(result)
    assert {r["type"] for r in rates} <= set(charts.TYPE_LABELS.values())
