"""SOP210 — stated priority disagrees with impact × frequency.

A problem's `priority:` (urgent, important, routine; or the survey's high, medium, low
and 高, 中, 低, read as urgent, important, routine) overrides the priority that its impact
and frequency give: both high → urgent; high impact, or medium impact with high
frequency → important; else routine. When the two disagree the page uses the stated
one, and this warning asks whether impact and frequency are right. Fix it by correcting
`impact`/`frequency`, or by removing `priority:` to use the derived one. A problem that
writes neither `impact` nor `frequency` (as an imported survey, which only ranks) has
nothing to disagree with and is not warned about.
"""

from ..diagnostics import WARNING
from ._improve import node_of, problem_label, value_at

CODE = "SOP210"
SEVERITY = WARNING
TITLE = "stated priority disagrees with impact × frequency"


def check(context):
    """Yield a diagnostic for every problem whose stated priority is not the derived one."""
    for step, problem in context.process.all_problems():
        stated, derived = problem.stated_priority, problem.derived_priority
        if stated is None or stated == derived or not _rated(context, problem):
            continue
        yield context.diagnostic(
            CODE, SEVERITY, *value_at(context, problem, "priority"),
            f"{problem_label(problem)} of step '{step.id}' is stated as {stated}, but impact"
            f" {problem.impact} × frequency {problem.frequency} gives {derived}",
            f"correct impact/frequency so they give {stated}, or remove 'priority:' to use {derived}")


def _rated(context, problem) -> bool:
    """Whether the file writes the problem's impact or frequency (not just defaults)."""
    node = node_of(context, problem)
    return node is None or node.get("impact") is not None or node.get("frequency") is not None
