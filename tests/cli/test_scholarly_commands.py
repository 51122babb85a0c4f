"""matchwise scholarly import|export|check: the same services as the pages, on the database."""

import json
from pathlib import Path

import pytest

from matchwise.scholarly.models import OutputRow

pytestmark = pytest.mark.django_db(transaction=True)
FIXTURES = Path(__file__).parents[1] / "fixtures" / "scholarly"


def test_import_then_check_then_every_export(run, tmp_path):
    dry = run("scholarly", "import", str(FIXTURES / "zotero.bib"), "--me", "Okafor S", "--dry-run")
    assert dry.exit_code == 0 and "nothing was written" in dry.stdout
    assert not OutputRow.objects.exists()
    done = run("scholarly", "import", str(FIXTURES / "zotero.bib"), "--me", "Okafor S")
    assert done.exit_code == 0 and "added" in done.stdout
    checked = run("scholarly", "check", "--json")
    data = json.loads(checked.stdout)
    assert checked.exit_code == 1  # an imported chapter has no identifier: an error to fix
    assert any(f["code"] == "no_role" for f in data["findings"])
    assert all(b["source"] for b in data["benchmarks"])
    for fmt in ("eras", "eras-json", "ama", "cv-pdf", "cv-docx", "csv", "xlsx", "bibtex",
                "csl-json"):  # fmt: skip
        target = tmp_path / f"out-{fmt}"
        result = run("scholarly", "export", "--format", fmt, "--out", str(target))
        assert result.exit_code == 0 and target.stat().st_size > 0, fmt
    assert "*Okafor S" in (tmp_path / "out-eras").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("scholarly", "export", "--format", "doc"), "--format: 'doc' is not one of"),
        (("scholarly", "export", "--season", "1999"), "--season"),
        (("scholarly", "import", str(FIXTURES / "broken.bib")), "nothing was read"),
    ],
)
def test_bad_input_is_one_clear_message(run, args, message):
    result = run(*args)
    assert result.exit_code == 2 and message in result.stderr
    assert not OutputRow.objects.exists()
