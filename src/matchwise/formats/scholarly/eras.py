"""ERAS "Scholarly Works" entries from the applicant's outputs, by one season's rules.

The rules are data (``data/eras/<season>.toml``): ERAS's types in the form's order, which output
type goes to which, the statuses each type takes, whether it must be peer reviewed, the fields in
the form's order, the limit on "most meaningful" works and the source. A new season is a new
file, not new code. The same file carries the season's research benchmarks.

>>> mapping = load_eras(2027)
>>> from matchwise.engine.scholarly.outputs import Author, Output
>>> paper = Output(type="case_report", title="PAE in a solitary kidney", status="published",
...                peer_reviewed=True, venue="J Vasc Interv Radiol", year=2026,
...                authors=[Author(family="Rao", initials="AK"), Author(family="Okafor",
...                initials="S")], my_position=2)
>>> export = eras_entries([paper], mapping)
>>> [(f.label, f.value) for f in export.entries[0].fields][:3]
[('Title', 'PAE in a solitary kidney'), ('Journal name', 'J Vasc Interv Radiol'), \
('Authors', 'Rao AK, *Okafor S*')]
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from typing import TYPE_CHECKING, Any, TypeVar

from matchwise.engine.scholarly.outputs import (
    OUTPUT_TYPE_LABELS,
    STATUS_LABELS,
    Output,
    OutputType,
    Status,
)
from matchwise.engine.scholarly.portfolio import COUNT_MEASURES, Band, Benchmark, ErasRules, Refusal
from matchwise.formats.pick.facts import load_facts

__all__ = [
    "ErasCategory",
    "ErasDataError",
    "ErasEntry",
    "ErasExport",
    "ErasField",
    "ErasMapping",
    "ErasSkipped",
    "FieldValue",
    "eras_dict",
    "eras_entries",
    "eras_text",
    "load_benchmarks",
    "load_eras",
    "parse_eras",
    "shipped_seasons",
]

_FOLDER = "eras"


class ErasDataError(ValueError):
    """A season file that cannot be used (or a season that is not shipped), said in words."""


# --- the mapping ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ErasField:
    key: str
    label: str
    required: bool = False


@dataclass(frozen=True)
class ErasCategory:
    """One ERAS scholarly-work type ("Journal Articles (peer reviewed)")."""

    key: str
    label: str
    types: frozenset[OutputType]
    statuses: tuple[Status, ...]
    peer_review_required: bool
    fields: tuple[ErasField, ...]


@dataclass(frozen=True)
class ErasMapping:
    """One season's Scholarly Works section; it also serves as the engine's ``ErasRules``."""

    season: int
    name: str
    source: str
    confidence: str
    most_meaningful_limit: int
    author_format: str
    status_labels: Mapping[Status, str]
    categories: tuple[ErasCategory, ...]

    def category_of(self, output: Output) -> ErasCategory | None:
        return next((c for c in self.categories if output.type in c.types), None)

    def refusal(self, output: Output) -> Refusal | None:
        """Why this season's ERAS will not take ``output``, or None when it will."""
        category = self.category_of(output)
        kind = OUTPUT_TYPE_LABELS[output.type]
        if category is None:
            return Refusal(
                "eras_no_type",
                f"ERAS {self.season} has no type for {_a(kind)}: if a journal peer reviewed and "
                "published it, enter it as a journal article; otherwise keep it for your CV",
            )
        if output.status not in category.statuses:
            taken = ", ".join(STATUS_LABELS[s] for s in category.statuses)
            return Refusal(
                "eras_status",
                f"{category.label} takes work that is {taken}; this one is "
                f"{STATUS_LABELS[output.status]}{_advice(output.status)}",
            )
        if category.peer_review_required and not output.peer_reviewed:
            return Refusal(
                "eras_not_peer_reviewed",
                f"{category.label} must be peer reviewed and this one is not marked so: "
                "mark it if it was, or keep it for your CV",
            )
        return None


if TYPE_CHECKING:  # mypy proves that a mapping is what honesty_checks(eras=...) takes

    def _rules(mapping: ErasMapping) -> ErasRules:
        return mapping


def _a(noun: str) -> str:
    return f"{'an' if noun[:1] in 'aeiou' else 'a'} {noun}"


def _advice(status: Status) -> str:
    if status in (Status.IDEA, Status.IN_PREPARATION):
        return ": list it once it is submitted (talk about it in your experiences or interviews)"
    if status is Status.REJECTED_RESUBMITTING:
        return ": list it again once it is resubmitted"
    if status is Status.ACCEPTED:
        return ": list it once it has been given"
    return ""


def shipped_seasons() -> tuple[int, ...]:
    """The seasons with a data file in the package, oldest first."""
    folder = resources.files("matchwise.data") / _FOLDER
    names = (entry.name for entry in folder.iterdir())
    return tuple(sorted(int(n[:-5]) for n in names if n.endswith(".toml") and n[:-5].isdigit()))


def _season_file(season: int) -> tuple[dict[str, Any], str]:
    if season not in shipped_seasons():
        shipped = ", ".join(str(s) for s in shipped_seasons()) or "none"
        raise ErasDataError(f"no ERAS rules for the {season} season; shipped seasons: {shipped}")
    origin = f"data/{_FOLDER}/{season}.toml"
    text = (resources.files("matchwise.data") / _FOLDER / f"{season}.toml").read_text("utf-8")
    try:
        return tomllib.loads(text), origin
    except tomllib.TOMLDecodeError as error:
        raise ErasDataError(f"{origin}: {error}") from None


def load_eras(season: int = 2027) -> ErasMapping:
    """The shipped rules for ``season`` (ErasDataError lists the shipped seasons if unknown)."""
    data, origin = _season_file(season)
    return parse_eras(data, origin=origin)


_E = TypeVar("_E", OutputType, Status)


def _enum_list(kind: type[_E], values: Any, where: str) -> tuple[_E, ...]:
    if not isinstance(values, list) or not values:
        raise ErasDataError(f"{where}: expected a non-empty list")
    out = []
    for value in values:
        try:
            out.append(kind(value))
        except ValueError:
            known = ", ".join(m.value for m in kind)
            raise ErasDataError(f"{where}: {value!r} is not one of {known}") from None
    return tuple(out)


def _required(table: Mapping[str, Any], key: str, kind: type, where: str) -> Any:
    value = table.get(key)
    # bool is a subclass of int: `true` is not a number here, nor 1 a yes/no
    wrong_bool = isinstance(value, bool) != (kind is bool)
    if not isinstance(value, kind) or wrong_bool:
        raise ErasDataError(f"{where}: {key} must be a {kind.__name__}, got {value!r}")
    return value


def parse_eras(data: Mapping[str, Any], *, origin: str) -> ErasMapping:
    """Check a season file's tables and turn them into an :class:`ErasMapping`.

    Errors name the file, the category, the key and the value.
    """
    labels: dict[Status, str] = {}
    for raw, label in dict(data.get("status_labels", {})).items():
        (status,) = _enum_list(Status, [raw], f"{origin}: status_labels")
        labels[status] = str(label)
    categories: list[ErasCategory] = []
    claimed: dict[OutputType, str] = {}
    for number, table in enumerate(data.get("categories", []), 1):
        where = f"{origin}: category {table.get('key', number)!r}"
        category = ErasCategory(
            key=_required(table, "key", str, where),
            label=_required(table, "label", str, where),
            types=frozenset(_enum_list(OutputType, table.get("types"), f"{where}: types")),
            statuses=_enum_list(Status, table.get("statuses"), f"{where}: statuses"),
            peer_review_required=_required(table, "peer_review_required", bool, where),
            fields=tuple(_field(f, f"{where}: fields") for f in table.get("fields", [])),
        )
        for output_type in category.types:
            if output_type in claimed:
                raise ErasDataError(
                    f"{where}: types: {output_type.value!r} is already in {claimed[output_type]!r}"
                )
            claimed[output_type] = category.key
        missing = [s.value for s in category.statuses if s not in labels]
        if missing:
            raise ErasDataError(f"{where}: statuses {missing} have no entry in status_labels")
        if not category.fields:
            raise ErasDataError(f"{where}: fields: expected a non-empty list")
        categories.append(category)
    if not categories:
        raise ErasDataError(f"{origin}: no [[categories]]")
    return ErasMapping(
        season=_required(data, "season", int, origin),
        name=_required(data, "name", str, origin),
        source=_required(data, "source", str, origin),
        confidence=_required(data, "confidence", str, origin),
        most_meaningful_limit=_required(data, "most_meaningful_limit", int, origin),
        author_format=_required(data, "author_format", str, origin),
        status_labels=labels,
        categories=tuple(categories),
    )


def _field(table: Mapping[str, Any], where: str) -> ErasField:
    key = _required(table, "key", str, where)
    if key not in _VALUES:
        raise ErasDataError(
            f"{where}: {key!r} is not a field MatchWise fills ({', '.join(_VALUES)})"
        )
    return ErasField(key, _required(table, "label", str, where), bool(table.get("required", False)))


def load_benchmarks(season: int = 2027) -> tuple[Benchmark, ...]:
    """The season's research benchmarks, each with its source and confidence.

    A benchmark's ``caveat_facts_id`` names a figure of ``facts.toml`` whose source is added to
    its note, so the caveat is shown with where it comes from.
    """
    data, origin = _season_file(season)
    facts = load_facts()
    table: list[Benchmark] = []
    for row in data.get("research_benchmarks", []):
        where = f"{origin}: research_benchmarks {row.get('measure')!r}"
        measure = _required(row, "measure", str, where)
        if measure not in COUNT_MEASURES:
            raise ErasDataError(f"{where}: not a measure ({', '.join(sorted(COUNT_MEASURES))})")
        note = str(row.get("note", ""))
        if "caveat_facts_id" in row:
            fact = _fact(facts, row["caveat_facts_id"], where)
            note += f" ({fact['source']}; {fact['confidence']}; facts: {row['caveat_facts_id']})"
        table.append(
            Benchmark(
                measure=measure,
                label=_required(row, "label", str, where),
                singular=_required(row, "singular", str, where),
                bands=tuple(
                    Band(
                        str(b["label"]), int(b["low"]), None if "high" not in b else int(b["high"])
                    )
                    for b in row.get("bands", [])
                ),
                source=_required(row, "source", str, where),
                confidence=_required(row, "confidence", str, where),
                note=note,
            )
        )
    return tuple(table)


def _fact(facts: Mapping[str, Any], dotted: str, where: str) -> Mapping[str, Any]:
    node: Any = facts
    for part in dotted.split("."):
        if not isinstance(node, Mapping) or part not in node:
            raise ErasDataError(f"{where}: facts.toml has no {dotted!r}")
        node = node[part]
    if not isinstance(node, Mapping) or "source" not in node:
        raise ErasDataError(f"{where}: facts.toml {dotted!r} has no source")
    return node


# --- entries ----------------------------------------------------------------------------------


def _authors(output: Output, marker: str) -> str:
    names = [str(a) for a in output.authors]
    if output.my_position is not None and marker:
        i = output.my_position - 1
        names[i] = f"{marker}{names[i]}{marker}"
    return ", ".join(names)


def _month_year(output: Output) -> str:
    """MM/YYYY of the meeting, else of the month and year given, else of reaching the current
    status, else the year, else ''.

    The month given wins over the status's date: an item entered after the fact has its status
    dated the day it was entered, not the day it was published or presented.
    """
    if output.event_date is not None:
        return f"{output.event_date.month:02d}/{output.event_date.year}"
    if output.year is not None and output.month is not None:
        return f"{output.month:02d}/{output.year}"
    reached = output.reached(output.status)
    if reached is not None:
        return f"{reached.month:02d}/{reached.year}"
    return "" if output.year is None else str(output.year)


_Value = Callable[[Output, ErasMapping, str], str]
_VALUES: dict[str, _Value] = {
    "title": lambda o, m, me: o.title,
    "name": lambda o, m, me: o.venue,
    "authors": lambda o, m, me: _authors(o, me),
    "status": lambda o, m, me: m.status_labels.get(o.status, STATUS_LABELS[o.status]),
    "date": lambda o, m, me: _month_year(o),
    "volume": lambda o, m, me: o.volume,
    "issue": lambda o, m, me: o.issue,
    "pages": lambda o, m, me: o.pages,
    "doi": lambda o, m, me: o.doi,
    "pmid": lambda o, m, me: o.pmid,
    "url": lambda o, m, me: o.url,
    "event": lambda o, m, me: o.venue,
    "location": lambda o, m, me: o.place,
}


@dataclass(frozen=True)
class FieldValue:
    key: str
    label: str
    value: str


@dataclass(frozen=True)
class ErasEntry:
    """One item as ERAS takes it: ``index`` is its place in the outputs given (0-based)."""

    number: int
    index: int
    category: str
    category_label: str
    title: str
    most_meaningful: bool
    fields: tuple[FieldValue, ...]


@dataclass(frozen=True)
class ErasSkipped:
    """An item ERAS does not take, with the reason (``code`` as in ``honesty_checks``)."""

    index: int
    title: str
    code: str
    reason: str


@dataclass(frozen=True)
class ErasExport:
    season: int
    name: str
    source: str
    confidence: str
    author_format: str
    me_marker: str
    most_meaningful_limit: int
    entries: tuple[ErasEntry, ...]
    skipped: tuple[ErasSkipped, ...]
    problems: tuple[str, ...]


def eras_entries(
    outputs: Sequence[Output], mapping: ErasMapping, *, me_marker: str = "*"
) -> ErasExport:
    """One entry per item ERAS takes, by ERAS type in the form's order (the outputs' order
    within a type), each with its fields in the form's order; the rest listed with the reason.

    The applicant's name is wrapped in ``me_marker`` ("" for none). Items marked most meaningful
    stay marked even past the limit: going over is reported in ``problems``, never cut.
    """
    accepted: dict[str, list[tuple[int, Output]]] = {c.key: [] for c in mapping.categories}
    skipped: list[ErasSkipped] = []
    problems: list[str] = []
    for index, output in enumerate(outputs):
        refusal = mapping.refusal(output)
        category = mapping.category_of(output)
        if refusal is None and category is not None:
            accepted[category.key].append((index, output))
        elif refusal is not None:  # (no category is itself a refusal)
            skipped.append(ErasSkipped(index, output.title, refusal.code, refusal.reason))
            if output.meaningful:
                problems.append(
                    f"{_item(index, output)} is marked most meaningful but ERAS will not take it"
                )
    entries: list[ErasEntry] = []
    for category in mapping.categories:
        for index, output in accepted[category.key]:
            values = tuple(
                FieldValue(f.key, f.label, _VALUES[f.key](output, mapping, me_marker))
                for f in category.fields
            )
            problems += [
                f"{_item(index, output)}: {v.label} is required by ERAS and is empty"
                for v, f in zip(values, category.fields, strict=True)
                if f.required and not v.value
            ]
            if output.my_position is None:
                problems.append(
                    f"{_item(index, output)}: your place in the author list is not set, so your "
                    "name is not marked"
                )
            entries.append(
                ErasEntry(
                    number=len(entries) + 1,
                    index=index,
                    category=category.key,
                    category_label=category.label,
                    title=output.title,
                    most_meaningful=output.meaningful,
                    fields=values,
                )
            )
    flagged = [(i, o) for i, o in enumerate(outputs) if o.meaningful]
    if len(flagged) > mapping.most_meaningful_limit:
        over = len(flagged) - mapping.most_meaningful_limit
        problems.insert(
            0,
            f"{len(flagged)} items are marked most meaningful; ERAS takes at most "
            f"{mapping.most_meaningful_limit}: unmark {over} of "
            + "; ".join(_item(i, o) for i, o in flagged),
        )
    return ErasExport(
        season=mapping.season,
        name=mapping.name,
        source=mapping.source,
        confidence=mapping.confidence,
        author_format=mapping.author_format,
        me_marker=me_marker,
        most_meaningful_limit=mapping.most_meaningful_limit,
        entries=tuple(entries),
        skipped=tuple(skipped),
        problems=tuple(problems),
    )


def _item(index: int, output: Output) -> str:
    return f'item {index + 1} ("{output.title}")'


# --- export -----------------------------------------------------------------------------------


def _heading(text: str) -> list[str]:
    return ["", text, "-" * len(text)]


def eras_text(export: ErasExport) -> str:
    """Plain text to copy into MyERAS field by field (one 'Label: value' line a field)."""
    lines = [export.name, f"Source: {export.source}", f"Authors: {export.author_format}."]
    if export.me_marker:
        lines.append(f"Your name is marked {export.me_marker}like this{export.me_marker}.")
    lines.append(
        f"[most meaningful] marks the works you chose (ERAS takes up to "
        f"{export.most_meaningful_limit})."
    )
    if not export.entries:
        lines += ["", "No entries: select None in the Scholarly Works section."]
    current = None
    for entry in export.entries:
        if entry.category != current:
            current = entry.category
            count = sum(e.category == current for e in export.entries)
            lines += _heading(f"{entry.category_label} ({count})")
        flag = " [most meaningful]" if entry.most_meaningful else ""
        lines += ["", f"{entry.number}.{flag}"]
        lines += [f"{f.label}: {f.value or '-'}" for f in entry.fields]
    if export.skipped:
        lines += _heading(f"Not for ERAS ({len(export.skipped)})")
        lines += [f'- item {s.index + 1} ("{s.title}"): {s.reason}' for s in export.skipped]
    if export.problems:
        lines += _heading(f"To fix ({len(export.problems)})")
        lines += [f"- {p}" for p in export.problems]
    return "\n".join(lines) + "\n"


def eras_dict(export: ErasExport) -> dict[str, Any]:
    """The export as plain dicts, lists and strings (for JSON and the web page)."""
    return {
        "season": export.season,
        "name": export.name,
        "source": export.source,
        "confidence": export.confidence,
        "author_format": export.author_format,
        "me_marker": export.me_marker,
        "most_meaningful_limit": export.most_meaningful_limit,
        "entries": [
            {
                "number": e.number,
                "index": e.index,
                "category": e.category,
                "category_label": e.category_label,
                "title": e.title,
                "most_meaningful": e.most_meaningful,
                "fields": [{"key": f.key, "label": f.label, "value": f.value} for f in e.fields],
            }
            for e in export.entries
        ],
        "skipped": [
            {"index": s.index, "title": s.title, "code": s.code, "reason": s.reason}
            for s in export.skipped
        ],
        "problems": list(export.problems),
    }
