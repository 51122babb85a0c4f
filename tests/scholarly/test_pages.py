"""Scholarly pages: an output's form, the portfolio's checks and benchmarks, projects driving
Network's update rhythm, importing a reference manager's file, exports, the API; and Pick reading
the research counts from the portfolio."""

import io
import json
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from matchwise.accounts.middleware import local_user
from matchwise.engine.network.contacts import Contact
from matchwise.network import services as network
from matchwise.programs.services import ensure_catalog
from matchwise.scholarly import services
from matchwise.scholarly.models import NameVariant, OutputRow
from tests.formats.pick.test_plan_pdf import text_of
from tests.pick_web.test_pages import GOOD

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parents[1] / "fixtures" / "scholarly"
PAPER = {
    "type": "case_report", "title": "Y-90 radioembolization in a Jehovah's Witness",
    "authors": "Rao AK; Okafor S", "my_position": 2, "status": "published", "venue": "CVIR",
    "venue_kind": "journal", "year": 2026, "peer_reviewed": "on",
    "topics": ["interventional_oncology"], "my_role": "data collection, first draft",
}  # fmt: skip


@pytest.fixture(autouse=True)
def catalog():
    ensure_catalog()


def _docx_text(data):
    return "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)


def _upload(name):
    return SimpleUploadedFile(name, (FIXTURES / name).read_bytes())


def test_an_output_is_added_and_its_status_changes_are_dated(client, monkeypatch):
    bad = client.post("/scholarly/new/", {**PAPER, "doi": "not a doi", "my_position": 5})
    text = bad.content.decode()
    assert bad.status_code == 400 and "is not a DOI" in text
    assert not OutputRow.objects.exists()
    monkeypatch.setattr(services, "today", lambda: date(2026, 3, 1))
    created = client.post("/scholarly/new/", {**PAPER, "status": "submitted"})
    assert created.status_code == 302
    row = OutputRow.objects.get()
    monkeypatch.setattr(services, "today", lambda: date(2026, 6, 1))
    client.post(f"/scholarly/outputs/{row.id}/", {**PAPER, "doi": "10.1007/s00270-026-0001-2"})
    history = [(c.status.value, c.on) for c in OutputRow.objects.get().to_output().history]
    assert history == [("submitted", date(2026, 3, 1)), ("published", date(2026, 6, 1))]
    page = client.get(f"/scholarly/outputs/{row.id}/").content.decode()
    assert "submitted 2026-03-01 → published 2026-06-01" in page


def field_html(page: str, name: str) -> str:
    """The form's <div class="field"> that holds the input ``name``."""
    (found,) = [part for part in page.split('<div class="field') if f'name="{name}"' in part]
    return found.split("</div>")[0]


def test_a_month_13_is_refused_beside_the_month_field(client):
    bad = client.post("/scholarly/new/", {**PAPER, "month": 13})
    assert bad.status_code == 400
    field = field_html(bad.content.decode(), "month")
    assert field.startswith(' has-error"')
    assert "Month 13 is not a month: choose January to December, or (not known)." in field
    no_year = client.post("/scholarly/new/", {**PAPER, "year": "", "month": 3})
    assert "month 3 has no year: give the year too" in field_html(no_year.content.decode(), "month")
    assert not OutputRow.objects.exists()


def test_the_month_is_kept_shown_and_given_to_eras(client):
    client.post("/scholarly/new/", {**PAPER, "month": 3, "doi": "10.1007/s00270-026-0001-2"})
    row = OutputRow.objects.get()
    assert (row.month, row.to_output().month) == (3, 3)
    form = client.get(f"/scholarly/outputs/{row.id}/").content.decode()
    assert '<option value="3" selected>March</option>' in field_html(form, "month")
    assert "CVIR March 2026" in client.get("/scholarly/").content.decode()
    assert "Date (month/year): 03/2026" in client.get("/scholarly/export.eras").content.decode()
    client.post(f"/scholarly/outputs/{row.id}/", {**PAPER, "month": ""})
    assert OutputRow.objects.get().to_output().month is None


def test_the_portfolio_lists_a_years_dated_items_newest_month_first(client):
    for title, month in (("No month", ""), ("February", 2), ("October", 10)):
        client.post("/scholarly/new/", {**PAPER, "title": title, "month": month})
    assert [r.title for r in services.outputs_of(local_user())] == [
        "October",
        "February",
        "No month",
    ]


def test_the_portfolio_shows_benchmarks_with_sources_and_flags_what_to_fix(client):
    client.post("/scholarly/new/", PAPER)  # published without DOI, PMID or URL
    client.post("/scholarly/new/", {**PAPER, "title": "An idea", "status": "idea", "my_role": ""})
    page = client.get("/scholarly/").content.decode()
    assert "Against the benchmarks" in page and "Source" in page
    assert "published but no DOI, PubMed id or URL" in page
    assert "your role is empty: say what you did" in page
    assert "3 to look at, 2 to fix" in page  # and ERAS takes no idea yet
    assert "<svg" in page  # the IR story chart


def test_a_project_makes_its_mentor_due_for_updates(client):
    mentor = network.save_contact(local_user(), Contact(name="Dr. Rao", relationship="mentor"))
    response = client.post("/scholarly/projects/", {"name": "Y-90 registry", "mentor": mentor.id,
                                                     "active": "on"})  # fmt: skip
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.project == "Y-90 registry"
    project = services.projects_of(local_user()).get()
    client.post(f"/scholarly/projects/{project.id}/toggle/")
    mentor.refresh_from_db()
    assert mentor.project == ""


def test_import_a_zotero_bibtex_file_with_the_applicants_name(client):
    page = client.post("/scholarly/import/", {"file": _upload("zotero.bib"), "me": "Okafor S"})
    assert page.status_code == 200, page.content.decode()[-3000:]
    assert OutputRow.objects.count() == 0  # a preview
    client.post("/scholarly/import/", {"step": "confirm"})
    rows = list(OutputRow.objects.all())
    assert len(rows) >= 3
    assert all(r.to_output().my_position for r in rows)  # the applicant found in every item
    assert list(NameVariant.objects.values_list("text", flat=True)) == ["Okafor S"]
    again = client.post("/scholarly/import/", {"file": _upload("zotero.bib"), "me": "Okafor S"})
    assert "already in your portfolio" in again.content.decode()
    client.post("/scholarly/import/", {"step": "confirm"})
    assert OutputRow.objects.count() == len(rows)  # duplicates skipped unless merged


def test_a_broken_file_is_refused_whole(client):
    page = client.post("/scholarly/import/", {"file": _upload("broken.bib"), "me": "Okafor S"})
    assert page.status_code == 400 and "nothing was imported" in page.content.decode()
    assert not OutputRow.objects.exists()


@pytest.mark.parametrize(
    ("fmt", "check"),
    [
        ("eras", lambda data: b"*" in data),
        ("eras-json", lambda data: "entries" in json.loads(data)),
        ("ama", lambda data: b"J Vasc Interv Radiol" in data or b"1." in data),
        ("cv-pdf", lambda data: "Okafor" in text_of(data)),
        (
            "cv-docx",
            lambda data: (
                "Okafor" in "\n".join(p.text for p in Document(io.BytesIO(data)).paragraphs)
            ),
        ),
        ("csv", lambda data: b"title" in data),
        ("xlsx", lambda data: data.startswith(b"PK")),
        ("bibtex", lambda data: data.strip().startswith(b"@")),
        ("csl-json", lambda data: isinstance(json.loads(data), list)),
    ],
)
def test_every_export(client, fmt, check):
    client.post("/scholarly/import/", {"file": _upload("zotero.bib"), "me": "Okafor S"})
    client.post("/scholarly/import/", {"step": "confirm"})
    response = client.get(f"/scholarly/export.{fmt}")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert check(response.content), fmt


def test_bibtex_exported_reads_back_as_the_same_items(client):
    client.post("/scholarly/import/", {"file": _upload("zotero.bib"), "me": "Okafor S"})
    client.post("/scholarly/import/", {"step": "confirm"})
    bib = client.get("/scholarly/export.bibtex").content
    upload = SimpleUploadedFile("back.bib", bib)
    page = client.post("/scholarly/import/", {"file": upload, "me": "Okafor S"}).content.decode()
    count = OutputRow.objects.count()
    assert f"0 new, {count} already in your portfolio" in page


def test_pick_reads_research_counts_from_the_portfolio(client):
    from matchwise.pick.web import applicant_of

    client.post("/pick/profile/", {**GOOD, "peer_reviewed_publications": 9})
    assert applicant_of(local_user()).peer_reviewed_publications == 9  # typed, no portfolio
    client.post("/scholarly/new/", {**PAPER, "doi": "10.1007/s00270-026-0001-2"})
    profile = applicant_of(local_user())
    assert (profile.peer_reviewed_publications, profile.ir_publications) == (1, 1)


def test_the_api_lists_reviews_and_refuses_bad_input(client):
    made = client.post("/api/scholarly/outputs", {"type": "poster", "title": "TACE vs TARE",
                       "status": "presented", "my_role": "analysis"},
                       content_type="application/json")  # fmt: skip
    assert made.status_code == 200, made.content
    bad = client.post("/api/scholarly/outputs", {"type": "poster", "title": "x", "pmid": "abc"},
                      content_type="application/json")  # fmt: skip
    assert bad.status_code == 400 and "pmid" in bad.json()["detail"]
    month = client.post("/api/scholarly/outputs", {"type": "poster", "title": "x", "year": 2026,
                        "month": 13}, content_type="application/json")  # fmt: skip
    assert month.status_code == 400
    detail = month.json()["detail"]
    assert "month: month must be from 1 (January) to 12 (December), not 13" in detail
    assert client.get(f"/api/scholarly/outputs/{made.json()['id']}").json()["month"] is None
    review = client.get("/api/scholarly/review").json()
    assert review["counts"]["presentations"] == 1 and review["benchmarks"]
    assert client.get("/api/scholarly/eras?season=1999").status_code == 400
