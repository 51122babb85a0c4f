"""Follow-ups in a calendar: a download for the signed-in user; in hosted mode a private
subscription address (a secret in the URL) that can be renewed and revoked."""

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from icalendar import Calendar

from matchwise.engine.network.contacts import Contact, Interaction
from matchwise.network import services
from matchwise.network.models import CalendarFeed

pytestmark = pytest.mark.django_db


def _events(data):
    return [str(e["SUMMARY"]) for e in Calendar.from_ical(data).walk("VEVENT")]


def _contact(user, name, on=date(2026, 1, 5)):
    row = services.save_contact(user, Contact(name=name, relationship="mentor"))
    services.add_interaction(user, row, Interaction(on=on, channel="email", summary="hi"))
    return row


def test_the_calendar_file_holds_the_users_follow_ups(client):
    from matchwise.accounts.middleware import local_user

    _contact(local_user(), "Ana Rao")
    response = client.get("/network/follow-ups.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    assert any("Ana Rao" in s for s in _events(response.content))
    page = client.get("/network/calendar/").content.decode()
    assert "Local mode" in page and "subscription address" in page


def test_hosted_subscription_is_private_renewable_and_revocable(client, settings):
    settings.MATCHWISE_HOSTED = True
    users = get_user_model().objects
    ana = users.create_user(username="ana", password="a-long-passphrase-9")
    ben = users.create_user(username="ben", password="a-long-passphrase-9")
    _contact(ana, "Ana's mentor")
    _contact(ben, "Ben's mentor")
    client.force_login(ana)
    client.post("/network/calendar/", {"what": "renew"})
    token = CalendarFeed.objects.get(owner=ana).token
    page = client.get("/network/calendar/").content.decode()
    assert f"/network/calendar/{token}.ics" in page
    client.logout()
    feed = client.get(f"/network/calendar/{token}.ics")  # a calendar program: no session
    assert feed.status_code == 200
    summaries = _events(feed.content)
    assert summaries and all("Ana's mentor" in s for s in summaries)  # none of Ben's
    assert client.get("/network/calendar/not-the-token.ics").status_code == 404
    client.force_login(ana)
    client.post("/network/calendar/", {"what": "renew"})
    new = CalendarFeed.objects.get(owner=ana).token
    assert new != token
    client.logout()
    assert client.get(f"/network/calendar/{token}.ics").status_code == 404
    assert client.get(f"/network/calendar/{new}.ics").status_code == 200
    client.force_login(ana)
    client.post("/network/calendar/", {"what": "revoke"})
    client.logout()
    assert client.get(f"/network/calendar/{new}.ics").status_code == 404


def test_local_mode_has_no_subscription_address(client, settings):
    from matchwise.accounts.middleware import local_user

    feed = services.calendar_feed(local_user())
    assert client.get(f"/network/calendar/{feed.token}.ics").status_code == 404
