"""SOP108 — unknown `next` target.

A `next` entry (or a branch's `to`) names a step id that does not exist in this file.
The hint suggests the closest step id.
"""

import difflib

from ..diagnostics import ERROR

CODE = "SOP108"
SEVERITY = ERROR
TITLE = "unknown next target"


def check(context):
    """Yield a diagnostic for every link to a step id that does not exist."""
    step_ids = [step.id for step in context.process.steps]
    known = set(step_ids)
    for step in context.process.steps:
        for link in step.next:
            if link.to in known:
                continue
            guess = difflib.get_close_matches(link.to, step_ids, n=1)
            hint = f"did you mean '{guess[0]}'?" if guess else "use the id of a step in this file"
            where = (link.span.line, link.span.col) if link.span else context.where(step, "next")
            yield context.diagnostic(CODE, SEVERITY, *where,
                                     f"step '{step.id}' leads to unknown step '{link.to}'", hint)
