"""PubMed's MEDLINE format in: ``.nbib``, or ``.txt`` as PubMed's "Save > PubMed format"
writes it.

PMID, TI (with its continuation lines), FAU and AU (family from FAU, initials from AU, as NLM
wrote them), CN group authors, TA (else JT), DP (2023 Mar 15; 2023 Mar-Apr is March; 2023
Spring has no month), VI, IP, PG, LID or AID "... [doi]", OT as keywords, and PT: Case
Reports, Review (or Systematic Review) and Letter give those types, anything else a journal
article.
"""

from __future__ import annotations

import re

from matchwise.engine.scholarly.outputs import OutputType, Status, VenueKind
from matchwise.formats.scholarly.author_names import split_name
from matchwise.formats.scholarly.reference_records import (
    Parsed,
    Record,
    ReferenceProblem,
    file_error,
    ir_topics,
    month_named,
    parse_year,
)

_MEDLINE_TAG = re.compile(r"^([A-Z][A-Z0-9]{1,3}) *- ?(.*)$")
MEDLINE_SIGNATURE = re.compile(r"^PMID- ?\d", re.M)
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


def from_medline(source: str, text: str) -> Parsed:
    if not MEDLINE_SIGNATURE.search(text):
        raise file_error(
            source,
            "not a PubMed (MEDLINE) file: no record starts with a line like PMID- 38512345 "
            '(in PubMed, choose Send to > Citation manager, or Save with format "PubMed")',
        )
    chunks, problems = _medline_records(source, text)
    records = [_medline_entry(source, n, line, tags) for n, (line, tags) in enumerate(chunks, 1)]
    return records, problems


def _medline_entry(source: str, number: int, line: int, tagged: _Tagged) -> Record:
    tags: dict[str, list[str]] = {}
    for name, value in tagged:
        tags.setdefault(name, []).append(value)

    def first(name: str) -> str:
        return next(iter(tags.get(name, [])), "")

    title = first("TI") or first("BTI")
    record = Record(source, number, _MEDLINE_NAMES, first("PMID") or title, line, first("PMID"))
    kinds = " | ".join(tags.get("PT", [])).lower()
    kind = next((t for words, t in _MEDLINE_TYPES if words in kinds), OutputType.JOURNAL_ARTICLE)
    record.kind((kind, VenueKind.JOURNAL, Status.PUBLISHED), "PT", " | ".join(tags.get("PT", [])))
    record.text("title", title, "TI" if first("TI") else "BTI")
    _medline_authors(record, tagged)
    venue = "TA" if first("TA") else "JT"
    record.text("venue", first(venue), venue)
    record.parse("year", first("DP"), "DP", parse_year)
    # NLM writes "2023 Mar 15", "2023 Mar-Apr" or "2023 Spring": a season is no month
    found = re.match(r"\s*\d{4}\s+([A-Za-z]+)", first("DP"))
    month = month_named(found[1]) if found else None
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
        record.put("topics", ir_topics(tags["OT"]), "OT", "; ".join(tags["OT"]))
    return record


def _medline_authors(record: Record, tagged: _Tagged) -> None:
    """FAU "Rao, Ana K" gives the family and AU "Rao AK" (which follows it) the initials, as NLM
    wrote them; CN is a group author, in its place in the list."""
    pending: tuple[str, str] | None = None  # a FAU waiting for its AU

    def flush(initials: str | None) -> None:
        nonlocal pending
        if pending is not None:
            raw, given = pending
            family = split_name(raw)[0]
            if initials is None:
                record.author(raw, family, given, "FAU")
            else:
                record.author(raw, family, " ".join(initials), "FAU")
            pending = None

    for name, value in tagged:
        if name == "FAU":
            flush(None)
            pending = (value, split_name(value)[1])
        elif name == "AU":
            family, initials = split_name(value)
            if pending is not None:
                flush(initials if initials.isalpha() and initials.isupper() else None)
            else:
                record.author(value, family, initials, "AU")
        elif name == "CN":
            flush(None)
            record.author(value, value, "", "CN")
    flush(None)
