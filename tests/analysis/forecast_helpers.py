"""Small processes for the forecast tests, built directly from the model."""

from __future__ import annotations

from typing import Optional

from sopdocs.model import Arrivals, Calendar, Duration, Kpi, Lane, Link, Process, Step, Target


def hours(value: float) -> Duration:
    """A fixed duration of `value` working hours."""
    return Duration(value, f"{value:g}h")


def triangular(low: float, likely: float, high: float) -> Duration:
    """A triangular duration; `hours` is its mean (low + likely + high) / 3."""
    return Duration((low + likely + high) / 3, "range", distribution="triangular",
                    low_hours=low, likely_hours=likely, high_hours=high)


def uniform(low: float, high: float) -> Duration:
    """A uniform duration; `hours` is its mean (low + high) / 2."""
    return Duration((low + high) / 2, "range", distribution="uniform", low_hours=low, high_hours=high)


def exponential(mean: float) -> Duration:
    """An exponential duration of mean `mean` hours."""
    return Duration(mean, "range", distribution="exponential")


def task(step_id: str, work: Optional[Duration] = None, *targets: str, wait: Optional[Duration] = None,
         lane: str = "team") -> Step:
    """A task (several targets: it forks)."""
    return Step(step_id, step_id, lane, duration=work, wait=wait, next=tuple(Link(t) for t in targets))


def decide(step_id: str, *branches: tuple[str, Optional[float]], lane: str = "team") -> Step:
    """A decision with (target, probability or None) branches."""
    return Step(step_id, step_id, lane, "decision",
                next=tuple(Link(t, f"to {t}", p) for t, p in branches))


def split(step_id: str, *targets: str, lane: str = "team") -> Step:
    """A parallel split."""
    return Step(step_id, step_id, lane, "parallel", next=tuple(Link(t) for t in targets))


def start(first: str) -> Step:
    """The start step, leading to `first`."""
    return Step("begin", "begin", "team", "start", next=(Link(first),))


def end(step_id: str = "end") -> Step:
    """An end step."""
    return Step(step_id, step_id, "team", "end")


def process(*steps: Step, lanes: tuple[Lane, ...] = (Lane("team", "Team", "Owner"),),
            arrivals: Optional[float] = None, kpis: tuple[Kpi, ...] = (),
            calendar: Calendar = Calendar()) -> Process:
    """A process of `steps` (arrivals: mean hours between cases)."""
    return Process("p", "P", "p.yaml", lanes=lanes, steps=steps, kpis=kpis, calendar=calendar,
                   arrivals=Arrivals(arrivals) if arrivals else None)


def lead_kpi(unit: str, target: str, measures: str = "lead_time") -> Kpi:
    """A KPI that measures lead (or work) time."""
    return Kpi("Cycle", unit, target=Target.parse(target), measures=measures)
