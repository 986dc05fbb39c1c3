"""SOP220 — lane loaded over 100 %.

With `arrivals` on the process and a `capacity` on a lane, the lane's offered load is
the arrival rate × the expected person-hours a case needs in the lane (rework loops and
branch probabilities included, computed exactly, not simulated) ÷ its capacity. At
100 % or more its people can never catch up: the queue, and so the lead time, grows
without bound. The warning is placed on the lane's `capacity`, gives the load and how
many people would bring it below 100 %. Add people, take work out of the lane, or
lower the arrivals.

```yaml
arrivals: {every: 2h}               # 0.5 cases per working hour
lanes:
  - {id: legal, name: Legal, capacity: 1}   # SOP220 here
steps:
  - {id: review, name: Review, lane: legal, duration: 3h, next: done}
```

Legal needs 3 person-hours per case: 0.5 × 3 ÷ 1 = 150 %; with 2 people it would be
loaded 75 %.
"""

import math

from ..diagnostics import WARNING

CODE = "SOP220"
SEVERITY = WARNING
TITLE = "lane loaded over 100 %"


def check(context):
    """Yield one warning per lane whose offered load is 100 % or more."""
    process = context.process
    if process.arrivals is None or not any(lane.capacity for lane in process.lanes):
        return
    from ..analysis.expected import expected_values, offered_load

    expected = expected_values(process)
    if expected is None:
        return  # SOP110 / SOP131
    for lane_id, load in offered_load(process, expected).items():
        if load < 1.0:
            continue
        lane = process.lane(lane_id)
        needed = math.floor(load * lane.capacity + 1e-9) + 1
        yield context.diagnostic(
            CODE, SEVERITY, *_capacity_position(context, lane),
            f"lane '{lane_id}' is loaded {load:.0%} ({expected.effort_per_lane[lane_id]:.4g}"
            f" person-hours per case, a case every {process.arrivals.interval_hours:.4g} h,"
            f" {lane.capacity} {'person' if lane.capacity == 1 else 'people'}): its queue grows"
            " without bound",
            f"with {needed} people it would be loaded {load * lane.capacity / needed:.0%};"
            " or take work out of the lane, or lower the arrivals",
        )


def _capacity_position(context, lane):
    """(line, col) of the lane's `capacity` value, else of the lane."""
    if lane.span is None:
        return 1, 1
    node = context.node_at(lane.span.line, lane.span.col)
    value = node.get("capacity") if node is not None else None
    return (value.line, value.col) if value is not None else (lane.span.line, lane.span.col)
