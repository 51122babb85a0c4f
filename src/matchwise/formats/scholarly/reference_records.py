"""What every reference reader shares: what reading returns, the record an entry fills on its
way to an :class:`Output`, and the values that every format writes alike.

Reading returns a :class:`ReferenceRead` (the :class:`ImportedOutput` items and, when asked to
skip bad entries, the problems of those left out) or raises :class:`ReferenceFileError`. Every
problem (:class:`ReferenceProblem`) names the file, the entry (its number, key or title, and
line when known), the field as the file names it, the value and what was expected, and nothing
is returned unless all is well or the caller asked to skip bad entries.

Each format's reader fills one :class:`Record` an entry; :func:`imported` makes it an Output,
or problems. What a file does not say is filled in for the user to correct: items from journals
are ``published`` (peer reviewed when a journal article, case report or review), meeting items
``presented``, work marked in press ``in_press``, unpublished work ``in_preparation``; a note
that says poster, oral presentation or abstract says what a meeting item was
(:func:`meeting_hint`). Keywords that name an IR topic (:data:`IR_TOPIC_LABELS`, or its value)
become topics; others are left (:func:`ir_topics`).

A month named in words may be in English, whole or cut short (Mar, Mar., Sept, March); a
season is no month, and a month without a year is left out (there is nothing to date it by).

The two writers (BibTeX and CSL-JSON) key their entries alike (:func:`cite_keys`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from matchwise.engine.scholarly.outputs import (
    IR_TOPIC_LABELS,
    MONTH_NAMES,
    Author,
    IrTopic,
    Output,
    OutputType,
    Status,
    VenueKind,
)
from matchwise.formats.problems import problems_message
from matchwise.formats.scholarly.author_names import author_from_parts, find_my_position


class ReferenceFormat(StrEnum):
    BIBTEX = "bibtex"
    RIS = "ris"
    MEDLINE = "medline"
    CSL_JSON = "csl-json"


# --- what reading returns ---------------------------------------------------------------------


@dataclass(frozen=True)
class ReferenceProblem:
    source: str  # the file, as the caller named it
    entry: int  # 1 = the file's first entry (record, item); 0 = the file as a whole
    field: str  # as the file names it ("author", "PY", "DP", "issued"); "" = the whole entry
    value: str
    expected: str
    label: str = ""  # the entry's key, PMID or title, when it has one
    line: int = 0  # where the entry starts, or the line at fault (1 = the first); 0 = unknown

    @property
    def message(self) -> str:
        """The problem without the file's name (the error's heading names it once)."""
        if self.entry == 0 and not self.field:
            where = f"line {self.line}: " if self.line else ""
            shown = f"{shortened(self.value, 80)!r}: " if self.value else ""
            return f"{where}{shown}{self.expected}"
        parts = [f"entry {self.entry}"] if self.entry else []
        if self.label:
            parts[-1:] = [f"{parts[-1]} ({shortened(self.label, 60)})"] if parts else [self.label]
        if self.line:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(f'field "{self.field}"')
        where = ", ".join(parts)
        if not self.value:
            missing = "missing or empty; " if self.field else ""
            return f"{where}: {missing}expected {self.expected}"
        return f"{where}: {shortened(self.value, 80)!r} is not valid; expected {self.expected}"

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


def shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


class ReferenceFileError(Exception):
    """The reference file cannot be used; ``problems`` lists every reason."""

    def __init__(self, source: str, problems: Sequence[ReferenceProblem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__(problems_message(source, [p.message for p in self.problems]))


@dataclass(frozen=True)
class ImportedOutput:
    output: Output
    entry: int  # where it came from: 1 = the file's first entry
    authors: tuple[str, ...]  # the names as the file writes them (for :func:`name_variants`)
    key: str = ""  # the BibTeX key, RIS ID, PMID or CSL id, when there is one


@dataclass(frozen=True)
class ReferenceRead:
    items: tuple[ImportedOutput, ...]
    problems: tuple[ReferenceProblem, ...]  # the entries skipped, when asked to skip
    format: ReferenceFormat  # what the file turned out to be


def file_error(source: str, expected: str, value: str = "", line: int = 0) -> ReferenceFileError:
    return ReferenceFileError(source, [ReferenceProblem(source, 0, "", value, expected, line=line)])


# --- building an Output from what a file says ---------------------------------------------------

Kind = tuple[OutputType, VenueKind, Status]  # what an entry's type says it is
OTHER_KIND: Kind = (OutputType.OTHER, VenueKind.JOURNAL, Status.PUBLISHED)
_PEER_REVIEWED = frozenset({OutputType.JOURNAL_ARTICLE, OutputType.CASE_REPORT, OutputType.REVIEW})


@dataclass
class Record:
    """One entry on its way to an Output: the values found so far, the file's own text and
    name for each field (for problems), the raw author names and the problems."""

    source: str
    number: int
    names: Mapping[str, str]  # Output field -> the file's usual name for it
    label: str = ""
    line: int = 0
    key: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    raw: dict[str, str] = field(default_factory=dict)
    fields: dict[str, str] = field(default_factory=dict)
    authors: list[Author] = field(default_factory=list)
    author_names: list[str] = field(default_factory=list)
    problems: list[ReferenceProblem] = field(default_factory=list)

    def put(self, output_field: str, value: Any, file_field: str, raw: str | None = None) -> None:
        self.values[output_field] = value
        self.fields[output_field] = file_field
        self.raw[output_field] = str(value) if raw is None else raw

    def text(self, output_field: str, value: str, file_field: str) -> None:
        if value.strip():
            self.put(output_field, value, file_field)

    def parse(
        self, output_field: str, text: str, file_field: str, parser: Callable[[str], Any]
    ) -> None:
        if not text.strip():
            return
        try:
            self.put(output_field, parser(text), file_field, text)
        except ValueError as exc:
            self.fail(file_field, text, str(exc))

    def fail(self, file_field: str, value: str, expected: str) -> None:
        self.problems.append(
            ReferenceProblem(
                self.source, self.number, file_field, value, expected, self.label, self.line
            )
        )

    def author(self, raw: str, family: str, given: str, file_field: str) -> None:
        self.author_names.append(" ".join(raw.split()))
        try:
            self.authors.append(author_from_parts(family, given))
        except ValueError as exc:
            self.fail(file_field, raw, str(exc))

    def kind(self, kind: Kind, file_field: str, raw: str) -> None:
        for name, value in zip(("type", "venue_kind", "status"), kind, strict=True):
            self.put(name, value, file_field, raw)

    def name_of(self, output_field: str) -> str:
        return self.fields.get(output_field) or self.names.get(output_field, output_field)


def _expected(output_field: str, error: ErrorDetails) -> str:
    kind = error["type"]
    limit = error.get("ctx", {}).get("max_length")
    if kind in ("missing", "string_too_short"):
        return "a title" if output_field == "title" else "a value"
    if kind == "string_too_long" and limit is not None:
        return f"at most {limit} characters"
    if output_field == "year":
        return "a year from 1950 to 2100"
    if output_field == "month":
        return "a month from 1 (January) to 12 (December)"
    if output_field == "doi":
        return "a DOI like 10.1016/j.jvir.2024.01.002"
    if output_field == "pmid":
        return "a PubMed id (digits only, like 38512345)"
    return str(error["msg"]).removeprefix("Value error, ")


def imported(
    record: Record, me: Sequence[str]
) -> tuple[ImportedOutput | None, list[ReferenceProblem]]:
    values = dict(record.values)
    values["authors"] = tuple(record.authors)
    values.setdefault("peer_reviewed", values.get("type") in _PEER_REVIEWED)
    if values.get("year") is None:  # "in press", or no date: a month alone dates nothing
        values.pop("month", None)
    if "my_position" not in values and me:
        values["my_position"] = find_my_position(record.authors, me)
    problems = list(record.problems)
    try:
        output = Output.model_validate(values)
    except ValidationError as exc:
        for error in exc.errors():
            name = str(error["loc"][0]) if error["loc"] else ""
            message = str(error["msg"]).removeprefix("Value error, ")
            if not name:  # a rule across fields names the field it is about
                name = next((n for n in ("my_position", "topics") if message.startswith(n)), "")
            problems.append(
                ReferenceProblem(
                    record.source,
                    record.number,
                    record.name_of(name) if name else "",
                    record.raw.get(name, ""),
                    _expected(name, error) if error["loc"] else message,
                    record.label,
                    record.line,
                )
            )
        return None, problems
    if problems:
        return None, problems
    item = ImportedOutput(output, record.number, tuple(record.author_names), record.key)
    return item, []


# --- values shared by the readers ---------------------------------------------------------------


def parse_year(text: str) -> int:
    found = re.match(r"\s*(\d{4})\b", text)
    if not found:
        raise ValueError("a year like 2024")
    return int(found[1])


_SEASONS = frozenset({"spring", "summer", "fall", "autumn", "winter"})
_MONTH_WORD = re.compile(r"\s*([^\W\d_]+|\d+)")


def month_named(word: str) -> int | None:
    """1 for "jan", "Jan.", "January"; None when the word is no month's name."""
    word = word.lower().rstrip(".")
    if len(word) < 3:
        return None
    return next((n for n, name in enumerate(MONTH_NAMES, 1) if name.lower().startswith(word)), None)


def parse_month(text: str) -> int | None:
    """The month a file writes first: "mar", "March", "3", "03", "Mar-Apr" (March), "Mar 15";
    None for a season ("Spring"); ValueError for anything else.

    >>> [parse_month(t) for t in ("mar", "Sept.", "03", "Mar-Apr", "Spring")]
    [3, 9, 3, 3, None]
    """
    found = _MONTH_WORD.match(text)
    word = found[1].lower() if found else ""
    if word.isdigit() and 1 <= int(word) <= 12:
        return int(word)
    if word in _SEASONS:
        return None
    month = month_named(word)
    if month is None:
        raise ValueError("a month like mar, March or 3")
    return month


def numbered_month(text: str) -> int | None:
    """The month of a date written 2024/03/15/ (RIS), 2024-03-12 (ISO) or 2024/03; None when
    the date gives only a year (2024, 2024///); ValueError for a month past 12."""
    found = re.match(r"\s*\d{4}[/-](\d{1,2})(?!\d)", text)
    if found is None:
        return None
    if not 1 <= int(found[1]) <= 12:
        raise ValueError("a date like 2024/03/15/ with a month from 01 to 12")
    return int(found[1])


def says_in_press(text: str) -> bool:
    return bool(re.fullmatch(r"\s*(in\s*press|forthcoming|accepted)\s*", text, re.I))


def parse_iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise ValueError("a date like 2024-03-12") from None


def _key(text: str) -> str:
    return re.sub(r"[\s\-_]+", "_", text.strip().lower())


_TOPICS: dict[str, IrTopic] = {_key(t.value): t for t in IrTopic} | {
    _key(label): t for t, label in IR_TOPIC_LABELS.items()
}


def ir_topics(keywords: Iterable[str]) -> frozenset[IrTopic]:
    """The IR topics among keywords (by label or value); the rest are the user's own tags."""
    words = (w for text in keywords for w in re.split(r"[,;]", text))
    return frozenset(_TOPICS[_key(w)] for w in words if _key(w) in _TOPICS)


def meeting_hint(text: str) -> OutputType | None:
    """What a note says a meeting item was: "Poster presentation", "Oral abstract", "Abstract"."""
    text = text.lower()
    if "poster" in text:
        return OutputType.POSTER
    if re.search(r"\b(oral|talk|podium|lecture|presentation)\b", text):
        return OutputType.ORAL_PRESENTATION
    if "abstract" in text:
        return OutputType.JOURNAL_ABSTRACT
    return None


# RIS keeps a PMID in a note or a custom field, Zotero in "extra" (CSL-JSON's note)
PMID_NOTE = re.compile(r"^\s*PMID:?\s*(\d+)\s*$", re.I | re.M)

Parsed = tuple[list[Record], list[ReferenceProblem]]  # what a format's reader returns


# --- shared by the writers ----------------------------------------------------------------------


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


def cite_keys(outputs: Sequence[Output]) -> list[str]:
    """Keys like rao2024prostatic (first author, year, first long word of the title), unique."""
    keys: list[str] = []
    for output in outputs:
        family = _ascii(output.authors[0].family) if output.authors else ""
        word = next((w for w in map(_ascii, output.title.split()) if len(w) > 3), "")
        stem = f"{family or 'ref'}{output.year or ''}{word}"
        key, n = stem, 1
        while key in keys:
            n += 1
            key = f"{stem}-{n}"
        keys.append(key)
    return keys


# how a poster and a talk are marked: BibTeX's howpublished, CSL-JSON's genre
PRESENTATION_NOTES = {
    OutputType.POSTER: "Poster",
    OutputType.ORAL_PRESENTATION: "Oral presentation",
}
