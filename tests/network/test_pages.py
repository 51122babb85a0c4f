"""Network pages: add a contact after a conference, see them due, log the follow-up, snooze,
change a rule; the mentor team, advocates and reach; ties reach Pick's explanations."""

from datetime import date, timedelta

import pytest

from matchwise.network import services
from matchwise.network.models import ContactRow, InteractionRow
from matchwise.programs.services import all_programs, ensure_catalog
from tests.pick_web.test_pages import GOOD

pytestmark = pytest.mark.django_db

CONTACT = {
    "name": "Ana Rao", "title": "Dr.", "role": "faculty", "institution": "DEMO Cedar Valley",
    "relationship": "acquaintance", "sponsor_stage": "none", "email": "ana.rao@example.org",
    "tags": "sir2027, chicago", "their_work": "radiation segmentectomy for HCC",
}  # fmt: skip


@pytest.fixture(autouse=True)
def catalog():
    ensure_catalog()


@pytest.fixture
def day(monkeypatch):
    """Freeze the user's calendar day."""
    today = date(2027, 3, 31)
    monkeypatch.setattr(services, "today", lambda: today)
    return today


def _add(client, **extra):
    data = {**CONTACT, **extra}
    response = client.post("/network/contacts/new/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ContactRow.objects.get(name=data["name"])


def test_a_contact_met_at_a_conference_is_due_in_3_to_7_days_then_logged(client, day):
    met = day - timedelta(days=2)
    row = _add(
        client, log_first="on", **{"first-on": met.isoformat(), "first-channel": "conference",
                                  "first-summary": "Talked about Y-90 dosimetry",
                                  "first-promised": "I send my poster by Friday"},
    )  # fmt: skip
    assert InteractionRow.objects.filter(contact=row).count() == 1
    page = client.get("/network/due/").content.decode()
    assert "Ana Rao" in page and "Coming up" in page  # due from day 3: tomorrow
    services.today = lambda: day + timedelta(days=1)  # the fixture's monkeypatch restores it
    page = client.get("/network/due/").content.decode()
    assert "follow up after the conference: 3 to 7 days after meeting" in page
    assert "I send my poster by Friday" in page
    response = client.post(
        f"/network/contacts/{row.id}/log/",
        {"on": (day + timedelta(days=1)).isoformat(), "channel": "email",
         "summary": "Sent the poster", "back": "due"},
    )  # fmt: skip
    assert response.status_code == 302 and response["Location"] == "/network/due/"
    after = services.follow_ups(row.owner, on=day + timedelta(days=1))
    assert after[0].follow_up.rule.key == "other"  # an acquaintance: 2 to 3 times a year


def test_bad_input_is_shown_beside_the_field_and_nothing_is_saved(client, day):
    response = client.post("/network/contacts/new/", {**CONTACT, "email": "not-an-email"})
    assert response.status_code == 400
    assert "is not an email address" in response.content.decode()
    assert not ContactRow.objects.exists()
    row = _add(client)
    future = client.post(
        f"/network/contacts/{row.id}/log/", {"on": "2999-01-01", "channel": "email"}
    )
    assert future.status_code == 400 and "not a future date" in future.content.decode()
    assert not InteractionRow.objects.exists()


def test_snooze_hides_until_the_day_and_a_real_interaction_ends_it(client, day):
    row = _add(client, met_on=(day - timedelta(days=400)).isoformat())
    assert services.due_now(row.owner, on=day)
    until = (day + timedelta(days=10)).isoformat()
    client.post(f"/network/contacts/{row.id}/snooze/", {"until": until, "reason": "away in April"})
    assert not services.due_now(row.owner, on=day)
    snoozed = services.follow_ups(row.owner, on=day)[0]
    assert snoozed.follow_up.state == "snoozed"
    services.add_interaction(row.owner, row, services.Interaction(on=day, channel="email"))
    row.refresh_from_db()
    assert row.snoozed_until is None


def test_a_contact_rule_and_a_tag_rule_change_the_window(client, day):
    row = _add(client, met_on=(day - timedelta(days=40)).isoformat())
    assert services.follow_ups(row.owner, on=day)[0].follow_up.state == "upcoming"
    services.set_tag_cadence(
        row.owner, "chicago", services.CadenceOverride("other", 30, 45), "other"
    )
    assert services.follow_ups(row.owner, on=day)[0].follow_up.state == "due"
    client.post(
        f"/network/contacts/{row.id}/cadence/", {"rule": "other", "first_day": 50, "last_day": 60}
    )
    assert services.follow_ups(row.owner, on=day)[0].follow_up.state == "upcoming"  # own wins
    bad = client.post(
        f"/network/contacts/{row.id}/cadence/", {"rule": "other", "first_day": 9, "last_day": 3}
    )
    assert bad.status_code == 400 and "Overdue must come on or after due" in bad.content.decode()


def test_the_mentor_team_advocates_and_reach(client, day):
    code = all_programs()[0].code
    _add(client, name="Mentor One", relationship="mentor", mentor_kinds=["clinical", "research"],
         sponsor_stage="aware", program_codes=code, email="m1@example.org")  # fmt: skip
    page = client.get("/network/team/").content.decode()
    assert "Mentor One" in page and "nobody yet" in page  # career and near-peer are missing
    assert "Advocates: 1 of the 5 to 10" in page
    assert f"mentor at {code}" in page
    home = client.get("/network/").content.decode()
    assert "Mentor team: 2 of 4 kinds covered" in home


def test_a_mentor_at_a_program_raises_its_odds_in_pick_and_is_named(client, day):
    client.post("/pick/profile/", GOOD)
    before = client.get("/pick/?budget=900").content.decode()
    target = next(p for p in all_programs() if p.specialty.value == "420")
    _add(client, name="Lee Park", title="Dr.", relationship="sponsor", sponsor_stage="advocated",
         program_codes=target.code, email="lee@example.org")  # fmt: skip
    from matchwise.pick.web import applicant_of

    profile = applicant_of(ContactRow.objects.get().owner)
    assert [(t.program, t.kind.value, t.person) for t in profile.ties] == [
        (target.code, "sponsor", "Dr. Lee Park")
    ]
    after = client.get(f"/programs/{target.code}/")
    assert after.status_code == 200
    api = client.post(
        "/api/pick/evaluate", {"programs": [target.code]}, content_type="application/json"
    )
    reasons = " ".join(api.json()["programs"][0]["reasons"])
    assert "Dr. Lee Park" in reasons, reasons
    assert before  # the page rendered before the tie existed


def test_conference_people_to_meet_and_met(client, day):
    row = _add(client)
    response = client.post("/network/conferences/", {"name": "SIR 2027", "starts": "2027-03-28",
                                                    "ends": "2027-04-02", "place": "Chicago",
                                                    "pitch": "I am an IMG " * 20})  # fmt: skip
    assert response.status_code == 302
    url = response["Location"]
    client.post(url, {"what": "target", "contact": row.id, "reason": "her talk on Y-90"})
    page = client.get(url).content.decode()
    assert "her talk on Y-90" in page and "about 32 seconds" in page
    target = row.targets.get()
    client.post(url, {"what": "met", "target": target.id, "summary": "Asked about research"})
    logged = InteractionRow.objects.get(contact=row)
    assert logged.channel == "conference" and logged.on == day
    bad = client.post(
        "/network/conferences/", {"name": "X", "starts": "2027-04-02", "ends": "2027-03-01"}
    )
    assert bad.status_code == 400 and "cannot end before it starts" in bad.content.decode()


def test_a_tag_rule_is_set_on_the_due_page(client, day):
    row = _add(client, met_on=(day - timedelta(days=40)).isoformat())
    response = client.post(
        "/network/due/", {"tag": "Chicago", "rule": "other", "first_day": 30, "last_day": 45}
    )
    assert response.status_code == 302
    assert services.follow_ups(row.owner, on=day)[0].follow_up.state == "due"
    assert "#chicago other 30–45 days" in client.get("/network/due/").content.decode()
    bad = client.post("/network/due/", {"tag": "x", "rule": "nope", "first_day": 1, "last_day": 2})
    assert bad.status_code == 400 and "Select a valid choice" in bad.content.decode()
    client.post("/network/due/", {"tag": "chicago", "rule": "other", "first_day": 1,
                                  "last_day": 2, "reset": "on"})  # fmt: skip
    assert services.follow_ups(row.owner, on=day)[0].follow_up.state == "upcoming"
