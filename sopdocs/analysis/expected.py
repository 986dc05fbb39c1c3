"""Exact expected values of a process: its flow as an absorbing Markov chain.

Each region of `analysis.flow` (the whole flow, and each branch of a parallel block) is
a chain whose transient states are its nodes and whose transition matrix Q holds the
branch probabilities (rework back edges included; leaving the region, at an end or at
the join, is absorption). The expected number of visits of every node, starting at node
0, is the first row of the fundamental matrix N = (I − Q)⁻¹: numpy solves
(I − Q)ᵀ v = e₀. A loop left with probability 1 − p is visited 1/(1 − p) times.

Per visit, a node costs its mean wait and mean duration (`Duration.hours` is the mean of a
range). A split and its branches form one macro node: its own wait and work plus the
branch with the largest expected lead time (the join waits for the longest). That is
exact for fixed durations; with ranges E[max] ≥ max E, so this underestimates and the
Monte Carlo (`analysis.montecarlo`) gives the true value. Work and wait are counted
along the branch that sets the lead time, so lead = work + wait; effort counts every
branch (person-hours).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from ..model import Process
from .flow import EXIT, NeverEnds, Region, build, trapped

NO_OWNER = "(no owner)"


@dataclass
class Totals:
    """Expected lead, work, wait and effort of one region, and its expected visits."""

    lead: float = 0.0
    work: float = 0.0
    wait: float = 0.0
    effort: float = 0.0
    visits: dict[str, float] = field(default_factory=dict)

    def add(self, other: "Totals", times: float, with_path: bool = True) -> None:
        """Add `times` × `other` (its lead, work and wait only when `with_path`)."""
        if with_path:
            self.lead += times * other.lead
            self.work += times * other.work
            self.wait += times * other.wait
        self.effort += times * other.effort
        for step_id, count in other.visits.items():
            self.visits[step_id] = self.visits.get(step_id, 0.0) + times * count


def expected_visits(region: Region) -> np.ndarray:
    """Expected visits of each node of `region` from node 0: the solution of
    (I − Q)ᵀ v = e₀, solved one strongly connected component (loop) at a time in
    topological order, so a long flow with small loops needs only small systems."""
    size = len(region.nodes)
    edges = [[(t, p) for t, p in zip(node.targets, node.probabilities) if t != EXIT and p > 0]
             for node in region.nodes]
    visits, inflow = np.zeros(size), np.zeros(size)
    inflow[0] = 1.0
    for component in _components(edges):
        inside = {node: k for k, node in enumerate(component)}
        q = [[0.0] * len(component) for _ in component]
        for node in component:
            for target, probability in edges[node]:
                if target in inside:
                    q[inside[node]][inside[target]] += probability
        if len(component) == 1:  # no system to solve: a step, or one looping on itself
            solved = [inflow[component[0]] / (1.0 - q[0][0])]
        else:
            solved = np.linalg.solve((np.eye(len(component)) - np.array(q)).T, inflow[component])
        for node, count in zip(component, solved):
            visits[node] = count
            for target, probability in edges[node]:
                if target not in inside:
                    inflow[target] += count * probability
    return visits


def _components(edges: list[list[tuple[int, float]]]) -> list[list[int]]:
    """Strongly connected components of the nodes reachable from node 0, sources first
    (Tarjan's algorithm, iterative)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    stack: list[int] = []
    found: list[list[int]] = []
    work = [(0, 0)]
    while work:
        node, position = work.pop()
        if position == 0:
            index[node] = low[node] = len(index)
            stack.append(node)
            on_stack.add(node)
        if position < len(edges[node]):
            work.append((node, position + 1))
            target = edges[node][position][0]
            if target not in index:
                work.append((target, 0))
            elif target in on_stack:
                low[node] = min(low[node], index[target])
            continue
        for target, _ in edges[node]:
            if target in on_stack:
                low[node] = min(low[node], low[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            found.append(sorted(component))
    return found[::-1]


def region_totals(region: Region) -> Totals:
    """Expected totals of `region` (raises NeverEnds when a loop never ends)."""
    stuck = trapped(region)
    if stuck:
        raise NeverEnds(tuple(dict.fromkeys(stuck)))
    return _totals(region)


def _totals(region: Region) -> Totals:
    """Expected totals of a region whose every loop ends."""
    totals = Totals()
    if not region.nodes:
        return totals
    visits = expected_visits(region)
    for node, count in zip(region.nodes, visits):
        count = max(0.0, float(count))
        step = node.step
        own = Totals(step.wait_hours + step.work_hours, step.work_hours, step.wait_hours,
                     step.work_hours, {step.id: 1.0})
        branches = [_totals(branch) for branch in node.branches]
        if branches:
            longest = max(range(len(branches)), key=lambda i: (branches[i].lead, -i))
            for i, branch in enumerate(branches):
                own.add(branch, 1.0, with_path=i == longest)
        totals.add(own, count)
    return totals


@dataclass(frozen=True)
class Expected:
    """Exact expectations (absorbing Markov chain); hours are working hours. `visits`:
    step id → expected visits in file order; effort per lane (lane order) and per owner
    (sorted) in person-hours."""

    lead_time_hours: float
    work_time_hours: float
    wait_time_hours: float
    effort_hours: float
    visits: dict[str, float]
    effort_per_lane: dict[str, float]
    effort_per_owner: dict[str, float]


def expected_values(process: Process) -> Optional[Expected]:
    """Exact expectations of `process`, or None when its probabilities make a loop never end."""
    try:
        totals = region_totals(build(process))
    except NeverEnds:
        return None
    return values_of(process, totals)


def never_ending(process: Process) -> tuple[str, ...]:
    """Ids of the steps where the branch probabilities trap the flow (empty: it ends)."""
    try:
        region_totals(build(process))
    except NeverEnds as error:
        return error.steps
    return ()


def values_of(process: Process, totals: Totals) -> Expected:
    """Visits in file order (0 for steps never reached), effort per lane and owner."""
    visits = {step.id: 0.0 for step in process.steps}
    for step_id, count in totals.visits.items():
        visits[step_id] = count
    by_id = process.steps_by_id()
    per_lane = {lane.id: 0.0 for lane in process.lanes}
    per_owner: dict[str, float] = {}
    for step_id, count in visits.items():
        step = by_id[step_id]
        hours = count * step.work_hours
        if step.lane is not None:
            per_lane[step.lane] = per_lane.get(step.lane, 0.0) + hours
        if hours:
            owner = process.owner_of(step) or NO_OWNER
            per_owner[owner] = per_owner.get(owner, 0.0) + hours
    return Expected(
        lead_time_hours=totals.lead, work_time_hours=totals.work, wait_time_hours=totals.wait,
        effort_hours=totals.effort, visits=visits, effort_per_lane=per_lane,
        effort_per_owner=dict(sorted(per_owner.items())),
    )


def offered_load(process: Process, expected: Expected) -> dict[str, float]:
    """Lane id → arrival rate × expected person-hours per case ÷ capacity (lanes with a
    capacity, in lane order; empty without arrivals)."""
    arrivals = process.arrivals
    if arrivals is None or arrivals.interval_hours <= 0:
        return {}
    rate = 1.0 / arrivals.interval_hours
    return {lane.id: rate * expected.effort_per_lane.get(lane.id, 0.0) / lane.capacity
            for lane in process.lanes if lane.capacity}
