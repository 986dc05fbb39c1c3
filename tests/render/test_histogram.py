"""The lead-time histogram (issue 15): bars proportional to the share of runs, P50/P85
markers where the values are, two series side by side with a legend, accessible names,
escaping; golden-tested (our own SVG)."""

import xml.etree.ElementTree as ET

import pytest

from sopdocs.i18n import texts_for
from sopdocs.render.histogram import PLOT_H, PLOT_LEFT, PLOT_RIGHT, Series, histogram_svg, nice_step

NS = "{http://www.w3.org/2000/svg}"
EDGES = (0.0, 8.0, 16.0, 24.0, 32.0)  # four one-day bins of an 8-hour day
EN = texts_for("en")


def _bars(svg, kind):
    root = ET.fromstring(svg)
    return [r for r in root.iter(f"{NS}rect") if r.get("class") == f"bar s-{kind}" and r.get("data-count")]


def _lines(svg, css):
    return [line for line in ET.fromstring(svg).iter(f"{NS}line") if line.get("class") == css]


def test_bar_heights_are_proportional_to_the_counts():
    svg = histogram_svg(EDGES, [Series((1, 3, 4, 2), 20.0, 28.0)], 8.0, EN, "T")
    bars = _bars(svg, "current")
    # 10 runs: shares 0.1, 0.3, 0.4, 0.2; the top of the plot is 0.4 (a multiple of the
    # 0.1 tick step), so the heights are share / 0.4 × 200 px = 50, 150, 200, 100
    assert [float(b.get("height")) for b in bars] == [50.0, 150.0, 200.0, 100.0]
    assert PLOT_H == 200.0
    # all bars stand on the x axis: y + height is the same for every bar
    assert len({float(b.get("y")) + float(b.get("height")) for b in bars}) == 1
    # the plot is 620 − 58 = 562 px wide for 32 hours: a bin is 140.5 px, less the 1 px gap
    assert [float(b.get("x")) for b in bars] == [58.5, 199.0, 339.5, 480.0]
    assert {float(b.get("width")) for b in bars} == {139.5}
    assert (PLOT_LEFT, PLOT_RIGHT) == (58.0, 620.0)


def test_markers_sit_at_p50_and_p85():
    svg = histogram_svg(EDGES, [Series((1, 3, 4, 2), 20.0, 28.0)], 8.0, EN, "T")
    (p50,) = _lines(svg, "marker p50 s-current")
    (p85,) = _lines(svg, "marker p85 s-current")
    # 20 h of 32 → 58 + 20/32 × 562 = 409.25; 28 h → 58 + 491.75 = 549.75
    assert float(p50.get("x1")) == 409.25 and float(p85.get("x1")) == 549.75
    # labelled in working days (32 h ≥ two 8-hour days): 20 h = 2.5 d, 28 h = 3.5 d
    texts = [t.text for t in ET.fromstring(svg).iter(f"{NS}text")]
    assert "P50 2.5 d" in texts and "P85 3.5 d" in texts
    assert "Lead time (working days)" in texts


def test_short_processes_use_hours():
    svg = histogram_svg((0.0, 2.0, 4.0), [Series((2, 2), 2.0, 3.5)], 8.0, EN, "T")
    # 4 h is under two 8-hour days: the axis is in hours
    assert "Lead time (working hours)" in svg and "P85 3.5 h" in svg


def test_overlay_has_both_series_a_legend_and_four_markers():
    series = [Series((1, 3, 4, 2), 20.0, 28.0, "Current"), Series((4, 4, 2, 0), 10.0, 18.0, "Optimized")]
    svg = histogram_svg(EDGES, series, 8.0, EN, "T")
    current, optimized = _bars(svg, "current"), _bars(svg, "optimized")
    # the optimized series' last bin is empty: no bar drawn for it
    assert len(current) == 4 and len(optimized) == 3
    # half a bin each (140.5 / 2 = 70.25): the optimized bar of bin 0 starts at
    # 58 + 70.25 + 0.5 = 128.75 and its share 0.4 fills the plot (200 px)
    assert float(optimized[0].get("x")) == 128.75 and float(optimized[0].get("width")) == 69.25
    assert float(optimized[0].get("height")) == 200.0
    assert float(current[0].get("height")) == 50.0
    for css in ("marker p50 s-current", "marker p85 s-current", "marker p50 s-optimized",
                "marker p85 s-optimized"):
        assert len(_lines(svg, css)) == 1
    legend = ET.fromstring(svg).find(f".//{NS}g[@class='legend']")
    assert [t.text for t in legend.iter(f"{NS}text")] == ["Current", "Optimized"]
    # 10 h = 1.25 d, shown with one decimal: Babel rounds half to even, 1.2 d; 18 h = 2.25 d → 2.2 d
    assert "Optimized: P50 1.2 d" in svg and "Optimized: P85 2.2 d" in svg and "Current: P50 2.5 d" in svg


def test_accessible_name_gives_p50_and_p85_in_words():
    svg = histogram_svg(EDGES, [Series((1, 3, 4, 2), 20.0, 28.0)], 8.0, EN, "Lead time: Sales")
    root = ET.fromstring(svg)
    assert root.get("role") == "img"
    assert root.get("aria-label") == ("Lead time of 10 simulated runs: half finish within 2.5 d (P50), "
                                      "85 % within 3.5 d (P85).")
    assert root.find(f"{NS}title").text == "Lead time: Sales"
    assert root.find(f"{NS}desc").get("id") == root.get("aria-describedby")


def test_kpi_target_line():
    svg = histogram_svg(EDGES, [Series((1, 3, 4, 2), 20.0, 28.0)], 8.0, EN, "T", target_hours=40.0,
                        target_label="Target ≤ 5 d")
    (target,) = _lines(svg, "target")
    # the axis widens to 40 h to show the target: it sits at the right edge, 620
    assert float(target.get("x1")) == 620.0
    assert "Target ≤ 5 d" in svg


def test_chinese_and_hostile_text():
    zh = texts_for("zh")
    svg = histogram_svg(EDGES, [Series((1, 1, 1, 1), 16.0, 24.0, "<b>现行</b>"),
                                Series((1, 1, 1, 1), 8.0, 16.0, "优化 & 新")], 8.0, zh, "<script>x</script>")
    root = ET.fromstring(svg)  # well-formed
    assert not [e for e in root.iter() if e.tag.endswith(("script", "b"))]
    assert "&lt;b&gt;现行&lt;/b&gt;" in svg and "优化 &amp; 新" in svg
    assert "总周期（工作日）" in svg and "运行占比" in svg


def test_nice_steps():
    # 1, 2 or 5 × 10^k: 45 in 8 parts needs 5.625 → 10; 0.4 in 4 parts → 0.1; 7 in 8 → 1
    assert nice_step(45, 8) == 10 and nice_step(0.4, 4) == pytest.approx(0.1) and nice_step(7, 8) == 1


def test_rejects_three_series():
    with pytest.raises(ValueError):
        histogram_svg(EDGES, [Series((1,) * 4, 1, 2)] * 3, 8.0, EN, "T")


def test_dark_and_print_colours_are_defined():
    svg = histogram_svg(EDGES, [Series((1, 3, 4, 2), 20.0, 28.0)], 8.0, EN, "T")
    assert '[data-md-color-scheme="slate"] svg.sopdocs-diagram.sopdocs-histogram' in svg
    assert "@media print" in svg and "--sopdocs-hist-optimized: #e8a457" in svg


def test_histogram_golden(golden):
    golden("histogram/single.svg", histogram_svg(
        EDGES, [Series((1, 3, 4, 2), 20.0, 28.0)], 8.0, EN, "Lead time distribution: Sales", id_prefix="fh-",
        target_hours=30.0, target_label="Target ≤ 3.75 d"))
    golden("histogram/overlay.svg", histogram_svg(
        EDGES, [Series((1, 3, 4, 2), 20.0, 28.0, "Current"), Series((4, 4, 2, 0), 10.0, 18.0, "Optimized")],
        8.0, EN, "Lead time distribution", id_prefix="ch-"))
