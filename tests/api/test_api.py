"""The JSON API: the same services and ownership as the pages, OpenAPI served from the package."""

import json

import pytest
from django.contrib.auth import get_user_model

from matchwise.programs.services import ensure_catalog

pytestmark = pytest.mark.django_db

PROFILE = {
    "applicant_type": "non_us_img", "match_year": 2027, "graduation_year": 2022,
    "step2_score": 245, "visa_need": "J-1", "usce_hands_on_months": 4, "us_ir_dr_letters": 1,
    "specialties": ["416", "420", "prelim"], "home_states": ["NY"],
}  # fmt: skip


@pytest.fixture(autouse=True)
def catalog():
    ensure_catalog()


def put(client, url, body):
    return client.put(url, json.dumps(body), content_type="application/json")


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_openapi_and_docs_are_served_without_a_cdn(client):
    spec = client.get("/api/openapi.json").json()
    assert {"/api/pick/run", "/api/pick/profile", "/api/programs/"} <= set(spec["paths"])
    docs = client.get("/api/docs").content.decode()
    assert "cdn." not in docs and "/static/ninja/" in docs


def test_profile_then_pick_then_plan(client):
    assert client.get("/api/pick/profile").status_code == 404
    assert post(client, "/api/pick/run", {}).status_code == 409
    assert put(client, "/api/pick/profile", PROFILE).status_code == 200
    result = post(client, "/api/pick/run", {"budget_usd": 300}).json()
    assert result["format"] == "matchwise-pick/1"
    assert result["cost_usd"] <= 300
    low, high = result["p_match_interval"]
    assert low <= result["p_match"] <= high
    plan = post(client, "/api/pick/plans", {"name": "api plan", "budget_usd": 300}).json()
    listed = client.get("/api/pick/plans").json()
    assert [p["name"] for p in listed] == ["api plan"]
    again = client.get(f"/api/pick/plans/{plan['id']}").json()
    assert again["result"]["p_match"] == pytest.approx(result["p_match"])


@pytest.mark.parametrize(
    ("url", "body", "message"),
    [
        ("/api/pick/run", {"budget_usd": -5}, "budget_usd: must be zero or more dollars"),
        ("/api/pick/run", {"objective": "fastest"}, "objective: one of p_match, utility"),
        ("/api/pick/evaluate", {"programs": ["NOPE"]}, "unknown program code NOPE"),
    ],
)
def test_bad_requests_get_a_clear_4xx(client, url, body, message):
    put(client, "/api/pick/profile", PROFILE)
    response = post(client, url, body)
    assert response.status_code == 400
    assert message in response.json()["detail"]


def test_a_bad_profile_is_refused_and_nothing_is_saved(client):
    response = put(client, "/api/pick/profile", {**PROFILE, "step2_score": 320})
    assert response.status_code == 400
    assert "step2_score: 320 is too high" in response.json()["detail"]
    assert client.get("/api/pick/profile").status_code == 404


def test_programs_search(client):
    data = client.get("/api/programs/?specialty=416&visa=J-1").json()
    assert 0 < data["count"] < 96
    assert client.get("/api/programs/1536416C0").json()["code"] == "1536416C0"
    assert client.get("/api/programs/NOPE").status_code == 404
    assert client.get("/api/programs/?page=0").status_code == 400


def test_a_stranger_cannot_read_the_owners_plans(client, settings):
    put(client, "/api/pick/profile", PROFILE)
    plan = post(client, "/api/pick/plans", {"name": "mine"}).json()
    settings.MATCHWISE_HOSTED = True
    stranger = get_user_model().objects.create_user(username="stranger", password="x" * 12)
    client.force_login(stranger)
    assert client.get(f"/api/pick/plans/{plan['id']}").status_code == 404
    assert client.get("/api/pick/plans").json() == []
    assert client.get("/api/pick/profile").status_code == 404
    client.logout()
    assert client.get("/api/pick/plans").status_code == 401


def test_notes_and_the_fits_filter_through_the_api(client):
    assert client.get("/api/programs/?fits=true").status_code == 400
    put(client, "/api/pick/profile", PROFILE)
    fitting = client.get("/api/programs/?fits=true").json()["count"]
    assert 0 < fitting < client.get("/api/programs/").json()["count"]
    url = "/api/programs/1536416C0/note"
    assert client.get(url).json() == {
        "code": "1536416C0", "interest": 0, "notes": "", "interest_label": "not set"
    }  # fmt: skip
    saved = put(client, url, {"interest": 3, "notes": "ask about IR/DR split"})
    assert saved.status_code == 200 and saved.json()["interest_label"] == "interested"
    assert client.get(url).json()["notes"] == "ask about IR/DR split"
    bad = put(client, url, {"interest": 7})
    assert bad.status_code == 400 and "interest: 7" in bad.json()["detail"]
    assert put(client, "/api/programs/NOPE/note", {}).status_code == 404
