"""Personas: the owner, a stranger who must see nothing of the owner's, an anonymous visitor.

The test walks the URL configuration, so a new route cannot be forgotten: every route is tried
by the stranger (and, in hosted mode, by an anonymous visitor) with the owner's ids filled in.
"""

from datetime import date
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver

from matchwise.accounts.models import ApiToken
from matchwise.engine.network.contacts import Contact, Interaction
from matchwise.engine.scholarly.outputs import Author, Output
from matchwise.market.models import MarketSimulation
from matchwise.network import services
from matchwise.network.models import Conference, ContactRow, InteractionRow
from matchwise.pick.models import Plan
from matchwise.programs.models import ProgramNote
from matchwise.programs.services import ensure_catalog
from matchwise.roadmap import agenda as roadmap_agenda
from matchwise.roadmap import services as roadmap
from matchwise.roadmap.models import LetterRow, Milestone
from matchwise.scholarly import services as scholarly
from matchwise.scholarly.models import OutputRow, Project
from tests.pick_web.test_pages import GOOD

pytestmark = pytest.mark.django_db
SECRET_NAME = "owner-secret-plan-7f3a"
# The catalog is shared by design, not user data; the API's description is public.
SHARED = (
    "programs:",
    "api:list_programs",
    "api:one_program",
    "api:openapi-",
    "api:api-root",
    ":signup",
    ":login",
    ":logout",
    ":password_reset",
)  # account pages: no user data


# Reached by a secret in the address, not a session (a calendar program has no cookies).
TOKEN_ROUTES = ("network:feed", "roadmap:feed")


def routes():
    out = []

    def walk(resolver, prefix, namespace):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                ns = entry.namespace or namespace
                if ns == "admin":
                    continue  # Django's own admin has its own staff checks
                walk(entry, prefix + str(entry.pattern), ns)
            elif isinstance(entry, URLPattern) and entry.name:
                out.append((f"{namespace}:{entry.name}", prefix + str(entry.pattern)))

    walk(get_resolver(), "", "")
    return out


def concrete(pattern, owned):
    """The route with the owner's ids filled in (``owned``: the owner's rows by kind)."""
    for kind, value in {
        "plan_id": owned.plan.id, "token_id": owned.token.id, "code": "1536416C0", "fmt": "csv",
        "contact_id": owned.contact.id, "conference_id": owned.conference.id,
        "output_id": owned.output.id, "project_id": owned.project.id,
        "milestone_id": owned.milestone.id, "letter_id": owned.letter.id,
        "simulation_id": owned.simulation.id,
        "uidb64": "MQ", "token": "bad-token",  # a password-reset link: no user data
    }.items():  # fmt: skip
        for typed in (f"<{kind}>", f"<int:{kind}>", f"<str:{kind}>"):
            pattern = pattern.replace(typed, str(value))
    assert "<" not in pattern, f"add the owner's id for {pattern} to concrete()"
    return "/" + pattern


@pytest.fixture
def owner_plan(client):
    """The local user's data: a profile, a plan, an API token, a note on a program, a contact
    with an interaction, a conference with a person to meet, a calendar feed."""
    ensure_catalog()
    client.post("/pick/profile/", GOOD)
    client.post("/pick/plans/save/", {"name": SECRET_NAME, "budget": "300", "signals": "on"})
    plan = Plan.objects.get(name=SECRET_NAME)
    token, _ = ApiToken.issue(plan.owner, SECRET_NAME)
    client.post("/programs/1536416C0/note/", {"interest": "4", "notes": SECRET_NAME})
    assert ProgramNote.objects.filter(notes=SECRET_NAME).exists()
    owner = plan.owner
    contact = services.save_contact(
        owner,
        Contact(name=SECRET_NAME, email="secret@example.org", program_codes=["1536416C0"],
                relationship="mentor", tags=["secret"]),
        first_interaction=Interaction(on=date(2026, 1, 5), channel="email", summary=SECRET_NAME),
    )  # fmt: skip
    conference = services.add_conference(
        owner, name=SECRET_NAME, starts=date(2027, 3, 1), ends=date(2027, 3, 4)
    )
    services.add_target(owner, conference, contact, SECRET_NAME)
    services.calendar_feed(owner)
    project = scholarly.save_project(
        owner, name=SECRET_NAME, mentor_contact_id=contact.id, active=True
    )
    output = scholarly.save_output(
        owner,
        Output(type="case_report", title=SECRET_NAME, my_role=SECRET_NAME,
               authors=[Author(family="Secret", initials="S")], my_position=1),
        project=project,
    )  # fmt: skip
    roadmap.save_settings(owner, cycle_year=2028, pathways=["ir-integrated"], time_zone="UTC")
    roadmap.apply_plan(owner)
    milestone = roadmap.save_milestone(
        owner, None, title=SECRET_NAME, category="research", due=date(2027, 5, 1),
        status="planned", skip_reason="", why=SECRET_NAME,
    )  # fmt: skip
    letter = roadmap.save_letter(
        owner, None, writer=SECRET_NAME, specialty="ir", us_based=True, contact_id=contact.id,
        status="asked", asked_on=date(2026, 1, 6), seen=SECRET_NAME,
    )  # fmt: skip
    roadmap_agenda.agenda_feed(owner)
    simulation = MarketSimulation.objects.create(
        owner=owner, specialty="416", runs=1, seed=1, changes=[SECRET_NAME], status="done",
        result={"note": SECRET_NAME},
    )  # fmt: skip
    return SimpleNamespace(
        plan=plan, token=token, id=plan.id, contact=contact, conference=conference,
        output=output, project=project, milestone=milestone, letter=letter,
        simulation=simulation,
    )  # fmt: skip


def test_every_route_is_known_to_this_test():
    names = {name for name, _ in routes()}
    assert {
        "pick:list",
        "pick:profile",
        "pick:plans",
        "pick:save",
        "pick:compare",
        "pick:plan",
        "pick:export",
        "programs:list",
        "programs:detail",
    } <= names


def test_a_stranger_sees_nothing_of_the_owners(client, owner_plan, settings):
    settings.MATCHWISE_HOSTED = True
    stranger = get_user_model().objects.create_user(username="stranger", password="x" * 12)
    client.force_login(stranger)
    for name, pattern in routes():
        url = concrete(pattern, owner_plan)
        if name == "pick:compare":
            url += f"?plan={owner_plan.id}&plan={owner_plan.id}"
        response = client.get(url)
        if response.status_code == 405:  # a route that only changes data: try the change
            response = client.post(url)
            assert response.status_code in (302, 400, 401, 403, 404, 422), f"{name}: posted"
            client.force_login(stranger)  # the logout route logs out; the walk goes on
        body = response.content.decode(errors="replace")
        assert SECRET_NAME not in body, f"{name} leaks the owner's plan"
        assert 'value="245"' not in body, f"{name} shows the owner's Step 2 score"
        if not name.startswith(SHARED) and "_id>" in pattern:
            assert response.status_code == 404, f"{name} answered {response.status_code}"
    # nothing of the owner's was changed or removed by the stranger's posts
    assert Plan.objects.filter(pk=owner_plan.plan.pk, name=SECRET_NAME).exists()
    assert ApiToken.objects.filter(pk=owner_plan.token.pk).exists()
    assert ProgramNote.objects.filter(notes=SECRET_NAME, owner=owner_plan.plan.owner).exists()
    assert ContactRow.objects.filter(pk=owner_plan.contact.pk, name=SECRET_NAME).exists()
    assert InteractionRow.objects.filter(contact=owner_plan.contact).count() == 1
    assert Conference.objects.filter(pk=owner_plan.conference.pk).exists()
    assert OutputRow.objects.filter(pk=owner_plan.output.pk, title=SECRET_NAME).exists()
    assert Project.objects.get(pk=owner_plan.project.pk).active
    assert Milestone.objects.filter(pk=owner_plan.milestone.pk, status="planned").exists()
    assert LetterRow.objects.filter(pk=owner_plan.letter.pk, writer=SECRET_NAME).exists()
    assert MarketSimulation.objects.filter(pk=owner_plan.simulation.pk).exists()


def test_an_anonymous_visitor_in_hosted_mode_is_sent_to_log_in(client, owner_plan, settings):
    settings.MATCHWISE_HOSTED = True
    client.logout()
    for name, pattern in routes():
        if name.startswith(SHARED):
            continue
        response = client.get(concrete(pattern, owner_plan))
        if name in TOKEN_ROUTES:  # the key is in the address: a wrong one finds nothing
            assert response.status_code == 404, name
            continue
        allowed = (401, 405) if name.startswith("api:") else (302, 405)
        assert response.status_code in allowed, f"{name} answered {response.status_code}"
        if response.status_code == 302 and name != ":home":  # home redirects to the Pick page
            assert response["Location"].startswith("/accounts/login/"), name
