"""The impact × frequency matrix of a process's problems (issue 12), as our own SVG.

Three rows (impact high at the top, then medium, low) by three columns (frequency low
on the left, then medium, high), so the urgent cell is top right. Each cell is tinted
by the priority impact × frequency gives (classes `cell urgent|important|routine`) and
lists its problems, numbered as in the problem register, each linking to its step
(`xlink:href="#step-<id>"`); a cell too small for all of them ends with "+n more". Colours come from
CSS custom properties with light and dark values, and print always uses the light ones.
Built with ElementTree (text escaped); deterministic.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Optional

from ..analysis.improvement import matrix_cells, problem_register
from ..i18n import Texts
from ..model import LEVELS, Problem, Process
from . import palette
from .flowshapes import words_for
from .svgwriter import add_text, clean, fit_lines, num, svg_root, to_svg_text

XLINK_NS = "http://www.w3.org/1999/xlink"
XLINK_HREF = f"{{{XLINK_NS}}}href"
ET.register_namespace("xlink", XLINK_NS)

CELL_W = 200.0
CELL_H = 126.0
FONT_SIZE = 12.0
LINE = 16.0
MARGIN = 10.0
AXIS = 28.0
"""Room for an axis title."""
HEAD = 22.0
"""Room for the level names along an axis."""
LEFT = MARGIN + AXIS + 64.0
TOP = MARGIN + AXIS + HEAD
MAX_LINES = 6
"""Lines of problems in one cell, below the line that names the cell's priority."""

IMPACT_ROWS = LEVELS  # high, medium, low from the top
FREQUENCY_COLUMNS = tuple(reversed(LEVELS))  # low, medium, high from the left

_LIGHT = {"urgent": ("#fdecee", "#cf222e"), "important": ("#fff5d6", "#7a5200"),  # text 4.5:1 or more
          "routine": ("#eef0f3", "#5f6b7a")}
_DARK = {"urgent": ("#3d2224", "#ff7b72"), "important": ("#3a3220", "#e3b341"),
         "routine": ("#22262c", "#9aa6b5")}


def _vars(colours: dict) -> str:
    return " ".join(f"--sopdocs-matrix-{name}-fill: {fill}; --sopdocs-matrix-{name}-stroke: {stroke};"
                    for name, (fill, stroke) in colours.items())


def _css() -> str:
    root = f"svg.{palette.ROOT_CLASS}.sopdocs-matrix"
    light, dark = _vars(_LIGHT), _vars(_DARK)
    printed = " ".join(f"--sopdocs-{name}: {palette.light_colour(name)};"
                       for name in ("background", "text", "muted-text", "line"))
    rules = "".join(
        f"{root} .cell.{name} > rect {{ fill: var(--sopdocs-matrix-{name}-fill);"
        f" stroke: var(--sopdocs-matrix-{name}-stroke); stroke-width: 1.5; }}\n"
        f"{root} .cell.{name} text.priority {{ fill: var(--sopdocs-matrix-{name}-stroke); }}\n"
        for name in _LIGHT)
    return (f"{root} {{ {light} }}\n"
            f"@media (prefers-color-scheme: dark) {{ {root} {{ {dark} }} }}\n"
            f'[data-md-color-scheme="default"] {root} {{ {light} }}\n'
            f'[data-md-color-scheme="slate"] {root} {{ {dark} }}\n'
            f"@media print {{ {root}, [data-md-color-scheme] {root} {{ {printed} {light} }} }}\n"
            f"{rules}"
            f"{root} text {{ font-size: 12px; }}\n"
            f"{root} text.axis, {root} text.priority {{ font-weight: 700; }}\n"
            f"{root} a:hover text, {root} a:focus text {{ text-decoration: underline; }}\n")


def _problem_lines(rows, numbers: dict, words: Texts) -> list[tuple[str, str, Optional[str]]]:
    """(shown text, full text, step id) per line of a cell: `n. description` on two
    lines each when they all fit, else on one line each, cut to the cell's width; a cell
    that cannot hold them all ends with `+k more`."""
    width = CELL_W - 16
    per_problem = 2 if 2 * len(rows) <= MAX_LINES else 1
    lines = []
    for row in rows:
        full = f"{numbers[id(row.problem)]}. {row.problem.description}"
        lines.append([(text, full, row.step.id) for text in fit_lines(full, width, FONT_SIZE, per_problem)])
    if len(lines) > MAX_LINES:
        hidden = len(lines) - (MAX_LINES - 1)
        more = words("improve_matrix_more", n=words.number(hidden))
        lines = lines[:MAX_LINES - 1] + [[(more, more, None)]]
    return [line for problem in lines for line in problem]


def _cell(body: ET.Element, impact: str, frequency: str, rows, numbers: dict,
          words: Texts, id_prefix: str) -> None:
    priority = Problem("", impact=impact, frequency=frequency).derived_priority
    x = LEFT + FREQUENCY_COLUMNS.index(frequency) * CELL_W
    y = TOP + IMPACT_ROWS.index(impact) * CELL_H
    group = ET.SubElement(body, "g", {"id": f"{id_prefix}cell-{impact}-{frequency}",
                                      "class": f"cell {priority}", "data-count": str(len(rows))})
    ET.SubElement(group, "title").text = clean(words(
        "improve_matrix_cell_tip", impact=words.value("level", impact),
        frequency=words.value("level", frequency), priority=words.value("priority", priority),
        n=words.number(len(rows))))
    ET.SubElement(group, "rect", {"x": num(x), "y": num(y), "width": num(CELL_W),
                                  "height": num(CELL_H), "fill": _LIGHT[priority][0]})
    add_text(group, words.value("priority", priority), x + 8, y + 18, css="priority")
    link, linked = None, None
    for index, (text, full, step_id) in enumerate(_problem_lines(rows, numbers, words)):
        if step_id is None:
            add_text(group, text, x + 8, y + 18 + LINE * (index + 1), css="muted")
            continue
        if linked != full:  # a problem's lines share one link
            # xlink:href, as in the flowchart: Material's instant navigation rewrites every
            # a[href] and fails on an SVG link's read-only `href`
            link, linked = ET.SubElement(group, "a", {XLINK_HREF: f"#step-{step_id}", "class": "problem"}), full
            ET.SubElement(link, "title").text = clean(full)
        add_text(link, text, x + 8, y + 18 + LINE * (index + 1))


def _axes(body: ET.Element, words: Texts) -> None:
    grid_w, grid_h = 3 * CELL_W, 3 * CELL_H
    add_text(body, words["improve_matrix_frequency"], LEFT + grid_w / 2, MARGIN + 18, css="axis",
             anchor="middle")
    for index, level in enumerate(FREQUENCY_COLUMNS):
        add_text(body, words.value("level", level), LEFT + (index + 0.5) * CELL_W, TOP - 7,
                 css="muted", anchor="middle")
    title_x, title_y = MARGIN + 18, TOP + grid_h / 2
    axis = add_text(body, words["improve_matrix_impact"], title_x, title_y, css="axis", anchor="middle")
    axis.set("transform", f"rotate(-90 {num(title_x)} {num(title_y)})")
    for index, level in enumerate(IMPACT_ROWS):
        add_text(body, words.value("level", level), LEFT - 8, TOP + (index + 0.5) * CELL_H + 4,
                 css="muted", anchor="end")


def matrix_svg(process: Process, id_prefix: str = "", texts: Optional[Texts] = None) -> str:
    """The problems of `process` in the impact × frequency matrix, as SVG text (`texts`:
    the words drawn, default the process's language)."""
    words = words_for(process, texts)
    numbers = {id(row.problem): index for index, row in enumerate(problem_register(process), start=1)}
    svg, body = svg_root(palette.stylesheet() + _css(), "sopdocs-matrix",
                         words("improve_matrix_title", title=process.title), id_prefix,
                         {"font-size": num(FONT_SIZE)})
    _axes(body, words)
    for (impact, frequency), rows in matrix_cells(process).items():
        _cell(body, impact, frequency, rows, numbers, words, id_prefix)
    return to_svg_text(svg, LEFT + 3 * CELL_W + MARGIN, TOP + 3 * CELL_H + MARGIN)
