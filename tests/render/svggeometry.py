"""Geometry read back from a flowchart SVG: lane and step boxes, for layout checks."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass

SVG = "{http://www.w3.org/2000/svg}"
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:e-?\d+)?")


@dataclass(frozen=True)
class Rect:
    """An axis-aligned box: left, top, right, bottom (SVG user units)."""

    left: float
    top: float
    right: float
    bottom: float

    def inside(self, other: "Rect", tolerance: float = 0.01) -> bool:
        """True when this box lies within `other` (allowing `tolerance`)."""
        return (self.left >= other.left - tolerance and self.right <= other.right + tolerance
                and self.top >= other.top - tolerance and self.bottom <= other.bottom + tolerance)

    def overlaps(self, other: "Rect") -> bool:
        """True when the interiors of the two boxes intersect."""
        return (self.left < other.right and other.left < self.right
                and self.top < other.bottom and other.top < self.bottom)


def shape_points(group: ET.Element) -> list[tuple[float, float]]:
    """All coordinates of the polygons, paths and ellipses directly drawing a group."""
    points: list[tuple[float, float]] = []
    for element in group.iter():
        tag = element.tag.replace(SVG, "")
        if tag == "polygon":
            numbers = [float(n) for n in _NUMBER.findall(element.get("points", ""))]
        elif tag == "path":
            numbers = [float(n) for n in _NUMBER.findall(element.get("d", ""))]
        elif tag == "ellipse":
            cx, cy = float(element.get("cx")), float(element.get("cy"))
            rx, ry = float(element.get("rx")), float(element.get("ry"))
            numbers = [cx - rx, cy - ry, cx + rx, cy + ry]
        else:
            continue
        points += list(zip(numbers[0::2], numbers[1::2]))
    return points


def bbox(points: list[tuple[float, float]]) -> Rect:
    """The bounding box of some points."""
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return Rect(min(xs), min(ys), max(xs), max(ys))


def groups(svg_text: str, prefix: str) -> dict[str, ET.Element]:
    """`<g>` elements whose id starts with `prefix`, keyed by the rest of the id."""
    root = ET.fromstring(svg_text.encode("utf-8"))
    return {g.get("id")[len(prefix):]: g for g in root.iter(f"{SVG}g")
            if (g.get("id") or "").startswith(prefix)}


def lane_boxes(svg_text: str) -> dict[str, Rect]:
    """Lane id → the box of its background shape, in document order."""
    return {lane_id: bbox(shape_points(g)) for lane_id, g in groups(svg_text, "lane-").items()}


def step_boxes(svg_text: str) -> dict[str, Rect]:
    """Step id → the box of its shape (all peripheries)."""
    return {step_id: bbox(shape_points(g)) for step_id, g in groups(svg_text, "step-").items()}
