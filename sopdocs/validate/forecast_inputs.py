"""SOP132 — bad arrivals, lane capacity or KPI `measures`.

What the queueing simulation and the KPI forecast read must make sense:

```yaml
arrivals: {every: 4h}          # or {per_week: 20}: mean time between new cases, or their rate
lanes:
  - {id: sales, name: Sales, capacity: 3}      # people working in the lane at once
kpis:
  - {name: Deal cycle, unit: days, target: "<= 35", measures: lead_time}
```

`arrivals` takes exactly one of `every` (a fixed duration above 0) and `per_week` (a
number above 0). A lane's `capacity` is a whole number from 1 up to the setting
`max_lane_capacity` (default 10,000). A KPI with `measures` (`lead_time` or `work_time`)
needs a `target`, and a time unit the forecast can convert the simulated time into: h,
hour(s), d, day(s), w, week(s), 小时, 天, 工作日, 周 (days and weeks with the file's calendar).
The error points at the value that is wrong (for a missing unit or target, at `measures`).

```yaml
arrivals: {every: 4h, per_week: 20}   # SOP132 at 'per_week': both given
```
"""

from .. import fields
from ..diagnostics import ERROR
from ._values import check_code

CODE = "SOP132"
SEVERITY = ERROR
TITLE = "bad arrivals, capacity or measures"


def check(context):
    """Yield a diagnostic for every arrivals, capacity or measures value with a problem."""
    yield from check_code(context, CODE, SEVERITY)
    for table, node in context.mappings():
        if table is fields.ARRIVALS:
            yield from _arrivals(context, node)
        elif table is fields.LANE:
            yield from _capacity(context, node)
        elif table is fields.KPI:
            yield from _measures(context, node)


def _arrivals(context, node):
    every, per_week = node.key_node("every"), node.key_node("per_week")
    if every is not None and per_week is not None:
        later = max(every, per_week, key=lambda key: (key.line, key.col))
        yield context.diagnostic(CODE, SEVERITY, later.line, later.col,
                                 "'arrivals' has both 'every' and 'per_week'",
                                 "keep one: every: 2h (time between cases) or per_week: 20 (cases per week)")
    elif every is None and per_week is None:
        yield context.diagnostic(CODE, SEVERITY, node.line, node.col,
                                 "'arrivals' has neither 'every' nor 'per_week'",
                                 "write arrivals: {every: 4h} or arrivals: {per_week: 20}")


def _capacity(context, node):
    value = node.get("capacity")
    limit = context.limits.max_lane_capacity
    if (value is not None and value.kind == "scalar" and isinstance(value.value, int)
            and not isinstance(value.value, bool) and value.value > limit):
        yield context.diagnostic(CODE, SEVERITY, value.line, value.col,
                                 f"'capacity' {value.value:,} is over the limit of {limit:,}",
                                 "write how many people work in the lane at once; the limit is the"
                                 " setting max_lane_capacity")


def _measures(context, node):
    measures = node.get("measures")
    if measures is None or measures.kind != "scalar" or measures.raw not in fields.KPI["measures"].choices:
        return
    unit = node.get("unit")
    missing = [key for key, value in (("unit", unit), ("target", node.get("target")))
               if value is None or value.is_null]
    if missing:
        yield context.diagnostic(CODE, SEVERITY, measures.line, measures.col,
                                 f"a KPI that measures {measures.raw} has no {' and no '.join(missing)}",
                                 "add " + " and ".join(_ADD[key] for key in missing))
    if "unit" not in missing and unit.kind == "scalar" and fields.time_unit(unit.raw) is None:
        yield context.diagnostic(CODE, SEVERITY, unit.line, unit.col,
                                 f"a KPI that measures {measures.raw} needs a time unit, not '{str(unit.raw)[:40]}'",
                                 "write h, hours, d, days, w, weeks, 小时, 天, 工作日 or 周, or remove 'measures'")


_ADD = {"unit": "a time unit: unit: days (or h, hours, weeks, 天, 小时...)",
        "target": 'the target to forecast against, e.g. target: "<= 35"'}
