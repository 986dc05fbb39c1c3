"""SOP103 — wrong type.

A value has the wrong shape: a list where a text is expected, a mapping where a list
is expected, a text where a number is expected, and so on. The message names what the
key wants and what it got; the hint shows how to write it.
"""

from ..diagnostics import ERROR
from ._values import check_code

CODE = "SOP103"
SEVERITY = ERROR
TITLE = "wrong type"


def check(context):
    """Yield a diagnostic for every value with this problem."""
    return check_code(context, CODE, SEVERITY)
