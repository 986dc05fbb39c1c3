"""Swimlane placement as a grid: which rank (row along the flow), lane and track each
step takes. Pure and linear in the size of the process.

- **Edges** are classified by a depth-first search from the start step, following
  `next` in declared order (then from every step the search did not reach, in
  declared order): an edge to a step on the current search path is a *back edge*
  (a rework loop, drawn going back up the flow); every other edge is *forward*.
- **Ranks**: the forward edges form an acyclic graph; a step's rank is the length of
  the longest forward path that reaches it, so every forward edge points at least one
  rank further down the flow. A step nothing leads to (other than the start) is moved
  down to just before its nearest successor, so it sits next to what it feeds.
- **Lanes** come in declared order; steps whose lane is not declared go into one extra
  band after them (a process that does not validate can still be drawn).
- **Tracks**: within a lane, two steps of the same rank need separate *tracks*
  (columns across the flow). Steps are placed rank by rank, first fit, preferring the
  track of a forward predecessor in the same lane so chains stay straight.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from typing import Optional

from ..graph import loop_links
from ..model import Process, Step


@dataclass(frozen=True)
class Edge:
    """One drawn arrow: the `index`-th `next` of `source`."""

    source: str
    target: str
    index: int
    when: Optional[str]
    back: bool


@dataclass(frozen=True)
class Cell:
    """Where a step sits: lane index (declared order), track within the lane, rank."""

    lane: int
    track: int
    rank: int


@dataclass(frozen=True)
class Grid:
    """The placement of every step and the classified edges.

    `lanes` holds the declared lane ids in order, plus None for the extra band of steps
    without a declared lane when there are any; `tracks[i]` is lane i's track count
    (at least 1); `steps` lists the drawn steps (first of each id) in declared order.
    """

    lanes: tuple[Optional[str], ...]
    tracks: tuple[int, ...]
    rank_count: int
    cells: dict[str, Cell]
    edges: tuple[Edge, ...]
    steps: tuple[Step, ...]


def unique_steps(process: Process) -> tuple[Step, ...]:
    """The steps to draw: the first step of each id, in declared order."""
    seen: set[str] = set()
    result = []
    for step in process.steps:
        if step.id not in seen:
            seen.add(step.id)
            result.append(step)
    return tuple(result)


def classify_edges(process: Process, steps: tuple[Step, ...]) -> tuple[Edge, ...]:
    """Every `next` link to a drawn step, marked back (rework loop) or forward."""
    loops = loop_links(process)
    known = {step.id for step in steps}
    return tuple(Edge(step.id, link.to, index, link.when, (step.id, index) in loops)
                 for step in steps for index, link in enumerate(step.next) if link.to in known)


def _forward_order(steps: tuple[Step, ...], edges: tuple[Edge, ...]) -> list[str]:
    """Step ids in an order where every forward edge points later (Kahn, stable)."""
    position = {step.id: index for index, step in enumerate(steps)}
    indegree = {step.id: 0 for step in steps}
    outgoing: dict[str, list[str]] = {step.id: [] for step in steps}
    for edge in edges:
        if not edge.back:
            indegree[edge.target] += 1
            outgoing[edge.source].append(edge.target)
    ready = [position[step_id] for step_id, degree in indegree.items() if degree == 0]
    heapq.heapify(ready)
    order = []
    while ready:
        step_id = steps[heapq.heappop(ready)].id
        order.append(step_id)
        for target in outgoing[step_id]:
            indegree[target] -= 1
            if indegree[target] == 0:
                heapq.heappush(ready, position[target])
    return order


def assign_ranks(process: Process, steps: tuple[Step, ...], edges: tuple[Edge, ...]) -> dict[str, int]:
    """Longest forward path to each step; sources other than the start moved down."""
    order = _forward_order(steps, edges)
    forward = [edge for edge in edges if not edge.back]
    rank = {step_id: 0 for step_id in order}
    incoming: dict[str, list[str]] = {step_id: [] for step_id in order}
    outgoing: dict[str, list[str]] = {step_id: [] for step_id in order}
    for edge in forward:
        incoming[edge.target].append(edge.source)
        outgoing[edge.source].append(edge.target)
    for step_id in order:
        for source in incoming[step_id]:
            rank[step_id] = max(rank[step_id], rank[source] + 1)
    start = process.start_step
    for step_id in reversed(order):
        if not incoming[step_id] and outgoing[step_id] and (start is None or step_id != start.id):
            rank[step_id] = max(rank[step_id], min(rank[t] for t in outgoing[step_id]) - 1)
    return rank


def _lane_indexes(process: Process, steps: tuple[Step, ...]) -> tuple[tuple[Optional[str], ...], dict[str, int]]:
    lanes: list[Optional[str]] = []
    index_of: dict[str, int] = {}
    for lane in process.lanes:
        if lane.id not in index_of:
            index_of[lane.id] = len(lanes)
            lanes.append(lane.id)
    homeless = [step for step in steps if step.lane not in index_of]
    if homeless:
        lanes.append(None)
    extra = len(lanes) - 1
    return tuple(lanes), {step.id: index_of[step.lane] if step.lane in index_of else extra
                          for step in steps}


def assign_tracks(steps: tuple[Step, ...], edges: tuple[Edge, ...], rank: dict[str, int],
                  lane_of: dict[str, int]) -> dict[str, int]:
    """First-fit track per (lane, rank), preferring a same-lane predecessor's track."""
    position = {step.id: index for index, step in enumerate(steps)}
    predecessors: dict[str, list[str]] = {step.id: [] for step in steps}
    for edge in edges:
        if not edge.back:
            predecessors[edge.target].append(edge.source)
    used: dict[tuple[int, int], set[int]] = {}
    track: dict[str, int] = {}
    for step in sorted(steps, key=lambda s: (rank[s.id], position[s.id])):
        taken = used.setdefault((lane_of[step.id], rank[step.id]), set())
        preferred = [track[p] for p in sorted(predecessors[step.id], key=position.__getitem__)
                     if p in track and lane_of[p] == lane_of[step.id]]
        choice = next((t for t in preferred if t not in taken), None)
        if choice is None:
            choice = next(t for t in range(len(taken) + 1) if t not in taken)
        taken.add(choice)
        track[step.id] = choice
    return track


def lane_grid(process: Process) -> Grid:
    """The grid placement of `process` (see module doc)."""
    steps = unique_steps(process)
    edges = classify_edges(process, steps)
    rank = assign_ranks(process, steps, edges)
    lanes, lane_of = _lane_indexes(process, steps)
    track = assign_tracks(steps, edges, rank, lane_of)
    counts = [1] * len(lanes)
    for step in steps:
        counts[lane_of[step.id]] = max(counts[lane_of[step.id]], track[step.id] + 1)
    cells = {step.id: Cell(lane_of[step.id], track[step.id], rank[step.id]) for step in steps}
    rank_count = max(rank.values(), default=-1) + 1
    return Grid(lanes, tuple(counts), rank_count, cells, edges, steps)
