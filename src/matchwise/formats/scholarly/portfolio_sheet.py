"""The portfolio as a spreadsheet: one row an output, every field a column (:data:`COLUMNS`).

:func:`write_portfolio` writes .csv (UTF-8 with a byte-order mark, for Excel) or .xlsx, cells
neutralised against formulas as :mod:`matchwise.formats.tables` does.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from matchwise.engine.scholarly.outputs import Output, StatusChange

# One rule for formula cells and one way of writing CSV across the formats: tables.py owns it.
from matchwise.formats.tables import neutralise, write_csv

PORTFOLIO_SUFFIXES = (".csv", ".xlsx")
COLUMNS: tuple[str, ...] = tuple(Output.model_fields)  # the portfolio's columns, in order


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, frozenset):
        return "; ".join(sorted(_cell(v) for v in value))
    if isinstance(value, tuple):
        return "; ".join(
            f"{v.status.value} {v.on.isoformat()}" if isinstance(v, StatusChange) else str(v)
            for v in value
        )
    return str(value).replace("\r\n", "\n").replace("\r", "\n")


def portfolio_row(output: Output) -> list[str]:
    """One output as cells in the order of :data:`COLUMNS` (authors "Rao AK; Okafor S", the
    history "submitted 2024-01-02; published 2024-05-01"), neutralised for spreadsheets."""
    return [neutralise(_cell(getattr(output, name))) for name in COLUMNS]


def write_portfolio(outputs: Sequence[Output], path: Path) -> None:
    """The outputs as a spreadsheet, one row each and every field a column (:data:`COLUMNS`):
    .csv (UTF-8 with a byte-order mark, for Excel) or .xlsx (numbers as numbers)."""
    suffix = path.suffix.lower()
    if suffix not in PORTFOLIO_SUFFIXES:
        raise ValueError(f"{path}: a portfolio is written as .csv or .xlsx")
    rows = [portfolio_row(o) for o in outputs]
    if suffix == ".csv":
        write_csv(path, COLUMNS, rows)
    else:
        book = Workbook()
        sheet = book.active
        assert sheet is not None  # a new workbook always has one sheet
        sheet.title = "Portfolio"
        sheet.append(list(COLUMNS))
        numbers = {COLUMNS.index(name) for name in ("year", "month", "my_position")}
        for row in rows:
            # control characters cannot be stored in a workbook's XML
            sheet.append(
                [
                    int(c) if i in numbers and c.isdigit() else ILLEGAL_CHARACTERS_RE.sub("", c)
                    for i, c in enumerate(row)
                ]
            )
        book.save(path)
