"""Many cases at once: a discrete-event simulation (SimPy) of people's capacity.

With `arrivals` on the process and a `capacity` on at least one lane, `simulate_queue`
starts `cases` cases (default 2,000) with exponential inter-arrival times of mean
`arrivals.interval_hours`, all times in working hours of the process's calendar. Each
case walks the flow of `analysis.flow`:

- a step's `wait` is a delay that holds nobody (in-tray, courier);
- its `duration` holds one person of its lane, which has as many people as its
  capacity (a lean `simpy.Resource`), served first come, first served. A lane without
  a capacity (or a step without a lane) has as many people as needed: no queue;
- decisions draw their branch; a split starts its branches as SimPy processes and the
  join waits for all of them (`AllOf`).

The first 10 % of the cases are warm-up (the system starts empty): the lead times and
queue waits are of the other cases; utilisation, work in progress and throughput are
measured between the arrival of the first measured case and the arrival of the last
case. Queue wait is the time a case's steps spend waiting for a busy person (summed over
the case's steps, parallel branches included). One numpy Generator(PCG64(seed)) draws
every time in event order, and SimPy orders simultaneous events by creation, so a seed
gives the same figures everywhere.

`offered_load` (defined in `analysis.expected`) is the analytic load of a lane: arrival
rate × expected person-hours per case in the lane ÷ capacity; at 1 or more the queue
grows without bound (`Queueing.overloaded`, rule SOP220).
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import simpy

from ..model import Process
from .expected import Expected, offered_load
from .flow import EXIT, Region, build
from .forecast import Queueing, Spread
from .montecarlo import MAX_VISITS, generator, sample

DEFAULT_CASES = 2000
WARMUP_SHARE = 0.1


def queueing_applies(process: Process) -> bool:
    """True when the process has arrivals and at least one lane with a capacity."""
    return process.arrivals is not None and any(lane.capacity for lane in process.lanes)


@dataclass
class _Log:
    """What the simulation records (hours from the first arrival)."""

    arrived: list[float] = field(default_factory=list)
    left: dict[int, float] = field(default_factory=dict)
    queued: dict[int, float] = field(default_factory=dict)
    queued_lane: dict[str, dict[int, float]] = field(default_factory=dict)
    busy: dict[str, list[tuple[float, float]]] = field(default_factory=dict)


class _People:
    """A lane's people: `capacity` at once, first come first served. A lean
    `simpy.Resource`: asking costs no event when someone is free."""

    def __init__(self, env: simpy.Environment, capacity: int):
        self.env, self.free, self.waiting = env, capacity, deque()

    def ask(self) -> Optional[simpy.Event]:
        """None when a person is free (and now taken), else an event that fires when the
        person released first is handed over."""
        if self.free > 0:
            self.free -= 1
            return None
        event = self.env.event()
        self.waiting.append(event)
        return event

    def release(self) -> None:
        """The person is done: hand over to the longest waiting step, else free."""
        if self.waiting:
            self.waiting.popleft().succeed()
        else:
            self.free += 1


class _Model:
    """One simulation run: the environment, the lanes' people and the log."""

    def __init__(self, process: Process, seed: int):
        self.env = simpy.Environment()
        self.rng = generator(seed)
        self.log = _Log()
        self.people = {lane.id: _People(self.env, lane.capacity)
                       for lane in process.lanes if lane.capacity}
        for lane_id in self.people:
            self.log.queued_lane[lane_id] = {}
            self.log.busy[lane_id] = []
        self.region = build(process)

    def arrivals(self, cases: int, interval: float):
        """Start `cases` cases, exponential inter-arrival times of mean `interval`."""
        for number in range(cases):
            self.log.arrived.append(self.env.now)
            self.env.process(self.case(number))
            if number + 1 < cases:
                yield self.env.timeout(float(self.rng.exponential(interval)))

    def case(self, number: int):
        """One case through the whole flow."""
        self.log.queued[number] = 0.0
        yield from self.walk(self.region, number, [0])
        self.log.left[number] = self.env.now

    def walk(self, region: Region, number: int, visits: list[int]):
        """One case through `region` (`visits` counts its visits, up to MAX_VISITS)."""
        index = 0 if region.nodes else EXIT
        while index != EXIT and visits[0] < MAX_VISITS:
            visits[0] += 1
            node = region.nodes[index]
            waited = float(sample(node.wait, None, self.rng))
            if waited > 0:
                yield self.env.timeout(waited)
            yield from self.work(node, number)
            if node.branches:
                started = [self.env.process(self.walk(b, number, visits)) for b in node.branches]
                yield simpy.AllOf(self.env, started)
            index = self.next_index(node)

    def work(self, node, number: int):
        """The node's duration, holding one person of its lane when it has a capacity."""
        worked = float(sample(node.duration, None, self.rng))
        people = self.people.get(node.step.lane) if worked > 0 else None
        if people is None:
            if worked > 0:
                yield self.env.timeout(worked)
            return
        asked = self.env.now
        handed = people.ask()
        if handed is not None:
            yield handed
        waited = self.env.now - asked
        lane_log = self.log.queued_lane[node.step.lane]
        lane_log[number] = lane_log.get(number, 0.0) + waited
        self.log.queued[number] += waited
        started = self.env.now
        yield self.env.timeout(worked)
        people.release()
        self.log.busy[node.step.lane].append((started, self.env.now))

    def next_index(self, node) -> int:
        """The node the case goes to next (a drawn branch at a decision)."""
        if not node.targets:
            return EXIT
        if len(node.targets) == 1:
            return node.targets[0]
        cumulative = np.cumsum(node.probabilities)
        picked = int(np.searchsorted(cumulative, self.rng.random() * cumulative[-1], side="right"))
        return node.targets[min(picked, len(node.targets) - 1)]


def _overlap(intervals: np.ndarray, low: float, high: float) -> float:
    """Total length of (start, end) rows clipped to [low, high]."""
    if intervals.size == 0:
        return 0.0
    return float(np.clip(np.minimum(intervals[:, 1], high) - np.maximum(intervals[:, 0], low), 0, None).sum())


def simulate_queue(process: Process, expected: Expected, cases: int = DEFAULT_CASES,
                   seed: int = 15) -> Queueing:
    """Run `cases` cases through `process` competing for its lanes' people (see the module
    docstring); `expected` gives the offered load."""
    model = _Model(process, seed)
    interval = process.arrivals.interval_hours
    model.env.process(model.arrivals(cases, interval))
    model.env.run()
    log = model.log
    warmup = min(int(cases * WARMUP_SHARE), max(cases - 1, 0))
    measured = range(warmup, cases)
    leads = np.array([log.left[i] - log.arrived[i] for i in measured])
    low, high = log.arrived[warmup], log.arrived[-1]
    window = high - low
    stays = np.array([(log.arrived[i], log.left[i]) for i in range(cases)])
    utilisation = {}
    for lane in process.lanes:
        if lane.id in model.people:
            busy = _overlap(np.array(log.busy[lane.id]).reshape(-1, 2), low, high)
            utilisation[lane.id] = busy / (lane.capacity * window) if window > 0 else 0.0
    departures = sum(1 for i in range(cases) if low <= log.left[i] <= high)
    count = len(measured)
    loads = offered_load(process, expected)
    return Queueing(
        cases=cases, warmup_cases=warmup, seed=seed, lead_time_hours=Spread.of(leads),
        queue_wait_hours=sum(log.queued[i] for i in measured) / count if count else 0.0,
        queue_wait_per_lane={lane: sum(per_case.get(i, 0.0) for i in measured) / count
                             for lane, per_case in log.queued_lane.items()} if count else {},
        utilisation=utilisation,
        wip=_overlap(stays, low, high) / window if window > 0 else 0.0,
        throughput_per_week=departures / window * process.calendar.hours_per_week if window > 0 else 0.0,
        overloaded=tuple(lane for lane, load in loads.items() if load >= 1.0),
    )
