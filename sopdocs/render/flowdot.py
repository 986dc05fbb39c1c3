"""Positioned DOT of a swimlane flowchart, drawn by the engine in one pinned pass.

Every position comes from `lanelayout.swimlane_layout`: each step node has `pos` and a
fixed size, each lane is a cluster with its `bb` (in declared order, so the lanes'
groups come in that order in the SVG), each arrow has `pos` (a B-spline through its
route's points, with small rounded corners, ending in an arrowhead at the target's
outline) and `lp` for its label. `neato -n2` (`ENGINE_ARGS`) keeps all of it and only
draws, which both the system `dot` and `graphviz-pure` do the same way.

Labels are HTML-like labels whose text sopdocs escaped itself; plain string attributes
go through `dot_text`. Graphviz's y axis points up, the layout's down: y is flipped.
"""

from __future__ import annotations

import math
from typing import Callable, Mapping, Optional

import graphviz

from ..model import Process, Step
from . import palette
from .flowshapes import Box, edge_lines, html_label, step_tooltip, words_for
from .lanelayout import EdgeRoute, Rect, SwimlaneLayout
from .svgwriter import clean

ENGINE_ARGS = ("-Kneato", "-n2")
"""Engine flags: keep the given node positions and edge splines, only draw."""
DIFF_STATUSES = ("added", "removed", "changed")
ENGINE_FONT = "Helvetica"  # a font both engines have metrics for; the SVG gets the CJK stack
ARROW_LENGTH = 7.0  # arrowsize 0.7 × Graphviz's 10 pt
CORNER_RADIUS = 4.0
StepHref = Callable[[Step], Optional[str]]


def dot_text(text: str) -> graphviz.quoting.NoHtml:
    """A plain (non-HTML) DOT string attribute holding `text` literally.

    Backslashes are doubled so Graphviz's escapes (\\N, \\G, \\l ...) cannot fire;
    newlines become `\\n`; control characters (which XML and DOT cannot hold) are
    dropped; the graphviz package then escapes the quotes.
    """
    escaped = clean(text).replace("\\", "\\\\").replace("\r", "").replace("\n", "\\n")
    return graphviz.nohtml(escaped)  # never read as an HTML-like label, even if it looks like one


def _inches(points: float) -> str:
    return f"{points / 72:.4f}"


def _num(value: float) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def step_classes(step: Step, diff_status: Mapping[str, str], critical: set[str]) -> str:
    """The CSS classes of a step's node: `step`, its type and its markers."""
    classes = ["step", step.type]
    if step.id in critical:
        classes.append("critical")
    status = diff_status.get(step.id)
    if status in DIFF_STATUSES:
        classes.append(status)
    if step.problems:
        classes.append("has-problems")
    return " ".join(classes)


def _shape_attrs(step: Step) -> dict[str, str]:
    if step.type in ("decision", "parallel"):
        return dict(shape="diamond", style="filled", fillcolor=palette.light_colour("decision-fill"))
    if step.type in ("start", "end"):
        return dict(shape="ellipse", style="filled", fillcolor=palette.light_colour("terminal-fill"))
    if step.type == "subprocess":
        return dict(shape="box", peripheries="2", style="filled",
                    fillcolor=palette.light_colour("step-fill"))
    return dict(shape="box", style="rounded,filled", fillcolor=palette.light_colour("step-fill"))


class _Flip:
    """Layout (y down) → Graphviz (y up) coordinates."""

    def __init__(self, height: float):
        self.height = height

    def point(self, x: float, y: float) -> str:
        return f"{_num(x)},{_num(self.height - y)}"

    def centre(self, rect: Rect) -> str:
        return self.point(*rect.center)

    def bb(self, rect: Rect) -> str:
        return f"{_num(rect.x)},{_num(self.height - rect.bottom)},{_num(rect.right)},{_num(self.height - rect.y)}"


def _node_attrs(rect: Rect, box: Box, flip: _Flip) -> dict[str, str]:
    return {"pos": flip.centre(rect), "width": _inches(rect.width), "height": _inches(rect.height),
            "label": html_label(box.lines, box.text_width)}


def _add_step(graph: graphviz.Digraph, process: Process, step: Step, layout: SwimlaneLayout,
              flip: _Flip, options: dict) -> None:
    node = layout.nodes[step.id]
    attrs = _shape_attrs(step)
    attrs.update(_node_attrs(node.rect, node.box, flip), id=f"step-{step.id}",
                 tooltip=dot_text(step_tooltip(process, step, options["words"])),
                 **{"class": step_classes(step, options["diff_status"], options["critical"])})
    href = options["step_href"](step)
    if href:
        attrs["URL"] = dot_text(href)
    graph.node(step.id, **attrs)


def _add_lanes(graph: graphviz.Digraph, process: Process, layout: SwimlaneLayout, flip: _Flip,
               options: dict) -> None:
    steps = {step.id: step for step in reversed(process.steps)}  # the first of each id
    by_lane: dict[Optional[str], list[Step]] = {}
    for node in layout.nodes.values():
        by_lane.setdefault(node.lane_id, []).append(steps[node.step_id])
    for index, band in enumerate(layout.lanes):
        members = by_lane.get(band.lane_id, [])
        if band.lane_id is None:  # steps without a declared lane: no lane drawn
            for step in members:
                _add_step(graph, process, step, layout, flip, options)
            continue
        fill, stroke = palette.light_lane_colours(index)
        with graph.subgraph(name=f"cluster_{band.lane_id}") as lane:
            lane.attr(id=f"lane-{band.lane_id}", label="", style="filled", fillcolor=fill,
                      color=stroke, bb=flip.bb(band.rect),
                      **{"class": f"lane {palette.lane_class(index)}"})
            lane.node(f"{band.lane_id} lane-title", shape="box", style="filled", fillcolor=fill,
                      color=stroke, id=f"title-lane-{band.lane_id}",
                      **_node_attrs(band.title, band.title_box, flip),
                      **{"class": f"lane-title {palette.lane_class(index)}"})
            for step in members:
                _add_step(lane, process, step, layout, flip, options)


def spline(points: tuple[tuple[float, float], ...], flip: _Flip) -> str:
    """Graphviz `pos` of an arrow: cubic Bézier pieces along the orthogonal points,
    corners rounded, the last piece stopping where the arrowhead starts."""
    tip = points[-1]
    before = points[-2]
    length = math.dist(before, tip)
    cut = min(ARROW_LENGTH, length * 0.8)
    end = (tip[0] - (tip[0] - before[0]) * cut / length, tip[1] - (tip[1] - before[1]) * cut / length)
    path = list(points[:-1]) + [end]
    controls = [path[0]]

    def line_to(target):
        start = controls[-1]
        controls.extend([_lerp(start, target, 1 / 3), _lerp(start, target, 2 / 3), target])

    for index in range(1, len(path) - 1):
        corner, previous, following = path[index], path[index - 1], path[index + 1]
        radius = min(CORNER_RADIUS, math.dist(previous, corner) / 2, math.dist(corner, following) / 2)
        entry = _towards(corner, previous, radius)
        leave = _towards(corner, following, radius)
        line_to(entry)
        controls.extend([_lerp(entry, corner, 2 / 3), _lerp(leave, corner, 2 / 3), leave])
    line_to(path[-1])
    return " ".join(["e," + flip.point(*tip)] + [flip.point(*point) for point in controls])


def _lerp(a, b, share):
    return (a[0] + (b[0] - a[0]) * share, a[1] + (b[1] - a[1]) * share)


def _towards(origin, target, distance):
    length = math.dist(origin, target)
    return _lerp(origin, target, distance / length) if length else origin


def _edge_classes(route: EdgeRoute, critical: set[str]) -> str:
    if route.back:
        return "flow rework"
    if route.source in critical and route.target in critical:
        return "flow critical"
    return "flow"


def _add_edges(graph: graphviz.Digraph, layout: SwimlaneLayout, flip: _Flip, critical: set[str]) -> None:
    for route in layout.edges:
        attrs = {"id": f"edge-{route.source}-{route.index}", "pos": spline(route.points, flip),
                 "class": _edge_classes(route, critical)}
        if route.when and route.label is not None:
            # A plain label: the engine centres each line on `lp`, which an HTML label's
            # left-aligned text would not be for CJK.
            attrs["label"] = dot_text("\n".join(line.text for line in edge_lines(route.when)))
            attrs["lp"] = flip.centre(route.label)
        if route.back:
            attrs["style"] = "dashed"
        graph.edge(route.source, route.target, **attrs)


def positioned_graph(process: Process, layout: SwimlaneLayout,
                     diff_status: Optional[Mapping[str, str]], critical: Optional[set[str]],
                     step_href: StepHref, texts=None) -> graphviz.Digraph:
    """The flowchart as DOT with every position given (see the module doc); `texts`:
    the words of the tooltips (default: the process's language)."""
    options = {"words": words_for(process, texts), "diff_status": dict(diff_status or {}),
               "critical": set(critical or ()), "step_href": step_href}
    flip = _Flip(layout.height)
    graph = graphviz.Digraph(name=process.id)
    graph.attr(bb=f"0,0,{_num(layout.width)},{_num(layout.height)}", outputorder="edgesfirst",
               fontname=ENGINE_FONT, bgcolor=palette.light_colour("background"))
    graph.attr("node", fontname=ENGINE_FONT, fontsize="12", fixedsize="true", margin="0",
               color=palette.light_colour("step-stroke"))
    graph.attr("edge", fontname=ENGINE_FONT, fontsize="10", arrowsize="0.7",
               color=palette.light_colour("line"))
    _add_lanes(graph, process, layout, flip, options)
    _add_edges(graph, layout, flip, options["critical"])
    return graph
