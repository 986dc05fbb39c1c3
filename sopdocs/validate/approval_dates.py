"""SOP230 — approved after it came into force (warning).

`approval.on` is later than `effective`: the version was in force before anyone approved
it. Controlled documents (ISO 9001 §7.5) are approved before they apply, so either the
approval date or the effective date is probably wrong:

    effective: 2025-03-01
    approval: {by: Head of Sales, on: 2025-03-05}   # SOP230: approved 4 days late

Move `effective` to the approval date or later, or correct `approval.on`.
"""

from ..diagnostics import WARNING
from ._improve import value_at

CODE = "SOP230"
SEVERITY = WARNING
TITLE = "approved after it came into force"


def check(context):
    """Yield a warning when the approval date is after the effective date."""
    process = context.process
    approval = process.approval if process is not None else None
    if approval is None or not process.effective or approval.on <= process.effective:
        return  # YYYY-MM-DD texts compare like the dates they are
    line, col = value_at(context, approval, "on")
    yield context.diagnostic(CODE, SEVERITY, line, col,
                             f"approved on {approval.on}, after the version came into force ({process.effective})",
                             f"set 'effective:' to {approval.on} or later, or correct 'approval: on:'")
