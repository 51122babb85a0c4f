"""Hosted mode: sign up, log in, log out, change and reset a password (Django's own views)."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-enough-passphrase"


@pytest.fixture(autouse=True)
def hosted(settings):
    settings.MATCHWISE_HOSTED = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_sign_up_logs_in_and_leads_to_the_profile(client):
    response = client.post(
        "/accounts/signup/", {"username": "amira", "password1": PASSWORD, "password2": PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == "/pick/profile/"
    assert client.get("/pick/profile/").status_code == 200
    assert get_user_model().objects.get(username="amira").password.startswith("argon2")


def test_weak_or_mismatched_passwords_are_refused_with_reasons(client):
    response = client.post(
        "/accounts/signup/", {"username": "amira", "password1": "12345678", "password2": "12345678"}
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "too short" in text and "too common" in text
    assert not get_user_model().objects.filter(username="amira").exists()


def test_login_and_logout(client):
    get_user_model().objects.create_user(username="amira", password=PASSWORD)
    bad = client.post("/accounts/login/", {"username": "amira", "password": "wrong"})
    assert (
        bad.status_code == 200
        and "Please enter a correct username and password" in bad.content.decode()
    )
    good = client.post("/accounts/login/", {"username": "amira", "password": PASSWORD})
    assert good.status_code == 302
    assert client.get("/pick/plans/").status_code == 200
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/pick/plans/").status_code == 302


def test_password_change_and_reset_by_email(client):
    user = get_user_model().objects.create_user(
        username="amira", email="a@example.org", password=PASSWORD
    )
    client.force_login(user)
    changed = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": PASSWORD + "2",
            "new_password2": PASSWORD + "2",
        },
    )
    assert changed.status_code == 302
    client.logout()
    client.post("/accounts/reset/", {"email": "a@example.org"})
    (message,) = mail.outbox
    link = re.search(r"/accounts/reset/[^/]+/[^/]+/", message.body).group(0)
    form = client.get(link, follow=True)
    assert form.status_code == 200
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": PASSWORD + "3", "new_password2": PASSWORD + "3"},
    )
    assert done.status_code == 302
    again = client.post("/accounts/login/", {"username": "amira", "password": PASSWORD + "3"})
    assert again.status_code == 302


def test_local_mode_has_no_sign_up(client, settings):
    settings.MATCHWISE_HOSTED = False
    assert client.get("/accounts/signup/").status_code == 404


def test_repeated_failed_logins_lock_the_account_for_a_while(client):
    get_user_model().objects.create_user(username="amira", password=PASSWORD)
    for _ in range(5):
        client.post("/accounts/login/", {"username": "amira", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "amira", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many failed attempts" in locked.content.decode()
