"""Catalog services: check a file, import a user's spreadsheet, export the DEMO catalog."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from matchwise.engine.pick.program import Program
from matchwise.formats.pick.catalog import load_demo_catalog, read_catalog, write_catalog
from matchwise.pick.options import OptionError, parse_mapping


def _counts(programs: Sequence[Program]) -> str:
    by = Counter(p.specialty.value for p in programs)
    return ", ".join(f"{n} × {code}" for code, n in sorted(by.items()))


def check_catalog(path: Path, *, mapping: str | None = None) -> str:
    """Validate the whole file; raises CatalogError listing every problem."""
    result = read_catalog(path, mapping=parse_mapping(mapping) if mapping else None)
    return f"{path}: {len(result.programs)} programs, all valid ({_counts(result.programs)})."


def import_catalog(
    source: Path, output: Path, *, mapping: str | None = None, skip_bad_rows: bool = False
) -> str:
    """Validate ``source`` and write it as a MatchWise catalog; nothing is written on error."""
    if output.suffix.lower() not in (".csv", ".xlsx"):
        raise OptionError(f"--out: {output} must end in .csv or .xlsx")
    result = read_catalog(
        source, mapping=parse_mapping(mapping) if mapping else None, skip_bad_rows=skip_bad_rows
    )
    write_catalog(result.programs, output)
    lines = [f"Wrote {len(result.programs)} programs to {output} ({_counts(result.programs)})."]
    if result.problems:
        lines.append(f"Skipped {len(result.problems)} problem(s), as asked:")
        lines += [f"  {p}" for p in result.problems]
    return "\n".join(lines)


def export_demo(output: Path) -> str:
    programs = load_demo_catalog()
    write_catalog(programs, output)
    return f"Wrote the DEMO catalog ({len(programs)} synthetic programs) to {output}."
