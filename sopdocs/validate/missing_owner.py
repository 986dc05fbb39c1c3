"""SOP201 — step without owner (warning).

Neither the step nor its lane names an owner, so a new hire cannot tell who does it.
Add `owner:` to the step, or to its lane to cover all the lane's steps. Start, end,
decision and parallel steps are exempt.
"""

from ..diagnostics import WARNING

CODE = "SOP201"
SEVERITY = WARNING
TITLE = "step without owner"
EXEMPT = ("start", "end", "decision", "parallel")


def check(context):
    """Yield a warning for every task or subprocess step with no owner."""
    process = context.process
    for step in process.steps:
        if step.type in EXEMPT or process.owner_of(step):
            continue
        yield context.diagnostic(CODE, SEVERITY, *context.where(step),
                                 f"step '{step.id}' has no owner",
                                 "add 'owner:' to the step, or to its lane")
