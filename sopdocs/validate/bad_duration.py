"""SOP105 — bad duration.

A `duration` or `wait` is not a number followed by a unit. Units: `m` (minutes),
`h` (hours), `d` (working days) and `w` (working weeks); a space between number and
unit is allowed (`1.5 d`). Days and weeks use the file's calendar (default 8 h/day,
5 d/week). A bare `0` is allowed for a milestone; other bare numbers are rejected
because the unit would be a guess. The same holds for each value of a duration range
(`min`, `likely`, `max`, `mean`; the range itself is checked by SOP130) and for
`arrivals: {every: ...}`.
"""

from ..diagnostics import ERROR
from ._values import check_code

CODE = "SOP105"
SEVERITY = ERROR
TITLE = "bad duration"


def check(context):
    """Yield a diagnostic for every value with this problem."""
    return check_code(context, CODE, SEVERITY)
