"""The model card: what was fitted to what, what is a prior, and how far each fit lands.

Written by ``matchwise calibrate`` to ``docs/model-card.md``; the JSON form of the implied
aggregates is what ``matchwise model-card --json`` prints.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from matchwise.engine.market.marketfit import MarketFit
from matchwise.engine.market.simulator import MarketCheck
from matchwise.engine.pick.aggregates import Aggregates
from matchwise.engine.pick.calibration import CalibrationResult
from matchwise.engine.pick.parameters import ModelParameters

AGGREGATE_KEYS: Mapping[str, tuple[str, ...]] = {
    "match_rate": ("us_md_senior", "us_do_senior", "us_img", "non_us_img"),
    "interview_rate": (
        "signaled",
        "unsignaled",
        "geographic_connection",
        "no_geographic_connection",
    ),
    "odds_ratio_interview": ("signal", "away_rotation", "geographic_connection"),
    "contiguous_ranks_for_90pct": ("us_md_senior", "us_img", "non_us_img"),
}


def aggregates_json(aggregates: Mapping[str, Aggregates]) -> dict[str, Any]:
    """``{specialty: {key: ...}}`` with exactly the documented keys, for 416 and 420."""
    out: dict[str, Any] = {}
    for code in ("416", "420"):
        agg = aggregates[code]
        entry: dict[str, Any] = {}
        for group, keys in AGGREGATE_KEYS.items():
            table = getattr(agg, group)
            entry[group] = {k: round(float(table[k]), 4) for k in keys}
        entry["applications_per_applicant"] = round(agg.applications_per_applicant, 2)
        entry["interviews_per_matched_applicant"] = round(agg.interviews_per_matched_applicant, 2)
        out[code] = entry
    return out


def _pct(x: float) -> str:
    return f"{x:.1%}" if abs(x) < 1.5 else f"{x:.2f}"


def _fits_table(result: CalibrationResult) -> list[str]:
    lines = [
        "| Target | Published | Model | Residual (in standard errors) | Source (confidence) |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for f in result.fits:
        t = f.target
        lines.append(
            f"| {t.name} | {_pct(t.value)} | {_pct(f.model)} | {f.standardized:+.2f} "
            f"| {t.source} ({t.confidence}) |"
        )
    return lines


def _parameter_table(params: ModelParameters, kind: str) -> list[str]:
    lines = ["| Parameter | Value | sd | What it encodes |", "| --- | ---: | ---: | --- |"]
    for p in params.parameters.values():
        if p.kind == kind:
            lines.append(f"| `{p.name}` | {p.value:+.3f} | {p.sd:.3f} | {p.note} |")
    return lines


def _aggregate_table(aggregates: Mapping[str, Aggregates]) -> list[str]:
    lines = ["| Figure | IR-Integrated (416) | DR (420) |", "| --- | ---: | ---: |"]
    data = aggregates_json(aggregates)
    for group, keys in AGGREGATE_KEYS.items():
        for key in keys:
            a, b = data["416"][group][key], data["420"][group][key]
            fmt = _pct if group in ("match_rate", "interview_rate") else (lambda v: f"{v:g}")
            lines.append(f"| {group}.{key} | {fmt(a)} | {fmt(b)} |")
    for key in ("applications_per_applicant", "interviews_per_matched_applicant"):
        lines.append(f"| {key} | {data['416'][key]:g} | {data['420'][key]:g} |")
    return lines


def _figure(x: float) -> str:
    return _pct(x) if abs(x) < 1.5 else f"{x:,.1f}".removesuffix(".0")


def _market_table(checks: Sequence[MarketCheck]) -> list[str]:
    if not checks:
        return ["Not run for this card (`matchwise calibrate` runs it)."]
    lines = [
        "| Figure | Published | Simulated market (2.5th to 97.5th percentile across runs) "
        "| Runs | Source |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for c in checks:
        e = c.simulated
        name = f"**{c.name}** (fitted)" if c.fitted else c.name
        lines.append(
            f"| {name} | {_figure(c.published)} | {_figure(e.mean)} ({_figure(e.low)} to "
            f"{_figure(e.high)}) | {e.runs} | {c.source} |"
        )
    return lines


def _market_fit_lines(fit: MarketFit | None) -> list[str]:
    if fit is None:
        return ["**Fitted through simulation**: not run for this card (`matchwise calibrate` "
                "runs it)."]  # fmt: skip
    runs = ", ".join(f"{n} markets of `{pool}`" for pool, n in fit.runs.items())
    lines = [
        f"**Fitted through simulation**: the scale of the noise in programs' rank lists, "
        f"`program_noise` = **{fit.program_noise:.3g}** (approximate 95% interval "
        f"{fit.interval[0]:.2g} to {fit.interval[1]:.2g}; 1 would be Pick's own view of an "
        "interviewee; prior: log-normal around 1, sd 1 on the log scale), fitted to who gets "
        f"the positions, in {runs} re-ranked from the same draws at each trial scale "
        "(engine/market/marketfit.py; written to `data/market_fit.json`, which the market "
        "simulator reads; Pick's probabilities do not use it):",
        "",
        "| Target (fitted through simulation) | Published | Simulated, fitted | Residual (se) "
        "| At scale 1 | Source |",
        "| --- | ---: | ---: | ---: | ---: | --- |",
    ]
    for r, p in zip(fit.results, fit.at_prior, strict=True):
        lines.append(
            f"| {r.target.name} | {_pct(r.target.value)} | {_pct(r.simulated)} | "
            f"{r.standardized:+.2f} | {_pct(p.simulated)} | {r.target.source} |"
        )
    lines += [
        "",
        "More noise gives the positions less often to the strongest applicants (US seniors). "
        "Where the targets pull in different directions, or their standard errors are wide "
        "(secondary figures), the data leave the scale near its prior: the interval says how "
        "much they pin it down.",
    ]
    return lines


def model_card_markdown(
    result: CalibrationResult,
    *,
    unknowns: Sequence[str],
    command: str,
    market_checks: Sequence[MarketCheck] = (),
    market_fit: MarketFit | None = None,
) -> str:
    """The whole model card as Markdown (with the market fit and check when given)."""
    params = result.parameters
    pops = "\n".join(
        f"- `{name}`: {spec.applicants} synthetic applicants of specialty {spec.specialty}, "
        f"{spec.applications_mean:g} applications each on average, "
        f"{spec.gold_signals} gold + {spec.silver_signals} silver signals, "
        f"{spec.away_rotation_share:.0%} with an away rotation"
        for name, spec in result.populations.items()
    )
    unknown = "\n".join(f"- {u}" for u in unknowns)
    return "\n".join(
        [
            "# MatchWise model card",
            "",
            f"Parameter version **{params.version}**, written by `{command}`. "
            "Do not edit by hand: re-run the command.",
            "",
            "## What the model is",
            "",
            "A one-factor logistic model of interviews and matches (`docs/model.md`, MODEL.md): "
            "a program's selectivity, the applicant's strength, signals, geography and personal "
            "ties add up on the logit scale; a shared factor makes outcomes at different "
            "programs correlated; P(match) is integrated over it by Gauss-Hermite quadrature.",
            "",
            "## What was fitted to what",
            "",
            f"Fit converged: **{result.converged}** ({result.message}). Each target's standard "
            "error is set by its confidence (primary 5%, secondary 15%, weak 40% of its value); "
            "the fitted parameters are also held near their priors (a penalised fit), so a "
            "residual of up to about 2 standard errors means the figures pull against each other "
            "or against the priors, not a failure.",
            "",
            *_fits_table(result),
            "",
            "The synthetic populations (their type mix, scores, letters and research are priors):",
            "",
            pops,
            "",
            "### Fitted parameters",
            "",
            *_parameter_table(params, "fitted"),
            "",
            "## Fitted and checked in a simulated market",
            "",
            "Some published figures need a whole market: fill rates, and who gets the positions "
            "when applicants compete for a fixed number of them. Here the fitted model is run as "
            "a market (`matchwise market simulate`, docs/market.md: interviews drawn from the "
            "model, both sides rank, deferred acceptance).",
            "",
            *_market_fit_lines(market_fit),
            "",
            "The simulated figures beside the published ones (those marked fitted are the "
            "targets above; the others check the fit). The simulated markets have the DEMO "
            "catalog's positions (programs of unknown size counted at the median), not the "
            "published ones: the first rows compare them.",
            "",
            *_market_table(market_checks),
            "",
            "## What is a prior",
            "",
            "These figures were looked for and not found in any source we could read "
            "(facts.toml `[unknown]`). The model uses an explicit prior for each, and every "
            "screen that depends on one says so:",
            "",
            unknown,
            "",
            "- IR-Integrated match rate by applicant type: implied by the fit below, not observed.",
            "- The P(match)-by-ranks curve: set by the prior `conversion.strength` and the fitted "
            "conversion intercepts.",
            "- Signals for IR-Integrated: assumed to share the DR pool (6 gold, 6 silver).",
            "- Visa sponsorship of IR programs: DR shares (Acad Radiol 2023) used where unknown.",
            "",
            "### Prior parameters",
            "",
            *_parameter_table(params, "prior"),
            "",
            "## What the model implies (standard population)",
            "",
            "`matchwise model-card --json` prints these figures for anyone to check against new "
            "data.",
            "",
            *_aggregate_table(result.aggregates),
            "",
            "## Limits",
            "",
            "- The synthetic applicants apply to the programs of the DEMO catalog (synthetic, "
            "shaped by the published counts and shares), at random among those their filters "
            "let through; real applicants choose, so program-level rates are averages.",
            "- Step 2 CK, letters, research and US experience of the synthetic applicants are "
            "priors (engine/pick/population.py); their effects on the odds are priors too "
            "(the table above), except where a fitted parameter says otherwise.",
            "- Each specialty is fitted as its own pool; IR applicants who also apply to DR are "
            "counted in each pool (the published counts overlap too).",
            "- A match in this model is 'a program would rank you high enough'; competition "
            "between applicants enters Pick's figures only through the fitted totals. The market "
            "simulator adds competition, and its one market-only parameter (the programs' "
            "ranking noise) is fitted through simulation (above); Pick's P(match) does not use "
            "it.",
            "",
        ]
    )
