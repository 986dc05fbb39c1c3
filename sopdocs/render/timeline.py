"""The timeline: an SVG Gantt chart of a process's expected path.

One row per scheduled step, grouped by lane (declared order, lane colours as in the
flowchart), rows in a lane ordered by when the step becomes ready. Geometry, which checks
measure:

- The time axis starts at `data-origin-x` on the root `<svg>` and runs at
  `data-px-per-hour` pixels per working hour (default: `PLOT_WIDTH` px across the lead
  time, or across `max_hours` so two timelines can share one scale).
- Each scheduled step is `<g id="bar-<step id>">` holding one `<rect>` with
  x = origin + start_hours × px_per_hour and width = work hours × px_per_hour
  (0 for a milestone, which also gets a diamond). Critical steps carry the class
  `critical` on the group and on the rectangle.
- The wait before a step is a separate hatched `<g id="wait-<step id>">` from its ready
  time to its start. Dependency arrows run from each scheduled predecessor's finish
  to the step's ready time.

Axis ticks mark the start of working days (or hours for a process shorter than a day);
with a start date they are labelled with calendar dates that skip non-working days.
Everything from the YAML passes through ElementTree, which escapes it; colours come
from CSS classes so a dark theme can restyle them. Output is deterministic.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Optional

from ..analysis.schedule import Schedule, ScheduledStep, schedule as schedule_process
from ..analysis.workdays import date_at, end_date_at, parse_start_date
from ..i18n import Texts
from ..model import Process, Step
from . import palette
from .flowshapes import words_for
from .svgwriter import add_text, clean, fit_lines, num, svg_root, to_svg_text
from .textmetrics import text_width
from .timeaxis import TITLE_HEIGHT, draw_axis

PLOT_WIDTH = 960.0
"""Default width in px of the time axis: the lead time (or `max_hours`) spans it."""
FONT_SIZE = 12.0
LINE_HEIGHT = 17.0
BAR_HEIGHT = 14.0
MIN_ROW = 26.0
LANE_HEADER = 24.0
MARGIN = 12.0
AXIS_HEIGHT = 38.0
LABEL_MAX = 240.0
RIGHT_PAD = 96.0

_CSS = """
{root}.sopdocs-timeline text {{ font-size: 12px; }}
{root}.sopdocs-timeline .chart-title {{ font-size: 14px; font-weight: 700; }}
{root}.sopdocs-timeline .axis line {{ stroke: var(--sopdocs-line); stroke-width: 1; }}
{root}.sopdocs-timeline .grid line {{ stroke: var(--sopdocs-line); stroke-opacity: 0.18; }}
{root}.sopdocs-timeline .axis text, {root}.sopdocs-timeline .duration {{ font-size: 11px; }}
{root}.sopdocs-timeline .bar > rect {{ stroke: none; }}
{root}.sopdocs-timeline .bar > rect.critical {{ stroke: var(--sopdocs-critical); stroke-width: 2; }}
{root}.sopdocs-timeline .wait > rect {{ stroke-width: 1; stroke-dasharray: 3 2; }}
{root}.sopdocs-timeline path.hatch {{ stroke: var(--sopdocs-muted-text); stroke-width: 1; stroke-opacity: 0.6; }}
{root}.sopdocs-timeline .dependency path {{ stroke-width: 1; }}
{root}.sopdocs-timeline .off-path text {{ fill: var(--sopdocs-muted-text); }}
"""


@dataclass
class _Layout:
    """Where everything goes: scale, origin, row and lane positions."""

    scale: float
    origin_x: float
    plot_width: float
    top: float
    rows: dict[str, tuple[float, float, list[str]]] = field(default_factory=dict)
    lanes: list[tuple[str, int, str, float, float]] = field(default_factory=list)
    bottom: float = 0.0

    def x(self, hours: float) -> float:
        """The x coordinate of working hour `hours`."""
        return self.origin_x + hours * self.scale

    def bar_top(self, step_id: str) -> float:
        """The y of the top edge of a step's bar (centred in its row)."""
        top, height, _ = self.rows[step_id]
        return top + (height - BAR_HEIGHT) / 2


def timeline_scale(max_hours: float, plot_width: float = PLOT_WIDTH) -> float:
    """Pixels per working hour so that `max_hours` spans `plot_width` (1 h minimum span)."""
    return plot_width / max(max_hours, 1.0)


def lane_indexes(process: Process) -> dict[str, int]:
    """Lane id → colour index: declared lanes in order, then undeclared lane ids."""
    indexes = {lane.id: position for position, lane in enumerate(process.lanes)}
    for step in process.steps:
        indexes.setdefault(step.lane or "", len(indexes))
    return indexes


def _ordered_rows(process: Process, planned: Schedule) -> list[tuple[str, list[ScheduledStep]]]:
    """(lane id, its scheduled steps by ready time) for each lane with scheduled steps."""
    rank = {step_id: position for position, step_id in enumerate(planned.order)}
    groups: dict[str, list[ScheduledStep]] = {lane_id: [] for lane_id in lane_indexes(process)}
    for step in planned.scheduled:
        groups[step.lane].append(step)
    return [
        (lane_id, sorted(steps, key=lambda s: (s.ready_hours, rank[s.id])))
        for lane_id, steps in groups.items() if steps
    ]


def _layout(process: Process, planned: Schedule, scale: Optional[float],
            max_hours: Optional[float], label_width: Optional[float]) -> _Layout:
    """Measure labels and place lanes and rows."""
    names = process.steps_by_id()
    if label_width is None:
        widths = [text_width(" ".join(clean(names[s].name).split()), FONT_SIZE)
                  for s in planned.order] or [80.0]
        label_width = min(LABEL_MAX, max(widths))
    span = max(planned.lead_time_hours, max_hours or 0.0)
    if scale is None:
        scale = timeline_scale(span)
    layout = _Layout(scale=scale, origin_x=MARGIN * 2 + label_width,
                     plot_width=max(span, 1.0) * scale, top=TITLE_HEIGHT + AXIS_HEIGHT)
    lane_names = {lane.id: lane.name for lane in process.lanes}
    indexes = lane_indexes(process)
    y = layout.top
    for lane_id, steps in _ordered_rows(process, planned):
        lane_top = y
        y += LANE_HEADER
        for step in steps:
            lines = fit_lines(names[step.id].name, label_width, FONT_SIZE, max_lines=2)
            height = max(MIN_ROW, len(lines) * LINE_HEIGHT + 8)
            layout.rows[step.id] = (y, height, lines)
            y += height
        layout.lanes.append((lane_id, indexes[lane_id], lane_names.get(lane_id, lane_id),
                             lane_top, y - lane_top))
    layout.bottom = y
    return layout


def _draw_lanes(svg: ET.Element, layout: _Layout, id_prefix: str, width: float) -> None:
    """A coloured band and a header per lane, with the class names of the flowchart."""
    for lane_id, index, name, top, height in layout.lanes:
        colour = palette.lane_class(index)
        fill, stroke = palette.light_lane_colours(index)
        band = ET.SubElement(svg, "g", {"id": f"{id_prefix}lane-{lane_id}", "class": f"lane {colour}"})
        ET.SubElement(band, "rect", {"x": num(MARGIN / 2), "y": num(top), "width": num(width - MARGIN),
                                     "height": num(height), "fill": fill, "stroke": stroke})
        header = ET.SubElement(svg, "g", {"class": f"lane-title {colour}"})
        x0, x1, y1 = MARGIN / 2, width - MARGIN / 2, top + LANE_HEADER
        ET.SubElement(header, "path", {"d": f"M{num(x0)},{num(top)}H{num(x1)}V{num(y1)}H{num(x0)}Z",
                                       "fill": stroke, "fill-opacity": "0.18"})
        add_text(header, fit_lines(name, width - 3 * MARGIN, FONT_SIZE, max_lines=1)[0],
                 MARGIN, top + LANE_HEADER / 2 + 4)


def _tooltip(process: Process, model: Step, step: ScheduledStep, start: Optional[dt.date],
             words: Texts) -> str:
    """Step, owner, lane, start, finish, wait (and dates when a start date is known)."""
    lane = process.lane(step.lane)
    lines = [
        model.name,
        words("tl.owner", owner=process.owner_of(model) or words["none"]),
        words("tl.lane", lane=lane.name if lane else step.lane or words["none"]),
        words("tl.start", time=words.hours(step.start_hours)),
        words("tl.finish", time=words.hours(step.finish_hours)),
        words("tl.wait", time=words.hours(step.wait_hours)),
    ]
    if start:
        calendar = process.calendar
        lines[3] += f" ({date_at(step.start_hours, start, calendar).isoformat()})"
        lines[4] += f" ({end_date_at(step.finish_hours, start, calendar).isoformat()})"
    lines.append(words["tl.critical"] if step.critical
                 else words("tl.slack", time=words.hours(step.slack_hours)))
    return "\n".join(lines)


def _draw_wait(parent: ET.Element, step: ScheduledStep, name: str, layout: _Layout,
               lane_index: int, id_prefix: str, words: Texts) -> None:
    """The queue time before a step: a light lane-coloured box with a hatch over it."""
    if step.wait_hours <= 0:
        return
    fill, stroke = palette.light_lane_colours(lane_index)
    group = ET.SubElement(parent, "g", {"id": f"{id_prefix}wait-{step.id}",
                                        "class": f"wait {palette.lane_class(lane_index)}"})
    ET.SubElement(group, "title").text = clean(f"{name}\n" + words("tl.wait", time=words.hours(step.wait_hours)))
    box = {"x": num(layout.x(step.ready_hours)), "y": num(layout.bar_top(step.id)),
           "width": num(step.wait_hours * layout.scale), "height": num(BAR_HEIGHT)}
    ET.SubElement(group, "rect", {**box, "class": "wait-box", "fill": fill, "stroke": stroke})
    ET.SubElement(group, "rect", {**box, "class": "hatch", "fill": f"url(#{id_prefix}wait-hatch)"})


def _draw_bar(parent: ET.Element, process: Process, model: Step, step: ScheduledStep,
              layout: _Layout, lane_index: int, start: Optional[dt.date], id_prefix: str,
              words: Texts) -> None:
    """The work of one step: `<g id="bar-...">` with its rectangle, diamond and label."""
    critical = " critical" if step.critical else ""
    group = ET.SubElement(parent, "g", {
        "id": f"{id_prefix}bar-{step.id}",
        "class": f"bar step {model.type} {palette.lane_class(lane_index)}{critical}",
        "data-start-hours": num(step.start_hours), "data-finish-hours": num(step.finish_hours),
    })
    ET.SubElement(group, "title").text = clean(_tooltip(process, model, step, start, words))
    top = layout.bar_top(step.id)
    x = layout.x(step.start_hours)
    ET.SubElement(group, "rect", {
        "x": num(x), "y": num(top), "width": num(step.work_hours * layout.scale),
        "height": num(BAR_HEIGHT), "rx": "2", "class": f"bar-body{critical}",
        "fill": palette.light_lane_colours(lane_index)[1],
        **({"stroke": palette.light_colour("critical"), "stroke-width": "2"} if critical else {}),
    })
    if step.is_milestone:
        half, middle = BAR_HEIGHT / 2 + 1, top + BAR_HEIGHT / 2
        points = [(x, middle - half), (x + half, middle), (x, middle + half), (x - half, middle)]
        ET.SubElement(group, "polygon", {
            "class": "milestone", "points": " ".join(f"{num(a)},{num(b)}" for a, b in points),
            "fill": palette.light_colour("step-fill"),
            "stroke": palette.light_colour("critical" if critical else "step-stroke"),
        })
    else:
        add_text(group, words.hours(step.work_hours), layout.x(step.finish_hours) + 4,
                 top + BAR_HEIGHT - 3, css="duration muted")


def _draw_dependencies(parent: ET.Element, planned: Schedule, layout: _Layout,
                       id_prefix: str) -> None:
    """Finish-to-start arrows: from each predecessor's finish down (or up) to the
    step's ready time, ending on the top (or bottom) edge of its first segment."""
    critical_pairs = set(zip(planned.critical_path, planned.critical_path[1:]))
    # critical arrows last, so they are drawn over others sharing a segment
    for source, target in sorted(planned.edges, key=lambda edge: edge in critical_pairs):
        from_x = layout.x(planned[source].finish_hours)
        to_x = layout.x(planned[target].ready_hours)
        downward = layout.rows[target][0] >= layout.rows[source][0]
        from_y = layout.bar_top(source) + (BAR_HEIGHT if downward else 0)
        to_y = layout.bar_top(target) + (0 if downward else BAR_HEIGHT)
        bend = to_y - 5 if downward else to_y + 5
        critical = " critical" if (source, target) in critical_pairs else ""
        group = ET.SubElement(parent, "g", {"id": f"{id_prefix}dep-{source}--{target}",
                                            "class": f"edge dependency{critical}"})
        ET.SubElement(group, "path", {
            "d": f"M{num(from_x)},{num(from_y)}V{num(bend)}H{num(to_x)}V{num(to_y)}",
            "fill": "none", "stroke": palette.light_colour("line"),
        })
        tip = 4 if downward else -4
        points = [(to_x, to_y), (to_x - 3, to_y - tip), (to_x + 3, to_y - tip)]
        ET.SubElement(group, "polygon", {"points": " ".join(f"{num(a)},{num(b)}" for a, b in points),
                                         "fill": palette.light_colour("line")})


def _draw_labels(parent: ET.Element, layout: _Layout) -> None:
    """Step names in the label column, wrapped (at most two lines) and measured."""
    for step_id, (top, height, lines) in layout.rows.items():
        first = top + height / 2 - (len(lines) - 1) * LINE_HEIGHT / 2 + 4
        label = ET.SubElement(parent, "text", {"class": "label", "x": num(MARGIN * 1.5),
                                               "y": num(first), "data-step": step_id})
        for position, line in enumerate(lines):
            span = ET.SubElement(label, "tspan", {"x": num(MARGIN * 1.5),
                                                  "dy": "0" if position == 0 else num(LINE_HEIGHT)})
            span.text = line


def _draw_off_path(svg: ET.Element, process: Process, planned: Schedule, y: float,
                   width: float, id_prefix: str, words: Texts) -> float:
    """List the steps not on the expected path beneath the chart, greyed; return the new y."""
    if not planned.off_path:
        return y
    by_id = process.steps_by_id()
    block = ET.SubElement(svg, "g", {"class": "off-path"})
    y += LINE_HEIGHT + 4
    add_text(block, words["tl.off_path"], MARGIN, y, css="muted")
    for step_id in planned.off_path:
        step = by_id[step_id]
        lane = process.lane(step.lane)
        detail = words.join(part for part in (lane.name if lane else step.lane,
                                              words.hours(step.work_hours) if step.duration else "") if part)
        text = "• " + (words("tl.off_path_item", name=step.name, detail=detail) if detail else step.name)
        lines = fit_lines(text, width - 3 * MARGIN, FONT_SIZE, max_lines=1)
        y += LINE_HEIGHT
        item = ET.SubElement(block, "g", {"id": f"{id_prefix}off-{step_id}", "class": "off-path-step"})
        ET.SubElement(item, "title").text = clean(step.name)
        add_text(item, lines[0], MARGIN * 2, y, css="muted")
    return y


def _stylesheet() -> str:
    """The palette's stylesheet plus the timeline's own rules (lane-coloured bars)."""
    root = f"svg.{palette.ROOT_CLASS}"
    lanes = "".join(
        f"{root}.sopdocs-timeline .bar.lane-{i} > rect {{ fill: var(--sopdocs-lane-{i}-stroke); }}\n"
        f"{root}.sopdocs-timeline .wait.lane-{i} > rect.wait-box {{ "
        f"fill: var(--sopdocs-lane-{i}-fill); stroke: var(--sopdocs-lane-{i}-stroke); }}\n"
        for i in range(palette.LANE_COUNT)
    )
    return palette.stylesheet() + lanes + _CSS.format(root=root).lstrip()


def timeline_svg(process: Process, schedule: Optional[Schedule] = None,
                 scale: Optional[float] = None, start_date=None, *,
                 max_hours: Optional[float] = None, label_width: Optional[float] = None,
                 id_prefix: str = "", texts: Optional[Texts] = None) -> str:
    """The timeline of `process` as SVG text (deterministic bytes).

    `schedule`: reuse a computed schedule. `scale`: px per working hour (default: the
    lead time, or `max_hours` when larger, spans PLOT_WIDTH px). To draw two timelines on
    one scale, pass the same `scale` (e.g. `timeline_scale(max(lead_a, lead_b))`) or the
    same `max_hours`, and the same `label_width` so their axes also line up. `start_date`
    (YYYY-MM-DD or a date; default the file's `start_date`) labels the axis with calendar
    dates. `id_prefix` is put before every id, for pages that inline several timelines.
    `texts`: the words drawn (default: the process's language).
    """
    words = words_for(process, texts)
    planned = schedule or schedule_process(process)
    start = parse_start_date(start_date if start_date is not None else process.start_date)
    layout = _layout(process, planned, scale, max_hours, label_width)
    width = layout.origin_x + layout.plot_width + RIGHT_PAD
    lead_days = planned.lead_time_hours / (process.calendar.hours_per_day or 1.0)
    title = words("tl.title", title=process.title, time=words.hours(planned.lead_time_hours),
                  days=words.number(round(lead_days, 2)))
    svg, body = svg_root(_stylesheet(), "sopdocs-timeline", title, id_prefix, {
        "font-size": num(FONT_SIZE), "data-px-per-hour": repr(layout.scale), "data-origin-x": num(layout.origin_x),
        "data-hours-per-day": num(process.calendar.hours_per_day),
    })
    _add_hatch(body, id_prefix)
    _draw_lanes(body, layout, id_prefix, width)
    draw_axis(body, process, layout, start, words)
    add_text(body, fit_lines(title, width - 2 * MARGIN, 14, max_lines=1)[0], MARGIN, 20,
             css="chart-title")
    _draw_labels(body, layout)
    _draw_dependencies(ET.SubElement(body, "g", {"class": "dependencies"}), planned, layout, id_prefix)
    indexes, names = lane_indexes(process), process.steps_by_id()
    bars = ET.SubElement(body, "g", {"class": "bars"})
    for step_id in layout.rows:
        step = planned[step_id]
        _draw_wait(bars, step, names[step_id].name, layout, indexes[step.lane], id_prefix, words)
        _draw_bar(bars, process, names[step_id], step, layout, indexes[step.lane], start,
                  id_prefix, words)
    height = _draw_off_path(body, process, planned, layout.bottom, width, id_prefix, words) + MARGIN
    return to_svg_text(svg, width, height)


def _add_hatch(parent: ET.Element, id_prefix: str) -> None:
    defs = ET.SubElement(parent, "defs")
    pattern = ET.SubElement(defs, "pattern", {
        "id": f"{id_prefix}wait-hatch", "width": "6", "height": "6",
        "patternUnits": "userSpaceOnUse", "patternTransform": "rotate(45)",
    })
    ET.SubElement(pattern, "path", {"class": "hatch", "d": "M0,0V6", "stroke": "#555d66"})
