"""Scholarly in a real browser: import a BibTeX file, fix what the honesty checks flag, export
the ERAS entries and the PDF CV (and read the PDF's text)."""

import re
from pathlib import Path

import pytest

from tests.browser.test_journey import CHROMIUM, browser, page  # noqa: F401 (fixtures)
from tests.formats.pick.test_plan_pdf import text_of

assert CHROMIUM
pytestmark = pytest.mark.django_db(transaction=True)
ZOTERO = Path(__file__).parents[1] / "fixtures" / "scholarly" / "zotero.bib"


def test_import_fix_the_checks_and_export(page, tmp_path):  # noqa: F811
    page.goto(page.base + "/scholarly/")
    page.get_by_role("link", name="Import", exact=True).first.click()
    page.get_by_label("Reference file").set_input_files(str(ZOTERO))
    page.get_by_label("Your name as author lists write it").fill("Okafor S")
    page.get_by_role("button", name="Check the file").click()
    assert "4 new, 0 already in your portfolio" in page.content()
    page.get_by_role("button", name="Import").click()
    page.wait_for_url(re.compile(r"/scholarly/$"))
    checks = page.locator("#checks-h").inner_text()
    assert "to fix" in checks

    # the chapter: published with no identifier and not marked peer reviewed
    page.get_by_role("link", name=re.compile("Transarterial chemoembolization")).click()
    page.get_by_label("DOI").fill("10.1007/978-3-030-12345-6_9")
    page.get_by_label("Peer reviewed").check()
    page.get_by_label("Your own role, in words").fill("wrote the section on dosimetry")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/scholarly/$"))
    # every other item: say what you did; the abstract is an ERAS problem until it is fixed
    for title in ("Prostatic artery embolization", "Cone-beam CT guidance"):
        page.get_by_role("link", name=re.compile(title)).click()
        page.get_by_label("Your own role, in words").fill("data collection and first draft")
        page.get_by_role("button", name="Save").click()
        page.wait_for_url(re.compile(r"/scholarly/$"))
    page.get_by_role("link", name=re.compile("Radial versus femoral")).click()
    page.get_by_label("Type").select_option("poster")
    page.get_by_label("Your own role, in words").fill("collected the data, made the poster")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/scholarly/$"))
    assert "nothing to fix" in page.locator("#checks-h").inner_text()

    page.get_by_role("link", name="ERAS, CV and exports").click()
    assert "Okafor S" in page.locator(".eras-entry").first.inner_text()
    with page.expect_download() as eras:
        page.get_by_role("link", name="ERAS entries as text").click()
    eras_path = tmp_path / "eras.txt"
    eras.value.save_as(eras_path)
    assert "*Okafor SO*" in eras_path.read_text(encoding="utf-8")
    with page.expect_download() as cv:
        page.get_by_role("link", name="CV as PDF").click()
    cv_path = tmp_path / "cv.pdf"
    cv.value.save_as(cv_path)
    text = text_of(cv_path.read_bytes())
    assert "Prostatic artery embolization" in text and "Okafor" in text
    assert page.violations == []
