"""Outreach drafts on the page (offers, live checker, mailto, .eml) and the Network API."""

import json
from datetime import date, timedelta
from email import message_from_bytes
from urllib.parse import unquote

import pytest
from django.contrib.auth import get_user_model

from matchwise.engine.network.contacts import Contact, Interaction
from matchwise.network import services
from matchwise.network.models import ContactRow, InteractionRow
from matchwise.programs.services import ensure_catalog
from tests.pick_web.test_pages import GOOD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog():
    ensure_catalog()


@pytest.fixture
def rao(client):
    client.post("/pick/profile/", GOOD)
    from matchwise.accounts.middleware import local_user

    return services.save_contact(
        local_user(),
        Contact(name="Ana Rao", title="Dr.", role="faculty", institution="Lakeside",
                email="ana.rao@example.org",
                their_work="the PAE trial for benign prostatic hyperplasia"),
    )  # fmt: skip


def test_a_stranger_is_offered_no_letter_request_and_the_reason_says_why(client, rao):
    page = client.get(f"/network/contacts/{rao.id}/draft/").content.decode()
    assert "Request for a letter" in page or "letter" in page.lower()
    assert "(not yet)" in page
    # asking for it anyway by its key does not prefill it
    forced = client.get(f"/network/contacts/{rao.id}/draft/?template=letter_request")
    assert 'rows="18"></textarea>' in forced.content.decode()  # an empty message


def test_a_template_is_prefilled_and_checked_and_a_bad_draft_is_flagged(client, rao):
    page = client.get(f"/network/contacts/{rao.id}/draft/?template=observership_request")
    text = page.content.decode()
    assert "Dear Dr. Ana Rao" in text and "Review:" in text
    bad = client.post(
        f"/network/contacts/{rao.id}/draft/",
        {"template": "", "subject": "Hello", "body": "Dear Sir/Madam, I will do anything. "
         "Please find my CV attached.", "attachments": ""},
        headers={"HX-Request": "true"},
    )  # fmt: skip
    review = bad.content.decode()
    assert "<html" not in review  # the partial only
    for words in ("Dear Sir/Madam", "I will do anything", "attach", "Why:"):
        assert words.lower() in review.lower(), words
    assert "Fix the problems above" in review


def test_the_draft_opens_in_the_mail_program_and_downloads_as_an_unsent_eml(client, rao):
    body = "Dear Dr. Rao,\nThank you for your time at SIR."
    page = client.post(f"/network/contacts/{rao.id}/draft/", {"subject": "Thank you", "body": body})
    mailto = page.content.decode().split('id="mailto"')[0].rsplit('href="', 1)[1].split('"')[0]
    assert mailto.startswith("mailto:ana.rao@example.org?")
    assert "Thank you for your time" in unquote(mailto.replace("&amp;", "&"))
    eml = client.post(
        f"/network/contacts/{rao.id}/draft.eml", {"subject": "Thank you", "body": body}
    )
    assert eml["Content-Type"] == "message/rfc822"
    message = message_from_bytes(eml.content)
    assert message["To"] == "ana.rao@example.org" and message["X-Unsent"] == "1"
    assert "Thank you for your time" in message.get_payload(decode=True).decode()


def _api(client, method, url, body=None):
    if method == "get":
        return client.get(url)
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")


def test_the_api_adds_logs_and_reports_due_and_refuses_bad_input(client, monkeypatch):
    day = date(2027, 4, 1)
    monkeypatch.setattr(services, "today", lambda: day)
    lee = {"name": "Lee Park", "relationship": "mentor", "mentor_kinds": ["career"]}
    made = _api(client, "post", "/api/network/contacts", lee)
    assert made.status_code == 200, made.content
    cid = made.json()["id"]
    bad = _api(client, "post", "/api/network/contacts", {"name": "X", "email": "nope"})
    assert bad.status_code == 400 and "email" in bad.json()["detail"]
    logged = _api(client, "post", f"/api/network/contacts/{cid}/interactions",
                  {"on": (day - timedelta(days=5)).isoformat(), "channel": "conference",
                   "summary": "SIR poster"})  # fmt: skip
    assert logged.status_code == 200
    future = _api(client, "post", f"/api/network/contacts/{cid}/interactions",
                  {"on": "2999-01-01", "channel": "email"})  # fmt: skip
    assert future.status_code == 400 and "future" in future.json()["detail"]
    due = client.get("/api/network/due").json()
    assert [(d["name"], d["rule"], d["state"]) for d in due] == [("Lee Park", "conference", "due")]
    assert InteractionRow.objects.count() == 1
    assert _api(client, "put", f"/api/network/contacts/{cid}", {"name": ""}).status_code == 400
    assert ContactRow.objects.get().name == "Lee Park"


def test_the_api_never_shows_another_users_contacts(client, settings):
    settings.MATCHWISE_HOSTED = True
    users = get_user_model().objects
    ana = users.create_user(username="ana", password="a-long-passphrase-9")
    ben = users.create_user(username="ben", password="a-long-passphrase-9")
    row = services.save_contact(ana, Contact(name="Secret Mentor"))
    services.add_interaction(ana, row, Interaction(on=date(2026, 1, 1), channel="email"))
    client.force_login(ben)
    assert client.get("/api/network/contacts").json() == []
    for method, url in (("get", f"/api/network/contacts/{row.id}"),
                        ("get", f"/api/network/contacts/{row.id}/interactions"),
                        ("delete", f"/api/network/contacts/{row.id}")):  # fmt: skip
        assert _api(client, method, url).status_code == 404, url
    assert ContactRow.objects.filter(pk=row.pk).exists()
