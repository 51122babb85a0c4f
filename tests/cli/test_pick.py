"""matchwise pick: the table, the documented JSON, files, the chart."""

import csv
import io
import json
from pathlib import Path

import jsonschema
from openpyxl import load_workbook

SCHEMA = json.loads(
    (Path(__file__).parents[2] / "docs" / "schema" / "pick.schema.json").read_text()
)


def test_the_json_follows_the_documented_schema(pick_json):
    jsonschema.validate(pick_json, SCHEMA)
    assert 0 < pick_json["p_match"] < 1
    low, high = pick_json["p_match_interval"]
    assert low <= pick_json["p_match"] <= high
    for program in pick_json["programs"]:
        assert program["p_interview_interval"][0] <= program["p_interview"]
        assert program["p_interview"] <= program["p_interview_interval"][1]
        assert program["reasons"]


def test_filtered_programs_are_listed_with_reasons_and_never_chosen(pick_json):
    filtered = {f["code"] for f in pick_json["filtered"]}
    assert filtered
    assert not filtered & {p["code"] for p in pick_json["programs"]}


def test_the_table_shows_the_list_totals_and_notes(run):
    result = run("pick", "--budget", "400", "--draws", "40")
    assert result.exit_code == 0
    for text in (
        "Your list",
        "Totals",
        "P(match) overall",
        "Filtered out",
        "DEMO catalog",
        "Parameters fit-",
    ):
        assert text in result.stdout


def test_budget_and_maximum_are_respected(run):
    data = json.loads(
        run("pick", "--budget", "200", "--max", "12", "--format", "json", "--draws", "40").stdout
    )
    assert data["cost_usd"] <= 200
    assert len(data["programs"]) <= 12


def test_only_restricts_the_choice_to_a_shortlist(run, pick_json):
    shortlist = [p["code"] for p in pick_json["programs"]][:5]
    data = json.loads(
        run("pick", "--only", ",".join(shortlist), "--format", "json", "--draws", "40").stdout
    )
    assert {p["code"] for p in data["programs"]} <= set(shortlist)


def test_signals_none_sends_no_signals(run):
    data = json.loads(run("pick", "--signals", "none", "--format", "json", "--draws", "40").stdout)
    assert all(p["signal"] is None for p in data["programs"])


def test_the_ir_floor_objective(run):
    data = json.loads(
        run(
            "pick",
            "--objective",
            "ir-floor:0.15",
            "--budget",
            "800",
            "--format",
            "json",
            "--draws",
            "40",
        ).stdout
    )
    assert data["objective"] == "ir_floor"
    assert data["p_match_ir"] >= 0.15 or "cannot be reached" in " ".join(data["notes"])


def test_csv_xlsx_and_chart_files(run, tmp_path):
    out = tmp_path / "list.csv"
    result = run(
        "pick",
        "--format",
        "csv",
        "--out",
        str(out),
        "--chart",
        str(tmp_path / "curve.svg"),
        "--draws",
        "40",
    )
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert rows and {"code", "tier", "p_match", "p_match_low", "reasons"} <= set(rows[0])
    assert "<svg" in (tmp_path / "curve.svg").read_text()
    xlsx = tmp_path / "list.xlsx"
    assert run("pick", "--format", "xlsx", "--out", str(xlsx), "--draws", "40").exit_code == 0
    assert load_workbook(xlsx).sheetnames == ["List", "Totals", "Filtered"]


def test_the_same_inputs_give_the_same_output(run):
    first = run("pick", "--format", "json", "--draws", "40").stdout
    assert run("pick", "--format", "json", "--draws", "40").stdout == first


def test_both_signal_scenarios_are_shown_side_by_side_the_conservative_one_chosen(pick_json):
    """Whether IR-Integrated takes the DR signals is not published: the default is the
    conservative scenario, and the other one's P(match) is beside it (issue 13)."""
    scenarios = {s["name"]: s for s in pick_json["signal_scenarios"]}
    assert set(scenarios) == {"ir-own", "ir-shared"}
    own, shared = scenarios["ir-own"], scenarios["ir-shared"]
    assert own["chosen"] and not shared["chosen"]
    assert own["p_match"] == pick_json["p_match"]
    assert shared["p_match_ir"] >= own["p_match_ir"]
    ir_signals = [
        p for p in pick_json["programs"] if p["specialty"] == "416" and p["signal"] is not None
    ]
    assert not ir_signals  # no signal goes to an IR program when IR does not take DR's


def test_ir_signals_shared_is_one_flag_away(run):
    data = json.loads(
        run("pick", "--ir-signals", "shared", "--format", "json", "--draws", "40").stdout
    )
    chosen = next(s for s in data["signal_scenarios"] if s["chosen"])
    assert chosen["name"] == "ir-shared" and chosen["p_match"] == data["p_match"]
    table = run("pick", "--ir-signals", "shared", "--draws", "40").stdout
    assert "both scenarios" in table and "(this list)" in table


def test_a_wrong_ir_signals_value_is_named(run):
    result = run("pick", "--ir-signals", "maybe")
    assert result.exit_code == 2
    assert "--ir-signals: 'maybe' is not one of own, shared" in result.stderr
