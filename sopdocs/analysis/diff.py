"""Compare two versions of a process: steps, lanes, metrics and KPIs.

Steps are matched by `id` first; the steps left over on both sides are then matched by
identical name (in file order), so a step re-created under a new id is reported as
changed, with an `id` field, rather than as removed plus added. Branch targets of the old
side are translated through that matching before `next` is compared, so renaming an id
does not make every step pointing at it look changed.

Every value a change carries is plain JSON data (strings, numbers, lists, dicts), so the
same `ProcessDiff` feeds the Markdown, JSON and text reports. Percentages are rounded to
one decimal: 45 → 32 is (32 − 45) / 45 = −28.888…% → −28.9.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..model import Duration, Kpi, Link, Process, Step
from .metrics import process_metrics

STEP_FIELDS = ("id", "name", "type", "lane", "owner", "duration", "wait", "next",
               "inputs", "outputs", "systems", "process", "instructions")
METRIC_LABELS = {
    "lead_time_days": ("Lead time", "d"),
    "work_time_days": ("Work time", "d"),
    "wait_time_days": ("Wait time", "d"),
    "flow_efficiency_pct": ("Flow efficiency", "%"),
    "handoffs": ("Handoffs", ""),
    "steps": ("Steps", ""),
    "decisions": ("Decisions", ""),
    "rework_loops": ("Rework loops", ""),
}


@dataclass(frozen=True)
class FieldChange:
    """One field of a step that differs: its name and the old and new values."""

    field: str
    old: object
    new: object


@dataclass(frozen=True)
class StepChange:
    """A step present on both sides with at least one differing field."""

    old_id: str
    new_id: str
    matched_by: str  # "id" or "name"
    fields: tuple[FieldChange, ...]

    def field_names(self) -> tuple[str, ...]:
        """Names of the changed fields, in STEP_FIELDS order."""
        return tuple(change.field for change in self.fields)


@dataclass(frozen=True)
class LaneDiff:
    """Lanes added and removed (ids), renamed (id, old name, new name) and re-owned."""

    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str, str], ...] = ()
    owners: tuple[tuple[str, Optional[str], Optional[str]], ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when the lanes are the same on both sides."""
        return not (self.added or self.removed or self.renamed or self.owners)


@dataclass(frozen=True)
class MetricDelta:
    """One metric on both sides: values, absolute change and change in percent."""

    key: str
    label: str
    unit: str
    old: float
    new: float
    change: float
    change_pct: Optional[float]


@dataclass(frozen=True)
class KpiDelta:
    """One KPI matched by name; values are None on the side that lacks it."""

    name: str
    unit: str
    old: Optional[float]
    new: Optional[float]
    change_pct: Optional[float]
    target: Optional[str]
    met: Optional[bool]


@dataclass(frozen=True)
class ProcessDiff:
    """Everything that differs between an old and a new version of a process."""

    old: Process
    new: Process
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[StepChange, ...]
    lanes: LaneDiff
    metrics: tuple[MetricDelta, ...]
    kpis: tuple[KpiDelta, ...]

    @property
    def is_empty(self) -> bool:
        """True when no step, lane, metric or KPI differs."""
        return (not (self.added or self.removed or self.changed) and self.lanes.is_empty
                and all(metric.change == 0 for metric in self.metrics)
                and all(kpi.old == kpi.new for kpi in self.kpis))

    def metric(self, key: str) -> Optional[MetricDelta]:
        """The metric delta with this key (see METRIC_LABELS), or None."""
        return next((metric for metric in self.metrics if metric.key == key), None)

    def status_by_new_id(self) -> dict[str, str]:
        """New step id → "added" or "changed" (for styling the new flowchart)."""
        status = {step_id: "added" for step_id in self.added}
        status.update({change.new_id: "changed" for change in self.changed})
        return dict(sorted(status.items()))


def percent_change(old: Optional[float], new: Optional[float]) -> Optional[float]:
    """(new − old) / old in percent, rounded to one decimal; None when undefined.

    45 → 32 gives −28.9; 0 → 0 gives 0.0; 0 → anything else has no percentage (None).
    """
    if old is None or new is None:
        return None
    if old == 0:
        return 0.0 if new == 0 else None
    return round((new - old) / abs(old) * 100, 1) + 0.0


def match_steps(old: Process, new: Process) -> list[tuple[Step, Step, str]]:
    """Pairs (old step, new step, "id" | "name"): by id first, then by identical name."""
    new_by_id = new.steps_by_id()
    pairs = [(step, new_by_id[step.id], "id") for step in _unique(old.steps) if step.id in new_by_id]
    matched_old = {pair[0].id for pair in pairs}
    matched_new = {pair[1].id for pair in pairs}
    left_new: dict[str, list[Step]] = {}
    for step in _unique(new.steps):
        if step.id not in matched_new:
            left_new.setdefault(step.name, []).append(step)
    for step in _unique(old.steps):
        candidates = left_new.get(step.name)
        if step.id not in matched_old and candidates:
            pairs.append((step, candidates.pop(0), "name"))
    return pairs


def _unique(steps: tuple[Step, ...]) -> list[Step]:
    """Steps with the first occurrence of each id (validation reports duplicates)."""
    seen: set[str] = set()
    result = []
    for step in steps:
        if step.id not in seen:
            seen.add(step.id)
            result.append(step)
    return result


def _duration_value(duration: Optional[Duration]) -> tuple[Optional[float], Optional[str]]:
    if duration is None:
        return None, None
    return round(duration.hours, 6), duration.text or f"{duration.hours:g}h"


def _links_value(links: tuple[Link, ...], rename: dict[str, str]) -> list[dict]:
    return [{"to": rename.get(link.to, link.to), "when": link.when,
             "probability": link.probability} for link in links]


def _compared_values(process: Process, step: Step, rename: dict[str, str]) -> dict[str, tuple]:
    """Field → (value compared, value shown) for one step; see STEP_FIELDS."""
    duration = _duration_value(step.duration)
    wait = _duration_value(step.wait)
    next_shown = _links_value(step.next, {})
    return {
        "id": (None, step.id),  # the id differs only for steps matched by name
        "name": (step.name, step.name),
        "type": (step.type, step.type),
        "lane": (step.lane, step.lane),
        "owner": (process.owner_of(step),) * 2,
        "duration": (duration[0], duration[1]),
        "wait": (wait[0], wait[1]),
        "next": (_links_value(step.next, rename), next_shown),
        "inputs": (list(step.inputs),) * 2,
        "outputs": (list(step.outputs),) * 2,
        "systems": (list(step.systems),) * 2,
        "process": (step.process,) * 2,
        "instructions": (step.instructions.strip(),) * 2,
    }


def compare_step(old: Process, new: Process, old_step: Step, new_step: Step,
                 old_to_new: dict[str, str]) -> tuple[FieldChange, ...]:
    """The fields that differ between two matched steps, in STEP_FIELDS order."""
    old_values = _compared_values(old, old_step, old_to_new)
    new_values = _compared_values(new, new_step, {})
    changes = []
    for name in STEP_FIELDS:
        if name == "id":
            differs = old_step.id != new_step.id
        else:
            differs = old_values[name][0] != new_values[name][0]
        if differs:
            changes.append(FieldChange(name, old_values[name][1], new_values[name][1]))
    return tuple(changes)


def diff_steps(old: Process, new: Process) -> tuple[tuple[str, ...], tuple[str, ...],
                                                    tuple[StepChange, ...]]:
    """(added new ids, removed old ids, changed steps) in file order."""
    pairs = match_steps(old, new)
    old_to_new = {old_step.id: new_step.id for old_step, new_step, _ in pairs}
    new_to_old = {new_id: old_id for old_id, new_id in old_to_new.items()}
    added = tuple(step.id for step in _unique(new.steps) if step.id not in new_to_old)
    removed = tuple(step.id for step in _unique(old.steps) if step.id not in old_to_new)
    changed = []
    pair_by_new = {new_step.id: (old_step, new_step, how) for old_step, new_step, how in pairs}
    for step in _unique(new.steps):
        if step.id in pair_by_new:
            old_step, new_step, how = pair_by_new[step.id]
            fields = compare_step(old, new, old_step, new_step, old_to_new)
            if fields:
                changed.append(StepChange(old_step.id, new_step.id, how, fields))
    return added, removed, tuple(changed)


def diff_lanes(old: Process, new: Process) -> LaneDiff:
    """Lanes matched by id: added, removed, renamed (same id, new name), new owner."""
    old_lanes = {lane.id: lane for lane in old.lanes}
    new_lanes = {lane.id: lane for lane in new.lanes}
    both = [lane_id for lane_id in new_lanes if lane_id in old_lanes]
    return LaneDiff(
        added=tuple(lane_id for lane_id in new_lanes if lane_id not in old_lanes),
        removed=tuple(lane_id for lane_id in old_lanes if lane_id not in new_lanes),
        renamed=tuple((lane_id, old_lanes[lane_id].name, new_lanes[lane_id].name)
                      for lane_id in both if old_lanes[lane_id].name != new_lanes[lane_id].name),
        owners=tuple((lane_id, old_lanes[lane_id].owner, new_lanes[lane_id].owner)
                     for lane_id in both if old_lanes[lane_id].owner != new_lanes[lane_id].owner),
    )


def diff_kpis(old: Process, new: Process) -> tuple[KpiDelta, ...]:
    """KPIs matched by name, in the new file's order, then those only the old one has.

    The target comes from the new side (else the old); `met` says whether the new value
    meets it (None without a new value or a target).
    """
    old_by_name = {kpi.name: kpi for kpi in reversed(old.kpis)}
    new_by_name = {kpi.name: kpi for kpi in reversed(new.kpis)}
    names = list(dict.fromkeys([kpi.name for kpi in new.kpis] + [kpi.name for kpi in old.kpis]))
    return tuple(_kpi_delta(old_by_name.get(name), new_by_name.get(name)) for name in names)


def _kpi_delta(old: Optional[Kpi], new: Optional[Kpi]) -> KpiDelta:
    present = new or old
    old_value = old.value if old else None
    new_value = new.value if new else None
    target = (new.target if new and new.target else None) or (old.target if old else None)
    met = target.met_by(new_value) if target and new_value is not None else None
    return KpiDelta(present.name, (new.unit if new else "") or (old.unit if old else ""),
                    old_value, new_value, percent_change(old_value, new_value),
                    target.text if target else None, met)


def metric_values(process: Process) -> dict[str, float]:
    """The compared metrics of one process, unrounded, keyed as in METRIC_LABELS.

    Times are in working days of the file's own calendar, flow efficiency in percent.
    """
    metrics = process_metrics(process)
    per_day = process.calendar.hours_per_day or 1.0
    return {
        "lead_time_days": metrics.lead_time_hours / per_day,
        "work_time_days": metrics.work_time_hours / per_day,
        "wait_time_days": metrics.wait_time_hours / per_day,
        "flow_efficiency_pct": metrics.flow_efficiency * 100,
        "handoffs": metrics.handoffs,
        "steps": metrics.steps,
        "decisions": metrics.decisions,
        "rework_loops": metrics.rework_loops,
    }


def diff_metrics(old: Process, new: Process) -> tuple[MetricDelta, ...]:
    """Metric deltas in METRIC_LABELS order.

    Values and the absolute change are rounded to 2 decimals; the percentage is computed
    from the unrounded values, then rounded to one decimal.
    """
    old_values, new_values = metric_values(old), metric_values(new)
    result = []
    for key, (label, unit) in METRIC_LABELS.items():
        before, after = old_values[key], new_values[key]
        result.append(MetricDelta(key, label, unit, _round2(before), _round2(after),
                                  _round2(after - before), percent_change(before, after)))
    return tuple(result)


def _round2(value: float) -> float:
    """Two decimals for floats (no "-0.0"); counts stay integers."""
    return value if isinstance(value, int) else round(value, 2) + 0.0


def diff_processes(old: Process, new: Process) -> ProcessDiff:
    """Compare two versions of a process; `diff_processes(p, p).is_empty` is True."""
    added, removed, changed = diff_steps(old, new)
    return ProcessDiff(old, new, added, removed, changed, diff_lanes(old, new),
                       diff_metrics(old, new), diff_kpis(old, new))

