"""A saved pick (a "plan") as a printable PDF, drawn with reportlab's platypus.

The PDF shows what the results page shows (``pick/_results.html``), in the same terms and with
the same number formatting (:func:`matchwise.formats.pick.results.format_probability`):

* a heading with the plan's title and the date it was saved;
* a "DEMO catalog" warning when any program on the list is synthetic;
* the summary: P(match) with its 90% interval, P(match in IR) when the profile applies to IR,
  expected interviews, ERAS fees in US$ and the number of applications;
* the list: #, program (name, code, specialty), tier, P(interview), P(match here) with their
  intervals, signal and the top reasons; the header row repeats on every page and long text
  wraps inside its cell;
* the totals per specialty, the filtered-out programs with their reasons, the applicant's own
  terms and the notes;
* on every page a footer with the parameter version, what the intervals are and "page X".

The page is A4 with margins wide enough that it also prints on US Letter at actual size. Only
the built-in Helvetica fonts are used: no font files, no network. Every piece of text that comes
from the user or the catalog is escaped, because ``Paragraph`` reads its text as markup. The
document is rendered with reportlab's ``invariant`` option, so the same plan and title give the
same bytes (the PDF creation date is then a fixed value; the saved date is on the page).

>>> # pdf = plan_to_pdf(recommendation, title="IR first, $900", created="2026-01-05 14:02")
>>> # Path("plan.pdf").write_bytes(pdf)
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.enums import TA_RIGHT  # type: ignore[import-untyped]
from reportlab.lib.pagesizes import A4  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.lib.units import mm  # type: ignore[import-untyped]
from reportlab.platypus import (  # type: ignore[import-untyped]
    LayoutError,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from matchwise.engine.pick.program import SPECIALTY_LABELS, Specialty
from matchwise.engine.pick.result import Interval, Recommendation
from matchwise.formats.pick.results import format_probability

CONTENT_TYPE = "application/pdf"
DEMO_WARNING = "DEMO catalog: synthetic programs, not real program data"

PAGE_SIZE: tuple[float, float] = A4
# A4 is 50 pt taller and 17 pt narrower than Letter: these margins keep the text (and the
# footer) inside what a printer can reach on either paper.
_SIDE = 15 * mm
_TOP = 18 * mm
_BOTTOM = 27 * mm
_FOOTER_Y = 19 * mm  # the lowest footer line sits 16 mm up: 7 mm clear on Letter
_WIDTH = PAGE_SIZE[0] - 2 * _SIDE

_MUTED = colors.HexColor("#555555")
_RULE = colors.HexColor("#999999")
_STRIPE = colors.HexColor("#f3f3f3")
_DEMO_INK = colors.HexColor("#8a1f11")
_DEMO_PAPER = colors.HexColor("#fbe3de")
_TIER_PAPER = {
    "likely": colors.HexColor("#dcefd8"),
    "target": colors.HexColor("#fbf1cc"),
    "reach": colors.HexColor("#f6dcdc"),
}

_BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=9, leading=11.5, spaceAfter=3)
_TITLE = ParagraphStyle(
    "title", parent=_BODY, fontName="Helvetica-Bold", fontSize=16, leading=20, spaceAfter=2
)
_SUBTITLE = ParagraphStyle("subtitle", parent=_BODY, textColor=_MUTED, spaceAfter=6)
_HEADING = ParagraphStyle(
    "heading",
    parent=_BODY,
    fontName="Helvetica-Bold",
    fontSize=11.5,
    leading=14,
    spaceBefore=10,
    spaceAfter=4,
)
_BIG = ParagraphStyle(
    "big", parent=_BODY, fontName="Helvetica-Bold", fontSize=13, leading=16, spaceAfter=3
)
_DEMO = ParagraphStyle(
    "demo", parent=_BODY, fontName="Helvetica-Bold", fontSize=10.5, leading=13, textColor=_DEMO_INK
)
_ITEM = ParagraphStyle("item", parent=_BODY, fontSize=8, leading=10, leftIndent=8, spaceAfter=2)
_CELL = ParagraphStyle("cell", parent=_BODY, fontSize=7.5, leading=9, spaceAfter=0)
_CELL_RIGHT = ParagraphStyle("cell-right", parent=_CELL, alignment=TA_RIGHT)
_HEAD = ParagraphStyle("head", parent=_CELL, fontName="Helvetica-Bold")
_HEAD_RIGHT = ParagraphStyle("head-right", parent=_HEAD, alignment=TA_RIGHT)

# #, program, tier, P(interview), P(match here), signal; "why" takes the rest of the width.
_PROGRAM_WIDTHS = (16.0, 140.0, 38.0, 60.0, 60.0, 34.0)
_TOTAL_WIDTHS = (150.0, 70.0, 60.0, 90.0)


def _text(value: object) -> str:
    """Plain text made safe for ``Paragraph``, which parses ``<``, ``>`` and ``&`` as markup."""
    return escape(str(value))


def _muted(markup: str) -> str:
    return f'<font color="{_MUTED.hexval()}">{markup}</font>'


def _interval(interval: Interval) -> str:
    """'22%–82%', as on the results page (the ``interval`` template filter)."""
    low, high = interval
    return f"{format_probability(low)}–{format_probability(high)}"


def _specialty_label(code: str) -> str:
    try:
        return SPECIALTY_LABELS[Specialty(code)]
    except ValueError:
        return code


def _usd(amount: float) -> str:
    return f"US${amount:,.0f}"


def _is_demo(result: Recommendation) -> bool:
    return any(p.demo for p in result.programs)


def _footer(result: Recommendation) -> str:
    return (
        f"Parameters {result.parameter_version} · intervals: 5th–95th percentile over "
        f"{result.draws} parameter draws"
    )


def _heading(title: str, created: str | None, demo: bool) -> list[Any]:
    story: list[Any] = [Paragraph(_text(title), _TITLE)]
    saved = f"Saved {_text(created)} · " if created else ""
    story.append(
        Paragraph(f"{saved}matchwise residency application plan", _SUBTITLE),
    )
    if demo:
        banner = Table([[Paragraph(_text(DEMO_WARNING), _DEMO)]], colWidths=[_WIDTH])
        banner.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), _DEMO_PAPER),
                    ("BOX", (0, 0), (-1, -1), 1, _DEMO_INK),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ]
            )
        )
        story += [banner, Spacer(1, 6)]
    return story


def _summary(result: Recommendation) -> list[Any]:
    story: list[Any] = [
        Paragraph(
            f"P(match) {format_probability(result.p_match)} "
            + _muted(f"(90% interval {_interval(result.p_match_interval)})"),
            _BIG,
        )
    ]
    parts: list[str] = []
    if result.p_match_ir is not None:
        ir = f"P(match in IR) {format_probability(result.p_match_ir)}"
        if result.p_match_ir_interval is not None:
            ir += f" ({_interval(result.p_match_ir_interval)})"
        parts.append(ir)
    low, high = result.expected_interviews_interval
    parts.append(
        f"Expected interviews {result.expected_interviews:.1f} ({low:.1f}–{high:.1f})",
    )
    parts.append(f"ERAS fees {_usd(result.cost_usd)}")
    count = len(result.programs)
    parts.append(f"{count} application{'' if count == 1 else 's'}")
    story.append(Paragraph(_text(" · ".join(parts)), _BODY))
    if result.diminishing_returns_at:
        points = f"{result.diminishing_threshold * 100:g}"
        story.append(
            Paragraph(
                _muted(
                    f"After {result.diminishing_returns_at} applications one more adds less "
                    f"than {points} point of P(match)."
                ),
                _BODY,
            )
        )
    return story


def _with_interval(p: float, interval: Interval, *, between: str = " ") -> str:
    """'51% (28%–72%)' as markup, the interval muted."""
    return f"{format_probability(p)}{between}{_muted(f'({_interval(interval)})')}"


def _probability_cell(p: float, interval: Interval) -> Any:
    return Paragraph(_with_interval(p, interval, between="<br/>"), _CELL_RIGHT)


def _program_table(result: Recommendation, *, split_rows: bool) -> Table:
    header = [
        Paragraph("#", _HEAD_RIGHT),
        Paragraph("Program", _HEAD),
        Paragraph("Tier", _HEAD),
        Paragraph("P(interview)", _HEAD_RIGHT),
        Paragraph("P(match here)", _HEAD_RIGHT),
        Paragraph("Signal", _HEAD),
        Paragraph("Why (top reasons)", _HEAD),
    ]
    rows: list[list[Any]] = [header]
    style: list[tuple[Any, ...]] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, _RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, _STRIPE]),
    ]
    for number, p in enumerate(result.programs, 1):
        program = (
            f"{_text(p.name)}<br/>"
            + _muted(f"{_text(p.code)} · {_text(_specialty_label(p.specialty))}")
            + ("<br/><b>DEMO</b>" if p.demo else "")
        )
        why = "<br/>".join(f"• {_text(reason)}" for reason in p.reasons)
        if p.notes:
            notes = "<br/>".join(_text(note) for note in p.notes)
            why += ("<br/>" if why else "") + f"<i>{_muted(notes)}</i>"
        rows.append(
            [
                Paragraph(str(number), _CELL_RIGHT),
                Paragraph(program, _CELL),
                Paragraph(_text(p.tier), _CELL),
                _probability_cell(p.p_interview, p.p_interview_interval),
                _probability_cell(p.p_match, p.p_match_interval),
                Paragraph(_text(p.signal or ""), _CELL),
                Paragraph(why, _CELL),
            ]
        )
        if p.tier in _TIER_PAPER:
            style.append(("BACKGROUND", (2, number), (2, number), _TIER_PAPER[p.tier]))
    widths = [*_PROGRAM_WIDTHS, _WIDTH - sum(_PROGRAM_WIDTHS)]
    table = Table(rows, colWidths=widths, repeatRows=1, splitInRow=int(split_rows), hAlign="LEFT")
    table.setStyle(TableStyle(style))
    return table


def _totals_table(result: Recommendation) -> Table:
    rows: list[list[Any]] = [
        [
            Paragraph("Specialty", _HEAD),
            Paragraph("Applications", _HEAD_RIGHT),
            Paragraph("Fees", _HEAD_RIGHT),
            Paragraph("Signals (gold/silver)", _HEAD_RIGHT),
            Paragraph("P(match)", _HEAD_RIGHT),
        ]
    ]
    for t in result.totals:
        if not t.applications:
            continue
        rows.append(
            [
                Paragraph(_text(t.label), _CELL),
                Paragraph(str(t.applications), _CELL_RIGHT),
                Paragraph(_usd(t.cost_usd), _CELL_RIGHT),
                Paragraph(f"{t.signals_gold}/{t.signals_silver}", _CELL_RIGHT),
                Paragraph(_with_interval(t.p_match, t.p_match_interval), _CELL_RIGHT),
            ]
        )
    rows.append(
        [
            Paragraph("<b>All</b>", _CELL),
            Paragraph(f"<b>{len(result.programs)}</b>", _CELL_RIGHT),
            Paragraph(f"<b>{_usd(result.cost_usd)}</b>", _CELL_RIGHT),
            Paragraph(
                f"<b>{sum(p.signal == 'gold' for p in result.programs)}/"
                f"{sum(p.signal == 'silver' for p in result.programs)}</b>",
                _CELL_RIGHT,
            ),
            Paragraph(
                f"<b>{format_probability(result.p_match)}</b> "
                + _muted(f"({_interval(result.p_match_interval)})"),
                _CELL_RIGHT,
            ),
        ]
    )
    widths = [*_TOTAL_WIDTHS, _WIDTH - sum(_TOTAL_WIDTHS)]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                ("LINEABOVE", (0, -1), (-1, -1), 0.5, colors.black),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def _filtered(result: Recommendation) -> list[Any]:
    story: list[Any] = [
        Paragraph(
            f"Filtered out ({len(result.filtered)}): why each program cannot take you", _HEADING
        )
    ]
    if not result.filtered:
        story.append(Paragraph(_muted("None: every program in scope can take you."), _BODY))
    for f in result.filtered:
        story.append(
            Paragraph(
                f"<b>{_text(f.name)}</b> "
                + _muted(f"{_text(f.code)} · {_text(_specialty_label(f.specialty))}")
                + f": {_text('; '.join(f.reasons))}",
                _ITEM,
            )
        )
    return story


def _closing(result: Recommendation) -> list[Any]:
    story: list[Any] = []
    if result.profile_reasons:
        story.append(Paragraph("Your profile, at every program", _HEADING))
        story.append(Paragraph(_text("; ".join(result.profile_reasons)), _BODY))
    if result.notes:
        story.append(Paragraph("Notes", _HEADING))
        story += [Paragraph(f"• {_text(note)}", _ITEM) for note in result.notes]
    story.append(Spacer(1, 6))
    story.append(Paragraph(_muted(_text(_footer(result) + ".")), _BODY))
    return story


def plan_to_pdf(result: Recommendation, *, title: str, created: str | None = None) -> bytes:
    """The plan as a PDF document (``application/pdf``), the same bytes for the same input.

    ``title`` is the plan's name (also the PDF's metadata title); ``created`` is shown as given
    ("Saved 2026-01-05 14:02"), or left out when None.
    """
    demo = _is_demo(result)
    footer = _footer(result)

    def on_page(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setStrokeColor(_RULE)
        canvas.setLineWidth(0.4)
        canvas.line(_SIDE, _FOOTER_Y + 9, PAGE_SIZE[0] - _SIDE, _FOOTER_Y + 9)
        canvas.setFillColor(_MUTED)
        canvas.setFont("Helvetica", 7)
        canvas.drawString(_SIDE, _FOOTER_Y, footer)
        canvas.drawRightString(PAGE_SIZE[0] - _SIDE, _FOOTER_Y, f"page {canvas.getPageNumber()}")
        if demo:
            canvas.setFillColor(_DEMO_INK)
            canvas.setFont("Helvetica-Bold", 7)
            canvas.drawString(_SIDE, _FOOTER_Y - 9, DEMO_WARNING)
        canvas.restoreState()

    def render(split_rows: bool) -> bytes:
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=PAGE_SIZE,
            leftMargin=_SIDE,
            rightMargin=_SIDE,
            topMargin=_TOP,
            bottomMargin=_BOTTOM,
            title=title,
            author="matchwise",
            subject="Residency application plan",
            creator="matchwise",
            lang="en",
            displayDocTitle=1,
            invariant=1,  # no timestamp or random document id: same input, same bytes
        )
        story: list[Any] = _heading(title, created, demo)
        story += _summary(result)
        story.append(Paragraph("Your list", _HEADING))
        story.append(_program_table(result, split_rows=split_rows))
        story.append(Paragraph("Totals", _HEADING))
        story.append(_totals_table(result))
        story += _filtered(result)
        story += _closing(result)
        doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
        return buffer.getvalue()

    try:
        return render(split_rows=False)  # a program's row stays on one page
    except LayoutError:
        # Only a row taller than a whole page (absurdly long catalog text) gets here:
        # let rows split across pages rather than fail.
        return render(split_rows=True)
