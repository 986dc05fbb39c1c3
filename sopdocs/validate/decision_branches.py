"""SOP111 — decision or parallel step with fewer than two branches.

A `decision` chooses between branches and a `parallel` step starts several at once; with
one branch (or none) it is not a choice. Add branches, or make the step a task.
"""

from ..diagnostics import ERROR

CODE = "SOP111"
SEVERITY = ERROR
TITLE = "too few branches"


def check(context):
    """Yield a diagnostic for every decision or parallel step with < 2 branches."""
    for step in context.process.steps:
        if step.type not in ("decision", "parallel") or len(step.next) >= 2:
            continue
        yield context.diagnostic(
            CODE, SEVERITY, *context.where(step, "next"),
            f"{step.type} step '{step.id}' has {len(step.next)} branch"
            f"{'' if len(step.next) == 1 else 'es'}; it needs at least two",
            "add another entry under 'next' (e.g. - {to: other-step, when: \"no\"}),"
            " or change the type to task",
        )
