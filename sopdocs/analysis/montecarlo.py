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


class _Group:
    """Runs waiting at one node: their indices and, aligned with them, the lead time,
    work time and visits each has gathered so far (added in place, without scattering
    into the per-run arrays at every node)."""

    __slots__ = ("ids", "lead", "work", "visits")

    def __init__(self, ids: np.ndarray, lead: np.ndarray, work: np.ndarray, visits: np.ndarray):
        self.ids, self.lead, self.work, self.visits = ids, lead, work, visits

    def part(self, mask: np.ndarray) -> "_Group":
        """The runs where `mask` holds."""
        return _Group(self.ids[mask], self.lead[mask], self.work[mask], self.visits[mask])

    @staticmethod
    def joined(groups: list["_Group"]) -> "_Group":
        """Groups arriving at the same node, in arrival order."""
        if len(groups) == 1:
            return groups[0]
        return _Group(*(np.concatenate([getattr(g, name) for g in groups]) for name in _Group.__slots__))


def walk(region: Region, count: int, rng: np.random.Generator) -> Runs:
    """Walk `count` runs through `region` from its first node; their lead and work times.

    The runs waiting at a node are done together: the pending node with the lowest
    index (the region lists its nodes in the order the flow reaches them) goes first,
    then its runs move on, grouped by the node each one drew. A run's times are summed
    in the order of its visits and land in `Runs` when it leaves the region.
    """
    runs = Runs(np.zeros(count), np.zeros(count))
    if not region.nodes or count == 0:
        return runs
    pending = {0: [_Group(np.arange(count), np.zeros(count), np.zeros(count), np.zeros(count, dtype=np.int64))]}
    queue, popped = [0], 0
    while queue:
        index = heapq.heappop(queue)
        group = _Group.joined(pending.pop(index))
        popped += 1
        node = region.nodes[index]
        _visit(node, group, runs, rng)
        following = _choose(node, group.ids.size, rng)
        # a run has been visited at most `popped` times: below MAX_VISITS all go on
        alive = group.visits < MAX_VISITS if popped >= MAX_VISITS else None
        ending = following == EXIT if alive is None else (following == EXIT) | ~alive
        if alive is not None:
            runs.truncated += int(np.count_nonzero(~alive & (following != EXIT)))
        if ending.any():
            _leave(group.part(ending), runs)
        for target in dict.fromkeys(node.targets):
            if target == EXIT:
                continue
            moving = following == target if alive is None else (following == target) & alive
            if moving.all():
                arrived = group
            elif moving.any():
                arrived = group.part(moving)
            else:
                continue
            if target not in pending:
                pending[target] = []
                heapq.heappush(queue, target)
            pending[target].append(arrived)
    return runs


def _visit(node, group: _Group, runs: Runs, rng: np.random.Generator) -> None:
    """The wait and work of `node` (and the longest branch of a split) for the runs of
    `group`, in the order the generator is drawn: wait, duration, branches."""
    waited = sample(node.wait, group.ids.size, rng)
    worked = sample(node.duration, group.ids.size, rng)
    group.lead += waited + worked
    group.work += worked
    if node.branches:
        _fork(node.branches, group, rng, runs)
    group.visits += 1


def _leave(group: _Group, runs: Runs) -> None:
    """Runs leaving the region: their sums become their times (each run leaves once)."""
    runs.lead[group.ids] = group.lead
    runs.work[group.ids] = group.work


def _fork(branches: tuple[Region, ...], group: _Group, rng: np.random.Generator, runs: Runs) -> None:
    """Add the longest branch of a split (and its work) to the runs of `group`."""
    walked = [walk(branch, group.ids.size, rng) for branch in branches]
    leads = np.vstack([w.lead for w in walked])
    works = np.vstack([w.work for w in walked])
    longest = np.argmax(leads, axis=0)  # ties: the branch written first
    columns = np.arange(group.ids.size)
    group.lead += leads[longest, columns]
    group.work += works[longest, columns]
    runs.truncated += sum(w.truncated for w in walked)


def simulate(region: Region, runs: int, seed: int) -> Runs:
    """`runs` runs of `region` with the generator seeded by `seed`."""
    return walk(region, runs, generator(seed))
