"""The lead-time histogram of a forecast (issue 15), as our own SVG.

Bars give the share of simulated runs whose lead time falls in each bin; the x axis is
in working days (working hours for a process shorter than two days) by the process's
calendar, the y axis the share of runs. Vertical lines mark each series' P50 (solid)
and P85 (dashed), with their values written above the plot; an optional dotted line
marks a KPI target. Two series (current and optimized) share the bins: each bin holds
two half-width bars, the current one filled, the optimized one lighter with an outline,
so they stay apart in light, dark and print (greyscale) alike, and a legend names them.

Colours come from CSS custom properties with light and dark values; print always uses
the light ones. Built with ElementTree (text escaped); numbers have fixed formatting,
so the same input gives the same bytes.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Optional, Sequence

from ..i18n import Texts
from . import palette
from .svgwriter import add_text, clean, num, svg_root, to_svg_text

WIDTH = 640.0
PLOT_LEFT = 58.0
PLOT_RIGHT = WIDTH - 20.0
PLOT_H = 200.0
ROW = 16.0
"""Height of one line of marker labels (and of the legend) above the plot."""
TOP_MARGIN = 10.0
BOTTOM = 46.0
"""Room under the plot for the tick labels and the axis title."""
GAP = 1.0
"""Pixels left free between neighbouring bars."""
SERIES_CLASSES = ("current", "optimized")

_LIGHT = {"current": "#3d7cc9", "optimized": "#c7781a", "target": "#1a7f37",  # text 4.5:1 or more
          "current-text": "#2760a8", "optimized-text": "#8f4f00"}
_DARK = {"current": "#6fa8ee", "optimized": "#e8a457", "target": "#56d364",
         "current-text": "#6fa8ee", "optimized-text": "#e8a457"}


@dataclass(frozen=True)
class Series:
    """One distribution: `counts` per bin (shared edges), its P50 and P85 in hours and
    the label the legend gives it (empty for a lone series)."""

    counts: tuple[int, ...]
    p50_hours: float
    p85_hours: float
    label: str = ""


def _css() -> str:
    root = f"svg.{palette.ROOT_CLASS}.sopdocs-histogram"

    def variables(colours: dict) -> str:
        return " ".join(f"--sopdocs-hist-{name}: {value};" for name, value in colours.items())

    printed = " ".join(f"--sopdocs-{name}: {palette.light_colour(name)};"
                       for name in ("background", "text", "muted-text", "line"))
    light, dark = variables(_LIGHT), variables(_DARK)
    series = "".join(
        f"{root} .s-{name} {{ fill: var(--sopdocs-hist-{name}); stroke: var(--sopdocs-hist-{name}); }}\n"
        f"{root} text.s-{name} {{ fill: var(--sopdocs-hist-{name}-text); stroke: none; font-weight: 700; }}\n"
        for name in SERIES_CLASSES)
    return (f"{root} {{ {light} }}\n"
            f"@media (prefers-color-scheme: dark) {{ {root} {{ {dark} }} }}\n"
            f'[data-md-color-scheme="default"] {root} {{ {light} }}\n'
            f'[data-md-color-scheme="slate"] {root} {{ {dark} }}\n'
            f"@media print {{ {root}, [data-md-color-scheme] {root} {{ {printed} {light} }} }}\n"
            f"{series}"
            f"{root} rect.bar {{ stroke-width: 1; }}\n"
            f"{root} rect.bar.s-optimized {{ fill-opacity: 0.35; stroke-width: 1.5; }}\n"
            f"{root} line.marker {{ fill: none; stroke-width: 2; }}\n"
            f"{root} line.marker.p85 {{ stroke-dasharray: 6 3; }}\n"
            f"{root} line.target {{ stroke: var(--sopdocs-hist-target); stroke-width: 2; stroke-dasharray: 2 3; }}\n"
            f"{root} text.target {{ fill: var(--sopdocs-hist-target); font-weight: 700; }}\n"
            f"{root} .axis line {{ stroke: var(--sopdocs-line); stroke-width: 1; }}\n"
            f"{root} .grid line {{ stroke: var(--sopdocs-line); stroke-opacity: 0.25; stroke-width: 1; }}\n"
            f"{root} text {{ font-size: 12px; }}\n"
            f"{root} text.axis-title {{ font-weight: 700; }}\n")


def nice_step(span: float, most: int) -> float:
    """The smallest step of 1, 2 or 5 × 10^k that cuts `span` into at most `most` parts."""
    if span <= 0:
        return 1.0
    raw = span / most
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if factor * power >= raw - 1e-12:
            return factor * power
    return 10 * power


@dataclass(frozen=True)
class _Frame:
    """Where the plot is and how values map into it."""

    low: float  # hours at the left edge
    high: float  # hours at the right edge
    unit: float  # hours per axis unit (hours per day, or 1)
    share_top: float  # the share of runs at the top of the plot
    top: float  # y of the plot's top

    def x(self, hours: float) -> float:
        """The x of a lead time, clamped to the plot."""
        hours = min(max(hours, self.low), self.high)
        return PLOT_LEFT + (hours - self.low) / (self.high - self.low) * (PLOT_RIGHT - PLOT_LEFT)

    def y(self, share: float) -> float:
        """The y of a share of runs."""
        return self.top + PLOT_H - share / self.share_top * PLOT_H

    @property
    def bottom(self) -> float:
        """y of the x axis."""
        return self.top + PLOT_H


def _value(hours: float, unit: float, words: Texts) -> str:
    if unit > 1:
        return words("time.days", n=words.number(hours / unit, 1))
    return words("time.hours", n=words.number(hours, 1))


def _axes(body: ET.Element, frame: _Frame, words: Texts) -> None:
    axis = ET.SubElement(body, "g", {"class": "axis"})
    grid = ET.SubElement(body, "g", {"class": "grid"})
    ET.SubElement(axis, "line", {"x1": num(PLOT_LEFT), "y1": num(frame.bottom), "x2": num(PLOT_RIGHT),
                                 "y2": num(frame.bottom)})
    ET.SubElement(axis, "line", {"x1": num(PLOT_LEFT), "y1": num(frame.top), "x2": num(PLOT_LEFT),
                                 "y2": num(frame.bottom)})
    low, high = frame.low / frame.unit, frame.high / frame.unit
    step = nice_step(high - low, 8)
    tick = math.ceil(low / step - 1e-9) * step
    while tick <= high + 1e-9:
        x = frame.x(tick * frame.unit)
        ET.SubElement(axis, "line", {"x1": num(x), "y1": num(frame.bottom), "x2": num(x),
                                     "y2": num(frame.bottom + 4)})
        add_text(axis, words.number(round(tick, 6)), x, frame.bottom + 17, css="muted", anchor="middle")
        tick += step
    share_step = nice_step(frame.share_top, 4)
    for index in range(1, round(frame.share_top / share_step) + 1):
        y = frame.y(index * share_step)
        ET.SubElement(grid, "line", {"x1": num(PLOT_LEFT), "y1": num(y), "x2": num(PLOT_RIGHT), "y2": num(y)})
        add_text(axis, words.percent(index * share_step), PLOT_LEFT - 6, y + 4, css="muted", anchor="end")
    add_text(axis, "0", PLOT_LEFT - 6, frame.bottom + 4, css="muted", anchor="end")
    key = "forecast.chart_axis_days" if frame.unit > 1 else "forecast.chart_axis_hours"
    add_text(axis, words[key], (PLOT_LEFT + PLOT_RIGHT) / 2, frame.bottom + 38, css="axis-title",
             anchor="middle")
    title = add_text(axis, words["forecast.chart_axis_share"], 14, frame.top + PLOT_H / 2,
                     css="axis-title", anchor="middle")
    title.set("transform", f"rotate(-90 14 {num(frame.top + PLOT_H / 2)})")


def _bars(body: ET.Element, frame: _Frame, edges: Sequence[float], series: Sequence[Series],
          words: Texts, open_end: bool) -> None:
    for index, one in enumerate(series):
        kind = SERIES_CLASSES[index]
        group = ET.SubElement(body, "g", {"class": f"bars {kind}"})
        total = sum(one.counts) or 1
        for bin_index, count in enumerate(one.counts):
            if not count:
                continue
            left, right = frame.x(edges[bin_index]), frame.x(edges[bin_index + 1])
            width = (right - left) / len(series)
            x = left + index * width
            share = count / total
            bar = ET.SubElement(group, "rect", {
                "class": f"bar s-{kind}", "x": num(x + GAP / 2), "y": num(frame.y(share)),
                "width": num(max(width - GAP, 0.5)), "height": num(frame.bottom - frame.y(share)),
                "data-count": str(count)})
            low, high = _value(edges[bin_index], frame.unit, words), _value(edges[bin_index + 1], frame.unit, words)
            key = "forecast.chart_bar_open" if open_end and bin_index == len(one.counts) - 1 else "forecast.chart_bar"
            ET.SubElement(bar, "title").text = clean(words(key, low=low, high=high, share=words.percent(share, 1)))


def _label(parent: ET.Element, text: str, x: float, y: float, css: str) -> None:
    if x <= (PLOT_LEFT + PLOT_RIGHT) / 2:
        add_text(parent, text, x + 4, y, css=css)
    else:
        add_text(parent, text, x - 4, y, css=css, anchor="end")


def _markers(body: ET.Element, frame: _Frame, series: Sequence[Series], words: Texts) -> None:
    group = ET.SubElement(body, "g", {"class": "markers"})
    row = 0
    for index, one in enumerate(series):
        kind = SERIES_CLASSES[index]
        for name, hours in (("p50", one.p50_hours), ("p85", one.p85_hours)):
            x = frame.x(hours)
            y_text = TOP_MARGIN + (row + 1 + (len(series) > 1)) * ROW - 4
            ET.SubElement(group, "line", {"class": f"marker {name} s-{kind}", "x1": num(x),
                                          "y1": num(y_text + 4), "x2": num(x), "y2": num(frame.bottom),
                                          "data-hours": num(hours)})
            text = words("forecast.chart_marker", p=name.upper(), value=_value(hours, frame.unit, words))
            if one.label:
                text = words("forecast.chart_marker_series", series=one.label, marker=text)
            _label(group, text, x, y_text, f"s-{kind}")
            row += 1


def _target(body: ET.Element, frame: _Frame, hours: float, text: str, row: int) -> None:
    x = frame.x(hours)
    y_text = TOP_MARGIN + (row + 1) * ROW - 4
    group = ET.SubElement(body, "g", {"class": "kpi-target"})
    ET.SubElement(group, "line", {"class": "target", "x1": num(x), "y1": num(y_text + 4), "x2": num(x),
                                  "y2": num(frame.bottom), "data-hours": num(hours)})
    _label(group, text, x, y_text, "target")


def _legend(body: ET.Element, series: Sequence[Series]) -> None:
    group = ET.SubElement(body, "g", {"class": "legend"})
    x = PLOT_LEFT
    for index, one in enumerate(series):
        kind = SERIES_CLASSES[index]
        ET.SubElement(group, "rect", {"class": f"bar s-{kind}", "x": num(x), "y": num(TOP_MARGIN + 2),
                                      "width": "12", "height": "12"})
        add_text(group, one.label, x + 17, TOP_MARGIN + 12)
        x += 40 + len(one.label) * 8


def aria_text(series: Sequence[Series], unit: float, words: Texts) -> str:
    """The P50 and P85 of every series in words (the chart's accessible name)."""
    runs = words.number(sum(series[0].counts))
    sentences = []
    for one in series:
        values = {"p50": _value(one.p50_hours, unit, words), "p85": _value(one.p85_hours, unit, words)}
        if one.label:
            sentences.append(words("forecast.chart_aria_series", series=one.label, **values))
        else:
            sentences.append(words("forecast.chart_aria", runs=runs, **values))
    return " ".join(sentences)


def histogram_svg(edges: Sequence[float], series: Sequence[Series], hours_per_day: float,
                  words: Texts, title: str, id_prefix: str = "", target_hours: Optional[float] = None,
                  target_label: str = "", open_end: bool = False) -> str:
    """The lead-time histogram of one or two `series` over the shared bin `edges`
    (hours, one more than the counts), as SVG text; `target_hours`: a KPI target line;
    `open_end`: the last bin also holds every longer run."""
    if not series or len(series) > len(SERIES_CLASSES) or len(edges) < 2:
        raise ValueError("histogram_svg needs one or two series and at least one bin")
    low, high = float(edges[0]), float(edges[-1])
    if target_hours is not None:
        low, high = min(low, target_hours), max(high, target_hours)
    if high <= low:
        high = low + 1.0
    unit = hours_per_day if hours_per_day > 0 and high >= 2 * hours_per_day else 1.0
    shares = [count / (sum(one.counts) or 1) for one in series for count in one.counts]
    share_step = nice_step(max(shares) or 1.0, 4)
    rows = len(series) * 2 + (len(series) > 1) + (target_hours is not None)
    frame = _Frame(low, high, unit, math.ceil(max(shares) / share_step - 1e-9) * share_step or share_step,
                   TOP_MARGIN + rows * ROW + 6)
    svg, body = svg_root(palette.stylesheet() + _css(), "sopdocs-histogram", title, id_prefix,
                         {"font-size": "12"})
    del svg.attrib["aria-labelledby"]  # the label below says more than the title
    svg.set("aria-label", clean(aria_text(series, unit, words)))
    desc_id = f"{id_prefix}sopdocs-histogram-desc"
    svg.set("aria-describedby", desc_id)
    desc = ET.Element("desc", {"id": desc_id})
    desc.text = clean(aria_text(series, unit, words))
    svg.insert(1, desc)
    _axes(body, frame, words)
    _bars(body, frame, edges, series, words, open_end)
    if len(series) > 1:
        _legend(body, series)
    _markers(body, frame, series, words)
    if target_hours is not None:
        _target(body, frame, target_hours, target_label, rows - 1)
    return to_svg_text(svg, WIDTH, frame.bottom + BOTTOM)
