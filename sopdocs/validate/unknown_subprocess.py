"""SOP115 — unknown subprocess.

A `type: subprocess` step runs another process, named by its id in `process:`. That
process must be in the handbook (checked when a whole folder is validated), and a
subprocess step must say which process it runs.
"""

import difflib

from ..diagnostics import ERROR

CODE = "SOP115"
SEVERITY = ERROR
TITLE = "unknown subprocess"


def check(context):
    """Yield a diagnostic for subprocess steps whose process is missing or unknown."""
    for step in context.process.steps:
        if step.type != "subprocess":
            continue
        if step.process is None:
            yield context.diagnostic(CODE, SEVERITY, *context.where(step, "type"),
                                     f"subprocess step '{step.id}' does not say which process it runs",
                                     "add 'process: <id of the other process>'")
        elif context.catalog and step.process not in context.catalog:
            guess = difflib.get_close_matches(step.process, sorted(context.catalog), n=1)
            yield context.diagnostic(CODE, SEVERITY, *context.where(step, "process"),
                                     f"step '{step.id}' runs unknown process '{step.process}'",
                                     f"did you mean '{guess[0]}'?" if guess
                                     else "use the id of a process in the handbook")
