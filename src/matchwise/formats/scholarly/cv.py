"""The scholarly part of a CV, as PDF (reportlab) and as Word (python-docx).

Sections in the conventional order, each a numbered list of AMA citations, most recent first:
Peer-reviewed publications; Submitted / in press; Book chapters; Abstracts; Oral presentations;
Poster presentations; Other. Ideas, drafts in preparation and rejected manuscripts waiting to be
resubmitted are left off: a CV lists work that exists outside the applicant's drawer.

The applicant's name is bold in every author list (``Output.my_position``); where AMA's "et al"
would hide it, the entry lists every author. Both files are the same bytes for the same input:
the PDF is written with reportlab's ``invariant`` option, and the Word file gets fixed document
dates and fixed zip entry times. The PDF uses the built-in Helvetica fonts (no font files), so
names must be in the Latin-1/cp1252 range to print as typed.

>>> from matchwise.engine.scholarly.outputs import Output
>>> poster = Output(type="poster", title="GAE for knee pain", status="presented")
>>> [(title, len(items)) for title, items in cv_sections([poster])]
[('Poster presentations', 1)]
"""

from __future__ import annotations

import calendar
import io
import zipfile
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any
from xml.sax.saxutils import escape

import docx
from docx.shared import Pt
from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import Paragraph, SimpleDocTemplate  # type: ignore[import-untyped]

from matchwise.engine.scholarly.outputs import PAPER_TYPES, Output, OutputType, Status
from matchwise.formats.scholarly.citations import Run, ama_citation_runs

__all__ = ["DOCX_CONTENT_TYPE", "PDF_CONTENT_TYPE", "SECTIONS", "cv_docx", "cv_pdf", "cv_sections"]

PDF_CONTENT_TYPE = "application/pdf"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

PEER_REVIEWED = "Peer-reviewed publications"
SUBMITTED = "Submitted / in press"
CHAPTERS = "Book chapters"
ABSTRACTS = "Abstracts"
ORAL = "Oral presentations"
POSTERS = "Poster presentations"
OTHER = "Other"
SECTIONS = (PEER_REVIEWED, SUBMITTED, CHAPTERS, ABSTRACTS, ORAL, POSTERS, OTHER)

_LEFT_OFF = frozenset({Status.IDEA, Status.IN_PREPARATION, Status.REJECTED_RESUBMITTING})
_PENDING = frozenset({Status.SUBMITTED, Status.REVISION, Status.ACCEPTED, Status.IN_PRESS})
_BY_TYPE = {
    OutputType.BOOK_CHAPTER: CHAPTERS,
    OutputType.JOURNAL_ABSTRACT: ABSTRACTS,
    OutputType.ORAL_PRESENTATION: ORAL,
    OutputType.POSTER: POSTERS,
    OutputType.OTHER: OTHER,
}
_JOURNAL_LIKE = PAPER_TYPES | {OutputType.ONLINE_PUBLICATION}
_FIXED = datetime(2000, 1, 1, tzinfo=UTC)  # the Word file's dates: the same bytes for the same CV


def _section(output: Output) -> str | None:
    if output.status in _LEFT_OFF:
        return None
    if output.type in _JOURNAL_LIKE:
        if output.status in _PENDING:
            return SUBMITTED
        if output.status is Status.PUBLISHED and output.peer_reviewed:
            return PEER_REVIEWED
        return OTHER
    return _BY_TYPE[output.type]


def _when(output: Output) -> date | None:
    """The meeting's day, else the month given (its last day), else the day the current status
    was reached, else the year (its last day): the month given wins over a status dated the day
    the item was entered, as in the ERAS entries."""
    if output.event_date is not None:
        return output.event_date
    if output.year is not None and output.month is not None:
        return date(output.year, output.month, calendar.monthrange(output.year, output.month)[1])
    reached = output.reached(output.status)
    if reached is not None:
        return reached
    return None if output.year is None else date(output.year, 12, 31)


def cv_sections(outputs: Sequence[Output]) -> list[tuple[str, list[Output]]]:
    """The non-empty sections in CV order, each most recent first (undated last, then as given)."""
    grouped: dict[str, list[Output]] = {title: [] for title in SECTIONS}
    for output in outputs:
        section = _section(output)
        if section is not None:
            grouped[section].append(output)
    for items in grouped.values():
        items.sort(key=lambda o: (_when(o) is None, -(_when(o) or date.min).toordinal()))
    return [(title, items) for title, items in grouped.items() if items]


# --- PDF --------------------------------------------------------------------------------------

_SIDE, _TOP, _BOTTOM = 18 * mm, 18 * mm, 22 * mm
_MUTED = colors.HexColor("#555555")
_BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=4)
_NAME = ParagraphStyle(
    "name", parent=_BODY, fontName="Helvetica-Bold", fontSize=18, leading=22, spaceAfter=2
)
_CONTACT = ParagraphStyle("contact", parent=_BODY, textColor=_MUTED, spaceAfter=8)
_HEADING = ParagraphStyle(
    "heading",
    parent=_BODY,
    fontName="Helvetica-Bold",
    fontSize=12,
    leading=15,
    spaceBefore=10,
    spaceAfter=4,
)
# a hanging indent: the number in the margin, the citation's lines aligned after it
_ITEM = ParagraphStyle("item", parent=_BODY, leftIndent=18, bulletIndent=0)


def _markup(runs: Sequence[Run]) -> str:
    """Runs as reportlab Paragraph markup, the text escaped (Paragraph parses <, > and &)."""
    out = []
    for run in runs:
        text = escape(run.text)
        if run.italic:
            text = f"<i>{text}</i>"
        if run.bold:
            text = f"<b>{text}</b>"
        out.append(text)
    return "".join(out)


def _numbered(outputs: Sequence[Output]) -> list[tuple[str, list[tuple[int, tuple[Run, ...]]]]]:
    sections = cv_sections(outputs)
    flat = [o for _, items in sections for o in items]
    runs = iter(ama_citation_runs(flat, show_me=True))
    return [
        (title, [(n, next(runs)) for n in range(1, len(items) + 1)]) for title, items in sections
    ]


def cv_pdf(outputs: Sequence[Output], *, name: str, contact_line: str = "") -> bytes:
    """The CV's scholarly sections as a PDF (A4, margins that also print on US Letter)."""
    story: list[Any] = [Paragraph(escape(name), _NAME)]
    if contact_line:
        story.append(Paragraph(escape(contact_line), _CONTACT))
    for title, items in _numbered(outputs):
        story.append(Paragraph(escape(title), _HEADING))
        story += [Paragraph(_markup(runs), _ITEM, bulletText=f"{n}.") for n, runs in items]

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(_MUTED)
        canvas.drawString(_SIDE, 12 * mm, name)
        canvas.drawRightString(A4[0] - _SIDE, 12 * mm, f"page {canvas.getPageNumber()}")
        canvas.restoreState()

    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=_SIDE,
        rightMargin=_SIDE,
        topMargin=_TOP,
        bottomMargin=_BOTTOM,
        title=f"{name}: curriculum vitae",
        author=name,
        subject="Curriculum vitae: scholarly work",
        creator="matchwise",
        lang="en",
        invariant=1,  # no timestamp or random document id: same input, same bytes
    )
    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


# --- Word -------------------------------------------------------------------------------------


def cv_docx(outputs: Sequence[Output], *, name: str, contact_line: str = "") -> bytes:
    """The CV's scholarly sections as a Word document (.docx)."""
    document = docx.Document()
    document.add_heading(name, level=0)
    if contact_line:
        document.add_paragraph(contact_line)
    for title, items in _numbered(outputs):
        document.add_heading(title, level=1)
        for number, runs in items:
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.left_indent = Pt(18)
            paragraph.paragraph_format.first_line_indent = Pt(-18)
            paragraph.add_run(f"{number}.\t")
            for run in runs:
                added = paragraph.add_run(run.text)
                added.bold = run.bold or None
                added.italic = run.italic or None
    properties = document.core_properties
    properties.title = f"{name}: curriculum vitae"
    properties.author = properties.last_modified_by = name
    properties.created = properties.modified = properties.last_printed = _FIXED
    properties.revision = 1
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """The same archive with every entry dated 1980-01-01 (python-docx stamps the clock time)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()
