"""The contacts spreadsheet in and out: ``.csv`` or ``.xlsx``, one row a contact.

Reading (:func:`from_sheet`, for :mod:`~matchwise.formats.network.contacts`): the columns are
the Contact fields (:data:`COLUMNS`, plus ``first_interaction``), or the user's own column
names through a mapping (:func:`parse_contact_mapping`). Lists (tags, program_codes,
mentor_kinds) are separated by ``;`` in a cell; a sheet without a role column gets the guess
from the title.

Writes the spreadsheet (:func:`write_contacts`, every Contact field a column) and interactions
as CSV (:func:`write_interactions`). A cell that a spreadsheet would run as a formula is written
with a leading ``'`` and read back unchanged. Line breaks are written as ``\\n``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any, TypeVar
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.exceptions import InvalidFileException

from matchwise.engine.network.contacts import (
    MENTOR_KIND_LABELS,
    SPONSOR_STAGE_LABELS,
    Contact,
    Interaction,
    MentorKind,
    Relationship,
)
from matchwise.formats.network.contact_records import (
    ROLES,
    ContactFileError,
    ContactProblem,
    ImportedContact,
    Parsed,
    build_contact,
    choices,
    file_error,
    guess_role,
    is_blank,
    lookup_key,
    normalise_newlines,
    parse_date,
)
from matchwise.formats.tables import neutralise, restore, write_csv

SPREADSHEET_SUFFIXES = (".csv", ".xlsx")
COLUMNS: tuple[str, ...] = tuple(Contact.model_fields)  # the spreadsheet's columns, in order
FIRST_INTERACTION = "first_interaction"  # an optional extra column a spreadsheet may have
INTERACTION_COLUMNS: tuple[str, ...] = ("contact", *Interaction.model_fields)

_E = TypeVar("_E", bound=StrEnum)

_RELATIONSHIPS = choices({r: r.value for r in Relationship})
_SPONSOR_STAGES = choices(SPONSOR_STAGE_LABELS)
_MENTOR_KINDS = choices(MENTOR_KIND_LABELS, near_peer=MentorKind.NEAR_PEER)


def _choice(table: Mapping[str, _E], what: str) -> Callable[[str], _E]:
    names = ", ".join(dict.fromkeys(m.value for m in table.values()))

    def parse(text: str) -> _E:
        found = table.get(lookup_key(text))
        if found is None:
            raise ValueError(f"a {what}: {names}")
        return found

    return parse


def _split_list(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split(";") if p.strip())


def _parse_mentor_kinds(text: str) -> frozenset[MentorKind]:
    parse = _choice(_MENTOR_KINDS, "mentor kind, separated by ;")
    return frozenset(parse(p) for p in _split_list(text))


_PARSERS: dict[str, Callable[[str], Any]] = {
    "role": _choice(ROLES, "role"),
    "relationship": _choice(_RELATIONSHIPS, "relationship"),
    "sponsor_stage": _choice(_SPONSOR_STAGES, "sponsor stage"),
    "mentor_kinds": _parse_mentor_kinds,
    "program_codes": _split_list,
    "tags": _split_list,
    "met_on": parse_date,
    FIRST_INTERACTION: parse_date,
}


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return restore(str(value))


# --- reading ------------------------------------------------------------------------------------


def parse_contact_mapping(text: str) -> dict[str, str]:
    """``"Full Name=name,E-mail=email"`` -> ``{"Full Name": "name", "E-mail": "email"}`` (the
    catalog's ``--map`` syntax); the fields are :data:`COLUMNS` and ``first_interaction``."""
    known = (*COLUMNS, FIRST_INTERACTION)
    mapping: dict[str, str] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        source, sep, target = part.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise file_error(
                "column mapping",
                f'cannot read "{part.strip()}"; write Your Column=field, separated by commas',
                part,
            )
        if target.strip() not in known:
            raise file_error(
                "column mapping",
                f'"{target.strip()}" is not a contact field; fields: {", ".join(known)}',
                target,
            )
        mapping[source.strip()] = target.strip()
    return mapping


def csv_rows(text: str, source: str) -> list[list[str]]:
    try:
        # newline="": a line break inside a quoted cell stays as it was written
        return [
            [restore(c) for c in row]
            for row in csv.reader(io.StringIO(text, newline=""), strict=True)
        ]
    except csv.Error as exc:
        raise file_error(source, f"cannot read the CSV ({exc})") from None


def workbook_rows(path: Path, source: str) -> list[list[str]]:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = [[_xlsx_cell(c) for c in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    except FileNotFoundError:
        raise file_error(source, "file not found") from None
    except (OSError, ValueError, KeyError, IndexError, BadZipFile, InvalidFileException) as exc:
        # what openpyxl raises for a file that is not a workbook
        raise file_error(source, f"cannot read the file ({exc.__class__.__name__})") from None


def _sheet_header(
    source: str, header: Sequence[str], mapping: Mapping[str, str] | None
) -> dict[int, str]:
    """Column index -> field; raises for an unknown, doubled or missing column."""
    known = {name.lower(): name for name in (*COLUMNS, FIRST_INTERACTION)}
    wanted = {k.strip().lower(): v for k, v in (mapping or {}).items()}
    fields: dict[int, str] = {}
    problems: list[ContactProblem] = []
    for i, name in enumerate(c.strip() for c in header):
        if not name:
            continue
        field = wanted.get(name.lower()) if mapping is not None else known.get(name.lower())
        if field is None:
            if mapping is None:
                problems.append(
                    ContactProblem(
                        1,
                        name,
                        name,
                        "a contact field (or a mapping that names the column): "
                        + ", ".join(known.values()),
                    )
                )
            continue
        if field in fields.values():
            problems.append(ContactProblem(1, name, name, f"one column for {field}, not two"))
        fields[i] = field
    present = {c.strip().lower() for c in header}
    for name in mapping or {}:
        if name.strip().lower() not in present:
            problems.append(
                ContactProblem(
                    1, name.strip(), "(missing)", "a column the mapping names; the file has none"
                )
            )
    if "name" not in fields.values():
        hint = "map a column to name" if mapping is not None else "a column named name"
        problems.append(ContactProblem(1, "name", "(missing)", hint))
    if problems:
        raise ContactFileError(source, problems)
    return fields


def from_sheet(
    source: str, rows: Sequence[Sequence[str]], mapping: Mapping[str, str] | None
) -> Parsed:
    fields = _sheet_header(source, rows[0], mapping)
    columns = {field: rows[0][i].strip() for i, field in fields.items()}
    contacts: list[ImportedContact] = []
    problems: list[ContactProblem] = []
    for number, cells in enumerate(rows[1:], start=2):
        if is_blank(cells):
            continue
        raw = {f: cells[i] if i < len(cells) else "" for i, f in fields.items()}
        values: dict[str, Any] = {}
        row_problems: list[ContactProblem] = []
        for field, text in raw.items():
            if not text.strip():
                if field == "name":
                    values[field] = ""  # reported as a missing name by the model
                continue
            try:
                values[field] = _PARSERS.get(field, str)(text)
            except ValueError as exc:
                row_problems.append(ContactProblem(number, columns[field], text, str(exc)))
        first = values.pop(FIRST_INTERACTION, None)
        if "role" not in columns:  # a sheet without roles: guess from the position, cautiously
            values["role"] = guess_role(values.get("position", "") or values.get("title", ""))
        contact, more = build_contact(number, values, raw, columns)
        problems += row_problems + more
        if contact is not None and not row_problems:
            contacts.append(ImportedContact(contact, first, number))
    return contacts, problems


# --- writing --------------------------------------------------------------------------------


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, frozenset):
        return "; ".join(sorted(_cell(v) for v in value))
    if isinstance(value, tuple):
        return "; ".join(value)
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    return normalise_newlines(str(value))


def contact_row(contact: Contact) -> list[str]:
    """One contact as cells in the order of :data:`COLUMNS`, neutralised for spreadsheets."""
    return [neutralise(_cell(getattr(contact, field))) for field in COLUMNS]


def write_contacts(contacts: Sequence[Contact], path: Path) -> None:
    """Write contacts that :func:`read_contacts` reads back unchanged (.csv or .xlsx).
    A ``;`` inside one tag or program code splits it in two on reading."""
    rows = [contact_row(c) for c in contacts]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        write_csv(path, COLUMNS, rows)
    elif suffix == ".xlsx":
        book = Workbook()
        sheet = book.active
        assert sheet is not None  # a new workbook always has one sheet
        sheet.title = "Contacts"
        sheet.append(list(COLUMNS))
        for row in rows:
            # control characters cannot be stored in a workbook's XML
            sheet.append([ILLEGAL_CHARACTERS_RE.sub("", c) for c in row])
        book.save(path)
    else:
        raise ValueError(f"{path}: contacts are written as .csv or .xlsx")


def write_interactions(rows: Iterable[tuple[str, Interaction]], path: Path) -> None:
    """Interactions as CSV, one a row: the contact's name, then :class:`Interaction`'s fields
    (:data:`INTERACTION_COLUMNS`); yes/no for the flags; neutralised for spreadsheets."""
    if path.suffix.lower() != ".csv":
        raise ValueError(f"{path}: interactions are written as .csv")
    fields = INTERACTION_COLUMNS[1:]
    cells = (
        [neutralise(normalise_newlines(name)), *(neutralise(_cell(getattr(i, f))) for f in fields)]
        for name, i in rows
    )
    write_csv(path, INTERACTION_COLUMNS, cells)
