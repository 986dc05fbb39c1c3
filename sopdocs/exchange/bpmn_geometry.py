"""Where things sit in a BPMN diagram: the one seam between the BPMN export and a layout.

`diagram_geometry(process)` is the only function the BPMN export asks for geometry: a
box per step, a band per lane and a route per flow, in points with y pointing down.
They come from sopdocs's own swimlane layout (`render.lanelayout.swimlane_layout`) in
its horizontal form, a row per lane and the flow from left to right as modelling tools
draw BPMN: the step boxes, the lane bands (touching, all as long as the drawing) and the
orthogonal routes from outline to outline, exactly as the flowchart draws them. No
layout engine runs, so exporting needs no Graphviz.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Process

Point = tuple[float, float]


@dataclass(frozen=True)
class Box:
    """A rectangle: top-left corner (x, y) and size, y pointing down."""

    x: float
    y: float
    width: float
    height: float

    @property
    def center(self) -> Point:
        """The centre point."""
        return (self.x + self.width / 2, self.y + self.height / 2)


@dataclass(frozen=True)
class Geometry:
    """Step id → box, lane id → band (in declared order, touching, equally long) and
    (step id, index in its `next`) → route from the source's border to the target's."""

    steps: dict[str, Box] = field(default_factory=dict)
    lanes: dict[str, Box] = field(default_factory=dict)
    flows: dict[tuple[str, int], tuple[Point, ...]] = field(default_factory=dict)


def diagram_geometry(process: Process) -> Geometry:
    """Lay out `process` as a horizontal swimlane chart and return its geometry."""
    from ..render.lanelayout import swimlane_layout

    layout = swimlane_layout(process, "horizontal")
    steps = {node.step_id: _box(node.rect) for node in layout.nodes.values()}
    lanes = {band.lane_id: _box(band.rect) for band in layout.lanes if band.lane_id is not None}
    flows = {(edge.source, edge.index): tuple(edge.points) for edge in layout.edges}
    return Geometry(steps, lanes, flows)


def _box(rect) -> Box:
    return Box(rect.x, rect.y, rect.width, rect.height)
