"""The roadmap's timeline: one bar per milestone (from when work starts to when it is due),
coloured by category, late ones outlined in red, done ones faded, and the cycle's dates as
vertical rules (dashed when estimated). One Vega-Lite definition for the page and for files.

>>> from datetime import date
>>> row = TimelineBar("Submit ERAS", "application", date(2027, 8, 1), date(2027, 9, 1),
...                   late=False, done=False)
>>> spec = timeline_spec([row], [TimelineDate("Match Day", date(2028, 3, 17), estimated=True)])
>>> [layer["mark"]["type"] for layer in spec["layer"]]
['bar', 'rule', 'text']
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

__all__ = ["TimelineBar", "TimelineDate", "timeline_spec"]

_COLOURS = {  # one hue per category, readable on white
    "exams": "#7c3aed",
    "network": "#2563eb",
    "research": "#059669",
    "clinical": "#d97706",
    "application": "#db2777",
    "interviews": "#0891b2",
}
_LATE = "#dc2626"


@dataclass(frozen=True)
class TimelineBar:
    title: str
    category: str
    start: date
    due: date
    late: bool
    done: bool


@dataclass(frozen=True)
class TimelineDate:
    label: str
    on: date
    estimated: bool


def timeline_spec(
    bars: Sequence[TimelineBar], dates: Sequence[TimelineDate], *, today: date | None = None
) -> dict[str, Any]:
    """A Gantt-like Vega-Lite chart (a dict). ``today``: drawn as a solid rule when given."""
    rows = [
        {
            "title": b.title if len(b.title) <= 60 else b.title[:57] + "...",
            "category": b.category,
            "start": b.start.isoformat(),
            "due": b.due.isoformat(),
            "state": "late" if b.late else ("done" if b.done else "open"),
            "order": i,
        }
        for i, b in enumerate(bars)
    ]
    marks = [
        {"label": d.label + (" (est.)" if d.estimated else ""), "on": d.on.isoformat(),
         "dash": "estimated" if d.estimated else "published"}
        for d in dates
    ]  # fmt: skip
    if today is not None:
        marks.append({"label": "today", "on": today.isoformat(), "dash": "today"})
    height = max(120, 18 * len(rows))
    axis = {"format": "%b %Y", "labelAngle": 0, "tickCount": "month"}
    x = {"type": "temporal", "title": None, "axis": axis}
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 720,
        "height": height,
        "title": "Roadmap timeline",
        "layer": [
            {
                "data": {"values": rows},
                "mark": {"type": "bar", "cornerRadius": 2, "strokeWidth": 2},
                "encoding": {
                    "y": {"field": "title", "type": "nominal", "title": None,
                          "sort": {"field": "order"}, "axis": {"labelLimit": 360}},
                    "x": {"field": "start", **x},
                    "x2": {"field": "due"},
                    "color": {"field": "category", "type": "nominal", "title": "Category",
                              "scale": {"domain": list(_COLOURS),
                                        "range": list(_COLOURS.values())}},
                    "opacity": {"condition": {"test": "datum.state === 'done'", "value": 0.35},
                                "value": 0.9},
                    "stroke": {"condition": {"test": "datum.state === 'late'", "value": _LATE},
                               "value": None},
                    "tooltip": [{"field": "title"}, {"field": "start", "type": "temporal"},
                                {"field": "due", "type": "temporal"}, {"field": "state"}],
                },
            },
            {
                "data": {"values": marks},
                "mark": {"type": "rule", "color": "#374151"},
                "encoding": {
                    "x": {"field": "on", **x},
                    "strokeDash": {"field": "dash", "type": "nominal", "legend": None,
                                   "scale": {"domain": ["published", "estimated", "today"],
                                             "range": [[1, 0], [4, 3], [1, 0]]}},
                    "size": {"condition": {"test": "datum.dash === 'today'", "value": 2},
                             "value": 1},
                },
            },
            {
                "data": {"values": marks},
                "mark": {"type": "text", "angle": 270, "align": "left", "dx": 4, "dy": -4,
                         "fontSize": 10, "color": "#374151"},
                "encoding": {
                    "x": {"field": "on", **x},
                    "y": {"value": height},
                    "text": {"field": "label"},
                },
            },
        ],
    }  # fmt: skip
