"""Reads the package's copy of the published facts (``data/facts.toml``) into engine objects.

Every figure keeps its source and confidence on its way to the model, so the model card and
every screen can say where a number came from.

>>> facts = load_facts()
>>> round(calibration_targets(facts)[0].value, 3)
0.085
"""

from __future__ import annotations

import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from matchwise.engine.pick.calibration import Target
from matchwise.engine.pick.listproblem import SignalPool
from matchwise.engine.pick.population import DR_TYPE_SHARES, IR_TYPE_SHARES, PopulationSpec

Facts = dict[str, Any]


def load_facts(path: Path | None = None) -> Facts:
    """The facts file: the package's copy unless ``path`` is given."""
    if path is None:
        text = (resources.files("matchwise.data") / "facts.toml").read_text(encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return tomllib.loads(text)


def _year(rows: list[dict[str, Any]], year: int) -> dict[str, Any]:
    for row in rows:
        if row.get("year") == year:
            return row
    raise KeyError(f"no figures for {year}")


def population_specs(facts: Facts, *, match_year: int = 2027) -> dict[str, PopulationSpec]:
    """The applicant pools calibration simulates, sized by the published 2024 figures."""
    ir, dr = facts["ir_integrated"], facts["diagnostic_radiology"]
    ir_2024 = _year(ir["applicants"], 2024)
    ir_pos = _year(ir["positions"], 2024)
    dr_2024 = _year(dr["positions"], 2024)
    signals = dr["signaling_2024"]
    survey = ir["matched_applicant_survey_2023"]
    ir_filled = int(ir_pos["filled_pgy1"] + ir_pos["filled_pgy2"])
    return {
        "416": PopulationSpec(
            specialty="416",
            applicants=int(ir_2024["total"]),
            filled=ir_filled,
            applications_mean=float(ir["applications_per_applicant_eras_2024"]["value"]),
            type_shares=IR_TYPE_SHARES,
            away_rotation_share=float(survey["did_ir_away_rotation"]),
            match_year=match_year,
        ),
        "416-survey": PopulationSpec(
            specialty="416",
            applicants=int(ir_2024["total"]),
            filled=ir_filled,
            applications_mean=float(survey["ir_programs_applied_mean"]),
            type_shares=IR_TYPE_SHARES,
            away_rotation_share=float(survey["did_ir_away_rotation"]),
            match_year=match_year,
        ),
        "420": PopulationSpec(
            specialty="420",
            applicants=int(dr_2024["active_applicants"]),
            filled=int(dr_2024["filled"]),
            applications_mean=float(dr["applications_per_applicant_eras_2024"]["value"]),
            type_shares=DR_TYPE_SHARES,
            gold_signals=int(signals["gold"]),
            silver_signals=int(signals["silver"]),
            # prior: no published share of DR applicants doing an away rotation
            away_rotation_share=0.4,
            match_year=match_year,
        ),
    }


def calibration_targets(facts: Facts) -> list[Target]:
    """The published aggregates the model is fitted to, each with its source and confidence."""
    ir, dr = facts["ir_integrated"], facts["diagnostic_radiology"]
    sig, geo = dr["signaling_2024"], ir["interview_rate_geographic_connection"]
    ir_2024, ir_pos = _year(ir["applicants"], 2024), _year(ir["positions"], 2024)
    dr_2024 = _year(dr["positions"], 2024)
    share = ir["share_filled_by_us_md_do_seniors_2024"]
    survey = ir["matched_applicant_survey_2023"]
    ir_filled = ir_pos["filled_pgy1"] + ir_pos["filled_pgy2"]
    return [
        Target("DR interview rate, unsignaled (2024)", "420", "interview_rate.unsignaled",
               sig["interview_rate_unsignaled"], sig["source"], sig["confidence"]),
        Target("DR interview rate, signaled (2024)", "420", "interview_rate.signaled",
               sig["interview_rate_signaled"], sig["source"], sig["confidence"]),
        Target("IR interview rate, no geographic connection", "416",
               "interview_rate.no_geographic_connection", geo["without"], geo["source"],
               geo["confidence"]),
        Target("IR interview rate, geographic connection", "416",
               "interview_rate.geographic_connection", geo["with_connection"], geo["source"],
               geo["confidence"]),
        Target("IR matches per applicant (2024: filled / applicants)", "416",
               "matches_per_applicant", ir_filled / ir_2024["total"],
               f"{ir_pos['source']}; {ir_2024['source']}", "secondary"),
        Target("DR matches per applicant (2024: filled / active applicants)", "420",
               "matches_per_applicant", dr_2024["filled"] / dr_2024["active_applicants"],
               dr_2024["source"], dr_2024["confidence"]),
        Target("IR share of matches to US MD/DO seniors (2024)", "416",
               "us_senior_share_of_matches", share["value"], share["source"], share["confidence"]),
        Target("DR share of filled positions to US MDs (2020)", "420", "us_md_share_of_matches",
               dr["programs_2020"]["us_md_share_of_filled"], dr["programs_2020"]["source"],
               dr["programs_2020"]["confidence"]),
        Target("IR interviews per matched applicant (applying to 46.2)", "416-survey",
               "interviews_per_matched_applicant", survey["ir_interviews_mean"],
               survey["source"], survey["confidence"]),
    ]  # fmt: skip


def signal_pools(facts: Facts) -> tuple[SignalPool, ...]:
    """Signals per pool. Whether IR-Integrated shares the DR pool is unknown (facts
    ``[unknown]``): MatchWise assumes it does, labels that a prior, and lets the user override."""
    sig = facts["diagnostic_radiology"]["signaling_2024"]
    return (
        SignalPool(
            name="radiology (DR and IR-Integrated)",
            specialties=("420", "416"),
            gold=int(sig["gold"]),
            silver=int(sig["silver"]),
            source=f"DR counts: {sig['source']}; IR sharing the DR pool is a prior "
            "(unknown: whether IR-Integrated has its own signals)",
            confidence="prior",
        ),
    )


def unknowns(facts: Facts) -> list[str]:
    """The figures looked for and not found: each needs a stated prior."""
    return list(facts["unknown"]["items"])
