"""matchwise catalog check / import / demo."""

from matchwise.formats.pick.catalog import load_demo_catalog, read_catalog

FIXTURES = "tests/fixtures/catalog"
MAP = "Program Name=name,NRMP Code=code,Specialty=specialty,Type=track,State=state"


def test_check_reports_counts(run):
    result = run("catalog", "check", f"{FIXTURES}/good.csv")
    assert result.exit_code == 0
    assert "3 programs, all valid" in result.stdout


def test_import_through_a_mapping_then_pick_from_it(run, tmp_path):
    out = tmp_path / "mine.csv"
    result = run("catalog", "import", f"{FIXTURES}/my-sheet.csv", "--map", MAP, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert len(read_catalog(out).programs) == 2
    assert run("pick", "--catalog", str(out), "--draws", "30").exit_code == 0


def test_import_can_skip_bad_rows_and_lists_them(run, tmp_path):
    source = tmp_path / "mixed.csv"
    source.write_text(
        "code,name,specialty,track,positions\n1416A,DEMO A,416,A,2\n2416A,DEMO B,416,A,many\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.csv"
    result = run("catalog", "import", str(source), "--out", str(out), "--skip-bad-rows")
    assert result.exit_code == 0
    assert "Skipped 1 problem(s)" in result.stdout
    assert 'row 3, column "positions"' in result.stdout
    assert [p.code for p in read_catalog(out).programs] == ["1416A"]


def test_skipping_cannot_turn_a_bad_file_into_an_empty_catalog(run, tmp_path):
    out = tmp_path / "out.csv"
    result = run("catalog", "import", f"{FIXTURES}/bad.csv", "--out", str(out), "--skip-bad-rows")
    assert result.exit_code == 2
    assert "no valid rows left" in result.stderr
    assert not out.exists()


def test_demo_export_round_trips(run, tmp_path):
    out = tmp_path / "demo.xlsx"
    assert run("catalog", "demo", "--out", str(out)).exit_code == 0
    assert read_catalog(out).programs == load_demo_catalog()
