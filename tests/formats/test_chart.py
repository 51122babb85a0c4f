"""One chart definition, rendered to PNG, SVG and JSON without a network."""

import json
import struct
from xml.etree import ElementTree

import altair as alt
import pytest

from matchwise.engine.pick import result
from matchwise.formats.chart import CurvePoint, curve_chart_spec, write_chart

# P(match) rising with diminishing returns; $11 an application (fees here are made up)
POINTS = [
    CurvePoint(n, 11.0 * n, 1 - 0.9**n, 1 - 0.93**n, 1 - 0.85**n, 0.3 * n) for n in range(1, 41)
]


def _marks(spec: dict) -> list[dict]:
    return [layer for panel in spec["hconcat"] for layer in panel["layer"]]


def _rules(spec: dict) -> list[dict]:
    return [layer for layer in _marks(spec) if layer["mark"]["type"] == "rule"]


def _rule_value(spec: dict, rule: dict) -> float:
    (row,) = spec["datasets"][rule["data"]["name"]]
    field = rule["encoding"]["x"]["field"]
    return float(row[field])


def test_the_chart_takes_the_engines_curve_point():
    assert CurvePoint is result.CurvePoint


def test_the_spec_is_valid_vega_lite():
    for at in (12, None):
        spec = curve_chart_spec(POINTS, title="P(match)", diminishing_at=at)
        alt.HConcatChart.from_dict(spec, validate=True)  # checks against the Vega-Lite schema
        assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/")


def test_two_panels_of_percent_against_applications_and_dollars():
    spec = curve_chart_spec(POINTS, title="P(match)", diminishing_at=None)
    x_fields = [panel["layer"][0]["encoding"]["x"]["field"] for panel in spec["hconcat"]]
    assert x_fields == ["applications", "dollars"]
    for panel in spec["hconcat"]:
        band, line = panel["layer"]
        assert band["mark"]["type"] == "area"
        assert (band["encoding"]["y"]["field"], band["encoding"]["y2"]["field"]) == (
            "p_low",
            "p_high",
        )
        assert line["encoding"]["y"]["field"] == "p_match"
        assert band["encoding"]["y"]["axis"]["format"] == "%"
        assert band["encoding"]["y"]["scale"]["domain"] == [0, 1]  # 0-100%, whatever the data


def test_the_rule_marks_diminishing_returns_on_both_panels():
    spec = curve_chart_spec(POINTS, title="P(match)", diminishing_at=12)
    rules = _rules(spec)
    assert [_rule_value(spec, r) for r in rules] == [12.0, 132.0]
    assert "diminishing returns after 12 applications" in spec["title"]["subtitle"]
    assert _rules(curve_chart_spec(POINTS, title="P(match)", diminishing_at=None)) == []


def test_the_dollar_rule_is_interpolated_between_sampled_points():
    sparse = POINTS[::5]  # applications 1, 6, 11, ...
    spec = curve_chart_spec(sparse, title="P(match)", diminishing_at=13)
    assert [_rule_value(spec, r) for r in _rules(spec)] == [13.0, pytest.approx(143.0)]


def test_all_data_is_inline_so_nothing_is_fetched():
    spec = curve_chart_spec(POINTS, title="P(match)", diminishing_at=12)
    assert "url" not in json.dumps(spec).replace("https://vega.github.io/schema", "")
    assert len(spec["datasets"]) == 3  # the curve and one rule a panel


def test_png(tmp_path):
    spec = curve_chart_spec(POINTS, title="P(match)", diminishing_at=12)
    write_chart(spec, tmp_path / "c.png")
    png = (tmp_path / "c.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    assert width > 1000 and height > 400  # two panels side by side, at scale 2


def test_svg_is_xml_with_the_axis_titles(tmp_path):
    spec = curve_chart_spec(POINTS, title="P(match) as the list grows", diminishing_at=12)
    write_chart(spec, tmp_path / "c.SVG")
    svg = (tmp_path / "c.SVG").read_text(encoding="utf-8")
    ElementTree.fromstring(svg)
    for text in ("Applications (programs)", "ERAS fees (US$)", "P(match)", "100%", "0%"):
        assert text in svg
    assert "12 applications" in svg and "$132" in svg
    assert "P(match) as the list grows" in svg


def test_json_is_the_spec_itself(tmp_path):
    spec = curve_chart_spec(POINTS, title="P(match)", diminishing_at=12)
    write_chart(spec, tmp_path / "c.json")
    assert json.loads((tmp_path / "c.json").read_text(encoding="utf-8")) == spec


def test_an_empty_curve_still_renders(tmp_path):
    write_chart(curve_chart_spec([], title="P(match)", diminishing_at=None), tmp_path / "c.svg")
    assert (tmp_path / "c.svg").stat().st_size > 0


@pytest.mark.parametrize("name", ["c.gif", "c.pdf", "chart"])
def test_an_unknown_suffix_is_refused(tmp_path, name):
    with pytest.raises(ValueError, match=r"a chart is written as \.png, \.svg, \.json"):
        write_chart(curve_chart_spec(POINTS, title="t", diminishing_at=None), tmp_path / name)
    assert not (tmp_path / name).exists()
