"""The applicant's research record: outputs with their honest status and the applicant's role.

Pure data and rules, no clock: the web app stores outputs, the file formats read and write
them, and the checks, benchmarks and ERAS entries are computed from them.

>>> me = Author(family="Okafor", initials="S")
>>> paper = Output(type="case_report", title="Prostatic artery embolization in a solitary kidney",
...                authors=[Author(family="Rao", initials="A"), me], my_position=2,
...                status="published", peer_reviewed=True, topics=["embolization"],
...                venue="J Vasc Interv Radiol", year=2026, month=1,
...                doi="10.1016/j.jvir.2026.01.001")
>>> paper.me.family, paper.first_author, paper.ir_related
('Okafor', False, True)
"""

from __future__ import annotations

import re
from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator


class OutputType(StrEnum):
    JOURNAL_ARTICLE = "journal_article"
    CASE_REPORT = "case_report"
    REVIEW = "review"
    PICTORIAL_ESSAY = "pictorial_essay"
    TECHNICAL_NOTE = "technical_note"
    BOOK_CHAPTER = "book_chapter"
    JOURNAL_ABSTRACT = "journal_abstract"
    POSTER = "poster"
    ORAL_PRESENTATION = "oral_presentation"
    ONLINE_PUBLICATION = "online_publication"
    LETTER = "letter"
    OTHER = "other"


OUTPUT_TYPE_LABELS: dict[OutputType, str] = {
    OutputType.JOURNAL_ARTICLE: "journal article",
    OutputType.CASE_REPORT: "case report",
    OutputType.REVIEW: "review",
    OutputType.PICTORIAL_ESSAY: "pictorial essay",
    OutputType.TECHNICAL_NOTE: "technical note",
    OutputType.BOOK_CHAPTER: "book chapter",
    OutputType.JOURNAL_ABSTRACT: "journal abstract",
    OutputType.POSTER: "poster",
    OutputType.ORAL_PRESENTATION: "oral presentation",
    OutputType.ONLINE_PUBLICATION: "online publication",
    OutputType.LETTER: "letter",
    OutputType.OTHER: "other",
}

#: Items that appear in a journal (peer review is a separate question).
PAPER_TYPES = frozenset(
    {
        OutputType.JOURNAL_ARTICLE,
        OutputType.CASE_REPORT,
        OutputType.REVIEW,
        OutputType.PICTORIAL_ESSAY,
        OutputType.TECHNICAL_NOTE,
        OutputType.LETTER,
    }
)
PRESENTATION_TYPES = frozenset({OutputType.POSTER, OutputType.ORAL_PRESENTATION})


class Status(StrEnum):
    IDEA = "idea"
    IN_PREPARATION = "in_preparation"
    SUBMITTED = "submitted"
    REVISION = "revision"
    ACCEPTED = "accepted"
    IN_PRESS = "in_press"
    PUBLISHED = "published"
    PRESENTED = "presented"
    REJECTED_RESUBMITTING = "rejected_resubmitting"


STATUS_LABELS: dict[Status, str] = {
    Status.IDEA: "idea",
    Status.IN_PREPARATION: "in preparation",
    Status.SUBMITTED: "submitted",
    Status.REVISION: "in revision",
    Status.ACCEPTED: "accepted",
    Status.IN_PRESS: "in press",
    Status.PUBLISHED: "published",
    Status.PRESENTED: "presented",
    Status.REJECTED_RESUBMITTING: "rejected, resubmitting",
}

#: Statuses that count as a finished, citable item (benchmarks count these).
DONE = frozenset({Status.ACCEPTED, Status.IN_PRESS, Status.PUBLISHED, Status.PRESENTED})


class IrTopic(StrEnum):
    EMBOLIZATION = "embolization"
    ONCOLOGY = "interventional_oncology"
    PAD = "pad_endovascular"
    VENOUS = "venous"
    NON_VASCULAR = "non_vascular"
    NEURO = "neuro_ir"
    IMAGING_ADJACENT = "imaging_adjacent"
    NOT_IR = "not_ir"


IR_TOPIC_LABELS: dict[IrTopic, str] = {
    IrTopic.EMBOLIZATION: "embolization",
    IrTopic.ONCOLOGY: "interventional oncology",
    IrTopic.PAD: "PAD/endovascular",
    IrTopic.VENOUS: "venous",
    IrTopic.NON_VASCULAR: "non-vascular",
    IrTopic.NEURO: "neuro-IR",
    IrTopic.IMAGING_ADJACENT: "imaging-adjacent",
    IrTopic.NOT_IR: "not IR",
}


#: The months in English, January first (``MONTH_NAMES[month - 1]``).
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August",
               "September", "October", "November", "December")  # fmt: skip


class VenueKind(StrEnum):
    JOURNAL = "journal"
    MEETING = "meeting"
    BOOK = "book"
    ONLINE = "online"


class Author(BaseModel):
    """One author as citations need it: family name and initials ("Rao", "AK")."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    family: str = Field(min_length=1, max_length=120)
    initials: str = Field(default="", max_length=12)

    @field_validator("initials")
    @classmethod
    def _initials(cls, value: str) -> str:
        return re.sub(r"[^A-Za-zÀ-ÿ-]", "", value).upper()

    def __str__(self) -> str:
        return f"{self.family} {self.initials}".strip()


class StatusChange(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    status: Status
    on: date


_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


class Output(BaseModel):
    """One piece of scholarly work: a paper, an abstract, a poster, a talk, a chapter."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    type: OutputType
    title: str = Field(min_length=1, max_length=1000)
    authors: tuple[Author, ...] = ()
    my_position: int | None = Field(
        default=None, ge=1, description="the applicant's place in the author list (1 = first)"
    )
    venue: str = Field(default="", max_length=500, description="journal, meeting or book")
    venue_kind: VenueKind = VenueKind.JOURNAL
    place: str = Field(default="", max_length=200, description="where a meeting was held")
    event_date: date | None = Field(default=None, description="a meeting's (first) day")
    year: int | None = Field(default=None, ge=1950, le=2100)
    month: int | None = Field(
        default=None, description="the month of publication or presentation (1 = January)"
    )
    volume: str = Field(default="", max_length=40)
    issue: str = Field(default="", max_length=40)
    pages: str = Field(default="", max_length=40)
    status: Status = Status.IN_PREPARATION
    history: tuple[StatusChange, ...] = Field(
        default=(), description="each status with the date it was reached, oldest first"
    )
    doi: str = Field(default="", max_length=200)
    pmid: str = Field(default="", max_length=12)
    url: str = Field(default="", max_length=500)
    peer_reviewed: bool = False
    national_meeting: bool = Field(
        default=False, description="a presentation at a national or international meeting"
    )
    topics: frozenset[IrTopic] = frozenset()
    my_role: str = Field(default="", max_length=1000, description="what the applicant did")
    mentor: str = Field(default="", max_length=200, description="the mentor, by name")
    meaningful: bool = Field(default=False, description="one of ERAS's three most meaningful")

    @field_validator("month")
    @classmethod
    def _month(cls, value: int | None) -> int | None:
        if value is not None and not 1 <= value <= 12:
            raise ValueError(f"month must be from 1 (January) to 12 (December), not {value}")
        return value

    @field_validator("doi")
    @classmethod
    def _doi(cls, value: str) -> str:
        value = re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", value, flags=re.I).strip()
        if value and not _DOI.match(value):
            raise ValueError(f"{value!r} is not a DOI (they look like 10.1016/j.jvir.2024.01.002)")
        return value

    @field_validator("pmid")
    @classmethod
    def _pmid(cls, value: str) -> str:
        if value and not value.isdigit():
            raise ValueError(f"{value!r} is not a PubMed id (digits only)")
        return value

    @model_validator(mode="after")
    def _position(self) -> Output:
        if self.my_position is not None and self.my_position > len(self.authors):
            raise ValueError(
                f"my_position {self.my_position} is past the last of {len(self.authors)} authors"
            )
        if self.month is not None and self.year is None:
            raise ValueError(f"month {self.month} has no year: give the year too")
        if IrTopic.NOT_IR in self.topics and len(self.topics) > 1:
            raise ValueError("topics: 'not IR' cannot go with an IR topic")
        return self

    @property
    def me(self) -> Author | None:
        return self.authors[self.my_position - 1] if self.my_position else None

    @property
    def first_author(self) -> bool:
        return self.my_position == 1

    @property
    def ir_related(self) -> bool:
        return bool(self.topics - {IrTopic.NOT_IR})

    @property
    def done(self) -> bool:
        return self.status in DONE

    def reached(self, status: Status) -> date | None:
        """When the item reached ``status`` (None if the history does not say)."""
        return next((c.on for c in reversed(self.history) if c.status is status), None)


def parse_authors(text: str) -> tuple[Author, ...]:
    """Authors as people type them, separated by ";": "Rao AK; Okafor S; van der Berg J".

    The last word is the initials when it is 1 to 4 capital letters (hyphens allowed); a
    "Family, Given Names" form gives initials from the given names.

    >>> [str(a) for a in parse_authors("Rao AK; Okafor, Samuel O.; van der Berg J")]
    ['Rao AK', 'Okafor SO', 'van der Berg J']
    """
    authors = []
    for part in text.split(";"):
        part = " ".join(part.split())
        if not part:
            continue
        if "," in part:
            family, given = (p.strip() for p in part.split(",", 1))
            initials = "".join(w[0] for w in re.split(r"[\s.]+", given) if w)
        else:
            words = part.split(" ")
            last = words[-1].replace(".", "")
            if len(words) > 1 and re.fullmatch(r"[A-ZÀ-Ý-]{1,4}", last):
                family, initials = " ".join(words[:-1]), last
            else:
                family, initials = part, ""
        authors.append(Author(family=family, initials=initials))
    return tuple(authors)
