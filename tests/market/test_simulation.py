"""The simulation service: the same figures on any number of processes, changes, bad requests."""

import math

import pytest

from matchwise.market.simulation import (
    SimulationError,
    SimulationRequest,
    result_to_dict,
    run_simulation,
)


def test_the_figures_do_not_depend_on_the_number_of_workers():
    one = run_simulation(SimulationRequest(specialty="416", runs=4, seed=3, workers=1))
    two = run_simulation(SimulationRequest(specialty="416", runs=4, seed=3, workers=2))
    assert result_to_dict(one) == result_to_dict(two)


def test_progress_counts_every_run_of_every_scenario():
    seen: list[tuple[int, int]] = []
    request = SimulationRequest(specialty="416", runs=2, changes=("signals+2",), workers=1)
    result = run_simulation(request, progress=lambda done, total: seen.append((done, total)))
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert result.changed is not None and result.changed.changes == ("signals+2",)


def test_json_has_no_nan():
    result = run_simulation(SimulationRequest(specialty="416", runs=1, workers=1))
    figures = result_to_dict(result)["scenarios"][0]["figures"]
    assert figures["fill_rate"]["se"] is None  # one run: no standard error
    assert not any(
        isinstance(v, float) and math.isnan(v) for f in figures.values() for v in f.values()
    )


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (SimulationRequest(specialty="999"), "no published applicant pool"),
        (SimulationRequest(specialty="416-survey"), "no published applicant pool"),
        (SimulationRequest(specialty="416", runs=0), "runs must be between 1 and"),
        (SimulationRequest(specialty="416", changes=("imgs+3",)), 'unknown field "imgs"'),
    ],
)
def test_it_refuses_what_it_cannot_simulate(request_, message):
    with pytest.raises(SimulationError, match=message):
        run_simulation(request_)


def test_your_own_curve_comes_with_the_market_figures_unchanged():
    from matchwise.pick.service import load_profile

    plain = run_simulation(SimulationRequest(specialty="416", runs=2, workers=1))
    you = run_simulation(
        SimulationRequest(specialty="416", runs=2, workers=1, profile=load_profile(None))
    )
    data = result_to_dict(you)
    assert data["entrant_interval"] == "95% interval of the share of runs (Wilson)"
    figures = data["scenarios"][0]["figures"]
    mine = {k: v for k, v in figures.items() if k.startswith("you.")}
    assert len(mine) == 20 and all(0 <= f["low"] <= f["mean"] <= f["high"] <= 1 for f in
                                   mine.values() if f["mean"] is not None)  # fmt: skip
    rest = {k: v for k, v in figures.items() if not k.startswith("you.")}
    assert rest == result_to_dict(plain)["scenarios"][0]["figures"]
    assert result_to_dict(plain)["entrant_interval"] is None
