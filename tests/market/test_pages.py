"""The Market page: ask for a simulation, watch it, read the figures; failures in words; local
mode runs it in a thread, hosted mode queues it for ``matchwise market worker``."""

from datetime import timedelta

import pytest

from matchwise.market import services, tasks
from matchwise.market.models import MarketSimulation, Status
from matchwise.market.simulation import SimulationRequest, run_simulation
from matchwise.programs.services import ensure_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog():
    ensure_catalog()


@pytest.fixture(scope="module")
def two_runs():
    """A real result (two runs of IR with a change), computed once for the module."""
    return run_simulation(
        SimulationRequest(specialty="416", runs=2, changes=("applications+10",), workers=1)
    )


@pytest.fixture
def quick(monkeypatch, two_runs):
    """Simulations finish at once with the real two-run result, reporting progress as they go;
    local mode runs them inline instead of in a thread."""
    calls = []

    def fake(request, *, progress=None):
        calls.append(request)
        for done in range(5):
            progress(done, 4)
        return two_runs

    monkeypatch.setattr(tasks, "run_simulation", fake)
    monkeypatch.setattr(services, "launch", lambda simulation: tasks.run_task(simulation.pk))
    return calls


def test_a_simulation_is_asked_for_run_and_shown_with_charts(client, quick):
    page = client.get("/market/")
    assert page.status_code == 200 and "Simulate" in page.content.decode()
    response = client.post(
        "/market/", {"specialty": "416", "runs": "100", "change": "applications + 10"}
    )
    simulation = MarketSimulation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/market/?run={simulation.pk}"
    assert quick[0] == SimulationRequest(
        specialty="416", runs=100, seed=2026, changes=("applications+10",)
    )
    assert (simulation.status, simulation.done, simulation.total) == ("done", 4, 4)
    body = client.get(response["Location"]).content.decode()
    assert "416: applications+10, 100 runs" in body
    assert "2.5th to 97.5th percentile across runs" in body
    assert "Match rate, all applicants" in body and "points" in body  # the change column
    assert body.count("<svg") == 2
    assert 'hx-trigger="every 1s"' not in body  # finished: no more polling


def test_progress_is_polled_until_the_simulation_finishes(client):
    owner = client.get("/market/").wsgi_request.user
    simulation = MarketSimulation.objects.create(
        owner=owner, specialty="420", runs=20, seed=1, status=Status.RUNNING, done=7, total=20
    )
    part = client.get(f"/market/progress/?run={simulation.pk}").content.decode()
    assert 'hx-trigger="every 1s"' in part
    assert '<progress id="market-progress" value="7" max="20">' in part
    assert "7 of 20 runs" in part


def test_a_bad_change_is_shown_next_to_the_field_and_nothing_is_queued(client, quick):
    response = client.post("/market/", {"specialty": "416", "runs": "20", "change": "imgs+3"})
    assert response.status_code == 400
    assert "unknown field &quot;imgs&quot;" in response.content.decode()
    assert not MarketSimulation.objects.exists()


def test_one_simulation_at_a_time(client):
    owner = client.get("/market/").wsgi_request.user
    MarketSimulation.objects.create(owner=owner, specialty="416", runs=20, seed=1, total=20)
    response = client.post("/market/", {"specialty": "420", "runs": "20", "change": ""})
    assert response.status_code == 400
    assert "still running" in response.content.decode()
    assert MarketSimulation.objects.count() == 1


def test_a_failure_is_reported_in_words(client, monkeypatch):
    def broken(request, *, progress=None):
        raise RuntimeError("numba exploded at 0x7f")

    monkeypatch.setattr(tasks, "run_simulation", broken)
    monkeypatch.setattr(services, "launch", lambda simulation: tasks.run_task(simulation.pk))
    client.post("/market/", {"specialty": "416", "runs": "20", "change": ""})
    body = client.get("/market/").content.decode()
    assert "The simulation failed: the simulation failed unexpectedly" in body
    assert "0x7f" not in body


def test_a_simulation_cut_off_by_a_restart_says_so(client):
    owner = client.get("/market/").wsgi_request.user
    simulation = MarketSimulation.objects.create(
        owner=owner, specialty="416", runs=20, seed=1, status=Status.RUNNING, total=20
    )
    before = tasks.SERVER_STARTED - timedelta(minutes=5)
    MarketSimulation.objects.filter(pk=simulation.pk).update(created=before)
    body = client.get(f"/market/?run={simulation.pk}").content.decode()
    assert "interrupted: the server stopped" in body


def test_hosted_mode_queues_and_the_worker_runs_it(client, settings, quick, monkeypatch):
    settings.MATCHWISE_HOSTED = True
    from django.contrib.auth import get_user_model

    advisor = get_user_model().objects.create_user(username="advisor", password="x" * 12)
    client.force_login(advisor)
    # hosted: launch leaves it queued (the fixture's inline launch is replaced back)
    monkeypatch.setattr(services, "launch", tasks.launch)
    client.post("/market/", {"specialty": "416", "runs": "20", "change": "signals*2"})
    simulation = MarketSimulation.objects.get()
    assert simulation.status == Status.QUEUED
    assert "Waiting to start" in client.get("/market/").content.decode()
    lines = []
    assert tasks.work(once=True, echo=lines.append) == 1
    simulation.refresh_from_db()
    assert simulation.status == Status.DONE
    assert lines[0].startswith(f"simulation {simulation.pk} (416: signals*2, 20 runs): done in")
    assert tasks.work(once=True, echo=lines.append) == 0  # nothing left


def test_a_claimed_simulation_is_not_run_twice(client):
    owner = client.get("/market/").wsgi_request.user
    simulation = MarketSimulation.objects.create(owner=owner, specialty="416", runs=1, seed=1)
    assert tasks.claim(simulation.pk)
    assert not tasks.claim(simulation.pk)
    assert not tasks.run_task(simulation.pk)


def test_you_in_the_market_need_a_profile_and_get_your_own_curve(client, monkeypatch):
    from matchwise.pick.service import load_profile
    from tests.pick_web.test_pages import GOOD

    with_you = run_simulation(
        SimulationRequest(specialty="416", runs=2, workers=1, profile=load_profile(None))
    )
    seen = []

    def fake(request, *, progress=None):
        seen.append(request.profile)
        return with_you

    monkeypatch.setattr(tasks, "run_simulation", fake)
    monkeypatch.setattr(services, "launch", lambda simulation: tasks.run_task(simulation.pk))
    asked = {"specialty": "416", "runs": "20", "change": "", "me": "on"}
    refused = client.post("/market/", asked)
    assert refused.status_code == 400
    assert "fill in your Profile first" in refused.content.decode()
    client.post("/pick/profile/", GOOD)
    response = client.post("/market/", asked)
    assert response.status_code == 302
    assert seen[0].step2_score == 245  # the Pick profile, stored with the simulation
    body = client.get(response["Location"]).content.decode()
    assert "416: no change, with you, 20 runs" in body
    assert "You in the market" in body and "Wilson" in body
    assert body.count("<svg") == 3


def test_hosted_a_simulation_whose_worker_stopped_says_so(client, settings):
    settings.MATCHWISE_HOSTED = True
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    advisor = get_user_model().objects.create_user(username="advisor", password="x" * 12)
    client.force_login(advisor)
    now = timezone.now()
    alive = MarketSimulation.objects.create(
        owner=advisor, specialty="416", runs=20, seed=1, status=Status.RUNNING, heartbeat=now
    )
    dead = MarketSimulation.objects.create(
        owner=advisor, specialty="420", runs=20, seed=1, status=Status.RUNNING,
        heartbeat=now - timedelta(minutes=11),
    )  # fmt: skip
    assert "its worker stopped" in client.get(f"/market/?run={dead.pk}").content.decode()
    alive.refresh_from_db()
    assert alive.status == Status.RUNNING
    alive.status = Status.DONE
    alive.save()
    # no longer blocked by the dead one: a new simulation may be asked for
    response = client.post("/market/", {"specialty": "416", "runs": "20", "change": ""})
    assert response.status_code == 302


def test_picks_link_opens_the_market_with_the_user_in_it(client):
    import re

    def me_box(url):
        return re.search(r'<input[^>]*name="me"[^>]*>', client.get(url).content.decode()).group(0)

    assert "checked" in me_box("/market/?me=1")
    assert "checked" not in me_box("/market/")
