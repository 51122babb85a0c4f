"""The model card: what was fitted to what, what is a prior, and how far each fit lands.

Written by ``matchwise calibrate`` to ``docs/model-card.md``; the JSON form of the implied
aggregates is what ``matchwise model-card --json`` prints.
"""

from __future__ import annotations

import math
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
# Added beside the keys above (issue 13): the figures as registries publish them.
OBSERVED_KEYS: Mapping[str, tuple[str, ...]] = {
    "interview_rate": ("comparator",),
    "observed_odds_ratio_interview": ("signal",),
    "observed_odds_ratio_match": ("signal", "away_rotation", "geographic_connection"),
}


def _number(x: float, digits: int = 4) -> float | None:
    """JSON has no NaN: a figure undefined for a pool (no signals in it) is null; counts (the
    contiguous ranks) stay whole numbers."""
    if isinstance(x, int):
        return x
    return None if math.isnan(x) else round(float(x), digits)


def aggregates_json(
    aggregates: Mapping[str, Aggregates], validation: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """``{specialty: {key: ...}}`` for 416 and 420 with the documented keys, and, when given,
    the calibration's ``validation`` (its posterior predictive check, leave-one-out
    predictions and DR ranks curves, from the parameter file)."""
    out: dict[str, Any] = {}
    for code in ("416", "420"):
        agg = aggregates[code]
        entry: dict[str, Any] = {}
        for group, keys in AGGREGATE_KEYS.items():
            table = getattr(agg, group)
            entry[group] = {k: _number(table[k]) for k in keys}
        for group, keys in OBSERVED_KEYS.items():
            table = getattr(agg, group)
            entry.setdefault(group, {}).update({k: _number(table[k]) for k in keys})
        entry["applications_per_applicant"] = round(agg.applications_per_applicant, 2)
        entry["interviews_per_matched_applicant"] = round(agg.interviews_per_matched_applicant, 2)
        curves: dict[str, list[float | None]] = {}
        for key, value in agg.p_match_by_ranks.items():
            kind, _, _ = key.rpartition(".")
            curves.setdefault(kind, []).append(_number(value))
        entry["p_match_by_ranks"] = curves
        out[code] = entry
    if validation:
        out["validation"] = dict(validation)
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

    def fmt(group: str, v: float | None) -> str:
        if v is None:
            return "–"
        return _pct(v) if group in ("match_rate", "interview_rate") else f"{v:g}"

    for table in (AGGREGATE_KEYS, OBSERVED_KEYS):
        for group, keys in table.items():
            for key in keys:
                a, b = data["416"][group][key], data["420"][group][key]
                lines.append(f"| {group}.{key} | {fmt(group, a)} | {fmt(group, b)} |")
    for key in ("applications_per_applicant", "interviews_per_matched_applicant"):
        lines.append(f"| {key} | {data['416'][key]:g} | {data['420'][key]:g} |")
    return lines


def _checks_table(rows: Sequence[Mapping[str, Any]], predicted: str, head: str) -> list[str]:
    lines = [
        f"| Target | Published | {head} | 90% interval | Inside | Source |",
        "| --- | ---: | ---: | ---: | :---: | --- |",
    ]
    for r in rows:
        lines.append(
            f"| {r['name']} | {_figure(r['published'])} | {_figure(r[predicted])} | "
            f"{_figure(r['low'])} to {_figure(r['high'])} | {'yes' if r['inside'] else '**no**'} "
            f"| {r['source']} ({r['confidence']}) |"
        )
    return lines


def validation_lines(record: Mapping[str, Any], chart: str | None) -> list[str]:
    """The "How good are these numbers?" section: the posterior predictive check, the
    leave-one-out predictions and the DR ranks curves beside NRMP's."""
    if not record:
        return ["Not run for this card (`matchwise calibrate` runs it)."]
    ppc, loo = record["posterior_predictive"], record["leave_one_out"]
    lines = [
        f"**Posterior predictive check**: {ppc['inside']} of {ppc['targets']} published figures "
        f"fall inside the model's 90% predictive band ({ppc['share_inside']:.0%}; a "
        "well-calibrated model has about 90% inside). The band comes from "
        f"{record['draws']} joint draws of every parameter (the Laplace approximation above), "
        "with each figure's own published error added.",
        "",
        *_checks_table(ppc["checks"], "model", "Model"),
        "",
        f"**Leave one target out**: each figure predicted by the fit that did not see it, with "
        f"a 90% interval (that fit's uncertainty plus the figure's own error): {loo['inside']} "
        f"of {loo['targets']} inside ({loo['share_inside']:.0%}). This is the honest measure of "
        "how well the model predicts a figure it was not fitted to.",
        "",
        *_checks_table(loo["checks"], "predicted", "Predicted without it"),
        "",
        "**DR P(match) by contiguous ranks, by applicant type**, beside what NRMP has published "
        "(Charting Outcomes; for US MD seniors the 90% point only, for IMGs nothing we could "
        "read: facts `[unknown]`):",
        "",
    ]
    if chart:
        lines += [f"![DR P(match) by contiguous ranks, model beside NRMP]({chart})", ""]
    lines += ["| Ranks | " + " | ".join(_RANK_LABELS.values()) + " |",
              "| ---: |" + " ---: |" * len(_RANK_LABELS)]  # fmt: skip
    by = {(r["applicant_type"], r["ranks"]): r for r in record["ranks"]}
    for n in (1, 2, 3, 5, 8, 10, 12, 14, 16, 20):
        cells = [
            f"{_pct(r['p_match'])} ({_pct(r['low'])}–{_pct(r['high'])})"
            if (r := by.get((kind, n)))
            else "–"
            for kind in _RANK_LABELS
        ]
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
    for p in record["published_ranks"]:
        who = _RANK_LABELS.get(p["applicant_type"], p["applicant_type"])
        lines += [
            "",
            f"Published: {who}, {p['p_match']:.0%} at {p['ranks']} contiguous ranks "
            f"({p['source']}).",
        ]
    return lines


_RANK_LABELS = {
    "us_md_senior": "US MD seniors",
    "us_img": "US-citizen IMGs",
    "non_us_img": "non-US IMGs",
}


def _figure(x: float) -> str:
    return _pct(x) if abs(x) < 1.5 else f"{x:,.2f}".removesuffix(".00")


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


def _mix(shares: Mapping[Any, float]) -> str:
    total = sum(shares.values())
    return ", ".join(f"{v / total:.0%} {getattr(k, 'value', k)}" for k, v in shares.items())


def model_card_markdown(
    result: CalibrationResult,
    *,
    unknowns: Sequence[str],
    command: str,
    market_checks: Sequence[MarketCheck] = (),
    market_fit: MarketFit | None = None,
    validation: Mapping[str, Any] | None = None,
    ranks_chart: str | None = None,
) -> str:
    """The whole model card as Markdown (with the market fit and check, and the validation
    record of :func:`~matchwise.formats.pick.parameters.validation_record`, when given)."""
    params = result.parameters
    pops = "\n".join(
        f"- `{name}`: {spec.applicants} synthetic applicants of specialty {spec.specialty} "
        f"({_mix(spec.type_shares)}), "
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
            "a program's selectivity, the applicant's strength, geography, personal ties and "
            "the applicant-program fit add up on the logit scale; a signal adds a term that "
            "depends on that sum (less for a long shot); a shared factor makes outcomes at "
            "different programs correlated; P(match) is integrated over it by Gauss-Hermite "
            "quadrature.",
            "",
            "## What was fitted to what",
            "",
            f"Fit converged: **{result.converged}** ({result.message}). Each target's standard "
            "error is set by its confidence (an exact NRMP count 3%, primary 5%, secondary 15%, "
            "weak 40% of its value; odds ratios on the log scale, twice that, as each carries "
            "two rates' error); the fitted parameters are also held near their priors (a "
            "penalised fit), so a residual of up to about 2 standard errors means the figures "
            "pull against each other or against the priors, not a failure. Rates are computed "
            "as they are published: interview rates and odds ratios over the pool's "
            "applications (which applicants choose), match rates over the applicants who rank "
            "the specialty.",
            "",
            *_fits_table(result),
            "",
            "The synthetic populations: DR's size and type mix come from NRMP's published "
            "shares of filled positions and match rates by type (the applicants who prefer DR; "
            "the 1,914 active DR applicants of 2024 also count those ranking it as a backup); "
            "IR's mix, and everyone's scores, letters, research, home states and choices of "
            "where to apply, rotate and signal, are priors (engine/pick/population.py, "
            "engine/pick/sample.py):",
            "",
            pops,
            "",
            "### Fitted parameters",
            "",
            "Every sd here and below is from the Laplace approximation over all parameters "
            "together (fitted and prior): the draws behind every interval take them jointly, "
            "with their correlations.",
            "",
            *_parameter_table(params, "fitted"),
            "",
            "## How good are these numbers?",
            "",
            *validation_lines(validation or {}, ranks_chart),
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
            "- IR-Integrated match rate by applicant type: implied by the fit below, not observed "
            "(all-specialty rates bound it: NRMP 2025, US-citizen IMGs 67.8%, non-US IMGs 58.0%).",
            "- The P(match)-by-ranks curve: DR's is fitted to the one published point for US MD "
            "seniors (90% at 14 ranks, 2022); IR's and the IMGs' follow from the same "
            "parameters.",
            "- Signals for IR-Integrated: unknown. The default is the conservative scenario "
            "(IR programs do not take the DR signals); the other (one pool of 6 gold and 6 "
            "silver for both) is `pick --ir-signals shared` or the Signals control on the Pick "
            "page, and both scenarios' P(match) are shown side by side.",
            "- How strongly a signal's effect grows with the applicant's chance (`signal.slope`) "
            "and a gold signal's extra (`signal.gold_extra`): no published split.",
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
            "shaped by the published counts and shares), choosing by receptiveness, geography "
            "and fit with prior weights: no published model of that choice exists, so the "
            "observed odds ratios (Texas STAR) and the comparator rate test those weights as "
            "much as the parameters.",
            "- The published odds ratios (Texas STAR) come from US seniors of participating "
            "schools who chose where to rotate and signal; the model's observed ratios mix the "
            "factor's own effect with that choice in the same way, and `odds_ratio_interview.*` "
            "give the factor's own effect.",
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
