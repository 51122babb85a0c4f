"""The chart of P(match) against applications and dollars: one Vega-Lite definition, rendered in
the web page as a spec and to PNG/SVG for the CLI (offline, by vl-convert).

>>> point = CurvePoint(1, 11.0, 0.1, 0.05, 0.2, expected_interviews=0.5)
>>> spec = curve_chart_spec([point], title="t", diminishing_at=None)
>>> spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
True
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert as vlc

from matchwise.engine.result import CurvePoint

CHART_SUFFIXES = (".png", ".svg", ".json")
_BLUE = "#2563eb"
_RULE = "#b45309"


def _panel(data: alt.InlineData, x: str, title: str, rule: float | None) -> alt.LayerChart:
    base = alt.Chart(data).encode(x=alt.X(f"{x}:Q", title=title))
    band = base.mark_area(opacity=0.2, color=_BLUE).encode(
        y=alt.Y(
            "p_low:Q", title="P(match)", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1])
        ),
        y2="p_high:Q",
    )
    line = base.mark_line(color=_BLUE, strokeWidth=2).encode(
        y="p_match:Q",
        tooltip=[
            alt.Tooltip("applications:Q", title="applications"),
            alt.Tooltip("dollars:Q", title="ERAS fees ($)", format=",.0f"),
            alt.Tooltip("p_match:Q", title="P(match)", format=".1%"),
            alt.Tooltip("p_low:Q", title="90% interval from", format=".1%"),
            alt.Tooltip("p_high:Q", title="to", format=".1%"),
        ],
    )
    layers: list[alt.Chart] = [band, line]
    if rule is not None:
        layers.append(
            alt.Chart(alt.InlineData(values=[{x: rule}]))
            .mark_rule(color=_RULE, strokeDash=[4, 3])
            .encode(x=f"{x}:Q")
        )
    return alt.LayerChart(layer=layers).properties(width=300, height=220)


def curve_chart_spec(
    points: Sequence[CurvePoint], *, title: str, diminishing_at: int | None
) -> dict[str, Any]:
    """A Vega-Lite spec: P(match) with its 90% band against applications and against dollars;
    a dashed rule marks the point of diminishing returns."""
    rows = [asdict(p) for p in points]
    data = alt.InlineData(values=rows)
    at = next((p for p in points if p.applications == diminishing_at), None)
    chart = alt.hconcat(
        _panel(data, "applications", "Applications", float(at.applications) if at else None),
        _panel(data, "dollars", "ERAS fees (US$)", at.dollars if at else None),
    ).properties(title=alt.Title(title, subtitle="dashed line: diminishing returns" if at else ""))
    spec: dict[str, Any] = chart.to_dict()
    return spec


def write_chart(spec: dict[str, Any], path: Path) -> None:
    """Render ``spec`` to .png, .svg or .json (by suffix), without network access."""
    suffix = path.suffix.lower()
    if suffix == ".json":
        path.write_text(json.dumps(spec, indent=1), encoding="utf-8")
    elif suffix == ".svg":
        path.write_text(vlc.vegalite_to_svg(spec), encoding="utf-8")
    elif suffix == ".png":
        path.write_bytes(vlc.vegalite_to_png(spec, scale=2))
    else:
        raise ValueError(f"{path}: a chart is written as {', '.join(CHART_SUFFIXES)}")
