"""BibTeX in and out: ``.bib`` files as Zotero, JabRef or Mendeley export them, LaTeX accents
and all.

Reading (:func:`from_bibtex`, for :mod:`~matchwise.formats.scholarly.references`): @article
is a journal article; @inproceedings and @conference a journal abstract, or a poster or oral
presentation when ``note`` or ``howpublished`` says so; @incollection and @inbook a book
chapter; @misc and @online an online publication (a @misc whose note says poster or oral is
that presentation); anything else "other". Fields: title, author, journal (journaltitle,
booktitle, eventtitle, organization), year (or date), month (mar, March, 3, or biblatex's
date 2024-03-12), volume, number (issue), pages, doi, pmid (or eprint with eprinttype
pubmed), url, keywords, eventdate, and the place of a meeting from biblatex's ``venue`` or,
in @inproceedings, address or location (elsewhere those name the publisher's city, not a
meeting); and MatchWise's own ``x-matchwise-*`` fields
(:mod:`~matchwise.formats.scholarly.own_fields`).

Writing (:func:`to_bibtex`) keeps every Output field. Reading what it wrote gives back the same
Outputs, except that a run of white space inside an author's name reads as one space, a
carriage return reads back as a line break and a tab as a space; an en dash in pages reads as
a hyphen (Zotero writes ranges as ``--``); and ``{``, ``}`` and ``\\`` in a DOI or URL are
written percent-encoded (%7B, %7D, %5C: the same address).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any

# bibtexparser is used without stubs; "unused-ignore" keeps mypy quiet if they come
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

from matchwise.engine.scholarly.outputs import (
    IR_TOPIC_LABELS,
    MONTH_NAMES,
    PAPER_TYPES,
    PRESENTATION_TYPES,
    Output,
    OutputType,
    Status,
    VenueKind,
)
from matchwise.formats.scholarly.author_names import given_from_initials
from matchwise.formats.scholarly.own_fields import own_fields_of, read_own_fields
from matchwise.formats.scholarly.reference_records import (
    OTHER_KIND,
    PRESENTATION_NOTES,
    Kind,
    Parsed,
    Record,
    ReferenceProblem,
    cite_keys,
    file_error,
    ir_topics,
    meeting_hint,
    numbered_month,
    parse_iso_date,
    parse_month,
    parse_year,
    says_in_press,
)

# bibtexparser logs each entry it gives up on; those reasons reach the user as problems, so
# its log stays quiet unless the application sets up logging (the library's own advice)
logging.getLogger("bibtexparser").addHandler(logging.NullHandler())

# --- reading ------------------------------------------------------------------------------------

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


_BIBTEX_KINDS: dict[str, Kind] = {
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
BIBTEX_SIGNATURE = re.compile(r"^[ \t]*@[A-Za-z]+[ \t]*[{(]", re.M)
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


def from_bibtex(source: str, text: str) -> Parsed:
    if not BIBTEX_SIGNATURE.search(text):
        raise file_error(source, "not a BibTeX file: no entry like @article{key, ...} was found")
    records: list[Record] = []
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


def _bibtex_entry(source: str, number: int, line: int, entry: Entry) -> Record:
    fields = {f.key.lower(): f.value for f in entry.fields}

    def text(name: str) -> str:
        value = fields.get(name)
        return value.strip() if isinstance(value, str) else ""

    kind = entry.entry_type.lower()
    title = text("title")
    record = Record(source, number, _BIBTEX_NAMES, entry.key or title, line)
    record.key = entry.key
    found = _BIBTEX_KINDS.get(kind, OTHER_KIND)
    hint = meeting_hint(f"{text('note')} {text('howpublished')}")
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
        record.parse("month", text("month"), "month", parse_month)
    else:
        record.parse("month", text("date"), "date", numbered_month)
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
    record.parse("event_date", text("eventdate").split("/")[0], "eventdate", parse_iso_date)
    if text("keywords"):
        record.put("topics", ir_topics([text("keywords")]), "keywords", text("keywords"))
    own = {k.removeprefix(_OWN_PREFIX): v for k, v in fields.items() if k.startswith(_OWN_PREFIX)}
    read_own_fields(record, own, _OWN_PREFIX)
    return record


def _bibtex_year(record: Record, year: str, when: str) -> None:
    if says_in_press(year):
        record.put("status", Status.IN_PRESS, "year", year)
    elif year:
        record.parse("year", year, "year", parse_year)
    elif when:
        record.parse("year", when, "date", parse_year)


def _unescape(text: str) -> str:
    """``10.1000/a\\_b`` as some exporters write a DOI or URL: the backslashes are LaTeX's."""
    return re.sub(r"\\([_%&#$~])", r"\1", text)


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
        + (f", {given_from_initials(a.initials)}" if a.initials else "")
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
        ("howpublished", PRESENTATION_NOTES.get(output.type, "")),
    ]
    # the role and mentor are free text; the others are words like journal_article, raw
    own = [
        (_OWN_PREFIX + k, _latex(v) if k in ("role", "mentor") else _own_text(v))
        for k, v in own_fields_of(output).items()
    ]
    return [(name, value) for name, value in fields + own if value]


# written as BibTeX's own macros (jan to dec, unbraced), which every style prints in its language
_MACROS = frozenset({"month"})


def to_bibtex(outputs: Iterable[Output]) -> str:
    """BibTeX (UTF-8, one entry an output) that reference managers import and that
    :func:`~matchwise.formats.scholarly.references.read_references` reads back unchanged (the
    exceptions: the module's docstring).

    >>> from matchwise.engine.scholarly.outputs import Author
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
    for output, key in zip(outputs, cite_keys(outputs), strict=True):
        lines = ",\n".join(
            f"  {name} = {value if name in _MACROS else '{' + value + '}'}"
            for name, value in _bibtex_fields(output)
        )
        entries.append(f"@{_bibtex_type(output)}{{{key},\n{lines}\n}}\n")
    return "\n".join(entries)
