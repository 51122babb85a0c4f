"""Plans: save, reopen exactly as computed, compare, export; only ever your own."""

import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook

from matchwise.formats.pick.results import result_from_dict
from matchwise.pick.models import Plan
from matchwise.programs.services import ensure_catalog, replace_catalog
from tests.formats.pick.test_plan_pdf import text_of
from tests.pick_web.test_pages import GOOD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def profile(client):
    ensure_catalog()
    client.post("/pick/profile/", GOOD)


def save(client, **controls):
    data = {"name": "test plan", "budget": "", "max": "", "objective": "", "signals": "on"}
    data.update(controls)
    response = client.post("/pick/plans/save/", data)
    assert response.status_code == 302
    return Plan.objects.latest("id")


def test_a_saved_plan_reopens_exactly_as_computed_even_after_the_catalog_changes(client):
    plan = save(client, budget="400", name="$400")
    before = client.get(f"/pick/plans/{plan.id}/").content.decode()
    assert "$400" in before and plan.parameter_version in before
    replace_catalog([])  # the catalog goes away; the plan must not change
    after = client.get(f"/pick/plans/{plan.id}/").content.decode()
    token = re.compile(r'"X-CSRFToken": "[^"]*"')  # masked anew on every response
    assert token.sub("", after) == token.sub("", before)
    result = result_from_dict(plan.result)
    assert result.cost_usd <= 400


def test_the_plans_list_and_compare(client):
    a = save(client, budget="200", name="small")
    b = save(client, budget="900", name="large")
    listing = client.get("/pick/plans/").content.decode()
    assert "small" in listing and "large" in listing
    page = client.get(f"/pick/plans/compare/?plan={a.id}&plan={b.id}").content.decode()
    assert "Only in large" in page and "P(match)" in page


def test_exports(client):
    plan = save(client, budget="300")
    response = client.get(f"/pick/plans/{plan.id}/export.csv")
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == len(plan.result["programs"])
    xlsx = client.get(f"/pick/plans/{plan.id}/export.xlsx")
    book = load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames == ["List", "Totals", "Filtered"]
    pdf = client.get(f"/pick/plans/{plan.id}/export.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF-")
    assert pdf["Content-Disposition"] == f'attachment; filename="matchwise-plan-{plan.id}.pdf"'
    assert plan.result["programs"][0]["code"] in text_of(pdf.content)
    assert client.get(f"/pick/plans/{plan.id}/export.doc").status_code == 404


def test_another_users_plans_are_invisible(client):
    plan = save(client)
    stranger = get_user_model().objects.create_user(username="stranger", password="x" * 12)
    client.force_login(stranger)
    for url in (
        f"/pick/plans/{plan.id}/",
        f"/pick/plans/{plan.id}/export.csv",
        f"/pick/plans/{plan.id}/export.pdf",
        f"/pick/plans/compare/?plan={plan.id}&plan={plan.id}",
    ):
        assert client.get(url).status_code == 404, url
    assert "test plan" not in client.get("/pick/plans/").content.decode()


def test_saving_needs_a_post(client):
    assert client.get("/pick/plans/save/").status_code == 405
