"""The applicant's research record read as programs read it: counts, benchmarks, honesty, trend.

Pure rules over :class:`~matchwise.engine.scholarly.outputs.Output`: no files and no clock
(``today`` is an argument). The benchmark table and the ERAS rules are passed in;
``formats.scholarly.eras`` loads both from the season's data file.

What is counted (the research term of MODEL.md, and the Profile's fields):

* a **peer-reviewed publication** is a journal item, book chapter or online publication that was
  peer reviewed and is accepted, in press or published (a submitted manuscript is not one);
* a **presentation** is a poster, talk or journal abstract that is done (accepted, in press,
  published or presented): the Profile counts "abstracts, posters, talks" together;
* **first-author** and **IR-related** items are counted among those two kinds only, so neither
  can exceed publications + presentations (the Profile checks the same).

>>> from matchwise.engine.scholarly.outputs import Author, Output
>>> me = Author(family="Okafor", initials="S")
>>> paper = Output(type="journal_article", title="PAE outcomes", authors=[me], my_position=1,
...                status="published", peer_reviewed=True, topics=["embolization"])
>>> profile_counts([paper])
{'peer_reviewed_publications': 1, 'first_author_publications': 1, 'ir_publications': 1, \
'presentations': 0}
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from matchwise.engine.scholarly.outputs import (
    OUTPUT_TYPE_LABELS,
    PAPER_TYPES,
    PRESENTATION_TYPES,
    STATUS_LABELS,
    Output,
    OutputType,
    Status,
)

__all__ = [
    "COUNT_MEASURES",
    "PRESENTATION_LIKE_TYPES",
    "PUBLICATION_TYPES",
    "PUBLISHED_STATUSES",
    "STALE_AFTER_MONTHS",
    "Band",
    "Benchmark",
    "BenchmarkResult",
    "Counts",
    "ErasRules",
    "Finding",
    "Period",
    "QuarterPoint",
    "Refusal",
    "Severity",
    "StatusGroup",
    "benchmarks",
    "counts",
    "honesty_checks",
    "is_peer_reviewed_publication",
    "is_presentation",
    "normalised_title",
    "period_order",
    "profile_counts",
    "trajectory",
    "when_reached",
]

#: Kinds of output that are publications when peer reviewed and accepted or later.
PUBLICATION_TYPES = PAPER_TYPES | {OutputType.BOOK_CHAPTER, OutputType.ONLINE_PUBLICATION}
#: Kinds of output the Profile counts as presentations ("abstracts, posters, talks").
PRESENTATION_LIKE_TYPES = PRESENTATION_TYPES | {OutputType.JOURNAL_ABSTRACT}
#: A publication counts from acceptance on: accepted, in press, published.
PUBLISHED_STATUSES = frozenset({Status.ACCEPTED, Status.IN_PRESS, Status.PUBLISHED})
#: An idea or a draft untouched for longer than this is flagged as stale.
STALE_AFTER_MONTHS = 6

_UNSTARTED = frozenset({Status.IDEA, Status.IN_PREPARATION})


# --- counts -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counts:
    """The research record in the terms programs and the model use.

    ``ir_share`` is IR-related items over counted items (publications + presentations), None
    when nothing is counted yet.
    """

    items: int
    peer_reviewed_publications: int
    presentations: int
    national_presentations: int
    first_author: int
    ir_related: int
    ir_share: float | None
    in_progress: int

    @property
    def counted(self) -> int:
        return self.peer_reviewed_publications + self.presentations


def is_peer_reviewed_publication(output: Output) -> bool:
    return (
        output.type in PUBLICATION_TYPES
        and output.peer_reviewed
        and output.status in PUBLISHED_STATUSES
    )


def is_presentation(output: Output) -> bool:
    return output.type in PRESENTATION_LIKE_TYPES and output.done


def counts(outputs: Sequence[Output]) -> Counts:
    """Count the record (see the module docstring for what each number includes)."""
    publications = [o for o in outputs if is_peer_reviewed_publication(o)]
    presentations = [o for o in outputs if is_presentation(o)]
    counted = publications + presentations
    ir = sum(o.ir_related for o in counted)
    return Counts(
        items=len(outputs),
        peer_reviewed_publications=len(publications),
        presentations=len(presentations),
        national_presentations=sum(o.national_meeting for o in presentations),
        first_author=sum(o.first_author for o in counted),
        ir_related=ir,
        ir_share=ir / len(counted) if counted else None,
        in_progress=sum(not o.done for o in outputs),
    )


def profile_counts(outputs: Sequence[Output]) -> dict[str, int]:
    """The Profile's four research fields, by their names (ready for ``model_copy(update=)``)."""
    c = counts(outputs)
    return {
        "peer_reviewed_publications": c.peer_reviewed_publications,
        "first_author_publications": c.first_author,
        "ir_publications": c.ir_related,
        "presentations": c.presentations,
    }


# --- benchmarks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """One named range of a measure, ``low``..``high`` inclusive (``high`` None: no top)."""

    label: str
    low: int
    high: int | None = None

    def contains(self, value: float) -> bool:
        return value >= self.low and (self.high is None or value <= self.high)

    @property
    def span(self) -> str:
        """'2–3', '4–8', '9 or more'."""
        if self.high is None:
            return f"{self.low} or more"
        return str(self.low) if self.high == self.low else f"{self.low}–{self.high}"


@dataclass(frozen=True)
class Benchmark:
    """A published (or advised) range for one :class:`Counts` measure, with where it comes from.

    ``bands`` go from the lowest to the highest; ``confidence`` uses the facts file's words
    (primary / secondary / weak).
    """

    measure: str
    label: str
    singular: str
    bands: tuple[Band, ...]
    source: str
    confidence: str
    note: str = ""


@dataclass(frozen=True)
class BenchmarkResult:
    measure: str
    label: str
    value: int
    bands: tuple[Band, ...]
    band: str | None  # the label of the band the value is in; None when in none of them
    standing: str  # where the applicant stands, in words
    source: str
    confidence: str
    note: str = ""


#: The Counts fields a benchmark can measure (the whole numbers).
COUNT_MEASURES = frozenset(
    {
        "items",
        "peer_reviewed_publications",
        "presentations",
        "national_presentations",
        "first_author",
        "ir_related",
        "in_progress",
    }
)


def benchmarks(record: Counts, table: Sequence[Benchmark]) -> list[BenchmarkResult]:
    """Each benchmark of ``table`` applied to the record, in the table's order.

    Raises ValueError for a measure that :class:`Counts` does not have.
    """
    results = []
    for bench in table:
        if bench.measure not in COUNT_MEASURES:
            known = ", ".join(sorted(COUNT_MEASURES))
            raise ValueError(f"benchmark measure {bench.measure!r} is not counted (known: {known})")
        value = int(getattr(record, bench.measure))
        band = next((b for b in bench.bands if b.contains(value)), None)
        results.append(
            BenchmarkResult(
                measure=bench.measure,
                label=bench.label,
                value=value,
                bands=bench.bands,
                band=band.label if band else None,
                standing=_standing(value, bench),
                source=bench.source,
                confidence=bench.confidence,
                note=bench.note,
            )
        )
    return results


def _standing(value: int, bench: Benchmark) -> str:
    """'3 peer-reviewed publications: in the solid baseline range (2–3); 1 more reaches …'."""
    what = f"{value} {bench.singular if value == 1 else bench.label}"
    bands = bench.bands
    if not bands:
        return what
    for i, band in enumerate(bands):
        if band.contains(value):
            words = f"{what}: in the {band.label} range ({band.span})"
            if i + 1 < len(bands):
                words += _to_reach(value, bands[i + 1])
            return words
        if value < band.low:
            below = "below" if i == 0 else f"above {bands[i - 1].label}, below"
            return f"{what}: {below} the {band.label} range ({band.span})" + _to_reach(value, band)
    top = bands[-1]
    return f"{what}: above the {top.label} range ({top.span})"


def _to_reach(value: int, band: Band) -> str:
    return f"; {band.low - value} more reaches {band.label} ({band.span})"


# --- honesty checks ---------------------------------------------------------------------------


class Severity(StrEnum):
    ERROR = "error"  # a claim a program cannot verify, or one ERAS will not take
    WARNING = "warning"  # worth fixing before the application goes out


@dataclass(frozen=True)
class Finding:
    """One problem with one item: ``index`` is its place in the list given (0-based)."""

    code: str
    severity: Severity
    index: int
    title: str
    reason: str


@dataclass(frozen=True)
class Refusal:
    """Why ERAS will not take an item: no type for it, a status it refuses, no peer review."""

    code: str
    reason: str


class ErasRules(Protocol):
    """What the honesty checks need from a season's ERAS mapping
    (``formats.scholarly.eras.ErasMapping``)."""

    def refusal(self, output: Output) -> Refusal | None: ...


def normalised_title(title: str) -> str:
    """The title as a key: accents, case, punctuation and spacing ignored."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.casefold()).split())


def _months_before(day: date, months: int) -> date:
    years, month0 = divmod(day.month - 1 - months, 12)
    year, month = day.year + years, month0 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def honesty_checks(
    outputs: Sequence[Output], *, today: date, eras: ErasRules | None = None
) -> list[Finding]:
    """What a program director (or ERAS) would question, item by item, in the list's order.

    * ``no_identifier`` — published (error), accepted or in press (warning) with no DOI, PMID or
      URL: nothing a reader can look up;
    * ``stale`` — an idea or a draft whose latest status change is more than
      :data:`STALE_AFTER_MONTHS` months before ``today`` (items without a dated history are not
      judged);
    * ``no_role`` — what the applicant did is left empty;
    * ``eras_*`` — the season's ERAS rules refuse the item (only when ``eras`` is given);
    * ``same_work_twice`` — the same normalised title under two types (the abstract and the
      poster of one study included: link them as one project and leave one of them off);
      ``duplicate_entry`` — the same title and type twice (one entry, several meetings).
    """
    findings: list[Finding] = []
    first_seen: dict[str, tuple[int, OutputType]] = {}
    for index, output in enumerate(outputs):
        flags = [
            *_identifier(output),
            *_stale(output, today),
            *_role(output),
            *_eras_refusal(output, eras),
            *_twice(index, output, first_seen),
        ]
        findings += [Finding(code, sev, index, output.title, why) for code, sev, why in flags]
    return findings


_Flag = tuple[str, Severity, str]


def _identifier(output: Output) -> list[_Flag]:
    if output.status not in PUBLISHED_STATUSES or output.doi or output.pmid or output.url:
        return []
    reason = (
        f"{STATUS_LABELS[output.status]} but no DOI, PubMed id or URL: give one so a reader "
        "can find it"
    )
    if output.status is Status.PUBLISHED:
        return [("no_identifier", Severity.ERROR, reason)]
    return [("no_identifier", Severity.WARNING, reason + " (or keep the acceptance letter)")]


def _stale(output: Output, today: date) -> list[_Flag]:
    if output.status not in _UNSTARTED or not output.history:
        return []
    latest = max(change.on for change in output.history)
    if latest >= _months_before(today, STALE_AFTER_MONTHS):
        return []
    reason = (
        f"{STATUS_LABELS[output.status]} since {latest.isoformat()}, more than "
        f"{STALE_AFTER_MONTHS} months before {today.isoformat()}: update its status or drop it"
    )
    return [("stale", Severity.WARNING, reason)]


def _role(output: Output) -> list[_Flag]:
    if output.my_role:
        return []
    return [("no_role", Severity.WARNING, "your role is empty: say what you did")]


def _eras_refusal(output: Output, eras: ErasRules | None) -> list[_Flag]:
    refusal = None if eras is None else eras.refusal(output)
    return [] if refusal is None else [(refusal.code, Severity.ERROR, refusal.reason)]


def _twice(
    index: int, output: Output, first_seen: dict[str, tuple[int, OutputType]]
) -> list[_Flag]:
    """Compare with the first item of the same normalised title (and remember this one if first)."""
    key = normalised_title(output.title)
    if key not in first_seen:
        first_seen[key] = (index, output.type)
        return []
    earlier, earlier_type = first_seen[key]
    if earlier_type is output.type:
        reason = (
            f"the same title and type as item {earlier + 1}: enter the work once "
            "(a presentation given twice is one entry with two meetings)"
        )
        return [("duplicate_entry", Severity.WARNING, reason)]
    reason = (
        f"looks like the same work twice (item {earlier + 1} is a "
        f"{OUTPUT_TYPE_LABELS[earlier_type]}); ERAS wants each work once per type it really is"
    )
    return [("same_work_twice", Severity.WARNING, reason)]


# --- trajectory -------------------------------------------------------------------------------


class StatusGroup(StrEnum):
    DONE = "done"
    IN_PROGRESS = "in progress"


@dataclass(frozen=True)
class QuarterPoint:
    """How many items fall in one quarter, status group and IR relevance.

    ``quarter`` is None when only the year is known; ``year`` is None when nothing is.
    """

    year: int | None
    quarter: int | None
    group: StatusGroup
    ir: bool
    count: int

    @property
    def label(self) -> str:
        """'2026 Q1', '2026 (year only)' or 'undated'."""
        if self.year is None:
            return "undated"
        return (
            f"{self.year} (year only)" if self.quarter is None else f"{self.year} Q{self.quarter}"
        )


Period = tuple[int | None, int | None]


def _quarter(month: int) -> int:
    return (month - 1) // 3 + 1


def when_reached(output: Output) -> Period:
    """(year, quarter) of the date the item reached its current status, else of its year and
    month, else (year, None).

    >>> when_reached(Output(type="poster", title="GAE", year=2025, month=11))
    (2025, 4)
    """
    reached = output.reached(output.status)
    if reached is not None:
        return reached.year, _quarter(reached.month)
    if output.year is not None and output.month is not None:
        return output.year, _quarter(output.month)
    return output.year, None


def period_order(period: Period) -> tuple[int, int, int]:
    """A sort key: quarters in time order, a year-only period after that year's Q4, undated last."""
    year, quarter = period
    if year is None:
        return (1, 0, 0)  # undated last
    return (0, year, 5 if quarter is None else quarter)  # year-only after that year's Q4


def trajectory(
    outputs: Sequence[Output], *, quarter_of: Callable[[Output], Period] = when_reached
) -> list[QuarterPoint]:
    """Items per period, status group (done / in progress) and IR relevance, oldest first.

    Only non-empty cells are returned: done before in progress, IR before not IR within a period.
    """
    cells: Counter[tuple[Period, StatusGroup, bool]] = Counter()
    for output in outputs:
        group = StatusGroup.DONE if output.done else StatusGroup.IN_PROGRESS
        cells[(quarter_of(output), group, output.ir_related)] += 1
    ordered = sorted(
        cells.items(),
        key=lambda cell: (
            period_order(cell[0][0]),
            cell[0][1] is not StatusGroup.DONE,
            not cell[0][2],
        ),
    )
    return [
        QuarterPoint(year=period[0], quarter=period[1], group=group, ir=ir, count=n)
        for (period, group, ir), n in ordered
    ]
