"""Rich rendering of results for the terminal."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from matchwise.engine.pick.program import SPECIALTY_LABELS, Specialty
from matchwise.engine.pick.result import Interval, Recommendation
from matchwise.formats.pick.results import format_probability
from matchwise.pick.service import WhatIf

FILTERED_SHOWN = 12
_TIER_STYLE = {"likely": "green", "target": "yellow", "reach": "red"}


def pct(p: float) -> str:
    return format_probability(p)


def pct_interval(p: float, interval: Interval) -> str:
    return f"{pct(p)} [dim]({pct(interval[0])}–{pct(interval[1])})[/]"


def _program_table(result: Recommendation) -> Table:
    table = Table(title="Your list", title_justify="left", show_lines=False, expand=False)
    table.add_column("#", justify="right", style="dim")
    table.add_column("Program", overflow="fold", max_width=34)
    table.add_column("Tier")
    table.add_column("P(interview)", justify="right")
    table.add_column("P(match here)", justify="right")
    table.add_column("Signal")
    table.add_column("Why (log-odds of an interview)", overflow="fold", min_width=30)
    for i, p in enumerate(result.programs, 1):
        style = _TIER_STYLE.get(p.tier, "")
        table.add_row(
            str(i),
            f"{p.name}\n[dim]{p.code} · {SPECIALTY_LABELS[Specialty(p.specialty)]}[/]",
            f"[{style}]{p.tier}[/]",
            pct_interval(p.p_interview, p.p_interview_interval),
            pct_interval(p.p_match, p.p_match_interval),
            p.signal or "",
            "\n".join(p.reasons) + ("\n[dim]" + "; ".join(p.notes) + "[/]" if p.notes else ""),
        )
    return table


def _totals_table(result: Recommendation) -> Table:
    table = Table(title="Totals", title_justify="left")
    table.add_column("Specialty")
    table.add_column("Applications", justify="right")
    table.add_column("ERAS fees", justify="right")
    table.add_column("Signals (gold/silver)", justify="right")
    table.add_column("P(match) (90% interval)", justify="right")
    for t in result.totals:
        if not t.applications:
            continue
        table.add_row(
            t.label,
            str(t.applications),
            f"${t.cost_usd:,.0f}",
            f"{t.signals_gold}/{t.signals_silver}",
            pct_interval(t.p_match, t.p_match_interval),
        )
    table.add_row(
        "[bold]All[/]",
        str(len(result.programs)),
        f"[bold]${result.cost_usd:,.0f}[/]",
        "",
        "[bold]" + pct_interval(result.p_match, result.p_match_interval) + "[/]",
    )
    return table


def print_recommendation(console: Console, result: Recommendation) -> None:
    """The list, the totals, the filtered programs and the notes."""
    if result.profile_reasons:
        console.print(
            "[bold]Your profile, at every program:[/] " + "; ".join(result.profile_reasons),
            highlight=False,
        )
    console.print(_program_table(result))
    console.print(_totals_table(result))
    lo, hi = result.expected_interviews_interval
    console.print(
        f"P(match) overall: [bold]{pct_interval(result.p_match, result.p_match_interval)}[/]"
        + (
            f"   P(match in IR): {pct_interval(result.p_match_ir, result.p_match_ir_interval)}"
            if result.p_match_ir is not None and result.p_match_ir_interval is not None
            else ""
        )
        + f"   Expected interviews: {result.expected_interviews:.1f} ({lo:.1f}–{hi:.1f})"
    )
    _print_scenarios(console, result)
    if result.diminishing_returns_at is not None:
        point = next(
            (c for c in result.curve if c.applications == result.diminishing_returns_at), None
        )
        dollars = f" (${point.dollars:,.0f})" if point else ""
        console.print(
            f"Diminishing returns: after {result.diminishing_returns_at} applications{dollars} "
            f"one more adds less than {result.diminishing_threshold:.1%} to P(match)."
        )
    if result.filtered:
        table = Table(title=f"Filtered out ({len(result.filtered)})", title_justify="left")
        table.add_column("Program", overflow="fold", max_width=40)
        table.add_column("Why", overflow="fold")
        for f in result.filtered[:FILTERED_SHOWN]:
            table.add_row(f"{f.name} [dim]{f.code}[/]", "; ".join(f.reasons))
        console.print(table)
        more = len(result.filtered) - FILTERED_SHOWN
        if more > 0:
            console.print(f"... and {more} more (--format json or csv lists them all).")
    for note in result.notes:
        console.print(f"[dim]• {note}[/]", highlight=False)
    console.print(
        f"[dim]Parameters {result.parameter_version}; intervals: 5th–95th percentile over "
        f"{result.draws} parameter draws; {result.nodes} quadrature nodes.[/]"
    )


def _print_scenarios(console: Console, result: Recommendation) -> None:
    """Both signal scenarios side by side, when unpublished counts leave it open."""
    if not result.signal_scenarios:
        return
    table = Table(
        title="Signals for IR-Integrated are not published: both scenarios (--ir-signals)",
        title_justify="left",
    )
    table.add_column("Scenario", overflow="fold", max_width=60)
    table.add_column("Applications", justify="right")
    table.add_column("P(match)", justify="right")
    table.add_column("P(match in IR)", justify="right")
    for sc in result.signal_scenarios:
        ir = (
            pct_interval(sc.p_match_ir, sc.p_match_ir_interval)
            if sc.p_match_ir is not None and sc.p_match_ir_interval is not None
            else "–"
        )
        mark = " [bold](this list)[/]" if sc.chosen else ""
        table.add_row(f"{sc.label}{mark}", str(sc.applications),
                      pct_interval(sc.p_match, sc.p_match_interval), ir)  # fmt: skip
    console.print(table)


def _dollars_delta(d: float) -> str:
    return f"{'+' if d >= 0 else '−'}${abs(d):,.0f}"


def print_whatif(console: Console, whatif: WhatIf) -> None:
    b, a = whatif.before, whatif.after
    table = Table(title=f"What if: {whatif.change}", title_justify="left")
    table.add_column("")
    table.add_column("Now", justify="right")
    table.add_column("With the change", justify="right")
    table.add_column("Difference", justify="right")
    table.add_row(
        "P(match)",
        pct_interval(b.p_match, b.p_match_interval),
        pct_interval(a.p_match, a.p_match_interval),
        f"{(a.p_match - b.p_match) * 100:+.1f} points",
    )
    if b.p_match_ir is not None and a.p_match_ir is not None:
        table.add_row(
            "P(match in IR)",
            pct(b.p_match_ir),
            pct(a.p_match_ir),
            f"{(a.p_match_ir - b.p_match_ir) * 100:+.1f} points",
        )
    table.add_row(
        "Expected interviews",
        f"{b.expected_interviews:.1f}",
        f"{a.expected_interviews:.1f}",
        f"{a.expected_interviews - b.expected_interviews:+.1f}",
    )
    table.add_row(
        "ERAS fees",
        f"${b.cost_usd:,.0f}",
        f"${a.cost_usd:,.0f}",
        f"${a.cost_usd - b.cost_usd:+,.0f}",
    )
    console.print(table)
    before_codes = {p.code for p in b.programs}
    after_codes = {p.code for p in a.programs}
    added = [p for p in a.programs if p.code not in before_codes]
    dropped = [p for p in b.programs if p.code not in after_codes]
    if added or dropped:
        console.print(
            "List changes: "
            + ", ".join([f"+ {p.name}" for p in added] + [f"− {p.name}" for p in dropped])
        )


def print_model_card(console: Console, data: dict[str, Any]) -> None:
    table = Table(title="Model-implied aggregates (standard population)", title_justify="left")
    table.add_column("Figure")
    codes = list(data)
    for code in codes:
        table.add_column(code, justify="right")
    first = data[codes[0]]
    for group, value in first.items():
        if isinstance(value, dict):
            for key in value:
                table.add_row(f"{group}.{key}", *(f"{data[c][group][key]:g}" for c in codes))
        else:
            table.add_row(group, *(f"{data[c][group]:g}" for c in codes))
    console.print(table)
    console.print("[dim]See docs/model-card.md for the targets, residuals and priors.[/]")
