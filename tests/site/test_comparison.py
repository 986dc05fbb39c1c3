"""The data of a comparison page: flowcharts with diff classes, timelines on one scale."""

import xml.etree.ElementTree as ET

import pytest

from sopdocs.render.timeline import PLOT_WIDTH
from sopdocs.site.comparison import comparison_data
from sopdocs.validate import load_process
from tests.conftest import FIXTURES

DIFF = FIXTURES / "diff"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def data():
    return comparison_data(load_process(DIFF / "base.yaml"), load_process(DIFF / "probabilities.yaml"))


@pytest.fixture(scope="module")
def added_removed():
    return comparison_data(load_process(DIFF / "base.yaml"), load_process(DIFF / "added_removed.yaml"))


def classes_by_id(svg_text: str, prefix: str) -> dict[str, set[str]]:
    root = ET.fromstring(svg_text)
    return {g.get("id")[len(prefix):]: set(g.get("class", "").split())
            for g in root.iter(f"{SVG}g") if (g.get("id") or "").startswith(prefix)}


def test_removed_steps_on_the_current_side_added_and_changed_on_the_optimized(added_removed):
    old = classes_by_id(added_removed.old_flowchart_svg, "old-flow-step-")
    new = classes_by_id(added_removed.new_flowchart_svg, "new-flow-step-")
    assert [s for s, c in old.items() if c & {"added", "removed", "changed"}] == ["archive"]
    assert "removed" in old["archive"]
    assert "added" in new["notify"] and "changed" in new["approve"]
    assert not any(c & {"added", "removed", "changed"} for s, c in new.items() if s not in ("notify", "approve"))


def _bar_widths(svg_text: str, prefix: str) -> dict[str, float]:
    root = ET.fromstring(svg_text)
    widths = {}
    for group in root.iter(f"{SVG}g"):
        group_id = group.get("id") or ""
        if group_id.startswith(prefix):
            rect = group.find(f"{SVG}rect")
            widths[group_id[len(prefix):]] = float(rect.get("width"))
    return widths


def test_timelines_share_one_scale(data):
    old_root, new_root = ET.fromstring(data.old_timeline_svg), ET.fromstring(data.new_timeline_svg)
    # The new lead time (24.5 h) is the longer one and spans the plot: 960 / 24.5 px per hour.
    assert data.px_per_hour == pytest.approx(PLOT_WIDTH / 24.5)
    assert float(old_root.get("data-px-per-hour")) == float(new_root.get("data-px-per-hour")) == \
        pytest.approx(data.px_per_hour)
    assert old_root.get("data-origin-x") == new_root.get("data-origin-x")
    old_bars = _bar_widths(data.old_timeline_svg, "old-time-bar-")
    new_bars = _bar_widths(data.new_timeline_svg, "new-time-bar-")
    # intake works 2 h on both sides: the same length; review (8 h) only on the new path.
    assert old_bars["intake"] == pytest.approx(new_bars["intake"]) == pytest.approx(2 * data.px_per_hour, abs=0.01)
    assert "review" not in old_bars and new_bars["review"] == pytest.approx(8 * data.px_per_hour, abs=0.01)


def test_tables_and_changes_as_markdown(data):
    assert data.verdict == "Lead time 1.06 d → 3.06 d (+188.2%), handoffs 2 → 3, 1 step changed"
    assert "| Handoffs | 2 | 3 | +1 | +50.0% |" in data.metrics_markdown
    assert "| Cycle time | 10 days | 10 days | 0.0% | &lt;= 8 | ❌ |" in data.kpis_markdown
    assert data.steps_markdown.startswith("**Changed** (1)\n\n- `check` **Large order?** (Sales)\n")
    assert data.lanes_markdown == ""
    assert data.old.title == data.new.title == "Order approval"


def test_ids_of_the_four_svgs_do_not_clash(data):
    ids = []
    for text in (data.old_flowchart_svg, data.new_flowchart_svg, data.old_timeline_svg, data.new_timeline_svg):
        ids += [element.get("id") for element in ET.fromstring(text).iter() if element.get("id")]
    assert len(ids) == len(set(ids))


def test_deterministic(data):
    again = comparison_data(load_process(DIFF / "base.yaml"), load_process(DIFF / "probabilities.yaml"))
    assert again == data
