"""Process metrics derived from the schedule: where the time goes.

Definitions (docs/analysis.md has a worked example):

- lead time: the finish of the expected path (waits included), in working hours;
  `lead_time_days` divides it by the file's `calendar.hours_per_day`.
- work time: the sum of durations along the critical path; wait time: the sum of waits
  along it. On the critical chain every step starts its wait when its predecessor
  finishes, so lead time = work time + wait time exactly.
- flow efficiency: work time ÷ lead time (0 when the lead time is 0), so within 0..1.
- effort: the sum of durations of every scheduled step (person-hours, parallel branches
  included); it can exceed the lead time.
- handoffs: scheduled edges (the ones the expected path follows) whose two steps are in
  different lanes; each branch of a parallel block counts.
- steps / tasks / decisions / lanes: counts over the whole file (all steps, every type).
- rework loops: the number of back edges (`sopdocs.graph.back_edges`).
- work per lane and per owner: durations of the scheduled steps summed by lane id (in
  lane order) and by owner (step owner, else lane owner; sorted by name).

All of these are the *expected path*. `with_forecast` adds the forecast of issue 15
(`analysis.forecast`): exact expectations with rework and branch probabilities, and
simulated spreads; the JSON gains `expected`, `simulation` and `queueing`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Optional

from ..i18n import Texts, pad, texts_for
from ..model import Process
from .schedule import Schedule, schedule as schedule_process

if TYPE_CHECKING:
    from .forecast import Forecast

NO_OWNER = "(no owner)"
DECIMALS = 4


@dataclass(frozen=True)
class Metrics:
    """The numbers of one process's expected path (hours are working hours)."""

    process_id: str
    lead_time_hours: float
    work_time_hours: float
    wait_time_hours: float
    effort_hours: float
    lead_time_days: float
    flow_efficiency: float
    handoffs: int
    steps: int
    tasks: int
    decisions: int
    lanes: int
    rework_loops: int
    hours_per_day: float
    work_per_lane: dict[str, float] = field(default_factory=dict)
    work_per_owner: dict[str, float] = field(default_factory=dict)
    critical_path: tuple[str, ...] = ()
    off_path: tuple[str, ...] = ()
    schedule: Optional[Schedule] = None
    forecast: Optional["Forecast"] = None

    def as_dict(self) -> dict:
        """The JSON contract of `sopdocs metrics --format json` (hours rounded to 4 places);
        with a forecast, also its `expected`, `simulation` and `queueing`."""
        result = self._path_dict()
        if self.forecast is not None:
            result.update(self.forecast.as_dict())
        return result

    def _path_dict(self) -> dict:
        steps = self.schedule.scheduled if self.schedule else []
        return {
            "process": self.process_id,
            "lead_time_hours": _round(self.lead_time_hours),
            "work_time_hours": _round(self.work_time_hours),
            "wait_time_hours": _round(self.wait_time_hours),
            "lead_time_days": _round(self.lead_time_days),
            "effort_hours": _round(self.effort_hours),
            "flow_efficiency": _round(self.flow_efficiency),
            "handoffs": self.handoffs,
            "steps": self.steps,
            "tasks": self.tasks,
            "decisions": self.decisions,
            "lanes": self.lanes,
            "rework_loops": self.rework_loops,
            "hours_per_day": self.hours_per_day,
            "work_per_lane": {k: _round(v) for k, v in self.work_per_lane.items()},
            "work_per_owner": {k: _round(v) for k, v in self.work_per_owner.items()},
            "critical_path": list(self.critical_path),
            "schedule": {
                step.id: {
                    "start_hours": _round(step.start_hours),
                    "finish_hours": _round(step.finish_hours),
                    "critical": step.critical,
                    "lane": step.lane,
                    "wait_start_hours": _round(step.ready_hours),
                    "wait_hours": _round(step.wait_hours),
                    "work_hours": _round(step.work_hours),
                    "slack_hours": _round(step.slack_hours),
                }
                for step in steps
            },
            "off_path": list(self.off_path),
        }

    def to_json(self) -> str:
        """`as_dict()` as indented JSON text with a final newline (non-ASCII kept)."""
        return json.dumps(self.as_dict(), indent=2, ensure_ascii=False) + "\n"


def _round(hours: float) -> float:
    rounded = round(hours, DECIMALS)
    return 0.0 if rounded == 0 else rounded  # no "-0.0" in the JSON


def process_metrics(process: Process, planned: Optional[Schedule] = None) -> Metrics:
    """Compute the metrics of `process` (reusing `planned` when the schedule is at hand)."""
    planned = planned or schedule_process(process)
    by_id = process.steps_by_id()
    chain = [by_id[step_id] for step_id in planned.critical_path]
    work = sum(step.work_hours for step in chain)
    wait = sum(step.wait_hours for step in chain)
    lead = planned.lead_time_hours
    hours_per_day = process.calendar.hours_per_day
    return Metrics(
        process_id=process.id,
        lead_time_hours=lead,
        work_time_hours=work,
        wait_time_hours=wait,
        effort_hours=sum(step.work_hours for step in planned.scheduled),
        lead_time_days=lead / hours_per_day if hours_per_day else 0.0,
        flow_efficiency=min(1.0, work / lead) if lead > 0 else 0.0,
        handoffs=count_handoffs(process, planned),
        steps=len(process.steps),
        tasks=sum(1 for step in process.steps if step.type == "task"),
        decisions=sum(1 for step in process.steps if step.type == "decision"),
        lanes=len(process.lanes),
        rework_loops=len(planned.rework),
        hours_per_day=hours_per_day,
        work_per_lane=work_per_lane(process, planned),
        work_per_owner=work_per_owner(process, planned),
        critical_path=planned.critical_path,
        off_path=planned.off_path,
        schedule=planned,
    )


def with_forecast(metrics: Metrics, process: Process, runs: int, seed: int) -> Metrics:
    """`metrics` with the forecast of `process` (`runs` Monte Carlo runs from `seed`)."""
    from .forecast import forecast

    return replace(metrics, forecast=forecast(process, runs=runs, seed=seed))


def count_handoffs(process: Process, planned: Schedule) -> int:
    """Scheduled edges whose source and target are in different lanes."""
    lane_of = {step.id: step.lane for step in process.steps}
    return sum(1 for source, target in planned.edges if lane_of[source] != lane_of[target])


def work_per_lane(process: Process, planned: Schedule) -> dict[str, float]:
    """Hours of work of the scheduled steps per lane id, in the file's lane order.

    Every lane is listed (0 when none of its steps is scheduled); steps whose lane is
    not declared are summed under their lane id after the declared lanes.
    """
    totals = {lane.id: 0.0 for lane in process.lanes}
    for step in planned.scheduled:
        totals[step.lane] = totals.get(step.lane, 0.0) + step.work_hours
    return totals


def work_per_owner(process: Process, planned: Schedule) -> dict[str, float]:
    """Hours of work of the scheduled steps per owner (step owner, else lane owner), by name."""
    by_id = process.steps_by_id()
    totals: dict[str, float] = {}
    for step in planned.scheduled:
        owner = process.owner_of(by_id[step.id]) or NO_OWNER
        totals[owner] = totals.get(owner, 0.0) + step.work_hours
    return dict(sorted(totals.items()))


def metrics_table(metrics: Metrics, texts: Optional[Texts] = None) -> str:
    """A plain-text summary for the terminal: the headline numbers, then the schedule
    (in `texts`' language, default English)."""
    t = texts or texts_for(None)

    def hours(value: float) -> str:
        return f"{value:.2f}"  # fixed decimals line the columns up
    rows = [
        ("process", metrics.process_id),
        ("lead time", t("metrics.lead_time_value", hours=hours(metrics.lead_time_hours),
                        days=hours(metrics.lead_time_days))),
        ("work time", t("metrics.on_critical_path", hours=hours(metrics.work_time_hours))),
        ("wait time", t("metrics.on_critical_path", hours=hours(metrics.wait_time_hours))),
        ("effort", t("metrics.all_steps", hours=hours(metrics.effort_hours))),
        ("flow efficiency", f"{metrics.flow_efficiency:.1%}"),
        ("handoffs", str(metrics.handoffs)),
        ("steps", t("metrics.steps_value", steps=metrics.steps,
                    tasks=t.plural("metrics.tasks", metrics.tasks, n=metrics.tasks),
                    decisions=t.plural("metrics.decisions", metrics.decisions, n=metrics.decisions))),
        ("lanes", str(metrics.lanes)),
        ("rework loops", str(metrics.rework_loops)),
    ]
    lines = [f"{pad(t['metrics.' + key.replace(' ', '_')], 16)} {value}" for key, value in rows]
    if metrics.forecast is not None:
        lines += [f"{pad(t[key], 23)} {value}" for key, value in forecast_rows(metrics, t)]
    columns = [("step", 30, "<"), ("lane", 14, "<"), ("wait", 8, ">"), ("start", 9, ">"),
               ("finish", 9, ">"), ("slack", 8, ">")]
    lines += ["", " ".join(pad(t[f"metrics.col_{name}"], width, align) for name, width, align in columns)]
    for step in metrics.schedule.scheduled if metrics.schedule else []:
        marker = "*" if step.critical else ""
        lines.append(
            f"{step.id[:30]:<30} {step.lane[:14]:<14} {step.wait_hours:>8.2f} "
            f"{step.start_hours:>9.2f} {step.finish_hours:>9.2f} {step.slack_hours:>8.2f} {marker}".rstrip()
        )
    lines.append(t["metrics.footer"])
    if metrics.off_path:
        lines.append(t("metrics.off_path", steps=", ".join(metrics.off_path)))
    return "\n".join(lines) + "\n"


def forecast_rows(metrics: Metrics, t: Texts) -> list[tuple[str, str]]:
    """(label key, text) of the table lines that say which figures are the expected
    path, which exact expectations and which simulated."""
    def h(value: float) -> str:
        return f"{value:.2f}"
    rows = [("forecast.metrics_expected_path", t(
        "forecast.metrics_expected_path_value", lead=h(metrics.lead_time_hours),
        work=h(metrics.work_time_hours), wait=h(metrics.wait_time_hours)))]
    found = metrics.forecast
    expected, simulation, queue = found.expected, found.simulation, found.queueing
    rows.append(("forecast.metrics_expected", t["forecast.metrics_never_ends"] if expected is None else t(
        "forecast.metrics_expected_value", lead=h(expected.lead_time_hours),
        work=h(expected.work_time_hours), wait=h(expected.wait_time_hours),
        effort=h(expected.effort_hours))))
    if simulation is not None:
        spread = simulation.lead_time_hours
        rows.append(("forecast.metrics_simulated", t(
            "forecast.metrics_simulated_value", runs=simulation.runs, seed=simulation.seed,
            mean=h(spread.mean), p50=h(spread.p50), p85=h(spread.p85), p95=h(spread.p95))))
        if simulation.kpi_probability is not None:
            rows.append(("forecast.metrics_kpi", t(
                "forecast.metrics_kpi_value", probability=f"{simulation.kpi_probability:.1%}",
                kpi=simulation.kpi, target=simulation.kpi_target or "", unit=simulation.kpi_unit or "")))
    if queue is not None:
        rows.append(("forecast.metrics_queueing", t(
            "forecast.metrics_queueing_value", cases=queue.cases, warmup=queue.warmup_cases,
            seed=queue.seed, p50=h(queue.lead_time_hours.p50), p85=h(queue.lead_time_hours.p85),
            queue=h(queue.queue_wait_hours), wip=h(queue.wip), throughput=h(queue.throughput_per_week))))
        rows.append(("forecast.metrics_utilisation", ", ".join(
            f"{lane} {share:.0%}" for lane, share in queue.utilisation.items())))
        if queue.overloaded:
            rows.append(("forecast.metrics_overloaded", t(
                "forecast.metrics_overloaded_value", lanes=", ".join(queue.overloaded))))
    return rows
