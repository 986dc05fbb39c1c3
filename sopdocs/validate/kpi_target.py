"""SOP113 — bad KPI target.

A KPI `target` must be a comparison and a number in quotes: `"<= 35"`, `">= 15"`,
`"< 2"`, `"== 0"` (`≤` and `≥` are accepted; a trailing % is ignored). The operator says
which way is better, so a comparison can tell whether a new value meets it.
"""

from ..diagnostics import ERROR
from ._values import check_code

CODE = "SOP113"
SEVERITY = ERROR
TITLE = "bad KPI target"


def check(context):
    """Yield a diagnostic for every value with this problem."""
    return check_code(context, CODE, SEVERITY)
