"""Orthogonal routing of the swimlane flowchart's arrows through channels.

The grid (`lanegrid`) leaves a *channel* in every gap: an H channel before, between and
after the ranks (across the whole chart) and a V channel before, between and after the
tracks of every lane (along the whole chart). No step box lies in a channel, so a
route made of channel runs and short stubs from a box's side to the next channel never
passes through another box. Coordinates here are abstract: *along* the flow (down in a
vertical chart) and *across* it (left to right in a vertical chart); `lanelayout` maps
them to x and y.

Slots number the positions along each axis: across, every lane contributes its V
channels and its track columns in order; along, H channel k is slot 2k and rank r is
slot 2r + 1. A *wire* is one straight run of a route inside one channel, spanning a
closed interval of slots; wires of one channel whose intervals meet get separate
tracks (parallel lines a few points apart), so no two routes run on top of each other.
Where one wire's stub leaves a node slot towards lower coordinates (up, or left) and
another's towards higher ones, the first gets the lower track (its stub would
otherwise run along the other's).

Ports: a forward arrow leaves the bottom of its step (spread when several do; a
diamond's other branches leave its left or right corner) and enters the top centre of
the next; a rework loop leaves and enters on a side (right unless a branch uses that
corner) and runs back up the flow in the V channel beside the steps.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .lanegrid import Edge, Grid

BEFORE, AFTER = -1, 1
"""Which way a wire's stub leaves its slot: towards lower or higher coordinates."""
STUB_GAP = 8.0
"""How far apart two stubs in one column are kept when one has to be moved (a wire gap)."""


@dataclass
class Wire:
    """One straight run inside a channel: ("h", k) = H channel k, ("v", slot) = V
    channel at an across slot; `lo`/`hi` the slots it spans; `ends` the node slots where
    a stub leaves it and which way; `track` its place in the channel (0 = top/left)."""

    channel: tuple[str, int]
    lo: int
    hi: int
    ends: tuple[tuple[int, int], ...] = ()
    track: int = 0


@dataclass
class Port:
    """Where a route meets a step: side (`top`, `bottom`, `left`, `right`) and the
    offset from the side's middle (across for top/bottom, along for left/right)."""

    step: str
    side: str
    offset: float = 0.0


@dataclass
class Plan:
    """A route before coordinates: leave at `out`, follow `wires`, enter at `into`."""

    edge: Edge
    out: Port
    into: Port
    wires: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Slots:
    """Across-slot numbering: each (lane, track) column's slot, and the slot count."""

    columns: dict[tuple[int, int], int]
    count: int


def across_slots(grid: Grid) -> Slots:
    """Lane by lane: V channel, track 0, V channel, track 1, ..., V channel."""
    columns = {}
    cursor = 0
    for lane, tracks in enumerate(grid.tracks):
        for track in range(tracks):
            columns[(lane, track)] = cursor + 2 * track + 1
        cursor += 2 * tracks + 1
    return Slots(columns, cursor)


def h_slot(channel: int) -> int:
    """Along slot of H channel `channel` (before rank `channel`)."""
    return 2 * channel


def rank_slot(rank: int) -> int:
    """Along slot of rank `rank`."""
    return 2 * rank + 1


class Router:
    """Plans every edge's route (ports, wires and tracks) on a grid.

    `position` gives a provisional across coordinate of every across slot and `shapes`
    the shape of every step (`box`, `diamond`, `ellipse`); `sizes` its (across, along)
    size.
    """

    def __init__(self, grid: Grid, slots: Slots, position: list[float],
                 shapes: dict[str, str], sizes: dict[str, tuple[float, float]]):
        self.grid, self.slots, self.position = grid, slots, position
        self.shapes, self.sizes = shapes, sizes
        self.column = {step_id: slots.columns[(cell.lane, cell.track)]
                       for step_id, cell in grid.cells.items()}
        self.rank = {step_id: cell.rank for step_id, cell in grid.cells.items()}
        self.taken = {(self.column[step_id], cell.rank) for step_id, cell in grid.cells.items()}
        self.wires: list[Wire] = []
        self.plans: list[Plan] = []

    # ------------------------------------------------------------ ports

    def _forward_sides(self, step_id: str, edges: list[Edge]) -> dict[int, str]:
        """Side each forward edge leaves `step_id` by (edge index → side): the bottom,
        except a diamond's branches to the left or right, when alone on their side."""
        if self.shapes[step_id] != "diamond" or len(edges) <= 1:
            return {edge.index: "bottom" for edge in edges}
        here = self.position[self.column[step_id]]
        delta = {edge.index: self.position[self.column[edge.target]] - here for edge in edges}
        straight = min(edges, key=lambda edge: (abs(delta[edge.index]), edge.index)).index
        sides = {edge.index: "bottom" if edge.index == straight
                 else ("left" if delta[edge.index] < 0 else "right") for edge in edges}
        crowded = {side for side in ("left", "right") if list(sides.values()).count(side) > 1}
        # one branch per corner; more towards one side fan out from the bottom instead
        return {index: "bottom" if side in crowded else side for index, side in sides.items()}

    def plan_ports(self) -> dict[tuple[str, int], tuple[Port, Port]]:
        """(source, index) → (out port, in port) for every edge, offsets spread."""
        outgoing: dict[str, list[Edge]] = {step.id: [] for step in self.grid.steps}
        for edge in self.grid.edges:
            outgoing[edge.source].append(edge)
        ports: dict[tuple[str, int], tuple[Port, Port]] = {}
        used: dict[tuple[str, str], list[tuple[float, Port]]] = {}
        for step in self.grid.steps:
            forward = [edge for edge in outgoing[step.id] if not edge.back]
            forward.sort(key=lambda e: (self.position[self.column[e.target]], e.index))
            sides = self._forward_sides(step.id, forward)
            for edge in forward:
                port = Port(step.id, sides[edge.index])
                used.setdefault((step.id, port.side), []).append((len(used), port))
                ports[(edge.source, edge.index)] = (port, Port(edge.target, "top"))
        loops = [edge for edge in self.grid.edges if edge.back]
        outs = {}
        for edge in loops:  # every loop's exit first: an entry never takes a corner one leaves by
            outs[edge.index, edge.source] = Port(edge.source, self._loop_side(edge.source, used))
            used.setdefault((edge.source, outs[edge.index, edge.source].side), []).append(
                (-self.rank[edge.target], outs[edge.index, edge.source]))
        for edge in loops:
            out = outs[edge.index, edge.source]
            into = Port(edge.target, self._loop_side(edge.target, used, out.side, True))
            used.setdefault((edge.target, into.side), []).append((-self.rank[edge.source], into))
            ports[(edge.source, edge.index)] = (out, into)
        self._spread(used)
        return ports

    def _loop_side(self, step_id: str, used: dict, wanted: str = "right", entry: bool = False) -> str:
        """The side a loop uses: `wanted` (the source's side, so the loop stays in one
        channel) unless that corner of a diamond is taken: then the other corner, or
        (entering a diamond whose corners both carry branches) its top."""
        other = "left" if wanted == "right" else "right"
        if self.shapes[step_id] == "diamond" and (step_id, wanted) in used:
            if (step_id, other) not in used:
                return other
            if entry:
                return "top"
        return wanted

    def _spread(self, used: dict[tuple[str, str], list[tuple[float, Port]]]) -> None:
        """Several ports on one side of a box or ellipse: spaced out around the middle."""
        for (step_id, side), entries in used.items():
            if self.shapes[step_id] == "diamond" or len(entries) < 2:
                continue
            across, along = self.sizes[step_id]
            length = across if side in ("top", "bottom") else along
            if side in ("left", "right"):
                entries = sorted(entries, key=lambda entry: entry[0])
            count = len(entries)
            spacing = min(16.0, 0.6 * length / (count - 1))
            for number, (_, port) in enumerate(entries):
                port.offset = (number - (count - 1) / 2) * spacing

    # ------------------------------------------------------------ routes

    def _wire(self, channel: tuple[str, int], a: int, b: int, *ends: tuple[int, int]) -> int:
        self.wires.append(Wire(channel, min(a, b), max(a, b), tuple(ends)))
        return len(self.wires) - 1

    def _free(self, column: int, first: int, last: int) -> bool:
        return all((column, rank) not in self.taken for rank in range(first, last + 1))

    def _reserve(self, column: int, first: int, last: int) -> None:
        self.taken.update((column, rank) for rank in range(first, last + 1))

    def _choose_v(self, source_col: int, target_col: int) -> int:
        """The V channel slot a long forward arrow runs down: between the two columns
        if possible, next to the target; right of it when both are the same column."""
        a, b = self.position[source_col], self.position[target_col]
        candidates = [slot for slot in range(self.slots.count) if slot not in self._column_slots]
        return min(candidates, key=lambda slot: (abs(self.position[slot] - a) + abs(self.position[slot] - b),
                                                 abs(self.position[slot] - b), -slot))

    def _forward(self, edge: Edge, out: Port) -> list[int]:
        cs, ct = self.column[edge.source], self.column[edge.target]
        rs, rt = self.rank[edge.source], self.rank[edge.target]
        if out.side != "bottom":  # a diamond's corner: down the V channel beside it
            v = cs + (1 if out.side == "right" else -1)
            kind = BEFORE if out.side == "right" else AFTER
            return [self._wire(("v", v), rank_slot(rs), h_slot(rt), (rank_slot(rs), kind)),
                    self._wire(("h", rt), v, ct, (ct, AFTER))]
        if rt == rs + 1:
            if cs == ct and out.offset == 0:
                return []
            return [self._wire(("h", rt), cs, ct, (cs, BEFORE), (ct, AFTER))]
        if cs == ct and out.offset == 0 and self._free(cs, rs + 1, rt - 1):
            self._reserve(cs, rs + 1, rt - 1)
            return []
        if self._free(ct, rs + 1, rt - 1):  # along the first gap, then straight down
            self._reserve(ct, rs + 1, rt - 1)
            return [self._wire(("h", rs + 1), cs, ct, (cs, BEFORE), (ct, AFTER))]
        if self._free(cs, rs + 1, rt - 1):  # straight down, then along the last gap
            self._reserve(cs, rs + 1, rt - 1)
            return [self._wire(("h", rt), cs, ct, (cs, BEFORE), (ct, AFTER))]
        v = self._choose_v(cs, ct)
        return [self._wire(("h", rs + 1), cs, v, (cs, BEFORE)),
                self._wire(("v", v), h_slot(rs + 1), h_slot(rt)),
                self._wire(("h", rt), v, ct, (ct, AFTER))]

    def _back(self, edge: Edge, out: Port, into: Port) -> list[int]:
        cs, ct = self.column[edge.source], self.column[edge.target]
        rs, rt = self.rank[edge.source], self.rank[edge.target]
        vs = cs + (1 if out.side == "right" else -1)
        vt = ct + (1 if into.side == "right" else -1)
        kind_s = BEFORE if out.side == "right" else AFTER
        kind_t = BEFORE if into.side == "right" else AFTER
        if into.side == "top":  # up beside the source, then into the target like a forward arrow
            return [self._wire(("v", vs), h_slot(rt), rank_slot(rs), (rank_slot(rs), kind_s)),
                    self._wire(("h", rt), vs, ct, (ct, AFTER))]
        if vs == vt:
            return [self._wire(("v", vs), rank_slot(rt), rank_slot(rs),
                               (rank_slot(rs), kind_s), (rank_slot(rt), kind_t))]
        return [self._wire(("v", vs), h_slot(rt + 1), rank_slot(rs), (rank_slot(rs), kind_s)),
                self._wire(("h", rt + 1), vs, vt),
                self._wire(("v", vt), rank_slot(rt), h_slot(rt + 1), (rank_slot(rt), kind_t))]

    def route(self) -> list[Plan]:
        """Plan every edge (declared order) and give every wire its track."""
        self._column_slots = set(self.slots.columns.values())
        ports = self.plan_ports()
        for edge in self.grid.edges:
            out, into = ports[(edge.source, edge.index)]
            wires = self._back(edge, out, into) if edge.back else self._forward(edge, out)
            self.plans.append(Plan(edge, out, into, wires))
        assign_tracks(self.wires)
        self._separate_stubs()
        return self.plans

    def _separate_stubs(self) -> None:
        """Where the ordering rules formed a cycle, a stub coming down into an H channel
        and one going on down from it may share a column and overlap: move the lower
        one's port (a target's top, nudged sideways) clear of every stub going deeper."""
        ends: dict[tuple[int, int], tuple[list[tuple[int, Port]], list[tuple[int, Port]]]] = {}
        for plan in self.plans:
            if not plan.wires:
                continue
            first, last = self.wires[plan.wires[0]], self.wires[plan.wires[-1]]
            if plan.out.side == "bottom" and first.channel[0] == "h":
                ends.setdefault((first.channel[1], self.column[plan.edge.source]), ([], []))[0].append(
                    (plan.wires[0], plan.out))
            if last.channel[0] == "h":
                ends.setdefault((last.channel[1], self.column[plan.edge.target]), ([], []))[1].append(
                    (plan.wires[-1], plan.into))
        for _, (downs, ups) in sorted(ends.items()):
            for index, port in ups:
                track = self.wires[index].track
                # only a stub reaching further down than this wire's track can meet it
                deeper = [out.offset for other, out in downs
                          if other != index and self.wires[other].track > track]
                if port.offset == 0 and any(abs(offset) < STUB_GAP for offset in deeper):
                    port.offset = self._free_offset(port.step, deeper)

    def _free_offset(self, step_id: str, taken: list[float]) -> float:
        """An offset on `step_id`'s top, within reach of its middle, as far as can be
        (up to a wire gap) from every offset in `taken`; rightwards first."""
        reach = min(12.0, 0.3 * self.sizes[step_id][0])
        candidates = [reach, -reach]
        marks = sorted(taken)
        candidates += [(a + b) / 2 for a, b in zip(marks, marks[1:])]
        candidates += [mark + side * STUB_GAP for mark in marks for side in (1, -1)]
        inside = [offset for offset in candidates if abs(offset) <= reach + 1e-9]
        return max(inside, key=lambda offset: min(min(abs(offset - mark) for mark in marks), STUB_GAP))


def assign_tracks(wires: list[Wire]) -> None:
    """Tracks per channel: left-edge packing in slot order, and a wire whose stub
    leaves a slot towards lower coordinates before one leaving it the other way."""
    channels: dict[tuple[str, int], list[int]] = {}
    for index, wire in enumerate(wires):
        channels.setdefault(wire.channel, []).append(index)
    for members in channels.values():
        _pack(wires, members)


def _pack(wires: list[Wire], members: list[int]) -> None:
    above: dict[int, set[int]] = {index: set() for index in members}
    at_slot: dict[int, tuple[list[int], list[int]]] = {}
    for index in members:
        for slot, kind in wires[index].ends:
            at_slot.setdefault(slot, ([], []))[0 if kind == BEFORE else 1].append(index)
    for befores, afters in at_slot.values():
        for later in afters:
            above[later].update(first for first in befores if first != later)
    remaining = sorted(members, key=lambda i: (wires[i].lo, wires[i].hi, i))
    placed: set[int] = set()
    track = 0
    while remaining:
        row, rest, last = [], [], None
        for index in remaining:
            wire = wires[index]
            if (last is None or wire.lo > last) and above[index] <= placed:
                row.append(index)
                last = wire.hi
            else:
                rest.append(index)
        if not row:  # the ordering rules form a cycle: break it
            row = [rest.pop(0)]
        for index in row:
            wires[index].track = track
        placed.update(row)
        remaining = rest
        track += 1
