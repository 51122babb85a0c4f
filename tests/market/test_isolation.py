"""Personas: a stranger finds none of the owner's simulations; an anonymous visitor in hosted
mode is sent to log in. (The walk over every route in tests/pick_web/test_isolation.py covers
the Market's routes too; this adds the owner's simulation id, which those routes take in the
query string.)"""

import pytest
from django.contrib.auth import get_user_model

from matchwise.market.models import MarketSimulation, Status
from matchwise.programs.services import ensure_catalog

pytestmark = pytest.mark.django_db
SECRET = "applicants=4321"


@pytest.fixture
def owned(client):
    ensure_catalog()
    owner = client.get("/market/").wsgi_request.user
    return MarketSimulation.objects.create(
        owner=owner, specialty="416", runs=20, seed=1, changes=[SECRET], status=Status.QUEUED,
        total=40,
    )  # fmt: skip


def test_a_stranger_sees_nothing_of_the_owners_simulations(client, owned, settings):
    settings.MATCHWISE_HOSTED = True
    stranger = get_user_model().objects.create_user(username="stranger", password="x" * 12)
    client.force_login(stranger)
    page = client.get("/market/")
    assert page.status_code == 200 and SECRET not in page.content.decode()
    for url in (f"/market/?run={owned.pk}", f"/market/progress/?run={owned.pk}"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert SECRET not in response.content.decode()
    assert client.get("/market/progress/?run=nonsense").status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client, owned, settings):
    settings.MATCHWISE_HOSTED = True
    client.logout()
    for url in ("/market/", f"/market/progress/?run={owned.pk}"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    response = client.post("/market/", {"specialty": "416", "runs": "20"})
    assert response.status_code == 302
    assert MarketSimulation.objects.count() == 1
