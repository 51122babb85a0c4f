"""The Market page's charts, drawn on the server as SVG from Vega-Lite (vl-convert: offline, no
script in the page), as the other pages' charts are.

Both take a stored result (:func:`matchwise.market.simulation.result_to_dict`), so a finished
simulation is drawn the same way every time it is opened.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from matchwise.engine.market.rankcurve import ENTRANT_PREFIX
from matchwise.engine.market.simulator import MAX_RANKS_SHOWN
from matchwise.formats.chart import svg_text

_COLOURS = ["#2563eb", "#b45309"]  # baseline: the project's blue; the change: amber
_PANEL = {"width": 360, "height": 220}
TYPE_LABELS = {
    "us_md_senior": "US MD senior",
    "us_do_senior": "US DO senior",
    "us_img": "US-citizen IMG",
    "non_us_img": "non-US IMG",
}


def _scale(result: dict[str, Any]) -> alt.Scale:
    names = [s["name"] for s in result["scenarios"]]
    return alt.Scale(domain=names, range=_COLOURS[: len(names)])


def _rows(result: dict[str, Any], field: str, keys: dict[Any, str]) -> list[dict[str, Any]]:
    """One row per scenario and defined figure: ``{field: x, scenario, p, low, high}`` for each
    ``x`` of ``keys`` (x -> the figure's name)."""
    rows = []
    for s in result["scenarios"]:
        for x, key in keys.items():
            figure = s["figures"][key]
            if figure["mean"] is not None:
                rows.append(
                    {field: x, "scenario": s["name"], "p": figure["mean"],
                     "low": figure["low"], "high": figure["high"]}
                )  # fmt: skip
    return rows


def ranks_rows(result: dict[str, Any], *, you: bool = False) -> list[dict[str, Any]]:
    """P(match) by contiguous ranks (``you``: the user's own, put in the market)."""
    prefix = ENTRANT_PREFIX if you else "p_match_by_ranks."
    return _rows(result, "ranks", {r: f"{prefix}{r}" for r in range(1, MAX_RANKS_SHOWN + 1)})


def ranks_spec(result: dict[str, Any], *, you: bool = False) -> dict[str, Any]:
    data = alt.InlineData(values=ranks_rows(result, you=you))
    colour = alt.Color("scenario:N", scale=_scale(result), title=None,
                       legend=alt.Legend(orient="bottom"))  # fmt: skip
    axis = "Your ranks" if you else f"Contiguous ranks (= interviews; {MAX_RANKS_SHOWN} = or more)"
    x = alt.X("ranks:Q", title=axis, scale=alt.Scale(domain=[1, MAX_RANKS_SHOWN]))
    y = alt.Y("p:Q", title="P(match)", axis=alt.Axis(format="%"), scale=alt.Scale(domain=[0, 1]))
    base = alt.Chart(data).encode(x=x)
    band = base.mark_area(opacity=0.15).encode(
        y=alt.Y("low:Q", scale=alt.Scale(domain=[0, 1])),
        y2="high:Q",
        color=alt.Color("scenario:N", scale=_scale(result), legend=None),
    )
    line = base.mark_line(point=True).encode(
        y=y, color=colour, tooltip=[alt.Tooltip("p:Q", format=".1%", title="P(match)"), "ranks:Q"]
    )
    title = "Your P(match) by number of ranks" if you else "P(match) by number of contiguous ranks"
    chart = alt.LayerChart(layer=[band, line]).properties(title=title, **_PANEL)
    out: dict[str, Any] = chart.to_dict(validate=False)
    return out


def match_rate_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    return _rows(result, "type", {label: f"match_rate.{k}" for k, label in TYPE_LABELS.items()})


def match_rate_spec(result: dict[str, Any]) -> dict[str, Any]:
    data = alt.InlineData(values=match_rate_rows(result))
    colour = alt.Color("scenario:N", scale=_scale(result), title=None,
                       legend=alt.Legend(orient="bottom"))  # fmt: skip
    x = alt.X("type:N", title=None, sort=list(TYPE_LABELS.values()), axis=alt.Axis(labelAngle=0))
    y = alt.Y("p:Q", title="Match rate", axis=alt.Axis(format="%"),
              scale=alt.Scale(domain=[0, 1]))  # fmt: skip
    names = [s["name"] for s in result["scenarios"]]
    base = alt.Chart(data).encode(x=x, xOffset=alt.XOffset("scenario:N", sort=names))
    bars = base.mark_bar().encode(
        y=y, color=colour, tooltip=[alt.Tooltip("p:Q", format=".1%", title="match rate"), "type:N"]
    )
    whiskers = base.mark_rule(color="#111827").encode(y="low:Q", y2="high:Q")
    chart = alt.LayerChart(layer=[bars, whiskers]).properties(
        title="Match rate by applicant type", **_PANEL
    )
    out: dict[str, Any] = chart.to_dict(validate=False)
    return out


def svg(spec: dict[str, Any]) -> str:
    return svg_text(spec)
