"""``matchwise roadmap plan``, ``matchwise agenda``, ``matchwise readiness`` and
``matchwise export-ics``: the Roadmap on the local database (or ``--database URL``), through the
same services as the pages."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from matchwise.cli.network import DatabaseOpt, UserOpt, _fail, _user, out

roadmap_app = typer.Typer(
    help="Your roadmap to Match Day: a plan that dates itself from the cycle.",
    no_args_is_help=True,
)


@roadmap_app.command("plan")
def plan(
    cycle: Annotated[
        int | None, typer.Option("--cycle", help="The Match year you enter, e.g. 2028.")
    ] = None,
    pathway: Annotated[
        str | None,
        typer.Option("--pathway", help="Comma-separated: ir-integrated, dr-esir, ir-independent."),
    ] = None,
    time_zone: Annotated[
        str | None, typer.Option("--time-zone", help="Where you are, e.g. Asia/Kolkata.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
    database: DatabaseOpt = None,
    user: UserOpt = None,
) -> None:
    """Make (or re-date) the plan for a cycle and pathways, and show it; without options, show
    the plan you have. Statuses, reasons and the dates you set are kept."""
    from matchwise.formats.roadmap.shipped_data import RoadmapDataError, parse_pathways

    try:
        pathways = parse_pathways(pathway) if pathway is not None else None
    except RoadmapDataError as exc:
        raise _fail(f"--pathway: {exc}") from None
    owner = _user(database, user)
    from matchwise.roadmap import services

    found = services.settings_of(owner)
    if cycle is not None or pathways is not None or time_zone is not None:
        year = cycle if cycle is not None else (found.cycle_year if found else None)
        if year is None:
            raise _fail("no plan yet: give --cycle (the Match year, e.g. 2028)")
        try:
            services.save_settings(
                owner,
                cycle_year=year,
                pathways=pathways or services.pathways_of(found),
                time_zone=time_zone or (found.time_zone if found else "UTC"),
            )
        except services.RoadmapError as exc:
            raise _fail(str(exc)) from None
        added, moved, removed = services.apply_plan(owner)
        if not as_json:
            out.print(f"Plan: {added} milestones added, {moved} moved, {removed} removed.")
    elif found is None:
        raise _fail("no plan yet: matchwise roadmap plan --cycle 2028 --pathway ir-integrated")
    from matchwise.engine.roadmap.milestones import MilestoneStatus, is_late

    today = services.today_for(owner)
    rows = [
        {
            "id": m.id,
            "due": m.due.isoformat() if m.due else None,
            "estimated": m.estimated,
            "category": m.category,
            "title": m.title,
            "status": m.status,
            "late": is_late(m.due, MilestoneStatus(m.status), today),
            "basis": m.basis,
        }
        for m in services.milestones_of(owner)
    ]
    if as_json:
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    table = Table("Due", "Category", "Milestone", "Status")
    for r in rows:
        due = (r["due"] or "not dated") + ("~" if r["estimated"] else "")
        status = r["status"] + (" (late)" if r["late"] else "")
        table.add_row(due, r["category"], r["title"], status)
    out.print(table)
    out.print("~ estimated from an earlier cycle: the date is not published yet.")


def agenda(
    days: Annotated[int, typer.Option("--days", help="How many days ahead (1 to 730).")] = 7,
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
    database: DatabaseOpt = None,
    user: UserOpt = None,
) -> None:
    """This week's agenda across MatchWise: follow-ups and research updates (Network),
    milestones, letters to chase and the cycle's dates ahead; what is late comes first."""
    if not 1 <= days <= 730:
        raise _fail(f"--days: {days} is not from 1 to 730")
    owner = _user(database, user)
    from matchwise.engine.roadmap.agenda import KIND_LABELS
    from matchwise.roadmap.agenda import agenda_of
    from matchwise.roadmap.api import agenda_dict

    items = agenda_of(owner, days=days)
    if as_json:
        rows = [agenda_dict(i) for i in items]
        sys.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
        return
    if not items:
        out.print(f"Nothing due in the next {days} days, and nothing late.")
        return
    table = Table("When", "What", "", "Why")
    for i in items:
        when = i.on.isoformat() + (" overdue" if i.overdue else "")
        table.add_row(when, KIND_LABELS[i.kind], i.title, i.why)
    out.print(table)


def readiness(
    as_json: Annotated[bool, typer.Option("--json", help="JSON instead of a table.")] = False,
    effects: Annotated[
        bool,
        typer.Option("--effects/--no-effects", help="Price each gap with Pick's what-if (slower)."),
    ] = True,
    database: DatabaseOpt = None,
    user: UserOpt = None,
) -> None:
    """Where you stand against what matched applicants have, each benchmark with its source,
    and for each gap the next step and its effect on P(match)."""
    owner = _user(database, user)
    from matchwise.roadmap.api import readiness_dict
    from matchwise.roadmap.readiness import readiness_of

    found = readiness_of(owner, with_effects=effects)
    if found.profile is None:
        raise _fail("no profile yet: fill it in on the Profile page (matchwise serve)")
    data = readiness_dict(found)
    if as_json:
        sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        return
    table = Table("Benchmark", "You", "Matched", "Next step", "Effect", "Source")
    for b in data["benchmarks"]:
        have = "not yet" if b["have"] is None else f"{b['have']:g}"
        mark = " ✓" if b["met"] else ""
        effect = b["effect"]["text"] if b["effect"] else ""
        source = f"{b['source']} ({b['confidence']})"
        table.add_row(b["label"], have + mark, b["target"], b["action"], effect, source)
    out.print(table)
    out.print(f"{data['met']} of {len(data['benchmarks'])} benchmarks met.")


def export_ics(
    output: Annotated[Path, typer.Option("--out", "-o", help="File to write.")] = Path(
        "matchwise-agenda.ics"
    ),
    database: DatabaseOpt = None,
    user: UserOpt = None,
) -> None:
    """Write the agenda (two years ahead, and what is late) as an iCalendar file."""
    owner = _user(database, user)
    from matchwise.roadmap.agenda import agenda_ics

    try:
        output.write_bytes(agenda_ics(owner))
    except OSError as exc:
        raise _fail(f"{output}: cannot write the file ({exc.strerror})") from None
    out.print(f"Wrote {output}.")
