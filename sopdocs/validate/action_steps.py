"""SOP120 — action changes an unknown step.

An action's `steps:` lists the ids of the steps it changes; each must be the id of a
step in this file (the pages link the action to those steps). The hint suggests the
closest step id.
"""

from ..diagnostics import ERROR
from ._improve import short, unknown_references

CODE = "SOP120"
SEVERITY = ERROR
TITLE = "action names an unknown step"


def check(context):
    """Yield a diagnostic for every action step reference that names no step."""
    step_ids = [step.id for step in context.process.steps]
    for number, action, text, line, col, guess in unknown_references(context, "steps", step_ids):
        hint = (f"did you mean '{guess}'?" if guess
                else "use the id of a step in this file: " + ", ".join(step_ids[:10]))
        yield context.diagnostic(CODE, SEVERITY, line, col,
                                 f"action {number} ('{short(action.what)}') changes unknown step '{text}'",
                                 hint)
