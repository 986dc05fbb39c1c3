"""The expected path of a process and its earliest-start schedule in working hours.

Semantics (docs/analysis.md has a worked example):

- The flow starts at `process.start_step` at hour 0.
- Rework loops (`sopdocs.graph.back_edges`) are never scheduled.
- At a `decision` the expected path follows the branch with the highest probability;
  branches without one share what the given ones leave of 1; ties go to the branch
  written first (so with no probabilities at all, the first branch). Rework branches
  are not candidates. Every other step (task, parallel, start, subprocess, ...) starts
  all of its forward branches, so a task with several `next` forks like `parallel`.
- The scheduled steps are those reached from the start along those edges (the
  "scheduled edges"). Every other step is *off path*.
- A step is *ready* when all its scheduled predecessors have finished (hour 0 for the
  start step). Its `wait` is queue time from ready until the work starts; its `duration`
  is the work. So: ready = max(finish of scheduled predecessors), start = ready + wait,
  finish = start + duration. A step with no duration (start, end, decision) is a
  milestone: it takes no time beyond its wait.
- Lead time is the latest finish. The critical path is the chain that sets it: from the
  step that finishes last (the one latest in topological order among ties) back through,
  at each step, the predecessor whose finish made it ready (the first one in topological
  order among ties). Along that chain lead time = sum of waits + sum of durations.
- Slack is how much later a step could finish without delaying the lead time (latest
  finish from a backward pass minus earliest finish). Steps on the critical path have
  slack 0; other chains tied with it also have slack 0 but are not flagged critical.

All times are working hours; the calendar only matters for display (days and dates).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..graph import back_edges, successors, topological_order
from ..model import Link, Process, Step

EPSILON = 1e-9


@dataclass(frozen=True)
class ScheduledStep:
    """When one scheduled step waits and works, in working hours from the process start.

    `ready_hours` is when every scheduled predecessor has finished (the wait starts);
    `start_hours` = ready + wait is when the work starts; `finish_hours` = start + work.
    """

    id: str
    lane: str
    ready_hours: float
    start_hours: float
    finish_hours: float
    wait_hours: float
    work_hours: float
    slack_hours: float
    critical: bool
    predecessors: tuple[str, ...] = ()

    @property
    def wait_start_hours(self) -> float:
        """When the queue time starts (the same as `ready_hours`)."""
        return self.ready_hours

    @property
    def is_milestone(self) -> bool:
        """True for a step with no work of its own (drawn as a diamond)."""
        return self.work_hours <= EPSILON


@dataclass(frozen=True)
class Schedule:
    """The expected path of a process: scheduled steps, critical path and off-path steps.

    `order` lists the scheduled step ids in topological order; `steps` maps each of them
    to its ScheduledStep; `edges` are the scheduled (source, target) edges in the order
    they were followed; `rework` the rework loops left out.
    """

    process_id: str
    order: tuple[str, ...]
    steps: dict[str, ScheduledStep] = field(default_factory=dict)
    edges: tuple[tuple[str, str], ...] = ()
    critical_path: tuple[str, ...] = ()
    off_path: tuple[str, ...] = ()
    rework: tuple[tuple[str, str], ...] = ()
    lead_time_hours: float = 0.0

    def __contains__(self, step_id: object) -> bool:
        return step_id in self.steps

    def __getitem__(self, step_id: str) -> ScheduledStep:
        return self.steps[step_id]

    @property
    def scheduled(self) -> list[ScheduledStep]:
        """The scheduled steps in topological order."""
        return [self.steps[step_id] for step_id in self.order]


def branch_probabilities(step: Step) -> list[float]:
    """The probability of each of `step.next`, in order.

    Branches without a probability share equally what the given ones leave of 1
    (never below 0), as the validation rule SOP112 describes.
    """
    given = [link.probability for link in step.next if link.probability is not None]
    missing = len(step.next) - len(given)
    share = max(0.0, 1.0 - sum(given)) / missing if missing else 0.0
    return [share if link.probability is None else link.probability for link in step.next]


def expected_branch(step: Step, candidates: set[str]) -> Optional[Link]:
    """The branch of a decision the expected path follows, among links to `candidates`.

    Highest probability wins; ties go to the branch written first. None when no
    branch leads to a candidate.
    """
    best: Optional[Link] = None
    best_probability = -1.0
    for link, probability in zip(step.next, branch_probabilities(step)):
        if link.to in candidates and probability > best_probability + EPSILON:
            best, best_probability = link, probability
    return best


def _scheduled_edges(process: Process, loops: set[tuple[str, str]]) -> tuple[list[str], list[tuple[str, str]]]:
    """Breadth-first walk of the expected path: (scheduled ids, scheduled edges)."""
    start = process.start_step
    if start is None:
        return [], []
    graph = successors(process)
    by_id = process.steps_by_id()
    seen, queue, edges = {start.id}, [start.id], []
    position = 0
    while position < len(queue):
        source = queue[position]
        position += 1
        forward = list(dict.fromkeys(t for t in graph.get(source, []) if (source, t) not in loops))
        if by_id[source].type == "decision" and forward:
            chosen = expected_branch(by_id[source], set(forward))
            forward = [chosen.to] if chosen else []
        for target in forward:
            edges.append((source, target))
            if target not in seen:
                seen.add(target)
                queue.append(target)
    return queue, edges


def _forward_pass(order: list[str], predecessors: dict[str, list[str]],
                  by_id: dict[str, Step]) -> dict[str, tuple[float, float, float]]:
    """Earliest (ready, start, finish) of each step, visiting in topological order."""
    times: dict[str, tuple[float, float, float]] = {}
    for step_id in order:
        step = by_id[step_id]
        ready = max((times[p][2] for p in predecessors[step_id]), default=0.0)
        start = ready + step.wait_hours
        times[step_id] = (ready, start, start + step.work_hours)
    return times


def _latest_finishes(order: list[str], successors_of: dict[str, list[str]],
                     by_id: dict[str, Step], lead: float) -> dict[str, float]:
    """Latest finish of each step that keeps the lead time (backward pass)."""
    latest: dict[str, float] = {}
    for step_id in reversed(order):
        latest[step_id] = min(
            (latest[t] - by_id[t].work_hours - by_id[t].wait_hours for t in successors_of[step_id]),
            default=lead,
        )
    return latest


def _critical_chain(order: list[str], predecessors: dict[str, list[str]],
                    times: dict[str, tuple[float, float, float]]) -> list[str]:
    """The chain that sets the lead time, from the start step to the last finisher."""
    if not order:
        return []
    rank = {step_id: index for index, step_id in enumerate(order)}
    lead = max(finish for _, _, finish in times.values())
    current = max((s for s in order if times[s][2] >= lead - EPSILON), key=rank.__getitem__)
    chain = [current]
    while predecessors[current]:
        ready = times[current][0]
        tied = [p for p in predecessors[current] if times[p][2] >= ready - EPSILON]
        current = min(tied, key=rank.__getitem__)
        chain.append(current)
    return chain[::-1]


def schedule(process: Process) -> Schedule:
    """Schedule the expected path of `process` (earliest start, finish, slack, critical path).

    Pure: reads the model only. See the module docstring for the rules.
    """
    by_id = process.steps_by_id()
    loops = back_edges(process)
    scheduled_ids, edges = _scheduled_edges(process, set(loops))
    in_schedule = set(scheduled_ids)
    order = [step_id for step_id in topological_order(process) if step_id in in_schedule]
    predecessors: dict[str, list[str]] = {step_id: [] for step_id in order}
    successors_of: dict[str, list[str]] = {step_id: [] for step_id in order}
    for source, target in edges:
        predecessors[target].append(source)
        successors_of[source].append(target)
    times = _forward_pass(order, predecessors, by_id)
    lead = max((finish for _, _, finish in times.values()), default=0.0)
    latest = _latest_finishes(order, successors_of, by_id, lead)
    chain = _critical_chain(order, predecessors, times)
    on_chain = set(chain)
    steps = {}
    for step_id in order:
        ready, start, finish = times[step_id]
        slack = latest[step_id] - finish
        steps[step_id] = ScheduledStep(
            id=step_id, lane=by_id[step_id].lane or "", ready_hours=ready, start_hours=start,
            finish_hours=finish, wait_hours=by_id[step_id].wait_hours,
            work_hours=by_id[step_id].work_hours,
            slack_hours=0.0 if abs(slack) < 1e-6 else slack,
            critical=step_id in on_chain, predecessors=tuple(predecessors[step_id]),
        )
    off_path = tuple(dict.fromkeys(s.id for s in process.steps if s.id not in in_schedule))
    return Schedule(
        process_id=process.id, order=tuple(order), steps=steps, edges=tuple(edges),
        critical_path=tuple(chain), off_path=off_path, rework=tuple(loops), lead_time_hours=lead,
    )
