"""matchwise calibrate and model-card: re-runnable, and the card's figures are checkable."""

import json

from matchwise.formats.parameters import read_parameters

KEYS = {
    "match_rate": {"us_md_senior", "us_do_senior", "us_img", "non_us_img"},
    "interview_rate": {
        "signaled",
        "unsignaled",
        "geographic_connection",
        "no_geographic_connection",
    },
    "odds_ratio_interview": {"signal", "away_rotation", "geographic_connection"},
    "contiguous_ranks_for_90pct": {"us_md_senior", "us_img", "non_us_img"},
}


def test_model_card_json_has_exactly_the_documented_keys(run):
    result = run("model-card", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"416", "420"}
    for entry in data.values():
        assert set(entry) == {
            *KEYS,
            "applications_per_applicant",
            "interviews_per_matched_applicant",
        }
        for group, keys in KEYS.items():
            assert set(entry[group]) == keys
        assert entry["odds_ratio_interview"]["signal"] > 1
        assert 0 < entry["match_rate"]["non_us_img"] < entry["match_rate"]["us_md_senior"] < 1


def test_calibration_reproduces_the_shipped_parameters(run, tmp_path):
    out, card = tmp_path / "parameters.json", tmp_path / "card.md"
    result = run("calibrate", "--out", str(out), "--model-card", str(card))
    assert result.exit_code == 0, result.stderr
    fitted = read_parameters(out)
    assert fitted == read_parameters()
    text = card.read_text(encoding="utf-8")
    for heading in ("What was fitted to what", "What is a prior", "Residual"):
        assert heading in text
    assert "whether IR-Integrated has its own signals" in text
