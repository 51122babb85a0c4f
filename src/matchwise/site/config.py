"""Settings from environment variables, in one place, with what is wrong said in words.

Local mode (the default) needs nothing: SQLite in the user's data folder, a secret key made on
first run and kept there, bound to 127.0.0.1. Hosted mode needs a PostgreSQL ``DATABASE_URL``
and a ``MATCHWISE_SECRET_KEY``. See docs/settings.md.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_data_dir

MODES = ("local", "hosted")


@dataclass(frozen=True)
class Config:
    mode: str
    data_dir: Path
    database_url: str
    secret_key: str
    problems: tuple[str, ...] = field(default=())
    smtp_host: str = ""
    lookups: bool = False  # DOI/PMID look-ups at Crossref and PubMed (they send the id out)

    @property
    def hosted(self) -> bool:
        return self.mode == "hosted"


def _secret_for(data_dir: Path) -> str:
    """Local mode keeps a generated key in the data folder (never in the code)."""
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


def read_config(env: dict[str, str] | None = None) -> Config:
    """The configuration in force, with every problem listed (never raising)."""
    env = dict(os.environ) if env is None else env
    problems: list[str] = []
    mode = env.get("MATCHWISE_MODE", "local").strip().lower()
    if mode not in MODES:
        problems.append(f"MATCHWISE_MODE={mode!r} is not one of local, hosted")
        mode = "local"
    data_dir = Path(env.get("MATCHWISE_DATA_DIR") or user_data_dir("matchwise", appauthor=False))
    url = env.get("DATABASE_URL", "")
    key = env.get("MATCHWISE_SECRET_KEY", "")
    if mode == "hosted":
        if not key:
            problems.append("hosted mode needs MATCHWISE_SECRET_KEY (a long random string)")
        elif len(key) < 32:
            problems.append("MATCHWISE_SECRET_KEY is too short: use at least 32 characters")
        if not url.startswith(("postgres://", "postgresql://")):
            problems.append("hosted mode needs DATABASE_URL=postgres://user@host:5432/dbname")
    if not url:
        url = f"sqlite:///{data_dir / 'matchwise.sqlite3'}"
    if not key and mode == "local":
        key = _secret_for(data_dir)
    return Config(
        mode=mode,
        data_dir=data_dir,
        database_url=url,
        secret_key=key or "unset-" + secrets.token_urlsafe(16),
        problems=tuple(problems),
        smtp_host=env.get("MATCHWISE_SMTP_HOST", ""),
        lookups=env.get("MATCHWISE_LOOKUPS", "").strip().lower() in ("1", "on", "yes", "true"),
    )
