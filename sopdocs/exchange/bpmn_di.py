"""The BPMN diagram (BPMN DI) of an export: shapes, lane bands and edge waypoints.

The geometry comes from `bpmn_geometry.diagram_geometry` (the one place that knows the
layout). Tasks keep their laid-out boxes; events become 36 × 36 circles and gateways
50 × 50 diamonds at the same centres (the sizes modelling tools use), and every route
is re-attached to those outlines. A parallel join the export adds has no box of its
own: it sits on the first route into its step, just before that step. The pool is the
lanes plus a 30-point header on the left, as bpmn-js and Camunda Modeler draw it.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from typing import Callable

from ..model import Process
from .bpmn_export import Flow, Node
from .bpmn_geometry import Box, Geometry, Point, diagram_geometry
from .bpmn_names import BPMNDI_NS, DC_NS, DI_NS, lane_ref

_EVENT, _GATEWAY, _JOIN, _HEADER = 36.0, 50.0, 30.0, 30.0
_MARGIN = 30.0


def _di(tag: str) -> str:
    return f"{{{BPMNDI_NS}}}{tag}"


def _inside(kind: str, box: Box) -> Callable[[Point], bool]:
    cx, cy = box.center
    hw, hh = box.width / 2, box.height / 2
    if kind == "circle":
        return lambda p: math.hypot(p[0] - cx, p[1] - cy) <= hw
    if kind == "diamond":
        return lambda p: abs(p[0] - cx) / hw + abs(p[1] - cy) / hh <= 1
    return lambda p: abs(p[0] - cx) <= hw and abs(p[1] - cy) <= hh


def _crossing(inside: Callable[[Point], bool], a: Point, b: Point) -> Point:
    """Where the segment from `a` (inside) to `b` (outside) crosses the outline."""
    for _ in range(40):
        middle = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
        if inside(middle):
            a = middle
        else:
            b = middle
    return b


def _attach_start(points: list[Point], kind: str, box: Box) -> list[Point]:
    inside = _inside(kind, box)
    while len(points) > 1 and inside(points[1]):
        points = points[1:]
    if len(points) > 1 and inside(points[0]):
        return [_crossing(inside, points[0], points[1])] + points[1:]
    if points and not inside(points[0]):
        return [_crossing(inside, box.center, points[0])] + points
    return points


def attach(route: tuple[Point, ...], source: tuple[str, Box], target: tuple[str, Box]) -> list[Point]:
    """The route re-attached to the outlines of its source and target shapes."""
    points = list(route) or [source[1].center, target[1].center]
    points = _attach_start(points, *source)
    points = _attach_start(points[::-1], *target)[::-1]
    return points if len(points) >= 2 else [source[1].center, target[1].center]


def _outline(element: str, box: Box) -> tuple[str, Box]:
    """The BPMN shape of a node laid out in `box`: (outline kind, bounds)."""
    cx, cy = box.center
    if element.endswith("Event"):
        return "circle", Box(cx - _EVENT / 2, cy - _EVENT / 2, _EVENT, _EVENT)
    if element.endswith("Gateway"):
        return "diamond", Box(cx - _GATEWAY / 2, cy - _GATEWAY / 2, _GATEWAY, _GATEWAY)
    return "rect", box


def _cut(route: tuple[Point, ...], distance: float) -> tuple[list[Point], Point]:
    """The route without its last `distance` points of length, and the point where it
    was cut (the route's start when it is shorter)."""
    points = list(route)
    while len(points) > 1:
        a, b = points[-2], points[-1]
        length = math.hypot(b[0] - a[0], b[1] - a[1])
        if length > distance:
            t = distance / length
            cut = (b[0] + (a[0] - b[0]) * t, b[1] + (a[1] - b[1]) * t)
            return points[:-1], cut
        distance -= length
        points.pop()
    return points[:1], points[0]


def _shapes(nodes: list[Node], flows: list[Flow], geometry: Geometry) -> dict[str, tuple[str, Box]]:
    shapes = {}
    for node in nodes:
        if node.step is not None and node.step.id in geometry.steps:
            shapes[node.id] = _outline(node.element, geometry.steps[node.step.id])
    for node in nodes:
        if node.step is None:
            into = [f.route for f in flows if f.target == node.id and f.route in geometry.flows]
            if into:
                _, (cx, cy) = _cut(geometry.flows[into[0]], _JOIN)
                shapes[node.id] = ("diamond", Box(cx - _JOIN / 2, cy - _JOIN / 2, _JOIN, _JOIN))
    return shapes


def _waypoints(flow: Flow, geometry: Geometry, shapes: dict) -> list[Point]:
    """The flow's route attached to its shapes; a flow into a join is cut short there."""
    route = geometry.flows.get(flow.route, ())
    source, target = shapes[flow.source], shapes[flow.target]
    if route and flow.target.startswith("join-"):
        kept, _ = _cut(route, _JOIN * 1.5)
        route = tuple(kept) + (target[1].center,)
    return attach(route, source, target)


def _bounds(parent: ET.Element, box: Box, dx: float, dy: float) -> None:
    ET.SubElement(parent, f"{{{DC_NS}}}Bounds", {
        "x": _coordinate(box.x + dx), "y": _coordinate(box.y + dy),
        "width": _coordinate(box.width), "height": _coordinate(box.height)})


def _coordinate(value: float) -> str:
    return str(round(value))


def diagram_element(process: Process, nodes: list[Node], flows: list[Flow]) -> ET.Element:
    """The `bpmndi:BPMNDiagram` element for the export's nodes and flows."""
    geometry = diagram_geometry(process)
    shapes = _shapes(nodes, flows, geometry)
    bands = [(lane.id, geometry.lanes[lane.id]) for lane in process.lanes if lane.id in geometry.lanes]
    left = min((box.x for _, box in bands), default=0.0) - _HEADER
    top = min((box.y for _, box in bands), default=0.0)
    dx, dy = _MARGIN - left, _MARGIN - top
    diagram = ET.Element(_di("BPMNDiagram"), {"id": f"diagram-{process.id}"})
    plane = ET.SubElement(diagram, _di("BPMNPlane"), {"id": f"plane-{process.id}",
                                                      "bpmnElement": f"collaboration-{process.id}"})
    if bands:
        right = max(box.x + box.width for _, box in bands)
        bottom = max(box.y + box.height for _, box in bands)
        pool = ET.SubElement(plane, _di("BPMNShape"), {"id": f"participant-{process.id}-di",
                                                       "bpmnElement": f"participant-{process.id}",
                                                       "isHorizontal": "true"})
        _bounds(pool, Box(left, top, right - left, bottom - top), dx, dy)
    for lane_id, box in bands:
        shape = ET.SubElement(plane, _di("BPMNShape"), {"id": f"{lane_ref(lane_id)}-di",
                                                        "bpmnElement": lane_ref(lane_id),
                                                        "isHorizontal": "true"})
        _bounds(shape, box, dx, dy)
    for node in nodes:
        if node.id in shapes:
            attrs = {"id": f"{node.id}-di", "bpmnElement": node.id}
            if node.element == "exclusiveGateway":
                attrs["isMarkerVisible"] = "true"
            _bounds(ET.SubElement(plane, _di("BPMNShape"), attrs), shapes[node.id][1], dx, dy)
    for flow in flows:
        if flow.source not in shapes or flow.target not in shapes:
            continue
        edge = ET.SubElement(plane, _di("BPMNEdge"), {"id": f"{flow.id}-di", "bpmnElement": flow.id})
        for x, y in _waypoints(flow, geometry, shapes):
            ET.SubElement(edge, f"{{{DI_NS}}}waypoint", {"x": _coordinate(x + dx), "y": _coordinate(y + dy)})
    return diagram

