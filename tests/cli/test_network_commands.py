"""matchwise network import|export|due: the same services as the pages, on the database."""

import json
from pathlib import Path

import pytest
from icalendar import Calendar

from matchwise.network.models import ContactRow

pytestmark = pytest.mark.django_db(transaction=True)
FIXTURES = Path(__file__).parents[1] / "fixtures" / "network"


def test_import_dry_run_then_import_then_due_and_exports(run, tmp_path):
    dry = run("network", "import", str(FIXTURES / "Connections.csv"), "--dry-run")
    assert (
        dry.exit_code == 0
        and "5 new contacts" in dry.stdout
        and "nothing was written" in dry.stdout
    )
    assert not ContactRow.objects.exists()
    done = run("network", "import", str(FIXTURES / "Connections.csv"))
    assert done.exit_code == 0 and "5 added" in done.stdout
    again = run("network", "import", str(FIXTURES / "Connections.csv"))
    assert "5 duplicates skipped" in again.stdout and ContactRow.objects.count() == 5
    due = run("network", "due", "--json")
    rows = json.loads(due.stdout)
    assert {r["name"] for r in rows} >= {"Ana Rao", "Sam Lee"}
    assert all(r["rule"] == "other" and r["reason"] for r in rows)
    for fmt, name in (("csv", "c.csv"), ("xlsx", "c.xlsx"), ("vcard", "c.vcf"), ("ics", "f.ics"),
                      ("interactions", "i.csv")):  # fmt: skip
        result = run("network", "export", "--format", fmt, "--out", str(tmp_path / name))
        assert result.exit_code == 0 and (tmp_path / name).stat().st_size > 0, fmt
    calendar = Calendar.from_ical((tmp_path / "f.ics").read_bytes())
    assert len(calendar.walk("VEVENT")) == 5


def test_a_broken_file_is_refused_whole_with_every_problem(run):
    result = run("network", "import", str(FIXTURES / "broken.csv"))
    assert result.exit_code == 2
    assert "nothing was read" in result.stderr and "row 3" in result.stderr
    assert not ContactRow.objects.exists()
    skipped = run("network", "import", str(FIXTURES / "broken.csv"), "--skip-bad-rows")
    assert skipped.exit_code == 0 and "skipped: row" in skipped.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("network", "export", "--format", "pdf"), "--format: 'pdf' is not one of"),
        (("network", "import", "nowhere.csv"), "nowhere.csv"),
        (
            ("network", "import", str(FIXTURES / "Connections.csv"), "--duplicates", "x"),
            "skip, merge, add",
        ),
    ],
)
def test_bad_options_are_one_clear_line(run, args, message):
    result = run(*args)
    assert result.exit_code == 2 and message in result.stderr
