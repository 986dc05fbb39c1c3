"""Putting the lanes back in declared order when `dot` has reordered them.

`dot` treats each cluster as a block it may move to reduce edge crossings, and no
attribute stops it (flat edges and `ordering` do not bind cluster skeletons). So
after the first layout we read where each lane ended up; if the order differs from
the declaration, each lane is moved whole (all its nodes by the same offset, lanes
kept as far apart as before), every node is pinned at its new position, and the
edges are routed again with `neato -n2`, which keeps given positions. Ranks (the flow
axis) never change, so lanes keep their equal extents.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import graphviz

from ..diagnostics import SopdocsError
from ..model import Process

_SVG = "{http://www.w3.org/2000/svg}"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
PINNED_ENGINE_ARGS = ("-Kneato", "-n2")
"""Engine flags for the second pass: keep the given positions, route the edges."""


@dataclass(frozen=True)
class Extent:
    """A box in layout coordinates (points, y up): left, bottom, right, top."""

    left: float
    bottom: float
    right: float
    top: float

    @property
    def center(self) -> tuple[float, float]:
        """Centre point (x, y)."""
        return ((self.left + self.right) / 2, (self.bottom + self.top) / 2)


def _group_extent(group: ET.Element) -> Extent | None:
    """Box of a group's shapes, with the SVG's y flipped to point up."""
    xs: list[float] = []
    ys: list[float] = []
    for element in group.iter():
        if element.tag == f"{_SVG}ellipse":
            cx, cy = float(element.get("cx", "0")), float(element.get("cy", "0"))
            rx, ry = float(element.get("rx", "0")), float(element.get("ry", "0"))
            xs += [cx - rx, cx + rx]
            ys += [cy - ry, cy + ry]
        elif element.tag in (f"{_SVG}polygon", f"{_SVG}path"):
            numbers = [float(n) for n in _NUMBER.findall(element.get("points") or element.get("d") or "")]
            xs += numbers[0::2]
            ys += numbers[1::2]
    if not xs:
        return None
    return Extent(min(xs), -max(ys), max(xs), -min(ys))


def read_extents(svg_text: str) -> dict[str, Extent]:
    """Element id → box, for every `<g>` with an id (lanes, steps, lane titles)."""
    try:
        root = ET.fromstring(svg_text.encode("utf-8"))
    except ET.ParseError as error:
        raise SopdocsError(f"the layout engine wrote SVG that cannot be read: {error}") from None
    extents = {}
    for group in root.iter(f"{_SVG}g"):
        group_id = group.get("id")
        if group_id:
            extent = _group_extent(group)
            if extent is not None:
                extents[group_id] = extent
    return extents


def _across(extent: Extent, direction: str) -> tuple[float, float]:
    """(start, end) of a box across the lanes: left→right, or top→bottom."""
    if direction == "vertical":
        return extent.left, extent.right
    return -extent.top, -extent.bottom


def lanes_in_order(extents: dict[str, Extent], process: Process, direction: str) -> bool:
    """True when the lanes appear in declared order (left to right, or top to bottom)."""
    starts = [_across(extents[f"lane-{lane.id}"], direction)[0]
              for lane in process.lanes if f"lane-{lane.id}" in extents]
    return starts == sorted(starts)


def lane_offsets(extents: dict[str, Extent], process: Process, direction: str) -> dict[str, float]:
    """Lane id → how far to move it across the lanes so they come in declared order.

    Lanes keep their own widths; the gap between neighbours is the smallest gap the
    engine left between any two lanes.
    """
    boxes = {lane.id: _across(extents[f"lane-{lane.id}"], direction) for lane in process.lanes
             if f"lane-{lane.id}" in extents}
    ordered = sorted(boxes.values())
    gaps = [after[0] - before[1] for before, after in zip(ordered, ordered[1:])]
    gap = max(min(gaps, default=0.0), 0.0)
    cursor = min((start for start, _ in boxes.values()), default=0.0)
    offsets = {}
    for lane in process.lanes:
        if lane.id in boxes:
            start, end = boxes[lane.id]
            offsets[lane.id] = cursor - start
            cursor += (end - start) + gap
    return offsets


def _moved(extent: Extent, offset: float, direction: str) -> Extent:
    if direction == "vertical":
        return Extent(extent.left + offset, extent.bottom, extent.right + offset, extent.top)
    return Extent(extent.left, extent.bottom - offset, extent.right, extent.top - offset)


def pin_lanes(graph: graphviz.Digraph, process: Process, svg_text: str, direction: str,
              node_names: dict[str, str], hidden: dict[str, list[str]], root: str) -> str:
    """DOT for the second pass: every node pinned, lanes moved into declared order.

    `node_names` maps each drawn group id (`step-x`, `title-lane-y`) to its DOT node
    name; `hidden` lists each lane's invisible anchors (pinned in the lane's margin at
    the end of the flow); `root` is the hidden node before the lanes.
    """
    extents = read_extents(svg_text)
    offsets = lane_offsets(extents, process, direction)
    pinned = graph.copy()
    pinned.attr(splines="true", overlap="true")
    lane_of = {f"step-{step.id}": step.lane for step in process.steps}
    lane_of.update({f"title-lane-{lane.id}": lane.id for lane in process.lanes})
    for group_id, name in node_names.items():
        if group_id in extents:
            offset = offsets.get(lane_of.get(group_id) or "", 0.0)
            pinned.node(name, pos=_point(_moved(extents[group_id], offset, direction).center))
    lane_boxes = []
    for lane in process.lanes:
        if f"lane-{lane.id}" not in extents:
            continue
        box = _moved(extents[f"lane-{lane.id}"], offsets.get(lane.id, 0.0), direction)
        lane_boxes.append(box)
        for name in hidden.get(lane.id, []):
            pinned.node(name, pos=_point(_far_end(box, direction)))
        with pinned.subgraph(name=f"cluster_{lane.id}") as cluster:
            cluster.attr(bb=f"{box.left:.2f},{box.bottom:.2f},{box.right:.2f},{box.top:.2f}")
    if lane_boxes:
        pinned.node(root, pos=_point(_before_start(lane_boxes[0], direction)))
    return pinned.source


def _point(center: tuple[float, float]) -> str:
    return f"{center[0]:.2f},{center[1]:.2f}"


def _far_end(box: Extent, direction: str) -> tuple[float, float]:
    """A point in the lane's margin at the end of the flow, clear of every node."""
    x, y = box.center
    return (x, box.bottom + 2) if direction == "vertical" else (box.right - 2, y)


def _before_start(box: Extent, direction: str) -> tuple[float, float]:
    """A point before the start of the flow, outside the lanes (for the hidden root)."""
    x, y = box.center
    return (x, box.top + 20) if direction == "vertical" else (box.left - 20, y)
