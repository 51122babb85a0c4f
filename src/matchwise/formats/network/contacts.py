"""Contacts in and out: LinkedIn ``Connections.csv``, vCard files and a contacts spreadsheet.

Reads (:func:`read_contacts`, choosing by the file's suffix and content):

- LinkedIn's ``Connections.csv`` export: a few lines of notes, then the header ``First Name,
  Last Name,URL,Email Address,Company,Position,Connected On``. Company becomes the institution,
  Position the title (and a cautious guess at the role, :func:`guess_role`), URL the LinkedIn
  profile, how_met "LinkedIn", and "Connected On" the date of the first interaction;
- vCard 3.0 and 4.0 (``.vcf``, any number of cards): FN (or N), TITLE, ROLE, ORG, EMAIL, TEL,
  URL (the LinkedIn one), NOTE, and CATEGORIES as tags;
- a spreadsheet (``.csv`` or ``.xlsx``, one row a contact) whose columns are the Contact fields
  (:data:`COLUMNS`, plus ``first_interaction``), or the user's own column names through a
  mapping (:func:`parse_contact_mapping`). Lists (tags, program_codes, mentor_kinds) are
  separated by ``;`` in a cell; a sheet without a role column gets the guess from the title.

Reading validates the whole file first and reports every problem with its row (a card, in a
vCard file), column, value and what was expected; nothing is returned unless all is well, or
the caller asked to skip the bad rows, which are then listed.

Writes the spreadsheet (:func:`write_contacts`, every Contact field a column), vCard 4.0
(:func:`contacts_to_vcard`) and interactions as CSV (:func:`write_interactions`). A cell that
a spreadsheet would run as a formula is written with a leading ``'`` and read back unchanged.
Line breaks are written as ``\\n``. Duplicates between what is known and what comes in are
found by :func:`find_duplicates` and merged by :func:`merge` only when the user asks.

>>> guess_role("Associate Program Director, Vascular and Interventional Radiology").value
'associate_pd'
>>> normalise_linkedin("https://www.LinkedIn.com/in/ana-rao/?trk=x")
'linkedin.com/in/ana-rao'
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import unquote
from zipfile import BadZipFile

# vobject ships no type hints; "unused-ignore" keeps mypy quiet once stubs are installed
import vobject  # type: ignore[import-untyped, unused-ignore]
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils.exceptions import InvalidFileException
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from matchwise.engine.network.contacts import (
    MENTOR_KIND_LABELS,
    ROLE_LABELS,
    SPONSOR_STAGE_LABELS,
    Contact,
    Interaction,
    MentorKind,
    Relationship,
    Role,
)
from matchwise.formats.problems import problems_message
from matchwise.formats.tables import neutralise, restore, write_csv

SPREADSHEET_SUFFIXES = (".csv", ".xlsx")
VCARD_SUFFIXES = (".vcf", ".vcard")
SUFFIXES = SPREADSHEET_SUFFIXES + VCARD_SUFFIXES
COLUMNS: tuple[str, ...] = tuple(Contact.model_fields)  # the spreadsheet's columns, in order
FIRST_INTERACTION = "first_interaction"  # an optional extra column a spreadsheet may have
INTERACTION_COLUMNS: tuple[str, ...] = ("contact", *Interaction.model_fields)


@dataclass(frozen=True)
class ContactProblem:
    row: int  # spreadsheet row (the header of a spreadsheet is row 1), or card number; 0 = file
    column: str  # the column as the file names it (a property, in a vCard)
    value: str
    expected: str
    unit: str = "row"  # "row" in a spreadsheet, "card" in a vCard file

    def __str__(self) -> str:
        if self.row == 0:
            return self.expected
        label = "property" if self.unit == "card" else "column"
        where = f"{self.unit} {self.row}"
        if self.column:
            where += f', {label} "{self.column}"'
        shown = self.value if len(self.value) <= 80 else self.value[:77] + "..."
        return f"{where}: {shown!r} is not valid; expected {self.expected}"


class ContactFileError(Exception):
    """The contacts file cannot be used; ``problems`` lists every reason."""

    def __init__(self, source: str, problems: Sequence[ContactProblem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__(problems_message(source, [str(p) for p in self.problems]))


@dataclass(frozen=True)
class ImportedContact:
    contact: Contact
    first_interaction: date | None  # LinkedIn's "Connected On"; None when the file has none
    row: int  # where it came from: the spreadsheet row, or the card number in a vCard file


@dataclass(frozen=True)
class ContactRead:
    contacts: tuple[ImportedContact, ...]
    problems: tuple[ContactProblem, ...] = ()  # the rows skipped, when asked to skip


@dataclass(frozen=True)
class DuplicatePair:
    existing_index: int  # position in ``existing``
    incoming_index: int  # position in ``incoming``
    existing: Contact
    incoming: Contact
    reason: str  # e.g. "same email ana.rao@example.org"


def _file_error(source: str, expected: str, value: str = "") -> ContactFileError:
    return ContactFileError(source, [ContactProblem(0, "", value, expected)])


# --- cells and values ---------------------------------------------------------------------

_E = TypeVar("_E", bound=StrEnum)


def _key(text: str) -> str:
    return re.sub(r"[\s\-_]+", "_", text.strip().lower())


def _choices(labels: Mapping[_E, str], **extra: _E) -> dict[str, _E]:
    table = {_key(m.value): m for m in labels} | {_key(label): m for m, label in labels.items()}
    return table | {_key(k): v for k, v in extra.items()}


_ROLES = _choices(
    ROLE_LABELS,
    pd=Role.PROGRAM_DIRECTOR,
    apd=Role.ASSOCIATE_PD,
    assistant_program_director=Role.ASSOCIATE_PD,
    coordinator=Role.COORDINATOR,
)
_RELATIONSHIPS = _choices({r: r.value for r in Relationship})
_SPONSOR_STAGES = _choices(SPONSOR_STAGE_LABELS)
_MENTOR_KINDS = _choices(MENTOR_KIND_LABELS, near_peer=MentorKind.NEAR_PEER)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ \-]([A-Za-z]{3,9})\.?[ \-,]+(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def _choice(table: Mapping[str, _E], what: str) -> Callable[[str], _E]:
    names = ", ".join(dict.fromkeys(m.value for m in table.values()))

    def parse(text: str) -> _E:
        found = table.get(_key(text))
        if found is None:
            raise ValueError(f"a {what}: {names}")
        return found

    return parse


def parse_date(text: str) -> date:
    """``2024-03-12``, ``12 Mar 2024`` (LinkedIn's way) or ``12 March 2024``; English month
    names, whatever the machine's locale."""
    t = text.strip()
    expected = "a date like 2024-03-12 or 12 Mar 2024"
    try:
        if m := _ISO_DATE.match(t):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if (m := _DAY_MONTH_YEAR.match(t)) and m[2][:3].lower() in _MONTHS:
            return date(int(m[3]), _MONTHS[m[2][:3].lower()], int(m[1]))
    except ValueError:
        raise ValueError(f"{expected} (that day does not exist)") from None
    raise ValueError(expected)


def _split_list(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.split(";") if p.strip())


def _parse_mentor_kinds(text: str) -> frozenset[MentorKind]:
    parse = _choice(_MENTOR_KINDS, "mentor kind, separated by ;")
    return frozenset(parse(p) for p in _split_list(text))


_PARSERS: dict[str, Callable[[str], Any]] = {
    "role": _choice(_ROLES, "role"),
    "relationship": _choice(_RELATIONSHIPS, "relationship"),
    "sponsor_stage": _choice(_SPONSOR_STAGES, "sponsor stage"),
    "mentor_kinds": _parse_mentor_kinds,
    "program_codes": _split_list,
    "tags": _split_list,
    "met_on": parse_date,
    FIRST_INTERACTION: parse_date,
}


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _xlsx_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return restore(str(value))


# --- guessing and matching ----------------------------------------------------------------

# Order matters: "Associate Program Director" before "Program Director", "Fellowship Program
# Director" before "Fellow". A title that names none of these stays "other": a wrong guess
# would put a stranger among program directors.
_ROLE_PATTERNS: tuple[tuple[re.Pattern[str], Role], ...] = (
    (
        re.compile(r"\b(associate|assistant)\s+(residency\s+|fellowship\s+)?program\s+director\b"),
        Role.ASSOCIATE_PD,
    ),
    (
        re.compile(r"\bprogram\s+director\b|\b(residency|fellowship)\s+director\b"),
        Role.PROGRAM_DIRECTOR,
    ),
    (re.compile(r"\bcoordinator\b"), Role.COORDINATOR),
    (re.compile(r"\bfellow\b"), Role.FELLOW),
    (re.compile(r"\bresident\b"), Role.RESIDENT),
    (
        re.compile(r"\b(professor|attending|radiologist|faculty|instructor|lecturer)\b"),
        Role.FACULTY,
    ),
)


def guess_role(position: str) -> Role:
    """The role a job title names, or ``other`` when it names none (a cautious guess)."""
    text = position.lower()
    return next((role for pattern, role in _ROLE_PATTERNS if pattern.search(text)), Role.OTHER)


def normalise_linkedin(url: str) -> str:
    """A LinkedIn profile address without scheme, ``www.``, query or trailing slash, lower case."""
    text = unquote(url.strip()).lower()
    text = re.sub(r"^[a-z][a-z0-9+.\-]*://", "", text)
    text = re.split(r"[?#]", text, maxsplit=1)[0].removeprefix("www.")
    text = re.sub(r"^(?:[a-z]{2,3}\.)?linkedin\.com\b", "linkedin.com", text)
    return text.rstrip("/")


# titles and degrees that do not tell two people apart
_NAME_NOISE = frozenset(
    {"dr", "prof", "professor", "mr", "mrs", "ms", "mx", "md", "do", "phd", "mbbs", "mph"}
    | {"mba", "facr", "fsir", "jr", "sr"}
)


def _plain(text: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"[\W_]+", " ", bare).split()


def _name_key(name: str) -> str:
    # sorted words: "Rao, Ana" and "Dr. Ana Rao, MD" are the same person as "Ana Rao"
    return " ".join(sorted(w for w in _plain(name) if w not in _NAME_NOISE))


def _institution_key(institution: str) -> str:
    words = _plain(institution)
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def _match_keys(contact: Contact) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    if contact.email:
        keys.append(("email", contact.email.lower()))
    if contact.linkedin and normalise_linkedin(contact.linkedin):
        keys.append(("linkedin", normalise_linkedin(contact.linkedin)))
    name, place = _name_key(contact.name), _institution_key(contact.institution)
    if name and place:
        keys.append(("name", f"{name}|{place}"))
    return keys


def _reason(kind: str, contact: Contact) -> str:
    if kind == "email":
        return f"same email {contact.email}"
    if kind == "linkedin":
        return f"same LinkedIn profile {normalise_linkedin(contact.linkedin)}"
    return f"same name and institution ({contact.name}, {contact.institution})"


def find_duplicates(
    existing: Sequence[Contact], incoming: Sequence[Contact]
) -> list[DuplicatePair]:
    """Every (existing, incoming) pair that is probably one person: the same email, the same
    LinkedIn profile (:func:`normalise_linkedin`), or the same name and institution (case,
    accents, punctuation, titles like "Dr." and degrees like "MD" aside). One pair per two
    contacts, with every reason found; in the order of ``incoming``, then ``existing``."""
    index: dict[tuple[str, str], list[int]] = {}
    for i, contact in enumerate(existing):
        for key in _match_keys(contact):
            index.setdefault(key, []).append(i)
    pairs: list[DuplicatePair] = []
    for j, contact in enumerate(incoming):
        reasons: dict[int, list[str]] = {}
        for key in _match_keys(contact):
            for i in index.get(key, []):
                reasons.setdefault(i, []).append(_reason(key[0], contact))
        for i in sorted(reasons):
            pairs.append(DuplicatePair(i, j, existing[i], contact, "; ".join(reasons[i])))
    return pairs


def _max_length(field: str) -> int:
    for meta in Contact.model_fields[field].metadata:
        limit = getattr(meta, "max_length", None)
        if isinstance(limit, int):
            return limit
    raise LookupError(field)  # pragma: no cover - every text field of Contact has a limit


def _merged_notes(a: str, b: str) -> str:
    if not b or b in a:
        return a
    if not a:
        return b
    joined = f"{a}\n\n{b}"
    limit = _max_length("notes")
    return joined if len(joined) <= limit else joined[: limit - 1] + "…"


def merge(a: Contact, b: Contact) -> Contact:
    """One contact from two: every non-empty value is kept; ``a`` wins where both have one
    (a role, relationship or sponsor stage left at its default counts as empty); tags, program
    codes and mentor kinds are united; notes are joined (cut at the notes' length limit).

    >>> merge(Contact(name="Ana Rao", tags=["ir"]), Contact(name="A. Rao", email="a@x.org",
    ...       tags=["sir"])).model_dump(include={"name", "email", "tags"})
    {'name': 'Ana Rao', 'email': 'a@x.org', 'tags': ('ir', 'sir')}
    """
    values: dict[str, Any] = {}
    for field in COLUMNS:
        mine, theirs = getattr(a, field), getattr(b, field)
        if field == "notes":
            values[field] = _merged_notes(mine, theirs)
        elif isinstance(mine, tuple):
            values[field] = mine + tuple(v for v in theirs if v not in mine)
        elif isinstance(mine, frozenset):
            values[field] = mine | theirs
        else:
            empty = mine in ("", None) or mine == Contact.model_fields[field].default
            values[field] = theirs if empty else mine
    return Contact.model_validate(values)


# --- reading --------------------------------------------------------------------------------


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
            raise _file_error(
                "column mapping",
                f'cannot read "{part.strip()}"; write Your Column=field, separated by commas',
                part,
            )
        if target.strip() not in known:
            raise _file_error(
                "column mapping",
                f'"{target.strip()}" is not a contact field; fields: {", ".join(known)}',
                target,
            )
        mapping[source.strip()] = target.strip()
    return mapping


def _expected(field: str, error: ErrorDetails) -> str:
    kind = error["type"]
    limit = error.get("ctx", {}).get("max_length")
    if kind == "string_too_short":
        return "a name" if field == "name" else "a value"
    if kind == "string_too_long" and limit is not None:
        return f"at most {limit} characters"
    if field == "email":
        return "an email address like name@example.org"
    return str(error["msg"])


def _contact(
    number: int,
    values: Mapping[str, Any],
    raw: Mapping[str, str],
    columns: Mapping[str, str],
    unit: str = "row",
) -> tuple[Contact | None, list[ContactProblem]]:
    try:
        return Contact.model_validate(values), []
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            field = str(error["loc"][0]) if error["loc"] else ""
            problems.append(
                ContactProblem(
                    number,
                    columns.get(field, field),
                    raw.get(field, ""),
                    _expected(field, error),
                    unit,
                )
            )
        return None, problems


def _decode(path: Path, source: str) -> str:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _file_error(source, "file not found") from None
    except OSError as exc:
        raise _file_error(source, f"cannot read the file ({exc.__class__.__name__})") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _file_error(
            source,
            f"line {line} is not UTF-8 text; save the file as UTF-8 (in Excel: CSV UTF-8)",
        ) from None


def _csv_rows(text: str, source: str) -> list[list[str]]:
    try:
        # newline="": a line break inside a quoted cell stays as it was written
        return [
            [restore(c) for c in row]
            for row in csv.reader(io.StringIO(text, newline=""), strict=True)
        ]
    except csv.Error as exc:
        raise _file_error(source, f"cannot read the CSV ({exc})") from None


def _workbook_rows(path: Path, source: str) -> list[list[str]]:
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = [[_xlsx_cell(c) for c in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    except FileNotFoundError:
        raise _file_error(source, "file not found") from None
    except (OSError, ValueError, KeyError, IndexError, BadZipFile, InvalidFileException) as exc:
        # what openpyxl raises for a file that is not a workbook
        raise _file_error(source, f"cannot read the file ({exc.__class__.__name__})") from None


def _blank(cells: Sequence[str]) -> bool:
    return not any(c.strip() for c in cells)


def _linkedin_header(rows: Sequence[Sequence[str]]) -> int | None:
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

_Parsed = tuple[list[ImportedContact], list[ContactProblem]]


def _from_linkedin(rows: Sequence[Sequence[str]], at: int) -> _Parsed:
    where = {c.strip().lower(): i for i, c in enumerate(rows[at]) if c.strip()}
    contacts: list[ImportedContact] = []
    problems: list[ContactProblem] = []
    for number, cells in enumerate(rows[at + 1 :], start=at + 2):
        if _blank(cells):
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
        contact, more = _contact(number, values, raw, _LINKEDIN_FIELDS)
        problems += row_problems + more
        if contact is not None and not row_problems:
            contacts.append(ImportedContact(contact, connected, number))
    return contacts, problems


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


def _from_sheet(
    source: str, rows: Sequence[Sequence[str]], mapping: Mapping[str, str] | None
) -> _Parsed:
    fields = _sheet_header(source, rows[0], mapping)
    columns = {field: rows[0][i].strip() for i, field in fields.items()}
    contacts: list[ImportedContact] = []
    problems: list[ContactProblem] = []
    for number, cells in enumerate(rows[1:], start=2):
        if _blank(cells):
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
        contact, more = _contact(number, values, raw, columns)
        problems += row_problems + more
        if contact is not None and not row_problems:
            contacts.append(ImportedContact(contact, first, number))
    return contacts, problems


_VCARD_PROPERTIES = {
    "name": "FN",
    "title": "N",
    "position": "TITLE",
    "role": "ROLE",
    "institution": "ORG",
    "email": "EMAIL",
    "phone": "TEL",
    "linkedin": "URL",
    "notes": "NOTE",
    "tags": "CATEGORIES",
}


def _text(value: Any) -> str:
    if isinstance(value, list | tuple):
        return " ".join(_text(v) for v in value if _text(v))
    return "" if value is None else str(value).strip()


def _preferred(card: Any, name: str) -> list[Any]:
    """The card's ``name`` lines, preferred first (3.0: TYPE=pref; 4.0: PREF=1 is first)."""

    def rank(line: Any) -> int:
        params = {k.upper(): ",".join(v).lower() for k, v in line.params.items()}
        if "pref" in params.get("TYPE", "").split(","):
            return 0
        pref = params.get("PREF", "")
        return int(pref) if pref.isdigit() else 101

    lines = list(card.contents.get(name, []))
    return sorted(lines, key=rank)


def _first(card: Any, name: str) -> str:
    lines = _preferred(card, name)
    return _text(lines[0].value) if lines else ""


def _card_name(card: Any) -> str:
    if fn := _first(card, "fn"):
        return fn
    lines = card.contents.get("n", [])
    if not lines:
        return ""
    n = lines[0].value
    parts = [getattr(n, p, "") for p in ("prefix", "given", "additional", "family", "suffix")]
    return " ".join(t for t in (_text(p) for p in parts) if t)


def _card_prefix(card: Any) -> str:
    """The honorific (Dr., Prof.) from N's prefix: how MatchWise writes a contact's title."""
    lines = card.contents.get("n", [])
    return _text(getattr(lines[0].value, "prefix", "")) if lines else ""


def _card_linkedin(card: Any) -> str:
    for name in ("url", "x-socialprofile", "socialprofile"):
        for line in _preferred(card, name):
            kinds = ",".join(line.params.get("TYPE", [])).lower()
            if "linkedin.com" in _text(line.value).lower() or "linkedin" in kinds:
                return _text(line.value)
    return ""


def _card_role(role: str, title: str) -> Role:
    found = _ROLES.get(_key(role)) if role else None
    if found is not None:
        return found
    guess = guess_role(role)
    return guess if guess is not Role.OTHER else guess_role(title)


def _from_card(number: int, card: Any) -> tuple[ImportedContact | None, list[ContactProblem]]:
    orgs = card.contents.get("org", [])
    org = orgs[0].value if orgs else []
    raw = {
        "name": _card_name(card),
        "title": _card_prefix(card),
        "position": _first(card, "title"),
        "role": _first(card, "role"),
        "institution": ", ".join(t for t in (_text(o) for o in _as_list(org)) if t),
        "email": re.sub(r"^mailto:", "", _first(card, "email"), flags=re.I),
        "phone": re.sub(r"^tel:", "", _first(card, "tel"), flags=re.I),
        "linkedin": _card_linkedin(card),
        "notes": "\n\n".join(t for n in card.contents.get("note", []) if (t := _text(n.value))),
    }
    tags = [_text(t) for line in card.contents.get("categories", []) for t in _as_list(line.value)]
    values: dict[str, Any] = {k: v for k, v in raw.items() if k != "role"}
    values |= {"role": _card_role(raw["role"], raw["position"]), "tags": tags}
    raw["tags"] = ",".join(tags)
    contact, problems = _contact(number, values, raw, _VCARD_PROPERTIES, unit="card")
    return (None if contact is None else ImportedContact(contact, None, number)), problems


def _as_list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def _from_vcard(source: str, text: str) -> _Parsed:
    if "BEGIN:VCARD" not in text.upper():
        raise _file_error(source, "not a vCard file: it has no BEGIN:VCARD")
    try:
        cards = [c for c in vobject.readComponents(text, allowQP=True) if c.name == "VCARD"]
    except (vobject.base.VObjectError, ValueError) as exc:
        raise _file_error(source, f"not a valid vCard file ({exc})") from None
    contacts: list[ImportedContact] = []
    problems: list[ContactProblem] = []
    for number, card in enumerate(cards, start=1):
        contact, card_problems = _from_card(number, card)
        problems += card_problems
        if contact is not None:
            contacts.append(contact)
    return contacts, problems


def read_contacts(
    path: Path, *, mapping: Mapping[str, str] | None = None, skip_bad_rows: bool = False
) -> ContactRead:
    """Validate and read a whole contacts file (see the module's docstring for the formats);
    raises :class:`ContactFileError` listing every problem. ``mapping``: the spreadsheet's
    own column names -> Contact fields (:func:`parse_contact_mapping`)."""
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise _file_error(
            source,
            "a contacts file must be .csv or .xlsx (a spreadsheet or LinkedIn's "
            "Connections.csv) or .vcf (vCard)",
            suffix,
        )
    if suffix == ".xlsx":
        rows = _workbook_rows(path, source)
    else:
        text = _decode(path, source)
        if not text.strip():
            raise _file_error(source, "the file is empty")
        is_vcard = suffix in VCARD_SUFFIXES or text.lstrip().upper().startswith("BEGIN:VCARD")
        if is_vcard:
            if mapping is not None:
                raise _file_error(source, "a column mapping is for spreadsheets, not vCards")
            return _finish(source, _from_vcard(source, text), skip_bad_rows)
        rows = _csv_rows(text, source)
    while rows and _blank(rows[-1]):
        rows.pop()
    if not rows:
        raise _file_error(source, "the file is empty")
    at = _linkedin_header(rows) if mapping is None else None
    parsed = _from_linkedin(rows, at) if at is not None else _from_sheet(source, rows, mapping)
    return _finish(source, parsed, skip_bad_rows)


def _finish(source: str, parsed: _Parsed, skip_bad_rows: bool) -> ContactRead:
    contacts, problems = parsed
    if not contacts and not problems:
        raise _file_error(source, "the file has no contacts")
    if problems and not skip_bad_rows:
        raise ContactFileError(source, problems)
    bad = {p.row for p in problems}
    kept = tuple(c for c in contacts if c.row not in bad)
    if not kept:
        raise ContactFileError(source, [*problems, ContactProblem(0, "", "", "no valid rows left")])
    return ContactRead(contacts=kept, problems=tuple(problems))


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
    return _newlines(str(value))


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
        [neutralise(_newlines(name)), *(neutralise(_cell(getattr(i, f))) for f in fields)]
        for name, i in rows
    )
    write_csv(path, INTERACTION_COLUMNS, cells)


_HONORIFICS = frozenset({"dr", "prof", "mr", "mrs", "ms", "mx"})


def _split_name(name: str) -> Any:
    """vCard's N (family; given; additional; prefix; suffix) from one name, as well as words
    allow: "Dr. Ana Rao, MD" -> prefix Dr., given Ana, family Rao, suffix MD."""
    main, _, suffix = name.partition(",")
    words = main.split()
    prefix = words.pop(0) if words[1:] and words[0].rstrip(".").lower() in _HONORIFICS else ""
    family = words.pop() if words else ""
    return vobject.vcard.Name(
        family=family, given=" ".join(words), prefix=prefix, suffix=" ".join(suffix.split())
    )


def _vcard(contact: Contact) -> str:
    card = vobject.vCard()
    card.add("version").value = "4.0"
    card.add("fn").value = _newlines(contact.name)
    name = _split_name(contact.name)
    name.prefix = contact.title  # the honorific; the name's own words stay in FN
    card.add("n").value = name
    # ROLE is always written (even "other") so that reading it back does not guess from TITLE
    card.add("role").value = ROLE_LABELS[contact.role]
    texts = {
        "title": contact.position,
        "org": contact.institution,
        "email": contact.email,
        "tel": contact.phone,
        "note": contact.notes,
    }
    for name, value in texts.items():
        if value:
            card.add(name).value = [_newlines(value)] if name == "org" else _newlines(value)
    if contact.linkedin:
        line = card.add("url")
        line.value = _newlines(contact.linkedin)
        line.type_param = "linkedin"  # read back as LinkedIn even without linkedin.com in it
    if contact.tags:
        card.add("categories").value = list(contact.tags)
    return str(card.serialize())


def contacts_to_vcard(contacts: Iterable[Contact]) -> str:
    """vCard 4.0, one card per contact: name, title, role, institution, email, phone, LinkedIn,
    notes and tags, which :func:`read_contacts` reads back unchanged (lines end in CRLF)."""
    return "".join(_vcard(c) for c in contacts)
