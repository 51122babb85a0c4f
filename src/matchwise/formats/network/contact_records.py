"""What every contacts reader shares: the problems, what reading returns, and building a
:class:`Contact` from a file's cells.

Reading validates the whole file first and reports every problem with its row (a card, in a
vCard file), column, value and what was expected (:class:`ContactProblem`); nothing is returned
unless all is well, or the caller asked to skip the bad rows, which are then listed
(:class:`ContactRead`). A role may be written as its value, its label or a short form (PD,
APD); where a file says none, :func:`guess_role` makes a cautious guess from the job title.

>>> guess_role("Associate Program Director, Vascular and Interventional Radiology").value
'associate_pd'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from matchwise.engine.network.contacts import ROLE_LABELS, Contact, Role
from matchwise.formats.problems import problems_message


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


def file_error(source: str, expected: str, value: str = "") -> ContactFileError:
    return ContactFileError(source, [ContactProblem(0, "", value, expected)])


# --- cells and values ---------------------------------------------------------------------

_E = TypeVar("_E", bound=StrEnum)


def lookup_key(text: str) -> str:
    return re.sub(r"[\s\-_]+", "_", text.strip().lower())


def choices(labels: Mapping[_E, str], **extra: _E) -> dict[str, _E]:
    table = {lookup_key(m.value): m for m in labels} | {
        lookup_key(label): m for m, label in labels.items()
    }
    return table | {lookup_key(k): v for k, v in extra.items()}


ROLES = choices(
    ROLE_LABELS,
    pd=Role.PROGRAM_DIRECTOR,
    apd=Role.ASSOCIATE_PD,
    assistant_program_director=Role.ASSOCIATE_PD,
    coordinator=Role.COORDINATOR,
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
        start=1,
    )
}
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[ \-]([A-Za-z]{3,9})\.?[ \-,]+(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


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


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --- a Contact from a row's values --------------------------------------------------------


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


def build_contact(
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


def is_blank(cells: Sequence[str]) -> bool:
    return not any(c.strip() for c in cells)


Parsed = tuple[list[ImportedContact], list[ContactProblem]]  # what a reader returns


# --- guessing a role -----------------------------------------------------------------------

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
