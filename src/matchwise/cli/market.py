"""``matchwise market``: simulate a specialty's whole market, with a change or without."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn
from rich.table import Table

from matchwise.engine.market.rankcurve import ENTRANT_PREFIX
from matchwise.engine.market.simulator import MAX_RANKS_SHOWN, Estimate
from matchwise.formats.pick.profile import ProfileError
from matchwise.market.simulation import (
    DEFAULT_RUNS,
    DEFAULT_SEED,
    HEADLINE_FIGURES,
    MAX_RUNS,
    SimulationError,
    SimulationRequest,
    SimulationResult,
    result_to_dict,
    run_simulation,
)
from matchwise.pick.service import load_profile

market_app = typer.Typer(
    help="Simulate a specialty's whole market (applicants, interviews, rank lists, the match).",
    no_args_is_help=True,
)
out = Console(width=None if sys.stdout.isatty() else 150)
err = Console(stderr=True)


def _cell(e: Estimate, share: bool) -> str:
    if math.isnan(e.mean):
        return "—"
    if share:
        return f"{e.mean:.1%} ({e.low:.1%}–{e.high:.1%})"
    return f"{e.mean:.2f} ({e.low:.2f}–{e.high:.2f})"


def _figures_table(result: SimulationResult) -> Table:
    table = Table(title=f"Market {result.specialty}: {result.runs} runs, seed {result.seed}")
    table.add_column("Figure")
    for s in result.scenarios:
        table.add_column(s.name, justify="right")
    for key, label, share in HEADLINE_FIGURES:
        table.add_row(label, *(_cell(s.figures[key], share) for s in result.scenarios))
    return table


def _ranks_table(result: SimulationResult) -> Table:
    table = Table(title="P(match) by number of contiguous ranks (= interviews)")
    table.add_column("Ranks", justify="right")
    for s in result.scenarios:
        table.add_column(f"{s.name}: P(match)", justify="right")
        table.add_column("applicants/run", justify="right")
    for r in range(1, MAX_RANKS_SHOWN + 1):
        label = f"{r}+" if r == MAX_RANKS_SHOWN else str(r)
        cells: list[str] = []
        for s in result.scenarios:
            cells.append(_cell(s.figures[f"p_match_by_ranks.{r}"], True))
            cells.append(f"{s.figures[f'applicants_by_ranks.{r}'].mean:.1f}")
        table.add_row(label, *cells)
    return table


def _entrant_table(result: SimulationResult) -> Table:
    table = Table(title="Your P(match) by number of contiguous ranks (you in every market)")
    table.add_column("Your ranks", justify="right")
    for s in result.scenarios:
        table.add_column(s.name, justify="right")
    for r in range(1, MAX_RANKS_SHOWN + 1):
        key = f"{ENTRANT_PREFIX}{r}"
        table.add_row(str(r), *(_cell(s.figures[key], True) for s in result.scenarios))
    return table


@market_app.command("simulate")
def simulate(
    specialty: Annotated[
        str, typer.Option("--specialty", "-s", help="ACGME code: 416 (IR-Integrated) or 420 (DR).")
    ],
    runs: Annotated[
        int, typer.Option("--runs", "-n", min=1, max=MAX_RUNS, help="Markets to simulate.")
    ] = DEFAULT_RUNS,
    seed: Annotated[int, typer.Option("--seed", help="One seed for all runs.")] = DEFAULT_SEED,
    change: Annotated[
        list[str] | None,
        typer.Option(
            "--change",
            help='Simulate the market changed too, e.g. "applications+10", "signals*2", '
            '"positions-5", "rotations=0.5"; repeat for several changes at once.',
        ),
    ] = None,
    workers: Annotated[
        int | None, typer.Option("--workers", min=1, help="Processes (default: one per core).")
    ] = None,
    profile: Annotated[
        Path | None,
        typer.Option(
            "--profile",
            "-p",
            help="Put this applicant (your profile, TOML or JSON) in every market: your own "
            "P(match) by number of contiguous ranks.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the figures as JSON.")] = False,
) -> None:
    """Simulate a specialty's market many times: match rates, fill rate, P(match) by ranks.

    Every figure is the mean across runs with the 2.5th to 97.5th percentile across runs.
    """
    try:
        applicant = load_profile(profile) if profile is not None else None
    except ProfileError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    request = SimulationRequest(
        specialty=specialty,
        runs=runs,
        seed=seed,
        changes=tuple(change or ()),
        workers=workers,
        profile=applicant,
    )
    try:
        with Progress(
            "[progress.description]{task.description}",
            BarColumn(),
            MofNCompleteColumn(),
            TimeRemainingColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("Simulating markets", total=None)
            result = run_simulation(
                request, progress=lambda done, total: bar.update(task, completed=done, total=total)
            )
    except SimulationError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from None
    if as_json:
        sys.stdout.write(json.dumps(result_to_dict(result), indent=2) + "\n")
        return
    out.print(_figures_table(result))
    out.print(_ranks_table(result))
    out.print(f"Mean (and {result.interval}); parameters {result.parameters_version}.")
    if result.entrant_interval:
        out.print(_entrant_table(result))
        out.print(
            "Your curve: the share of runs in which you matched (and its "
            f"{result.entrant_interval}). With n ranks you interviewed at n programs drawn in "
            "proportion to your chance of an interview there; see docs/market.md."
        )
    for note in result.notes:
        out.print(f"[dim]{note}[/]", highlight=False)


@market_app.command("worker")
def worker(
    once: Annotated[
        bool, typer.Option("--once", help="Run what is queued, then stop (for cron or tests).")
    ] = False,
    poll: Annotated[
        float, typer.Option("--poll", min=0.2, help="Seconds between looks at the queue.")
    ] = 2.0,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Processes per simulation (default: one per core)."),
    ] = None,
    database: Annotated[
        str | None,
        typer.Option("--database", help="A database URL. Default: DATABASE_URL, as the app."),
    ] = None,
) -> None:
    """Hosted mode: run the simulations queued on the Market page, oldest first, until stopped.

    Start one (or more) beside the web processes, with the same settings; see docs/market.md.
    """
    import os

    if database:
        os.environ["DATABASE_URL"] = database
    from matchwise.site.server import setup_django

    setup_django()
    from django.db.utils import OperationalError

    from matchwise.market.tasks import work

    if not once:
        out.print("Waiting for simulations queued on the Market page (Ctrl+C stops)...")
    try:
        ran = work(once=once, poll_seconds=poll, workers=workers, echo=out.print)
    except OperationalError as exc:
        err.print(f"[bold red]error:[/] cannot use the database: {str(exc).splitlines()[0]}")
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        raise typer.Exit(0) from None
    out.print(f"Ran {ran} simulation(s).")
