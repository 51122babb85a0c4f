"""Readiness: where the applicant stands against what matched applicants have.

Each :class:`Benchmark` is a figure from outside with its source and how much to trust it (a
published mean, a survey share, or common advice that no study backs: that is said). Each
:class:`Standing` field is the applicant's own number, which the service reads from the Profile,
Scholarly, Network and the letters. :func:`readiness` compares them and, for each gap, names the
next concrete action and, where the Profile has a field for it, the what-if change that Pick can
price ("us_ir_dr_letters=2").

>>> standing = Standing(step2_score=250, exam_attempts=0, usce_months=4, usce_ir_months=0,
...                     strong_letters=1, peer_reviewed=1, first_author=0, ir_related=1,
...                     presentations=0, advocates=2, mentor_kinds_covered=1)
>>> bench = Benchmark("letters", "Letters", 2, 3, "advice", "weak")
>>> [(i.area, i.met, i.change) for i in readiness(standing, [bench])]
[('letters', False, 'us_ir_dr_letters=2')]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = ["AREAS", "Benchmark", "Gap", "Standing", "readiness"]


@dataclass(frozen=True)
class Standing:
    step2_score: int | None
    exam_attempts: int
    usce_months: float  # hands-on and observership together
    usce_ir_months: float
    strong_letters: int  # agreed or uploaded, from US IR/DR faculty
    peer_reviewed: int
    first_author: int
    ir_related: int
    presentations: int
    advocates: int
    mentor_kinds_covered: int  # of the four kinds of mentor


@dataclass(frozen=True)
class Benchmark:
    """``area`` names what is measured (one of :data:`AREAS`); ``low`` is what counts as meeting
    it, ``high`` (optional) what counts as strong."""

    area: str
    label: str
    low: float
    high: float | None
    source: str
    confidence: str  # primary | secondary | weak (common advice, no study)
    note: str = ""


@dataclass(frozen=True)
class Gap:
    area: str
    label: str
    have: float | None
    benchmark: Benchmark
    met: bool | None  # None: cannot tell (e.g. no score yet)
    action: str  # the next concrete step, in words
    change: str | None  # a Pick what-if that prices closing the gap, when the Profile has one

    @property
    def target(self) -> str:
        b = self.benchmark
        low = f"{b.low:g}"
        return f"{low} to {b.high:g}" if b.high is not None else f"{low} or more"


def _step2(s: Standing, b: Benchmark) -> tuple[float | None, str, str | None]:
    if s.step2_score is None:
        return None, "Take Step 2 CK and have the score reported before programs review", None
    return (
        s.step2_score,
        "Your score is set; weigh it with Pick (programs with published minimums filter)",
        None,
    )


def _ceil(value: float) -> int:
    return int(-(-value // 1))


def _count(field: str, action: str) -> Callable[[Standing, Benchmark], tuple[float, str, str]]:
    def read(s: Standing, b: Benchmark) -> tuple[float, str, str]:
        return getattr(s, field), action, f"{_PROFILE_FIELD.get(field, field)}={_ceil(b.low)}"

    return read


def _first_author(s: Standing, b: Benchmark) -> tuple[float, str, str]:
    """A first-author item is a publication or a presentation: with none yet, the what-if
    adds the presentation it would be (the Profile refuses first-author items beyond them)."""
    n = _ceil(b.low)
    change = f"first_author_publications={n}"
    if s.peer_reviewed + s.presentations < n:
        change = f"presentations={n - s.peer_reviewed}; {change}"
    return s.first_author, "Lead a case report or short study as first author", change


def _plain(field: str, action: str) -> Callable[[Standing, Benchmark], tuple[float, str, None]]:
    def read(s: Standing, b: Benchmark) -> tuple[float, str, None]:
        return getattr(s, field), action, None

    return read


_PROFILE_FIELD = {
    "strong_letters": "us_ir_dr_letters",
    "peer_reviewed": "peer_reviewed_publications",
    "first_author": "first_author_publications",
    "ir_related": "ir_publications",
    "usce_months": "usce_hands_on_months",
}

#: What each area reads and the action that closes its gap.
AREAS: dict[str, Callable[[Standing, Benchmark], tuple[float | None, str, str | None]]] = {
    "step2": _step2,
    "usce": _count(
        "usce_months", "Arrange US clinical experience: an observership or hands-on rotation"
    ),
    "usce_ir": _count("usce_ir_months", "Do an IR rotation or away rotation in the US"),
    "letters": _count(
        "strong_letters",
        "Ask a US IR/DR faculty member who knows your work for a letter (Roadmap: letters)",
    ),
    "research": _count(
        "peer_reviewed", "Move a manuscript to submission with your research mentor (Scholarly)"
    ),
    "first_author": _first_author,
    "ir_research": _count("ir_related", "Make your next project an IR one"),
    "presentations": _count(
        "presentations", "Submit an abstract to the SIR Annual Scientific Meeting"
    ),
    "advocates": _plain(
        "advocates", "Tell your mentors your goals and ask who could speak for you (Network)"
    ),
    "mentor_team": _plain(
        "mentor_kinds_covered",
        "Find the missing mentor: clinical IR, research, career, near-peer (Network)",
    ),
}


def readiness(standing: Standing, benchmarks: Sequence[Benchmark]) -> list[Gap]:
    """One row per benchmark, in the benchmarks' order. A met benchmark keeps its action
    (what would make it stronger) but no what-if."""
    out = []
    for b in benchmarks:
        if b.area not in AREAS:
            raise ValueError(f"unknown readiness area {b.area!r}; known: {', '.join(AREAS)}")
        have, action, change = AREAS[b.area](standing, b)
        met = None if have is None else have >= b.low
        out.append(Gap(b.area, b.label, have, b, met, action, None if met else change))
    return out
