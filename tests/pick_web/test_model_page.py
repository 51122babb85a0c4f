"""The "How good are these numbers?" page: the shipped calibration's validation, readable by
anyone, linked from the navigation and the Pick page."""

import pytest

from matchwise.formats.pick.parameters import read_calibration_record
from matchwise.programs.services import ensure_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def catalog():
    ensure_catalog()


def test_the_page_shows_the_held_out_figures_the_check_and_the_chart(client):
    page = client.get("/pick/model/").content.decode()
    record = read_calibration_record()["validation"]
    loo, ppc = record["leave_one_out"], record["posterior_predictive"]
    assert "How good are these numbers?" in page
    assert f"Predicting what it did not see: {loo['inside']} of {loo['targets']} inside" in page
    assert f"Reproducing what it was fitted to: {ppc['inside']} of {ppc['targets']} inside" in page
    for check in loo["checks"]:
        assert check["name"] in page
    assert page.count("<tr>") >= len(loo["checks"]) + len(ppc["checks"]) + 20
    assert "<svg" in page  # the ranks chart, drawn on the server
    assert "Lakhani et al., JACR 2024" in page  # sources shown beside the figures


def test_the_page_is_in_the_navigation_and_linked_from_the_pick_page(client):
    home = client.get("/pick/profile/").content.decode()
    assert 'href="/pick/model/"' in home
    client.post("/pick/profile/", {
        "applicant_type": "us_md_senior", "match_year": 2027, "graduation_year": 2027,
        "exam_attempts": 1, "ecfmg": "not_needed", "visa_need": "none", "step2_score": 250,
        "usce_hands_on_months": 0, "usce_observership_months": 0, "usce_ir_months": 0,
        "us_ir_dr_letters": 2, "us_other_letters": 1, "peer_reviewed_publications": 1,
        "first_author_publications": 0, "ir_publications": 0, "presentations": 0,
        "specialties": ["420"],
    })  # fmt: skip
    pick = client.get("/pick/?budget=300").content.decode()
    assert 'href="/pick/model/"' in pick
