"""SOP202 — task without duration (warning).

A task has no `duration`, so schedules and lead time count it as zero. Add an estimate
(e.g. `duration: 2h`); write `duration: 0` for a milestone that takes no time.
"""

from ..diagnostics import WARNING

CODE = "SOP202"
SEVERITY = WARNING
TITLE = "task without duration"


def check(context):
    """Yield a warning for every task step without a duration."""
    for step in context.process.steps:
        if step.type != "task" or step.duration is not None:
            continue
        if context.tree is not None and context.node_at(*context.where(step)) is not None:
            node = context.node_at(*context.where(step))
            if node.key_node("duration") is not None:
                continue  # present but invalid: SOP105 reports it
        yield context.diagnostic(CODE, SEVERITY, *context.where(step),
                                 f"task '{step.id}' has no duration",
                                 "add an estimate, e.g. 'duration: 2h' (0 for a milestone)")
