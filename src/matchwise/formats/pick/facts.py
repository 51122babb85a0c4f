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
from matchwise.engine.pick.population import IR_TYPE_SHARES, PopulationSpec
from matchwise.engine.pick.profile import ApplicantType

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


def dr_type_mix(facts: Facts) -> tuple[int, dict[ApplicantType, float]]:
    """DR's pool of applicants who prefer DR: its size and type mix, from published figures.

    NRMP publishes match rates by type for applicants who rank DR (``match_rate_only_choice``)
    and the shares of filled positions by type; applicants of a type are then the positions
    they filled over their match rate. The 1,914 active DR applicants of 2024 also count those
    who rank DR only as a backup (IR applicants, among others): they are not this pool.
    """
    dr = facts["diagnostic_radiology"]
    rates, shares = dr["match_rate_only_choice_2020"], dr["filled_pgy2_shares_2020"]
    filled = int(_year(dr["positions"], 2024)["filled"])
    keys = {
        ApplicantType.US_MD_SENIOR: "us_md",
        ApplicantType.US_DO_SENIOR: "us_do",
        ApplicantType.US_IMG: "us_img",
        ApplicantType.NON_US_IMG: "non_us_img",
    }
    counts = {t: filled * shares[k] / sum(shares[v] for v in keys.values()) / rates[k]
              for t, k in keys.items()}  # fmt: skip
    total = sum(counts.values())
    return round(total), {t: c / total for t, c in counts.items()}


def population_specs(facts: Facts, *, match_year: int = 2027) -> dict[str, PopulationSpec]:
    """The applicant pools calibration simulates, sized by the published figures."""
    ir, dr = facts["ir_integrated"], facts["diagnostic_radiology"]
    ir_2024 = _year(ir["applicants"], 2024)
    ir_pos = _year(ir["positions"], 2024)
    dr_2024 = _year(dr["positions"], 2024)
    signals = dr["signaling_2024"]
    survey = ir["matched_applicant_survey_2023"]
    ir_filled = int(ir_pos["filled_pgy1"] + ir_pos["filled_pgy2"])
    dr_applicants, dr_shares = dr_type_mix(facts)
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
            applicants=dr_applicants,
            filled=int(dr_2024["filled"]),
            applications_mean=float(dr["applications_per_applicant_eras_2024"]["value"]),
            type_shares=dr_shares,
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
    share = ir["share_filled_by_us_md_do_seniors_2024"]
    survey = ir["matched_applicant_survey_2023"]
    ir_filled = ir_pos["filled_pgy1"] + ir_pos["filled_pgy2"]
    rates, star = dr["match_rate_only_choice_2020"], dr["texas_star_2017_2024"]
    magic = _year(dr["contiguous_ranks_for_90pct_us_md"], 2022)
    rate_source = (rates["source"], rates["confidence"])
    star_source = (star["source"], star["confidence"])
    types = (
        ("US MD seniors", "us_md_senior", "us_md"),
        ("US DO seniors", "us_do_senior", "us_do"),
        ("US-citizen IMGs", "us_img", "us_img"),
        ("non-US IMGs", "non_us_img", "non_us_img"),
    )
    return [
        Target("DR interview rate, unsignaled (2024)", "420", "interview_rate.unsignaled",
               sig["interview_rate_unsignaled"], sig["source"], sig["confidence"]),
        Target("DR interview rate, signaled (2024)", "420", "interview_rate.signaled",
               sig["interview_rate_signaled"], sig["source"], sig["confidence"]),
        Target("DR interview rate at the next program one would signal, unsignaled (2024)",
               "420", "interview_rate.comparator", sig["interview_rate_comparator_unsignaled"],
               sig["source"], sig["confidence"]),
        Target("DR odds ratio of an interview, signaled vs not (Texas STAR)", "420",
               "observed_odds_ratio_interview.signal", star["odds_ratio_interview_signal"],
               *star_source),
        Target("DR odds ratio of matching at a program, signaled vs not (Texas STAR)", "420",
               "observed_odds_ratio_match.signal", star["odds_ratio_match_signal"], *star_source),
        Target("DR odds ratio of matching at a program, away rotation there (Texas STAR)", "420",
               "observed_odds_ratio_match.away_rotation", star["odds_ratio_match_away_rotation"],
               *star_source),
        Target("DR odds ratio of matching at a program, geographic connection (Texas STAR)",
               "420", "observed_odds_ratio_match.geographic_connection",
               star["odds_ratio_match_geographic_connection"], *star_source),
        *[Target(f"DR match rate, {label} who rank DR (2020)", "420", f"match_rate.{metric}",
                 rates[key], *rate_source) for label, metric, key in types],
        Target("DR P(match) of US MD seniors with 14 contiguous ranks (the 90% point, 2022)",
               "420", "p_match_by_ranks.us_md_senior.14", 0.9, magic["source"],
               magic["confidence"]),
        Target("DR share of filled positions to US MDs (2020)", "420", "us_md_share_of_matches",
               dr["programs_2020"]["us_md_share_of_filled"], dr["programs_2020"]["source"],
               dr["programs_2020"]["confidence"]),
        Target("IR interview rate, no geographic connection", "416",
               "interview_rate.no_geographic_connection", geo["without"], geo["source"],
               geo["confidence"]),
        Target("IR interview rate, geographic connection", "416",
               "interview_rate.geographic_connection", geo["with_connection"], geo["source"],
               geo["confidence"]),
        Target("IR matches per applicant (2024: filled / applicants)", "416",
               "matches_per_applicant", ir_filled / ir_2024["total"],
               f"{ir_pos['source']}; {ir_2024['source']}", "count"),
        Target("IR share of matches to US MD/DO seniors (2024)", "416",
               "us_senior_share_of_matches", share["value"], share["source"], share["confidence"]),
        Target("IR interviews per matched applicant (applying to 46.2)", "416-survey",
               "interviews_per_matched_applicant", survey["ir_interviews_mean"],
               survey["source"], survey["confidence"]),
    ]  # fmt: skip


def signal_scenarios(facts: Facts) -> dict[str, tuple[str, tuple[SignalPool, ...]]]:
    """Each published or assumed signal scenario: its label and its pools (counts are data).

    Whether IR-Integrated shares the DR pool is unknown (facts ``[unknown]``): both scenarios
    are offered, the conservative one (``[signals] default_scenario``) by default.
    """
    sig = facts["signals"]
    return {
        row["name"]: (
            row["label"],
            tuple(
                SignalPool(
                    name=pool["name"],
                    specialties=tuple(pool["specialties"]),
                    gold=int(pool["gold"]),
                    silver=int(pool["silver"]),
                    source=f"{sig['source']}; scenario: {row['label']}",
                    confidence="prior" if "416" in pool["specialties"] else sig["confidence"],
                )
                for pool in row["pools"]
            ),
        )
        for row in sig["scenarios"]
    }


def default_signal_scenario(facts: Facts) -> str:
    return str(facts["signals"]["default_scenario"])


def signal_pools(facts: Facts, scenario: str | None = None) -> tuple[SignalPool, ...]:
    """Signals per pool in ``scenario`` (the conservative default when None)."""
    scenarios = signal_scenarios(facts)
    name = default_signal_scenario(facts) if scenario is None else scenario
    if name not in scenarios:
        raise KeyError(f"unknown signal scenario {name!r}: choose {', '.join(scenarios)}")
    return scenarios[name][1]


def unknowns(facts: Facts) -> list[str]:
    """The figures looked for and not found: each needs a stated prior."""
    return list(facts["unknown"]["items"])
