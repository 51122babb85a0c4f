"""matchwise match: the result file and summary, --check, and bad files (exit 2, no traceback)."""

import json
from pathlib import Path

FIXTURES = Path(__file__).parents[1] / "fixtures" / "match"


def test_it_prints_the_result_as_json_without_out(run):
    result = run("match", str(FIXTURES / "small.json"))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["summary"]["outcome"] == "stable"
    assert data["summary"]["solve_seconds"] >= 0
    assert "check" not in data


def test_it_writes_the_result_and_prints_a_summary(run, tmp_path):
    target = tmp_path / "result.json"
    result = run("match", str(FIXTURES / "small.json"), "--out", str(target), "--check")
    assert result.exit_code == 0, result.output
    assert "6 of 7 applicants matched" in result.stdout
    assert "couples: 1 both matched" in result.stdout
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["check"]["verified"] is True
    assert {a["id"]: a["program"] for a in data["applicants"]}["amara"] == "IR-ALPHA"


def test_a_market_without_a_stable_matching_is_reported_and_fails_the_check(run, tmp_path):
    target = tmp_path / "result.json"
    plain = run("match", str(FIXTURES / "no-stable.json"), "--out", str(target))
    assert plain.exit_code == 0
    assert "no stable matching found" in plain.stdout
    checked = run("match", str(FIXTURES / "no-stable.json"), "--out", str(target), "--check")
    assert checked.exit_code == 1
    assert "check failed: s and A block the matching" in checked.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["check"]["verified"] is False


def test_a_bad_file_gets_every_problem_and_exit_2_without_traceback(run):
    result = run("match", str(FIXTURES / "bad.json"))
    assert result.exit_code == 2
    assert "programs[0].capacity: -1 should be a whole number" in result.stderr
    assert "applicants[0].rank_list[2]: 'C' is not a program id" in result.stderr
    assert "Traceback" not in result.output


def test_a_missing_file_exits_2(run, tmp_path):
    result = run("match", str(tmp_path / "missing.json"))
    assert result.exit_code == 2
    assert "cannot read the file" in result.stderr
