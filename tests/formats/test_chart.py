"""One chart definition, rendered to PNG, SVG and JSON without a network."""

import json
from xml.etree import ElementTree

import altair as alt
import pytest

from matchwise.engine.result import CurvePoint
from matchwise.formats.chart import curve_chart_spec, write_chart

POINTS = [
    CurvePoint(n, 11.0 * n, 1 - 0.9**n, 1 - 0.93**n, 1 - 0.85**n, 0.3 * n) for n in range(1, 41)
]


def test_the_spec_is_valid_vega_lite_with_the_rule_when_asked():
    spec = curve_chart_spec(POINTS, title="P(match)", diminishing_at=12)
    alt.HConcatChart.from_dict(spec)  # validates against the Vega-Lite schema
    text = json.dumps(spec)
    assert '"rule"' in text
    assert '"applications": 12.0' in text
    plain = curve_chart_spec(POINTS, title="P(match)", diminishing_at=None)
    assert '"rule"' not in json.dumps(plain)


def test_png_svg_and_json(tmp_path):
    spec = curve_chart_spec(POINTS, title="P(match)", diminishing_at=12)
    write_chart(spec, tmp_path / "c.png")
    assert (tmp_path / "c.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    write_chart(spec, tmp_path / "c.svg")
    svg = (tmp_path / "c.svg").read_text(encoding="utf-8")
    ElementTree.fromstring(svg)
    assert "ERAS fees (US$)" in svg and "Applications" in svg
    write_chart(spec, tmp_path / "c.json")
    assert json.loads((tmp_path / "c.json").read_text())["$schema"].startswith("https://vega")


def test_an_unknown_suffix_is_refused(tmp_path):
    with pytest.raises(ValueError, match=r"\.png, \.svg, \.json"):
        write_chart({}, tmp_path / "c.gif")
