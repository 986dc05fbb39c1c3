"""Monte Carlo runs of a process's flow, vectorised with numpy.

All runs walk the regions of `analysis.flow` at once: arrays hold the clock of every
run, and the runs waiting at a node are done together (their waits and durations drawn
from their distributions: fixed, triangular, uniform or exponential), then each draws
its next node from the branch probabilities (cumulative probabilities and one uniform
number per run); a loop sends its share of the runs back to an earlier node. At a
split, the runs that reached it walk each branch as a vectorised sub-walk and take the
longest (the join waits for it); their work time is that branch's. A run is stopped
after `MAX_VISITS` visits (counted in `truncated_runs`); a flow whose loop never ends
is not simulated at all.

Determinism: one `numpy.random.Generator(PCG64(seed))`, drawn in a fixed order (the
pending node with the lowest index first; wait, duration, branches of a split in order,
next node), so the same seed gives the same figures on every machine.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass

import numpy as np

from ..model import Duration
from .flow import EXIT, Region

MAX_VISITS = 100_000


@dataclass
class Runs:
    """The outcome of n runs: lead and work time per run (hours), runs cut at MAX_VISITS."""

    lead: np.ndarray
    work: np.ndarray
    truncated: int = 0


def generator(seed: int) -> np.random.Generator:
    """The seeded random generator every simulation uses (PCG64)."""
    return np.random.Generator(np.random.PCG64(seed))


def sample(duration: Duration | None, count: int, rng: np.random.Generator) -> np.ndarray | float:
    """`count` draws of `duration` in hours (a plain number when it is fixed or absent)."""
    if duration is None:
        return 0.0
    kind, low, high = duration.distribution, duration.low_hours, duration.high_hours
    if kind == "triangular" and low is not None and high is not None and low < high:
        likely = duration.likely_hours if duration.likely_hours is not None else duration.hours
        return rng.triangular(low, min(max(likely, low), high), high, count)
    if kind == "uniform" and low is not None and high is not None and low < high:
        return rng.uniform(low, high, count)
    if kind == "exponential" and duration.hours > 0:
        return rng.exponential(duration.hours, count)
    return duration.hours


def _choose(node, count: int, rng: np.random.Generator) -> np.ndarray:
    """The next node index of `count` runs leaving `node` (EXIT when it has none)."""
    if not node.targets:
        return np.full(count, EXIT)
    if len(node.targets) == 1:
        return np.full(count, node.targets[0])
    cumulative = np.cumsum(np.asarray(node.probabilities, dtype=float))
    drawn = rng.random(count) * cumulative[-1]
    picked = np.minimum(np.searchsorted(cumulative, drawn, side="right"), len(node.targets) - 1)
    return np.asarray(node.targets)[picked]


def walk(region: Region, count: int, rng: np.random.Generator) -> Runs:
    """Walk `count` runs through `region` from its first node; their lead and work times.

    The runs waiting at a node are done together: the pending node with the lowest
    index (the region lists its nodes in the order the flow reaches them) goes first,
    then its runs move on, grouped by the node each one drew.
    """
    lead, work = np.zeros(count), np.zeros(count)
    runs = Runs(lead, work)
    if not region.nodes or count == 0:
        return runs
    visits = np.zeros(count, dtype=np.int64)
    pending: dict[int, list[np.ndarray]] = {0: [np.arange(count)]}
    queue = [0]
    while queue:
        index = heapq.heappop(queue)
        groups = pending.pop(index)
        ids = groups[0] if len(groups) == 1 else np.concatenate(groups)
        node = region.nodes[index]
        waited = sample(node.wait, ids.size, rng)
        worked = sample(node.duration, ids.size, rng)
        lead[ids] += waited + worked
        work[ids] += worked
        if node.branches:
            _fork(node.branches, ids, runs, rng)
        visits[ids] += 1
        following = _choose(node, ids.size, rng)
        alive = visits[ids] < MAX_VISITS
        runs.truncated += int(np.count_nonzero(~alive & (following != EXIT)))
        for target in dict.fromkeys(node.targets):
            if target == EXIT:
                continue
            moving = ids[(following == target) & alive]
            if moving.size:
                if target not in pending:
                    pending[target] = []
                    heapq.heappush(queue, target)
                pending[target].append(moving)
    return runs


def _fork(branches: tuple[Region, ...], ids: np.ndarray, runs: Runs, rng: np.random.Generator) -> None:
    """Add the longest branch of a split (and its work) to the runs `ids`."""
    walked = [walk(branch, ids.size, rng) for branch in branches]
    leads = np.vstack([w.lead for w in walked])
    works = np.vstack([w.work for w in walked])
    longest = np.argmax(leads, axis=0)  # ties: the branch written first
    columns = np.arange(ids.size)
    runs.lead[ids] += leads[longest, columns]
    runs.work[ids] += works[longest, columns]
    runs.truncated += sum(w.truncated for w in walked)


def simulate(region: Region, runs: int, seed: int) -> Runs:
    """`runs` runs of `region` with the generator seeded by `seed`."""
    return walk(region, runs, generator(seed))
