"""SOP110 — loop with no way to an end.

Some steps form a cycle (e.g. a rework loop) and none of them leads, directly or
indirectly, to an end: once the flow enters, it never finishes. The diagnostic is placed
on the first such step and lists the others. Give one step of the loop a branch that
leaves it (e.g. a decision with an "approved" branch).
"""

from ..diagnostics import ERROR
from ..graph import can_reach_end, reachable

CODE = "SOP110"
SEVERITY = ERROR
TITLE = "loop with no way to an end"


def check(context):
    """Yield one diagnostic when reachable steps cannot reach an end."""
    process = context.process
    stuck_ids = reachable(process) - can_reach_end(process)
    stuck = [step for step in process.steps if step.id in stuck_ids]
    if not stuck:
        return
    first, names = stuck[0], [s.id for s in stuck]
    listed = ", ".join(names[:8]) + (f" and {len(names) - 8} more" if len(names) > 8 else "")
    yield context.diagnostic(
        CODE, SEVERITY, *context.where(first),
        f"steps {listed} loop with no way out to an end step",
        "give one step in the loop a 'next' branch that leads to an end step",
    )
