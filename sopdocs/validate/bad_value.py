"""SOP104 — invalid value.

A value has the right type but is not allowed: an id with spaces or punctuation, a
`type` or `status` that is not one of the listed choices (the hint suggests the closest),
a `start_date` that is not YYYY-MM-DD, or a calendar with impossible hours or days.
"""

from ..diagnostics import ERROR
from ._values import check_code

CODE = "SOP104"
SEVERITY = ERROR
TITLE = "invalid value"


def check(context):
    """Yield a diagnostic for every value with this problem."""
    return check_code(context, CODE, SEVERITY)
