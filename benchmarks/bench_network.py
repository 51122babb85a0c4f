"""Time the Network's follow-up computation and pages with many contacts, in the same run.

    python benchmarks/bench_network.py [--contacts N] [--repeat N]

A fresh SQLite database in a temporary folder gets N contacts (default 1,000, as a large LinkedIn
import) with three interactions each. Baseline: reading the same rows from the database without
any rule (the cost the ORM alone sets). Measured: every contact's next follow-up (what the Due
page and the overdue badge on every page compute), and the Due and Overview pages in-process.
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
from matchwise.network import services  # noqa: E402
from matchwise.network.models import ContactRow, InteractionRow  # noqa: E402
from matchwise.programs.services import ensure_catalog  # noqa: E402


def _time(run: Callable[[], object], repeat: int) -> float:
    run()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    ensure_catalog()
    user = local_user()
    start = date(2026, 1, 1)
    rows = ContactRow.objects.bulk_create(
        ContactRow(owner=user, name=f"Contact {i}", relationship="mentor" if i % 10 == 0 else
                   "acquaintance", tags=["linkedin"], met_on=start)
        for i in range(args.contacts)
    )  # fmt: skip
    InteractionRow.objects.bulk_create(
        InteractionRow(owner=user, contact=row, on=start + timedelta(days=7 * k + i % 30),
                       channel="conference" if k == 2 else "email", summary="...")
        for i, row in enumerate(rows)
        for k in range(3)
    )  # fmt: skip
    client = Client()

    def page(url: str) -> Callable[[], object]:
        def run() -> object:
            response = client.get(url)
            if response.status_code != 200:
                sys.exit(f"{url} answered {response.status_code}")
            return response

        return run

    baseline = _time(
        lambda: (list(ContactRow.objects.filter(owner=user)),
                 list(InteractionRow.objects.filter(owner=user))),
        args.repeat,
    )  # fmt: skip
    timings = {
        "every follow-up (rules)": _time(lambda: services.follow_ups(user), args.repeat),
        "Due page": _time(page("/network/due/"), args.repeat),
        "Overview page": _time(page("/network/"), args.repeat),
        "Programs page (with the badge)": _time(page("/programs/"), args.repeat),
    }
    n = args.contacts
    print(f"{n} contacts, {3 * n} interactions; reading them alone: {baseline * 1000:.0f} ms")
    for name, seconds in timings.items():
        print(f"  {name:32s} {seconds * 1000:7.1f} ms | x{seconds / baseline:5.2f} the reading")


if __name__ == "__main__":
    main()
