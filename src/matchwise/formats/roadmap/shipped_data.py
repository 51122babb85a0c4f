"""The Roadmap's shipped data: match cycles (``data/cycles/<year>.toml``), how their dates move
from year to year (``habits.toml``), the plan templates and the readiness benchmarks
(``data/roadmap/``). A bad file is an error naming the file, the entry and the field.

>>> cycles = load_cycles()
>>> from matchwise.engine.roadmap.cycle import Event
>>> cycles[2026].get(Event.MATCH_DAY).on
datetime.date(2026, 3, 20)
>>> len(load_templates()) > 20
True
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date, time
from importlib import resources
from typing import Any

from matchwise.engine.network.contacts import ADVOCATE_GOAL, MentorKind
from matchwise.engine.roadmap.cycle import (
    Confidence,
    Cycle,
    CycleDate,
    Event,
    Habit,
    Offset,
    Pathway,
)
from matchwise.engine.roadmap.letters import GOAL
from matchwise.engine.roadmap.milestones import Category, Template
from matchwise.engine.roadmap.readiness import AREAS, Benchmark
from matchwise.formats.pick.facts import Facts, load_facts
from matchwise.formats.scholarly.eras import load_benchmarks as load_eras_benchmarks

__all__ = [
    "RoadmapDataError",
    "load_benchmarks",
    "load_cycles",
    "load_habits",
    "load_templates",
    "parse_cycle",
    "parse_pathways",
    "plan_sources",
]


class RoadmapDataError(ValueError):
    """A roadmap data file that cannot be used, said in words."""


def _read(folder: str, name: str) -> dict[str, Any]:
    text = (resources.files("matchwise.data") / folder / name).read_text(encoding="utf-8")
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RoadmapDataError(f"{folder}/{name}: not valid TOML: {exc}") from None


def _choice(kind: type[Any], value: Any, where: str) -> Any:
    try:
        return kind(value)
    except ValueError:
        known = ", ".join(k.value for k in kind)
        raise RoadmapDataError(f"{where}: {value!r} is not one of {known}") from None


def parse_cycle(data: Mapping[str, Any], *, origin: str) -> Cycle:
    """One cycle file's content. ``origin``: the file's name, for messages."""
    year = data.get("year")
    if not isinstance(year, int):
        raise RoadmapDataError(f"{origin}: 'year' must be a whole number, got {year!r}")
    dates: dict[Event, CycleDate] = {}
    for i, row in enumerate(data.get("dates", []), start=1):
        where = f"{origin}, dates entry {i}"
        event = _choice(Event, row.get("event"), f"{where}, event")
        on = row.get("on")
        if not isinstance(on, date):
            raise RoadmapDataError(f"{where} ({event}): 'on' must be a date like 2026-03-20")
        if not row.get("source"):
            raise RoadmapDataError(f"{where} ({event}): every date needs its 'source'")
        at = row.get("at")
        try:
            at_time = time.fromisoformat(at) if at else None
        except ValueError:
            raise RoadmapDataError(
                f"{where} ({event}): 'at' {at!r} is not a time (HH:MM)"
            ) from None
        if event in dates:
            raise RoadmapDataError(f"{where}: {event} is given twice")
        dates[event] = CycleDate(
            event=event,
            on=on,
            source=row["source"],
            confidence=_choice(Confidence, row.get("confidence"), f"{where}, confidence"),
            at=at_time,
            note=row.get("note", ""),
        )
    return Cycle(year, dates)


def load_cycles() -> dict[int, Cycle]:
    """Every shipped cycle, by Match year."""
    folder = resources.files("matchwise.data") / "cycles"
    out = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml") and entry.name[:4].isdigit():
            cycle = parse_cycle(_read("cycles", entry.name), origin=f"cycles/{entry.name}")
            out[cycle.year] = cycle
    return out


def load_habits() -> dict[Event, Habit]:
    data = _read("cycles", "habits.toml")["habits"]
    return {
        _choice(Event, k, "cycles/habits.toml"): _choice(Habit, v, f"cycles/habits.toml, {k}")
        for k, v in data.items()
    }


def load_templates() -> list[Template]:
    data = _read("roadmap", "templates.toml")
    plans = data.get("plans", {})
    out = []
    keys: set[str] = set()
    for i, row in enumerate(data.get("milestones", []), start=1):
        where = f"roadmap/templates.toml, milestone {i} ({row.get('key', '?')})"
        if row.get("plan") not in plans:
            raise RoadmapDataError(f"{where}: plan {row.get('plan')!r} is not one of {list(plans)}")
        if row["key"] in keys:
            raise RoadmapDataError(f"{where}: the key is used twice")
        keys.add(row["key"])
        duration = row.get("duration", 1)
        if not isinstance(duration, int) or duration < 1:
            raise RoadmapDataError(f"{where}: duration must be a whole number of days, 1 or more")
        out.append(
            Template(
                key=row["key"],
                plan=row["plan"],
                category=_choice(Category, row.get("category"), f"{where}, category"),
                title=row["title"],
                anchor=_choice(Event, row.get("anchor"), f"{where}, anchor"),
                offset=Offset(months=row.get("months", 0), days=row.get("days", 0)),
                duration=duration,
                why=row["why"],
                pathways=frozenset(
                    _choice(Pathway, p, f"{where}, pathways") for p in row.get("pathways", [])
                ),
            )
        )
    return out


def plan_sources() -> dict[str, tuple[str, str]]:
    """Each plan's title and the source of its advice, by plan key."""
    plans = _read("roadmap", "templates.toml").get("plans", {})
    return {key: (p["title"], p["source"]) for key, p in plans.items()}


def parse_pathways(text: str) -> list[Pathway]:
    """``"ir-integrated,dr-esir"`` -> pathways, with a clear message for an unknown name."""
    names = [t.strip().lower() for t in text.split(",") if t.strip()]
    if not names:
        raise RoadmapDataError(
            "choose at least one pathway: " + ", ".join(p.value for p in Pathway)
        )
    return list(dict.fromkeys(_choice(Pathway, n, "pathway") for n in names))


def _goal(name: str, where: str) -> tuple[float, float | None, str | None, str | None, str]:
    """(low, high, source, confidence, note) of a goal MatchWise keeps elsewhere; source and
    confidence None when the row gives its own."""
    if name == "letters":
        return GOAL[0], GOAL[1], None, None, ""
    if name == "network.advocates":
        return ADVOCATE_GOAL[0], ADVOCATE_GOAL[1], None, None, ""
    if name == "network.mentor_kinds":
        return len(MentorKind), None, None, None, ""
    measure = name.removeprefix("scholarly.")
    found = next((b for b in load_eras_benchmarks() if b.measure == measure), None)
    if found is None or not name.startswith("scholarly."):
        raise RoadmapDataError(
            f"{where}: goal_from {name!r} is not letters, network.advocates, "
            "network.mentor_kinds or scholarly.<a Scholarly benchmark's measure>"
        )
    bands = found.bands
    high = bands[1].low if len(bands) > 1 else bands[0].high
    text = "; ".join(
        f"{b.label} {b.low} to {b.high}" if b.high is not None else f"{b.label} {b.low} or more"
        for b in bands
    )
    note = "; ".join(x for x in (text, found.note) if x)
    return bands[0].low, high, found.source, found.confidence, note


def load_benchmarks(facts: Facts | None = None) -> list[Benchmark]:
    """The readiness benchmarks: published figures from ``facts.toml`` where there are any,
    goals MatchWise already keeps (``goal_from``), common advice (marked weak) elsewhere
    (``data/roadmap/readiness.toml``)."""
    facts = load_facts() if facts is None else facts
    data = _read("roadmap", "readiness.toml")
    out = []
    for i, row in enumerate(data.get("benchmarks", []), start=1):
        where = f"roadmap/readiness.toml, benchmark {i}"
        if row.get("area") not in AREAS:
            raise RoadmapDataError(f"{where}: area {row.get('area')!r} is not one of {list(AREAS)}")
        low, high = row.get("low"), row.get("high")
        source, confidence, note = row.get("source"), row.get("confidence"), row.get("note", "")
        if "fact" in row:  # a dotted path into facts.toml: the figure and its source from there
            node: Any = facts
            for part in row["fact"].split("."):
                node = node[part]
            low = node[row.get("fact_field", "value")]
            source, confidence = node["source"], node["confidence"]
        if "goal_from" in row:
            low, high, own_source, own_confidence, own_note = _goal(row["goal_from"], where)
            source, confidence = own_source or source, own_confidence or confidence
            note = note or own_note
        if not isinstance(low, int | float) or not source or not confidence:
            raise RoadmapDataError(f"{where}: needs a number 'low', a 'source' and a 'confidence'")
        out.append(
            Benchmark(
                area=row["area"],
                label=row["label"],
                low=float(low),
                high=None if high is None else float(high),
                source=source,
                confidence=confidence,
                note=note,
            )
        )
    return out
