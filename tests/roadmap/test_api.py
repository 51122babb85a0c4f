"""The Roadmap's JSON routes: the same services and ownership as the pages."""

import json

import pytest
from django.contrib.auth import get_user_model

from matchwise.programs.services import ensure_catalog
from tests.api.test_api import PROFILE

pytestmark = pytest.mark.django_db


def send(client, method, url, body):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


@pytest.fixture
def planned(client):
    ensure_catalog()
    response = send(
        client, "put", "/api/roadmap/settings",
        {"cycle_year": 2028, "pathways": ["dr-esir"], "time_zone": "Europe/London"},
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["added"] > 20
    return response


def test_a_roadmap_starts_with_settings(client):
    assert client.get("/api/roadmap/settings").status_code == 404
    bad = send(client, "put", "/api/roadmap/settings",
               {"cycle_year": 2028, "pathways": ["ir"], "time_zone": "UTC"})  # fmt: skip
    assert bad.status_code == 422  # not one of the pathways
    bad = send(client, "put", "/api/roadmap/settings",
               {"cycle_year": 2028, "pathways": [], "time_zone": "UTC"})  # fmt: skip
    assert bad.status_code == 400 and "at least one pathway" in bad.json()["detail"]


def test_milestones_list_and_status_change(client, planned):
    rows = client.get("/api/roadmap/milestones").json()
    submit = next(r for r in rows if r["key"] == "apply-submit")
    assert (submit["due"], submit["estimated"]) == ("2027-09-01", True)
    skipped = send(client, "patch", f"/api/roadmap/milestones/{submit['id']}",
                   {"status": "skipped"})  # fmt: skip
    assert skipped.status_code == 400 and "needs a reason" in skipped.json()["detail"]
    done = send(client, "patch", f"/api/roadmap/milestones/{submit['id']}", {"status": "done"})
    assert done.json()["status"] == "done" and done.json()["late"] is False
    moved = send(client, "patch", f"/api/roadmap/milestones/{submit['id']}", {"due": "2027-09-10"})
    assert moved.json()["pinned"] is True


def test_own_milestones_letters_and_the_goal(client, planned):
    made = send(client, "post", "/api/roadmap/milestones",
                {"title": "Step 3", "category": "exams", "due": "2027-10-01"})  # fmt: skip
    assert made.status_code == 200 and made.json()["key"] is None
    letter = send(client, "post", "/api/roadmap/letters",
                  {"writer": "Dr. Ana Rao", "specialty": "ir", "status": "agreed",
                   "asked_on": "2027-05-01", "agreed_on": "2027-05-02"})  # fmt: skip
    assert letter.status_code == 200
    letters = client.get("/api/roadmap/letters").json()
    assert letters["goal"]["strong"] == 1 and letters["goal"]["target"] == [2, 3]
    bad = send(client, "post", "/api/roadmap/letters",
               {"writer": "X", "specialty": "dr", "status": "uploaded"})  # fmt: skip
    assert bad.status_code == 400 and "needs the date asked" in bad.json()["detail"]


def test_cycle_readiness_and_agenda(client, planned):
    cycle = client.get("/api/roadmap/cycle").json()
    signals = next(r for r in cycle if r["event"] == "signal_deadline")
    assert signals["published"] is None and signals["plans_use"] is None
    assert client.get("/api/roadmap/readiness").status_code == 404  # no profile yet
    send(client, "put", "/api/pick/profile", PROFILE)
    ready = client.get("/api/roadmap/readiness?effects=true").json()
    letters = next(b for b in ready["benchmarks"] if b["area"] == "letters")
    assert letters["have"] == 1 and letters["effect"]["p_match_after"] >= 0
    assert all(b["source"] for b in ready["benchmarks"])
    items = client.get("/api/roadmap/agenda?days=30").json()
    assert items and items[0]["overdue"] is True
    assert client.get("/api/roadmap/agenda?days=0").status_code == 400


def test_a_stranger_gets_404_on_the_owners_rows(client, planned, settings):
    mine = client.get("/api/roadmap/milestones").json()[0]["id"]
    settings.MATCHWISE_HOSTED = True
    stranger = get_user_model().objects.create_user(username="s", password="x" * 12)
    client.force_login(stranger)
    assert (
        send(client, "patch", f"/api/roadmap/milestones/{mine}", {"status": "done"}).status_code
        == 404
    )
    assert client.delete(f"/api/roadmap/milestones/{mine}").status_code == 404
    assert client.get("/api/roadmap/milestones").json() == []
    assert client.get(f"/api/roadmap/milestones/{mine}").status_code == 404
