"""AMA (11th edition) citations of the applicant's outputs, formatted by citeproc-py.

citeproc-py ships no AMA style and MatchWise works offline, so the style is the package's own
``data/ama.csl``. It gives, for a journal article::

    Rao AK, Okafor S, Lee P, et al. Title. J Vasc Interv Radiol. 2026;37(2):123-130. doi:10.1016/…

all authors up to 6, the first 3 and "et al" from 7; the journal abbreviation in italics.

What citeproc-py does not do is done here, around it (documented fallbacks, tested on golden
strings):

* CSL cannot bold one author: the applicant's name is wrapped in private-use marker characters
  before formatting and the markers become ``<b>`` (HTML), bold runs (DOCX, PDF) or nothing
  (plain text) after; italics travel the same way, so text is escaped exactly once;
* citeproc-py does not collapse punctuation: a title's own closing period is dropped before
  formatting and "?." or "!." is tidied after;
* the phrases that depend on status ("In press", "Published online March 3, 2026", "Poster
  presented at") are chosen here and handed to the style as variables;
* the month goes to citeproc in the date-parts, and the style prints it where AMA does: a
  meeting's date ("March 28, 2026", or "March 2026" when the day is not known), never in a
  journal's year;volume(issue):pages; "Published online March 2026" when the history does not
  have the day.

>>> from matchwise.engine.scholarly.outputs import Author, Output
>>> paper = Output(type="journal_article", title="PAE in a solitary kidney.", status="published",
...                authors=[Author(family="Rao", initials="AK"), Author(family="Okafor",
...                initials="S")], my_position=2, venue="J Vasc Interv Radiol", year=2026,
...                volume="37", issue="2", pages="123-130", doi="10.1016/j.jvir.2026.01.001")
>>> ama_citations([paper])[0]
'Rao AK, Okafor S. PAE in a solitary kidney. J Vasc Interv Radiol. 2026;37(2):123-130. \
doi:10.1016/j.jvir.2026.01.001'
>>> ama_citations_html([paper])[0].split(". 2026")[0]
'Rao AK, <b>Okafor S</b>. PAE in a solitary kidney. <i>J Vasc Interv Radiol</i>'
"""

from __future__ import annotations

import functools
import html
import io
import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from types import SimpleNamespace
from typing import Any

from citeproc import (  # type: ignore[import-untyped]
    Citation,
    CitationItem,
    CitationStylesBibliography,
    CitationStylesStyle,
)
from citeproc.source.json import CiteProcJSON  # type: ignore[import-untyped]

from matchwise.engine.scholarly.outputs import (
    MONTH_NAMES,
    PRESENTATION_TYPES,
    Output,
    OutputType,
    Status,
)

__all__ = [
    "AMA_ET_AL_MIN",
    "AMA_ET_AL_USE_FIRST",
    "Run",
    "ama_citation_runs",
    "ama_citations",
    "ama_citations_html",
]

#: AMA 11th edition: list every author up to 6; from 7 on, the first 3 and "et al".
#: (The same numbers are in data/ama.csl; a test keeps them equal.)
AMA_ET_AL_MIN = 7
AMA_ET_AL_USE_FIRST = 3

# Private-use characters: never in a citation's text (they are stripped from the input).
_ITALIC_ON, _ITALIC_OFF, _BOLD_ON, _BOLD_OFF = "\ue000", "\ue001", "\ue002", "\ue003"
_MARKS = _ITALIC_ON + _ITALIC_OFF + _BOLD_ON + _BOLD_OFF
_NO_MARKS = str.maketrans("", "", _MARKS)


def _same(text: str) -> str:
    return text


def _italic(text: str) -> str:
    return f"{_ITALIC_ON}{text}{_ITALIC_OFF}"


# citeproc-py takes a formatter module; this one marks italics and leaves the rest as text.
_FORMATTER = SimpleNamespace(
    preformat=_same,
    Italic=_italic,
    Oblique=_italic,
    Bold=_same,
    Light=_same,
    Underline=_same,
    Superscript=_same,
    Subscript=_same,
    SmallCaps=_same,
)
_LOCK = threading.Lock()  # citeproc-py keeps the formatter on the shared style object


@dataclass(frozen=True)
class Run:
    """A stretch of citation text with one look (for DOCX runs and PDF markup)."""

    text: str
    bold: bool = False
    italic: bool = False


@functools.lru_cache(maxsize=2)
def _style(all_authors: bool) -> Any:
    text = (resources.files("matchwise.data") / "ama.csl").read_text(encoding="utf-8")
    if all_authors:
        setting = f'et-al-min="{AMA_ET_AL_MIN}"'
        if text.count(setting) != 1:
            raise RuntimeError(f"data/ama.csl: expected one {setting}")
        text = text.replace(setting, 'et-al-min="1000"')
    return CitationStylesStyle(io.BytesIO(text.encode("utf-8")), validate=True)


def _clean(text: str) -> str:
    return text.translate(_NO_MARKS).strip()


def _long_date(day: date) -> str:
    return f"{MONTH_NAMES[day.month - 1]} {day.day}, {day.year}"


def _month_year(output: Output) -> str:
    """'March 2026', '2026' or '' (AMA spells the month out)."""
    if output.year is None or output.month is None:
        return "" if output.year is None else str(output.year)
    return f"{MONTH_NAMES[output.month - 1]} {output.year}"


def _published_online(output: Output) -> str:
    """The day it was published when the history has it (and it falls in the month given),
    else the month and year, else the year."""
    when = output.reached(Status.PUBLISHED)
    if when is not None and (
        output.month is None or (when.year, when.month) == (output.year, output.month)
    ):
        return _long_date(when)
    return _month_year(output)


def _not_in_an_issue(output: Output) -> str | None:
    """The phrase that stands in for year;volume(issue):pages, or None when they apply."""
    status = output.status
    if status in (Status.ACCEPTED, Status.IN_PRESS):
        return "In press"
    if status in (Status.SUBMITTED, Status.REVISION):
        return "Submitted for publication"
    if status is Status.REJECTED_RESUBMITTING:
        return "Unpublished manuscript"
    if status in (Status.IDEA, Status.IN_PREPARATION):
        return "In preparation"
    if status is Status.PUBLISHED and not (output.volume or output.pages):
        return f"Published online {_published_online(output)}".strip()
    return None


def _presentation_phrase(output: Output) -> str:
    poster = output.type is OutputType.POSTER
    if output.status is Status.PRESENTED:
        return "Poster presented at" if poster else "Presented at"
    if output.status is Status.ACCEPTED:
        return "Poster accepted for presentation at" if poster else "Accepted for presentation at"
    if output.status in (Status.SUBMITTED, Status.REVISION):
        return "Abstract submitted to"
    return "In preparation for"


def _authors(output: Output, *, bold_me: bool) -> list[dict[str, str]]:
    names = [{"family": _clean(a.family), "given": _clean(a.initials)} for a in output.authors]
    if bold_me and output.my_position is not None:
        me = names[output.my_position - 1]
        me["family"] = _BOLD_ON + me["family"]
        last = "given" if me["given"] else "family"
        me[last] += _BOLD_OFF
    return names


def _csl_item(output: Output, *, bold_me: bool) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": "item",
        "title": re.sub(r"\s*\.+$", "", _clean(output.title)),
        "author": _authors(output, bold_me=bold_me),
    }
    year = output.year or (d.year if (d := output.reached(Status.PUBLISHED)) else None)
    # citeproc takes the month in date-parts; the style prints it where AMA does (a meeting's
    # date), not in a journal's year;volume(issue):pages
    issued = [year, output.month] if output.year and output.month else [year]
    if year is not None:
        item["issued"] = {"date-parts": [issued]}
    venue = re.sub(r"\s*\.+$", "", _clean(output.venue))
    if output.type in PRESENTATION_TYPES:
        item["type"] = "speech"
        item["genre"] = _presentation_phrase(output)
        item["event"] = venue
        item["event-place"] = _clean(output.place)
        when = output.event_date
        parts = [when.year, when.month, when.day] if when else (issued if year else None)
        if parts:  # "March 28, 2026", else "March 2026", else "2026"
            item["event-date"] = {"date-parts": [parts]}
        return {k: v for k, v in item.items() if v}
    if output.type is OutputType.BOOK_CHAPTER:
        item["type"] = "chapter"
    elif output.type is OutputType.ONLINE_PUBLICATION:
        item["type"] = "webpage"
    elif output.type is OutputType.OTHER:
        item["type"] = "document"
    else:
        item["type"] = "article-journal"
        if output.type is OutputType.JOURNAL_ABSTRACT:
            item["genre"] = "[abstract]"
    status = _not_in_an_issue(output)
    if output.type is OutputType.ONLINE_PUBLICATION and output.status is Status.PUBLISHED:
        status = f"Published {_published_online(output)}".strip()
    if status:
        item["status"] = status
    # a manuscript not yet accepted is not "in" a journal: AMA names no journal for it
    if output.status not in (Status.SUBMITTED, Status.REVISION, Status.IDEA, Status.IN_PREPARATION):
        item["container-title"] = venue
    item.update(volume=output.volume, issue=output.issue, page=output.pages)
    item.update(DOI=output.doi, URL=output.url)
    return {k: v for k, v in item.items() if v}


_LOOSE_STOP = re.compile(r"([?!])\.(?=\s|$)")


def _hidden(output: Output) -> bool:
    """True when AMA's "et al" would hide the applicant's name."""
    return (
        output.my_position is not None
        and len(output.authors) >= AMA_ET_AL_MIN
        and output.my_position > AMA_ET_AL_USE_FIRST
    )


def _marked(output: Output, *, show_me: bool, bold_me: bool) -> str:
    style = _style(show_me and _hidden(output))
    source = CiteProcJSON([_csl_item(output, bold_me=bold_me)])
    with _LOCK:
        bibliography = CitationStylesBibliography(style, source, _FORMATTER)
        bibliography.register(Citation([CitationItem("item")]))
        (entry,) = bibliography.bibliography()
    return _LOOSE_STOP.sub(r"\1", str(entry))


def ama_citations(outputs: Sequence[Output], *, show_me: bool = False) -> list[str]:
    """One plain-text AMA citation per output, in the order given.

    ``show_me`` lists every author when "et al" would hide the applicant (a CV must show where
    the applicant stands; AMA's limit is for reference lists).
    """
    return [_marked(o, show_me=show_me, bold_me=False).translate(_NO_MARKS) for o in outputs]


def ama_citations_html(
    outputs: Sequence[Output], *, show_me: bool = False, bold_me: bool = True
) -> list[str]:
    """The same citations as HTML fragments: text escaped, ``<i>`` journal, ``<b>`` applicant.

    The markup is also what reportlab's ``Paragraph`` reads.
    """
    out = []
    for output in outputs:
        text = html.escape(_marked(output, show_me=show_me, bold_me=bold_me), quote=False)
        for mark, tag in (
            (_ITALIC_ON, "<i>"),
            (_ITALIC_OFF, "</i>"),
            (_BOLD_ON, "<b>"),
            (_BOLD_OFF, "</b>"),
        ):
            text = text.replace(mark, tag)
        out.append(text)
    return out


def ama_citation_runs(outputs: Sequence[Output], *, show_me: bool = False) -> list[tuple[Run, ...]]:
    """The citations as runs of text, the applicant's name bold and the journal italic."""
    return [_runs(_marked(o, show_me=show_me, bold_me=True)) for o in outputs]


def _runs(marked: str) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = italic = False
    for piece in re.split(f"([{_MARKS}])", marked):
        if piece in (_BOLD_ON, _BOLD_OFF):
            bold = piece == _BOLD_ON
        elif piece in (_ITALIC_ON, _ITALIC_OFF):
            italic = piece == _ITALIC_ON
        elif piece:
            runs.append(Run(piece, bold=bold, italic=italic))
    return tuple(runs)
