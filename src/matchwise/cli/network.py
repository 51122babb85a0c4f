"""``matchwise network``: import and export contacts, and who is due a follow-up, on the local
database (or ``--database URL``), through the same services as the pages."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

network_app = typer.Typer(
    help="Your network: import and export contacts, see who is due a follow-up.",
    no_args_is_help=True,
)
out = Console(width=None if sys.stdout.isatty() else 150)
err = Console(stderr=True)

DatabaseOpt = Annotated[
    str | None,
    typer.Option(
        "--database",
        help="A database URL (postgres://... or sqlite:///...). Default: your local data.",
    ),
]
UserOpt = Annotated[
    str | None,
    typer.Option("--user", help="Whose network, by username (hosted mode; local mode has one)."),
]
EXPORT_FORMATS = ("csv", "xlsx", "vcard", "ics", "interactions")


def _fail(message: str) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    return typer.Exit(2)


def _user(database: str | None, username: str | None) -> Any:
    """Open the database (migrated) and return the user whose rows the command touches."""
    if database:
        os.environ["DATABASE_URL"] = database
    from matchwise.site.server import setup_django

    setup_django()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db.utils import OperationalError

    try:
        call_command("migrate", verbosity=0, interactive=False)
    except OperationalError as exc:
        raise _fail(f"cannot open the database: {str(exc).splitlines()[0]}") from None
    if not settings.MATCHWISE_HOSTED:
        from matchwise.accounts.middleware import local_user

        return local_user()
    if not username:
        raise _fail("hosted mode: say whose network with --user USERNAME")
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise _fail(f"--user: no user called {username!r}")
    return user


@network_app.command("import")
def import_contacts(
    path: Annotated[Path, typer.Argument(help="Connections.csv, a .vcf, or a .csv/.xlsx sheet.")],
    mapping: Annotated[
        str | None,
        typer.Option("--map", help='Your own column names: "Full Name=name,Hospital=institution".'),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would happen; write nothing.")
    ] = False,
    skip_bad_rows: Annotated[
        bool, typer.Option("--skip-bad-rows", help="Import the good rows and list the bad ones.")
    ] = False,
    duplicates: Annotated[
        str,
        typer.Option(
            "--duplicates",
            help="What to do with contacts you already have: skip, merge or add.",
        ),
    ] = "skip",
    database: DatabaseOpt = None,
    user: UserOpt = None,
) -> None:
    """Import contacts: the whole file is checked first; nothing is written if a row is wrong
    (unless --skip-bad-rows), and duplicates are merged only with --duplicates merge."""
    if duplicates not in ("skip", "merge", "add"):
        raise _fail(f"--duplicates: {duplicates!r} is not one of skip, merge, add")
    owner = _user(database, user)  # sets Django up: the imports below need it
    from matchwise.formats.network.contacts import ContactFileError, parse_contact_mapping
    from matchwise.network.imports import apply_import, preview_import, preview_lines

    try:
        preview = preview_import(
            owner,
            path,
            mapping=parse_contact_mapping(mapping) if mapping else None,
            skip_bad_rows=skip_bad_rows,
        )
    except ContactFileError as exc:
        raise _fail(str(exc)) from None
    for line in preview_lines(preview):
        out.print(line, highlight=False)
    if dry_run:
        out.print("Dry run: nothing was written.")
        return
    choice: Any = duplicates
    summary = apply_import(owner, preview, dict.fromkeys(range(len(preview.duplicates)), choice))
    out.print(
        f"Imported {path.name}: {summary.added} added, {summary.merged} merged, "
        f"{summary.skipped} duplicates skipped."
    )


@network_app.command("export")
def export(
    fmt: Annotated[
        str,
        typer.Option("--format", "-f", help="csv, xlsx, vcard (contacts), ics, interactions."),
    ] = "csv",
    output: Annotated[
        Path | None, typer.Option("--out", "-o", help="File to write (default: by format).")
    ] = None,
    database: DatabaseOpt = None,
    user: UserOpt = None,
) -> None:
    """Export contacts (CSV, XLSX, vCard), interactions (CSV) or follow-ups (iCalendar)."""
    if fmt not in EXPORT_FORMATS:
        raise _fail(f"--format: {fmt!r} is not one of {', '.join(EXPORT_FORMATS)}")
    owner = _user(database, user)
    from django.utils import timezone

    from matchwise.formats.network.calendar import follow_ups_to_ics
    from matchwise.network.imports import export_contacts, export_interactions
    from matchwise.network.services import follow_ups

    if fmt == "ics":
        items = [(d.row.to_contact(), d.follow_up) for d in follow_ups(owner)]
        data = follow_ups_to_ics(items, calendar_name="MatchWise follow-ups", stamp=timezone.now())
        default = "matchwise-follow-ups.ics"
    elif fmt == "interactions":
        data, default = export_interactions(owner), "matchwise-interactions.csv"
    else:
        suffix = "vcf" if fmt == "vcard" else fmt
        data, default = export_contacts(owner, suffix), f"matchwise-contacts.{suffix}"
    target = output or Path(default)
    try:
        target.write_bytes(data)
    except OSError as exc:
        raise _fail(f"{target}: cannot write the file ({exc.strerror})") from None
    out.print(f"Wrote {target}.")


@network_app.command("due")
def due(
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
    everyone: Annotated[
        bool, typer.Option("--all", help="Every contact's next follow-up, not only those due.")
    ] = False,
    database: DatabaseOpt = None,
    user: UserOpt = None,
) -> None:
    """Who is due a follow-up, why, since when, and what was last said and promised."""
    owner = _user(database, user)
    from matchwise.network.services import follow_ups

    items = [
        d for d in follow_ups(owner) if everyone or d.follow_up.state.value in ("due", "overdue")
    ]
    rows = [
        {
            "name": d.row.name,
            "state": d.follow_up.state.value,
            "rule": d.follow_up.rule.key,
            "due_from": d.follow_up.due_from.isoformat(),
            "overdue_after": d.follow_up.overdue_after.isoformat(),
            "reason": d.follow_up.reason,
            "last_summary": d.last_row.summary if d.last_row else "",
            "promised": d.last_row.promised if d.last_row else "",
        }
        for d in items
    ]
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    if not rows:
        out.print("Nobody is due a follow-up today.")
        return
    table = Table("Who", "State", "Due from", "Why", "Last said / promised")
    for r in rows:
        said = " / ".join(t for t in (r["last_summary"], r["promised"]) if t)
        table.add_row(r["name"], r["state"], r["due_from"], r["reason"], said)
    out.print(table)
