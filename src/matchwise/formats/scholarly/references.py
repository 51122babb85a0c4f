"""Reference files in and out: BibTeX, RIS, PubMed (MEDLINE) and CSL-JSON, as :class:`Output`.

Reads (:func:`read_references`, or :func:`parse_references` for an upload's bytes), choosing by
the file's suffix, and by its content when that plainly says another format:

- BibTeX (``.bib``) as Zotero, JabRef or Mendeley export it, LaTeX accents and all: @article
  is a journal article; @inproceedings and @conference a journal abstract, or a poster or oral
  presentation when ``note`` or ``howpublished`` says so; @incollection and @inbook a book
  chapter; @misc and @online an online publication (a @misc whose note says poster or oral is
  that presentation); anything else "other". Fields: title, author, journal (journaltitle,
  booktitle, eventtitle, organization), year (or date), month (mar, March, 3, or biblatex's
  date 2024-03-12), volume, number (issue), pages, doi, pmid (or eprint with eprinttype
  pubmed), url, keywords, eventdate, and the place of a meeting from biblatex's ``venue`` or,
  in @inproceedings, address or location (elsewhere those name the publisher's city, not a
  meeting);
- RIS (``.ris``) as Mendeley, EndNote and Zotero write it: TY JOUR (and JFULL, EJOUR) a journal
  article, INPR one in press, ABST a journal abstract, CONF and CPAPER an oral presentation (a
  poster when M3 or a note says so), CHAP and ECHAP a chapter, ELEC, WEB and BLOG online, UNPB
  unpublished work; CASE is a legal case, not a case report, so it is "other". AU (or A1)
  authors, TI or T1 title, JO, JF, T2, JA or J2 the venue (T2 first for a chapter: the book),
  PY, Y1 or DA the year and month (2024/03/15/, or DA as EndNote writes it: Mar 15), VL, IS,
  SP-EP, DO, UR, KW, CY the place of a meeting, and AN as the PMID when DB or DP says PubMed
  (or a C1-C8 or N1 line that reads "PMID: 123");
- PubMed's MEDLINE format (``.nbib``, or ``.txt`` as "Save > PubMed format" writes it): PMID,
  TI (with its continuation lines), FAU and AU (family from FAU, initials from AU, as NLM
  wrote them), CN group authors, TA (else JT), DP (2023 Mar 15; 2023 Mar-Apr is March; 2023
  Spring has no month), VI, IP, PG, LID or AID "... [doi]", OT as keywords, and PT: Case
  Reports, Review (or Systematic Review) and Letter give those types, anything else a journal
  article;
- CSL-JSON (``.json``, a list of items as Zotero, Mendeley and citeproc write it): type
  (article-journal, paper-conference, speech, chapter, webpage, post, manuscript), title,
  author (family and given, or literal), container-title, issued (year and month; months 13
  to 16 and 21 to 24 are seasons: no month), volume, issue, page, DOI, PMID (or "PMID: 123"
  in note), URL, event-place, event-date, keyword and genre.

A month named in words may be in English, whole or cut short (Mar, Mar., Sept, March); a
season is no month, and a month without a year is left out (there is nothing to date it by).

What a file does not say is filled in for the user to correct: items from journals are
``published`` (peer reviewed when a journal article, case report or review), meeting items
``presented``, work marked in press ``in_press``, unpublished work ``in_preparation``. Keywords
that name an IR topic (:data:`IR_TOPIC_LABELS`, or its value) become topics; others are left.

Names become a family name and initials: "Ana K. Rao" and "Rao, Ana Kumari" are Rao AK,
particles stay with the family ("van der Berg"), and so do Jr, Sr, II-IV ("Smith Jr"). A
hyphenated given name gives its initials without the hyphen ("Jean-Pierre" is JP, as PubMed's AU
writes it), but initials written with one ("J.-P.") keep it (J-P). Up to three capitals with
no lower case ("AK") are read as initials; a longer all-capital word as a name.

The applicant: ``me`` lists the user's confirmed ways of writing their name ("Okafor S", "Samuel
Okafor"); ``my_position`` is the first author whose family name matches one (accents, case and
punctuation aside) and whose initials begin with the variant's, or the variant's with theirs.
:func:`name_variants` suggests the variants a file holds. A position that MatchWise wrote into
the file itself (below) is kept instead.

Every problem names the file, the entry (its number, key or title, and line when known), the
field as the file names it, the value and what was expected, and nothing is returned unless
all is well or the caller asked to skip bad entries (:class:`ReferenceFileError`).

Writes BibTeX (:func:`to_bibtex`), CSL-JSON (:func:`to_csl_json`) and a portfolio spreadsheet
(:func:`write_portfolio`, .csv or .xlsx, one row an output, cells neutralised against formulas
as :mod:`matchwise.formats.tables` does). Both reference formats keep every Output
field: the ones the format has a place for there, and MatchWise's own (its exact type, the
applicant's position, venue kind, status and its history, peer review, national meeting, role,
mentor, "most meaningful") in ``x-matchwise-*`` fields (BibTeX) or ``custom.matchwise``
(CSL-JSON), which other tools carry along or ignore; topics travel as keywords. Reading what
they wrote gives back the same Outputs, except that every reader collapses a run of white space
inside an author's name to one space, and in BibTeX: a carriage return reads back as a line
break and a tab as a space; an en dash in pages reads as a hyphen (Zotero writes ranges as
``--``); and ``{``, ``}`` and ``\\`` in a DOI or URL are written percent-encoded (%7B, %7D, %5C:
the same address). Duplicates are found by :func:`find_duplicates` and merged by :func:`merge`
only when asked.

>>> author_from_name("Jean-Pierre van der Berg")
Author(family='van der Berg', initials='JP')
>>> author_from_name("Rao, Ana Kumari"), author_from_name("Okafor SO")
(Author(family='Rao', initials='AK'), Author(family='Okafor', initials='SO'))
>>> find_my_position([Author(family="Rao", initials="A"), Author(family="Okafor", initials="SO")],
...                  ["Samuel Okafor"])
2
"""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

# bibtexparser and rispy are used without stubs; "unused-ignore" keeps mypy quiet if they come
import rispy  # type: ignore[import-untyped, unused-ignore]
from bibtexparser.entrypoint import parse_string  # type: ignore[import-untyped, unused-ignore]
from bibtexparser.exceptions import (  # type: ignore[import-untyped, unused-ignore]
    BlockAbortedException,
)
from bibtexparser.library import Library  # type: ignore[import-untyped, unused-ignore]
from bibtexparser.middlewares import (  # type: ignore[import-untyped, unused-ignore]
    LatexDecodingMiddleware,
    NameParts,
    NormalizeFieldKeys,
    SeparateCoAuthors,
    SplitNameParts,
)
from bibtexparser.middlewares.names import (  # type: ignore[import-untyped, unused-ignore]
    InvalidNameError,
)
from bibtexparser.model import (  # type: ignore[import-untyped, unused-ignore]
    Block,
    DuplicateBlockKeyBlock,
    DuplicateFieldKeyBlock,
    Entry,
    MiddlewareErrorBlock,
    ParsingFailedBlock,
)
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from matchwise.engine.scholarly.outputs import (
    IR_TOPIC_LABELS,
    MONTH_NAMES,
    PAPER_TYPES,
    PRESENTATION_TYPES,
    Author,
    IrTopic,
    Output,
    OutputType,
    Status,
    StatusChange,
    VenueKind,
)

# One rule for formula cells and one way of writing CSV across the formats: contacts.py owns it.
from matchwise.formats.problems import problems_message
from matchwise.formats.tables import neutralise, write_csv

# bibtexparser logs each entry it gives up on; those reasons reach the user as problems, so
# its log stays quiet unless the application sets up logging (the library's own advice)
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())


class ReferenceFormat(StrEnum):
    BIBTEX = "bibtex"
    RIS = "ris"
    MEDLINE = "medline"
    CSL_JSON = "csl-json"


SUFFIXES: dict[str, ReferenceFormat] = {
    ".bib": ReferenceFormat.BIBTEX,
    ".ris": ReferenceFormat.RIS,
    ".nbib": ReferenceFormat.MEDLINE,
    ".txt": ReferenceFormat.MEDLINE,
    ".json": ReferenceFormat.CSL_JSON,
}
PORTFOLIO_SUFFIXES = (".csv", ".xlsx")
COLUMNS: tuple[str, ...] = tuple(Output.model_fields)  # the portfolio's columns, in order


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
            shown = f"{_short(self.value, 80)!r}: " if self.value else ""
            return f"{where}{shown}{self.expected}"
        parts = [f"entry {self.entry}"] if self.entry else []
        if self.label:
            parts[-1:] = [f"{parts[-1]} ({_short(self.label, 60)})"] if parts else [self.label]
        if self.line:
            parts.append(f"line {self.line}")
        if self.field:
            parts.append(f'field "{self.field}"')
        where = ", ".join(parts)
        if not self.value:
            missing = "missing or empty; " if self.field else ""
            return f"{where}: {missing}expected {self.expected}"
        return f"{where}: {_short(self.value, 80)!r} is not valid; expected {self.expected}"

    def __str__(self) -> str:
        return f"{self.source}: {self.message}"


def _short(text: str, limit: int) -> str:
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


@dataclass(frozen=True)
class DuplicatePair:
    existing_index: int  # position in ``existing``
    incoming_index: int  # position in ``incoming``
    existing: Output
    incoming: Output
    reason: str  # e.g. "same DOI 10.1016/j.jvir.2024.01.002"


def _file_error(source: str, expected: str, value: str = "", line: int = 0) -> ReferenceFileError:
    return ReferenceFileError(source, [ReferenceProblem(source, 0, "", value, expected, line=line)])


# --- names --------------------------------------------------------------------------------------

_PARTICLES = frozenset(
    {"van", "von", "der", "den", "de", "del", "della", "di", "da", "dos", "das", "du", "la", "le"}
    | {"ter", "ten", "bin", "ibn", "al", "el", "af", "zu", "op", "st", "st."}
)
_GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv"})


def _generation(word: str) -> bool:
    return word.lower().rstrip(".") in _GENERATIONS


def _looks_like_initials(word: str) -> bool:
    bare = word.replace(".", "").replace("-", "")
    return 0 < len(bare) <= 3 and bare.isalpha() and bare.isupper()


def _first_letter(word: str) -> str:
    return next((c for c in word if c.isalpha()), "").upper()


def initials_of(given: str) -> str:
    """Initials from given names: "Ana Kumari" AK, "A. K." AK, "AK" AK, "Jean-Pierre" JP (NLM's
    rule), "J.-P." J-P (initials written with a hyphen keep it)."""
    letters: list[str] = []
    for token in given.split():
        bare = token.replace(".", "")
        parts = bare.split("-")
        if len(parts) > 1 and all(len(p) == 1 and p.isalpha() for p in parts):
            letters.append("-".join(parts).upper())
        elif "-" not in bare and _looks_like_initials(bare):
            letters.append(bare)
        else:
            letters.append("".join(_first_letter(p) for p in parts))
    return "".join(letters)


def _split_name(text: str) -> tuple[str, str]:
    """(family, given) from "Family, Given", "Family, Jr, Given", "Given Family" or PubMed's
    "Family AK"; a generation (Jr, III) stays with the family."""
    text = " ".join(text.split())
    if "," in text:
        family, _, rest = text.partition(",")
        parts = [p.strip() for p in rest.split(",") if p.strip()]
        given = " ".join(p for p in parts if not _generation(p))
        return " ".join([family.strip(), *(p for p in parts if _generation(p))]).strip(), given
    words = text.split()
    generations: list[str] = []
    while len(words) > 1 and _generation(words[-1]):
        generations.insert(0, words.pop())
    if len(words) <= 1:
        return " ".join(words + generations), ""
    if _looks_like_initials(words[-1]):  # PubMed's "Rao AK"
        return " ".join(words[:-1] + generations), words[-1]
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return " ".join(words[start:] + generations), " ".join(words[:start])


def _person(family: str, given: str) -> Author:
    family = " ".join(family.split())
    if not family:
        raise ValueError("a family name (write Family, Given or Given Family)")
    if len(family) > 120:
        raise ValueError("a family name of at most 120 characters")
    initials = initials_of(given)
    if len(initials) > 12:
        raise ValueError("at most 12 initials")
    return Author(family=family, initials=initials)


def author_from_name(text: str) -> Author:
    """An :class:`Author` from a name as files and people write it (see the module's rules);
    raises ValueError when there is no family name."""
    return _person(*_split_name(text))


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isalpha()).casefold()


def _family_key(family: str) -> str:
    words = [w for w in family.split() if not _generation(w)] or family.split()
    return _plain(" ".join(words))


def _variants(me: Sequence[str] | str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    for text in [me] if isinstance(me, str) else me:
        try:
            author = author_from_name(text)
        except ValueError:
            continue
        found.append((_family_key(author.family), _plain(author.initials)))
    return found


def find_my_position(authors: Sequence[Author], me: Sequence[str]) -> int | None:
    """The place (1 = first) of the first author who is one of the applicant's name variants
    ``me``: the same family name, initials that begin with the variant's or it with theirs."""
    variants = _variants(me)
    for position, author in enumerate(authors, start=1):
        family, initials = _family_key(author.family), _plain(author.initials)
        for their_family, their_initials in variants:
            if family == their_family and (
                initials.startswith(their_initials) or their_initials.startswith(initials)
            ):
                return position
    return None


def name_variants(authors_seen: Iterable[str], name: str) -> list[str]:
    """The distinct names among ``authors_seen`` (e.g. every :attr:`ImportedOutput.authors` of
    a file) that share a family name with ``name``, in the order first seen, for the user to
    confirm once as ``me``. Spellings that differ only in case, accents or punctuation count once.

    >>> name_variants(["Rao, Ana", "Okafor, Samuel O.", "Okafor S", "Okafor, Samuel O",
    ...                "Okafor, Chidi"], "Samuel Okafor")
    ['Okafor, Samuel O.', 'Okafor S', 'Okafor, Chidi']
    """
    try:
        target = _family_key(author_from_name(name).family)
    except ValueError:
        return []
    found: dict[str, str] = {}
    for raw in authors_seen:
        text = " ".join(raw.split())
        try:
            family = _family_key(author_from_name(text).family)
        except ValueError:
            continue
        spelling = " ".join(_plain(w) for w in re.split(r"[\s,.]+", text) if _plain(w))
        if family == target and spelling not in found:
            found[spelling] = text
    return list(found.values())


# --- building an Output from what a file says ---------------------------------------------------

_Kind = tuple[OutputType, VenueKind, Status]
_OTHER: _Kind = (OutputType.OTHER, VenueKind.JOURNAL, Status.PUBLISHED)
_PEER_REVIEWED = frozenset({OutputType.JOURNAL_ARTICLE, OutputType.CASE_REPORT, OutputType.REVIEW})
_E = TypeVar("_E", bound=StrEnum)


@dataclass
class _Record:
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
            self.authors.append(_person(family, given))
        except ValueError as exc:
            self.fail(file_field, raw, str(exc))

    def kind(self, kind: _Kind, file_field: str, raw: str) -> None:
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


def _imported(
    record: _Record, me: Sequence[str]
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


def _year(text: str) -> int:
    found = re.match(r"\s*(\d{4})\b", text)
    if not found:
        raise ValueError("a year like 2024")
    return int(found[1])


_SEASONS = frozenset({"spring", "summer", "fall", "autumn", "winter"})
_MONTH_WORD = re.compile(r"\s*([^\W\d_]+|\d+)")


def _month_named(word: str) -> int | None:
    """1 for "jan", "Jan.", "January"; None when the word is no month's name."""
    word = word.lower().rstrip(".")
    if len(word) < 3:
        return None
    return next((n for n, name in enumerate(MONTH_NAMES, 1) if name.lower().startswith(word)), None)


def _month(text: str) -> int | None:
    """The month a file writes first: "mar", "March", "3", "03", "Mar-Apr" (March), "Mar 15";
    None for a season ("Spring"); ValueError for anything else.

    >>> [_month(t) for t in ("mar", "Sept.", "03", "Mar-Apr", "Spring")]
    [3, 9, 3, 3, None]
    """
    found = _MONTH_WORD.match(text)
    word = found[1].lower() if found else ""
    if word.isdigit() and 1 <= int(word) <= 12:
        return int(word)
    if word in _SEASONS:
        return None
    month = _month_named(word)
    if month is None:
        raise ValueError("a month like mar, March or 3")
    return month


def _numbered_month(text: str) -> int | None:
    """The month of a date written 2024/03/15/ (RIS), 2024-03-12 (ISO) or 2024/03; None when
    the date gives only a year (2024, 2024///); ValueError for a month past 12."""
    found = re.match(r"\s*\d{4}[/-](\d{1,2})(?!\d)", text)
    if found is None:
        return None
    if not 1 <= int(found[1]) <= 12:
        raise ValueError("a date like 2024/03/15/ with a month from 01 to 12")
    return int(found[1])


def _in_press(text: str) -> bool:
    return bool(re.fullmatch(r"\s*(in\s*press|forthcoming|accepted)\s*", text, re.I))


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise ValueError("a date like 2024-03-12") from None


def _key(text: str) -> str:
    return re.sub(r"[\s\-_]+", "_", text.strip().lower())


_TOPICS: dict[str, IrTopic] = {_key(t.value): t for t in IrTopic} | {
    _key(label): t for t, label in IR_TOPIC_LABELS.items()
}


def _topics(keywords: Iterable[str]) -> frozenset[IrTopic]:
    """The IR topics among keywords (by label or value); the rest are the user's own tags."""
    words = (w for text in keywords for w in re.split(r"[,;]", text))
    return frozenset(_TOPICS[_key(w)] for w in words if _key(w) in _TOPICS)


def _meeting_hint(text: str) -> OutputType | None:
    """What a note says a meeting item was: "Poster presentation", "Oral abstract", "Abstract"."""
    text = text.lower()
    if "poster" in text:
        return OutputType.POSTER
    if re.search(r"\b(oral|talk|podium|lecture|presentation)\b", text):
        return OutputType.ORAL_PRESENTATION
    if "abstract" in text:
        return OutputType.JOURNAL_ABSTRACT
    return None


def _enum(kind: type[_E]) -> Callable[[Any], _E]:
    names = ", ".join(m.value for m in kind)

    def parse(value: Any) -> _E:
        text = str(value).strip().lower() if isinstance(value, str) else ""
        for member in kind:
            if member.value == text:
                return member
        raise ValueError(f"one of: {names}")

    return parse


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower() if isinstance(value, str) else ""
    if text in ("yes", "true", "1"):
        return True
    if text in ("no", "false", "0"):
        return False
    raise ValueError("yes or no")


def _position(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    if isinstance(value, str) and value.strip().isdigit() and int(value) >= 1:
        return int(value)
    raise ValueError("the applicant's place among the authors: 1 for the first")


def _history(value: Any) -> tuple[StatusChange, ...]:
    """``[{"status": ..., "on": ...}]`` (CSL-JSON) or "submitted 2024-01-02; accepted
    2024-02-03" (BibTeX)."""
    expected = "status changes like: submitted 2024-01-02; accepted 2024-02-20"
    if isinstance(value, str):
        pairs = [p.split() for p in value.split(";") if p.strip()]
        if any(len(p) != 2 for p in pairs):
            raise ValueError(expected)
        value = [{"status": s, "on": on} for s, on in pairs]
    if not isinstance(value, list) or not all(isinstance(c, dict) for c in value):
        raise ValueError(expected)
    status = _enum(Status)
    changes = []
    for change in value:
        if set(change) != {"status", "on"} or not isinstance(change["on"], str):
            raise ValueError(expected)
        changes.append(StatusChange(status=status(change["status"]), on=_iso_date(change["on"])))
    return tuple(changes)


def _words(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError("text")
    return value


# MatchWise's own fields: x-matchwise-<name> in BibTeX, custom.matchwise.<name> in CSL-JSON
_OWN: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "type": ("type", _enum(OutputType)),
    "position": ("my_position", _position),
    "venue-kind": ("venue_kind", _enum(VenueKind)),
    "status": ("status", _enum(Status)),
    "history": ("history", _history),
    "peer-reviewed": ("peer_reviewed", _flag),
    "national-meeting": ("national_meeting", _flag),
    "role": ("my_role", _words),
    "mentor": ("mentor", _words),
    "meaningful": ("meaningful", _flag),
}


def _read_own(record: _Record, own: Mapping[str, Any], prefix: str) -> None:
    for name, (output_field, parse) in _OWN.items():
        if name not in own:
            continue
        value = own[name]
        shown = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
        try:
            record.put(output_field, parse(value), prefix + name, shown)
        except ValueError as exc:
            record.fail(prefix + name, shown, str(exc))


def _own(output: Output) -> dict[str, Any]:
    """MatchWise's own fields of an output, in JSON's types; defaults left out where the
    reader's default is the same whatever the file says."""
    own: dict[str, Any] = {
        "type": output.type.value,
        "venue-kind": output.venue_kind.value,
        "status": output.status.value,
        "peer-reviewed": output.peer_reviewed,
    }
    if output.my_position is not None:
        own["position"] = output.my_position
    if output.history:
        own["history"] = [
            {"status": c.status.value, "on": c.on.isoformat()} for c in output.history
        ]
    if output.national_meeting:
        own["national-meeting"] = True
    if output.my_role:
        own["role"] = output.my_role
    if output.mentor:
        own["mentor"] = output.mentor
    if output.meaningful:
        own["meaningful"] = True
    return own


# --- BibTeX -------------------------------------------------------------------------------------

# Written raw by reference managers: LaTeX decoding would cut a URL at its first "%".
_VERBATIM = frozenset({"url", "doi", "eprint", "pmid", "file"})
_TEX_SPACE = re.compile(r"[ \t\r\n]+")


class _LatexDecoding(LatexDecodingMiddleware):  # type: ignore[misc, unused-ignore]
    """LaTeX to text as TeX reads it (a run of spaces and line breaks is one space; the writer
    spells the others out), in the names too, but not in the verbatim fields (url, doi)."""

    def transform_entry(self, entry: Entry, library: Library) -> Block:
        verbatim = [entry.pop(k) for k in list(entry.fields_dict) if k.lower() in _VERBATIM]
        block = super().transform_entry(entry, library)
        for kept in verbatim:
            if kept is not None:
                entry.set_field(kept)
        errors: list[str] = []
        for f in entry.fields:
            # SplitNameParts made a list of NameParts, which the base class passes over
            for person in f.value if isinstance(f.value, list) else []:
                if isinstance(person, NameParts):
                    for part in ("first", "von", "last", "jr"):
                        decoded = self._transform_all_strings(getattr(person, part), errors)
                        setattr(person, part, decoded)
        if any(errors) and block is entry:
            return MiddlewareErrorBlock(entry, ValueError("; ".join(e for e in errors if e)))
        return block

    def _transform_python_value_string(self, python_string: str) -> tuple[str, str]:
        result: tuple[str, str] = super()._transform_python_value_string(
            _TEX_SPACE.sub(" ", python_string)
        )
        return result


_BIBTEX_KINDS: dict[str, _Kind] = {
    "article": (OutputType.JOURNAL_ARTICLE, VenueKind.JOURNAL, Status.PUBLISHED),
    "inproceedings": (OutputType.JOURNAL_ABSTRACT, VenueKind.MEETING, Status.PRESENTED),
    "conference": (OutputType.JOURNAL_ABSTRACT, VenueKind.MEETING, Status.PRESENTED),
    "incollection": (OutputType.BOOK_CHAPTER, VenueKind.BOOK, Status.PUBLISHED),
    "inbook": (OutputType.BOOK_CHAPTER, VenueKind.BOOK, Status.PUBLISHED),
    "misc": (OutputType.ONLINE_PUBLICATION, VenueKind.ONLINE, Status.PUBLISHED),
    "online": (OutputType.ONLINE_PUBLICATION, VenueKind.ONLINE, Status.PUBLISHED),
    "electronic": (OutputType.ONLINE_PUBLICATION, VenueKind.ONLINE, Status.PUBLISHED),
    "www": (OutputType.ONLINE_PUBLICATION, VenueKind.ONLINE, Status.PUBLISHED),
    "book": (OutputType.OTHER, VenueKind.BOOK, Status.PUBLISHED),
    "unpublished": (OutputType.OTHER, VenueKind.JOURNAL, Status.IN_PREPARATION),
}
_BIBTEX_MEETINGS = frozenset({"inproceedings", "conference"})
_BIBTEX_VENUES = ("journal", "journaltitle", "booktitle", "eventtitle", "organization")
_BIBTEX_NAMES = {"authors": "author", "venue": "journal", "issue": "number", "topics": "keywords"}
_BIBTEX_NAMES |= {"month": "month"}
_BIBTEX_SIGNATURE = re.compile(r"^[ \t]*@[A-Za-z]+[ \t]*[{(]", re.M)
_OWN_PREFIX = "x-matchwise-"


def _bibtex_reason(block: ParsingFailedBlock) -> tuple[str, str, str]:
    """(field, value, what was expected) for a block the parser gave up on, in words."""
    error = block.error
    if isinstance(error, BlockAbortedException):
        reason = str(error.abort_reason)
        if reason.startswith("Unexpectedly reached end of file"):
            return "", "", 'an entry closed by } (the file ends inside it: a } or " is missing)'
        if reason.startswith("Unexpected block start"):
            return "", "", 'an entry closed by } before the next @ (a } or " is missing)'
        return "", "", f"fields written as name = {{value}}, separated by commas ({reason})"
    if isinstance(block, DuplicateFieldKeyBlock):
        keys = ", ".join(sorted(block.duplicate_keys))
        return keys, "", f"each field once; {keys} appears twice"
    if isinstance(error, InvalidNameError):
        return "author", str(error.name), f'names separated by "and" ({error.reason})'
    return "", "", f"text the BibTeX reader understands ({error or type(error).__name__})"


def _bibtex_raw_label(raw: str | None) -> tuple[str, str]:
    """(entry type, key) from a failed block's text."""
    found = re.match(r"\s*@\s*(\w+)\s*[{(]\s*([^,\s]*)", raw or "")
    return (found[1].lower(), found[2]) if found else ("", "")


def _parse_bibtex(text: str) -> Library:
    middlewares = [NormalizeFieldKeys(), SeparateCoAuthors(), SplitNameParts(), _LatexDecoding()]
    return parse_string(text, append_middleware=middlewares)


def _bibtex_blocks(text: str) -> list[tuple[Block, int]]:
    """The file's blocks, each with the line it starts on. An entry whose key an earlier one
    used is read on its own (bibtexparser leaves it undecoded): MatchWise has no use for keys."""
    blocks: list[tuple[Block, int]] = []
    for block in _parse_bibtex(text).blocks:
        line = (block.start_line or 0) + 1
        if isinstance(block, DuplicateBlockKeyBlock) and block.raw:
            blocks += [(b, line) for b in _parse_bibtex(block.raw).blocks]
        else:
            blocks.append((block, line))
    return blocks


def _from_bibtex(source: str, text: str) -> _Parsed:
    if not _BIBTEX_SIGNATURE.search(text):
        raise _file_error(source, "not a BibTeX file: no entry like @article{key, ...} was found")
    records: list[_Record] = []
    problems: list[ReferenceProblem] = []
    number = 0
    for block, line in _bibtex_blocks(text):
        if isinstance(block, Entry):
            number += 1
            records.append(_bibtex_entry(source, number, line, block))
        elif isinstance(block, ParsingFailedBlock):
            kind, key = _bibtex_raw_label(block.raw)
            where, value, expected = _bibtex_reason(block)
            if kind in ("string", "preamble", "comment"):
                problems.append(ReferenceProblem(source, 0, "", f"@{kind}", expected, line=line))
                continue
            number += 1
            problems.append(ReferenceProblem(source, number, where, value, expected, key, line))
    return records, problems


def _bibtex_entry(source: str, number: int, line: int, entry: Entry) -> _Record:
    fields = {f.key.lower(): f.value for f in entry.fields}

    def text(name: str) -> str:
        value = fields.get(name)
        return value.strip() if isinstance(value, str) else ""

    kind = entry.entry_type.lower()
    title = text("title")
    record = _Record(source, number, _BIBTEX_NAMES, entry.key or title, line)
    record.key = entry.key
    found = _BIBTEX_KINDS.get(kind, _OTHER)
    hint = _meeting_hint(f"{text('note')} {text('howpublished')}")
    # a poster is often kept as @misc with a note; a @misc "abstract" says too little
    if hint is not None and (
        kind in _BIBTEX_MEETINGS or (kind == "misc" and hint in PRESENTATION_TYPES)
    ):
        found = (hint, VenueKind.MEETING, Status.PRESENTED)
    record.kind(found, "ENTRYTYPE", f"@{kind}")
    record.text("title", title, "title")
    names = fields.get("author")
    for person in names if isinstance(names, list) else []:
        family = " ".join([*person.von, *person.last, *person.jr])
        given = " ".join(person.first)
        if family == "others" and not given:  # BibTeX's "et al."
            continue
        record.author(f"{family}, {given}" if given else family, family, given, "author")
    venue = next((name for name in _BIBTEX_VENUES if text(name)), "")
    if venue:
        record.text("venue", text(venue), venue)
    _bibtex_year(record, text("year"), text("date"))
    if text("month"):
        record.parse("month", text("month"), "month", _month)
    else:
        record.parse("month", text("date"), "date", _numbered_month)
    record.text("volume", text("volume"), "volume")
    issue = "number" if text("number") else "issue"
    record.text("issue", text(issue), issue)
    # Zotero writes page ranges as 123--130, which LaTeX (and so the decoder) makes an en dash
    record.text("pages", text("pages").replace("\u2013", "-"), "pages")
    record.text("doi", _unescape(text("doi")), "doi")
    if text("pmid"):
        record.text("pmid", re.sub(r"(?i)^pmid:?\s*", "", text("pmid")), "pmid")
    elif text("eprinttype").lower() == "pubmed":
        record.text("pmid", text("eprint"), "eprint")
    record.text("url", _unescape(text("url")), "url")
    place = "venue" if text("venue") else ""
    if not place and kind in _BIBTEX_MEETINGS:
        place = "location" if text("location") else "address"
    if place:
        record.text("place", text(place), place)
    record.parse("event_date", text("eventdate").split("/")[0], "eventdate", _iso_date)
    if text("keywords"):
        record.put("topics", _topics([text("keywords")]), "keywords", text("keywords"))
    own = {k.removeprefix(_OWN_PREFIX): v for k, v in fields.items() if k.startswith(_OWN_PREFIX)}
    _read_own(record, own, _OWN_PREFIX)
    return record


def _bibtex_year(record: _Record, year: str, when: str) -> None:
    if _in_press(year):
        record.put("status", Status.IN_PRESS, "year", year)
    elif year:
        record.parse("year", year, "year", _year)
    elif when:
        record.parse("year", when, "date", _year)


def _unescape(text: str) -> str:
    """``10.1000/a\\_b`` as some exporters write a DOI or URL: the backslashes are LaTeX's."""
    return re.sub(r"\\([_%&#$~])", r"\1", text)


# --- RIS ----------------------------------------------------------------------------------------

_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_RIS_KINDS: dict[str, _Kind] = {
    "JOUR": (OutputType.JOURNAL_ARTICLE, VenueKind.JOURNAL, Status.PUBLISHED),
    "JFULL": (OutputType.JOURNAL_ARTICLE, VenueKind.JOURNAL, Status.PUBLISHED),
    "EJOUR": (OutputType.JOURNAL_ARTICLE, VenueKind.JOURNAL, Status.PUBLISHED),
    "INPR": (OutputType.JOURNAL_ARTICLE, VenueKind.JOURNAL, Status.IN_PRESS),
    "ABST": (OutputType.JOURNAL_ABSTRACT, VenueKind.JOURNAL, Status.PRESENTED),
    "CONF": (OutputType.ORAL_PRESENTATION, VenueKind.MEETING, Status.PRESENTED),
    "CPAPER": (OutputType.ORAL_PRESENTATION, VenueKind.MEETING, Status.PRESENTED),
    "CHAP": (OutputType.BOOK_CHAPTER, VenueKind.BOOK, Status.PUBLISHED),
    "ECHAP": (OutputType.BOOK_CHAPTER, VenueKind.BOOK, Status.PUBLISHED),
    "ELEC": (OutputType.ONLINE_PUBLICATION, VenueKind.ONLINE, Status.PUBLISHED),
    "WEB": (OutputType.ONLINE_PUBLICATION, VenueKind.ONLINE, Status.PUBLISHED),
    "BLOG": (OutputType.ONLINE_PUBLICATION, VenueKind.ONLINE, Status.PUBLISHED),
    "UNPB": (OutputType.OTHER, VenueKind.JOURNAL, Status.IN_PREPARATION),
    # "CASE" is a legal case, not a case report: it falls through to "other"
}
_RIS_NAMES = {"title": "TI", "authors": "AU", "venue": "JO", "year": "PY", "volume": "VL"}
_RIS_NAMES |= {"issue": "IS", "pages": "SP", "doi": "DO", "pmid": "AN", "url": "UR"}
_RIS_NAMES |= {"place": "CY", "topics": "KW", "month": "DA"}
_RIS_DATES = (("year", "PY"), ("publication_year", "Y1"), ("date", "DA"))
_RIS_VENUES = (
    ("journal_name", "JO"),
    ("alternate_title3", "JF"),
    ("secondary_title", "T2"),
    ("alternate_title2", "JA"),
    ("alternate_title1", "J2"),
)
_PMID_NOTE = re.compile(r"^\s*PMID:?\s*(\d+)\s*$", re.I | re.M)


def _ris_records(
    source: str, text: str
) -> tuple[list[tuple[int, list[str]]], list[ReferenceProblem]]:
    """[(line of TY, lines from TY to ER)] and the problems of lines outside records."""
    records: list[tuple[int, list[str]]] = []
    problems: list[ReferenceProblem] = []
    current: list[str] | None = None
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        tag = _RIS_TAG.match(line)
        if tag and tag[1] == "TY":
            if current is not None:
                records.append((start, current))  # the missing ER is reported with it
            current, start = [line], number
        elif current is not None:
            if line.strip():
                current.append(line)
            if tag and tag[1] == "ER":
                records.append((start, current))
                current = None
        elif line.strip():
            problems.append(
                ReferenceProblem(
                    source, 0, "", line, "records that run from TY  - to ER  - ", line=number
                )
            )
    if current is not None:
        records.append((start, current))
    return records, problems


def _from_ris(source: str, text: str) -> _Parsed:
    if not any(_RIS_TAG.match(line) for line in text.splitlines()):
        loose = re.search(r"^[A-Z][A-Z0-9]\s*-", text, re.M)
        expected = (
            "RIS tags written as two capitals, two spaces, a hyphen and a space (TY  - JOUR)"
            if loose
            else "a RIS file: records of lines like TY  - JOUR, ending with ER  - "
        )
        raise _file_error(source, expected)
    chunks, problems = _ris_records(source, text)
    records: list[_Record] = []
    for number, (line, lines) in enumerate(chunks, start=1):
        closed = bool(_RIS_TAG.match(lines[-1])) and lines[-1][:2] == "ER"
        # rispy reads a record only once it is closed; a missing ER is reported, not guessed
        parsed = rispy.loads("\n".join(lines if closed else [*lines, "ER  - "]))
        record = _ris_entry(source, number, line, parsed[0] if parsed else {})
        if not closed:
            record.fail("ER", "", "an ER  - line to end the record before the next TY or the end")
        records.append(record)
    return records, problems


def _ris_text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(_ris_text(v) for v in value).strip()
    return value.strip() if isinstance(value, str) else ""


def _ris_entry(source: str, number: int, line: int, ris: Mapping[str, Any]) -> _Record:
    def text(name: str) -> str:
        return _ris_text(ris.get(name))

    title_tag = "TI" if text("title") else "T1"
    title = text("title") or text("primary_title")
    record = _Record(source, number, _RIS_NAMES, text("id") or title, line, key=text("id"))
    ty = text("type_of_reference").upper()
    kind = _RIS_KINDS.get(ty, _OTHER)
    if ty in ("CONF", "CPAPER"):
        hint = _meeting_hint(f"{text('type_of_work')} {text('note')} {text('notes')}")
        kind = (hint or kind[0], kind[1], kind[2])
    record.kind(kind, "TY", ty)
    record.text("title", title, title_tag)
    tag, names = (
        ("AU", ris.get("authors")) if ris.get("authors") else ("A1", ris.get("first_authors"))
    )
    for name in names if isinstance(names, list) else []:
        record.author(name, *_split_name(name), tag)
    venues: tuple[tuple[str, str], ...] = _RIS_VENUES
    if kind[0] is OutputType.BOOK_CHAPTER:  # T2 is the book a chapter is in
        venues = (("secondary_title", "T2"), *_RIS_VENUES)
    venue = next(((n, t) for n, t in venues if text(n)), None)
    if venue:
        record.text("venue", text(venue[0]), venue[1])
    for name, tag in _RIS_DATES:
        if text(name):
            record.parse("year", text(name), tag, _year)
            break
    _ris_month(record, {tag: text(name) for name, tag in _RIS_DATES})
    record.text("volume", text("volume"), "VL")
    record.text("issue", text("number"), "IS")
    first, last = text("start_page"), text("end_page")
    pages = f"{first}-{last}" if first and last and "-" not in first and first != last else first
    record.text("pages", pages or last, "SP")
    record.text("doi", text("doi"), "DO")
    _ris_pmid(record, ris)
    urls = ris.get("urls")
    if isinstance(urls, list) and urls:
        record.text("url", _ris_text(urls[0]), "UR")
    if kind[1] is VenueKind.MEETING:  # elsewhere CY is the publisher's city
        record.text("place", text("place_published"), "CY")
    if ris.get("keywords"):
        keywords = ris["keywords"]
        words = keywords if isinstance(keywords, list) else [keywords]
        record.put("topics", _topics(_ris_text(w) for w in words), "KW", _ris_text(keywords))
    return record


def _ris_month(record: _Record, dates: Mapping[str, str]) -> None:
    """The month of the first of PY, Y1 and DA that gives one: "2024/03/15/" as the RIS
    specification writes dates, or, in DA, a month's name as EndNote writes it ("Mar 15")."""
    for tag, text in dates.items():
        try:
            month = _numbered_month(text)
        except ValueError as exc:
            record.fail(tag, text, str(exc))
            return
        if month is None and tag == "DA":
            month = next(filter(None, map(_month_named, re.findall(r"[^\W\d_]+", text))), None)
        if month is not None:
            record.put("month", month, tag, text)
            return


def _ris_pmid(record: _Record, ris: Mapping[str, Any]) -> None:
    database = f"{_ris_text(ris.get('name_of_database'))} {_ris_text(ris.get('database_provider'))}"
    accession = _ris_text(ris.get("accession_number"))
    if accession and re.search(r"pubmed|medline|nlm", database, re.I):
        record.text("pmid", accession, "AN")
        return
    customs = [(f"C{i}", ris.get(f"custom{i}")) for i in range(1, 9)]
    for tag, value in [*customs, ("N1", ris.get("notes")), ("M1", ris.get("note"))]:
        for text in value if isinstance(value, list) else [value]:
            found = _PMID_NOTE.search(text) if isinstance(text, str) else None
            if found:
                record.text("pmid", found[1], tag)
                return


# --- PubMed MEDLINE -----------------------------------------------------------------------------

_MEDLINE_TAG = re.compile(r"^([A-Z][A-Z0-9]{1,3}) *- ?(.*)$")
_MEDLINE_SIGNATURE = re.compile(r"^PMID- ?\d", re.M)
_MEDLINE_NAMES = {"title": "TI", "authors": "FAU", "venue": "TA", "year": "DP", "volume": "VI"}
_MEDLINE_NAMES |= {"issue": "IP", "pages": "PG", "doi": "LID", "pmid": "PMID", "topics": "OT"}
_MEDLINE_NAMES |= {"month": "DP"}
# PubMed's publication types, most telling first
_MEDLINE_TYPES = (
    ("case reports", OutputType.CASE_REPORT),
    ("systematic review", OutputType.REVIEW),
    ("review", OutputType.REVIEW),
    ("letter", OutputType.LETTER),
)

_Tagged = list[tuple[str, str]]


def _medline_records(
    source: str, text: str
) -> tuple[list[tuple[int, _Tagged]], list[ReferenceProblem]]:
    """[(first line, [(tag, value)])]: records end at a blank line, or where a new PMID
    starts; a line indented by spaces continues the one before."""
    records: list[tuple[int, _Tagged]] = []
    problems: list[ReferenceProblem] = []
    current: _Tagged = []
    start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        tag = _MEDLINE_TAG.match(line)
        if not line.strip():
            if current:
                records.append((start, current))
            current = []
        elif line[:1].isspace() and current:
            name, value = current[-1]
            current[-1] = (name, f"{value} {line.strip()}")
        elif tag:
            if tag[1] == "PMID" and any(name == "PMID" for name, _ in current):
                records.append((start, current))
                current = []
            if not current:
                start = number
            current.append((tag[1], tag[2].strip()))
        else:
            entry = len(records) + 1 if current else 0
            problems.append(
                ReferenceProblem(
                    source,
                    entry,
                    "",
                    line,
                    "a line like TI  - Title (a tag, a hyphen, the value) or one that "
                    "continues the line before, indented by 6 spaces",
                    line=number,
                )
            )
    if current:
        records.append((start, current))
    return records, problems


def _from_medline(source: str, text: str) -> _Parsed:
    if not _MEDLINE_SIGNATURE.search(text):
        raise _file_error(
            source,
            "not a PubMed (MEDLINE) file: no record starts with a line like PMID- 38512345 "
            '(in PubMed, choose Send to > Citation manager, or Save with format "PubMed")',
        )
    chunks, problems = _medline_records(source, text)
    records = [_medline_entry(source, n, line, tags) for n, (line, tags) in enumerate(chunks, 1)]
    return records, problems


def _medline_entry(source: str, number: int, line: int, tagged: _Tagged) -> _Record:
    tags: dict[str, list[str]] = {}
    for name, value in tagged:
        tags.setdefault(name, []).append(value)

    def first(name: str) -> str:
        return next(iter(tags.get(name, [])), "")

    title = first("TI") or first("BTI")
    record = _Record(source, number, _MEDLINE_NAMES, first("PMID") or title, line, first("PMID"))
    kinds = " | ".join(tags.get("PT", [])).lower()
    kind = next((t for words, t in _MEDLINE_TYPES if words in kinds), OutputType.JOURNAL_ARTICLE)
    record.kind((kind, VenueKind.JOURNAL, Status.PUBLISHED), "PT", " | ".join(tags.get("PT", [])))
    record.text("title", title, "TI" if first("TI") else "BTI")
    _medline_authors(record, tagged)
    venue = "TA" if first("TA") else "JT"
    record.text("venue", first(venue), venue)
    record.parse("year", first("DP"), "DP", _year)
    # NLM writes "2023 Mar 15", "2023 Mar-Apr" or "2023 Spring": a season is no month
    found = re.match(r"\s*\d{4}\s+([A-Za-z]+)", first("DP"))
    month = _month_named(found[1]) if found else None
    if month is not None:
        record.put("month", month, "DP", first("DP"))
    record.text("volume", first("VI"), "VI")
    record.text("issue", first("IP"), "IP")
    record.text("pages", first("PG"), "PG")
    for name in ("LID", "AID"):
        doi = next((v[: -len("[doi]")] for v in tags.get(name, []) if v.endswith("[doi]")), "")
        if doi.strip():
            record.text("doi", doi.strip(), name)
            break
    record.text("pmid", first("PMID"), "PMID")
    if tags.get("OT"):
        record.put("topics", _topics(tags["OT"]), "OT", "; ".join(tags["OT"]))
    return record


def _medline_authors(record: _Record, tagged: _Tagged) -> None:
    """FAU "Rao, Ana K" gives the family and AU "Rao AK" (which follows it) the initials, as NLM
    wrote them; CN is a group author, in its place in the list."""
    pending: tuple[str, str] | None = None  # a FAU waiting for its AU

    def flush(initials: str | None) -> None:
        nonlocal pending
        if pending is not None:
            raw, given = pending
            family = _split_name(raw)[0]
            if initials is None:
                record.author(raw, family, given, "FAU")
            else:
                record.author(raw, family, " ".join(initials), "FAU")
            pending = None

    for name, value in tagged:
        if name == "FAU":
            flush(None)
            pending = (value, _split_name(value)[1])
        elif name == "AU":
            family, initials = _split_name(value)
            if pending is not None:
                flush(initials if initials.isalpha() and initials.isupper() else None)
            else:
                record.author(value, family, initials, "AU")
        elif name == "CN":
            flush(None)
            record.author(value, value, "", "CN")
    flush(None)


# --- CSL-JSON -----------------------------------------------------------------------------------

_CSL_KINDS: dict[str, _Kind] = {
    "article-journal": (OutputType.JOURNAL_ARTICLE, VenueKind.JOURNAL, Status.PUBLISHED),
    "paper-conference": (OutputType.JOURNAL_ABSTRACT, VenueKind.MEETING, Status.PRESENTED),
    "speech": (OutputType.ORAL_PRESENTATION, VenueKind.MEETING, Status.PRESENTED),
    "chapter": (OutputType.BOOK_CHAPTER, VenueKind.BOOK, Status.PUBLISHED),
    "webpage": (OutputType.ONLINE_PUBLICATION, VenueKind.ONLINE, Status.PUBLISHED),
    "post": (OutputType.ONLINE_PUBLICATION, VenueKind.ONLINE, Status.PUBLISHED),
    "post-weblog": (OutputType.ONLINE_PUBLICATION, VenueKind.ONLINE, Status.PUBLISHED),
    "manuscript": (OutputType.OTHER, VenueKind.JOURNAL, Status.IN_PREPARATION),
}
_CSL_NAMES = {"authors": "author", "venue": "container-title", "year": "issued", "pages": "page"}
_CSL_NAMES |= {"doi": "DOI", "pmid": "PMID", "url": "URL", "place": "event-place"}
_CSL_NAMES |= {"event_date": "event-date", "topics": "keyword", "month": "issued"}
# citeproc-js reads a "month" of 13 to 16 (and EDTF's 21 to 24) as spring to winter
_CSL_SEASONS = frozenset(range(13, 17)) | frozenset(range(21, 25))
_CSL_TEXT = {
    "title": "title",
    "volume": "volume",
    "issue": "issue",
    "pages": "page",
    "doi": "DOI",
    "pmid": "PMID",
    "url": "URL",
    "place": "event-place",
}
_CSL_OTHER_TEXT = ("type", "genre", "note", "keyword", "container-title", "event-title", "event")


def _from_csl(source: str, text: str) -> _Parsed:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _file_error(
            source,
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            line=exc.lineno,
        ) from None
    if isinstance(data, dict) and "type" in data and "title" in data:
        data = [data]  # one item on its own
    if not isinstance(data, list):
        raise _file_error(source, 'a CSL-JSON file: a list of items like [{"type": ...}]')
    records: list[_Record] = []
    problems: list[ReferenceProblem] = []
    for number, item in enumerate(data, start=1):
        if isinstance(item, dict):
            records.append(_csl_entry(source, number, item))
        else:
            shown = json.dumps(item, ensure_ascii=False)
            expected = 'an item: {"type": ..., "title": ...}'
            problems.append(ReferenceProblem(source, number, "", shown, expected))
    return records, problems


def _csl_text(record: _Record, item: Mapping[str, Any], name: str) -> str:
    value = item.get(name)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        record.fail(name, json.dumps(value, ensure_ascii=False), "text")
        return ""
    return str(value)


def _csl_entry(source: str, number: int, item: Mapping[str, Any]) -> _Record:
    title = item.get("title") if isinstance(item.get("title"), str) else ""
    identifier = item.get("id")
    key = str(identifier) if isinstance(identifier, str | int) else ""
    record = _Record(source, number, _CSL_NAMES, key or str(title), key=key)
    texts = {n: _csl_text(record, item, n) for n in (*_CSL_TEXT.values(), *_CSL_OTHER_TEXT)}
    kind = _CSL_KINDS.get(texts["type"], _OTHER)
    if kind[1] is VenueKind.MEETING:
        hint = _meeting_hint(f"{texts['genre']} {texts['note']}")
        kind = (hint or kind[0], kind[1], kind[2])
    record.kind(kind, "type", texts["type"])
    own = item["custom"].get("matchwise") if isinstance(item.get("custom"), dict) else None
    for output_field, name in _CSL_TEXT.items():
        # Zotero copies a book's publisher city into event-place: only a meeting has a place,
        # unless MatchWise wrote the item (and says what it is)
        if output_field != "place" or kind[1] is VenueKind.MEETING or own is not None:
            record.text(output_field, texts[name], name)
    found = None if texts["PMID"] else _PMID_NOTE.search(texts["note"])
    if found:  # Zotero keeps the PMID in "extra", which it exports as the note
        record.text("pmid", found[1], "note")
    _csl_authors(record, item.get("author"))
    venue = next((n for n in ("container-title", "event-title", "event") if texts[n]), "")
    if venue:
        record.text("venue", texts[venue], venue)
    _csl_date(record, item.get("issued"), "issued")
    _csl_date(record, item.get("event-date"), "event-date")
    if texts["keyword"]:
        record.put("topics", _topics([texts["keyword"]]), "keyword", texts["keyword"])
    if own is not None and not isinstance(own, dict):
        record.fail("custom.matchwise", json.dumps(own), "an object of MatchWise's fields")
    elif own:
        _read_own(record, own, "custom.matchwise.")
    return record


def _csl_authors(record: _Record, authors: Any) -> None:
    if authors is None:
        return
    if not isinstance(authors, list):
        record.fail(
            "author", json.dumps(authors)[:80], 'a list like [{"family": ..., "given": ...}]'
        )
        return
    for person in authors:
        parts = person if isinstance(person, dict) else {}
        family, given, literal = (parts.get(k) for k in ("family", "given", "literal"))
        if isinstance(family, str):
            # "van" in Ludwig van Beethoven (dropping), "de" in de Gaulle (non-dropping)
            particles = (parts.get(k) for k in ("dropping-particle", "non-dropping-particle"))
            family = " ".join(p for p in (*particles, family) if isinstance(p, str) and p)
            given = given if isinstance(given, str) else ""
            record.author(f"{family}, {given}" if given else family, family, given, "author")
        elif isinstance(literal, str):
            record.author(literal, literal, "", "author")
        else:
            shown = json.dumps(person, ensure_ascii=False)
            record.author_names.append(shown)
            record.fail("author", shown, 'a name like {"family": "Rao", "given": "Ana K."}')


def _csl_date(record: _Record, value: Any, name: str) -> None:
    """``{"date-parts": [[2024, 3, 12]]}`` (or ``{"raw": "2024-03-12"}``): the year and month
    of ``issued``, the day of ``event-date`` (left out when the file gives less than a day)."""
    if value is None:
        return
    shown = json.dumps(value, ensure_ascii=False)
    parts = value.get("date-parts") if isinstance(value, dict) else None
    first = parts[0] if isinstance(parts, list) and parts and isinstance(parts[0], list) else None
    try:
        numbers = [int(p) for p in first] if first else []
    except (TypeError, ValueError):
        numbers = [-1]
    text = str(value.get("raw") or value.get("literal") or "") if isinstance(value, dict) else ""
    if not numbers and re.match(r"\s*\d{4}", text):
        numbers = [int(n) for n in re.findall(r"\d+", text)[:3]]
    if not numbers or numbers[0] < 0:
        record.fail(name, shown, 'a date like {"date-parts": [[2024, 3, 12]]}')
    elif name == "issued":
        record.put("year", numbers[0], name, shown)
        if len(numbers) >= 2 and 1 <= numbers[1] <= 12:
            record.put("month", numbers[1], name, shown)
        elif len(numbers) >= 2 and numbers[1] not in _CSL_SEASONS:
            record.fail(name, shown, "a month from 1 to 12 after the year in date-parts")
    elif len(numbers) >= 3:
        try:
            record.put("event_date", date(*numbers[:3]), name, shown)
        except ValueError:
            record.fail(name, shown, "a day that exists")


# --- reading a file -----------------------------------------------------------------------------

_Parsed = tuple[list[_Record], list[ReferenceProblem]]
_READERS: dict[ReferenceFormat, Callable[[str, str], _Parsed]] = {
    ReferenceFormat.BIBTEX: _from_bibtex,
    ReferenceFormat.RIS: _from_ris,
    ReferenceFormat.MEDLINE: _from_medline,
    ReferenceFormat.CSL_JSON: _from_csl,
}
_SIGNATURES: dict[ReferenceFormat, re.Pattern[str]] = {
    ReferenceFormat.CSL_JSON: re.compile(r"\A\s*[\[{]"),
    ReferenceFormat.RIS: re.compile(r"^TY  - ", re.M),
    ReferenceFormat.MEDLINE: _MEDLINE_SIGNATURE,
    ReferenceFormat.BIBTEX: _BIBTEX_SIGNATURE,
}


def _format(suffix: str, text: str) -> ReferenceFormat:
    """The suffix's format, unless the content plainly is another (a RIS export saved as .txt)."""
    default = SUFFIXES[suffix]
    if _SIGNATURES[default].search(text):
        return default
    return next((f for f, sign in _SIGNATURES.items() if sign.search(text)), default)


def _text(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise _file_error(
            source,
            "the file is not UTF-8 text; export it again as UTF-8 (Zotero, Mendeley and "
            "EndNote offer it as the character encoding)",
            line=line,
        ) from None


def parse_references(
    data: bytes, *, name: str, me: Sequence[str] = (), skip_bad_entries: bool = False
) -> ReferenceRead:
    """Like :func:`read_references`, for a file's bytes (an upload); ``name`` is the file's
    name, whose suffix chooses the format and which every problem names."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise _file_error(
            name,
            "a reference file: .bib (BibTeX), .ris (RIS), .nbib or .txt (PubMed) or .json "
            "(CSL-JSON), as Zotero, Mendeley, EndNote and PubMed export them",
            suffix or "(no suffix)",
        )
    text = _text(data, name)
    if not text.strip():
        raise _file_error(name, "the file is empty")
    kind = _format(suffix, text)
    records, problems = _READERS[kind](name, text)
    items: list[ImportedOutput] = []
    for record in records:
        item, more = _imported(record, me)
        problems += more
        if item is not None:
            items.append(item)
    if not items and not problems:
        raise _file_error(name, "the file has no references")
    problems.sort(key=lambda p: p.entry)  # the file's order; a file's own problems first
    if problems and not skip_bad_entries:
        raise ReferenceFileError(name, problems)
    bad = {p.entry for p in problems}
    kept = tuple(i for i in items if i.entry not in bad)
    if not kept:
        ending = ReferenceProblem(name, 0, "", "", "no valid entries left")
        raise ReferenceFileError(name, [*problems, ending])
    return ReferenceRead(kept, tuple(problems), kind)


def read_references(
    path: Path, *, me: Sequence[str] = (), skip_bad_entries: bool = False
) -> ReferenceRead:
    """Validate and read a whole reference file (the formats: see the module's docstring);
    raises :class:`ReferenceFileError` listing every problem, or, with ``skip_bad_entries``,
    returns the good entries and lists the bad ones in ``problems``. ``me``: the applicant's
    confirmed name variants, which set each output's ``my_position``."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise _file_error(str(path), "file not found") from None
    except OSError as exc:
        raise _file_error(str(path), f"cannot read the file ({exc.__class__.__name__})") from None
    return parse_references(data, name=str(path), me=me, skip_bad_entries=skip_bad_entries)


# --- duplicates and merging ---------------------------------------------------------------------


def normalise_title(title: str) -> str:
    """A title without case, accents, punctuation or extra spaces, to compare two.

    >>> normalise_title("  Prostatic Artery Embolization: a Müller-style  review!")
    'prostatic artery embolization a muller style review'
    """
    decomposed = unicodedata.normalize("NFKD", title)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[\W_]+", " ", bare).split())


def _match_keys(output: Output) -> list[tuple[str, str]]:
    keys: list[tuple[str, str]] = []
    if output.doi:
        keys.append(("DOI", output.doi.lower()))
    if output.pmid:
        keys.append(("PMID", output.pmid))
    if normalise_title(output.title):
        keys.append(("title", normalise_title(output.title)))
    return keys


def _reason(kind: str, output: Output) -> str:
    if kind == "title":
        return f'same title "{_short(output.title, 80)}"'
    return f"same {kind} {output.doi if kind == 'DOI' else output.pmid}"


def find_duplicates(existing: Sequence[Output], incoming: Sequence[Output]) -> list[DuplicatePair]:
    """Every (existing, incoming) pair that is probably one work: the same DOI (case aside),
    the same PMID, or the same title (:func:`normalise_title`). One pair per two outputs with
    every reason found; in the order of ``incoming``, then ``existing``."""
    index: dict[tuple[str, str], list[int]] = {}
    for i, output in enumerate(existing):
        for key in _match_keys(output):
            index.setdefault(key, []).append(i)
    pairs: list[DuplicatePair] = []
    for j, output in enumerate(incoming):
        reasons: dict[int, list[str]] = {}
        for key in _match_keys(output):
            for i in index.get(key, []):
                reasons.setdefault(i, []).append(_reason(key[0], output))
        for i in sorted(reasons):
            pairs.append(DuplicatePair(i, j, existing[i], output, "; ".join(reasons[i])))
    return pairs


def _empty(output: Output, name: str) -> bool:
    value = getattr(output, name)
    if name == "type":
        return value is OutputType.OTHER
    return value in ("", None, False, (), frozenset()) or value == Output.model_fields[name].default


def merge(a: Output, b: Output) -> Output:
    """One output from two: every non-empty value is kept and ``a`` wins where both have one
    (a value left at its default, like status "in preparation" or type "other", counts as
    empty). The authors come with the applicant's position from the same side (``b``'s
    position is taken for ``a``'s authors when they put the same family name there); the venue
    with its kind; the year with its month (``b``'s month only for the same year); flags are
    true if either says so; topics are united ("not IR" gives way to an IR topic); the
    histories are merged, oldest first.

    >>> merge(Output(type="case_report", title="PAE", doi="10.1000/x", topics=["venous"]),
    ...       Output(type="journal_article", title="PAE", year=2024, pmid="123",
    ...              topics=["embolization"])).model_dump(include={"type", "year", "pmid"})
    {'type': <OutputType.CASE_REPORT: 'case_report'>, 'year': 2024, 'pmid': '123'}
    """
    values: dict[str, Any] = {}
    for name in COLUMNS:
        values[name] = getattr(b if _empty(a, name) else a, name)
    source = a if a.authors else b
    values["authors"], values["my_position"] = source.authors, source.my_position
    if a.authors and a.my_position is None and b.me is not None and b.my_position is not None:
        mine = a.authors[b.my_position - 1] if b.my_position <= len(a.authors) else None
        if mine is not None and _family_key(mine.family) == _family_key(b.me.family):
            values["my_position"] = b.my_position
    venue = a if a.venue else b
    values["venue"], values["venue_kind"] = venue.venue, venue.venue_kind
    # a month belongs to its year: taken from the other side only when the years agree
    dated = b if a.year is None or (a.month is None and b.year == a.year) else a
    values["year"], values["month"] = dated.year, dated.month
    topics = a.topics | b.topics
    values["topics"] = topics - {IrTopic.NOT_IR} if len(topics) > 1 else topics
    changes = dict.fromkeys([*a.history, *b.history])
    values["history"] = tuple(sorted(changes, key=lambda c: c.on))
    return Output.model_validate(values)


# --- writing ------------------------------------------------------------------------------------

_LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "%": r"\%",
    "&": r"\&",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\string^",  # \textasciicircum reads back as a modifier letter, not "^"
}
# pairs LaTeX reads as one character (en dash, curly quotes, inverted marks): kept apart
_LIGATURES = re.compile(r"(?<=-)(?=-)|(?<=`)(?=`)|(?<=')(?=')|(?<=[?!])(?=`)")


def _latex(text: str) -> str:
    """Text as LaTeX that the reader (TeX's rules, then the LaTeX decoder) turns back into the
    same text: specials escaped, a second space and a line break spelled out. No line break is
    written raw, so no "@name(" inside a value can start a line (and a new entry)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    out: list[str] = []
    for i, char in enumerate(text):
        if char == " " and i and text[i - 1] == " ":
            out.append("\\ ")  # TeX reads a run of spaces as one
        elif char == "\n":
            out.append("\\\\")
            # \\ takes [..] or * after it as its argument
            if text[i + 1 : i + 2] in ("[", "*"):
                out.append("\\relax{}")
        else:
            out.append(_LATEX_SPECIALS.get(char, char))
    return _LIGATURES.sub("{}", "".join(out))


def _verbatim(text: str) -> str:
    """A DOI or URL as written raw: only what would break the braces is percent-encoded."""
    return text.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def _given(initials: str) -> str:
    """Initials as a given name that :func:`initials_of` reads back: AK "A. K.", J-P "J.-P."."""
    groups = re.findall(r"[^-](?:-[^-])*", initials)
    return " ".join("-".join(f"{c}." for c in g.split("-")) for g in groups)


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return re.sub(r"[^a-z0-9]", "", decomposed.encode("ascii", "ignore").decode().lower())


def _cite_keys(outputs: Sequence[Output]) -> list[str]:
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


def _bibtex_type(output: Output) -> str:
    if output.type in PAPER_TYPES:
        return "article"
    return {
        OutputType.BOOK_CHAPTER: "incollection",
        OutputType.JOURNAL_ABSTRACT: "inproceedings",
        OutputType.POSTER: "inproceedings",
        OutputType.ORAL_PRESENTATION: "inproceedings",
        OutputType.ONLINE_PUBLICATION: "online",
    }.get(output.type, "misc")


_PRESENTATION_NOTES = {
    OutputType.POSTER: "Poster",
    OutputType.ORAL_PRESENTATION: "Oral presentation",
}


def _own_text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return "; ".join(f"{c['status']} {c['on']}" for c in value)
    return str(value)


def _bibtex_fields(output: Output) -> list[tuple[str, str]]:
    kind = _bibtex_type(output)
    authors = " and ".join(
        f"{{{_latex(' '.join(a.family.split()))}}}"
        + (f", {_given(a.initials)}" if a.initials else "")
        for a in output.authors
    )
    venue = {"article": "journal", "inproceedings": "booktitle", "incollection": "booktitle"}
    fields = [
        ("title", f"{{{_latex(output.title)}}}"),
        ("author", authors),
        (venue.get(kind, "organization"), _latex(output.venue)),
        ("year", str(output.year or "")),
        ("month", MONTH_NAMES[output.month - 1][:3].lower() if output.month else ""),
        ("volume", _latex(output.volume)),
        ("number", _latex(output.issue)),
        ("pages", _latex(output.pages)),
        ("doi", _verbatim(output.doi)),
        ("pmid", output.pmid),
        ("url", _verbatim(output.url)),
        ("address", _latex(output.place) if kind == "inproceedings" else ""),
        ("venue", _latex(output.place)),  # biblatex: where the event was held
        ("eventdate", output.event_date.isoformat() if output.event_date else ""),
        ("keywords", ", ".join(sorted(IR_TOPIC_LABELS[t] for t in output.topics))),
        ("howpublished", _PRESENTATION_NOTES.get(output.type, "")),
    ]
    # the role and mentor are free text; the others are words like journal_article, raw
    own = [
        (_OWN_PREFIX + k, _latex(v) if k in ("role", "mentor") else _own_text(v))
        for k, v in _own(output).items()
    ]
    return [(name, value) for name, value in fields + own if value]


# written as BibTeX's own macros (jan to dec, unbraced), which every style prints in its language
_MACROS = frozenset({"month"})


def to_bibtex(outputs: Iterable[Output]) -> str:
    """BibTeX (UTF-8, one entry an output) that reference managers import and that
    :func:`read_references` reads back unchanged (the exceptions: the module's docstring).

    >>> print(to_bibtex([Output(type="journal_article", title="Müller's 50% & {CT}",
    ...                         authors=[Author(family="van der Berg", initials="J-P")],
    ...                         my_position=1, year=2024, status="published")]))
    @article{vanderberg2024mullers,
      title = {{Müller's 50\\% \\& \\{CT\\}}},
      author = {{van der Berg}, J.-P.},
      year = {2024},
      x-matchwise-type = {journal_article},
      x-matchwise-venue-kind = {journal},
      x-matchwise-status = {published},
      x-matchwise-peer-reviewed = {no},
      x-matchwise-position = {1}
    }
    <BLANKLINE>
    """
    outputs = list(outputs)
    entries = []
    for output, key in zip(outputs, _cite_keys(outputs), strict=True):
        lines = ",\n".join(
            f"  {name} = {value if name in _MACROS else '{' + value + '}'}"
            for name, value in _bibtex_fields(output)
        )
        entries.append(f"@{_bibtex_type(output)}{{{key},\n{lines}\n}}\n")
    return "\n".join(entries)


def _csl_type(output: Output) -> str:
    if output.type in PAPER_TYPES:
        return "article-journal"
    return {
        OutputType.BOOK_CHAPTER: "chapter",
        OutputType.JOURNAL_ABSTRACT: "paper-conference",
        OutputType.POSTER: "speech",
        OutputType.ORAL_PRESENTATION: "speech",
        OutputType.ONLINE_PUBLICATION: "webpage",
    }.get(output.type, "document")


def _csl_item(output: Output, key: str) -> dict[str, Any]:
    item: dict[str, Any] = {"id": key, "type": _csl_type(output), "title": output.title}
    if output.authors:
        item["author"] = [
            {"family": a.family, "given": _given(a.initials)}
            if a.initials
            else {"family": a.family}
            for a in output.authors
        ]
    texts = {
        "container-title": output.venue,
        "volume": output.volume,
        "issue": output.issue,
        "page": output.pages,
        "DOI": output.doi,
        "PMID": output.pmid,
        "URL": output.url,
        "event-place": output.place,
        "genre": _PRESENTATION_NOTES.get(output.type, ""),
        "keyword": ", ".join(sorted(IR_TOPIC_LABELS[t] for t in output.topics)),
    }
    item |= {name: value for name, value in texts.items() if value}
    if output.year is not None:
        parts = [output.year] if output.month is None else [output.year, output.month]
        item["issued"] = {"date-parts": [parts]}
    if output.event_date is not None:
        day = output.event_date
        item["event-date"] = {"date-parts": [[day.year, day.month, day.day]]}
    item["custom"] = {"matchwise": _own(output)}
    return item


def to_csl_json(outputs: Iterable[Output]) -> str:
    """CSL-JSON (a list of items, UTF-8) for citeproc, Zotero and Mendeley, which
    :func:`read_references` reads back unchanged; MatchWise's own fields are under
    ``custom.matchwise``."""
    outputs = list(outputs)
    items = [_csl_item(o, k) for o, k in zip(outputs, _cite_keys(outputs), strict=True)]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return "; ".join(sorted(_cell(v) for v in value))
    if isinstance(value, tuple):
        return "; ".join(
            f"{v.status.value} {v.on.isoformat()}" if isinstance(v, StatusChange) else str(v)
            for v in value
        )
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def portfolio_row(output: Output) -> list[str]:
    """One output as cells in the order of :data:`COLUMNS` (authors "Rao AK; Okafor S", the
    history "submitted 2024-01-02; published 2024-05-01"), neutralised for spreadsheets."""
    return [neutralise(_cell(getattr(output, name))) for name in COLUMNS]


def write_portfolio(outputs: Sequence[Output], path: Path) -> None:
    """The outputs as a spreadsheet, one row each and every field a column (:data:`COLUMNS`):
    .csv (UTF-8 with a byte-order mark, for Excel) or .xlsx (numbers as numbers)."""
    suffix = path.suffix.lower()
    if suffix not in PORTFOLIO_SUFFIXES:
        raise ValueError(f"{path}: a portfolio is written as .csv or .xlsx")
    rows = [portfolio_row(o) for o in outputs]
    if suffix == ".csv":
        write_csv(path, COLUMNS, rows)
    else:
        book = Workbook()
        sheet = book.active
        assert sheet is not None  # a new workbook always has one sheet
        sheet.title = "Portfolio"
        sheet.append(list(COLUMNS))
        numbers = {COLUMNS.index(name) for name in ("year", "month", "my_position")}
        for row in rows:
            # control characters cannot be stored in a workbook's XML
            sheet.append(
                [
                    int(c) if i in numbers and c.isdigit() else ILLEGAL_CHARACTERS_RE.sub("", c)
                    for i, c in enumerate(row)
                ]
            )
        book.save(path)
