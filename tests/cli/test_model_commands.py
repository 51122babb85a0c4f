"""matchwise calibrate and model-card: re-runnable, and the card's figures are checkable."""

import json
import math
from pathlib import Path
from typing import Any

from matchwise.formats.pick.parameters import read_parameters

PARAMETER_FILE = Path(__file__).parents[2] / "src/matchwise/data/parameters.json"

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
    fitted, shipped = read_parameters(out), read_parameters()
    assert fitted.version == shipped.version
    # The same fit to the last few bits: another NumPy/BLAS build may round differently.
    _assert_close(json.loads(out.read_text()), json.loads(PARAMETER_FILE.read_text()), "file")
    text = card.read_text(encoding="utf-8")
    for heading in ("What was fitted to what", "What is a prior", "Residual"):
        assert heading in text
    assert "whether IR-Integrated has its own signals" in text


def _assert_close(got: Any, want: Any, where: str) -> None:
    if isinstance(want, dict):
        assert set(got) == set(want), where
        for key in want:
            _assert_close(got[key], want[key], f"{where}.{key}")
    elif isinstance(want, list):
        assert len(got) == len(want), where
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            _assert_close(g, w, f"{where}[{i}]")
    elif isinstance(want, float) and not isinstance(want, bool):
        assert math.isclose(got, want, rel_tol=1e-8, abs_tol=1e-10), f"{where}: {got} != {want}"
    else:
        assert got == want, where
