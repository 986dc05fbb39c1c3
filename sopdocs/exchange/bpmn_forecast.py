"""The forecast fields of issue 15 in BPMN's `sopdocs:` extension elements, both ways.

Export: a duration or wait range as a `sopdocs:range` child of the step's `sopdocs:step`
(`of="duration"` or `"wait"`, `distribution`, then its parts as attributes in the order
the file wrote them: `min="1d" likely="2d" max="4d"`), in place of the `duration`/`wait`
attribute a fixed value has; a lane's `capacity` as an attribute of its `sopdocs:lane`;
a KPI's `measures` as an attribute of its `sopdocs:kpi`; the process's arrivals as the
attributes `arrivals_every` or `arrivals_per_week` of `sopdocs:process`. Import reads the
same back, leaving out (with a warning) what sopdocs cannot read.
"""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from typing import Callable, Optional

from ..fields import RANGE_VALUE_KEYS
from ..model import KPI_MEASURES, Arrivals, Calendar, Duration, DurationError, Kpi, Lane, Process, Step
from ..ranges import make_range
from .bpmn_names import sopdocs

Warn = Callable[[ET.Element, str], None]


def _number(value: float) -> str:
    return repr(float(value))


def fixed_text(duration: Optional[Duration]) -> Optional[str]:
    """The `duration`/`wait` attribute of a fixed duration (None for none or a range)."""
    return None if duration is None or duration.is_range else duration.text


def range_elements(step: Step) -> list[dict]:
    """Attributes of the `sopdocs:range` elements of a step's duration and wait ranges."""
    found = []
    for key, duration in (("duration", step.duration), ("wait", step.wait)):
        if duration is not None and duration.is_range:
            found.append({"of": key, "distribution": duration.distribution, **dict(duration.parts)})
    return found


def lane_attributes(lane: Lane) -> dict:
    """The `sopdocs:lane` attributes of a lane (empty: no element is needed)."""
    found = {"owner": lane.owner, "capacity": None if lane.capacity is None else str(lane.capacity)}
    return {key: value for key, value in found.items() if value}


def kpi_measures(kpi: Kpi) -> dict:
    """The `measures` attribute of a KPI's `sopdocs:kpi`."""
    return {"measures": kpi.measures}


def arrivals_attributes(process: Process) -> dict:
    """The arrivals of a process as attributes of its `sopdocs:process`."""
    arrivals = process.arrivals
    if arrivals is None:
        return {}
    if arrivals.every is not None:
        return {"arrivals_every": arrivals.every.text}
    return {"arrivals_per_week": _number(arrivals.per_week)} if arrivals.per_week is not None else {}


def read_duration(ext: Optional[ET.Element], key: str, calendar: Calendar, warn: Warn) -> Optional[Duration]:
    """The range of `key` (duration or wait) in a step's extension, None when it has none
    (the caller then reads the fixed attribute)."""
    for child in ext if ext is not None else ():
        if child.tag != sopdocs("range") or child.get("of") != key:
            continue
        parts = tuple((name, value.strip()) for name, value in child.attrib.items() if name in RANGE_VALUE_KEYS)
        try:
            duration = make_range(parts, calendar)
        except (DurationError, KeyError):
            warn(child, f"the {key} range {dict(parts)} is left out: write min and max, min,"
                        " likely and max, or mean, each a duration like 2h or 0.5d")
            return None
        if child.get("distribution") not in (None, duration.distribution):
            warn(child, f"the {key} range's distribution '{child.get('distribution')}' does not"
                        f" match its parts; it is read as {duration.distribution}")
        return duration
    return None


def read_capacity(element: Optional[ET.Element], warn: Warn) -> Optional[int]:
    """A lane's `capacity` from its `sopdocs:lane` (a whole number from 1), else None."""
    text = element.get("capacity") if element is not None else None
    if not text:
        return None
    if text.strip().isdigit() and int(text) >= 1:
        return int(text)
    warn(element, f"the lane capacity '{text}' is left out: write a whole number from 1")
    return None


def read_measures(child: ET.Element, warn: Warn) -> Optional[str]:
    """A KPI's `measures` attribute (lead_time or work_time), else None."""
    text = child.get("measures")
    if text and text not in KPI_MEASURES:
        warn(child, f"KPI '{child.get('name')}' measures '{text}' is left out: use lead_time or work_time")
        return None
    return text or None


def read_arrivals(ext: Optional[ET.Element], calendar: Calendar, warn: Warn) -> Optional[Arrivals]:
    """The process's arrivals from `arrivals_every` or `arrivals_per_week`, else None."""
    every = ext.get("arrivals_every") if ext is not None else None
    per_week = ext.get("arrivals_per_week") if ext is not None else None
    try:
        if every:
            duration = Duration.parse(every.strip(), calendar)
            if duration.hours > 0:
                return Arrivals(duration.hours, every=duration)
        elif per_week:
            rate = float(per_week)
            if 0 < rate < math.inf:
                return Arrivals(calendar.hours_per_week / rate, per_week=rate)
    except (DurationError, ValueError):
        pass
    if every or per_week:
        warn(ext, f"the arrivals '{every or per_week}' are left out: write arrivals_every as a duration"
                  " above 0 (4h) or arrivals_per_week as a number above 0 (20)")
    return None
