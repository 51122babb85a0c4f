"""The app in a real browser (Playwright driving Debian's chromium): a new user completes the
profile, runs a pick, moves the budget, saves the plan, reopens it and exports it; the page
breaks no Content-Security-Policy rule, works from the keyboard and fits a phone.

Without /usr/bin/chromium these tests are skipped, unless MATCHWISE_REQUIRE_BROWSER=1 (CI sets
it) makes a missing browser a failure. MATCHWISE_SCREENSHOTS=docs refreshes docs/pick-page.png.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

from matchwise.pick.models import Plan
from matchwise.programs.services import ensure_catalog

CHROMIUM = "/usr/bin/chromium"
DOCS = Path(__file__).parents[2] / "docs"

if not Path(CHROMIUM).exists():
    if os.environ.get("MATCHWISE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium", pytrace=False)
    pytest.skip(f"{CHROMIUM} is not installed", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")

# Playwright's sync API runs an event loop in this thread; the test's own ORM calls are still
# synchronous and safe (the live server answers from its own thread).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    ensure_catalog()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.violations = []
    page.on(
        "console",
        lambda m: page.violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.base = live_server.url
    yield page
    context.close()


def _p_match(page):
    return page.locator("#summary").inner_text()


def _complete_profile(page):
    page.goto(page.base + "/")
    assert page.url.endswith("/pick/profile/"), "a new user starts at the profile"
    page.get_by_label("Applicant type").select_option("non_us_img")
    page.get_by_label("Graduation year").fill("2022")
    page.get_by_label("Step 2 CK score").fill("400")  # a typo first: the form must say so
    page.get_by_label("Visa you need").select_option("J-1")
    page.get_by_label("Hands-on US clinical experience (months)").fill("4")
    page.get_by_label("Letters from US IR/DR faculty").fill("1")
    page.get_by_label("Peer-reviewed publications").fill("3")
    page.get_by_label("States with a connection").fill("NY")
    page.get_by_role("button", name="Save and see my list").click()
    error = page.locator(".has-error .error")
    assert "300" in error.first.inner_text(), "the score's problem is shown next to it"
    assert page.get_by_label("Peer-reviewed publications").input_value() == "3", "nothing lost"
    page.get_by_label("Step 2 CK score").fill("245")
    page.get_by_role("button", name="Save and see my list").click()
    errors = page.locator(".error").all_inner_texts()
    assert not errors, errors
    page.wait_for_url(re.compile(r"/pick/$"))


def test_a_new_user_from_profile_to_an_exported_plan(page, tmp_path):
    _complete_profile(page)
    assert page.locator("table.responsive tbody tr").count() > 5
    assert "90% interval" in _p_match(page)
    # moving the budget recomputes the list in place (HTMX), and the URL keeps the setting
    before = page.locator("table.responsive tbody tr").count()
    with page.expect_response(re.compile(r"/pick/\?.*budget=150")):
        page.locator("#budget").fill("150")
    page.wait_for_function(
        "n => document.querySelectorAll('table.responsive tbody tr').length < n", arg=before
    )
    assert page.locator("#budget-out").inner_text() == "150"
    fees = re.search(r"ERAS fees \$(\d+)", page.locator("#results").inner_text())
    assert fees and int(fees.group(1)) <= 150
    assert "budget=150" in page.url
    page.screenshot(path=str(tmp_path / "pick-page.png"), full_page=False)
    if os.environ.get("MATCHWISE_SCREENSHOTS") == "docs":
        shutil.copy(tmp_path / "pick-page.png", DOCS / "pick-page.png")
    # save, reopen from the list of plans, export
    page.get_by_label("Plan name").fill("Lean, $150")
    page.get_by_role("button", name="Save this plan").click()
    page.wait_for_url(re.compile(r"/pick/plans/\d+/$"))
    saved = _p_match(page)
    page.get_by_role("link", name="Plans", exact=True).click()
    page.get_by_role("link", name="Lean, $150").click()
    assert _p_match(page) == saved, "a plan reopens exactly as computed"
    plan = Plan.objects.get(name="Lean, $150")
    assert plan.result["cost_usd"] <= 150
    for label, suffix in (("CSV", ".csv"), ("PDF (printable)", ".pdf")):
        with page.expect_download() as download:
            page.get_by_role("link", name=label).click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        assert path.suffix == suffix and path.stat().st_size > 500
    assert path.read_bytes().startswith(b"%PDF-")
    assert page.violations == [], "the Content-Security-Policy was broken"


def test_the_budget_moves_from_the_keyboard_and_the_page_fits_a_phone(page):
    _complete_profile(page)
    page.goto(page.base + "/pick/?budget=300")
    page.locator("#budget").focus()
    with page.expect_response(re.compile(r"/pick/\?.*budget=325")):
        page.keyboard.press("ArrowRight")
    assert page.locator("#budget-out").inner_text() == "325"
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    wide = page.evaluate(  # what sticks out, to say in the failure
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > window.innerWidth + 1 && !e.closest('table:not(.responsive), figure'))"
        ".slice(0, 5).map(e => e.tagName + '.' + e.className)"
    )
    assert overflow <= 1, f"the page is {overflow}px wider than a phone screen: {wide}"
    assert page.violations == []


def test_programs_filter_and_a_note_in_the_browser(page):
    _complete_profile(page)
    page.goto(page.base + "/programs/")
    total = int(re.search(r"(\d+) programs", page.locator("#count").inner_text()).group(1))
    with page.expect_response(re.compile(r"/programs/\?.*fits=on")):
        page.get_by_label("Only programs my profile passes").check()
    page.wait_for_function(
        "n => !document.querySelector('#count').innerText.startsWith(n + ' ')", arg=str(total)
    )
    fitting = int(re.search(r"(\d+) program", page.locator("#count").inner_text()).group(1))
    assert 0 < fitting < total
    page.locator("table.responsive tbody a").first.click()
    page.get_by_label("Your interest").select_option(label="top choice")
    notes = page.get_by_role("textbox", name="Your notes")
    notes.fill("Met a fellow at SIR; ask about the IR/DR split")
    page.get_by_role("button", name="Save note").click()
    assert page.get_by_text("Your note is saved.").is_visible()
    assert page.get_by_role("textbox", name="Your notes").input_value().startswith("Met a fellow")
    assert page.violations == []
