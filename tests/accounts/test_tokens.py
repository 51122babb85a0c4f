"""API tokens: made once and shown once, scoped to their owner, revocable; CSP on every page."""

import pytest
from django.contrib.auth import get_user_model

from matchwise.accounts.models import ApiToken
from matchwise.programs.services import ensure_catalog
from tests.pick_web.test_pages import GOOD

pytestmark = pytest.mark.django_db


@pytest.fixture
def hosted(settings):
    settings.MATCHWISE_HOSTED = True
    ensure_catalog()


def _user(name):
    return get_user_model().objects.create_user(username=name, password="a-long-passphrase-9")


def test_a_token_is_shown_once_and_only_its_digest_is_kept(client, hosted):
    client.force_login(_user("ana"))
    page = client.post("/accounts/tokens/", {"name": "laptop"}).content.decode()
    token = page.split('id="new-token">')[1].split("<")[0]
    assert token.startswith("mw_") and len(token) > 40
    row = ApiToken.objects.get()
    assert token not in (row.digest, row.hint) and row.hint == token[:9]
    again = client.get("/accounts/tokens/").content.decode()
    assert token not in again and "laptop" in again and row.hint in again


def test_a_script_with_a_token_acts_as_its_owner_and_no_one_else(client, hosted):
    ana, ben = _user("ana"), _user("ben")
    client.force_login(ana)
    client.post("/pick/profile/", GOOD)
    _, token = ApiToken.issue(ana, "script")
    client.logout()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    response = client.get("/api/pick/profile", **auth)
    assert response.status_code == 200 and response.json()["step2_score"] == 245
    # a write needs no CSRF token with a bearer token (scripts have no cookies)
    saved = client.post(
        "/api/pick/plans", {"name": "from a script"}, content_type="application/json", **auth
    )
    assert saved.status_code in (200, 201), saved.content
    assert ApiToken.objects.get().last_used is not None
    _, bens = ApiToken.issue(ben, "other")
    theirs = client.get("/api/pick/plans", HTTP_AUTHORIZATION=f"Bearer {bens}").json()
    assert theirs == [] or all(p["name"] != "from a script" for p in theirs)
    assert client.get("/api/pick/profile", HTTP_AUTHORIZATION="Bearer mw_wrong").status_code == 401


def test_revoking_a_token_locks_the_script_out_and_strangers_cannot_revoke(client, hosted):
    ana, ben = _user("ana"), _user("ben")
    row, token = ApiToken.issue(ana, "script")
    client.force_login(ben)
    assert client.post(f"/accounts/tokens/{row.id}/revoke/").status_code == 404
    assert ApiToken.objects.filter(pk=row.pk).exists()
    client.force_login(ana)
    response = client.post(f"/accounts/tokens/{row.id}/revoke/", follow=True)
    assert "Revoked script" in response.content.decode()
    client.logout()
    assert client.get("/api/pick/plans", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_a_too_long_token_name_is_refused_and_nothing_is_made(client, hosted):
    client.force_login(_user("ana"))
    response = client.post("/accounts/tokens/", {"name": "x" * 81})
    assert response.status_code == 400 and "at most 80 characters" in response.content.decode()
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("url", ["/pick/profile/", "/programs/", "/accounts/login/"])
def test_every_page_carries_a_strict_content_security_policy(client, hosted, url):
    client.force_login(_user("ana"))
    policy = client.get(url)["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy


def test_no_template_has_inline_script_or_style():
    from pathlib import Path

    import matchwise

    root = Path(matchwise.__file__).parent
    for template in root.rglob("*.html"):
        text = template.read_text(encoding="utf-8")
        for bad in (" onclick=", " oninput=", " onchange=", " style=", "<style", "hx-on"):
            assert bad not in text, f"{template.relative_to(root)}: {bad.strip()} breaks the CSP"
        for line in text.splitlines():
            if "<script" in line:
                assert " src=" in line, f"{template.relative_to(root)}: inline <script>"
