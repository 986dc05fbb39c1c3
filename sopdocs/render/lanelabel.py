"""Placing branch labels (`when` texts) next to their arrows, clear of every box.

Each label is tried at a few spots at the start, quarters and end of every segment
of its route (nearest the source first): beside the segment, a few points off it. When
several arrows leave by one port, only spots past the point where this one parts from
the others count, so each label sits on its own branch. A
spot before the drawing's start is never taken, one that overlaps a step box, a lane
title or another label only when no other spot exists (the layout leaves room beside
every port that carries a label, so that does not happen in practice); a spot past
the drawing's end makes the chart grow and costs as much as crossing twenty arrows;
otherwise the spot crossing (or hugging) the fewest other arrows wins, then the one
nearest the source. Labels of branches that part from their siblings first are placed
first. Lookups go through a bucket grid, so the cost stays linear.
Coordinates are the layout's abstract (across, along) ones; rectangles are
(across, along, size across, size along).
"""

from __future__ import annotations

from typing import Iterable, Optional

Box4 = tuple[float, float, float, float]
Point = tuple[float, float]

GAP = 3.0
"""Distance between a label and the segment it labels."""
CLEARANCE = 2.0
"""Minimum distance between a label and a box or another label."""
NEAR = 5.0
"""A label this close to another arrow counts as crossing it (it would seem to label it)."""
_BUCKET = 96.0


class BucketIndex:
    """Rectangles in a uniform grid of buckets, for overlap queries."""

    def __init__(self) -> None:
        self.buckets: dict[tuple[int, int], list[Box4]] = {}

    def _keys(self, rect: Box4) -> Iterable[tuple[int, int]]:
        a, l, sa, sl = rect
        for i in range(int(a // _BUCKET), int((a + sa) // _BUCKET) + 1):
            for j in range(int(l // _BUCKET), int((l + sl) // _BUCKET) + 1):
                yield (i, j)

    def add(self, rect: Box4) -> None:
        """Index one rectangle."""
        for key in self._keys(rect):
            self.buckets.setdefault(key, []).append(rect)

    def count(self, rect: Box4, margin: float = 0.0) -> int:
        """How many indexed rectangles overlap `rect` grown by `margin` (interiors)."""
        grown = _grown(rect, margin)
        found = set()
        for key in self._keys(grown):
            for other in self.buckets.get(key, ()):
                if other not in found and _overlap(grown, other):
                    found.add(other)
        return len(found)


def _grown(rect: Box4, margin: float) -> Box4:
    return (rect[0] - margin, rect[1] - margin, rect[2] + 2 * margin, rect[3] + 2 * margin)


def _overlap(first: Box4, second: Box4) -> bool:
    return (first[0] < second[0] + second[2] and second[0] < first[0] + first[2]
            and first[1] < second[1] + second[3] and second[1] < first[1] + first[3])


def _segment_box(p: Point, q: Point) -> Box4:
    return (min(p[0], q[0]), min(p[1], q[1]), abs(p[0] - q[0]), abs(p[1] - q[1]))


def _candidates(points: tuple[Point, ...], size: Point,
                skip: float) -> list[tuple[float, Box4, bool]]:
    """(distance from the source, rectangle, whether it lies left of its anchor) for
    every spot tried along a route, from `skip` on (the stretch it shares with sibling
    arrows leaving by the same port)."""
    spots, walked = [], 0.0
    for p, q in zip(points, points[1:]):
        length = abs(q[0] - p[0]) + abs(q[1] - p[1])
        shares = [0.0, 0.25, 0.5, 0.75, 1.0]
        if walked < skip + 2 < walked + length:
            shares.append((skip + 2 - walked) / length)  # just past the fork
        for share in sorted(shares):
            if walked + length * share < skip:
                continue
            anchor = (p[0] + (q[0] - p[0]) * share, p[1] + (q[1] - p[1]) * share)
            for da in (1, -1):
                for dl in (1, -1):
                    a = anchor[0] + GAP if da > 0 else anchor[0] - GAP - size[0]
                    l = anchor[1] + GAP if dl > 0 else anchor[1] - GAP - size[1]
                    spots.append((walked + length * share, (a, l, size[0], size[1]), da < 0))
        walked += length
    return spots


def shared_stretch(routes: list[tuple[Point, ...]]) -> list[float]:
    """For arrows leaving one port: how far each runs along the common first segment
    before it parts from the others (0 for an arrow alone on its port). An arrow drawn
    exactly on top of another (a repeated link) never parts from it, so that one does
    not count: their labels are stacked instead (see `place_labels`)."""
    firsts = [abs(r[1][0] - r[0][0]) + abs(r[1][1] - r[0][1]) for r in routes]
    return [max((min(own, firsts[j]) for j, other in enumerate(routes)
                 if j != i and other != routes[i]), default=0.0)
            for i, own in enumerate(firsts)]


def _stacks(requests: list[tuple[object, tuple[Point, ...], Point, float]]) -> list[tuple]:
    """Requests with the very same route merged into one: (keys, route, sizes, skip),
    the labels to be stacked along the flow in request order."""
    merged: dict[tuple[Point, ...], tuple[list, tuple[Point, ...], list, float]] = {}
    for key, points, size, skip in requests:
        entry = merged.setdefault(points, ([], points, [], skip))
        entry[0].append(key)
        entry[2].append(size)
    return list(merged.values())


def _split(block: Box4, sizes: list[Point], right_aligned: bool) -> list[Box4]:
    """The labels of a stacked block, one after the other along the flow, CLEARANCE
    apart, each against the block's edge nearer its arrow."""
    rects, along = [], block[1]
    for size in sizes:
        across = block[0] + block[2] - size[0] if right_aligned else block[0]
        rects.append((across, along, size[0], size[1]))
        along += size[1] + CLEARANCE
    return rects


def place_labels(requests: list[tuple[object, tuple[Point, ...], Point, float]],
                 obstacles: list[Box4], bounds: Point) -> dict[object, Box4]:
    """Key → label rectangle, for (key, route points, label size, shared stretch)
    requests in order (see `shared_stretch`). Labels of arrows drawn on one route
    (repeated links) are placed as one block, stacked along the flow.

    `obstacles` are the boxes no label may touch (steps, lane titles); `bounds` the
    drawing's (across, along) size.
    """
    solid, labels, lines = BucketIndex(), BucketIndex(), BucketIndex()
    for rect in obstacles:
        solid.add(rect)
    for _, points, _, _ in requests:
        for p, q in zip(points, points[1:]):
            lines.add(_segment_box(p, q))
    placed: dict[object, Box4] = {}
    for keys, points, sizes, skip in sorted(_stacks(requests), key=lambda stack: stack[3]):
        size = (max(s[0] for s in sizes), sum(s[1] for s in sizes) + CLEARANCE * (len(sizes) - 1))
        best = _best_spot(points, size, skip, (solid, labels, lines), bounds)
        if best is not None:
            for key, rect in zip(keys, _split(best[1], sizes, best[2])):
                placed[key] = rect
                labels.add(rect)
    return placed


def _best_spot(points: tuple[Point, ...], size: Point, skip: float,
               indexes: tuple[BucketIndex, BucketIndex, BucketIndex],
               bounds: Point) -> Optional[tuple[float, Box4, bool]]:
    """(score, rectangle, left of its anchor) of the best spot for one label (block)."""
    solid, labels, lines = indexes
    mine = {_segment_box(p, q) for p, q in zip(points, points[1:])}
    best: Optional[tuple[float, Box4, bool]] = None
    for walked, rect, left in _candidates(points, size, skip):  # nearest the source first
        if best is not None and walked * 0.05 >= best[0]:
            break  # no later spot can score better
        if rect[0] < 0 or rect[1] < 0:
            continue  # before the drawing's start: never
        past = rect[0] + rect[2] > bounds[0] or rect[1] + rect[3] > bounds[1]  # the chart grows
        blocked = solid.count(rect, CLEARANCE) * 1000 + labels.count(rect, CLEARANCE) * 1000
        crossed = lines.count(rect, NEAR) - sum(_overlap(_grown(rect, NEAR), own) for own in mine)
        score = blocked + (400 if past else 0) + crossed * 20 + walked * 0.05
        if best is None or score < best[0]:
            best = (score, rect, left)
    return best
