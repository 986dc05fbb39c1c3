"""SOP120 — action changes an unknown step.

An action's `steps:` lists the ids of the steps it changes; each must be the id of a
step in this file (the pages link the action to those steps). The hint suggests the
closest step id.
"""

import difflib

from ..diagnostics import ERROR
from ._improve import list_items

CODE = "SOP120"
SEVERITY = ERROR
TITLE = "action names an unknown step"


def check(context):
    """Yield a diagnostic for every action step reference that names no step."""
    step_ids = [step.id for step in context.process.steps]
    known = set(step_ids)
    for number, action in enumerate(context.process.actions, 1):
        for text, line, col in list_items(context, action, "steps"):
            if text in known:
                continue
            guess = difflib.get_close_matches(text, step_ids, n=1)
            hint = (f"did you mean '{guess[0]}'?" if guess
                    else "use the id of a step in this file: " + ", ".join(step_ids[:10]))
            yield context.diagnostic(CODE, SEVERITY, line, col,
                                     f"action {number} ('{_short(action.what)}') changes unknown step '{text}'",
                                     hint)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:39] + "…"
