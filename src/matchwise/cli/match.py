"""``matchwise match``: clear a market from an instance file the NRMP way and write the result."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from matchwise.engine.match.deferred_acceptance import solve, warm_up
from matchwise.engine.match.stability import check_matching
from matchwise.formats.market.match_instance import (
    MatchInstanceError,
    match_result,
    read_match_instance,
    write_match_result,
)

out = Console(width=None if sys.stdout.isatty() else 150)
err = Console(stderr=True)


def match_command(
    instance: Annotated[Path, typer.Argument(help="The instance file (JSON, see docs/match.md).")],
    output: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Write the result here (JSON); print a summary."),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Verify the result (capacities, no blocking pair); exit 1 if it fails."
        ),
    ] = False,
) -> None:
    """Run applicant-proposing deferred acceptance (couples, PGY-1 lists) on your rank lists."""
    try:
        loaded = read_match_instance(instance)
    except MatchInstanceError as exc:
        err.print(f"[bold red]error:[/] {exc}", highlight=False, markup=True, soft_wrap=True)
        raise typer.Exit(2) from None
    warm_up()  # compiling or loading the kernels is not part of the solve time
    start = time.perf_counter()
    matching = solve(loaded.instance)
    seconds = time.perf_counter() - start
    violations = (
        check_matching(
            loaded.instance,
            matching,
            applicant_names=loaded.applicant_ids,
            program_names=loaded.program_ids,
        )
        if check
        else None
    )
    result = match_result(loaded, matching, solve_seconds=seconds, violations=violations)
    if output is None:
        sys.stdout.write(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    else:
        try:
            write_match_result(output, result)
        except OSError as exc:
            err.print(f"[bold red]error:[/] {output}: cannot write ({exc.strerror})")
            raise typer.Exit(2) from None
        _print_summary(result["summary"], output)
    for problem in violations or []:
        err.print(f"[bold red]check failed:[/] {problem}", highlight=False, soft_wrap=True)
    if violations:
        raise typer.Exit(1)


def _print_summary(summary: dict[str, object], output: Path) -> None:
    couples = summary["couples"]
    assert isinstance(couples, dict)
    out.print(
        f"{summary['matched']:,} of {summary['applicants']:,} applicants matched "
        f"({summary['unmatched']:,} unmatched, {summary['pgy1_matched']:,} PGY-1 years from "
        f"supplemental lists); {summary['unfilled']:,} of {summary['positions']:,} positions "
        f"unfilled ({summary['reverted_positions']:,} reverted)",
        highlight=False,
    )
    if couples["count"]:
        out.print(
            f"couples: {couples['both_matched']} both matched, {couples['one_matched']} one "
            f"matched, {couples['unmatched']} unmatched",
            highlight=False,
        )
    out.print(
        f"outcome: {summary['outcome']}; {summary['proposals']:,} proposals in "
        f"{summary['solve_seconds']:.4f} s. Wrote {output}.",
        highlight=False,
    )
