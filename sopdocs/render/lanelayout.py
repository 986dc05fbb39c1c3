"""The swimlane flowchart's geometry, computed by sopdocs: every box, lane and arrow.

`swimlane_layout(process, direction)` places the steps on a grid (`lanegrid`: ranks
along the flow, lanes in declared order, tracks within a lane), routes the arrows
through the channels between them (`laneroute`) and labels the branches
(`lanelabel`). Its cost grows about linearly with the number of steps and arrows, so
a 1,000-step process lays out in well under a second; the layout engine then only
draws it (`flowdot`, one pinned `neato -n2` pass).

Coordinate system of `SwimlaneLayout` (also what a BPMN diagram interchange needs):
points (1/72 inch), origin at the top-left corner of the drawing, x to the right, y
downwards; rectangles are (x, y, width, height) with (x, y) their top-left corner.
The drawing spans (0, 0)–(width, height) and every lane band spans the whole drawing
along the flow (top to bottom in a vertical chart, left to right in a horizontal one),
so all lanes have the same length. Arrows are orthogonal polylines from a point on
the source's outline to a point on the target's outline (where the arrowhead's tip
is).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..model import Process
from .flowshapes import Box, edge_lines, fit_shape, lane_title_lines, step_box, words_for
from .lanegrid import Grid, lane_grid
from .lanelabel import place_labels, shared_stretch
from .laneroute import Plan, Port, Router, Wire, across_slots

WIRE_GAP = 8.0
"""Distance between two parallel arrows in one channel."""
CHANNEL_MARGIN = 10.0
"""Clearance between a channel's outermost arrow and the boxes beside it."""
MIN_RANK_GAP, MIN_TRACK_GAP, LANE_MARGIN = 30.0, 24.0, 12.0
TITLE_INSET, END_MARGIN = 4.0, 16.0
LABEL_ZONE_PAD = 4.0


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle: top-left corner (x, y), width and height (points)."""

    x: float
    y: float
    width: float
    height: float

    @property
    def center(self) -> tuple[float, float]:
        """The centre point (x, y)."""
        return (self.x + self.width / 2, self.y + self.height / 2)

    @property
    def right(self) -> float:
        """x of the right edge."""
        return self.x + self.width

    @property
    def bottom(self) -> float:
        """y of the bottom edge."""
        return self.y + self.height


@dataclass(frozen=True)
class NodeBox:
    """A step's box: its lane (None: no declared lane), shape and measured text."""

    step_id: str
    lane_id: Optional[str]
    rect: Rect
    box: Box


@dataclass(frozen=True)
class LaneBand:
    """A lane's band (None: the band of steps without a declared lane, untitled) and
    the box of its title at the start of the flow."""

    lane_id: Optional[str]
    rect: Rect
    title: Optional[Rect]
    title_box: Optional[Box]


@dataclass(frozen=True)
class EdgeRoute:
    """One arrow, the `index`-th `next` of `source`: orthogonal points from source to
    target, `back` for a rework loop, and the label's box when it has a `when`."""

    source: str
    target: str
    index: int
    back: bool
    points: tuple[tuple[float, float], ...]
    when: Optional[str]
    label: Optional[Rect]


@dataclass(frozen=True)
class SwimlaneLayout:
    """The whole chart (see the module doc for the coordinate system)."""

    direction: str
    width: float
    height: float
    lanes: tuple[LaneBand, ...]
    nodes: dict[str, NodeBox]
    edges: tuple[EdgeRoute, ...]


class _Axis:
    """Start and size of each slot along one axis, once the sizes are known."""

    def __init__(self, sizes: list[float], origin: float = 0.0):
        self.start, cursor = [], origin
        for size in sizes:
            self.start.append(cursor)
            cursor += size
        self.size, self.end = sizes, cursor

    def center(self, slot: int) -> float:
        return self.start[slot] + self.size[slot] / 2


def _abstract(width: float, height: float, direction: str) -> tuple[float, float]:
    """(across, along) of a real (width, height)."""
    return (width, height) if direction == "vertical" else (height, width)


def _real_rect(across: float, along: float, size_across: float, size_along: float,
               direction: str) -> Rect:
    if direction == "vertical":
        return Rect(across, along, size_across, size_along)
    return Rect(along, across, size_along, size_across)


class _Builder:
    def __init__(self, process: Process, direction: str, texts=None):
        self.process, self.direction = process, direction
        self.grid: Grid = lane_grid(process)
        words = words_for(process, texts)
        self.boxes = {step.id: step_box(process, step, words) for step in self.grid.steps}
        self.sizes = {step_id: _abstract(box.width, box.height, direction)
                      for step_id, box in self.boxes.items()}
        names: dict[str, str] = {}
        for lane in process.lanes:
            names.setdefault(lane.id, lane.name)
        self.titles = {lane_id: fit_shape(lane_title_lines(names[lane_id], direction), "box")
                       for lane_id in self.grid.lanes if lane_id is not None}
        self.labels = {(e.source, e.index): _label_size(e.when, direction)
                       for e in self.grid.edges if e.when}
        self.slots = across_slots(self.grid)

    def track_sizes(self) -> dict[int, float]:
        """Across size of every column slot: its widest step."""
        widths = {slot: 0.0 for slot in self.slots.columns.values()}
        for step_id, cell in self.grid.cells.items():
            slot = self.slots.columns[(cell.lane, cell.track)]
            widths[slot] = max(widths[slot], self.sizes[step_id][0])
        return widths

    def across_sizes(self, v_tracks: dict[int, int],
                     v_zones: Optional[dict[int, tuple[float, float]]] = None) -> list[float]:
        """Size of every across slot; a lane too narrow for its title gets wider margins."""
        columns = self.track_sizes()
        sizes, first = [], 0
        for lane_index, lane_id in enumerate(self.grid.lanes):
            count = 2 * self.grid.tracks[lane_index] + 1
            lane_sizes = []
            for offset in range(count):
                slot = first + offset
                if slot in columns:
                    lane_sizes.append(columns[slot])
                else:
                    edge = offset in (0, count - 1)
                    zone = sum((v_zones or {}).get(slot, (0.0, 0.0)))
                    lane_sizes.append(_channel_size(v_tracks.get(slot, 0), zone,
                                                    LANE_MARGIN if edge else MIN_TRACK_GAP))
            if lane_id is not None:
                title = _abstract(self.titles[lane_id].width, self.titles[lane_id].height,
                                  self.direction)[0] + 2 * TITLE_INSET
                extra = max(0.0, title - sum(lane_sizes))
                lane_sizes[0] += extra / 2
                lane_sizes[-1] += extra / 2
            sizes += lane_sizes
            first += count
        return sizes

    def title_band(self) -> float:
        alongs = [_abstract(box.width, box.height, self.direction)[1] for box in self.titles.values()]
        return max(alongs, default=0.0) + 2 * TITLE_INSET if alongs else 0.0

    def along_sizes(self, wires: list[Wire], plans: list[Plan]) -> list[float]:
        """Size of every along slot: H channels (wires, label zone) and ranks."""
        count = self.grid.rank_count
        rows = [0.0] * count
        for step_id, cell in self.grid.cells.items():
            rows[cell.rank] = max(rows[cell.rank], self.sizes[step_id][1])
        tracks = [0] * (count + 1)
        for wire in wires:
            if wire.channel[0] == "h":
                tracks[wire.channel[1]] = max(tracks[wire.channel[1]], wire.track + 1)
        zones = _label_zones(self, plans)
        sizes = []
        for rank in range(count + 1):
            edge = rank in (0, count)
            sizes.append(_channel_size(tracks[rank], zones.get(rank, 0.0),
                                       LANE_MARGIN if rank == 0 else END_MARGIN if edge else MIN_RANK_GAP))
            if rank < count:
                sizes.append(rows[rank])
        return sizes


def _channel_size(tracks: int, zone: float, minimum: float) -> float:
    return max(minimum, zone + 2 * CHANNEL_MARGIN + max(tracks - 1, 0) * WIRE_GAP)


def _label_size(text: str, direction: str) -> tuple[float, float]:
    lines = edge_lines(text)
    width = max((line.width for line in lines), default=0.0) + 2
    height = sum(line.height for line in lines)
    return _abstract(width, height, direction)


def _boundary(shape: str, offset: float, half_along_side: float, half_out: float) -> float:
    """How far the outline is from the centre, `offset` along a side of half-length
    `half_along_side`, when the side's middle is `half_out` from the centre."""
    share = min(abs(offset) / half_along_side, 1.0) if half_along_side else 0.0
    if shape == "ellipse":
        return half_out * (1 - share * share) ** 0.5
    if shape == "diamond":
        return half_out * (1 - share)
    return half_out


def _port_point(port: Port, centre: tuple[float, float], size: tuple[float, float],
                shape: str) -> tuple[float, float]:
    (ca, cl), (ha, hl) = centre, (size[0] / 2, size[1] / 2)
    if port.side in ("top", "bottom"):
        reach = _boundary(shape, port.offset, ha, hl)
        return (ca + port.offset, cl - reach if port.side == "top" else cl + reach)
    reach = _boundary(shape, port.offset, hl, ha)
    return (ca + reach if port.side == "right" else ca - reach, cl + port.offset)


def _wire_coordinates(wires: list[Wire], across: _Axis, along: _Axis, zones: dict[int, float],
                      v_zones: dict[int, tuple[float, float]]) -> list[float]:
    """The across (V channel) or along (H channel) coordinate of every wire."""
    counts: dict[tuple[str, int], int] = {}
    for wire in wires:
        counts[wire.channel] = max(counts.get(wire.channel, 0), wire.track + 1)
    result = []
    for wire in wires:
        kind, number = wire.channel
        bundle = (counts[wire.channel] - 1) * WIRE_GAP
        if kind == "h":
            slot = 2 * number
            zone = zones.get(number, 0.0)
            start = along.start[slot] + zone + (along.size[slot] - zone - bundle) / 2
        else:
            low, high = v_zones.get(number, (0.0, 0.0))
            start = across.start[number] + low + (across.size[number] - low - high - bundle) / 2
        result.append(start + wire.track * WIRE_GAP)
    return result


def _route_points(plan: Plan, ends: tuple[tuple[float, float], tuple[float, float]],
                  wires: list[Wire], coords: list[float]) -> tuple[tuple[float, float], ...]:
    (a, l), target = ends
    points = [(a, l)]
    for index in plan.wires:
        if wires[index].channel[0] == "h":
            l = coords[index]
        else:
            a = coords[index]
        points.append((a, l))
    if plan.wires:
        last_is_h = wires[plan.wires[-1]].channel[0] == "h"
        points.append((target[0], l) if last_is_h else (a, target[1]))
    points.append(target)
    simple = [points[0]]
    for point in points[1:]:
        if abs(point[0] - simple[-1][0]) > 1e-6 or abs(point[1] - simple[-1][1]) > 1e-6:
            simple.append(point)
    return tuple((round(x, 2), round(y, 2)) for x, y in simple)


def swimlane_layout(process: Process, direction: str = "vertical", *, texts=None) -> SwimlaneLayout:
    """Lay out the swimlane flowchart of `process` (see the module doc); `texts` are the
    words drawn in the boxes (default: the process's language), which set their sizes."""
    if direction not in ("vertical", "horizontal"):
        raise ValueError(f"direction must be vertical or horizontal, not {direction!r}")
    b = _Builder(process, direction, texts)
    draft = _Axis(b.across_sizes({}))
    shapes = {step_id: box.shape for step_id, box in b.boxes.items()}
    router = Router(b.grid, b.slots, [draft.center(s) for s in range(b.slots.count)],
                    shapes, b.sizes)
    plans = router.route()
    wires = router.wires
    v_tracks: dict[int, int] = {}
    for wire in wires:
        if wire.channel[0] == "v":
            v_tracks[wire.channel[1]] = max(v_tracks.get(wire.channel[1], 0), wire.track + 1)
    v_zones = _v_label_zones(b, plans)
    across = _Axis(b.across_sizes(v_tracks, v_zones))
    band = b.title_band()
    along_sizes = b.along_sizes(wires, plans)
    along = _Axis(along_sizes, band)
    zones = _label_zones(b, plans)
    coords = _wire_coordinates(wires, across, along, zones, v_zones)
    centres = {step_id: (across.center(b.slots.columns[(cell.lane, cell.track)]),
                         along.center(2 * cell.rank + 1)) for step_id, cell in b.grid.cells.items()}
    routes = []
    for plan in plans:
        out = _port_point(plan.out, centres[plan.edge.source], b.sizes[plan.edge.source],
                          shapes[plan.edge.source])
        into = _port_point(plan.into, centres[plan.edge.target], b.sizes[plan.edge.target],
                           shapes[plan.edge.target])
        routes.append(_route_points(plan, (out, into), wires, coords))
    return _finish(b, across, along, centres, plans, routes)


def _v_label_zones(b: _Builder, plans: list[Plan]) -> dict[int, tuple[float, float]]:
    """Room in the V channel beside a side port for its labels (side by side), next to
    the step: at the channel's low end for a right-hand port, its high end for a left one."""
    rooms: dict[tuple[int, str, str], float] = {}
    for plan in plans:
        size = b.labels.get((plan.edge.source, plan.edge.index))
        if size and plan.out.side in ("left", "right"):
            cell = b.grid.cells[plan.edge.source]
            slot = b.slots.columns[(cell.lane, cell.track)] + (1 if plan.out.side == "right" else -1)
            key = (slot, plan.out.side, plan.edge.source)
            rooms[key] = rooms.get(key, 0.0) + size[0] + LABEL_ZONE_PAD + 2
    zones: dict[int, tuple[float, float]] = {}
    for (slot, side, _), room in rooms.items():
        low, high = zones.get(slot, (0.0, 0.0))
        zones[slot] = (max(low, room), high) if side == "right" else (low, max(high, room))
    return zones


def _label_zones(b: _Builder, plans: list[Plan]) -> dict[int, float]:
    """Room at the top of the H channel below a step for its bottom ports' labels
    (stacked)."""
    rooms: dict[str, float] = {}
    for plan in plans:
        size = b.labels.get((plan.edge.source, plan.edge.index))
        if size and plan.out.side == "bottom":
            rooms[plan.edge.source] = rooms.get(plan.edge.source, 0.0) + size[1] + LABEL_ZONE_PAD
    zones: dict[int, float] = {}
    for step_id, room in rooms.items():
        channel = b.grid.cells[step_id].rank + 1
        zones[channel] = max(zones.get(channel, 0.0), room)
    return zones


def _shared_stretches(plans: list[Plan], routes: list[tuple]) -> list[float]:
    """How far each arrow shares its first segment with others leaving by its port."""
    groups: dict[tuple, list[int]] = {}
    for number, plan in enumerate(plans):
        groups.setdefault((plan.edge.source, plan.out.side, plan.out.offset), []).append(number)
    skips = [0.0] * len(plans)
    for members in groups.values():
        if len(members) > 1:
            for number, skip in zip(members, shared_stretch([routes[m] for m in members])):
                skips[number] = skip
    return skips


def _finish(b: _Builder, across: _Axis, along: _Axis, centres: dict, plans: list[Plan],
            routes: list[tuple]) -> SwimlaneLayout:
    """Lane bands, titles and labels; everything turned into real x/y. A label that
    only fits past the end of the flow or beyond the last lane makes the chart grow."""
    direction = b.direction
    nodes, solid = {}, []
    for step in b.grid.steps:
        (ca, cl), (sa, sl) = centres[step.id], b.sizes[step.id]
        solid.append((ca - sa / 2, cl - sl / 2, sa, sl))
        lane = b.grid.lanes[b.grid.cells[step.id].lane]
        nodes[step.id] = NodeBox(step.id, lane, _real_rect(*solid[-1], direction), b.boxes[step.id])
    spans, first = [], 0
    for index, lane_id in enumerate(b.grid.lanes):
        last = first + 2 * b.grid.tracks[index]
        spans.append((across.start[first], across.start[last] + across.size[last]))
        if lane_id is not None:
            start, end = spans[-1]
            solid.append((start + TITLE_INSET, TITLE_INSET, end - start - 2 * TITLE_INSET,
                          along.start[0] - 2 * TITLE_INSET))
        first = last + 1
    skips = _shared_stretches(plans, routes)
    requests = [((plan.edge.source, plan.edge.index), route,
                 b.labels[(plan.edge.source, plan.edge.index)], skip)
                for plan, route, skip in zip(plans, routes, skips) if plan.edge.when]
    placed = place_labels(requests, solid, (across.end, along.end))
    width = max([across.end] + [rect[0] + rect[2] + TITLE_INSET for rect in placed.values()])
    total = max([along.end] + [rect[1] + rect[3] + TITLE_INSET for rect in placed.values()])
    if spans:
        spans[-1] = (spans[-1][0], width)
    lanes, titles = [], iter(solid[len(b.grid.steps):])
    for (start, end), lane_id in zip(spans, b.grid.lanes):
        title = next(titles) if lane_id is not None else None
        lanes.append(LaneBand(lane_id, _real_rect(start, 0.0, end - start, total, direction),
                              _real_rect(*title, direction) if title else None,
                              b.titles.get(lane_id) if lane_id is not None else None))
    edges = []
    for plan, route in zip(plans, routes):
        label = placed.get((plan.edge.source, plan.edge.index))
        points = route if direction == "vertical" else tuple((l, a) for a, l in route)
        edges.append(EdgeRoute(plan.edge.source, plan.edge.target, plan.edge.index, plan.edge.back,
                               points, plan.edge.when, _real_rect(*label, direction) if label else None))
    size = (width, total) if direction == "vertical" else (total, width)
    return SwimlaneLayout(direction, size[0], size[1], tuple(lanes), nodes, tuple(edges))
