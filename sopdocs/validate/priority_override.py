"""SOP210 — stated priority disagrees with impact × frequency.

A problem's `priority:` (urgent, important, routine; or the survey's high, medium, low
and 高, 中, 低, read as urgent, important, routine) overrides the priority that its impact
and frequency give: both high → urgent; high impact, or medium impact with high
frequency → important; else routine. When the two disagree the page uses the stated
one, and this warning asks whether impact and frequency are right. Fix it by correcting
`impact`/`frequency`, or by removing `priority:` to use the derived one.
"""

from ..diagnostics import WARNING
from ._improve import problem_label, value_at

CODE = "SOP210"
SEVERITY = WARNING
TITLE = "stated priority disagrees with impact × frequency"


def check(context):
    """Yield a diagnostic for every problem whose stated priority is not the derived one."""
    for step, problem in context.process.all_problems():
        stated, derived = problem.stated_priority, problem.derived_priority
        if stated is None or stated == derived:
            continue
        yield context.diagnostic(
            CODE, SEVERITY, *value_at(context, problem, "priority"),
            f"{problem_label(problem)} of step '{step.id}' is stated as {stated}, but impact"
            f" {problem.impact} × frequency {problem.frequency} gives {derived}",
            f"correct impact/frequency so they give {stated}, or remove 'priority:' to use {derived}")
