"""SOP109 — unreachable step.

No path of `next` links leads from the start step to this step, so it would never be
done. The flow starts at the step with `type: start`, or at the first step when none has
that type. Link the step from an earlier one, or remove it.
"""

from ..diagnostics import ERROR
from ..graph import reachable

CODE = "SOP109"
SEVERITY = ERROR
TITLE = "unreachable step"


def check(context):
    """Yield a diagnostic for every step the start cannot reach."""
    process = context.process
    if process.start_step is None:
        return
    seen = reachable(process)
    reported = set()
    for step in process.steps:
        if step.id in seen or step.id in reported:
            continue
        reported.add(step.id)
        yield context.diagnostic(
            CODE, SEVERITY, *context.where(step),
            f"step '{step.id}' cannot be reached from the start step '{process.start_step.id}'",
            f"add '{step.id}' to the 'next' of an earlier step, or remove it",
        )
