"""The time axis of the timeline: tick labels, grid lines and the caption.

Ticks mark the start of working days, spaced so labels never overlap (1, 2, 5, 10, ...
days apart); a process shorter than one working day gets hour ticks (0.25 h to 4 h
apart, at most MAX_HOUR_TICKS intervals). With a start date the day ticks are labelled
with calendar dates that skip non-working days (see sopdocs.analysis.workdays).
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from typing import Optional

from ..analysis.workdays import date_at
from ..i18n import Texts
from ..model import Process
from . import palette
from .svgwriter import add_text, num

TITLE_HEIGHT = 30.0
_TICK_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000)
_HOUR_STEPS = (0.25, 0.5, 1, 2, 4)
MAX_HOUR_TICKS = 8


def _axis_ticks(span: float, scale: float, hours_per_day: float,
                label_px: float) -> tuple[float, list[float]]:
    """(step in hours, tick hours): day ticks spaced at least `label_px` apart.

    A process shorter than a day gets hour ticks instead.
    """
    if span < hours_per_day or hours_per_day <= 0:
        step = next((s for s in _HOUR_STEPS if s * scale >= label_px and span / s <= MAX_HOUR_TICKS),
                    _HOUR_STEPS[-1])
    else:
        days = next((d for d in _TICK_STEPS if d * hours_per_day * scale >= label_px),
                    _TICK_STEPS[-1])
        step = days * hours_per_day
    count = int(span / step + 1e-9) + 1
    return step, [index * step for index in range(count)]


def date_label(day: dt.date, words: Texts) -> str:
    """A short axis label in the locale's form: `Mon, Jan 6`, `1月6日周一`."""
    return words.date(day, "MMMEd")


def draw_axis(svg: ET.Element, process: Process, layout, start: Optional[dt.date],
              words: Texts) -> None:
    """Tick labels above the plot, grid lines through it and the axis caption.

    `layout` is the timeline's layout: `x(hours)`, `scale`, `plot_width`, `top`, `bottom`.
    """
    calendar = process.calendar
    span = layout.plot_width / layout.scale
    step, ticks = _axis_ticks(span, layout.scale, calendar.hours_per_day, 64 if start else 36)
    by_day = step >= calendar.hours_per_day > 0
    line = palette.light_colour("line")
    axis = ET.SubElement(svg, "g", {"class": "axis"})
    grid = ET.SubElement(svg, "g", {"class": "grid", "stroke": line, "stroke-opacity": "0.18"})
    baseline = layout.top - 4
    ET.SubElement(axis, "line", {"x1": num(layout.x(0)), "y1": num(baseline),
                                 "x2": num(layout.x(span)), "y2": num(baseline), "stroke": line})
    for hours in ticks:
        x = num(layout.x(hours))
        ET.SubElement(grid, "line", {"x1": x, "y1": num(layout.top), "x2": x, "y2": num(layout.bottom)})
        ET.SubElement(axis, "line", {"x1": x, "y1": num(baseline - 4), "x2": x, "y2": num(baseline),
                                     "stroke": line})
        if by_day and start:
            label = date_label(date_at(hours, start, calendar), words)
        elif by_day:
            label = words.number(round(hours / calendar.hours_per_day, 2))
        else:
            label = words("time.hours", n=words.number(round(hours, 2)))
        add_text(axis, label, layout.x(hours), baseline - 8, anchor="middle")
    add_text(axis, _axis_caption(process, by_day, start, words), layout.x(0), TITLE_HEIGHT + 6,
             css="muted")


def _axis_caption(process: Process, by_day: bool, start: Optional[dt.date], words: Texts) -> str:
    calendar = process.calendar
    unit = words["tl.axis_days" if by_day else "tl.axis_hours"]
    rule = words("tl.rule", hours=words.number(calendar.hours_per_day),
                 days=words.number(calendar.days_per_week))
    if start:
        return words("tl.caption_date", unit=unit, date=start.isoformat(), rule=rule)
    return words("tl.caption_start", unit=unit, rule=rule)
