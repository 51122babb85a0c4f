"""Network in a real browser: add a contact met at a conference, see them due five days later,
log the follow-up, draft an email and fix what the checker flags."""

import re
from datetime import date, timedelta

import pytest

from matchwise.network import services
from matchwise.network.models import InteractionRow
from tests.browser.test_journey import CHROMIUM, browser, page  # noqa: F401 (fixtures)

assert CHROMIUM
pytestmark = pytest.mark.django_db(transaction=True)


def test_a_conference_contact_from_meeting_to_a_checked_email(page, monkeypatch):  # noqa: F811
    today = date.today()
    page.goto(page.base + "/network/")
    page.get_by_role("link", name="+ Add a contact").click()
    page.get_by_label("Name", exact=True).fill("Ana Rao")
    page.get_by_label("Title").fill("Dr.")
    page.get_by_label("Role").select_option("faculty")
    page.get_by_label("Institution").fill("Lakeside University")
    page.get_by_label("Email").fill("ana.rao@example.org")
    page.get_by_label("Their work").fill("the PAE trial for benign prostatic hyperplasia")
    page.get_by_label("How you met", exact=True).fill("SIR 2027 poster hall")
    # the conversation itself, logged in the same step
    page.locator("#id_first-channel").select_option("conference")
    page.locator("#id_first-summary").fill("Talked about PAE outcomes and her research group")
    page.get_by_role("button", name="Add contact").click()
    page.wait_for_url(re.compile(r"/network/contacts/\d+/$"))
    assert "Added Ana Rao" in page.content()
    assert "3 to 7 days after meeting" in page.locator("#next-h + p, .callout").first.inner_text()

    # five days later she is due, with the reason and what was said
    monkeypatch.setattr(services, "today", lambda: today + timedelta(days=5))
    page.goto(page.base + "/network/due/")
    card = page.locator("article.due", has_text="Ana Rao")
    assert "follow up after the conference" in card.inner_text()
    assert "Talked about PAE outcomes" in card.inner_text()
    card.get_by_label("What you said").fill("Thanked her and asked about joining the PAE study")
    card.get_by_role("button", name="Log follow-up").click()
    page.wait_for_url(re.compile(r"/network/due/$"))
    assert "Logged your email with Ana Rao" in page.content()
    assert not page.locator("article.due", has_text="Ana Rao").count()
    assert InteractionRow.objects.filter(contact__name="Ana Rao").count() == 2

    # a message: start badly, see the checker's findings, fix them
    page.get_by_role("link", name="Ana Rao").first.click()
    page.get_by_role("link", name="Draft a message").click()
    page.get_by_label("Subject").fill("Hello")
    with page.expect_response(re.compile(r"/draft/$")):
        page.get_by_label("Message").fill(
            "Dear Sir/Madam, I will do anything for a position. Please find my CV attached."
        )
    review = page.locator("#review")
    for flagged in ("Dear Sir/Madam", "I will do anything", "attach"):
        assert flagged.lower() in review.inner_text().lower(), flagged
    assert "Fix the problems above" in review.inner_text()

    page.get_by_role("link", name=re.compile("follow-up after a conference", re.I)).click()
    body = page.get_by_label("Message").input_value()
    assert "Dear Dr. Ana Rao" in body
    fixed = re.sub(r"\[fill in: [^\]]*\]", "Sam Okafor", body)
    with page.expect_response(re.compile(r"/draft/$")):
        page.get_by_label("Message").fill(fixed)
    assert "Fix the problems above" not in review.inner_text()
    assert review.locator(".finding-problem").count() == 0
    mailto = page.locator("#mailto").get_attribute("href")
    assert mailto.startswith("mailto:ana.rao@example.org?")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download as an unsent draft (.eml)").click()
    assert download.value.suggested_filename.endswith(".eml")
    assert page.violations == []
