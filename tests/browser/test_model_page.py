"""The "How good are these numbers?" page in a real browser: reached from the Pick page, its
tables and chart readable, no script blocked."""

import re

import pytest

from tests.browser.test_journey import CHROMIUM, browser, page  # noqa: F401 (fixtures)

assert CHROMIUM
pytestmark = pytest.mark.django_db(transaction=True)


def test_read_how_good_the_numbers_are(page):  # noqa: F811
    page.goto(page.base + "/")
    page.get_by_role("link", name="How good are these numbers?").first.click()
    page.wait_for_url(re.compile(r"/pick/model/$"))
    heading = page.get_by_role("heading", name=re.compile(r"Predicting what it did not see"))
    assert re.search(r"\d+ of \d+ inside", heading.inner_text())
    rows = page.locator("#loo-table tbody tr")
    assert rows.count() > 10
    first = rows.first.locator("td").all_inner_texts()
    assert first[4] in ("yes", "no") and " to " in first[3]
    assert page.locator("figure.chart svg").count() == 1
    assert page.locator("#ranks-table tbody tr").count() == 20
    assert page.violations == []
