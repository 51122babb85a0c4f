"""The chart of P(match) against applications and dollars: one Vega-Lite definition, shown in the
web page and rendered to PNG/SVG for the CLI (offline, by vl-convert: no CDN, no network).

``write_chart(curve_chart_spec(result.curve, title="P(match)", diminishing_at=22), path)``

>>> point = CurvePoint(1, 11.0, 0.1, 0.05, 0.2, expected_interviews=0.5)
>>> spec = curve_chart_spec([point], title="t", diminishing_at=None)
>>> spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
True
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert as vlc

# The chart takes the engine's curve as it is (one CurvePoint in the code base, not a copy that
# must be kept in step); it is re-exported so that callers of the chart need only this module.
from matchwise.engine.pick.result import CurvePoint

__all__ = ["CHART_SUFFIXES", "CurvePoint", "curve_chart_spec", "write_chart"]

CHART_SUFFIXES = (".png", ".svg", ".json")
_BLUE = "#2563eb"  # the estimate and its band: one hue, the band lighter
_AMBER = "#b45309"  # the diminishing-returns rule: a contrasting hue that is not "bad" red
_PANEL = {"width": 320, "height": 220}
_DATASET = "curve"


def _tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("applications:Q", title="applications"),
        alt.Tooltip("dollars:Q", title="ERAS fees (US$)", format="$,.0f"),
        alt.Tooltip("p_match:Q", title="P(match)", format=".1%"),
        alt.Tooltip("p_low:Q", title="90% interval from", format=".1%"),
        alt.Tooltip("p_high:Q", title="to", format=".1%"),
        alt.Tooltip("expected_interviews:Q", title="expected interviews", format=".1f"),
    ]


def _panel(
    data: alt.NamedData, field: str, x: alt.X, rule: tuple[float, str] | None
) -> alt.LayerChart:
    """P(match) and its 90% band against ``field``; a dashed, labelled rule at ``rule``."""
    base = alt.Chart(data).encode(x=x)
    percent = alt.Axis(format="%", tickCount=5)  # P as percent, always the full 0-100% range
    band = base.mark_area(opacity=0.18, color=_BLUE).encode(
        y=alt.Y("p_low:Q", title="P(match)", axis=percent, scale=alt.Scale(domain=[0, 1])),
        y2="p_high:Q",
    )
    line = base.mark_line(color=_BLUE, strokeWidth=2.5).encode(y="p_match:Q", tooltip=_tooltip())
    layers: list[alt.Chart] = [band, line]
    if rule is not None:
        at, label = rule
        # the same field name as the curve's, so the layers share one axis and its title
        marker = alt.Chart(alt.InlineData(values=[{field: at, "label": label}])).encode(
            x=alt.X(f"{field}:Q")
        )
        layers.append(marker.mark_rule(color=_AMBER, strokeDash=[5, 3], strokeWidth=1.5))
        # the label sits low beside the rule, where the curve has usually climbed away
        text = marker.mark_text(color=_AMBER, align="left", dx=4, baseline="bottom", fontSize=11)
        layers.append(text.encode(text="label:N", y=alt.datum(0.03)))
    return alt.LayerChart(layer=layers).properties(**_PANEL)


def _dollars_at(points: Sequence[CurvePoint], applications: float) -> float | None:
    """Fees at ``applications``, interpolated linearly between the points around it."""
    ordered = sorted(points, key=lambda p: p.applications)
    for lower, upper in itertools.pairwise(ordered):
        if lower.applications <= applications <= upper.applications:
            span = upper.applications - lower.applications
            share = (applications - lower.applications) / span if span else 0.0
            return lower.dollars + share * (upper.dollars - lower.dollars)
    exact = [p.dollars for p in ordered if p.applications == applications]
    return exact[0] if exact else None


def curve_chart_spec(
    points: Sequence[CurvePoint], *, title: str, diminishing_at: int | None
) -> dict[str, Any]:
    """A Vega-Lite spec (a dict): P(match) with its 90% band against the number of applications
    and against ERAS fees in US dollars, side by side; a dashed rule marks the point of
    diminishing returns when ``diminishing_at`` (a number of applications) is given."""
    count_rule = dollar_rule = None
    subtitle = "line: estimate; shaded: 90% interval"
    if diminishing_at is not None:
        count_rule = (float(diminishing_at), f"{diminishing_at} applications")
        dollars = _dollars_at(points, diminishing_at)
        if dollars is not None:
            dollar_rule = (dollars, f"${dollars:,.0f}")
        subtitle += f"; dashed: diminishing returns after {diminishing_at} applications"
    spec: dict[str, Any] = json.loads(_layout(title, subtitle, count_rule, dollar_rule))
    spec.setdefault("datasets", {})[_DATASET] = [asdict(p) for p in points]
    return spec


@functools.lru_cache(maxsize=128)
def _layout(
    title: str,
    subtitle: str,
    count_rule: tuple[float, str] | None,
    dollar_rule: tuple[float, str] | None,
) -> str:
    """The chart without its rows, as JSON. Building it with Altair costs ~0.1 s (deep copies
    of its schema objects), and the Pick page recomputes on every slider move, so a layout is
    built once; the curve's rows are added as the named dataset that the layout refers to."""
    data = alt.NamedData(name=_DATASET)
    by_count = alt.X("applications:Q", title="Applications (programs)", axis=alt.Axis(format="d"))
    by_dollars = alt.X("dollars:Q", title="ERAS fees (US$)", axis=alt.Axis(format="$,.0f"))
    chart = (
        alt.hconcat(
            _panel(data, "applications", by_count, count_rule),
            _panel(data, "dollars", by_dollars, dollar_rule),
        )
        .properties(title=alt.Title(title, subtitle=subtitle, anchor="start"))
        .configure_axis(labelFontSize=11, titleFontSize=12, gridColor="#e5e7eb")
        .configure_view(stroke=None)
    )
    # Not validated here (another ~0.1 s): a test validates it against the Vega-Lite schema.
    return json.dumps(chart.to_dict(validate=False))


def svg_text(spec: dict[str, Any]) -> str:
    """``spec`` drawn as SVG text, offline; each distinct chart is drawn once (pages draw the
    same charts again and again, and drawing one takes tens of milliseconds)."""
    return _svg(json.dumps(spec, sort_keys=True, default=str))


@functools.lru_cache(maxsize=128)
def _svg(spec: str) -> str:
    svg: str = vlc.vegalite_to_svg(json.loads(spec))
    return svg


def write_chart(spec: dict[str, Any], path: Path) -> None:
    """Render ``spec`` to .png, .svg or .json (by suffix), without network access."""
    suffix = path.suffix.lower()
    if suffix not in CHART_SUFFIXES:
        accepted = ", ".join(CHART_SUFFIXES)
        raise ValueError(f"{path}: a chart is written as {accepted}, not {suffix or 'no suffix'}")
    if suffix == ".json":
        path.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    elif suffix == ".svg":
        path.write_text(vlc.vegalite_to_svg(spec), encoding="utf-8")
    else:
        path.write_bytes(vlc.vegalite_to_png(spec, scale=2))  # scale 2: sharp on a laptop screen
