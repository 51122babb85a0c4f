"""The catalog's columns: how each cell's text becomes a Program field, and back.

Each parser returns the value or raises ``ValueError`` with what was expected; ``unknown`` (any
case) or an empty cell is None for every optional field.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from matchwise.engine.pick.geography import STATES
from matchwise.engine.pick.program import EcfmgDeadline, Specialty, Track, Visa

UNKNOWN = "unknown"
_TRUE = {"yes", "y", "true", "1"}
_FALSE = {"no", "n", "false", "0"}

# Words users put in their own sheets for a specialty, mapped to ACGME codes.
_SPECIALTY_WORDS = {
    "416": "416", "ir": "416", "ir-integrated": "416", "integrated ir": "416",
    "interventional radiology - integrated": "416", "interventional radiology-integrated": "416",
    "interventional radiology integrated": "416", "interventional radiology": "416",
    "415": "415", "ir-independent": "415", "independent ir": "415",
    "interventional radiology - independent": "415",
    "interventional radiology-independent": "415",
    "420": "420", "dr": "420", "diagnostic radiology": "420", "radiology-diagnostic": "420",
    "radiology - diagnostic": "420", "radiology": "420",
    "999": "999", "ty": "999", "transitional": "999", "transitional year": "999",
    "prelim": "prelim", "preliminary": "prelim", "preliminary year": "prelim",
    "internal medicine - preliminary": "prelim", "surgery - preliminary": "prelim",
}  # fmt: skip


def is_unknown(text: str) -> bool:
    return text.strip() == "" or text.strip().lower() == UNKNOWN


def parse_text(text: str) -> str:
    return text.strip()


def parse_int(low: int, high: int | None = None) -> Callable[[str], int]:
    def parse(text: str) -> int:
        t = text.strip()
        try:
            value = float(t)
        except ValueError:
            value = float("nan")
        if value != value or value != int(value):
            raise ValueError(_range_words("a whole number", low, high))
        if value < low or (high is not None and value > high):
            raise ValueError(_range_words("a whole number", low, high))
        return int(value)

    return parse


def _range_words(kind: str, low: float, high: float | None) -> str:
    span = f"{low:g}-{high:g}" if high is not None else f"{low:g} or more"
    return f'{kind} {span} or "unknown"'


def parse_float(low: float, high: float | None = None) -> Callable[[str], float]:
    def parse(text: str) -> float:
        try:
            value = float(text.strip())
        except ValueError:
            raise ValueError(_range_words("a number", low, high)) from None
        if value < low or (high is not None and value > high):
            raise ValueError(_range_words("a number", low, high))
        return value

    return parse


def parse_share(text: str) -> float:
    t = text.strip()
    try:
        value = float(t[:-1]) / 100 if t.endswith("%") else float(t)
    except ValueError:
        raise ValueError('a share like 0.35 or 35%, or "unknown"') from None
    if not 0 <= value <= 1:
        raise ValueError('a share between 0 and 1 (or 0% and 100%), or "unknown"')
    return value


def parse_bool(text: str) -> bool:
    t = text.strip().lower()
    if t in _TRUE:
        return True
    if t in _FALSE:
        return False
    raise ValueError('yes or no (or "unknown")')


def parse_specialty(text: str) -> Specialty:
    key = re.sub(r"\s+", " ", text.strip().lower())
    code = _SPECIALTY_WORDS.get(key)
    if code is None:
        raise ValueError("an ACGME code 416, 415, 420, 999 or prelim (or its name)")
    return Specialty(code)


def parse_track(text: str) -> Track:
    t = text.strip().upper()
    words = {"CATEGORICAL": "C", "ADVANCED": "A", "PRELIMINARY": "P", "PHYSICIAN": "R"}
    t = words.get(t, t)
    try:
        return Track(t)
    except ValueError:
        raise ValueError(
            "C (categorical), A (advanced), P (preliminary) or R (physician)"
        ) from None


def parse_visa(text: str) -> frozenset[Visa]:
    t = text.strip()
    if t.lower() == "none":
        return frozenset()
    parts = [p.strip().upper().replace("H1B", "H-1B").replace("J1", "J-1")
             for p in re.split(r"[;,/+]| and ", t) if p.strip()]  # fmt: skip
    try:
        return frozenset(Visa(p) for p in parts)
    except ValueError:
        raise ValueError('J-1, H-1B, J-1;H-1B, none or "unknown"') from None


def parse_state(text: str) -> str:
    t = text.strip().upper()
    if t not in STATES:
        raise ValueError("a two-letter US state or territory code, e.g. NY")
    return t


def parse_ecfmg(text: str) -> EcfmgDeadline:
    t = text.strip().lower().replace(" ", "_")
    try:
        return EcfmgDeadline(t)
    except ValueError:
        raise ValueError('application, rank_deadline, start or "unknown"') from None


def parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError("a date as YYYY-MM-DD") from None


@dataclass(frozen=True)
class Column:
    name: str
    parse: Callable[[str], Any]
    required: bool = False
    help: str = ""


COLUMNS: tuple[Column, ...] = (
    Column("code", parse_text, True, "NRMP program code, e.g. 1234416A0 (key, unique)"),
    Column("name", parse_text, True, "program name"),
    Column("specialty", parse_specialty, True, "ACGME code: 416, 415, 420, 999 or prelim"),
    Column("track", parse_track, True, "C, A, P or R"),
    Column("acgme_id", parse_text, False, "ACGME program id"),
    Column("institution", parse_text, False, "sponsoring institution"),
    Column("city", parse_text),
    Column("state", parse_state, False, "two-letter state code"),
    Column("positions", parse_int(0, 200), False, "positions offered"),
    Column("visa", parse_visa, False, "J-1, H-1B, J-1;H-1B or none"),
    Column("img_share", parse_share, False, "share of IMG residents, 0.35 or 35%"),
    Column("academic", parse_bool, False, "yes for academic centres, no for community"),
    Column("applications_per_position", parse_float(0), False, "applications per position"),
    Column("median_step2", parse_int(180, 300), False, "median Step 2 CK of interviewees"),
    Column("min_step2", parse_int(180, 300), False, "published minimum Step 2 CK"),
    Column("max_attempts", parse_int(1, 6), False, "most USMLE attempts accepted"),
    Column("max_years_since_graduation", parse_int(0, 60), False, "most years since graduation"),
    Column("min_usce_months", parse_float(0, 120), False, "months of hands-on USCE required"),
    Column("ecfmg_deadline", parse_ecfmg, False, "application, rank_deadline or start"),
    Column("signals_accepted", parse_bool, False, "yes if the program takes ERAS signals"),
    Column("demo", parse_bool, False, "yes for synthetic DEMO rows"),
)  # fmt: skip
BY_NAME = {c.name: c for c in COLUMNS}
SOURCE_SUFFIXES = ("_source", "_verified")
FIELDS_WITH_SOURCES = tuple(c.name for c in COLUMNS if c.name not in ("code", "demo"))


def all_column_names() -> tuple[str, ...]:
    """Every column the format knows, in the order the writer uses."""
    names = [c.name for c in COLUMNS]
    for field in FIELDS_WITH_SOURCES:
        names += [field + suffix for suffix in SOURCE_SUFFIXES]
    return tuple(names)


def format_value(value: Any) -> str:
    """The canonical cell text of a Program field value (the writer's inverse of the parsers)."""
    if value is None:
        return UNKNOWN
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, frozenset):
        return ";".join(sorted(v.value for v in value)) or "none"
    if hasattr(value, "value"):
        return str(value.value)
    if isinstance(value, float):
        return repr(value)
    return str(value)
