"""Writers for a pick or an evaluation: JSON (documented schema), CSV and XLSX.

The JSON layout is documented in ``docs/pick-output.md`` with a JSON Schema in
``docs/schema/pick.schema.json``; a test validates real output against it.

>>> # write_result(recommendation, Path("list.csv"))
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from matchwise.engine.pick.result import (
    CurvePoint,
    FilteredResult,
    ProgramResult,
    Recommendation,
    ScenarioResult,
    SpecialtyTotal,
)

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

PROGRAM_COLUMNS = (
    "code",
    "name",
    "specialty",
    "track",
    "tier",
    "p_interview",
    "p_interview_low",
    "p_interview_high",
    "p_match",
    "p_match_low",
    "p_match_high",
    "signal",
    "cost_usd",
    "reasons",
    "notes",
)


def format_probability(p: float) -> str:
    """'51%' from 10% up, '7.8%' below: enough digits to tell small chances apart."""
    return f"{p:.0%}" if p >= 0.095 else f"{p:.1%}"


def safe_cell(value: Any) -> Any:
    """Neutralise text that a spreadsheet would run as a formula (CSV/XLSX injection)."""
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return value


def _round(x: float) -> float:
    return round(float(x), 4)


def result_to_dict(result: Recommendation) -> dict[str, Any]:
    """The documented JSON object (see docs/pick-output.md)."""
    doc = asdict(result)
    doc["p_match_interval"] = list(result.p_match_interval)
    for program in doc["programs"]:
        program["p_interview_interval"] = list(program["p_interview_interval"])
        program["p_match_interval"] = list(program["p_match_interval"])
        program["reasons"] = list(program["reasons"])
        program["notes"] = list(program["notes"])
    doc["curve"] = [asdict(p) for p in result.curve]
    doc["notes"] = list(result.notes)
    doc["profile_reasons"] = list(result.profile_reasons)
    for scenario in doc["signal_scenarios"]:
        scenario["p_match_interval"] = list(scenario["p_match_interval"])
        if scenario["p_match_ir_interval"] is not None:
            scenario["p_match_ir_interval"] = list(scenario["p_match_ir_interval"])
    doc["format"] = "matchwise-pick/1"
    return doc


def _pair(value: Any) -> tuple[float, float]:
    low, high = value
    return (float(low), float(high))


def result_from_dict(doc: dict[str, Any]) -> Recommendation:
    """The inverse of :func:`result_to_dict`: a saved result reopens exactly as computed."""
    if doc.get("format") != "matchwise-pick/1":
        raise ValueError("not a matchwise-pick/1 result")
    programs = tuple(
        ProgramResult(**{**p, "p_interview_interval": _pair(p["p_interview_interval"]),
                         "p_match_interval": _pair(p["p_match_interval"]),
                         "reasons": tuple(p["reasons"]), "notes": tuple(p["notes"])})
        for p in doc["programs"]
    )  # fmt: skip
    ir = doc["p_match_ir_interval"]
    return Recommendation(
        programs=programs,
        filtered=tuple(
            FilteredResult(**{**f, "reasons": tuple(f["reasons"])}) for f in doc["filtered"]
        ),
        totals=tuple(
            SpecialtyTotal(**{**t, "p_match_interval": _pair(t["p_match_interval"])})
            for t in doc["totals"]
        ),
        p_match=doc["p_match"],
        p_match_interval=_pair(doc["p_match_interval"]),
        p_match_ir=doc["p_match_ir"],
        p_match_ir_interval=None if ir is None else _pair(ir),
        expected_interviews=doc["expected_interviews"],
        expected_interviews_interval=_pair(doc["expected_interviews_interval"]),
        cost_usd=doc["cost_usd"],
        objective=doc["objective"],
        parameter_version=doc["parameter_version"],
        curve=tuple(CurvePoint(**c) for c in doc["curve"]),
        diminishing_returns_at=doc["diminishing_returns_at"],
        diminishing_threshold=doc["diminishing_threshold"],
        notes=tuple(doc["notes"]),
        profile_reasons=tuple(doc["profile_reasons"]),
        draws=doc["draws"],
        nodes=doc["nodes"],
        signal_scenarios=tuple(
            ScenarioResult(
                **{
                    **sc,
                    "p_match_interval": _pair(sc["p_match_interval"]),
                    "p_match_ir_interval": None
                    if sc["p_match_ir_interval"] is None
                    else _pair(sc["p_match_ir_interval"]),
                }
            )
            for sc in doc.get("signal_scenarios", ())
        ),
    )


def result_to_json(result: Recommendation) -> str:
    return json.dumps(result_to_dict(result), indent=2, ensure_ascii=False) + "\n"


def _program_rows(result: Recommendation) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for p in result.programs:
        rows.append(
            [
                p.code,
                p.name,
                p.specialty,
                p.track,
                p.tier,
                _round(p.p_interview),
                _round(p.p_interview_interval[0]),
                _round(p.p_interview_interval[1]),
                _round(p.p_match),
                _round(p.p_match_interval[0]),
                _round(p.p_match_interval[1]),
                p.signal or "",
                p.cost_usd,
                "; ".join(p.reasons),
                "; ".join(p.notes),
            ]
        )
    return [[safe_cell(v) for v in row] for row in rows]


def _filtered_rows(result: Recommendation) -> list[list[Any]]:
    return [
        [safe_cell(v) for v in (f.code, f.name, f.specialty, "; ".join(f.reasons))]
        for f in result.filtered
    ]


def result_to_csv(result: Recommendation) -> str:
    """The list as CSV (one row a program); the filtered programs are not included."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(PROGRAM_COLUMNS)
    writer.writerows(_program_rows(result))
    return buffer.getvalue()


def write_xlsx(result: Recommendation, path: Path) -> None:
    """Three sheets: the list, the totals, the filtered programs with their reasons."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "List"
    sheet.append(list(PROGRAM_COLUMNS))
    for row in _program_rows(result):
        sheet.append(row)
    totals = book.create_sheet("Totals")
    totals.append(["specialty", "applications", "cost_usd", "p_match", "p_low", "p_high"])
    for t in result.totals:
        totals.append(
            [
                t.label,
                t.applications,
                t.cost_usd,
                _round(t.p_match),
                *map(_round, t.p_match_interval),
            ]
        )
    totals.append(
        [
            "all",
            len(result.programs),
            result.cost_usd,
            _round(result.p_match),
            *map(_round, result.p_match_interval),
        ]
    )
    totals.append(["parameter version", result.parameter_version])
    filtered = book.create_sheet("Filtered")
    filtered.append(["code", "name", "specialty", "reasons"])
    for row in _filtered_rows(result):
        filtered.append(row)
    book.save(path)


def write_result(result: Recommendation, path: Path) -> None:
    """Write by suffix: .json, .csv or .xlsx."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_text(result_to_json(result), encoding="utf-8")
    elif suffix == ".csv":
        path.write_text(result_to_csv(result), encoding="utf-8")
    elif suffix == ".xlsx":
        write_xlsx(result, path)
    else:
        raise ValueError(f"{path}: unknown output format {suffix!r}; use .json, .csv or .xlsx")
