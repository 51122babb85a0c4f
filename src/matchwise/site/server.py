"""Local mode: migrate, load the catalog, serve on 127.0.0.1 with waitress.

``matchwise serve`` calls :func:`run_server`; ``matchwise check`` calls :func:`check`.
"""

from __future__ import annotations

import os
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from matchwise.site.config import read_config

DEFAULT_PORT = 8765


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "matchwise.site.settings")
    import django

    django.setup()


def check() -> list[str]:
    """Everything misconfigured, in words (an empty list when all is well)."""
    config = read_config()
    problems = list(config.problems)
    if problems:
        return problems
    setup_django()
    from django.db import connection
    from django.db.utils import OperationalError

    try:
        connection.ensure_connection()
    except OperationalError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        problems.append(
            f"cannot reach the database ({config.database_url.split('@')[-1]}): {first}"
        )
    return problems


def prepare(catalog: Path | None, echo: Callable[[str], None]) -> None:
    """Apply migrations; load ``catalog`` (validated whole first), or the DEMO catalog once."""
    setup_django()
    from django.core.management import call_command

    from matchwise.programs.services import ensure_catalog, import_catalog_file

    call_command("migrate", verbosity=0, interactive=False)
    if catalog is not None:
        echo(f"Loaded {import_catalog_file(catalog)} programs from {catalog}.")
    elif loaded := ensure_catalog():
        echo(f"First run: loaded the DEMO catalog ({loaded} synthetic programs).")


def run_server(
    *, port: int, open_browser: bool, catalog: Path | None, echo: Callable[[str], None]
) -> None:
    config = read_config()
    if config.problems:
        raise RuntimeError("; ".join(config.problems))
    prepare(catalog, echo)
    from waitress import serve

    from matchwise.site.wsgi import application

    address = f"http://127.0.0.1:{port}/"
    echo(f"MatchWise is running at {address} (data in {config.data_dir}). Ctrl+C stops it.")
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(address,)).start()
    serve(application, host="127.0.0.1", port=port, threads=4, _quiet=True)
