"""The program catalog file (CSV or XLSX, one row a program track): read it, write it.

Reading validates the whole file first and reports every problem with its row, column, value
and what was expected; nothing is returned unless the file is valid (or the caller asked to
skip bad rows, which are then listed). See ``docs/catalog-format.md``.

>>> programs = load_demo_catalog()
>>> all(p.demo and p.name.startswith("DEMO ") for p in programs)
True
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from pydantic import ValidationError

from matchwise.engine.pick.program import FieldSource, Program
from matchwise.formats.pick.catalog_columns import (
    BY_NAME,
    COLUMNS,
    FIELDS_WITH_SOURCES,
    all_column_names,
    format_value,
    is_unknown,
    parse_date,
)
from matchwise.formats.problems import problems_message

SUFFIXES = (".csv", ".xlsx")
_FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass(frozen=True)
class CatalogProblem:
    row: int  # spreadsheet row number: the header is row 1 (0 = the file as a whole)
    column: str
    value: str
    expected: str

    def __str__(self) -> str:
        if self.row == 0:
            return self.expected
        where = f'row {self.row}, column "{self.column}"' if self.column else f"row {self.row}"
        return f"{where}: {self.value!r} is not valid; expected {self.expected}"


class CatalogError(Exception):
    """The catalog cannot be used; ``problems`` lists every reason."""

    def __init__(self, source: str, problems: Sequence[CatalogProblem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__(problems_message(source, [str(p) for p in self.problems]))


@dataclass(frozen=True)
class CatalogRead:
    programs: tuple[Program, ...]
    problems: tuple[CatalogProblem, ...] = ()  # the rows skipped, when asked to skip


def parse_mapping(text: str) -> dict[str, str]:
    """``"Program Name=name,State=state"`` -> ``{"Program Name": "name", "State": "state"}``."""
    mapping: dict[str, str] = {}
    known = set(all_column_names())
    for part in text.split(","):
        if not part.strip():
            continue
        source, sep, target = part.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise CatalogError(
                "--map",
                [
                    CatalogProblem(
                        0,
                        "",
                        part,
                        f'--map: cannot read "{part.strip()}"; write '
                        "Your Column=field, separated by commas",
                    )
                ],
            )
        if target.strip() not in known:
            raise CatalogError(
                "--map",
                [
                    CatalogProblem(
                        0,
                        "",
                        target,
                        f'--map: "{target.strip()}" is not a catalog '
                        f"field; fields: {', '.join(c.name for c in COLUMNS)}",
                    )
                ],
            )
        mapping[source.strip()] = target.strip()
    return mapping


def _strip_neutraliser(text: str) -> str:
    if text.startswith("'") and text[1:2] in _FORMULA_STARTS:
        return text[1:]
    return text


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())[:10]
    return _strip_neutraliser(str(value))


def _read_rows(path: Path) -> list[list[str]]:
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise CatalogError(
            str(path), [CatalogProblem(0, "", suffix, "the catalog must be a .csv or .xlsx file")]
        )
    try:
        if suffix == ".csv":
            text = path.read_text(encoding="utf-8-sig")
            return [[_strip_neutraliser(c) for c in row] for row in csv.reader(io.StringIO(text))]
        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = [[_cell_text(c) for c in row] for row in sheet.iter_rows(values_only=True)]
        book.close()
        return rows
    except FileNotFoundError:
        raise CatalogError(str(path), [CatalogProblem(0, "", "", "file not found")]) from None
    except UnicodeDecodeError:
        raise CatalogError(
            str(path), [CatalogProblem(0, "", "", "not UTF-8 text; save the sheet as CSV UTF-8")]
        ) from None
    except (OSError, ValueError, KeyError, BadZipFile, InvalidFileException) as exc:
        # what openpyxl raises for a file that is not a workbook
        raise CatalogError(
            str(path),
            [CatalogProblem(0, "", "", f"cannot read the file ({exc.__class__.__name__})")],
        ) from None


def _header(
    raw: list[str], mapping: Mapping[str, str] | None
) -> tuple[dict[int, str], list[CatalogProblem]]:
    """Column index -> field name, and header problems."""
    problems: list[CatalogProblem] = []
    known = set(all_column_names())
    fields: dict[int, str] = {}
    for i, name in enumerate(raw):
        name = name.strip()
        if not name:
            continue
        if mapping is not None:
            if name in mapping:
                fields[i] = mapping[name]
            continue
        if name not in known:
            problems.append(
                CatalogProblem(
                    1,
                    name,
                    name,
                    "a known column: "
                    + ", ".join(c.name for c in COLUMNS)
                    + " (each may have _source and _verified companions)",
                )
            )
            continue
        fields[i] = name
    present = set(fields.values())
    for column in COLUMNS:
        if column.required and column.name not in present:
            hint = (
                f"map a column to {column.name}: {column.help}"
                if mapping is not None
                else f"a column named {column.name} ({column.help})"
            )
            problems.append(CatalogProblem(1, column.name, "(missing)", hint))
    return fields, problems


def _parse_row(
    number: int, cells: list[str], fields: Mapping[int, str]
) -> tuple[Program | None, list[CatalogProblem]]:
    values: dict[str, Any] = {}
    sources: dict[str, dict[str, Any]] = {}
    problems: list[CatalogProblem] = []
    for i, field in fields.items():
        text = cells[i] if i < len(cells) else ""
        base, _, kind = field.rpartition("_")
        if field.endswith(("_source", "_verified")) and base in FIELDS_WITH_SOURCES:
            if not text.strip():
                continue
            try:
                value: Any = parse_date(text) if kind == "verified" else text.strip()
            except ValueError as exc:
                problems.append(CatalogProblem(number, field, text, str(exc)))
                continue
            sources.setdefault(base, {})["verified" if kind == "verified" else "source"] = value
            continue
        column = BY_NAME[field]
        if is_unknown(text):
            if column.required:
                problems.append(CatalogProblem(number, field, text, f"a value ({column.help})"))
            continue
        try:
            values[field] = column.parse(text)
        except ValueError as exc:
            problems.append(CatalogProblem(number, field, text, str(exc)))
    if problems:
        return None, problems
    values["sources"] = {k: FieldSource(**v) for k, v in sources.items()}
    try:
        return Program.model_validate(values), []
    except ValidationError as exc:
        for err in exc.errors():
            field = str(err["loc"][0]) if err["loc"] else ""
            problems.append(CatalogProblem(number, field, str(values.get(field, "")), err["msg"]))
        return None, problems


def read_catalog(
    path: Path, *, mapping: Mapping[str, str] | None = None, skip_bad_rows: bool = False
) -> CatalogRead:
    """Validate and read a whole catalog file; raises CatalogError listing every problem."""
    rows = _read_rows(path)
    while rows and not any(c.strip() for c in rows[-1]):
        rows.pop()
    if not rows:
        raise CatalogError(str(path), [CatalogProblem(0, "", "", "the file is empty")])
    fields, header_problems = _header(rows[0], mapping)
    if header_problems:
        raise CatalogError(str(path), header_problems)
    programs: list[tuple[int, Program]] = []
    problems: list[CatalogProblem] = []
    code_column = next((i for i, f in fields.items() if f == "code"), None)
    codes: list[tuple[int, str]] = []
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        program, row_problems = _parse_row(number, cells, fields)
        problems += row_problems
        if program is not None:
            programs.append((number, program))
        if code_column is not None and code_column < len(cells) and cells[code_column].strip():
            codes.append((number, cells[code_column].strip()))
    problems += _duplicates(codes)
    if not programs and not problems:
        raise CatalogError(str(path), [CatalogProblem(0, "", "", "the catalog has no programs")])
    if problems and not skip_bad_rows:
        raise CatalogError(str(path), problems)
    bad_rows = {p.row for p in problems}
    kept = tuple(p for n, p in programs if n not in bad_rows)
    if not kept:
        raise CatalogError(str(path), [*problems, CatalogProblem(0, "", "", "no valid rows left")])
    return CatalogRead(programs=kept, problems=tuple(problems))


def _duplicates(codes: Sequence[tuple[int, str]]) -> list[CatalogProblem]:
    first: dict[str, int] = {}
    problems: list[CatalogProblem] = []
    for number, code in codes:
        if code in first:
            problems.append(
                CatalogProblem(
                    number,
                    "code",
                    code,
                    f"a unique code; row {first[code]} has it too",
                )
            )
        else:
            first[code] = number
    return problems


def _neutralise(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def program_row(program: Program) -> list[str]:
    """One program as cells in the order of :func:`all_column_names`."""
    cells = [format_value(getattr(program, c.name)) for c in COLUMNS]
    for field in FIELDS_WITH_SOURCES:
        src = program.sources.get(field)
        cells.append(src.source or "" if src else "")
        cells.append(src.verified.isoformat() if src and src.verified else "")
    return [_neutralise(c) for c in cells]


def write_catalog(programs: Sequence[Program], path: Path) -> None:
    """Write a catalog that :func:`read_catalog` reads back unchanged (.csv or .xlsx)."""
    header = list(all_column_names())
    rows = [program_row(p) for p in programs]
    if path.suffix.lower() == ".csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    elif path.suffix.lower() == ".xlsx":
        book = Workbook()
        sheet = book.active
        assert sheet is not None  # a new workbook always has one sheet
        sheet.title = "Programs"
        sheet.append(header)
        for row in rows:
            sheet.append(row)
        book.save(path)
    else:
        raise ValueError(f"{path}: a catalog is written as .csv or .xlsx")


@lru_cache(maxsize=1)
def load_demo_catalog() -> tuple[Program, ...]:
    """The DEMO catalog shipped with the package (synthetic; never real program data)."""
    resource = resources.files("matchwise.data") / "demo_catalog.csv"
    with resources.as_file(resource) as path:
        return read_catalog(Path(path)).programs
