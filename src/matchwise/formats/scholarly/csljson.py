"""CSL-JSON in and out: ``.json``, a list of items as Zotero, Mendeley and citeproc write it.

Reading (:func:`from_csl_json`, for :mod:`~matchwise.formats.scholarly.references`): type
(article-journal, paper-conference, speech, chapter, webpage, post, manuscript), title, author
(family and given, or literal), container-title, issued (year and month; months 13 to 16 and
21 to 24 are seasons: no month), volume, issue, page, DOI, PMID (or "PMID: 123" in note), URL,
event-place, event-date, keyword and genre, and MatchWise's own fields under
``custom.matchwise`` (:mod:`~matchwise.formats.scholarly.own_fields`).

Writing (:func:`to_csl_json`) keeps every Output field; reading what it wrote gives back the
same Outputs (a run of white space inside an author's name reads as one space).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from matchwise.engine.scholarly.outputs import (
    IR_TOPIC_LABELS,
    PAPER_TYPES,
    Output,
    OutputType,
    Status,
    VenueKind,
)
from matchwise.formats.scholarly.author_names import given_from_initials
from matchwise.formats.scholarly.own_fields import own_fields_of, read_own_fields
from matchwise.formats.scholarly.reference_records import (
    OTHER_KIND,
    PMID_NOTE,
    PRESENTATION_NOTES,
    Kind,
    Parsed,
    Record,
    ReferenceProblem,
    cite_keys,
    file_error,
    ir_topics,
    meeting_hint,
)

CSL_JSON_SIGNATURE = re.compile(r"\A\s*[\[{]")  # a list or an object: the file is JSON

# --- reading ------------------------------------------------------------------------------------

_CSL_KINDS: dict[str, Kind] = {
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


def from_csl_json(source: str, text: str) -> Parsed:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise file_error(
            source,
            f"not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}",
            line=exc.lineno,
        ) from None
    if isinstance(data, dict) and "type" in data and "title" in data:
        data = [data]  # one item on its own
    if not isinstance(data, list):
        raise file_error(source, 'a CSL-JSON file: a list of items like [{"type": ...}]')
    records: list[Record] = []
    problems: list[ReferenceProblem] = []
    for number, item in enumerate(data, start=1):
        if isinstance(item, dict):
            records.append(_csl_entry(source, number, item))
        else:
            shown = json.dumps(item, ensure_ascii=False)
            expected = 'an item: {"type": ..., "title": ...}'
            problems.append(ReferenceProblem(source, number, "", shown, expected))
    return records, problems


def _csl_text(record: Record, item: Mapping[str, Any], name: str) -> str:
    value = item.get(name)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int):
        record.fail(name, json.dumps(value, ensure_ascii=False), "text")
        return ""
    return str(value)


def _csl_entry(source: str, number: int, item: Mapping[str, Any]) -> Record:
    title = item.get("title") if isinstance(item.get("title"), str) else ""
    identifier = item.get("id")
    key = str(identifier) if isinstance(identifier, str | int) else ""
    record = Record(source, number, _CSL_NAMES, key or str(title), key=key)
    texts = {n: _csl_text(record, item, n) for n in (*_CSL_TEXT.values(), *_CSL_OTHER_TEXT)}
    kind = _CSL_KINDS.get(texts["type"], OTHER_KIND)
    if kind[1] is VenueKind.MEETING:
        hint = meeting_hint(f"{texts['genre']} {texts['note']}")
        kind = (hint or kind[0], kind[1], kind[2])
    record.kind(kind, "type", texts["type"])
    own = item["custom"].get("matchwise") if isinstance(item.get("custom"), dict) else None
    for output_field, name in _CSL_TEXT.items():
        # Zotero copies a book's publisher city into event-place: only a meeting has a place,
        # unless MatchWise wrote the item (and says what it is)
        if output_field != "place" or kind[1] is VenueKind.MEETING or own is not None:
            record.text(output_field, texts[name], name)
    found = None if texts["PMID"] else PMID_NOTE.search(texts["note"])
    if found:  # Zotero keeps the PMID in "extra", which it exports as the note
        record.text("pmid", found[1], "note")
    _csl_authors(record, item.get("author"))
    venue = next((n for n in ("container-title", "event-title", "event") if texts[n]), "")
    if venue:
        record.text("venue", texts[venue], venue)
    _csl_date(record, item.get("issued"), "issued")
    _csl_date(record, item.get("event-date"), "event-date")
    if texts["keyword"]:
        record.put("topics", ir_topics([texts["keyword"]]), "keyword", texts["keyword"])
    if own is not None and not isinstance(own, dict):
        record.fail("custom.matchwise", json.dumps(own), "an object of MatchWise's fields")
    elif own:
        read_own_fields(record, own, "custom.matchwise.")
    return record


def _csl_authors(record: Record, authors: Any) -> None:
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


def _csl_date(record: Record, value: Any, name: str) -> None:
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


# --- writing ------------------------------------------------------------------------------------


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
            {"family": a.family, "given": given_from_initials(a.initials)}
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
        "genre": PRESENTATION_NOTES.get(output.type, ""),
        "keyword": ", ".join(sorted(IR_TOPIC_LABELS[t] for t in output.topics)),
    }
    item |= {name: value for name, value in texts.items() if value}
    if output.year is not None:
        parts = [output.year] if output.month is None else [output.year, output.month]
        item["issued"] = {"date-parts": [parts]}
    if output.event_date is not None:
        day = output.event_date
        item["event-date"] = {"date-parts": [[day.year, day.month, day.day]]}
    item["custom"] = {"matchwise": own_fields_of(output)}
    return item


def to_csl_json(outputs: Iterable[Output]) -> str:
    """CSL-JSON (a list of items, UTF-8) for citeproc, Zotero and Mendeley, which
    :func:`~matchwise.formats.scholarly.references.read_references` reads back unchanged;
    MatchWise's own fields are under ``custom.matchwise``."""
    outputs = list(outputs)
    items = [_csl_item(o, k) for o, k in zip(outputs, cite_keys(outputs), strict=True)]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"
