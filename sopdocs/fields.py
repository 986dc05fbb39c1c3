"""The keys a process file may use, their kinds and whether they are required.

One table serves three readers: the validator's structural rules (unknown key, missing
field, wrong type), the loader, and the JSON Schema printed by `sopdocs schema`, so the
three cannot disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import (
    ACTION_STATUSES, KPI_MEASURES, LEVELS, PRIORITY_ALIASES, PROBLEM_TYPES, STATUSES, STEP_TYPES,
)

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]*$"
ID_RE = re.compile(ID_PATTERN)
DURATION_PATTERN = r"^\s*(\d+(\.\d+)?|\.\d+)\s*(m|min|h|d|w)\s*$"
TARGET_PATTERN = r"^\s*(<=|>=|==|=|<|>|≤|≥)\s*-?\d+(\.\d+)?\s*%?\s*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
# issue 16: document control
INTERVAL_PATTERN = r"^\s*[1-9]\d{0,2}\s*(day|week|month|year)s?\s*$"
# issue 15: the keys of a duration range and the forms they make
RANGE_VALUE_KEYS = ("min", "likely", "max", "mean")
RANGE_FORMS = {  # distribution -> the value keys it takes, in the canonical order
    "triangular": ("min", "likely", "max"),
    "uniform": ("min", "max"),
    "exponential": ("mean",),
}
# issue 15: the units a KPI that `measures` a time may have, and what one of them is
TIME_UNITS = {
    "h": "h", "hour": "h", "hours": "h", "小时": "h", "小時": "h",
    "d": "d", "day": "d", "days": "d", "天": "d", "工作日": "d",
    "w": "w", "week": "w", "weeks": "w", "周": "w", "週": "w",
}


def time_unit(unit: object) -> str | None:
    """"h", "d" or "w" for a KPI unit that is a time unit (`days`, `小时`...), else None."""
    return TIME_UNITS.get(str(unit or "").strip().lower())


@dataclass(frozen=True)
class FieldSpec:
    """One key of a mapping: its name, kind, whether required, and what it means.

    Kinds: id, text (any scalar, kept as written), markdown, number, probability,
    duration (a fixed value or, issue 15, a range mapping), fixed_duration (a fixed value only),
    count (a positive whole number), rate (a positive number), target, date, interval (issue 16),
    enum (one of `choices`), text_list, next, and the names of nested tables (calendar, lanes,
    steps, kpis, problems, links, approval, review, arrivals).
    """

    name: str
    kind: str
    required: bool = False
    description: str = ""
    choices: tuple[str, ...] = ()


def _table(*specs: FieldSpec) -> dict[str, FieldSpec]:
    return {spec.name: spec for spec in specs}


PROCESS = _table(
    FieldSpec("id", "id", description="Process id; default: the file's path under processes/, slugged."),
    FieldSpec("title", "text", True, "Title shown on the process page."),
    FieldSpec("summary", "markdown", description="Markdown shown at the top of the process page."),
    FieldSpec("owner", "text", description="Who owns the process."),
    FieldSpec("version", "text", description='Version label, quoted (e.g. "2024.1").'),
    FieldSpec("status", "enum", description="Lifecycle status.", choices=STATUSES),
    FieldSpec("baseline", "text", description="Path (relative to this file) of the version this one improves on."),
    FieldSpec("tags", "text_list", description="Free tags."),
    FieldSpec("calendar", "calendar", description="Working calendar; default 8 h/day, 5 d/week."),
    FieldSpec("start_date", "date", description="First working day (YYYY-MM-DD) for calendar dates on the timeline."),
    FieldSpec("language", "enum", description="Language of this file's text (page labels follow it).",
              choices=("en", "zh", "zh-Hans", "zh-Hant")),
    FieldSpec("lanes", "lanes", True, "Swimlanes, drawn in this order."),
    FieldSpec("steps", "steps", True, "Steps; the first (or the `type: start` one) starts the flow."),
    FieldSpec("kpis", "kpis", description="Key performance indicators with targets."),
    # issue 12: improvement actions and the pilot
    FieldSpec("actions", "actions", description="Improvement measures: what, department, owner, due date, status, steps changed."),
    FieldSpec("pilot", "pilot", description="Where the change was piloted and the periods measured before and after."),
    # issue 16: document control
    FieldSpec("approval", "approval", description="Who approved this version and on which date: {by, on}."),
    FieldSpec("effective", "date", description="Date (YYYY-MM-DD) from which this version is in force."),
    FieldSpec("review", "review", description="Periodic review: {every: 1 year, next: YYYY-MM-DD} (either or both)."),
    # issue 15: new cases arriving, for the queueing simulation
    FieldSpec("arrivals", "arrivals", description="How often new cases start: {every: 4h} or {per_week: 20}"
              " (exponential inter-arrival times with that mean)."),
)

CALENDAR = _table(
    FieldSpec("hours_per_day", "number", description="Working hours in a day (default 8)."),
    FieldSpec("days_per_week", "number", description="Working days in a week (default 5)."),
)

LANE = _table(
    FieldSpec("id", "id", True, "Lane id, used by steps' `lane`."),
    FieldSpec("name", "text", description="Lane title (a department or role); default: the id."),
    FieldSpec("owner", "text", description="Default owner of the lane's steps."),
    # issue 15
    FieldSpec("capacity", "count", description="How many people work in the lane at once (a whole number"
              " from 1); default: as many as needed."),
)

STEP = _table(
    FieldSpec("id", "id", True, "Step id, used by `next` and in links (#step-<id>)."),
    FieldSpec("name", "text", description="What the step is called; required except for start and end."),
    FieldSpec("type", "enum", description="Kind of step (default task).", choices=STEP_TYPES),
    FieldSpec("lane", "id", True, "Id of the lane that performs the step."),
    FieldSpec("owner", "text", description="Who does it; default: the lane's owner."),
    FieldSpec("duration", "duration", description="Work time: a number and a unit m, h, d, w, or a range"
              " {min, likely, max}, {min, max} or {mean, distribution: exponential}."),
    FieldSpec("wait", "duration", description="Queue time before the work starts: a fixed value or a"
              " range, like duration."),
    FieldSpec("inputs", "text_list", description="Documents or information in."),
    FieldSpec("outputs", "text_list", description="Documents or information out."),
    FieldSpec("systems", "text_list", description="Tools used."),
    FieldSpec("instructions", "markdown", description="Markdown SOP text a new hire follows."),
    FieldSpec("next", "next", description="An id, a list of ids, or a list of {to, when, probability}."),
    FieldSpec("problems", "problems", description="Known problems of this step."),
    FieldSpec("process", "id", description="For a subprocess step: the id of the process it runs."),
)

LINK = _table(
    FieldSpec("to", "id", True, "Id of the next step."),
    FieldSpec("when", "text", description="Branch label (the condition), shown on the edge."),
    FieldSpec("probability", "probability", description="Share of cases taking this branch, 0..1."),
)

KPI = _table(
    FieldSpec("name", "text", True, "KPI name."),
    FieldSpec("unit", "text", description="Unit (days, %, h ...)."),
    FieldSpec("value", "number", description="Measured value for this version of the process."),
    FieldSpec("target", "target", description='Comparison and number, quoted: "<= 35".'),
    # issue 12: pilot measurements
    FieldSpec("before", "number", description="Value measured in the pilot's before period."),
    FieldSpec("after", "number", description="Value measured in the pilot's after period."),
    # issue 15
    FieldSpec("measures", "enum", description="What the KPI measures, so a forecast can give the chance of"
              " meeting its target: lead_time or work_time (its unit must be a time unit).",
              choices=KPI_MEASURES),
)

PROBLEM = _table(
    FieldSpec("description", "text", True, "What goes wrong."),
    FieldSpec("type", "enum", description="Problem type.", choices=PROBLEM_TYPES),
    FieldSpec("impact", "enum", description="Impact (high, medium, low).", choices=LEVELS),
    FieldSpec("frequency", "enum", description="How often it happens.", choices=LEVELS),
    # issue 12: root causes, a stated priority, an id for actions
    FieldSpec("id", "id", description="Id that actions' `problems` refer to; unique within the process."),
    FieldSpec("why", "text_list", description="Why it happens: the chain from symptom to root cause."),
    FieldSpec("priority", "enum", description="Stated priority (overrides impact x frequency; high/medium/low and 高/中/低 accepted).",
              choices=tuple(PRIORITY_ALIASES)),
)

# issue 12: improvement actions and the pilot
ACTION = _table(
    FieldSpec("what", "text", True, "The measure."),
    FieldSpec("department", "text", description="Responsible department: a lane id or a free text."),
    FieldSpec("owner", "text", description="Who is responsible."),
    FieldSpec("due", "date", description="Planned completion date, YYYY-MM-DD."),
    FieldSpec("resources", "text", description="Resources it needs."),
    FieldSpec("acceptance", "text", description="Acceptance criterion: how to tell it is done."),
    FieldSpec("status", "enum", description="planned (default), doing or done.", choices=ACTION_STATUSES),
    FieldSpec("steps", "text_list", description="Ids of the steps it changes."),
    FieldSpec("problems", "text_list", description="Ids of the problems it addresses."),
)

PERIOD = _table(
    FieldSpec("period", "text", True, 'When it was measured, e.g. "2025-01 to 2025-03".'),
)

PILOT = _table(
    FieldSpec("scope", "text", True, "Where the change was tried out (a team, a region)."),
    FieldSpec("before", "period", description="The period measured before the change."),
    FieldSpec("after", "period", description="The period measured with the change."),
)

# issue 16: document control
APPROVAL = _table(
    FieldSpec("by", "text", True, "Who approved this version (a name or role)."),
    FieldSpec("on", "date", True, "Date of the approval (YYYY-MM-DD)."),
)

REVIEW = _table(
    FieldSpec("every", "interval", description="How often the process is reviewed: 6 months, 1 year, 2 years ..."),
    FieldSpec("next", "date", description="Date (YYYY-MM-DD) of the next review; default: approval date + every."),
)

# issue 15: new cases arriving
ARRIVALS = _table(
    FieldSpec("every", "fixed_duration", description="Mean time between two new cases, e.g. 4h or 1d."),
    FieldSpec("per_week", "rate", description="Mean number of new cases per working week, e.g. 20."),
)

# The table each nested kind's mappings follow, and whether the kind is a list of them.
NESTED = {
    "calendar": (CALENDAR, False),
    "lanes": (LANE, True),
    "steps": (STEP, True),
    "kpis": (KPI, True),
    "problems": (PROBLEM, True),
    "links": (LINK, True),
    # issue 12
    "actions": (ACTION, True),
    "pilot": (PILOT, False),
    "period": (PERIOD, False),
    "approval": (APPROVAL, False),  # issue 16
    "review": (REVIEW, False),  # issue 16
    "arrivals": (ARRIVALS, False),  # issue 15
}
TABLE_NAMES = {
    id(PROCESS): "process",
    id(CALENDAR): "calendar",
    id(LANE): "lane",
    id(STEP): "step",
    id(LINK): "next branch",
    id(KPI): "KPI",
    id(PROBLEM): "problem",
    # issue 12
    id(ACTION): "action",
    id(PILOT): "pilot",
    id(PERIOD): "pilot period",
    id(APPROVAL): "approval",  # issue 16
    id(REVIEW): "review",  # issue 16
    id(ARRIVALS): "arrivals",  # issue 15
}
