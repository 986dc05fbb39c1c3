"""Work per lane as a bar chart: bar widths proportional to the hours, escaped names."""

import xml.etree.ElementTree as ET

from sopdocs.load import load_text
from sopdocs.render.lanechart import BAR_WIDTH, lane_chart_svg
from sopdocs.validate import load_process
from tests.conftest import FIXTURES

NS = "{http://www.w3.org/2000/svg}"


def by_id(root):
    return {element.get("id"): element for element in root.iter() if element.get("id")}


def test_bars_are_proportional_to_work_per_lane():
    process = load_process(FIXTURES / "schedule" / "parallel.yaml")
    text = lane_chart_svg(process)
    root = ET.fromstring(text)
    ids = by_id(root)
    # work per lane: sales 1 h, legal 2 h, finance 8 h; the largest bar is 320 px → 40 px/h
    assert BAR_WIDTH == 320 and float(root.get("data-px-per-hour")) == 40
    widths = {lane: float(ids[f"lane-{lane}"].find(f"{NS}rect").get("width"))
              for lane in ("sales", "legal", "finance")}
    assert widths == {"sales": 40, "legal": 80, "finance": 320}
    # the flowchart's lane colour classes, by declared order
    assert ids["lane-finance"].get("class") == "lane-bar lane-2"
    assert ">8 h, 73%<" in text  # 8 / (1 + 2 + 8) = 72.7%
    assert text == lane_chart_svg(load_process(FIXTURES / "schedule" / "parallel.yaml"))


def test_lane_without_work_and_hostile_lane_name():
    text = ("id: t\ntitle: T\nlanes: [{id: a, name: '<script>x</script> & \"q\"'}, {id: b, name: B}]\n"
            "steps:\n  - {id: s, name: S, lane: a, duration: 2h}\n")
    svg = lane_chart_svg(load_text(text, "t.yaml").process)
    root = ET.fromstring(svg)
    assert not [e for e in root.iter() if e.tag.endswith("script")]
    assert "&lt;script&gt;x&lt;/script&gt; &amp;" in svg
    assert float(by_id(root)["lane-b"].find(f"{NS}rect").get("width")) == 0
