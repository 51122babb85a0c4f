"""RIS in: ``.ris`` files as Mendeley, EndNote and Zotero write them.

TY JOUR (and JFULL, EJOUR) is a journal article, INPR one in press, ABST a journal abstract,
CONF and CPAPER an oral presentation (a poster when M3 or a note says so), CHAP and ECHAP a
chapter, ELEC, WEB and BLOG online, UNPB unpublished work; CASE is a legal case, not a case
report, so it is "other". AU (or A1) authors, TI or T1 title, JO, JF, T2, JA or J2 the venue
(T2 first for a chapter: the book), PY, Y1 or DA the year and month (2024/03/15/, or DA as
EndNote writes it: Mar 15), VL, IS, SP-EP, DO, UR, KW, CY the place of a meeting, and AN as the
PMID when DB or DP says PubMed (or a C1-C8 or N1 line that reads "PMID: 123").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# rispy is used without stubs; "unused-ignore" keeps mypy quiet if they come
import rispy  # type: ignore[import-untyped, unused-ignore]

from matchwise.engine.scholarly.outputs import OutputType, Status, VenueKind
from matchwise.formats.scholarly.author_names import split_name
from matchwise.formats.scholarly.reference_records import (
    OTHER_KIND,
    PMID_NOTE,
    Kind,
    Parsed,
    Record,
    ReferenceProblem,
    file_error,
    ir_topics,
    meeting_hint,
    month_named,
    numbered_month,
    parse_year,
)

RIS_SIGNATURE = re.compile(r"^TY  - ", re.M)  # a record's first line: the file is RIS
_RIS_TAG = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")
_RIS_KINDS: dict[str, Kind] = {
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


def from_ris(source: str, text: str) -> Parsed:
    if not any(_RIS_TAG.match(line) for line in text.splitlines()):
        loose = re.search(r"^[A-Z][A-Z0-9]\s*-", text, re.M)
        expected = (
            "RIS tags written as two capitals, two spaces, a hyphen and a space (TY  - JOUR)"
            if loose
            else "a RIS file: records of lines like TY  - JOUR, ending with ER  - "
        )
        raise file_error(source, expected)
    chunks, problems = _ris_records(source, text)
    records: list[Record] = []
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


def _ris_entry(source: str, number: int, line: int, ris: Mapping[str, Any]) -> Record:
    def text(name: str) -> str:
        return _ris_text(ris.get(name))

    title_tag = "TI" if text("title") else "T1"
    title = text("title") or text("primary_title")
    record = Record(source, number, _RIS_NAMES, text("id") or title, line, key=text("id"))
    ty = text("type_of_reference").upper()
    kind = _RIS_KINDS.get(ty, OTHER_KIND)
    if ty in ("CONF", "CPAPER"):
        hint = meeting_hint(f"{text('type_of_work')} {text('note')} {text('notes')}")
        kind = (hint or kind[0], kind[1], kind[2])
    record.kind(kind, "TY", ty)
    record.text("title", title, title_tag)
    tag, names = (
        ("AU", ris.get("authors")) if ris.get("authors") else ("A1", ris.get("first_authors"))
    )
    for name in names if isinstance(names, list) else []:
        record.author(name, *split_name(name), tag)
    venues: tuple[tuple[str, str], ...] = _RIS_VENUES
    if kind[0] is OutputType.BOOK_CHAPTER:  # T2 is the book a chapter is in
        venues = (("secondary_title", "T2"), *_RIS_VENUES)
    venue = next(((n, t) for n, t in venues if text(n)), None)
    if venue:
        record.text("venue", text(venue[0]), venue[1])
    for name, tag in _RIS_DATES:
        if text(name):
            record.parse("year", text(name), tag, parse_year)
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
        record.put("topics", ir_topics(_ris_text(w) for w in words), "KW", _ris_text(keywords))
    return record


def _ris_month(record: Record, dates: Mapping[str, str]) -> None:
    """The month of the first of PY, Y1 and DA that gives one: "2024/03/15/" as the RIS
    specification writes dates, or, in DA, a month's name as EndNote writes it ("Mar 15")."""
    for tag, text in dates.items():
        try:
            month = numbered_month(text)
        except ValueError as exc:
            record.fail(tag, text, str(exc))
            return
        if month is None and tag == "DA":
            month = next(filter(None, map(month_named, re.findall(r"[^\W\d_]+", text))), None)
        if month is not None:
            record.put("month", month, tag, text)
            return


def _ris_pmid(record: Record, ris: Mapping[str, Any]) -> None:
    database = f"{_ris_text(ris.get('name_of_database'))} {_ris_text(ris.get('database_provider'))}"
    accession = _ris_text(ris.get("accession_number"))
    if accession and re.search(r"pubmed|medline|nlm", database, re.I):
        record.text("pmid", accession, "AN")
        return
    customs = [(f"C{i}", ris.get(f"custom{i}")) for i in range(1, 9)]
    for tag, value in [*customs, ("N1", ris.get("notes")), ("M1", ris.get("note"))]:
        for text in value if isinstance(value, list) else [value]:
            found = PMID_NOTE.search(text) if isinstance(text, str) else None
            if found:
                record.text("pmid", found[1], tag)
                return
