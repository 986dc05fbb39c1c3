"""The swimlane layout computed by sopdocs (lanegrid, laneroute, lanelabel, lanelayout):
hand-computed ranks and tracks for small processes, and geometric properties over every
sample, every fixture, a 1,000-step process and Hypothesis-generated processes: boxes
inside their lanes, lanes in declared order and of equal length, no overlapping boxes,
orthogonal routes from outline to outline that pass through no other box, no two
arrows drawn on top of each other, labels clear of every box and of each other."""

from __future__ import annotations

import math

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.bigchart import big_process
from sopdocs.load import load_text
from sopdocs.model import Lane, Link, Process, Step
from sopdocs.render.lanegrid import lane_grid
from sopdocs.render.lanelayout import swimlane_layout
from sopdocs.validate import load_process
from tests.conftest import FIXTURES, sample_files

TOLERANCE = 0.05  # pt; coordinates are rounded to 0.01
FILES = [pytest.param(path, id=path.stem)
         for path in sample_files() + sorted((FIXTURES / "flowchart").glob("*.yaml"))]


def _process(text: str) -> Process:
    loaded = load_text(text, "case.yaml")
    assert loaded.process is not None, loaded.diagnostics
    return loaded.process


FORK = _process("""
title: Fork and merge in one lane
lanes: [{id: x, name: X}]
steps:
  - {id: s, name: Start, type: start, lane: x, next: d}
  - {id: d, name: "Which?", type: decision, lane: x, next: [{to: p, when: left}, {to: q, when: right}]}
  - {id: p, name: P, lane: x, next: m}
  - {id: q, name: Q, lane: x, next: m}
  - {id: m, name: Merge, lane: x, next: e}
  - {id: e, name: End, type: end, lane: x}
""")

LOOP = _process("""
title: A loop across two lanes
lanes: [{id: x, name: X}, {id: y, name: Y}]
steps:
  - {id: a, name: A, lane: x, next: b}
  - {id: b, name: B, lane: y, next: c}
  - {id: c, name: "C?", type: decision, lane: x, next: [{to: d, when: ok}, {to: b, when: again}]}
  - {id: d, name: D, lane: y}
""")

LOOSE = _process("""
title: A step nothing leads to, and one in an undeclared lane
lanes: [{id: x, name: X}]
steps:
  - {id: a, name: A, lane: x, next: b}
  - {id: b, name: B, lane: x, next: c}
  - {id: c, name: C, lane: x, next: d}
  - {id: d, name: D, lane: x}
  - {id: z, name: Z, lane: x, next: d}
  - {id: w, name: W, lane: nowhere, next: d}
""")


# ---------------------------------------------------------------- grid, by hand

def test_fork_ranks_and_tracks():
    grid = lane_grid(FORK)
    cells = {step_id: (cell.lane, cell.track, cell.rank) for step_id, cell in grid.cells.items()}
    # longest forward path: s 0, d 1, p and q 2, m 3, e 4; q cannot share p's track at
    # rank 2, so it takes track 1; m prefers its first predecessor's track (p: 0)
    assert cells == {"s": (0, 0, 0), "d": (0, 0, 1), "p": (0, 0, 2), "q": (0, 1, 2),
                     "m": (0, 0, 3), "e": (0, 0, 4)}
    assert grid.tracks == (2,) and grid.rank_count == 5
    assert not any(edge.back for edge in grid.edges)


def test_loop_is_a_back_edge_and_does_not_push_ranks():
    grid = lane_grid(LOOP)
    assert [(e.source, e.target, e.back) for e in grid.edges] == [
        ("a", "b", False), ("b", "c", False), ("c", "d", False), ("c", "b", True)]
    # a 0, b 1, c 2, d 3: the loop c -> b is ignored for ranks
    assert {step_id: cell.rank for step_id, cell in grid.cells.items()} == {"a": 0, "b": 1, "c": 2, "d": 3}
    assert {step_id: cell.lane for step_id, cell in grid.cells.items()} == {"a": 0, "b": 1, "c": 0, "d": 1}


def test_a_source_moves_next_to_its_successor_and_undeclared_lanes_get_a_band():
    grid = lane_grid(LOOSE)
    ranks = {step_id: cell.rank for step_id, cell in grid.cells.items()}
    # a 0, b 1, c 2, d 3; z and w lead only to d: moved from rank 0 to 3 - 1 = 2
    assert ranks == {"a": 0, "b": 1, "c": 2, "d": 3, "z": 2, "w": 2}
    assert grid.lanes == ("x", None)
    assert grid.cells["z"].track == 1  # c holds track 0 of lane x at rank 2
    assert grid.cells["w"].lane == 1 and grid.cells["w"].track == 0


def test_straight_arrow_goes_from_bottom_to_top_in_one_segment():
    layout = swimlane_layout(FORK)
    route = next(r for r in layout.edges if (r.source, r.target) == ("s", "d"))
    s, d = layout.nodes["s"].rect, layout.nodes["d"].rect
    assert route.points == ((round(s.center[0], 2), round(s.bottom, 2)), (round(d.center[0], 2), round(d.y, 2)))


def test_loop_leaves_and_enters_on_the_side_and_runs_up():
    layout = swimlane_layout(LOOP)
    loop = next(r for r in layout.edges if r.back)
    c, b = layout.nodes["c"].rect, layout.nodes["b"].rect
    assert loop.points[0] == (round(c.right, 2), round(c.center[1], 2))  # c's right corner
    assert loop.points[-1][0] == round(b.right, 2)  # b's right side
    assert loop.points[-1][1] < loop.points[0][1]  # it goes back up the flow


# ---------------------------------------------------------------- properties

def _on_outline(point, node) -> bool:
    rect, shape = node.rect, node.box.shape
    (cx, cy), a, b = rect.center, rect.width / 2, rect.height / 2
    dx, dy = abs(point[0] - cx), abs(point[1] - cy)
    if shape == "ellipse":
        return abs(math.hypot(dx / a, dy / b) - 1) < 0.01
    if shape == "diamond":
        return abs(dx / a + dy / b - 1) < 0.01
    return ((abs(dx - a) < TOLERANCE and dy <= b + TOLERANCE)
            or (abs(dy - b) < TOLERANCE and dx <= a + TOLERANCE))


def _crosses(p, q, rect) -> bool:
    """Whether segment p-q enters the interior of `rect` (shrunk by the tolerance)."""
    left, top = rect.x + TOLERANCE, rect.y + TOLERANCE
    right, bottom = rect.right - TOLERANCE, rect.bottom - TOLERANCE
    return (min(p[0], q[0]) < right and max(p[0], q[0]) > left
            and min(p[1], q[1]) < bottom and max(p[1], q[1]) > top)


def _overlap(first, second) -> bool:
    return (first.x < second.right and second.x < first.right
            and first.y < second.bottom and second.y < first.bottom)


def _collinear_overlaps(layout) -> list:
    """Pairs of arrows (not sharing a step) with segments drawn on top of each other."""
    lines: dict[tuple[str, float], list] = {}
    for route in layout.edges:
        for p, q in zip(route.points, route.points[1:]):
            vertical = abs(p[0] - q[0]) < TOLERANCE
            key = ("v", round(p[0], 1)) if vertical else ("h", round(p[1], 1))
            lo, hi = sorted((p[1], q[1]) if vertical else (p[0], q[0]))
            lines.setdefault(key, []).append((lo, hi, route))
    found = []
    for runs in lines.values():
        runs.sort(key=lambda run: run[0])
        for index, (lo, hi, route) in enumerate(runs):
            for other_lo, other_hi, other in runs[index + 1:]:
                if other_lo >= hi - TOLERANCE:
                    break
                if min(hi, other_hi) - other_lo > TOLERANCE and not (
                        route.source == other.source or route.target == other.target):
                    found.append((route.source, route.target, other.source, other.target))
    return found


def check_layout(process: Process, layout) -> None:
    """Every property the issue asks of a swimlane layout."""
    vertical = layout.direction == "vertical"
    declared = [lane.id for lane in process.lanes]
    bands = [band for band in layout.lanes if band.lane_id is not None]
    assert [band.lane_id for band in bands] == list(dict.fromkeys(declared))
    for band, following in zip(layout.lanes, layout.lanes[1:]):  # in order, touching, no overlap
        end, start = (band.rect.right, following.rect.x) if vertical else (band.rect.bottom, following.rect.y)
        assert abs(end - start) < TOLERANCE
    for band in layout.lanes:  # every lane spans the whole chart along the flow
        along = (band.rect.y, band.rect.bottom) if vertical else (band.rect.x, band.rect.right)
        assert along == (0.0, layout.height if vertical else layout.width)
        if band.title is not None:
            assert _inside(band.title, band.rect)
    band_of = {band.lane_id: band.rect for band in layout.lanes}
    nodes = layout.nodes
    assert set(nodes) == {step.id for step in process.steps}
    for node in nodes.values():
        assert _inside(node.rect, band_of[node.lane_id]), node.step_id
    boxes = sorted(nodes.values(), key=lambda n: (n.rect.y, n.rect.x))
    _check_no_overlaps([n.rect for n in boxes] + [b.title for b in layout.lanes if b.title])
    for route in layout.edges:
        _check_route(route, nodes, layout)
    assert _collinear_overlaps(layout) == []
    labels = [route.label for route in layout.edges if route.label is not None]
    assert len(labels) == sum(1 for route in layout.edges if route.when)
    _check_no_overlaps(labels)
    for label in labels:
        assert label.x >= 0 and label.y >= 0 and label.right <= layout.width + TOLERANCE
        assert label.bottom <= layout.height + TOLERANCE
        for node in nodes.values():
            assert not _overlap(label, node.rect), (label, node.step_id)
        for band in layout.lanes:
            assert band.title is None or not _overlap(label, band.title)


def _inside(rect, outer) -> bool:
    return (rect.x >= outer.x - TOLERANCE and rect.y >= outer.y - TOLERANCE
            and rect.right <= outer.right + TOLERANCE and rect.bottom <= outer.bottom + TOLERANCE)


def _check_no_overlaps(rects) -> None:
    """No two rectangles' interiors meet (sweep over x)."""
    ordered = sorted(rects, key=lambda r: r.x)
    for index, rect in enumerate(ordered):
        for other in ordered[index + 1:]:
            if other.x >= rect.right:
                break
            assert not _overlap(rect, other), (rect, other)


def _check_route(route, nodes, layout) -> None:
    points = route.points
    assert len(points) >= 2
    for p, q in zip(points, points[1:]):
        assert abs(p[0] - q[0]) < TOLERANCE or abs(p[1] - q[1]) < TOLERANCE, points  # orthogonal
    assert _on_outline(points[0], nodes[route.source]), (route.source, points)
    assert _on_outline(points[-1], nodes[route.target]), (route.target, points)
    segments = list(zip(points, points[1:]))
    for number, (p, q) in enumerate(segments):
        for node in _near(nodes, p, q):
            if (node.step_id == route.source and number == 0) or (
                    node.step_id == route.target and number == len(segments) - 1):
                continue
            assert not _crosses(p, q, node.rect), (route.source, route.target, node.step_id, points)


def _near(nodes, p, q):
    """The nodes whose box meets the segment's bounding box (a cheap pre-filter)."""
    x0, x1 = sorted((p[0], q[0]))
    y0, y1 = sorted((p[1], q[1]))
    return [n for n in nodes.values()
            if n.rect.x <= x1 and n.rect.right >= x0 and n.rect.y <= y1 and n.rect.bottom >= y0]


@pytest.mark.parametrize("direction", ["vertical", "horizontal"])
@pytest.mark.parametrize("path", FILES)
def test_every_sample_and_fixture_has_a_sound_layout(path, direction):
    process = load_process(path)
    check_layout(process, swimlane_layout(process, direction))


@pytest.mark.parametrize("direction", ["vertical", "horizontal"])
def test_small_cases_have_sound_layouts(direction):
    for process in (FORK, LOOP, LOOSE):
        check_layout(process, swimlane_layout(process, direction))


def test_a_thousand_steps_over_ten_lanes_lay_out_soundly():
    process = big_process(1000, 10, seed=3)
    assert len(process.steps) == 1000 and len(process.lanes) == 10
    check_layout(process, swimlane_layout(process, "vertical"))


def test_layout_is_deterministic():
    process = big_process(200, 6, seed=5)
    assert swimlane_layout(process) == swimlane_layout(big_process(200, 6, seed=5))


def test_unknown_direction_is_refused():
    with pytest.raises(ValueError, match="direction"):
        swimlane_layout(FORK, "diagonal")


def test_no_steps_gives_lanes_with_titles_only():
    process = Process("empty", "Empty", "empty.yaml", lanes=(Lane("a", "A"), Lane("b", "B")))
    layout = swimlane_layout(process)
    assert layout.nodes == {} and layout.edges == ()
    assert [band.lane_id for band in layout.lanes] == ["a", "b"]
    check_layout(process, layout)


def _wired(lanes: dict[str, str], wiring: dict[str, tuple[str, str, tuple[str, ...]]]) -> Process:
    """A generated-style process: every step "Do it", `wiring` step → (lane, type, next)."""
    steps = tuple(Step(step_id, "Do it", lane=lane, type=kind, next=tuple(Link(to) for to in targets))
                  for step_id, (lane, kind, targets) in wiring.items())
    return Process("gen", "Generated", "gen.yaml", lanes=tuple(Lane(i, n) for i, n in lanes.items()),
                   steps=steps)


# Hypothesis found this wiring: in the horizontal chart s5 -> s2 was drawn on top of
# s1 -> s4 along s2's row. s1 (rank 0) and s2 (rank 1) share a column; s1's three bottom
# ports are spread at -12, 0, +12 across (12 = 0.6 * 40 pt ellipse / 2), and s1 -> s4
# runs deeper in the gap below s1 than s5 -> s2 (the track order had a cycle). The stub
# separation then moved s2's entry from its middle to the fixed +12 (min(12, 0.3 * 88.99))
# straight onto s1 -> s4's stub, although no deeper stub leaves s1 at 0.
STUB_CYCLE = _wired({"l0": "A", "l1": "A"}, {
    "s0": ("l0", "task", ()), "s1": ("l0", "start", ("s0", "s0", "s4")), "s2": ("l0", "task", ()),
    "s3": ("l0", "task", ()), "s4": ("l1", "task", ("s0",)), "s5": ("l1", "task", ("s0", "s0", "s2")),
    "s6": ("l0", "task", ()), "s7": ("l1", "task", ("s0", "s4", "s12")),
    **{f"s{n}": ("l1" if n == 12 else "l0", "task", ()) for n in range(8, 18)}})


@pytest.mark.parametrize("direction", ["vertical", "horizontal"])
def test_a_moved_entry_keeps_clear_of_the_stubs_it_crosses(direction):
    layout = swimlane_layout(STUB_CYCLE, direction)
    check_layout(STUB_CYCLE, layout)  # includes: no two arrows on top of each other
    if direction == "horizontal":
        # the only stub below s5 -> s2's track leaves s1 at +12: s2's middle stays free
        entry = next(r for r in layout.edges if (r.source, r.target) == ("s5", "s2")).points[-1]
        s2 = layout.nodes["s2"].rect
        assert entry == (round(s2.x, 2), round(s2.center[1], 2))


# Hypothesis found this wiring: decision s1 links three times to s0 (`when: yes` each),
# the next rank in the same column, so all three arrows are one straight line from s1's
# bottom to s0's top. Each label was allowed only past the point where its arrow parts
# from its siblings, i.e. at the line's very end (77 pt = the whole line), where only
# two spots clear of s0 exist: the third label landed on s0. The three now form one
# block stacked down the line: 3 * 15 pt + 2 * 2 pt clearance = 49 pt, inside the
# 3 * (15 + 4) = 57 pt label zone reserved below s1.
REPEATED = _wired({"l0": "A", "l1": "A"}, {"s0": ("l1", "task", ()), "s1": ("l1", "decision", ())})
REPEATED = Process("gen", "Generated", "gen.yaml", lanes=REPEATED.lanes, steps=(
    REPEATED.steps[0], Step("s1", "Do it", lane="l1", type="decision",
                            next=tuple(Link("s0", "yes") for _ in range(3)))))


@pytest.mark.parametrize("direction", ["vertical", "horizontal"])
def test_labels_of_repeated_links_on_one_line_are_stacked_clear_of_boxes(direction):
    layout = swimlane_layout(REPEATED, direction)
    check_layout(REPEATED, layout)  # includes: no label on a box or another label
    routes = [route for route in layout.edges if route.source == "s1"]
    assert len({route.points for route in routes}) == 1  # one line, drawn three times
    labels = [route.label for route in routes]
    # stacked along the flow in link order, 2 pt apart, all on one side of the line
    starts = [label.y if direction == "vertical" else label.x for label in labels]
    ends = [label.bottom if direction == "vertical" else label.right for label in labels]
    assert all(abs(start - end - 2.0) < TOLERANCE for start, end in zip(starts[1:], ends))
    assert len({label.x if direction == "vertical" else label.y for label in labels}) == 1


@st.composite
def graphs(draw):
    """Any wiring: forward and backward links, self links, repeated links, several
    starts, unreachable steps, every shape, labels of every length, empty lanes."""
    lane_count = draw(st.integers(1, 5))
    lanes = tuple(Lane(f"l{n}", draw(st.sampled_from(["A", "Team with a long name", "销售部"])))
                  for n in range(lane_count))
    count = draw(st.integers(1, 24))
    ids = [f"s{n}" for n in range(count)]
    words = st.none() | st.sampled_from(["yes", "no", "ask the customer again for the papers", "是"])
    steps = []
    for step_id in ids:
        targets = draw(st.lists(st.sampled_from(ids), max_size=3))
        steps.append(Step(step_id, draw(st.sampled_from(["Do it", "Check the long request form"])),
                          lane=draw(st.sampled_from([lane.id for lane in lanes])),
                          type=draw(st.sampled_from(["task", "decision", "parallel", "start", "end",
                                                     "subprocess"])),
                          next=tuple(Link(target, draw(words)) for target in targets)))
    return Process("gen", "Generated", "gen.yaml", lanes=lanes, steps=tuple(steps))


# derandomize: the same 60 wirings every run, so CI is repeatable. A known open case
# (a decision whose branches leave one port, one running on past the others' turn-offs
# with a long label, e.g. seeds 2 and 8 at 1,500 examples) can still put that label on
# a box; see docs/flowcharts.md. Run with --hypothesis-seed and more examples to hunt.
@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(graphs(), st.sampled_from(["vertical", "horizontal"]))
def test_any_wiring_has_a_sound_layout(process, direction):
    check_layout(process, swimlane_layout(process, direction))
