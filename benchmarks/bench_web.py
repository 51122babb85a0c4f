"""Time the web app's own work per request, on the DEMO catalog and on a 1,000-program catalog.

    python benchmarks/bench_web.py [--repeat N]

Every request goes through Django's full stack (middleware, CSP, templates) in-process, on a
fresh SQLite database in a temporary folder; the network is left out so that the figures are the
server's time. Baselines from the same run:
- the engine's pick alone (no Django): what a Pick recompute costs before the page is drawn;
- a small page (one program): the fixed cost of any request.
"Slider sweep" asks a new budget each time (nothing cached from an earlier answer but the
chart, which depends only on the curve). The target (issue 3): a Pick recompute within the
time a slider needs to feel live (~0.3 s), and the catalog and Pick pages quick with 1,000
programs.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator

os.environ["MATCHWISE_DATA_DIR"] = tempfile.mkdtemp(prefix="matchwise-bench-")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "matchwise.site.settings")

import django

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from matchwise.engine.pick.program import Program  # noqa: E402
from matchwise.formats.pick.catalog import load_demo_catalog  # noqa: E402
from matchwise.pick.service import (  # noqa: E402
    PickRequest,
    example_profile_path,
    load_profile,
    run_pick,
)
from matchwise.programs.services import all_programs, replace_catalog  # noqa: E402


def _time(run: Callable[[], object], repeat: int) -> float:
    run()  # warm caches
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _get(client: Client, url: str, **headers: str) -> Callable[[], object]:
    def run() -> object:
        response = client.get(url, headers=headers)
        if response.status_code != 200:
            sys.exit(f"{url} answered {response.status_code}")
        return response

    return run


def _sweep(client: Client, budgets: Iterator[int]) -> Callable[[], object]:
    return lambda: _get(client, f"/pick/?budget={next(budgets)}", **{"HX-Request": "true"})()


def _thousand() -> list[Program]:
    """1,000 programs: the DEMO catalog repeated under new codes (same shapes, more of them)."""
    demo = load_demo_catalog()
    out: list[Program] = []
    copy = 0
    while len(out) < 1000:
        for program in demo:
            if len(out) == 1000:
                break
            code = program.code if copy == 0 else f"{8000 + copy * 500 + len(out) % 500:04d}"
            out.append(program.model_copy(update={"code": code + program.code[4:]}))
        copy += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    profile = load_profile(example_profile_path())
    client = Client()
    rows = []
    for label, programs in (("DEMO (462)", list(load_demo_catalog())), ("1,000", _thousand())):
        replace_catalog(programs)
        catalog = all_programs()
        form = {  # the example profile through the profile page, as a user would save it
            **profile.model_dump(mode="json", exclude_none=True),
            "home_states": ",".join(profile.home_states),
        }
        form.pop("preferences", None)
        form.pop("ties", None)
        saved = client.post("/pick/profile/", form)
        assert saved.status_code == 302, saved.content[:500]
        one = catalog[0].code
        engine = _time(
            lambda c=catalog: run_pick(PickRequest(profile=profile, catalog=c, budget_usd=900)),
            args.repeat,
        )
        small = _time(_get(client, f"/programs/{one}/"), args.repeat)
        budgets = itertools.cycle(range(300, 2000, 25))  # a slider sweep: a new budget each time
        timings = {
            "Pick recompute, slider sweep": _time(_sweep(client, budgets), args.repeat),
            "Pick recompute (HTMX, $900)": _time(
                _get(client, "/pick/?budget=900", **{"HX-Request": "true"}), args.repeat
            ),
            "Pick page, full load ($900)": _time(_get(client, "/pick/?budget=900"), args.repeat),
            "Programs page": _time(_get(client, "/programs/"), args.repeat),
            "Programs, passes my filters": _time(_get(client, "/programs/?fits=on"), args.repeat),
        }
        print(f"\nCatalog {label}: engine pick alone {engine * 1000:.0f} ms; "
              f"one-program page {small * 1000:.1f} ms")  # fmt: skip
        for name, seconds in timings.items():
            print(f"  {name:32s} {seconds * 1000:7.1f} ms | x{seconds / engine:4.2f} the engine "
                  f"pick | x{seconds / small:5.1f} a one-program page")  # fmt: skip
            rows.append((label, name, seconds))


if __name__ == "__main__":
    main()
