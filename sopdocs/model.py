"""The process model: frozen dataclasses built by the loader, read by everything else.

Every element keeps the source span (file, 1-based line and column) it came from, so
any later stage (validation, diffing, rendering) can point a user back at the YAML.
Times are working hours; the process's calendar converts days and weeks.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, field, fields
from typing import Optional

STEP_TYPES = ("task", "decision", "parallel", "start", "end", "subprocess")
STATUSES = ("current", "optimized", "proposed", "retired")
PROBLEM_TYPES = ("efficiency", "cost", "experience", "risk")
LEVELS = ("high", "medium", "low")
# issue 12: problem priorities, the words a survey uses for them, action statuses
PRIORITIES = ("urgent", "important", "routine")
PRIORITY_ALIASES = {
    "urgent": "urgent", "important": "important", "routine": "routine",
    "high": "urgent", "medium": "important", "low": "routine",
    "高": "urgent", "中": "important", "低": "routine",
}
ACTION_STATUSES = ("planned", "doing", "done")
# issue 15: how a duration range is sampled, and what a KPI may measure
DISTRIBUTIONS = ("fixed", "triangular", "uniform", "exponential")
KPI_MEASURES = ("lead_time", "work_time")
DEFAULT_HOURS_PER_DAY = 8.0
DEFAULT_DAYS_PER_WEEK = 5.0

_DURATION_RE = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*(m|min|h|d|w)\s*$")
_UNIT_NAMES = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}


@dataclass(frozen=True)
class Span:
    """Where something came from: a file path and a 1-based line and column."""

    file: str
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class Calendar:
    """Working time: how many hours make a day and how many days a week."""

    hours_per_day: float = DEFAULT_HOURS_PER_DAY
    days_per_week: float = DEFAULT_DAYS_PER_WEEK
    span: Optional[Span] = field(default=None, compare=False)

    @property
    def hours_per_week(self) -> float:
        """Working hours in one week."""
        return self.hours_per_day * self.days_per_week


class DurationError(ValueError):
    """A duration text that cannot be parsed; the message says how to write one."""


@dataclass(frozen=True)
class Duration:
    """A length of working time, as written (`text`) and in working hours (`hours`)."""

    hours: float
    text: str = ""
    span: Optional[Span] = field(default=None, compare=False)
    # issue 15: a range. `hours` is then the range's mean, so every expected-path figure
    # uses the mean; `low_hours`/`likely_hours`/`high_hours` are min/likely/max (uniform:
    # min and max; exponential: none), `parts` the keys and texts as written, in file
    # order, e.g. (("min", "1d"), ("likely", "2d"), ("max", "4d")).
    distribution: str = "fixed"
    low_hours: Optional[float] = None
    likely_hours: Optional[float] = None
    high_hours: Optional[float] = None
    parts: tuple[tuple[str, str], ...] = ()

    @property
    def is_range(self) -> bool:
        """True for a triangular, uniform or exponential duration (not a fixed value)."""
        return self.distribution != "fixed"

    @staticmethod
    def parse(text: object, calendar: Calendar, span: Optional[Span] = None) -> "Duration":
        """Parse `30m`, `2h`, `0.5d`, `1w` or `1.5 d` into working hours.

        A bare `0` is accepted as zero (a milestone); other bare numbers are rejected
        because the unit would be a guess. Raises DurationError with a fix in the text.
        """
        if isinstance(text, bool):
            raise DurationError(f"expected a duration like 2h or 0.5d, got {text!r}")
        if isinstance(text, (int, float)):
            if text == 0:
                return Duration(0.0, "0", span)
            raise DurationError(
                f"duration {text!r} has no unit; write e.g. {text}h or {text}d"
            )
        if not isinstance(text, str):
            raise DurationError(f"expected a duration like 2h or 0.5d, got {type(text).__name__}")
        match = _DURATION_RE.match(text)
        if not match:
            raise DurationError(
                f"'{text}' is not a duration; write a number and a unit m, h, d or w"
                " (e.g. 30m, 2h, 0.5d, 1w)"
            )
        number, unit = float(match.group(1)), match.group(2)
        factor = {
            "m": 1 / 60,
            "min": 1 / 60,
            "h": 1.0,
            "d": calendar.hours_per_day,
            "w": calendar.hours_per_week,
        }[unit]
        return Duration(number * factor, text.strip(), span)

    @property
    def is_zero(self) -> bool:
        """True for a zero-length duration (a milestone)."""
        return self.hours == 0


@dataclass(frozen=True)
class Link:
    """One `next` edge: the target step id, an optional branch label and probability."""

    to: str
    when: Optional[str] = None
    probability: Optional[float] = None
    span: Optional[Span] = field(default=None, compare=False)


@dataclass(frozen=True)
class Problem:
    """A known problem of a step (type, description, impact and frequency)."""

    description: str
    type: str = "efficiency"
    impact: str = "medium"
    frequency: str = "medium"
    span: Optional[Span] = field(default=None, compare=False)
    # issue 12: root causes, a stated priority, an id that actions refer to
    why: tuple[str, ...] = ()
    stated_priority: Optional[str] = None
    id: Optional[str] = None

    @property
    def derived_priority(self) -> str:
        """Priority from the impact x frequency matrix: urgent, important or routine.

        Both high → urgent; high impact with lower frequency, or medium impact with
        high frequency → important; everything else → routine.
        """
        if self.impact == "high" and self.frequency == "high":
            return "urgent"
        if self.impact == "high" or (self.impact == "medium" and self.frequency == "high"):
            return "important"
        return "routine"

    @property
    def priority(self) -> str:
        """The stated priority when the file gives one, else the derived one."""
        return self.stated_priority or self.derived_priority


@dataclass(frozen=True)
class Lane:
    """A swimlane: a department or role that performs steps."""

    id: str
    name: str
    owner: Optional[str] = None
    span: Optional[Span] = field(default=None, compare=False)
    # issue 15: how many people work in the lane at once (None: as many as needed)
    capacity: Optional[int] = None


@dataclass(frozen=True)
class Arrivals:
    """How often new cases start (issue 15): exponential inter-arrival times whose mean
    is `interval_hours` working hours, written as `every` (a duration) or `per_week`."""

    interval_hours: float
    every: Optional[Duration] = None
    per_week: Optional[float] = None
    span: Optional[Span] = field(default=None, compare=False)


@dataclass(frozen=True)
class Step:
    """One step of a process: a task, decision, parallel split, start, end or subprocess."""

    id: str
    name: str
    lane: Optional[str] = None
    type: str = "task"
    owner: Optional[str] = None
    duration: Optional[Duration] = None
    wait: Optional[Duration] = None
    inputs: tuple[str, ...] = ()
    outputs: tuple[str, ...] = ()
    systems: tuple[str, ...] = ()
    instructions: str = ""
    next: tuple[Link, ...] = ()
    problems: tuple[Problem, ...] = ()
    process: Optional[str] = None
    span: Optional[Span] = field(default=None, compare=False)

    @property
    def work_hours(self) -> float:
        """Working hours of the step itself (0 when no duration is given)."""
        return self.duration.hours if self.duration else 0.0

    @property
    def wait_hours(self) -> float:
        """Queue time before the step starts, in working hours (0 when none)."""
        return self.wait.hours if self.wait else 0.0

    @property
    def targets(self) -> tuple[str, ...]:
        """Ids of the steps this one leads to, in declared order."""
        return tuple(link.to for link in self.next)


_TARGET_RE = re.compile(r"^\s*(<=|>=|==|=|<|>|≤|≥)\s*(-?\d+(?:\.\d+)?)\s*(%?)\s*$")
_OP_ALIASES = {"≤": "<=", "≥": ">=", "=": "=="}


class TargetError(ValueError):
    """A KPI target text that cannot be parsed."""


@dataclass(frozen=True)
class Target:
    """A KPI target: a comparison operator and a number (`<= 35`)."""

    op: str
    number: float
    text: str = ""

    @staticmethod
    def parse(text: object) -> "Target":
        """Parse `"<= 35"`, `">= 15%"`, `"== 0"`; raises TargetError saying how to write one."""
        if not isinstance(text, str):
            raise TargetError(
                f"target must be a comparison in quotes, like \"<= 35\", got {text!r}"
            )
        match = _TARGET_RE.match(text)
        if not match:
            raise TargetError(
                f"'{text}' is not a target; write an operator (<=, >=, <, >, ==) and a"
                ' number, e.g. "<= 35"'
            )
        op = _OP_ALIASES.get(match.group(1), match.group(1))
        return Target(op, float(match.group(2)), text.strip())

    def met_by(self, value: float) -> bool:
        """Whether `value` satisfies this target."""
        return {
            "<=": value <= self.number,
            ">=": value >= self.number,
            "<": value < self.number,
            ">": value > self.number,
            "==": value == self.number,
        }[self.op]

    @property
    def lower_is_better(self) -> bool:
        """True when the target asks for a value at or below a bound."""
        return self.op in ("<=", "<")


@dataclass(frozen=True)
class Kpi:
    """A key performance indicator with its current value and an optional target."""

    name: str
    unit: str = ""
    value: Optional[float] = None
    target: Optional[Target] = None
    span: Optional[Span] = field(default=None, compare=False)
    # issue 12: values measured before and after the pilot
    before: Optional[float] = None
    after: Optional[float] = None
    # issue 15: what the KPI measures (lead_time, work_time), so a forecast can give the
    # probability of meeting its target; its unit must then be a time unit
    measures: Optional[str] = None

    @property
    def change_percent(self) -> Optional[float]:
        """(after − before) / |before| × 100, or None without both values or when before is 0."""
        if self.before is None or self.after is None or self.before == 0:
            return None
        return (self.after - self.before) / abs(self.before) * 100

    @property
    def pilot_met(self) -> Optional[bool]:
        """Whether the after-pilot value meets the target (None without both)."""
        if self.after is None or self.target is None:
            return None
        return self.target.met_by(self.after)


# issue 12: improvement actions and the pilot
@dataclass(frozen=True)
class Action:
    """An improvement measure: what, who, by when, and which steps and problems it touches."""

    what: str
    department: Optional[str] = None
    owner: Optional[str] = None
    due: Optional[str] = None
    resources: str = ""
    acceptance: str = ""
    status: str = "planned"
    steps: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    span: Optional[Span] = field(default=None, compare=False)

    @property
    def is_open(self) -> bool:
        """True until the action is done."""
        return self.status != "done"

    def overdue_on(self, today: Optional[str]) -> bool:
        """Whether the action is open and its due date (YYYY-MM-DD) is before `today`."""
        return bool(today and self.due and self.is_open and self.due < today)


@dataclass(frozen=True)
class Pilot:
    """Where the change was tried out and the periods measured before and after."""

    scope: str = ""
    before_period: str = ""
    after_period: str = ""
    span: Optional[Span] = field(default=None, compare=False)


# issue 16: document control
_INTERVAL_RE = re.compile(r"^\s*([1-9]\d{0,2})\s*(day|week|month|year)s?\s*$")


@dataclass(frozen=True)
class Approval:
    """Who approved this version of the process, and on which date (YYYY-MM-DD)."""

    by: str
    on: str
    span: Optional[Span] = field(default=None, compare=False)


@dataclass(frozen=True)
class Review:
    """The periodic review: how often (`every`, e.g. `1 year`) and the next date."""

    every: Optional[str] = None
    next: Optional[str] = None
    span: Optional[Span] = field(default=None, compare=False)

    @property
    def interval(self) -> Optional[tuple[int, str]]:
        """`every` as (count, unit) with unit day, week, month or year; None without one."""
        match = _INTERVAL_RE.match(self.every or "")
        return (int(match.group(1)), match.group(2)) if match else None


_REPRS: dict[int, str] = {}  # id(process) → its repr, while the process lives


@dataclass(frozen=True, repr=False)
class Process:
    """One process file: metadata, calendar, lanes in drawing order, steps and KPIs."""

    id: str
    title: str
    path: str
    summary: str = ""
    owner: Optional[str] = None
    version: Optional[str] = None
    status: str = "current"
    baseline: Optional[str] = None
    tags: tuple[str, ...] = ()
    calendar: Calendar = Calendar()
    lanes: tuple[Lane, ...] = ()
    steps: tuple[Step, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    start_date: Optional[str] = None
    language: Optional[str] = None
    span: Optional[Span] = field(default=None, compare=False)
    # issue 12: improvement actions and the pilot
    actions: tuple[Action, ...] = ()
    pilot: Optional[Pilot] = None

    def all_problems(self) -> list[tuple[Step, Problem]]:
        """(step, problem) for every problem of every step, in file order."""
        return [(step, problem) for step in self.steps for problem in step.problems]
    # issue 16: document control
    approval: Optional[Approval] = None
    effective: Optional[str] = None
    review: Optional[Review] = None
    # issue 15: new cases arriving, for the queueing simulation
    arrivals: Optional[Arrivals] = None

    def __repr__(self) -> str:
        """The dataclass repr, computed once per object: build-cache keys are made of
        reprs, and a process is frozen, so its repr never changes."""
        text = _REPRS.get(id(self))
        if text is None:
            shown = ", ".join(f"{item.name}={getattr(self, item.name)!r}"
                              for item in fields(self) if item.repr)
            text = _REPRS[id(self)] = f"{type(self).__qualname__}({shown})"
            weakref.finalize(self, _REPRS.pop, id(self), None)
        return text

    def step(self, step_id: str) -> Optional[Step]:
        """The step with this id, or None."""
        for step in self.steps:
            if step.id == step_id:
                return step
        return None

    def lane(self, lane_id: Optional[str]) -> Optional[Lane]:
        """The lane with this id, or None."""
        for lane in self.lanes:
            if lane.id == lane_id:
                return lane
        return None

    def steps_by_id(self) -> dict[str, Step]:
        """Steps keyed by id (the first one wins if ids repeat)."""
        result: dict[str, Step] = {}
        for step in self.steps:
            result.setdefault(step.id, step)
        return result

    def owner_of(self, step: Step) -> Optional[str]:
        """The step's owner, falling back to its lane's owner."""
        if step.owner:
            return step.owner
        lane = self.lane(step.lane)
        return lane.owner if lane else None

    @property
    def start_step(self) -> Optional[Step]:
        """Where the flow starts: the first `type: start` step, else the first step."""
        for step in self.steps:
            if step.type == "start":
                return step
        return self.steps[0] if self.steps else None


def normalise_priority(text: object) -> Optional[str]:
    """urgent, important or routine for a priority word (high/中/...), else None."""
    return PRIORITY_ALIASES.get(str(text).strip().lower()) if text is not None else None
