"""``matchwise scholarly``: import a reference manager's file, export ERAS entries, citations, a CV
and the portfolio, and run the honesty checks, on the local database (or ``--database URL``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from matchwise.cli.network import DatabaseOpt, UserOpt, _fail, _user

scholarly_app = typer.Typer(
    help="Your research portfolio: import, ERAS entries, CV, honesty checks.",
    no_args_is_help=True,
)
out = Console(width=None if sys.stdout.isatty() else 150)
FORMATS = ("eras", "eras-json", "ama", "cv-pdf", "cv-docx", "csv", "xlsx", "bibtex", "csl-json")


@scholarly_app.command("import")
def import_references(
    path: Annotated[Path, typer.Argument(help="A .bib, .ris, .nbib/.txt (PubMed) or .json file.")],
    me: Annotated[
        str | None,
        typer.Option("--me", help='Your name as author lists write it: "Okafor S; Okafor SO".'),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would happen; write nothing.")
    ] = False,
    skip_bad_entries: Annotated[
        bool, typer.Option("--skip-bad-entries", help="Import the good entries, list the bad.")
    ] = False,
    duplicates: Annotated[
        str, typer.Option("--duplicates", help="Items you already have: skip, merge or add.")
    ] = "skip",
    database: DatabaseOpt = None,
    user: UserOpt = None,
) -> None:
    """Import references: the whole file is checked first and nothing is written if an entry is
    wrong (unless --skip-bad-entries); duplicates are merged only with --duplicates merge."""
    if duplicates not in ("skip", "merge", "add"):
        raise _fail(f"--duplicates: {duplicates!r} is not one of skip, merge, add")
    owner = _user(database, user)  # sets Django up: the imports below need it
    from matchwise.formats.scholarly.references import ReferenceFileError
    from matchwise.scholarly import imports

    variants = [v.strip() for v in (me or "").split(";") if v.strip()]
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise _fail(f"{path}: cannot read the file ({exc.strerror})") from None
    try:
        found = imports.preview(
            owner,
            data,
            name=path.name,
            me=variants,
            applicant=variants[0] if variants else "",
            skip_bad_entries=skip_bad_entries,
        )
    except ReferenceFileError as exc:
        raise _fail(str(exc)) from None
    out.print(f"{len(found.new)} new, {len(found.duplicates)} already in your portfolio")
    for d in found.duplicates:
        out.print(f"duplicate: {d.incoming.title} = your {d.existing_title} ({d.reason})")
    for s in found.skipped:
        out.print(f"skipped: {s}", highlight=False)
    if found.unmatched:
        out.print(f"your name was not found among the authors of {found.unmatched} item(s)")
    if found.suggestions:
        out.print("the file also writes names like yours as: " + "; ".join(found.suggestions))
    if dry_run:
        out.print("Dry run: nothing was written.")
        return
    choice: Any = duplicates
    added, merged, skipped = imports.apply(
        owner, found, dict.fromkeys(range(len(found.duplicates)), choice), me=variants
    )
    out.print(f"Imported {path.name}: {added} added, {merged} merged, {skipped} skipped.")


@scholarly_app.command("export")
def export(
    fmt: Annotated[str, typer.Option("--format", "-f", help=", ".join(FORMATS))] = "eras",
    output: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: by format).")
    ] = None,
    season: Annotated[int, typer.Option("--season", help="The ERAS season.")] = 2027,
    name: Annotated[str, typer.Option("--name", help="Your name, for the CV's heading.")] = "",
    database: DatabaseOpt = None,
    user: UserOpt = None,
) -> None:
    """Export ERAS Scholarly Works entries, AMA citations, a CV (PDF, DOCX), the portfolio
    (CSV, XLSX) or your references (BibTeX, CSL-JSON)."""
    if fmt not in FORMATS:
        raise _fail(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    owner = _user(database, user)
    from matchwise.formats.scholarly.eras import ErasDataError
    from matchwise.scholarly import imports

    try:
        data = imports.export(owner, fmt, name=name, season=season)
    except ErasDataError as exc:
        raise _fail(f"--season: {exc}") from None
    target = output or Path(f"matchwise-{imports.EXPORTS[fmt][1]}")
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise _fail(f"{target}: cannot write the file ({exc.strerror})") from None
    out.print(f"Wrote {target}.")


@scholarly_app.command("check")
def check(
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
    database: DatabaseOpt = None,
    user: UserOpt = None,
) -> None:
    """The honesty checks and the benchmarks (each with its source); exit status 1 when an
    item has an error to fix."""
    owner = _user(database, user)
    from matchwise.scholarly import services

    found = services.review(owner)
    findings = [
        {"severity": f.severity.value, "code": f.code, "title": f.title, "reason": f.reason}
        for f in found.findings
    ]
    marks = [
        {"measure": b.label, "value": b.value, "standing": b.standing, "source": b.source}
        for b in found.benchmarks
    ]
    if as_json:
        sys.stdout.write(json.dumps({"findings": findings, "benchmarks": marks}, indent=2) + "\n")
    else:
        table = Table("Severity", "Item", "What to fix")
        for f in findings:
            table.add_row(f["severity"], f["title"][:60], f["reason"])
        out.print(table if findings else "Nothing to fix.")
        for b in marks:
            out.print(f"{b['standing']}  [dim](source: {b['source']})[/]")
    if any(f["severity"] == "error" for f in findings):
        raise typer.Exit(1)
