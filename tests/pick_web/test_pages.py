"""The profile and Pick pages in local mode: save and come back, live recompute, clear errors."""

import pytest
from django.contrib.auth import get_user_model

from matchwise.pick.models import SavedProfile
from matchwise.programs.services import ensure_catalog

pytestmark = pytest.mark.django_db

GOOD = {
    "applicant_type": "non_us_img", "match_year": 2027, "graduation_year": 2022,
    "exam_attempts": 1, "ecfmg": "certified", "visa_need": "J-1", "step2_score": 245,
    "usce_hands_on_months": 4, "usce_observership_months": 3, "usce_ir_months": 2,
    "us_ir_dr_letters": 1, "us_other_letters": 1, "peer_reviewed_publications": 3,
    "first_author_publications": 1, "ir_publications": 2, "presentations": 4,
    "specialties": ["416", "420", "prelim"], "home_states": "ny", "budget_usd": 600,
}  # fmt: skip


@pytest.fixture(autouse=True)
def catalog():
    ensure_catalog()


def test_a_new_user_is_sent_to_the_profile_first(client):
    response = client.get("/pick/")
    assert response.status_code == 302 and response["Location"] == "/pick/profile/"
    page = client.get("/pick/profile/").content.decode()
    assert "observerships count separately" in page
    assert 'for="id_step2_score"' in page


def test_saving_the_profile_then_coming_back(client):
    response = client.post("/pick/profile/", GOOD)
    assert response.status_code == 302 and response["Location"] == "/pick/"
    saved = SavedProfile.objects.get()
    assert saved.owner.username == "local"
    assert saved.data["home_states"] == ["NY"]
    again = client.get("/pick/profile/").content.decode()
    assert 'value="245"' in again and 'value="NY"' in again


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"step2_score": 350}, "Ensure this value is less than or equal to 300."),
        ({"graduation_year": 2028}, "graduation_year 2028 is after match_year 2027"),
        ({"home_states": "NY, Narnia"}, "NARNIA is not a two-letter US state code"),
        ({"specialties": []}, "This field is required."),
        ({"budget_usd": -5}, "Ensure this value is greater than or equal to 0."),
    ],
)
def test_bad_values_are_refused_next_to_the_field_and_nothing_is_saved(client, change, message):
    response = client.post("/pick/profile/", {**GOOD, **change})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not SavedProfile.objects.exists()


def test_the_pick_page_shows_the_list_with_intervals_reasons_and_the_chart(client):
    client.post("/pick/profile/", GOOD)
    page = client.get("/pick/").content.decode()
    for text in (
        "P(match)",
        "90% interval",
        "P(interview)",
        "your profile",
        "<svg",
        "Filtered out",
        "DEMO catalog",
    ):
        assert text in page


def test_moving_the_budget_recomputes_only_the_results(client):
    client.post("/pick/profile/", GOOD)
    small = client.get("/pick/?budget=150", HTTP_HX_REQUEST="true").content.decode()
    large = client.get("/pick/?budget=1200", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in small
    fees = [int(t.split("ERAS fees $")[1].split(" ")[0]) for t in (small, large)]
    assert fees[0] <= 150 < fees[1] <= 1200


def test_a_nonsense_budget_is_ignored_not_an_error(client):
    client.post("/pick/profile/", GOOD)
    assert client.get("/pick/?budget=-5&max=abc").status_code == 200


def test_a_second_user_never_sees_the_first_users_profile(client):
    client.post("/pick/profile/", GOOD)
    other = get_user_model().objects.create(username="someone-else")
    assert not SavedProfile.objects.filter(owner=other).exists()
    from matchwise.pick.web import profile_of

    assert profile_of(other) is None


def test_hosted_mode_requires_a_login_for_user_pages(client, settings):
    settings.MATCHWISE_HOSTED = True
    response = client.get("/pick/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_what_if_page_compares_a_change(client):
    client.post("/pick/profile/", GOOD)
    page = client.get("/pick/whatif/?change=step2%3D262").content.decode()
    assert "With the change" in page and "step2=262" in page
    bad = client.get("/pick/whatif/?change=step2%3Dabc")
    assert bad.status_code == 400
    assert "&#x27;abc&#x27; is not a number" in bad.content.decode()
