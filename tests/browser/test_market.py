"""The Market page in a real browser: ask for a simulation with a change, watch the progress bar
move (HTMX polling, no inline script), read the figures beside the baseline and both charts.
MATCHWISE_SCREENSHOTS=docs refreshes docs/market-page.png."""

import os
import re

import pytest

from tests.browser.test_journey import CHROMIUM, DOCS, browser, page  # noqa: F401 (fixtures)

assert CHROMIUM
pytestmark = pytest.mark.django_db(transaction=True)


def test_simulate_a_change_and_compare_it_with_the_baseline(page):  # noqa: F811
    page.goto(page.base + "/")
    page.get_by_role("link", name="Market", exact=True).click()
    page.wait_for_url(re.compile(r"/market/$"))
    page.get_by_label("Specialty").select_option("416")
    page.get_by_label("Runs").select_option("20")
    page.get_by_label("Change (optional)").fill("applications*")  # a typo first
    page.get_by_role("button", name="Simulate").click()
    assert "cannot read the change" in page.locator(".has-error .error").inner_text()
    page.get_by_label("Change (optional)").fill("applications+10")
    page.get_by_role("button", name="Simulate").click()
    page.wait_for_url(re.compile(r"/market/\?run=\d+$"))
    # the progress bar, then the results, without reloading the page
    assert page.locator("#market-progress, #market-done").count() == 1
    page.locator("#market-done").wait_for(timeout=180_000)
    assert "20 runs" in page.locator("#market-done").inner_text()
    headers = page.locator("table.market-figures thead th").all_inner_texts()
    assert headers == ["Figure", "baseline", "applications+10", "Change"]
    row = page.locator("table.market-figures tr", has_text="Interviews per position")
    assert "+" in row.locator("td").last.inner_text()  # more applications, more interviews
    assert page.locator("figure.chart svg").count() == 2
    if os.environ.get("MATCHWISE_SCREENSHOTS") == "docs":
        page.locator("#market-status").screenshot(path=str(DOCS / "market-page.png"))
    page.get_by_text("P(match) by number of contiguous ranks, as a table").click()
    assert page.get_by_role("link", name=re.compile(r"416: applications\+10, 20 runs")).count()
    assert page.violations == []
