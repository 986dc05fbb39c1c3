"""The flow of a process as nested regions, shared by the exact and simulated forecasts.

A *region* is a little Markov chain: nodes (steps) and, for each, where the flow goes
next with which probability. It starts at its first node and ends when the flow leaves
it: a step with no next step (an end), or a transition to the region's stop.

- A `decision` chooses one branch: the probabilities of
  `schedule.branch_probabilities` (branches without one share what the given ones leave
  of 1). When all are given and add up to less than 1 they are scaled up to 1.
  Rework back edges are branches like any other. (All 0: they share equally.)
- Every other step with several distinct forward targets *forks* (like `parallel`, see
  schedule.py): it starts all of them. Its branches are regions of their own that stop
  at the *join*, the immediate post-dominator of the split (where every path from it
  meets again); the split and its branches form one *macro node* whose time is its own
  wait and work plus the longest branch, after which the flow goes on at the join. A
  split without a join (its branches end separately) ends the flow after the longest
  branch. A link from inside a branch back to a split being forked leaves the branch.
- A step that is not a decision but has one forward target and rework edges back
  (`next: [{to: draft, probability: 0.25}, {to: sign}]` on a task) chooses like a
  decision: back with the probability given, forward with the rest.
- A step with one target goes there (a task whose only `next` is a rework edge too).

`NeverEnds` is raised when the probabilities trap the flow: from a node the flow can
reach with positive probability, no way with positive probability leads out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Optional

from ..graph import back_edges, closure
from ..model import Duration, Process, Step
from .schedule import branch_probabilities

EXIT = -1  # a transition that leaves the region
_EXIT_ID = "\x00exit"


class NeverEnds(Exception):
    """The branch probabilities make a loop never end; `steps` are the trapped step ids
    (in file order)."""

    def __init__(self, steps: tuple[str, ...]):
        super().__init__(", ".join(steps))
        self.steps = steps


@dataclass(frozen=True)
class Node:
    """One step in a region: its times, where it goes (node indices, EXIT) and, for a
    split, its branches and join."""

    step: Step
    targets: tuple[int, ...]
    probabilities: tuple[float, ...]
    branches: tuple["Region", ...] = ()
    join: Optional[str] = None

    @property
    def is_fork(self) -> bool:
        """True for a split whose branches run at once."""
        return bool(self.branches)

    @property
    def wait(self) -> Optional[Duration]:
        """The step's wait (queue time before the work), or None."""
        return self.step.wait

    @property
    def duration(self) -> Optional[Duration]:
        """The step's duration (the work), or None."""
        return self.step.duration


@dataclass(frozen=True)
class Region:
    """A chain of nodes entered at node 0 (no nodes: a branch that goes straight to the join)."""

    nodes: tuple[Node, ...]


def transitions(step: Step, loops: set[tuple[str, str]], known: set[str]) -> list[tuple[str, float]]:
    """(target, probability) of a decision's branches, merged per target and scaled to 1."""
    merged: dict[str, float] = {}
    for link, probability in zip(step.next, branch_probabilities(step)):
        if link.to in known:
            usable = probability if math.isfinite(probability) and probability > 0 else 0.0
            merged[link.to] = merged.get(link.to, 0.0) + usable
    total = sum(merged.values())
    if total <= 0:  # every branch 0: nothing to go by, so they share equally
        return [(target, 1.0 / len(merged)) for target in merged]
    return [(target, probability / total) for target, probability in merged.items()]


def forks(step: Step, loops: set[tuple[str, str]], known: set[str]) -> list[str]:
    """The distinct forward targets a non-decision step starts (several: a fork)."""
    targets = list(dict.fromkeys(t for t in step.targets if t in known))
    forward = [t for t in targets if (step.id, t) not in loops]
    return forward or targets[:1]


def post_dominators(process: Process, loops: set[tuple[str, str]]) -> dict[str, str]:
    """Step id → its immediate post-dominator (absent when only the exit post-dominates it,
    or the step cannot reach an end).

    The dominators of the reversed graph (every edge, rework included, and one virtual
    exit after the steps that have no next step), by Cooper, Harvey and Kennedy's
    iterative algorithm in reverse post-order.
    """
    by_id = process.steps_by_id()
    succ = {sid: list(dict.fromkeys(t for t in step.targets if t in by_id)) or [_EXIT_ID]
            for sid, step in by_id.items()}
    pred: dict[str, list[str]] = {_EXIT_ID: []}
    for sid in by_id:
        pred.setdefault(sid, [])
    for sid, targets in succ.items():
        for target in targets:
            pred[target].append(sid)
    order = _post_order(pred, _EXIT_ID)[::-1]   # reverse post-order of the reversed graph
    rank = {node: i for i, node in enumerate(order)}
    idom = {_EXIT_ID: _EXIT_ID}
    changed = True
    while changed:
        changed = False
        for node in order[1:]:
            done = [t for t in succ[node] if t in idom]
            if not done:
                continue
            new = done[0]
            for other in done[1:]:
                new = _meet(new, other, idom, rank)
            if idom.get(node) != new:
                idom[node], changed = new, True
    return {sid: idom[sid] for sid in by_id if idom.get(sid, _EXIT_ID) != _EXIT_ID}


def _post_order(graph: dict[str, list[str]], root: str) -> list[str]:
    """Nodes reachable from `root` in depth-first post-order (children in list order)."""
    seen, order, stack = {root}, [], [(root, iter(graph[root]))]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            order.append(node)
            stack.pop()
        elif child not in seen:
            seen.add(child)
            stack.append((child, iter(graph[child])))
    return order


def _meet(a: str, b: str, idom: dict[str, str], rank: dict[str, int]) -> str:
    """The nearest common dominator of `a` and `b` (the 'intersect' of the algorithm)."""
    while a != b:
        while rank[a] > rank[b]:
            a = idom[a]
        while rank[b] > rank[a]:
            b = idom[b]
    return a


class _Builder:
    """Builds the regions of one process (see the module docstring)."""

    def __init__(self, process: Process):
        self.by_id = process.steps_by_id()
        self.known = set(self.by_id)
        self.loops = set(back_edges(process))
        self.ipdom = post_dominators(process, self.loops)

    def region(self, entry: str, stop: Optional[str], active: frozenset[str]) -> Region:
        """The region entered at `entry` that ends at `stop` (or at an end)."""
        if entry == stop:
            return Region(())
        index = {entry: 0}
        order = [entry]
        nodes: list[Node] = []
        position = 0
        while position < len(order):
            step = self.by_id[order[position]]
            position += 1
            nodes.append(self._node(step, stop, active, index, order))
        return Region(tuple(nodes))

    def _reworks(self, step: Step) -> bool:
        """True for a step that goes on to one step or back to earlier ones (rework): it
        chooses like a decision rather than forking into a loop."""
        targets = set(t for t in step.targets if t in self.known)
        forward = [t for t in targets if (step.id, t) not in self.loops]
        return len(targets) > 1 and len(forward) == 1

    def _node(self, step: Step, stop: Optional[str], active: frozenset[str],
              index: dict[str, int], order: list[str]) -> Node:
        def target_index(target: Optional[str]) -> int:
            if target is None or target == stop or target in active:
                return EXIT
            if target not in index:
                index[target] = len(order)
                order.append(target)
            return index[target]

        if step.type == "decision" or self._reworks(step):
            pairs = transitions(step, self.loops, self.known)
            return Node(step, tuple(target_index(t) for t, _ in pairs), tuple(p for _, p in pairs))
        started = forks(step, self.loops, self.known)
        if len(started) < 2:
            return Node(step, tuple(target_index(t) for t in started), (1.0,) * len(started))
        join = self.ipdom.get(step.id)
        inner = active | {step.id}
        branches = tuple(self.region(t, join, inner) for t in started)
        after = () if join is None else (target_index(join),)
        return Node(step, after, (1.0,) * len(after), branches, join)


def build(process: Process) -> Region:
    """The top region of `process`, entered at its start step (empty without steps)."""
    start = process.start_step
    if start is None:
        return Region(())
    return _Builder(process).region(start.id, None, frozenset())


def trapped(region: Region) -> list[str]:
    """Step ids of the loops (this region and its branches) that the flow reaches with
    positive probability and never leaves; empty when every run ends."""
    found: list[str] = []
    reached = _reach(region)
    leaves = _leaves(region)
    stuck = reached - leaves
    for i in sorted(stuck):
        if i in _reach(region, i, stuck, strict=True):
            found.append(region.nodes[i].step.id)
    for i in sorted(reached):
        for branch in region.nodes[i].branches:
            found.extend(trapped(branch))
    return found


def _reach(region: Region, first: int = 0, within: Optional[set[int]] = None,
           strict: bool = False) -> set[int]:
    """Node indices reached from `first` along transitions with positive probability
    (only through `within` when given; `strict`: in at least one step)."""
    if not region.nodes:
        return set()
    seen: set[int] = set() if strict else {first}
    stack = [first]
    while stack:
        node = region.nodes[stack.pop()]
        for target, probability in zip(node.targets, node.probabilities):
            if (probability > 0 and target != EXIT and target not in seen
                    and (within is None or target in within)):
                seen.add(target)
                stack.append(target)
    return seen


def _leaves(region: Region) -> set[int]:
    """Node indices from which the region is left with positive probability."""
    back: dict[int, list[int]] = {}
    out: set[int] = set()
    for i, node in enumerate(region.nodes):
        if not node.targets:
            out.add(i)
        for target, probability in zip(node.targets, node.probabilities):
            if probability > 0:
                if target == EXIT:
                    out.add(i)
                else:
                    back.setdefault(target, []).append(i)
    return closure(out, back)
