"""SOP121 — action addresses an unknown problem.

An action's `problems:` lists the ids of the problems it addresses. A problem gets an id
with `id:` under the step's `problems:`; each reference must name such an id in this file.
The hint suggests the closest problem id, or says how to give the problem one.
"""

from ..diagnostics import ERROR
from ._improve import unknown_references

CODE = "SOP121"
SEVERITY = ERROR
TITLE = "action names an unknown problem"


def check(context):
    """Yield a diagnostic for every action problem reference that names no problem id."""
    problem_ids = [problem.id for _, problem in context.process.all_problems() if problem.id]
    for number, _, text, line, col, guess in unknown_references(context, "problems", problem_ids):
        if guess:
            hint = f"did you mean '{guess}'?"
        elif problem_ids:
            hint = "use the id of a problem in this file: " + ", ".join(problem_ids[:10])
        else:
            hint = f"give the problem an id (under the step's problems: '- id: {text}') and refer to it"
        yield context.diagnostic(CODE, SEVERITY, line, col,
                                 f"action {number} addresses unknown problem '{text}'", hint)
