"""'How long it really takes' (issue 15) on process pages, comparison pages and in the
pull-request report: present with labels that say how each figure was made, in English
and Chinese; left out without durations; the comparison overlays both series; numbers
match forecast(); the job key follows runs and seed; output is deterministic."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest

from sopdocs.analysis.diff import diff_processes
from sopdocs.analysis.forecast import forecast
from sopdocs.i18n import texts_for
from sopdocs.load import load_text
from sopdocs.render.diffreport import diff_json, markdown_report, text_report
from sopdocs.site.cache import BuildCache
from sopdocs.site.figures import ProcessFigures
from sopdocs.site.forecast_section import section_html
from sopdocs.site.generate import generate_site
from sopdocs.site.handbook import load_handbook
from sopdocs.site.options import PageOptions
from sopdocs.site.pipeline import job_keys
from sopdocs.site.process_page import forecast_heading
from sopdocs.validate import load_process
from tests.conftest import PROCESSES

CURRENT = "processes/sales/lead-to-contract/current.md"
OPTIMIZED = PROCESSES / "sales" / "lead-to-contract" / "optimized.yaml"
CHINESE = "processes/china/sales-sop-zh-hans.md"
PAIR = "compare/lead-to-contract-optimized.md"
SVG = "{http://www.w3.org/2000/svg}"
NO_DURATIONS = ("title: Plain\nlanes: [{id: s, name: Sales}]\nsteps:\n"
                "  - {id: a, name: Call, lane: s, next: b}\n  - {id: b, name: Write, lane: s}\n")


@pytest.fixture(scope="module")
def site():
    built = generate_site(load_handbook(PROCESSES), PageOptions(processes=PROCESSES, build_date="2025-07-01"))
    yield built
    built.close()


def _svg(html_text: str) -> ET.Element:
    return ET.fromstring(re.search(r"<svg.*?</svg>", html_text, re.S).group(0))


def _rows(html_text: str) -> list[list[str]]:
    return [re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row) for row in re.findall(r"<tr>(.*?)</tr>", html_text)]


def test_process_page_section_in_english(site):
    assert "## How long it really takes\n\n<div data-sopdocs-diagram=\"forecast\"></div>" in site.pages[CURRENT]
    body = site.figures[CURRENT]["forecast"]
    result = forecast(load_process(PROCESSES / "sales" / "lead-to-contract" / "current.yaml"))
    rows = {(label, basis): value for label, value, basis in (r for r in _rows(body) if len(r) == 3)}
    simulated = "Simulated (10,000 runs, seed 15)"
    # the expected path is the file's hand-computed schedule: 360 h / 8 = 45.0 d
    assert rows[("Lead time", "Expected path (the schedule as today)")] == "45.0 d"
    exact = "Exact expectation (with rework and branch probabilities)"
    assert rows[("Lead time", exact)] == f"{result.expected.lead_time_hours / 8:.1f} d"
    assert rows[("Lead time P50 (half of the cases finish within)", simulated)] == \
        f"{result.simulation.lead_time_hours.p50 / 8:.1f} d"
    assert rows[("Lead time P85 (85 % of the cases finish within)", simulated)] == \
        f"{result.simulation.lead_time_hours.p85 / 8:.1f} d"
    kpi = "Probability of meeting “Average deal cycle” (&lt;= 35 days)"
    assert rows[(kpi, simulated)] == f"{round(result.simulation.kpi_probability * 100)}%"
    # the rework loop (changes requested, 0.2) makes the expectation longer than the path
    assert result.expected.lead_time_hours > 360
    svg = _svg(body)
    assert svg.get("role") == "img" and "(P50)" in svg.get("aria-label")
    assert len([r for r in svg.iter(f"{SVG}rect") if r.get("class") == "bar s-current"]) > 5
    # arrivals and capacities: the utilisation table, one row per lane with a capacity
    assert "Queues and utilisation" in body
    lanes = [r for r in _rows(body) if len(r) == 4][1:]
    assert [r[0] for r in lanes] == ["Marketing", "Sales", "Legal", "Finance", "General Management", "Delivery"]
    assert lanes[1][2] == f"{round(result.queueing.utilisation['sales'] * 100)}%"


def test_process_page_section_in_chinese(site):
    assert "## 实际需要多长时间" in site.pages[CHINESE]
    body = site.figures[CHINESE]["forecast"]
    for label in ("预期路径（当前排程）", "精确期望值（含返工和分支概率）", "模拟（10,000 次运行，种子 15）",
                  "总周期 P50", "总周期 P85"):
        assert label in body, label
    assert "总周期（工作日）" in body and "运行占比" in body  # the histogram's axes


def test_section_left_out_without_durations():
    process = load_text(NO_DURATIONS, "plain.yaml").process
    # no duration or wait anywhere: every lead time is 0, there is nothing to forecast
    assert forecast_heading(process, texts_for("en")) == []
    assert section_html(process, 100, 15, texts_for("en")) == ""
    assert ProcessFigures(process, (), ()).compute()["forecast"] == ""


def test_comparison_overlays_both_series(site):
    page = site.pages[PAIR]
    assert "## How long it really takes" in page
    figure = site.figures[PAIR]["forecast"]
    svg = _svg(figure)
    classes = [r.get("class") for r in svg.iter(f"{SVG}rect") if r.get("data-count")]
    assert "bar s-current" in classes and "bar s-optimized" in classes
    markers = {line.get("class") for line in svg.iter(f"{SVG}line") if "marker" in (line.get("class") or "")}
    assert markers == {"marker p50 s-current", "marker p85 s-current", "marker p50 s-optimized",
                       "marker p85 s-optimized"}
    legend = svg.find(f".//{SVG}g[@class='legend']")
    assert [t.text for t in legend.iter(f"{SVG}text")] == ["Current", "Optimized"]
    # the change table, P50 row: new − old of the simulated medians
    old = forecast(load_process(PROCESSES / "sales" / "lead-to-contract" / "current.yaml"))
    new = forecast(load_process(OPTIMIZED))
    delta = (new.simulation.lead_time_hours.p50 - old.simulation.lead_time_hours.p50) / 8
    assert delta < -10  # the optimization saves well over ten days at the median
    share = abs(delta * 8) / old.simulation.lead_time_hours.p50
    assert f"| −{abs(delta):.1f} d (−{round(share * 100)}%) | Simulated (10,000 runs, seed 15) |" in page


def test_report_deltas_match_forecast():
    old_process = load_process(PROCESSES / "sales" / "lead-to-contract" / "current.yaml")
    new_process = load_process(OPTIMIZED)
    diff = diff_processes(old_process, new_process)
    old, new = forecast(old_process), forecast(new_process)
    change = json.loads(json.dumps(diff_json(diff)))["forecast"]["change"]
    assert change["simulated_p50_hours"] == round(new.simulation.lead_time_hours.p50
                                                  - old.simulation.lead_time_hours.p50, 4)
    assert change["simulated_p85_hours"] == round(new.simulation.lead_time_hours.p85
                                                  - old.simulation.lead_time_hours.p85, 4)
    assert change["expected_lead_time_hours"] == round(new.expected.lead_time_hours
                                                       - old.expected.lead_time_hours, 4)
    markdown = markdown_report(diff)
    assert "### How long it really takes" in markdown
    expected = (new.expected.lead_time_hours - old.expected.lead_time_hours) / 8
    assert (f"| Lead time | {old.expected.lead_time_hours / 8:.1f} d | {new.expected.lead_time_hours / 8:.1f} d | "
            f"−{abs(expected):.1f} d") in markdown
    assert "Simulated (10,000 runs, seed 15)" in markdown and "Exact expectation" in markdown
    assert "Lead time P85" in text_report(diff)


def test_report_without_durations_has_no_forecast():
    process = load_text(NO_DURATIONS, "plain.yaml").process
    diff = diff_processes(process, process)
    assert diff_json(diff)["forecast"] is None
    assert "How long it really takes" not in markdown_report(diff)


def test_job_key_follows_runs_and_seed():
    process = load_process(OPTIMIZED)
    cache = BuildCache(None)
    keys = job_keys({"a": ProcessFigures(process, (), ()), "b": ProcessFigures(process, (), (), runs=500),
                     "c": ProcessFigures(process, (), (), seed=7), "d": ProcessFigures(process, (), ())}, cache)
    assert keys["a"] == keys["d"]
    assert len({keys["a"], keys["b"], keys["c"]}) == 3


def test_section_is_deterministic_and_follows_the_seed():
    process = load_process(OPTIMIZED)
    words = texts_for("en")
    first, again = section_html(process, 2000, 15, words), section_html(process, 2000, 15, words)
    assert first == again
    assert "Simulated (2,000 runs, seed 15)" in first
    other = section_html(process, 2000, 16, words)
    assert "seed 16" in other and other != first


def test_hostile_names_are_escaped():
    text = ("title: '<img src=x onerror=alert(1)>'\narrivals: {every: 8h}\n"
            "lanes: [{id: s, name: '<script>alert(2)</script>', capacity: 1}]\nsteps:\n"
            "  - {id: a, name: A, lane: s, duration: {min: 1h, max: 3h}}\n"
            "kpis:\n  - {name: '<b>cycle</b> | x', unit: h, target: '<= 2', measures: lead_time}\n")
    process = load_text(text, "p.yaml").process
    body = section_html(process, 200, 15, texts_for("en"))
    assert "<script>" not in body and "<img" not in body and "<b>" not in body
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in body  # the lane, in the utilisation table
    assert "&lt;b&gt;cycle&lt;/b&gt; | x" in body  # the KPI, in the probability row
    _svg(body)  # the histogram is well-formed XML
