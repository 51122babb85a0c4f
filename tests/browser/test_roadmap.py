"""The Roadmap in a real browser: choose a cycle and pathways, make the plan, complete a
milestone, add letters, then see the agenda and the readiness gap change.
MATCHWISE_SCREENSHOTS=docs refreshes docs/roadmap-page.png."""

import os
import re
from datetime import timedelta

import pytest

from matchwise.accounts.middleware import local_user
from matchwise.pick.service import load_profile
from matchwise.pick.web import save_profile
from matchwise.roadmap.services import today_for
from tests.browser.test_journey import CHROMIUM, DOCS, browser, page  # noqa: F401 (fixtures)

assert CHROMIUM
pytestmark = pytest.mark.django_db(transaction=True)


def _letters_row(tab):
    return tab.locator("#gap-letters").inner_text()


def test_plan_complete_a_milestone_add_letters_see_agenda_and_readiness(page):  # noqa: F811
    user = local_user()
    save_profile(user, load_profile(None).model_copy(update={"us_ir_dr_letters": 0}))

    page.goto(page.base + "/")
    assert page.get_by_role("heading", name="This week").is_visible()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Roadmap").click()
    page.get_by_label("Target Match").select_option("2028")
    for name, wanted in (
        ("IR-Independent (its own match, June)", False),
        ("IR-Integrated (NRMP Main Match)", True),
        ("DR + ESIR (NRMP Main Match)", True),
    ):
        page.get_by_role("checkbox", name=name, exact=True).set_checked(wanted)
    page.get_by_label("Time zone").fill("Asia/Kolkata")
    page.get_by_role("button", name="Make my plan").click()
    page.wait_for_url(re.compile(r"/roadmap/$"))
    assert "milestones added" in page.locator("ul.messages").inner_text()
    assert page.locator("figure.chart svg").count() == 1
    if os.environ.get("MATCHWISE_SCREENSHOTS") == "docs":
        page.screenshot(path=str(DOCS / "roadmap-page.png"), full_page=False)

    row = page.locator("tr", has_text="Join the Society of Interventional Radiology")
    row.get_by_label(re.compile("Status of")).select_option("done")
    row.get_by_role("button", name="Set").click()
    assert "done" in page.locator("ul.messages").inner_text()
    row = page.locator("tr", has_text="Join the Society of Interventional Radiology")
    assert row.get_by_label(re.compile("Status of")).input_value() == "done"
    assert re.search(r"1 of \d+ done", page.content())

    page.get_by_role("link", name="Readiness").first.click()
    assert _letters_row(page).split("\t")[1].startswith("0")

    page.get_by_role("link", name="Letters").first.click()
    today = today_for(user)
    for writer, status, asked, agreed in (
        ("Dr. Ana Rao", "agreed", today - timedelta(days=10), today - timedelta(days=8)),
        ("Dr. Ben Cole", "asked", today - timedelta(days=20), None),
    ):
        page.get_by_label("Writer", exact=True).fill(writer)
        page.get_by_label("Specialty").select_option("ir")
        page.get_by_label("Status").select_option(status)
        page.get_by_label("Asked on").fill(asked.isoformat())
        if agreed:
            page.get_by_label("Agreed on").fill(agreed.isoformat())
        page.get_by_role("button", name="Add letter").click()
        page.wait_for_url(re.compile(r"/roadmap/letters/$"))
    goal = page.locator("#letter-goal").inner_text()
    assert "1 of 2 to 3 strong letters" in goal and "1 asked" in goal

    page.get_by_role("navigation", name="Main").get_by_role("link", name="This week").click()
    agenda = page.locator("table.agenda").inner_text()
    assert "follow up with Dr. Ben Cole: asked 20 days ago" in agenda
    assert "overdue" in agenda  # the 2028 plan's early research steps are past

    page.get_by_role("link", name=re.compile("Every benchmark")).click()
    letters = _letters_row(page)
    assert letters.split("\t")[1].startswith("1")  # from the letters now, not the profile
    assert "P(match" in letters
    assert page.violations == []
