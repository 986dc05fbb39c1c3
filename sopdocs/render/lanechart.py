"""Work per lane as a small horizontal bar chart (SVG): where the time goes.

One row per declared lane (in order, with the flowchart's lane colour), a bar whose
length is proportional to the hours of work of that lane's scheduled steps, and the
hours and share of the effort after it. Each row is `<g id="lane-<lane id>">` holding
a `<rect>` with width = hours × `data-px-per-hour` (on the root `<svg>`), starting at
`data-origin-x`. Built with ElementTree; deterministic.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Optional

from ..analysis.metrics import Metrics, process_metrics
from ..i18n import Texts
from ..model import Process
from . import palette
from .flowshapes import words_for
from .svgwriter import add_text, clean, fit_lines, num, svg_root, to_svg_text
from .textmetrics import text_width
from .timeline import lane_indexes

BAR_WIDTH = 320.0
"""Width in px of the longest bar."""
ROW = 24.0
BAR_HEIGHT = 14.0
FONT_SIZE = 12.0
MARGIN = 10.0
LABEL_MAX = 180.0
VALUE_PAD = 110.0

_CSS = "".join(
    f"svg.{palette.ROOT_CLASS}.sopdocs-lanechart .lane-bar.lane-{i} > rect "
    f"{{ fill: var(--sopdocs-lane-{i}-stroke); }}\n"
    for i in range(palette.LANE_COUNT)
) + f"svg.{palette.ROOT_CLASS}.sopdocs-lanechart text {{ font-size: 12px; }}\n"


def lane_chart_svg(process: Process, metrics: Optional[Metrics] = None,
                   id_prefix: str = "", texts: Optional[Texts] = None) -> str:
    """Work per lane of `process` as SVG text (pass `metrics` to reuse computed ones;
    `texts`: the words drawn, default the process's language)."""
    words = words_for(process, texts)
    metrics = metrics or process_metrics(process)
    names = {lane.id: lane.name for lane in process.lanes}
    rows = list(metrics.work_per_lane.items())
    labels = {lane_id: fit_lines(names.get(lane_id, lane_id), LABEL_MAX, FONT_SIZE, 1)[0]
              for lane_id, _ in rows}
    label_width = max([text_width(text, FONT_SIZE) for text in labels.values()] or [40.0])
    origin_x = MARGIN * 2 + label_width
    largest = max([hours for _, hours in rows] or [0.0])
    scale = BAR_WIDTH / largest if largest > 0 else 0.0
    total = sum(hours for _, hours in rows)
    title = words("lc.title", title=process.title)
    svg, body = svg_root(palette.stylesheet() + _CSS, "sopdocs-lanechart", title, id_prefix, {
        "font-size": num(FONT_SIZE), "data-px-per-hour": repr(scale), "data-origin-x": num(origin_x),
    })
    indexes = lane_indexes(process)
    for position, (lane_id, hours) in enumerate(rows):
        index = indexes.get(lane_id, position)
        top = MARGIN + position * ROW
        group = ET.SubElement(body, "g", {"id": f"{id_prefix}lane-{lane_id}",
                                          "class": f"lane-bar {palette.lane_class(index)}"})
        value = (words("lc.value", time=words.hours(hours), share=words.percent(hours / total))
                 if total > 0 else words.hours(hours))
        ET.SubElement(group, "title").text = clean(words("lc.tip", lane=names.get(lane_id, lane_id), value=value))
        add_text(group, labels[lane_id], MARGIN, top + ROW / 2 + 4)
        ET.SubElement(group, "rect", {
            "x": num(origin_x), "y": num(top + (ROW - BAR_HEIGHT) / 2),
            "width": num(hours * scale), "height": num(BAR_HEIGHT), "rx": "2",
            "fill": palette.light_lane_colours(index)[1],
        })
        add_text(group, value, origin_x + hours * scale + 6,
                 top + ROW / 2 + 4, css="muted")
    width = origin_x + BAR_WIDTH + VALUE_PAD
    return to_svg_text(svg, width, MARGIN * 2 + len(rows) * ROW)
