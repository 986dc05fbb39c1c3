"""How long a process really takes: exact expectations, Monte Carlo, and queueing.

`forecast(process)` bundles the three analyses of issue 15 (docs/analysis.md):

- `Expected`: exact expectations of the flow as an absorbing Markov chain
  (`analysis.expected`), rework loops and branch probabilities included;
- `Simulation`: `runs` Monte Carlo runs drawing branches and duration ranges
  (`analysis.montecarlo`), with the spread of lead and work time and the probability
  of meeting the target of the KPI that `measures: lead_time` (or `work_time`);
- `Queueing`: a discrete-event simulation of many cases competing for the people of
  the lanes (`analysis.queueing`), only with `arrivals` and a lane `capacity`.

Figures are working hours. The same process and seed give the same figures everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

import numpy as np

from ..model import Kpi, Process
from .expected import Expected, expected_values
from .flow import build
from .montecarlo import simulate

DEFAULT_SEED = 15
DEFAULT_RUNS = 10_000
DECIMALS = 4
PERCENTILES = (50, 85, 95)
HOUR_UNITS = ("h", "hour", "hours", "小时", "小時")
DAY_UNITS = ("d", "day", "days", "天", "工作日", "working day", "working days")
WEEK_UNITS = ("w", "week", "weeks", "周", "週", "working week", "working weeks")


@dataclass(frozen=True)
class Spread:
    """Mean and percentiles of simulated times, in hours."""

    mean: float
    p50: float
    p85: float
    p95: float

    @staticmethod
    def of(values: np.ndarray) -> "Spread":
        """The spread of `values` (all zero when there are none)."""
        if values.size == 0:
            return Spread(0.0, 0.0, 0.0, 0.0)
        p50, p85, p95 = (float(x) for x in np.percentile(values, PERCENTILES))
        return Spread(float(values.mean()), p50, p85, p95)

    def as_dict(self) -> dict:
        """{mean, p50, p85, p95} rounded to 4 decimals."""
        return {"mean": _round(self.mean), "p50": _round(self.p50),
                "p85": _round(self.p85), "p95": _round(self.p95)}


@dataclass(frozen=True)
class Simulation:
    """Monte Carlo runs (analysis/montecarlo.py), numpy PCG64."""

    runs: int
    seed: int
    lead_time_hours: Spread
    work_time_hours: Spread
    kpi: Optional[str]
    kpi_target: Optional[str]
    kpi_probability: Optional[float]
    lead_times: np.ndarray = field(compare=False, repr=False)
    truncated_runs: int = 0  # runs stopped after montecarlo.MAX_VISITS visits
    kpi_unit: Optional[str] = None  # the KPI's unit as written (its target is in it)


@dataclass(frozen=True)
class Queueing:
    """Many cases at once competing for the lanes' people (SimPy, analysis/queueing.py)."""

    cases: int
    warmup_cases: int
    seed: int
    lead_time_hours: Spread
    queue_wait_hours: float
    queue_wait_per_lane: dict[str, float]
    utilisation: dict[str, float]
    wip: float
    throughput_per_week: float
    overloaded: tuple[str, ...]


@dataclass(frozen=True)
class Forecast:
    """The three analyses of one process (None where they do not apply)."""

    process_id: str
    expected: Optional[Expected]
    simulation: Optional[Simulation]
    queueing: Optional[Queueing]

    def as_dict(self) -> dict:
        """The JSON contract of issue 15: `expected` and `simulation` (plus `queueing`)."""
        return {"expected": _expected_dict(self.expected),
                "simulation": _simulation_dict(self.simulation, self.queueing),
                "queueing": _queueing_dict(self.queueing)}


@dataclass(frozen=True)
class Histogram:
    """Counts of several series over the same bins (hours)."""

    edges: tuple[float, ...]
    counts: tuple[tuple[int, ...], ...]

    @property
    def shares(self) -> tuple[tuple[float, ...], ...]:
        """Each series' counts as fractions of its size."""
        return tuple(tuple(c / (sum(row) or 1) for c in row) for row in self.counts)


def histogram(series: list[np.ndarray], bins: int = 30) -> Histogram:
    """Histograms of `series` over shared bin edges spanning all of them."""
    filled = [np.asarray(s, dtype=float) for s in series]
    values = np.concatenate(filled) if filled else np.zeros(0)
    low, high = (float(values.min()), float(values.max())) if values.size else (0.0, 1.0)
    if high <= low:
        low, high = low - 0.5, high + 0.5
    edges = np.linspace(low, high, bins + 1)
    counts = tuple(tuple(int(c) for c in np.histogram(s, edges)[0]) for s in filled)
    return Histogram(tuple(float(e) for e in edges), counts)


def forecast(process: Process, runs: int = DEFAULT_RUNS, seed: int = DEFAULT_SEED,
             cases: Optional[int] = None) -> Forecast:
    """Expected values, `runs` Monte Carlo runs and (with arrivals and a lane capacity)
    the queueing simulation of `cases` cases (default queueing.DEFAULT_CASES)."""
    expected = expected_values(process)
    if expected is None:
        return Forecast(process.id, None, None, None)
    simulation = monte_carlo(process, runs, seed) if runs > 0 else None
    from .queueing import DEFAULT_CASES, queueing_applies, simulate_queue

    queue = None
    if queueing_applies(process):
        queue = simulate_queue(process, expected, cases or DEFAULT_CASES, seed)
    return Forecast(process.id, expected, simulation, queue)


def monte_carlo(process: Process, runs: int = DEFAULT_RUNS, seed: int = DEFAULT_SEED) -> Simulation:
    """`runs` Monte Carlo runs of `process` (the flow must end: see expected_values)."""
    walked = simulate(build(process), runs, seed)
    kpi, target_hours = kpi_target_hours(process)
    probability = None
    if kpi is not None and target_hours is not None:
        values = walked.work if kpi.measures == "work_time" else walked.lead
        probability = float(np.mean(_meets(kpi, target_hours, values))) if values.size else None
    return Simulation(
        runs=runs, seed=seed, lead_time_hours=Spread.of(walked.lead),
        work_time_hours=Spread.of(walked.work), kpi=kpi.name if kpi else None,
        kpi_target=kpi.target.text if kpi and kpi.target else None,
        kpi_probability=probability, lead_times=walked.lead, truncated_runs=walked.truncated,
        kpi_unit=kpi.unit if kpi else None,
    )


def unit_hours(unit: str, process: Process) -> Optional[float]:
    """Working hours in one `unit` (h, d, w and their names; None for another unit)."""
    word = unit.strip().lower()
    if word in HOUR_UNITS:
        return 1.0
    if word in DAY_UNITS:
        return process.calendar.hours_per_day
    if word in WEEK_UNITS:
        return process.calendar.hours_per_week
    return None


def kpi_target_hours(process: Process) -> tuple[Optional[Kpi], Optional[float]]:
    """The first KPI that measures lead or work time, and its target in hours (None
    without a target or a time unit)."""
    for kpi in process.kpis:
        if kpi.measures in ("lead_time", "work_time"):
            factor = unit_hours(kpi.unit, process)
            if kpi.target is None or factor is None:
                return kpi, None
            return kpi, kpi.target.number * factor
    return None, None


def _meets(kpi: Kpi, target_hours: float, values: np.ndarray) -> np.ndarray:
    """Whether each value meets the KPI's target (in hours)."""
    op = kpi.target.op
    if op == "<=":
        return values <= target_hours + 1e-9
    if op == "<":
        return values < target_hours
    if op == ">=":
        return values >= target_hours - 1e-9
    if op == ">":
        return values > target_hours
    return np.abs(values - target_hours) <= 1e-9


def _round(value: float) -> float:
    rounded = round(float(value), DECIMALS)
    return 0.0 if rounded == 0 else rounded


def _expected_dict(expected: Optional[Expected]) -> Optional[dict]:
    if expected is None:
        return None
    return {
        "lead_time_hours": _round(expected.lead_time_hours),
        "work_time_hours": _round(expected.work_time_hours),
        "wait_time_hours": _round(expected.wait_time_hours),
        "effort_hours": _round(expected.effort_hours),
        "visits": {k: _round(v) for k, v in expected.visits.items()},
        "effort_per_lane": {k: _round(v) for k, v in expected.effort_per_lane.items()},
        "effort_per_owner": {k: _round(v) for k, v in expected.effort_per_owner.items()},
    }


def _simulation_dict(simulation: Optional[Simulation], queue: Optional[Queueing]) -> Optional[dict]:
    if simulation is None:
        return None
    return {
        "runs": simulation.runs,
        "seed": simulation.seed,
        "lead_time_hours": simulation.lead_time_hours.as_dict(),
        "work_time_hours": simulation.work_time_hours.as_dict(),
        "kpi": simulation.kpi,
        "kpi_target": simulation.kpi_target,
        "kpi_unit": simulation.kpi_unit,
        "kpi_probability": None if simulation.kpi_probability is None else _round(simulation.kpi_probability),
        "utilisation": {k: _round(v) for k, v in queue.utilisation.items()} if queue else {},
        "truncated_runs": simulation.truncated_runs,
    }


def _queueing_dict(queue: Optional[Queueing]) -> Optional[dict]:
    if queue is None:
        return None
    return {
        "cases": queue.cases, "warmup_cases": queue.warmup_cases, "seed": queue.seed,
        "lead_time_hours": queue.lead_time_hours.as_dict(),
        "queue_wait_hours": _round(queue.queue_wait_hours),
        "queue_wait_per_lane": {k: _round(v) for k, v in queue.queue_wait_per_lane.items()},
        "utilisation": {k: _round(v) for k, v in queue.utilisation.items()},
        "wip": _round(queue.wip),
        "throughput_per_week": _round(queue.throughput_per_week),
        "overloaded": list(queue.overloaded),
    }
