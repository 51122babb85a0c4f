"""Importing a catalog through the page and the API: staff only in hosted mode, all or nothing,
every problem listed, bad rows skipped only when asked, size and type refused in words."""

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from matchwise.formats.pick.catalog import write_catalog
from matchwise.programs.models import ProgramRecord
from matchwise.programs.services import all_programs, ensure_catalog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo():
    ensure_catalog()


@pytest.fixture
def good_csv(tmp_path):
    path = tmp_path / "mine.csv"
    write_catalog(all_programs()[:30], path)
    return path.read_bytes()


def _upload(name, content):
    return SimpleUploadedFile(name, content, content_type="application/octet-stream")


def _codes():
    return sorted(ProgramRecord.objects.values_list("code", flat=True))


def test_a_good_file_replaces_the_catalog(client, good_csv):
    response = client.post("/programs/import/", {"file": _upload("mine.csv", good_csv)})
    assert response.status_code == 302
    assert ProgramRecord.objects.count() == 30
    assert "now holds the 30 programs of mine.csv" in client.get("/programs/").content.decode()


def test_a_malformed_file_lists_every_problem_and_changes_nothing(client, good_csv):
    before = _codes()
    lines = good_csv.decode().splitlines()
    header = lines[0].split(",")
    step2 = header.index("median_step2")
    bad = lines[1].split(",")
    bad[step2] = "two hundred"
    broken = "\n".join([lines[0], ",".join(bad), *lines[2:], lines[3]]).encode()  # + a duplicate
    response = client.post("/programs/import/", {"file": _upload("mine.csv", broken)})
    text = response.content.decode()
    assert response.status_code == 400 and "nothing was imported" in text
    assert "row 2, column &quot;median_step2&quot;" in text and "two hundred" in text
    assert "a unique code; row" in text
    assert _codes() == before


def test_bad_rows_are_skipped_and_listed_only_when_asked(client, good_csv):
    lines = good_csv.decode().splitlines()
    broken = "\n".join([*lines[:3], "not,a,program", *lines[3:]]).encode()
    response = client.post(
        "/programs/import/", {"file": _upload("mine.csv", broken), "skip_bad_rows": "on"}
    )
    text = response.content.decode()
    assert response.status_code == 200 and "Skipped rows (1)" in text and "row 4" in text
    assert ProgramRecord.objects.count() == 30


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("big.csv", b"x" * (10 * 1024 * 1024), "the file is 10.0 MB; at most 5 MB"),
        ("catalog.pdf", b"%PDF-1.4", "must be a .csv or .xlsx file"),
        ("empty.csv", b"", "The submitted file is empty."),
        ("fake.xlsx", b"this is not a workbook", "cannot read the file"),
        ("binary.csv", bytes(range(256)) * 10, "problem"),
    ],
)
def test_wrong_files_are_refused_in_words_and_nothing_changes(client, name, content, message):
    before = _codes()
    response = client.post("/programs/import/", {"file": _upload(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _codes() == before


def test_hosted_mode_lets_only_staff_import(client, settings, good_csv):
    settings.MATCHWISE_HOSTED = True
    users = get_user_model().objects
    client.force_login(users.create_user(username="applicant", password="a-long-passphrase-9"))
    assert client.get("/programs/import/").status_code == 403
    response = client.post("/programs/import/", {"file": _upload("mine.csv", good_csv)})
    assert response.status_code == 403 and ProgramRecord.objects.count() == 462
    api = client.post("/api/programs/import", {"file": _upload("mine.csv", good_csv)})
    assert api.status_code in (401, 403) and ProgramRecord.objects.count() == 462
    client.force_login(users.create_user(username="staff", password="x" * 12, is_staff=True))
    assert (
        client.post("/programs/import/", {"file": _upload("mine.csv", good_csv)}).status_code == 302
    )
    assert ProgramRecord.objects.count() == 30
    client.logout()
    assert client.get("/programs/import/").status_code == 302  # to the login page


def test_the_api_imports_all_or_nothing(client, good_csv):
    bad = client.post("/api/programs/import", {"file": _upload("x.csv", b"code,name\n,\n")})
    assert bad.status_code == 400 and "nothing was read" in bad.json()["detail"]
    assert ProgramRecord.objects.count() == 462
    big = client.post("/api/programs/import", {"file": _upload("x.csv", b"x" * (10 << 20))})
    assert big.status_code == 400 and "at most 5 MB" in big.json()["detail"]
    good = client.post("/api/programs/import", {"file": _upload("mine.csv", good_csv)})
    assert good.status_code == 200 and good.json() == {"programs": 30, "skipped": []}
