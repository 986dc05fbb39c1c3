"""SOP122 — duplicate problem id.

Two problems of this file share an `id`. Actions refer to problems by id, so each must
be unique within the process (across all its steps). The second occurrence is reported.
"""

from ..diagnostics import ERROR
from ._improve import value_at

CODE = "SOP122"
SEVERITY = ERROR
TITLE = "duplicate problem id"


def check(context):
    """Yield a diagnostic for every repeated problem id."""
    first = {}
    for step, problem in context.process.all_problems():
        if not problem.id:
            continue
        if problem.id not in first:
            first[problem.id] = step
            continue
        yield context.diagnostic(
            CODE, SEVERITY, *value_at(context, problem, "id"),
            f"problem id '{problem.id}' is already used by a problem of step '{first[problem.id].id}'",
            "give this problem a different id (ids are unique across the whole process)")
