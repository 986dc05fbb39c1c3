"""Swimlane flowcharts: DOT built from the model (a pure function), then laid out.

`flowchart_dot` returns the DOT text, built with the `graphviz` package (which quotes
identifiers); every label is an HTML-like label whose text sopdocs escaped itself, and
every node has an explicit size from `flowshapes`, so both engines draw the same boxes.

Swimlanes are clusters, one per lane in declared order. Each lane holds an invisible
anchor at its first and last rank: the visible title node on top and an invisible end
node; titles and ends are tied across lanes with `rank=same` (under `newrank=true`), so
every lane spans the same ranks and so has the same extent along the flow axis.
A hidden root above the titles with `ordering=out` nudges `dot` towards the declared
lane order; when it still reorders lanes, `flowchart_svg` moves them back (`laneorder`).

`flowchart_svg` runs the layout engine and post-processes the SVG (ids, classes,
titles, links, no engine comments); see `engine` and `svgpost`.
"""

from __future__ import annotations

from typing import Callable, Mapping, Optional

import graphviz

from ..diagnostics import SopdocsError
from ..graph import back_edges, can_reach_end, ends, reachable, successors, topological_order
from ..limits import DEFAULT_LIMITS, Limits
from ..model import Process, Step
from . import palette
from .flowshapes import (
    Box, edge_lines, fit_shape, html_label, lane_title_lines, step_box, step_tooltip,
    words_for,
)
from .svgwriter import clean

DIRECTIONS = ("vertical", "horizontal")
DIFF_STATUSES = ("added", "removed", "changed")
StepHref = Callable[[Step], Optional[str]]
_METRICS_WARNINGS = ("no value for width of non-ASCII character", "no hard-coded metrics for")
_ENGINE_FONT = "Helvetica"  # a font both engines have metrics for; the SVG gets the CJK stack


def default_step_href(step: Step) -> str:
    """Link of a step: its section `#step-<id>` on the process page."""
    return f"#step-{step.id}"


def _inches(points: float) -> str:
    return f"{points / 72:.4f}"


_ROOT_NODE = "lanes root"


def _title_node(lane_id: str) -> str:
    return f"{lane_id} lane-title"  # a space: never a valid step id, so never a clash


def _end_node(lane_id: str) -> str:
    return f"{lane_id} lane-end"


def _dot_text(text: str) -> graphviz.quoting.NoHtml:
    """A plain (non-HTML) DOT string attribute holding `text` literally.

    Backslashes are doubled so Graphviz's escapes (\\N, \\G, \\l ...) cannot fire;
    newlines become `\\n`; control characters (which XML and DOT cannot hold) are
    dropped; the graphviz package then escapes the quotes.
    """
    escaped = clean(text).replace("\\", "\\\\").replace("\r", "").replace("\n", "\\n")
    return graphviz.nohtml(escaped)  # never read as an HTML-like label, even if it looks like one


def _step_classes(step: Step, diff_status: Mapping[str, str], critical: set[str]) -> str:
    classes = ["step", step.type]
    if step.id in critical:
        classes.append("critical")
    status = diff_status.get(step.id)
    if status in DIFF_STATUSES:
        classes.append(status)
    if step.problems:
        classes.append("has-problems")
    return " ".join(classes)


def _shape_attrs(step: Step, box: Box) -> dict[str, str]:
    attrs = {"width": _inches(box.width), "height": _inches(box.height)}
    if step.type in ("decision", "parallel"):
        attrs.update(shape="diamond", style="filled", fillcolor=palette.light_colour("decision-fill"))
    elif step.type in ("start", "end"):
        attrs.update(shape="ellipse", style="filled", fillcolor=palette.light_colour("terminal-fill"))
    elif step.type == "subprocess":
        attrs.update(shape="box", peripheries="2", style="filled",
                     fillcolor=palette.light_colour("step-fill"))
    else:
        attrs.update(shape="box", style="rounded,filled", fillcolor=palette.light_colour("step-fill"))
    return attrs


def _add_step(lane_graph: graphviz.Digraph, process: Process, step: Step, options: dict) -> None:
    box = step_box(process, step, options["words"])
    href = options["step_href"](step)
    attrs = _shape_attrs(step, box)
    attrs.update(id=f"step-{step.id}", label=html_label(box.lines, box.text_width),
                 tooltip=_dot_text(step_tooltip(process, step, options["words"])),
                 **{"class": _step_classes(step, options["diff_status"], options["critical"])})
    if href:
        attrs["URL"] = _dot_text(href)
    lane_graph.node(step.id, **attrs)


def _lane_title_boxes(process: Process, direction: str, words: dict[str, str]) -> dict[str, Box]:
    """Title node of each lane; all share the size along the flow axis (equal lanes).

    A column title is as wide as the lane's widest step, so it spans the column.
    """
    boxes = {lane.id: fit_shape(lane_title_lines(lane.name, direction), "box") for lane in process.lanes}
    if not boxes:
        return boxes
    if direction == "vertical":
        height = max(box.height for box in boxes.values())
        widest = {lane_id: box.width for lane_id, box in boxes.items()}
        for step in process.steps:
            if step.lane in widest:
                widest[step.lane] = max(widest[step.lane], step_box(process, step, words).width)
        return {key: Box(box.lines, "box", widest[key], height) for key, box in boxes.items()}
    width = max(box.width for box in boxes.values())
    return {key: Box(box.lines, "box", width, box.height) for key, box in boxes.items()}


def _add_lanes(graph: graphviz.Digraph, process: Process, direction: str, options: dict) -> None:
    titles = _lane_title_boxes(process, direction, options["words"])
    for index, lane in enumerate(process.lanes):
        fill, stroke = palette.light_lane_colours(index)
        with graph.subgraph(name=f"cluster_{lane.id}") as lane_graph:
            lane_graph.attr(id=f"lane-{lane.id}", label="", style="filled", fillcolor=fill,
                            color=stroke, margin="8", **{"class": f"lane {palette.lane_class(index)}"})
            box = titles[lane.id]
            lane_graph.node(_title_node(lane.id), label=html_label(box.lines, box.text_width),
                            shape="box", style="filled", fillcolor=fill, color=stroke,
                            width=_inches(box.width), height=_inches(box.height),
                            id=f"title-lane-{lane.id}",
                            **{"class": f"lane-title {palette.lane_class(index)}"})
            for step in process.steps:
                if step.lane == lane.id:
                    _add_step(lane_graph, process, step, options)
            lane_graph.node(_end_node(lane.id), label="", shape="point", style="invis",
                            width="0.01", height="0.01")


def _add_anchor_ranks(graph: graphviz.Digraph, process: Process) -> None:
    """Tie titles and ends across lanes and put every step between them."""
    lane_ids = [lane.id for lane in process.lanes]
    if not lane_ids:
        return
    # `ordering=out` on a hidden root above the titles (and flat edges between them) only
    # nudge dot: it may still swap clusters to save crossings, which laneorder undoes.
    for lane_id in lane_ids:
        graph.edge(_ROOT_NODE, _title_node(lane_id), style="invis")
    for node_of in (_title_node, _end_node):
        with graph.subgraph() as same:
            same.attr(rank="same")
            for lane_id in lane_ids:
                same.node(node_of(lane_id))
        for left, right in zip(lane_ids, lane_ids[1:]):
            graph.edge(node_of(left), node_of(right), style="invis", weight="10")
    known_lanes = set(lane_ids)
    order = topological_order(process)
    rank_position = {step_id: index for index, step_id in enumerate(order)}
    first_in_lane: dict[str, str] = {}
    for step in sorted(process.steps, key=lambda s: rank_position.get(s.id, len(order))):
        if step.lane in known_lanes:
            first_in_lane.setdefault(step.lane, step.id)
    for lane_id, step_id in first_in_lane.items():
        graph.edge(_title_node(lane_id), step_id, style="invis", weight="0")
    _add_end_anchors(graph, process, known_lanes)


def _add_end_anchors(graph: graphviz.Digraph, process: Process, known_lanes: set[str]) -> None:
    """Edges that keep every step above the ends: from each sink, and from each step
    that no forward path links to the start (unreachable) or to an end (stuck loops)."""
    start = process.start_step
    seen = reachable(process)
    finishing = can_reach_end(process)
    lane_of = {step.id: step.lane for step in process.steps}
    loose = [step.id for step in process.steps
             if step.id not in seen or step.id not in finishing]
    for step_id in sorted(ends(process)) + loose:
        if lane_of.get(step_id) in known_lanes:
            graph.edge(step_id, _end_node(lane_of[step_id]), style="invis", weight="0")
    for step in process.steps:
        if step.id not in seen and step.lane in known_lanes and step is not start:
            graph.edge(_title_node(step.lane), step.id, style="invis", weight="0")


def _edge_classes(source: str, target: str, loops: set, critical: set[str]) -> str:
    classes = ["flow"]
    if (source, target) in loops:
        classes.append("rework")
    elif source in critical and target in critical:
        classes.append("critical")
    return " ".join(classes)


def _add_flow_edges(graph: graphviz.Digraph, process: Process, direction: str,
                    critical: set[str], loop_ports: bool) -> None:
    loops = set(back_edges(process))
    known = set(successors(process))
    ports = ("e", "e") if direction == "vertical" else ("s", "s")
    seen_steps: set[str] = set()
    for step in process.steps:
        if step.id in seen_steps:
            continue
        seen_steps.add(step.id)
        for index, link in enumerate(step.next):
            if link.to not in known:
                continue
            attrs = {"id": f"edge-{step.id}-{index}",
                     "class": _edge_classes(step.id, link.to, loops, critical)}
            if link.when:
                # A plain label: the engine centres each line on the label's position,
                # which an HTML label's left-aligned text would not be for CJK.
                attrs["label"] = _dot_text("\n".join(line.text for line in edge_lines(link.when)))
            if (step.id, link.to) in loops:
                attrs.update(style="dashed", constraint="false")
                if loop_ports:  # leave on the side, away from the downward flow
                    attrs.update(tailport=ports[0], headport=ports[1])
            graph.edge(step.id, link.to, **attrs)


def flowchart_graph(process: Process, direction: str = "vertical",
                    diff_status: Optional[Mapping[str, str]] = None,
                    critical: Optional[set[str]] = None,
                    step_href: Optional[StepHref] = None,
                    loop_ports: bool = True) -> graphviz.Digraph:
    """The swimlane flowchart of `process` as a `graphviz.Digraph` (not laid out).

    `diff_status` maps step id → added/removed/changed, `critical` holds the step ids
    of the critical path, `step_href` gives each step's link (default `#step-<id>`;
    return None for no link). `loop_ports=False` lets rework loops leave from any side
    (the pinned second pass routes them itself).
    """
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {DIRECTIONS}, not {direction!r}")
    options = {"words": words_for(process), "diff_status": dict(diff_status or {}),
               "critical": set(critical or ()), "step_href": step_href or default_step_href}
    graph = graphviz.Digraph(name=process.id)
    graph.attr(newrank="true", rankdir="TB" if direction == "vertical" else "LR",
               nodesep="0.3", ranksep="0.4", compound="true", outputorder="edgesfirst",
               fontname=_ENGINE_FONT, bgcolor=palette.light_colour("background"))
    graph.attr("node", fontname=_ENGINE_FONT, fontsize="12", fixedsize="true", margin="0",
               color=palette.light_colour("step-stroke"))
    graph.attr("edge", fontname=_ENGINE_FONT, fontsize="10", arrowsize="0.7",
               color=palette.light_colour("line"))
    if process.lanes:
        graph.node(_ROOT_NODE, label="", shape="point", style="invis", width="0.01",
                   height="0.01", ordering="out")
    _add_lanes(graph, process, direction, options)
    known_lanes = {lane.id for lane in process.lanes}
    for step in process.steps:
        if step.lane not in known_lanes:
            _add_step(graph, process, step, options)
    _add_anchor_ranks(graph, process)
    _add_flow_edges(graph, process, direction, options["critical"], loop_ports)
    return graph


def flowchart_dot(process: Process, direction: str = "vertical",
                  diff_status: Optional[Mapping[str, str]] = None,
                  critical: Optional[set[str]] = None,
                  step_href: Optional[StepHref] = None) -> str:
    """The DOT source of the swimlane flowchart (see `flowchart_graph`)."""
    return flowchart_graph(process, direction, diff_status, critical, step_href).source


def flowchart_layout(process: Process, direction: str = "vertical", engine: str = "auto",
                     diff_status: Optional[Mapping[str, str]] = None,
                     critical: Optional[set[str]] = None,
                     step_href: Optional[StepHref] = None,
                     limits: Limits = DEFAULT_LIMITS):
    """Run the layout engine (twice when lanes need pinning); returns `engine.Layout`.

    The links only become attributes, so one layout can be post-processed several
    times with different `step_href`s (`svgpost.postprocess_flowchart`), as long as
    every step that should be a link has one here.
    """
    from .engine import Layout, resolve_engine, run_layout
    from .laneorder import PINNED_ENGINE_ARGS, lanes_in_order, pin_lanes, read_extents

    resolve_engine(engine)  # a missing engine is not this process's fault: say so plainly
    graph = flowchart_graph(process, direction, diff_status, critical, step_href)
    timeout = limits.engine_timeout_seconds
    layout = _named(process, run_layout, graph.source, engine=engine, timeout=timeout)
    if not lanes_in_order(_named(process, read_extents, layout.output), process, direction):
        unported = flowchart_graph(process, direction, diff_status, critical, step_href, False)
        pinned = pin_lanes(unported, process, layout.output, direction, *_node_names(process))
        second = _named(process, run_layout, pinned, engine=engine, timeout=timeout,
                        extra_args=PINNED_ENGINE_ARGS)
        layout = Layout(second.output, layout.warnings + second.warnings, layout.engine)
    return layout


def flowchart_svg(process: Process, direction: str = "vertical", engine: str = "auto",
                  diff_status: Optional[Mapping[str, str]] = None,
                  critical: Optional[set[str]] = None,
                  step_href: Optional[StepHref] = None,
                  limits: Limits = DEFAULT_LIMITS, id_prefix: str = "",
                  embed_style: bool = True):
    """Lay out and post-process the flowchart; returns `svgpost.Rendered` (svg, warnings).

    `id_prefix` goes in front of every id (for pages that inline several diagrams);
    `embed_style=False` leaves out the `<style>` when the page links the stylesheet.
    """
    layout = flowchart_layout(process, direction, engine, diff_status, critical, step_href, limits)
    return finish_flowchart(layout, process, step_href, id_prefix, embed_style)


def finish_flowchart(layout, process: Process, step_href: Optional[StepHref] = None,
                     id_prefix: str = "", embed_style: bool = True):
    """Post-process a layout from `flowchart_layout` into `svgpost.Rendered`."""
    from .svgpost import postprocess_flowchart

    return postprocess_flowchart(layout, process, step_href or default_step_href,
                                 id_prefix=id_prefix, embed_style=embed_style,
                                 warnings=relevant_warnings(layout.warnings))


def _named(process: Process, run, *args, **kwargs):
    """Run a layout step; a failure or timeout says which process it was laying out (a
    handbook build lays out many)."""
    try:
        return run(*args, **kwargs)
    except SopdocsError as error:
        raise SopdocsError(f"{process.path}: the flowchart of process '{process.id}'"
                           f" could not be laid out: {error}") from None


def _node_names(process: Process) -> tuple[dict[str, str], dict[str, list[str]], str]:
    """For pinning: drawn group id → DOT node name, lane → hidden anchors, the root."""
    names = {f"step-{step.id}": step.id for step in process.steps}
    names.update({f"title-lane-{lane.id}": _title_node(lane.id) for lane in process.lanes})
    hidden = {lane.id: [_end_node(lane.id)] for lane in process.lanes}
    return names, hidden, _ROOT_NODE


def relevant_warnings(warnings: tuple[str, ...]) -> tuple[str, ...]:
    """The engine's warnings minus those about its own font metrics.

    sopdocs measures every label itself and gives every node an explicit size, so the
    engine's text metrics never decide a size; its complaints that it lacks metrics for
    a font or for non-ASCII characters are expected and say nothing about the input.
    Everything else is passed on.
    """
    return tuple(warning for warning in warnings
                 if not any(pattern in warning for pattern in _METRICS_WARNINGS))
