"""The validation chart: DR P(match) by contiguous ranks, by applicant type, as the model has it
(with its 90% band over parameter draws) beside the points NRMP has published.

One Vega-Lite definition, drawn as SVG on the "How good are these numbers?" page and written
beside the model card by ``matchwise calibrate``.

>>> spec = ranks_chart_spec([{"applicant_type": "us_md_senior", "ranks": 1, "p_match": 0.5,
...                           "low": 0.4, "high": 0.6}], [])
>>> spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import altair as alt

from matchwise.engine.pick.profile import APPLICANT_TYPE_LABELS, ApplicantType

_COLORS = {"US MD senior": "#2563eb", "US-citizen IMG": "#b45309", "non-US IMG": "#7c3aed"}


def ranks_chart_spec(
    curve: Sequence[Mapping[str, Any]], published: Sequence[Mapping[str, Any]]
) -> dict[str, Any]:
    """``curve``: rows of applicant_type, ranks, p_match, low, high (the model);
    ``published``: rows of applicant_type, ranks, p_match, label (what NRMP published)."""
    rows = [{**r, "type": APPLICANT_TYPE_LABELS[ApplicantType(r["applicant_type"])]} for r in curve]
    points = [
        {**r, "type": APPLICANT_TYPE_LABELS[ApplicantType(r["applicant_type"])]} for r in published
    ]
    color = alt.Color(
        "type:N",
        title="Applicant type",
        scale=alt.Scale(domain=list(_COLORS), range=list(_COLORS.values())),
    )
    x = alt.X("ranks:Q", title="Contiguous ranks (programs that interviewed you, ranked)",
              axis=alt.Axis(format="d"))  # fmt: skip
    percent = alt.Axis(format="%", tickCount=5)
    model = alt.Chart(alt.NamedData(name="model"))
    band = model.mark_area(opacity=0.15).encode(
        x=x, y=alt.Y("low:Q", title="P(match in DR)", axis=percent,
                     scale=alt.Scale(domain=[0, 1])), y2="high:Q", color=color)  # fmt: skip
    line = model.mark_line(strokeWidth=2.5).encode(
        x=x,
        y="p_match:Q",
        color=color,
        tooltip=[
            alt.Tooltip("type:N", title="type"),
            alt.Tooltip("ranks:Q", title="ranks"),
            alt.Tooltip("p_match:Q", title="model", format=".1%"),
            alt.Tooltip("low:Q", title="90% interval from", format=".1%"),
            alt.Tooltip("high:Q", title="to", format=".1%"),
        ],
    )
    layers: list[alt.Chart] = [band, line]
    if points:
        dots = alt.Chart(alt.NamedData(name="published"))
        layers.append(
            dots.mark_point(shape="diamond", size=140, filled=True, stroke="black").encode(
                x=x,
                y="p_match:Q",
                color=color,
                tooltip=[alt.Tooltip("label:N", title="published")],
            )
        )
        layers.append(
            dots.mark_text(align="left", dx=8, dy=-8, fontSize=11).encode(
                x=x, y="p_match:Q", text="label:N"
            )
        )
    chart = (
        alt.layer(*layers)
        .properties(
            width=460,
            height=260,
            title=alt.Title(
                "DR: P(match) by contiguous ranks, model beside NRMP",
                subtitle="lines: model; shaded: 90% interval over parameter draws; "
                "diamonds: published (NRMP Charting Outcomes)",
                anchor="start",
            ),
        )
        .configure_axis(labelFontSize=11, titleFontSize=12, gridColor="#e5e7eb")
        .configure_view(stroke=None)
    )
    spec: dict[str, Any] = chart.to_dict(validate=False)
    spec["datasets"] = {"model": rows, "published": points}
    return spec
