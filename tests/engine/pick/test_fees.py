"""ERAS fees: tiers by count, restarting per specialty (AAMC 2026 schedule, facts.toml)."""

import pytest

from matchwise.engine.pick.fees import FeeSchedule, FeeTier
from matchwise.pick.service import fee_schedule

ERAS = fee_schedule()


@pytest.mark.parametrize(
    ("counts", "usd"),
    [
        ({"IM": 30}, 330),  # facts: "30 programs in one specialty = $330"
        ({"IM": 43, "DR": 7}, 797),  # facts: "43 IM + 7 DR = $797"
        ({"IM": 32, "EM": 32}, 780),  # facts: "32 IM + 32 EM = $780"
        ({}, 0),
        ({"DR": 1}, 11),
        ({"DR": 31}, 360),
    ],
)
def test_the_published_examples(counts, usd):
    assert ERAS.cost(counts) == usd


def test_marginal_costs_follow_the_tiers():
    assert [ERAS.marginal_cost(n) for n in (0, 29, 30, 100)] == [11, 11, 30, 30]


def test_the_schedule_is_data_with_its_season_and_source():
    assert "2026" in ERAS.season
    assert "AAMC" in ERAS.source


def test_a_schedule_not_per_specialty_counts_all_together():
    flat = FeeSchedule("x", (FeeTier(1, 2, 10.0), FeeTier(3, None, 20.0)), False, "test")
    assert flat.cost({"A": 2, "B": 2}) == 60


def test_a_gap_in_the_tiers_is_an_error():
    gap = FeeSchedule("x", (FeeTier(1, 2, 10.0),), True, "test")
    with pytest.raises(ValueError, match="no fee tier covers application number 3"):
        gap.marginal_cost(2)
