"""Time the Roadmap's pages per request, on a user with a full plan, letters and a network.

    python benchmarks/bench_roadmap.py [--repeat N] [--contacts N]

Every request goes through Django's full stack in-process, on a fresh SQLite database in a
temporary folder. The user: the example profile, the DEMO catalog, the 2028 plan for
IR-Integrated + DR/ESIR (30 milestones), three letters and N contacts (default 300) with five
interactions each. Baselines from the same run: the engine's pick alone (what one what-if
costs) and a one-program page (the fixed cost of any request). The targets: the landing page
and the agenda as quick as any page of the app; the readiness page, which prices each gap with
a pick, within about a second.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta

os.environ["MATCHWISE_DATA_DIR"] = tempfile.mkdtemp(prefix="matchwise-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "matchwise.site.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from matchwise.accounts.middleware import local_user  # noqa: E402
from matchwise.engine.network.contacts import Contact, Interaction  # noqa: E402
from matchwise.network import services as network  # noqa: E402
from matchwise.pick.service import PickRequest, load_profile, run_pick  # noqa: E402
from matchwise.pick.web import save_profile  # noqa: E402
from matchwise.programs.services import all_programs, ensure_catalog  # noqa: E402
from matchwise.roadmap import services as roadmap  # noqa: E402
from matchwise.roadmap.readiness import WHATIF_DRAWS  # noqa: E402


def _time(run: Callable[[], object], repeat: int) -> float:
    run()  # warm caches
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _get(client: Client, url: str) -> Callable[[], object]:
    def run() -> object:
        response = client.get(url)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
        return response

    return run


def _populate(contacts: int) -> None:
    user = local_user()
    profile = load_profile(None)
    save_profile(user, profile)
    roadmap.save_settings(user, cycle_year=2028, pathways=["ir-integrated", "dr-esir"],
                          time_zone="Asia/Kolkata")  # fmt: skip
    roadmap.apply_plan(user)
    for i, (status, asked) in enumerate((("agreed", 40), ("asked", 20), ("to_ask", None))):
        roadmap.save_letter(
            user, None, writer=f"Dr. Writer {i}", specialty="ir", us_based=True, status=status,
            asked_on=date(2026, 11, 23) - timedelta(days=asked) if asked else None,
            agreed_on=date(2026, 11, 1) if status == "agreed" else None,
        )  # fmt: skip
    start = date(2026, 1, 5)
    for i in range(contacts):
        row = network.save_contact(
            user, Contact(name=f"Contact {i:04d}", relationship="mentor" if i % 10 == 0 else
                          "acquaintance", mentor_kinds=["clinical"] if i % 10 == 0 else []),
            first_interaction=Interaction(on=start, channel="email"),
        )  # fmt: skip
        for k in range(1, 5):
            day = start + timedelta(days=40 * k + i % 30)
            network.add_interaction(user, row, Interaction(on=day, channel="meeting"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--contacts", type=int, default=300)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    ensure_catalog()
    _populate(args.contacts)
    client = Client()
    profile = load_profile(None)
    catalog = all_programs()
    engine = _time(
        lambda: run_pick(PickRequest(profile=profile, catalog=catalog, draws=WHATIF_DRAWS)),
        args.repeat,
    )
    small = _time(_get(client, f"/programs/{catalog[0].code}/"), args.repeat)
    timings = {
        "This week (landing page)": _time(_get(client, "/"), args.repeat),
        "Roadmap: plan and timeline": _time(_get(client, "/roadmap/"), args.repeat),
        "Cycle dates": _time(_get(client, "/roadmap/cycle/"), args.repeat),
        "Letters (with suggestions)": _time(_get(client, "/roadmap/letters/"), args.repeat),
        "Agenda, 30 days": _time(_get(client, "/roadmap/agenda/?days=30"), args.repeat),
        "Agenda calendar file (.ics)": _time(_get(client, "/roadmap/agenda.ics"), args.repeat),
        "Readiness, gaps priced": _time(_get(client, "/roadmap/readiness/"), args.repeat),
    }
    print(f"\n{args.contacts} contacts, 30 milestones, 3 letters: engine pick alone "
          f"({WHATIF_DRAWS} draws) {engine * 1000:.0f} ms; "
          f"one-program page {small * 1000:.1f} ms")  # fmt: skip
    for name, seconds in timings.items():
        print(f"  {name:30s} {seconds * 1000:7.1f} ms | x{seconds / engine:5.2f} the engine "
              f"pick | x{seconds / small:6.1f} a one-program page")  # fmt: skip


if __name__ == "__main__":
    main()
