"""The Market's JSON routes: ask, follow, read; a stranger finds nothing."""

import json

import pytest
from django.contrib.auth import get_user_model

from tests.market.test_pages import catalog, quick, two_runs  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def post(client, body):
    return client.post("/api/market/simulations", json.dumps(body), content_type="application/json")


def test_ask_then_read_the_result(client, quick):  # noqa: F811
    made = post(client, {"specialty": "416", "runs": 2, "changes": ["applications+10"]})
    assert made.status_code == 200, made.content
    data = made.json()
    assert data["status"] == "done" and data["done"] == data["total"]
    one = client.get(f"/api/market/simulations/{data['id']}").json()
    assert one["result"]["scenarios"][1]["name"] == "applications+10"
    listed = client.get("/api/market/simulations").json()
    assert [s["id"] for s in listed] == [data["id"]] and "result" not in listed[0]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"specialty": "999", "runs": 2}, "no published applicant pool"),
        ({"specialty": "416", "runs": 0}, "runs must be between"),
        ({"specialty": "416", "runs": 2, "changes": ["luck+1"]}, "luck"),
        ({"specialty": "416", "runs": 2, "me": True}, "fill in your Profile first"),
    ],
)
def test_a_bad_request_is_refused_in_words_and_nothing_is_queued(client, quick, body, message):  # noqa: F811
    response = post(client, body)
    assert response.status_code == 400 and message in response.json()["detail"]
    assert client.get("/api/market/simulations").json() == []


def test_a_stranger_finds_nothing(client, quick, settings):  # noqa: F811
    mine = post(client, {"specialty": "416", "runs": 2}).json()["id"]
    settings.MATCHWISE_HOSTED = True
    stranger = get_user_model().objects.create_user(username="s", password="x" * 12)
    client.force_login(stranger)
    assert client.get(f"/api/market/simulations/{mine}").status_code == 404
    assert client.get("/api/market/simulations").json() == []
