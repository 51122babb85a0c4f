"""matchwise market simulate: the figures as a table and as JSON, changes, and bad input."""

import json

import pytest


def test_it_prints_the_figures_with_their_intervals(run):
    result = run("market", "simulate", "--specialty", "416", "--runs", "2", "--workers", "1")
    assert result.exit_code == 0, result.output
    assert "Match rate, all applicants" in result.stdout
    assert "P(match) by number of contiguous ranks" in result.stdout
    assert "2.5th to 97.5th percentile across runs" in result.stdout


def test_json_has_the_baseline_and_the_changed_market(run):
    result = run(
        "market", "simulate", "-s", "416", "--runs", "2", "--workers", "1",
        "--change", "applications+10", "--change", "positions+5", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [s["name"] for s in data["scenarios"]] == ["baseline", "applications+10, positions+5"]
    assert data["interval"] == "2.5th to 97.5th percentile across runs"
    base, changed = (s["figures"] for s in data["scenarios"])
    assert changed["positions"]["mean"] == base["positions"]["mean"] + 5
    assert set(base["fill_rate"]) == {"mean", "low", "high", "se", "runs"}
    assert base["fill_rate"]["runs"] == 2


def test_a_bad_change_is_one_message_and_exit_2(run):
    result = run("market", "simulate", "-s", "416", "--change", "applications/2")
    assert result.exit_code == 2
    assert 'cannot read the change "applications/2"' in result.stderr
    assert "Traceback" not in result.output


def test_a_specialty_without_a_published_pool_is_refused(run):
    result = run("market", "simulate", "-s", "415", "--runs", "1")
    assert result.exit_code == 2
    assert "no published applicant pool for specialty '415': choose 416 or 420" in result.stderr


@pytest.mark.django_db
def test_the_worker_runs_what_is_queued_and_stops_with_once(run, monkeypatch):
    from django.contrib.auth import get_user_model

    from matchwise.market import tasks
    from matchwise.market.models import MarketSimulation
    from matchwise.market.simulation import SimulationRequest, run_simulation

    owner = get_user_model().objects.create_user(username="advisor")
    queued = MarketSimulation.objects.create(owner=owner, specialty="416", runs=1, seed=4)
    real = run_simulation(SimulationRequest(specialty="416", runs=1, seed=4, workers=1))
    monkeypatch.setattr(tasks, "run_simulation", lambda request, progress=None: real)
    result = run("market", "worker", "--once")
    assert result.exit_code == 0, result.output
    assert f"simulation {queued.pk} (416: no change, 1 run): done in" in result.stdout
    assert "Ran 1 simulation(s)." in result.stdout
    assert run("market", "worker", "--once").stdout.strip() == "Ran 0 simulation(s)."


def test_your_profile_in_the_market_gives_your_own_curve(run):
    result = run("market", "simulate", "-s", "416", "--runs", "2", "--workers", "1", "--profile",
                 "src/matchwise/data/example_profile.toml")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Your ranks" in result.stdout
    assert "95% interval of the share of runs (Wilson)" in result.stdout


def test_a_missing_profile_is_one_message(run, tmp_path):
    result = run("market", "simulate", "-s", "416", "--profile", str(tmp_path / "nope.toml"))
    assert result.exit_code == 2
    assert "nope.toml" in result.stderr and "Traceback" not in result.output
