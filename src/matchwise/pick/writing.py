"""Writing a pick's results where the user asked: a table, JSON, CSV, XLSX, and the chart."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.console import Console

from matchwise.engine.pick.result import Recommendation
from matchwise.formats.chart import curve_chart_spec, write_chart
from matchwise.formats.pick.results import (
    result_to_csv,
    result_to_dict,
    result_to_json,
    write_result,
)
from matchwise.pick.options import OptionError

FORMATS = ("table", "json", "csv", "xlsx")


def chart_spec(result: Recommendation) -> dict[str, Any]:
    """The one chart definition (Vega-Lite) of P(match) against applications and dollars."""
    return curve_chart_spec(
        result.curve,
        title="P(match) as the list grows (90% interval)",
        diminishing_at=result.diminishing_returns_at,
    )


def write_outputs(
    result: Recommendation,
    *,
    fmt: str,
    output: Path | None,
    chart: Path | None,
    console: Console,
    render: Callable[[Console, Recommendation], None],
) -> None:
    """Print or write ``result`` in ``fmt``; write the chart if asked."""
    if fmt not in FORMATS:
        raise OptionError(f"--format: {fmt!r} is not one of {', '.join(FORMATS)}")
    if chart is not None and chart.suffix.lower() not in (".png", ".svg", ".json"):
        raise OptionError(f"--chart: {chart} must end in .png, .svg or .json")
    if fmt == "table":
        render(console, result)
    elif fmt == "xlsx":
        if output is None:
            raise OptionError("--format xlsx needs --out FILE.xlsx")
        write_result(result, output.with_suffix(".xlsx"))
    elif output is not None:
        write_result(result, output.with_suffix(f".{fmt}"))
    else:
        sys.stdout.write(result_to_json(result) if fmt == "json" else result_to_csv(result))
    if chart is not None:
        write_chart(chart_spec(result), chart)
        if fmt == "table":
            console.print(f"Chart written to {chart}.")


def whatif_to_dict(whatif: Any) -> dict[str, Any]:
    """Before, after and the difference of a what-if, as JSON-ready data."""
    before, after = whatif.before, whatif.after
    return {
        "change": whatif.change,
        "p_match": {
            "before": before.p_match,
            "after": after.p_match,
            "difference": after.p_match - before.p_match,
        },
        "p_match_ir": {"before": before.p_match_ir, "after": after.p_match_ir},
        "expected_interviews": {
            "before": before.expected_interviews,
            "after": after.expected_interviews,
        },
        "before": result_to_dict(before),
        "after": result_to_dict(after),
    }
