"""matchwise evaluate and whatif."""

import json


def test_evaluate_scores_the_users_own_list(run, pick_json):
    codes = [p["code"] for p in pick_json["programs"]][:6]
    filtered = pick_json["filtered"][0]["code"]
    data = json.loads(
        run(
            "evaluate",
            "--programs",
            ",".join([*codes, filtered]),
            "--gold",
            codes[0],
            "--format",
            "json",
            "--draws",
            "40",
        ).stdout
    )
    assert data["objective"] == "evaluate"
    assert [p["code"] for p in data["programs"]] == codes
    assert data["programs"][0]["signal"] == "gold"
    assert [f["code"] for f in data["filtered"]] == [filtered]


def test_whatif_reports_the_difference(run):
    result = run(
        "whatif", "--change", "step2=262", "--change", "letters+1", "--json", "--draws", "40"
    )
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["p_match"]["after"] > data["p_match"]["before"]
    assert data["change"] == "step2=262; letters+1"


def test_a_mentor_at_a_program_raises_its_chances(run, pick_json):
    code = pick_json["programs"][-1]["code"]
    data = json.loads(run("whatif", "--change", f"mentor={code}", "--json", "--draws", "40").stdout)
    before = {p["code"]: p for p in data["before"]["programs"]}
    after = {p["code"]: p for p in data["after"]["programs"]}
    if code in after and code in before:
        assert after[code]["p_interview"] > before[code]["p_interview"]
    assert (
        any("your mentor" in r for p in after.values() for r in p["reasons"]) or code not in after
    )


def test_moving_a_signal_compares_the_same_list(run, pick_json):
    gold = next(p["code"] for p in pick_json["programs"] if p["signal"] == "gold")
    plain = next(
        p["code"]
        for p in pick_json["programs"]
        if p["signal"] is None and p["specialty"] in ("416", "420")
    )
    result = run("whatif", "--change", f"signal={gold}>{plain}", "--json", "--draws", "60")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    after = {p["code"]: p["signal"] for p in data["after"]["programs"]}
    assert after[plain] == "gold" and after[gold] is None
    assert set(after) == {p["code"] for p in data["before"]["programs"]}


def test_a_signal_move_from_an_unsignaled_program_is_refused(run, pick_json):
    plain = next(p["code"] for p in pick_json["programs"] if p["signal"] is None)
    other = pick_json["programs"][0]["code"]
    result = run("whatif", "--change", f"signal={plain}>{other}")
    assert result.exit_code == 2
    assert "has no signal on this list" in result.stderr
