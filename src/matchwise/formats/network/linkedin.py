"""LinkedIn's ``Connections.csv`` in, and LinkedIn profile addresses made comparable.

The export starts with a few lines of notes, then the header ``First Name,Last Name,URL,Email
Address,Company,Position,Connected On``. Company becomes the institution, Position the title
(and a cautious guess at the role: :func:`guess_role`), URL the LinkedIn profile, how_met
"LinkedIn", and "Connected On" the date of the first interaction.

>>> normalise_linkedin("https://www.LinkedIn.com/in/ana-rao/?trk=x")
'linkedin.com/in/ana-rao'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any
from urllib.parse import unquote

from matchwise.formats.network.contact_records import (
    ContactProblem,
    ImportedContact,
    Parsed,
    build_contact,
    guess_role,
    is_blank,
    parse_date,
)


def normalise_linkedin(url: str) -> str:
    """A LinkedIn profile address without scheme, ``www.``, query or trailing slash, lower case."""
    text = unquote(url.strip()).lower()
    text = re.sub(r"^[a-z][a-z0-9+.\-]*://", "", text)
    text = re.split(r"[?#]", text, maxsplit=1)[0].removeprefix("www.")
    text = re.sub(r"^(?:[a-z]{2,3}\.)?linkedin\.com\b", "linkedin.com", text)
    return text.rstrip("/")


def linkedin_header(rows: Sequence[Sequence[str]]) -> int | None:
    """Where LinkedIn's header is: its export starts with a few lines of notes."""
    needed = {"first name", "last name", "connected on"}
    for i, row in enumerate(rows[:20]):
        if needed <= {c.strip().lower() for c in row}:
            return i
    return None


_LINKEDIN_FIELDS = {
    "name": "First Name",
    "linkedin": "URL",
    "email": "Email Address",
    "institution": "Company",
    "position": "Position",
    "role": "Position",
}


def from_linkedin(rows: Sequence[Sequence[str]], at: int) -> Parsed:
    where = {c.strip().lower(): i for i, c in enumerate(rows[at]) if c.strip()}
    contacts: list[ImportedContact] = []
    problems: list[ContactProblem] = []
    for number, cells in enumerate(rows[at + 1 :], start=at + 2):
        if is_blank(cells):
            continue
        cell = {name: cells[i].strip() if i < len(cells) else "" for name, i in where.items()}
        raw = {field: cell.get(column.lower(), "") for field, column in _LINKEDIN_FIELDS.items()}
        raw["name"] = " ".join(p for p in (cell.get("first name"), cell.get("last name")) if p)
        values: dict[str, Any] = {k: v for k, v in raw.items() if k != "role"}
        # tagged, so that one tag rule can set how often LinkedIn connections are due
        values |= {
            "role": guess_role(raw["position"]),
            "how_met": "LinkedIn",
            "tags": ("linkedin",),
        }
        row_problems: list[ContactProblem] = []
        connected: date | None = None
        if on := cell.get("connected on", ""):
            try:
                connected = parse_date(on)
            except ValueError as exc:
                row_problems.append(ContactProblem(number, "Connected On", on, str(exc)))
        contact, more = build_contact(number, values, raw, _LINKEDIN_FIELDS)
        problems += row_problems + more
        if contact is not None and not row_problems:
            contacts.append(ImportedContact(contact, connected, number))
    return contacts, problems
