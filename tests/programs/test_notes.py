"""The user's own side of the catalog: "passes my filters", notes and interest per program."""

import re

import pytest
from django.contrib.auth import get_user_model

from matchwise.engine.pick.filters import hard_filters
from matchwise.engine.pick.profile import Profile
from matchwise.programs.models import ProgramNote
from matchwise.programs.services import all_programs, ensure_catalog, replace_catalog
from tests.pick_web.test_pages import GOOD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo():
    ensure_catalog()


def _count(text):
    return int(re.search(r'id="count">(\d+) program', text).group(1))


def test_passes_my_filters_keeps_exactly_the_programs_the_engine_lets_through(client):
    client.post("/pick/profile/", GOOD)
    profile = Profile.model_validate(
        {**GOOD, "home_states": ["NY"]} | {"match_year": 2027, "graduation_year": 2022}
    )
    expected = sum(1 for p in all_programs() if not hard_filters(profile, p))
    everything = client.get("/programs/").content.decode()
    fitting = client.get("/programs/?fits=on").content.decode()
    assert 0 < _count(fitting) == expected < _count(everything)
    assert "filtered:" in everything and "passes" in everything
    assert "filtered:" not in fitting


def test_without_a_profile_the_filter_says_what_to_do(client):
    text = client.get("/programs/?fits=on").content.decode()
    assert "Save your profile first" in text and _count(text) == 462


def test_the_program_page_says_whether_the_profile_passes_and_why_not(client):
    client.post("/pick/profile/", {**GOOD, "visa_need": "H-1B"})
    profile = Profile.model_validate({**GOOD, "visa_need": "H-1B", "home_states": ["NY"]})
    blocked = next(p for p in all_programs() if hard_filters(profile, p))
    text = client.get(f"/programs/{blocked.code}/").content.decode()
    assert "Your profile is filtered out here" in text
    assert hard_filters(profile, blocked)[0] in text.replace("&#x27;", "'")


def test_a_note_and_interest_are_kept_shown_in_the_list_and_survive_a_catalog_reload(client):
    code = all_programs()[0].code
    response = client.post(
        f"/programs/{code}/note/", {"interest": "4", "notes": "Met the PD at SIR <3"}
    )
    assert response.status_code == 302
    page = client.get(f"/programs/{code}/").content.decode()
    assert "Met the PD at SIR &lt;3" in page and "Your note is saved" in page
    listed = client.get(f"/programs/?q={code}").content.decode()
    assert "top choice" in listed
    replace_catalog(all_programs())  # a re-import replaces every catalog row
    assert "top choice" in client.get(f"/programs/?q={code}").content.decode()
    # clearing both fields removes the note
    client.post(f"/programs/{code}/note/", {"interest": "0", "notes": " "})
    assert not ProgramNote.objects.exists()


def test_a_bad_note_is_refused_with_the_text_kept_and_nothing_stored(client):
    code = all_programs()[0].code
    long = "x" * 5001
    response = client.post(f"/programs/{code}/note/", {"interest": "9", "notes": long})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Select a valid choice" in text and "at most 5000 characters" in text and long in text
    assert not ProgramNote.objects.exists()
    assert client.post("/programs/NOPE/note/", {"interest": "1"}).status_code == 404


def test_notes_are_private_to_their_owner(client, settings):
    settings.MATCHWISE_HOSTED = True
    users = get_user_model().objects
    ana = users.create_user(username="ana", password="a-long-passphrase-9")
    ben = users.create_user(username="ben", password="a-long-passphrase-9")
    code = all_programs()[0].code
    client.force_login(ana)
    client.post(f"/programs/{code}/note/", {"interest": "3", "notes": "ana-private-note"})
    client.force_login(ben)
    assert "ana-private-note" not in client.get(f"/programs/{code}/").content.decode()
    assert "interested" not in client.get(f"/programs/?q={code}").content.decode()
    client.logout()
    page = client.get(f"/programs/{code}/").content.decode()
    assert "ana-private-note" not in page and "to keep your own notes" in page
    assert client.post(f"/programs/{code}/note/", {"interest": "1"}).status_code == 302
    assert ProgramNote.objects.get().owner == ana
