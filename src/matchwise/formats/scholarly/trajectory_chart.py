"""The "IR story" chart: research items per quarter, stacked, IR-related in one hue and the rest
in another, finished work solid and work in progress faded. One Vega-Lite definition for the web
page and for files (rendered offline by vl-convert, as ``formats.chart`` does).

``write_chart(trajectory_spec(trajectory(outputs)), Path("ir-story.svg"))``

>>> from matchwise.engine.scholarly.portfolio import QuarterPoint, StatusGroup, period_order
>>> spec = trajectory_spec([QuarterPoint(2026, 1, StatusGroup.DONE, True, 2)])
>>> spec["datasets"]["trajectory"][0]["period"], spec["mark"]["type"]
('2026 Q1', 'bar')
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from typing import Any

import altair as alt

# The chart takes the engine's points as they are; re-exported so that callers need one module.
from matchwise.engine.scholarly.portfolio import QuarterPoint, StatusGroup, period_order
from matchwise.formats.chart import write_chart

__all__ = ["QuarterPoint", "trajectory_rows", "trajectory_spec", "write_chart"]

_DATASET = "trajectory"
_IR, _NOT_IR = "IR", "not IR"
_TOPIC_COLOURS = {_IR: "#2563eb", _NOT_IR: "#9ca3af"}  # the project's blue; a neutral grey
_OPACITY = {StatusGroup.DONE.value: 1.0, StatusGroup.IN_PROGRESS.value: 0.4}


def _period_key(point: QuarterPoint) -> tuple[int, int, int]:
    return period_order((point.year, point.quarter))


def trajectory_rows(points: Sequence[QuarterPoint]) -> list[dict[str, Any]]:
    """The chart's rows: period label, its place on the axis, topic, status and count."""
    order = {key: i for i, key in enumerate(sorted({_period_key(p) for p in points}))}
    return [
        {
            "period": p.label,
            "order": order[_period_key(p)],
            "topic": _IR if p.ir else _NOT_IR,
            "status": p.group.value,
            # done at the bottom of each bar, IR below not IR
            "stack": (p.group is not StatusGroup.DONE) * 2 + (not p.ir),
            "count": p.count,
        }
        for p in points
    ]


def trajectory_spec(
    points: Sequence[QuarterPoint], *, title: str = "Research output by quarter"
) -> dict[str, Any]:
    """A Vega-Lite stacked bar chart (a dict) of ``points`` (from ``portfolio.trajectory``)."""
    spec: dict[str, Any] = json.loads(_layout(title))
    spec.setdefault("datasets", {})[_DATASET] = trajectory_rows(points)
    return spec


@functools.lru_cache(maxsize=16)
def _layout(title: str) -> str:
    """The chart without its rows, as JSON: built once (Altair is slow to build), the rows are
    added as the named dataset it refers to. Not validated here: a test validates it."""
    chart = (
        alt.Chart(alt.NamedData(name=_DATASET))
        .mark_bar()
        .encode(
            x=alt.X(
                "period:O",
                title="Quarter (when each item reached its current status)",
                sort=alt.EncodingSortField(field="order", op="min"),
                axis=alt.Axis(labelAngle=0),
            ),
            y=alt.Y("sum(count):Q", title="Items", axis=alt.Axis(format="d", tickMinStep=1)),
            color=alt.Color(
                "topic:N",
                title="Topic",
                scale=alt.Scale(domain=list(_TOPIC_COLOURS), range=list(_TOPIC_COLOURS.values())),
            ),
            opacity=alt.Opacity(
                "status:N",
                title="Status",
                scale=alt.Scale(domain=list(_OPACITY), range=list(_OPACITY.values())),
            ),
            order=alt.Order("stack:Q", sort="ascending"),
            tooltip=[
                alt.Tooltip("period:O", title="quarter"),
                alt.Tooltip("topic:N", title="topic"),
                alt.Tooltip("status:N", title="status"),
                alt.Tooltip("sum(count):Q", title="items"),
            ],
        )
        .properties(
            width=420,
            height=220,
            title=alt.Title(
                title,
                subtitle="blue: IR-related; grey: other; solid: done; faded: in progress",
                anchor="start",
            ),
        )
        .configure_axis(labelFontSize=11, titleFontSize=12, gridColor="#e5e7eb")
        .configure_view(stroke=None)
    )
    return json.dumps(chart.to_dict(validate=False))
