"""Importing contacts through the page (preview, duplicates merged only with consent, all or
nothing) and exporting them; the same services the CLI uses."""

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from matchwise.accounts.middleware import local_user
from matchwise.engine.network.contacts import Contact, Interaction
from matchwise.network import imports, services
from matchwise.network.models import ContactRow

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).parents[1] / "fixtures" / "network"
MAPPING = (
    "Full Name=name,Job=position,Hospital=institution,E-mail=email,Mobile=phone,Labels=tags,"
    "Programs=program_codes,Met=met_on,Mentor type=mentor_kinds,Status=relationship,"
    "My notes=notes"
)


def _upload(name, content=None):
    data = content if content is not None else (FIXTURES / name).read_bytes()
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_a_linkedin_export_previews_then_imports_with_the_connection_date_as_met(client):
    linkedin = "https://linkedin.com/in/ana-rao-ir/"
    services.save_contact(local_user(), Contact(name="Ana Rao", linkedin=linkedin, title="Dr."))
    page = client.post("/network/import/", {"file": _upload("Connections.csv")})
    text = page.content.decode()
    assert page.status_code == 200 and "already in your contacts" in text
    assert ContactRow.objects.count() == 1  # the preview writes nothing
    confirm = client.post("/network/import/", {"step": "confirm", "dup-0": "merge"})
    assert confirm.status_code == 302
    ana = ContactRow.objects.get(name="Ana Rao")
    assert ana.title == "Dr." and ana.position == "Associate Program Director"
    assert ana.institution == "Memorial Hospital, Inc."
    jose = ContactRow.objects.get(name="José Müller")
    assert jose.met_on == date(2025, 1, 3) and jose.how_met == "LinkedIn"
    assert services.follow_ups(local_user(), on=date(2025, 6, 1))  # the count has a start
    assert "José Müller" in client.get("/network/contacts/").content.decode()


def test_a_duplicate_is_skipped_unless_the_user_chooses(client):
    hospital = "Memorial Hospital, Inc."
    services.save_contact(local_user(), Contact(name="Ana Rao", institution=hospital))
    client.post("/network/import/", {"file": _upload("Connections.csv")})
    client.post("/network/import/", {"step": "confirm"})
    assert ContactRow.objects.filter(name="Ana Rao").count() == 1
    assert ContactRow.objects.get(name="Ana Rao").position == ""  # not merged


def test_a_broken_file_lists_every_problem_and_imports_nothing(client):
    page = client.post("/network/import/", {"file": _upload("broken.csv")})
    text = page.content.decode()
    assert page.status_code == 400 and "nothing was imported" in text
    assert "row" in text and "email" in text.lower()
    assert not ContactRow.objects.exists()
    asked = {"file": _upload("broken.csv"), "skip_bad_rows": "on"}
    skipped = client.post("/network/import/", asked)
    assert skipped.status_code == 200 and "Skipped rows" in skipped.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("big.csv", b"x" * (6 * 1024 * 1024), "at most 5 MB"),
        ("contacts.pdf", b"%PDF", ".vcf"),
        ("empty.vcf", b"", "empty"),
    ],
)
def test_wrong_files_are_refused_in_words(client, name, content, message):
    page = client.post("/network/import/", {"file": _upload(name, content)})
    assert page.status_code == 400 and message in page.content.decode()
    assert not ContactRow.objects.exists()


def test_the_confirmation_without_a_preview_says_so(client):
    response = client.post("/network/import/", {"step": "confirm"}, follow=True)
    assert "expired" in response.content.decode()


def test_vcards_import_and_exports_read_back(client, tmp_path):
    for name in ("contacts-3.0.vcf", "contacts-4.0.vcf"):
        assert client.post("/network/import/", {"file": _upload(name)}).status_code == 200
        client.post("/network/import/", {"step": "confirm"})
    count = ContactRow.objects.count()
    assert count >= 4
    user = local_user()
    row = ContactRow.objects.first()
    evil = Interaction(on=date(2026, 5, 1), channel="email", summary="=HYPERLINK(evil)")
    services.add_interaction(user, row, evil)
    sheet = client.get("/network/export.csv")
    rows = list(csv.DictReader(io.StringIO(sheet.content.decode("utf-8-sig"))))
    assert len(rows) == count
    book = load_workbook(io.BytesIO(client.get("/network/export.xlsx").content))
    assert book.active.max_row == count + 1
    path = tmp_path / "back.vcf"
    path.write_bytes(client.get("/network/export.vcf").content)
    again = imports.preview_import(user, path)
    assert len(again.duplicates) == count and not again.new  # every one is recognised
    interactions = client.get("/network/interactions.csv").content.decode("utf-8-sig")
    assert "'=HYPERLINK(evil)" in interactions  # neutralised for spreadsheets
    assert client.get("/network/export.doc").status_code == 404


def test_a_spreadsheet_with_its_own_column_names_needs_a_mapping(client):
    refused = client.post("/network/import/", {"file": _upload("my-contacts.csv")})
    assert refused.status_code == 400 and "Full Name" in refused.content.decode()
    mapped = {"file": _upload("my-contacts.csv"), "mapping": MAPPING}
    assert client.post("/network/import/", mapped).status_code == 200
    client.post("/network/import/", {"step": "confirm"})
    ana = ContactRow.objects.get(name="Dr. Ana Rao")
    assert ana.program_codes == ["1234416C0", "1234420C0"] and ana.relationship == "mentor"
