"""Bad input: one clear message on stderr, a non-zero exit, never a traceback."""

import pytest

FIXTURES = "tests/fixtures"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["pick", "--budget", "-5"], "--budget: must be zero or more dollars"),
        (["pick", "--max", "0"], "--max: must be at least 1"),
        (["pick", "--profile", f"{FIXTURES}/profiles/typo.toml"], "did you mean 'step2_score'"),
        (["pick", "--profile", "nowhere.toml"], "file not found"),
        (["pick", "--catalog", f"{FIXTURES}/catalog/bad.csv"], 'row 2, column "specialty"'),
        (["pick", "--catalog", "empty.csv"], "file not found"),
        (["pick", "--only", "NOPE1,NOPE2"], "unknown program codes NOPE1, NOPE2"),
        (["pick", "--signals", "420=six"], "write SPECIALTIES=GOLD/SILVER"),
        (["pick", "--signals", "421=6/6"], "unknown specialty code '421'"),
        (["pick", "--objective", "fastest"], "is not one of p-match, utility"),
        (["pick", "--objective", "ir-floor:2"], "between 0 and 1"),
        (["pick", "--format", "pdf"], "--format: 'pdf' is not one of"),
        (["pick", "--format", "xlsx"], "needs --out"),
        (["pick", "--chart", "c.gif"], "must end in .png, .svg or .json"),
        (["evaluate", "--programs", "X1"], "unknown program code X1"),
        (["evaluate", "--programs", ","], "give at least one program code"),
        (["whatif", "--change", "step2=abc"], "'abc' is not a number"),
        (["whatif", "--change", "mentor=NOPE"], "unknown program code NOPE"),
        (["catalog", "check", f"{FIXTURES}/catalog/bad.csv"], "problems, nothing was read"),
        (
            [
                "catalog",
                "import",
                f"{FIXTURES}/catalog/my-sheet.csv",
                "--out",
                "x.csv",
                "--map",
                "Program Name=name",
            ],
            "map a column to code",
        ),
    ],
)
def test_each_mistake_gets_one_clear_message(run, args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_an_empty_catalog_is_refused(run, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_text("code,name,specialty,track\n", encoding="utf-8")
    result = run("pick", "--catalog", str(empty))
    assert result.exit_code == 2
    assert "the catalog has no programs" in result.stderr


def test_import_writes_nothing_when_the_file_is_bad(run, tmp_path):
    out = tmp_path / "out.csv"
    result = run("catalog", "import", f"{FIXTURES}/catalog/bad.csv", "--out", str(out))
    assert result.exit_code == 2
    assert not out.exists()


def test_the_pick_service_refuses_an_empty_catalog_in_words():
    from matchwise.pick.options import OptionError
    from matchwise.pick.service import PickRequest, load_profile, run_pick

    with pytest.raises(OptionError, match="the catalog has no programs"):
        run_pick(PickRequest(profile=load_profile(None), catalog=()))
