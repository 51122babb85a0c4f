"""Contacts files in: which kind a file is, and reading it as contacts.

:func:`read_contacts` chooses by the file's suffix and content, and hands it to one module each:

- :mod:`~matchwise.formats.network.linkedin`: LinkedIn's ``Connections.csv`` export;
- :mod:`~matchwise.formats.network.vcard`: vCard files (``.vcf``), read and written;
- :mod:`~matchwise.formats.network.spreadsheet`: a contacts spreadsheet (``.csv`` or
  ``.xlsx``), read and written, and interactions written as CSV.

They share :mod:`~matchwise.formats.network.contact_records` (the problems, what reading
returns, building a Contact from cells). Reading validates the whole file first and reports
every problem with its row, column, value and what was expected; nothing is returned unless all
is well, or the caller asked to skip the bad rows, which are then listed.

This module is Network's one door to contacts files: it also offers the names callers use from
the modules behind it (:data:`__all__`), among them duplicates and merging
(:mod:`~matchwise.formats.network.duplicates`).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from matchwise.formats.network.contact_records import (
    ContactFileError,
    ContactProblem,
    ContactRead,
    ImportedContact,
    Parsed,
    file_error,
    guess_role,
    is_blank,
    parse_date,
)
from matchwise.formats.network.duplicates import DuplicatePair, find_duplicates, merge
from matchwise.formats.network.linkedin import from_linkedin, linkedin_header, normalise_linkedin
from matchwise.formats.network.spreadsheet import (
    COLUMNS,
    FIRST_INTERACTION,
    INTERACTION_COLUMNS,
    SPREADSHEET_SUFFIXES,
    contact_row,
    csv_rows,
    from_sheet,
    parse_contact_mapping,
    workbook_rows,
    write_contacts,
    write_interactions,
)
from matchwise.formats.network.vcard import VCARD_SUFFIXES, contacts_to_vcard, from_vcard

__all__ = [
    "COLUMNS",
    "FIRST_INTERACTION",
    "INTERACTION_COLUMNS",
    "SPREADSHEET_SUFFIXES",
    "SUFFIXES",
    "VCARD_SUFFIXES",
    "ContactFileError",
    "ContactProblem",
    "ContactRead",
    "DuplicatePair",
    "ImportedContact",
    "contact_row",
    "contacts_to_vcard",
    "find_duplicates",
    "guess_role",
    "merge",
    "normalise_linkedin",
    "parse_contact_mapping",
    "parse_date",
    "read_contacts",
    "write_contacts",
    "write_interactions",
]

SUFFIXES = SPREADSHEET_SUFFIXES + VCARD_SUFFIXES


def _decode(path: Path, source: str) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise file_error(source, "file not found") from None
    except OSError as exc:
        raise file_error(source, f"cannot read the file ({exc.__class__.__name__})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise file_error(
            source,
            f"line {line} is not UTF-8 text; save the file as UTF-8 (in Excel: CSV UTF-8)",
        ) from None


def read_contacts(
    path: Path, *, mapping: Mapping[str, str] | None = None, skip_bad_rows: bool = False
) -> ContactRead:
    """Validate and read a whole contacts file (see the module's docstring for the formats);
    raises :class:`ContactFileError` listing every problem. ``mapping``: the spreadsheet's
    own column names -> Contact fields (:func:`parse_contact_mapping`)."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise file_error(
            source,
            "a contacts file must be .csv or .xlsx (a spreadsheet or LinkedIn's "
            "Connections.csv) or .vcf (vCard)",
            suffix,
        )
    if suffix == ".xlsx":
        rows = workbook_rows(path, source)
    else:
        text = _decode(path, source)
        if not text.strip():
            raise file_error(source, "the file is empty")
        is_vcard = suffix in VCARD_SUFFIXES or text.lstrip().upper().startswith("BEGIN:VCARD")
        if is_vcard:
            if mapping is not None:
                raise file_error(source, "a column mapping is for spreadsheets, not vCards")
            return _finish(source, from_vcard(source, text), skip_bad_rows)
        rows = csv_rows(text, source)
    while rows and is_blank(rows[-1]):
        rows.pop()
    if not rows:
        raise file_error(source, "the file is empty")
    at = linkedin_header(rows) if mapping is None else None
    parsed = from_linkedin(rows, at) if at is not None else from_sheet(source, rows, mapping)
    return _finish(source, parsed, skip_bad_rows)


def _finish(source: str, parsed: Parsed, skip_bad_rows: bool) -> ContactRead:
    contacts, problems = parsed
    if not contacts and not problems:
        raise file_error(source, "the file has no contacts")
    if problems and not skip_bad_rows:
        raise ContactFileError(source, problems)
    bad = {p.row for p in problems}
    kept = tuple(c for c in contacts if c.row not in bad)
    if not kept:
        raise ContactFileError(source, [*problems, ContactProblem(0, "", "", "no valid rows left")])
    return ContactRead(contacts=kept, problems=tuple(problems))
