"""SOP130 — bad duration range.

Besides a fixed value, `duration` and `wait` take a range, whose mean the expected
figures use and which the simulation samples:

```yaml
duration: {min: 1d, likely: 2d, max: 4d}       # triangular: mean (1 + 2 + 4) / 3 d
wait: {min: 2h, max: 1d}                       # uniform: mean (2h + 8h) / 2 = 5h
duration: {mean: 30m, distribution: exponential}
```

Each value is a duration as for a fixed value (`30m`, `2h`, `0.5d`, `1w`, or `0`).
`distribution: triangular` or `uniform` may be written too, and must then match the keys.
The error points at the key or value that is wrong: an unknown key (`avg`), a missing
`min` or `max`, `mean` mixed with min/likely/max, `mean` without `distribution:
exponential` or an exponential without `mean`, a mean of 0, a `likely` below `min` or
above `max`, or a `max` below `min`. `min` equal to `max` is refused too: that is a fixed
duration, write it as one (`likely` may equal `min` or `max`). Days and weeks are compared
with the file's calendar. A value that is not a duration text is SOP105, a list where a
value should be is SOP103.

```yaml
duration: {min: 2d, likely: 1d, max: 4d}   # SOP130 at 'likely': below its min
```
"""

from .. import fields
from ..diagnostics import ERROR
from ..docwalk import classify
from ..model import Calendar
from ..ranges import order_problem
from ._values import check_code

CODE = "SOP130"
SEVERITY = ERROR
TITLE = "bad duration range"


def check(context):
    """Yield a diagnostic for every range whose keys make no form or whose values are out of order."""
    yield from check_code(context, CODE, SEVERITY)
    calendar = context.process.calendar if context.process is not None else Calendar()
    for table, node in context.mappings():
        if table is not fields.STEP:
            continue
        for key in ("duration", "wait"):
            value = node.get(key)  # a range the structural check accepted: is it in order?
            if value is None or value.kind != "map" or classify(fields.STEP[key], value) is not None:
                continue
            problem = order_problem(key, value, calendar)
            if problem:
                yield context.diagnostic(CODE, SEVERITY, problem.node.line, problem.node.col,
                                         problem.message, problem.hint)

