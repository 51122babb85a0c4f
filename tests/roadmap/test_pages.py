"""Roadmap pages: choose a cycle and pathways, see the plan and its timeline, complete and skip
milestones, correct a cycle date, add letters, read readiness and the agenda."""

from datetime import date

import pytest

from matchwise.engine.network.contacts import Contact, Interaction
from matchwise.network import services as network
from matchwise.programs.services import ensure_catalog
from matchwise.roadmap import services
from matchwise.roadmap.models import LetterRow, Milestone, RoadmapSettings
from tests.pick_web.test_pages import GOOD

pytestmark = pytest.mark.django_db
SETTINGS = {"what": "settings", "cycle_year": "2028", "pathways": ["ir-integrated", "dr-esir"],
            "time_zone": "Asia/Kolkata"}  # fmt: skip


@pytest.fixture(autouse=True)
def catalog():
    ensure_catalog()


@pytest.fixture
def planned(client):
    response = client.post("/roadmap/", SETTINGS)
    assert response.status_code == 302
    return RoadmapSettings.objects.get()


def test_a_new_user_starts_at_the_profile_then_lands_on_this_week(client):
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == "/pick/profile/"
    client.post("/pick/profile/", GOOD)
    page = client.get("/").content.decode()
    assert "This week" in page and "choose your target Match and pathways" in page
    assert "No saved plan yet" in page and "benchmarks met" in page


def test_choosing_a_cycle_and_pathways_makes_a_dated_plan_with_a_timeline(client, planned):
    assert (planned.cycle_year, planned.time_zone) == (2028, "Asia/Kolkata")
    page = client.get("/roadmap/").content.decode()
    assert "Submit your ERAS applications" in page and "<svg" in page
    assert "Roadmap timeline" in page and "Update the plan" in page
    assert "not dated yet" in page  # signals: no date in the data, no guess


def test_a_bad_time_zone_is_shown_beside_the_field_and_nothing_is_saved(client):
    response = client.post("/roadmap/", {**SETTINGS, "time_zone": "India"})
    assert response.status_code == 400
    assert "time zone &#x27;India&#x27; is not known" in response.content.decode()
    assert not RoadmapSettings.objects.exists() and not Milestone.objects.exists()


def test_completing_and_skipping_milestones(client, planned):
    row = Milestone.objects.get(key="network-join-society")
    response = client.post(f"/roadmap/milestones/{row.id}/status/", {"status": "done"})
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.status == "done" and row.done_on is not None
    response = client.post(f"/roadmap/milestones/{row.id}/status/", {"status": "skipped"})
    assert "needs a reason" in client.get(response["Location"]).content.decode()
    assert Milestone.objects.get(id=row.id).status == "done"  # unchanged


def test_a_late_milestone_stands_out(client, planned):
    # the 2028 plan's research steps from early 2026 are past: late unless done
    page = client.get("/roadmap/").content.decode()
    assert 'class="late"' in page and "late</span>" in page


def test_editing_a_milestones_date_pins_it(client, planned):
    row = Milestone.objects.get(key="apply-personal-statement")
    response = client.post(
        f"/roadmap/milestones/{row.id}/",
        {"title": row.title, "category": row.category, "due": "2027-06-15",
         "status": "in_progress", "skip_reason": "", "why": row.why},
    )  # fmt: skip
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.due, row.pinned, row.status) == (date(2027, 6, 15), True, "in_progress")


def test_adding_removing_a_milestone_of_ones_own(client, planned):
    response = client.post(
        "/roadmap/",
        {"what": "add", "title": "USMLE Step 3 exam day", "category": "exams",
         "due": "2027-10-02", "status": "planned", "skip_reason": "", "why": ""},
    )  # fmt: skip
    assert response.status_code == 302
    row = Milestone.objects.get(title="USMLE Step 3 exam day")
    assert row.key == "" and "USMLE Step 3 exam day" in client.get("/roadmap/").content.decode()
    client.post(f"/roadmap/milestones/{row.id}/delete/")
    assert not Milestone.objects.filter(id=row.id).exists()


def test_the_cycle_page_says_not_published_yet_and_takes_a_correction(client, planned):
    page = client.get("/roadmap/cycle/").content.decode()
    assert "not published yet" in page and "estimated" in page
    before = Milestone.objects.get(key="apply-submit").due
    response = client.post(
        "/roadmap/cycle/", {"event": "eras_submit", "on": "2027-09-08", "note": "AAMC timeline"}
    )
    assert response.status_code == 302
    after = Milestone.objects.get(key="apply-submit")
    assert (before, after.due, after.estimated) == (date(2027, 9, 1), date(2027, 9, 8), False)
    assert "your correction: AAMC timeline" in client.get("/roadmap/cycle/").content.decode()


def test_the_cycle_page_shows_a_deadline_in_the_users_time(client, planned):
    # the 2028 ROL deadline is estimated from 2024's (9 p.m. ET): next morning in India
    page = client.get("/roadmap/cycle/").content.decode()
    assert "07:30 your time" in page


def test_a_letter_is_added_and_the_goal_moves(client, planned):
    page = client.get("/roadmap/letters/").content.decode()
    assert "0 of 2 to 3 strong letters" in page
    response = client.post(
        "/roadmap/letters/",
        {"writer": "Dr. Ana Rao", "specialty": "ir", "us_based": "on", "status": "agreed",
         "asked_on": "2027-05-01", "agreed_on": "2027-05-03", "relationship": "research mentor"},
    )  # fmt: skip
    assert response.status_code == 302
    assert "1 of 2 to 3 strong letters" in client.get("/roadmap/letters/").content.decode()


def test_a_letter_with_dates_out_of_order_is_refused_with_the_reason(client, planned):
    response = client.post(
        "/roadmap/letters/",
        {"writer": "Dr. Ana Rao", "specialty": "ir", "us_based": "on", "status": "agreed",
         "asked_on": "2027-05-03", "agreed_on": "2027-05-01"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "agreed on (2027-05-01) is before asked on (2027-05-03)" in response.content.decode()
    assert not LetterRow.objects.exists()


def test_a_suggested_writer_links_to_the_checked_draft(client, planned):
    user = RoadmapSettings.objects.get().owner
    contact = network.save_contact(
        user, Contact(name="Ana Rao", title="Dr.", role="faculty", relationship="mentor"),
        first_interaction=Interaction(on=date(2026, 6, 1), channel="meeting"),
    )  # fmt: skip
    for day in (date(2026, 7, 1), date(2026, 8, 15)):
        network.add_interaction(user, contact, Interaction(on=day, channel="research_update"))
    page = client.get("/roadmap/letters/").content.decode()
    assert f"/network/contacts/{contact.id}/draft/?template=letter_request" in page
    form = client.get(f"/roadmap/letters/?contact={contact.id}").content.decode()
    assert 'value="Ana Rao"' in form


def test_readiness_shows_each_benchmark_with_its_source_and_the_effect_of_a_gap(client, planned):
    client.post("/pick/profile/", GOOD)
    page = client.get("/roadmap/readiness/").content.decode()
    assert "SIR RFS page quoting NRMP 2018" in page  # the Step 2 benchmark's source
    assert "us_ir_dr_letters=2" in page and "P(match)" in page and "→" in page


def test_the_agenda_and_its_calendar_file(client, planned):
    page = client.get("/roadmap/agenda/?days=400").content.decode()
    assert "Submit your ERAS applications" in page and "overdue" in page
    response = client.get("/roadmap/agenda.ics")
    assert response["Content-Type"].startswith("text/calendar")
    assert b"SUMMARY:Milestone: Submit your ERAS applications" in response.content


def test_in_hosted_mode_the_agenda_has_a_revocable_subscription(client, settings):
    settings.MATCHWISE_HOSTED = True
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_user(username="ana", password="x" * 12)
    client.force_login(user)
    client.post("/roadmap/agenda/", {"what": "renew"})
    page = client.get("/roadmap/agenda/").content.decode()
    token = page.split("/roadmap/feed/")[1].split(".ics")[0]
    client.logout()
    assert client.get(f"/roadmap/feed/{token}.ics").status_code == 200  # no session needed
    client.force_login(user)
    client.post("/roadmap/agenda/", {"what": "revoke"})
    client.logout()
    assert client.get(f"/roadmap/feed/{token}.ics").status_code == 404


def test_local_mode_has_no_subscription_address(client):
    services.save_settings(
        RoadmapSettings.objects.model.owner.field.related_model.objects.get_or_create(
            username="local"
        )[0],
        cycle_year=2028, pathways=["dr-esir"], time_zone="UTC",
    )  # fmt: skip
    page = client.get("/roadmap/agenda/").content.decode()
    assert "Local mode" in page and "/roadmap/feed/" not in page


def test_the_dashboard_shows_this_week_readiness_and_the_plans_p_match(client, planned):
    client.post("/pick/profile/", GOOD)
    client.post("/pick/plans/save/", {"name": "My list", "budget": "600", "signals": "on"})
    page = client.get("/").content.decode()
    assert "Due in the next 7 days" in page and "P(match)" in page and "My list" in page
    assert "benchmarks met" in page


def test_a_milestone_the_portfolio_shows_done_is_offered_to_be_marked_done(client, planned):
    from matchwise.engine.scholarly.outputs import Author, Output
    from matchwise.scholarly import services as scholarly

    user = RoadmapSettings.objects.get().owner
    scholarly.save_output(
        user,
        Output(type="case_report", title="PAE in a solitary kidney", status="submitted",
               authors=[Author(family="Okafor", initials="S")], my_position=1),
    )  # fmt: skip
    row = Milestone.objects.get(key="research-case-report")
    page = client.get("/roadmap/").content.decode()
    assert "Looks done: Scholarly: &#x27;PAE in a solitary kidney&#x27; (case report)" in page
    assert f'aria-label="Mark done: {row.title}"' in page
    assert Milestone.objects.get(id=row.id).status == "planned"  # nothing changes by itself
    client.post(f"/roadmap/milestones/{row.id}/status/", {"status": "done"})
    page = client.get("/roadmap/").content.decode()
    assert f'aria-label="Mark done: {row.title}"' not in page
    first = Milestone.objects.get(key="research-first-manuscript")  # a case report is a paper
    assert f'aria-label="Mark done: {first.title}"' in page


def test_editing_a_letter_checks_its_dates_and_keeps_the_old_ones_on_error(client, planned):
    user = RoadmapSettings.objects.get().owner
    row = services.save_letter(
        user, None, writer="Dr. Ana Rao", specialty="ir", us_based=True, status="asked",
        asked_on=date(2027, 5, 1),
    )  # fmt: skip
    form = {"writer": "Dr. Ana Rao", "specialty": "ir", "us_based": "on", "status": "uploaded",
            "asked_on": "2027-05-01", "agreed_on": "2027-05-03"}  # fmt: skip
    response = client.post(f"/roadmap/letters/{row.id}/", form)
    assert response.status_code == 400 and "needs the date uploaded" in response.content.decode()
    assert LetterRow.objects.get(id=row.id).status == "asked"
    response = client.post(f"/roadmap/letters/{row.id}/", {**form, "uploaded_on": "2027-06-01"})
    assert response.status_code == 302
    assert LetterRow.objects.get(id=row.id).status == "uploaded"


def test_skipping_a_milestone_on_its_page_needs_a_reason(client, planned):
    row = Milestone.objects.get(key="apply-submit")
    form = {"title": row.title, "category": row.category, "due": "", "status": "skipped",
            "skip_reason": "", "why": ""}  # fmt: skip
    response = client.post(f"/roadmap/milestones/{row.id}/", form)
    assert response.status_code == 400 and "Say why you skip it." in response.content.decode()
    assert Milestone.objects.get(id=row.id).status == "planned"
