"""The improvement sections of a process page (issue 12): the problem register, the
impact × frequency matrix (a diagram placeholder), the responsibility table and the
pilot evaluation table; and the actions section of a comparison page."""

from __future__ import annotations

from typing import Optional

from ..analysis.improvement import action_rows, pilot_rows, problem_register
from ..i18n import Texts
from ..model import Action, Process
from .diagrams import placeholder
from .links import relative
from .markup import cell, inline, message

MATRIX = "matrix"
"""The name of the matrix figure (see diagrams.process_diagrams)."""


def _row(values) -> str:
    return "| " + " | ".join(values) + " |"


def _head(text: Texts, keys: tuple[str, ...], align: str) -> list[str]:
    return [_row(inline(text[key]) for key in keys), "|" + "|".join(align) + "|"]


def why_chain(why: tuple[str, ...]) -> str:
    """A why-chain as one cell: symptom → … → root cause."""
    return " → ".join(cell(item) for item in why)


def priority_text(problem, text: Texts) -> str:
    """The shown priority; a stated one that differs names the derived one too."""
    shown = text.value("priority", problem.priority)
    if problem.stated_priority and problem.stated_priority != problem.derived_priority:
        return message(text["improve_derived"], priority=inline(shown),
                       derived=inline(text.value("priority", problem.derived_priority)))
    return inline(shown)


def register_table(process: Process, text: Texts) -> list[str]:
    """The problem register, most urgent first, each step linked."""
    keys = ("improve_col_number", "improve_col_priority", "improve_col_step", "improve_col_type",
            "improve_col_impact", "improve_col_frequency", "improve_col_problem", "improve_col_why")
    lines = [f"### {inline(text['improve_register'])}", "", *_head(text, keys, ("---:",) + ("---",) * 7)]
    for number, row in enumerate(problem_register(process), start=1):
        problem = row.problem
        lines.append(_row([
            str(number), f"**{priority_text(problem, text)}**",
            f"[{cell(row.step.name)}](#step-{row.step.id})",
            inline(text.value("problem_type", problem.type)), inline(text.value("level", problem.impact)),
            inline(text.value("level", problem.frequency)), cell(problem.description),
            why_chain(problem.why) or inline(text["none"])]))
    return lines + ["", f"*{inline(text['improve_register_note'])}*", ""]


def department_text(action: Action, process: Process) -> str:
    """An action's department: a lane's name when it names a lane id, else as written."""
    lane = process.lane(action.department)
    return cell(lane.name if lane else action.department or "")


def step_links(process: Process, step_ids, link) -> str:
    """Links to the named steps (an id without a step is shown as written)."""
    steps = process.steps_by_id()
    return ", ".join(f"[{cell(steps[step_id].name)}]({link(step_id)})" if step_id in steps
                     else cell(step_id) for step_id in step_ids)


def status_text(action: Action, overdue: bool, text: Texts) -> str:
    """The status word, with a flag when the action is overdue."""
    status = inline(text[f"improve_status_{action.status}"])
    return f"{status} · **⚠ {inline(text['improve_overdue'])}**" if overdue else status


def responsibility_table(process: Process, text: Texts, today: Optional[str]) -> list[str]:
    """The actions in file order, overdue ones flagged relative to `today`."""
    rows = action_rows(process, today)
    if not rows:
        return []
    keys = ("improve_col_action", "improve_col_department", "improve_col_owner", "improve_col_due",
            "improve_col_resources", "improve_col_acceptance", "improve_col_status",
            "improve_col_steps", "improve_col_addresses")
    lines = [f"### {inline(text['improve_actions'])}", "", *_head(text, keys, ("---",) * 9)]
    for row in rows:
        action = row.action
        lines.append(_row([
            cell(action.what), department_text(action, process), cell(action.owner or text["none"]),
            cell(action.due or text["none"]), cell(action.resources), cell(action.acceptance),
            status_text(action, row.overdue, text),
            step_links(process, action.steps, lambda step_id: f"#step-{step_id}"),
            "; ".join(cell(problem.description) for _, problem in row.problems)]))
    lines.append("")
    if today:
        lines += [f"*{inline(text('improve_as_of', date=today))}*", ""]
    return lines


_HUGE = 1e15
"""From here on numbers are shown as 1.5e+20: the locale's digits would run on (and
Babel's decimal context gives up around 1e28)."""


def number_text(value: float, text: Texts) -> str:
    """A measured value in the locale's digits, or in exponent form when huge."""
    return text.number(value) if abs(value) < _HUGE else f"{value:.6g}"


def change_text(change: Optional[float], text: Texts) -> str:
    """A change in % with its sign (`+25.0%`, `−50.0%`), or the none mark."""
    if change is None:
        return inline(text["none"])
    shown = text.percent(abs(change) / 100, 1) if abs(change) < _HUGE else f"{abs(change):.6g}%"
    return inline(("+" if change > 0 else "−" if change < 0 else "") + shown)


def pilot_table(process: Process, text: Texts) -> list[str]:
    """The pilot evaluation: scope, then before/after per KPI with change and target met."""
    rows, pilot = pilot_rows(process), process.pilot
    if not rows and pilot is None:
        return []
    lines = [f"### {inline(text['improve_pilot'])}", ""]
    if pilot is not None and pilot.scope:
        label = message(text["field_label"], label=inline(text["improve_pilot_scope"]))
        lines += [f"**{label}** {inline(pilot.scope)}", ""]
    if not rows:
        return lines

    def period(key: str, value: str) -> str:
        return message(text["improve_col_period"], label=inline(text[key]), period=inline(value)) if value \
            else inline(text[key])

    before, after = (pilot.before_period, pilot.after_period) if pilot else ("", "")
    lines += [_row([inline(text["improve_col_indicator"]), period("improve_col_before", before),
                    period("improve_col_after", after), inline(text["improve_col_change"]),
                    inline(text["improve_col_target"]), inline(text["improve_col_met"])]),
              "|---|---:|---:|---:|---|---|"]
    for row in rows:
        kpi = row.kpi
        unit = ("" if not kpi.unit else cell(kpi.unit) if kpi.unit == "%" else f" {cell(kpi.unit)}")
        met = (inline(text["none"]) if row.met is None
               else f"**{inline(text.value('kpi', 'met' if row.met else 'missed'))}**")
        lines.append(_row([cell(kpi.name), number_text(kpi.before, text) + unit, number_text(kpi.after, text) + unit,
                           change_text(row.change_percent, text),
                           cell(kpi.target.text) if kpi.target else inline(text["none"]), met]))
    return lines + [""]


def improvement_sections(process: Process, text: Texts, today: Optional[str]) -> list[str]:
    """Everything about improving the process (empty when it has no problems, actions or pilot)."""
    has_problems = any(step.problems for step in process.steps)
    lines = []
    if has_problems:
        lines += register_table(process, text)
        lines += [f"### {inline(text['improve_matrix'])}", "", placeholder(MATRIX), ""]
    lines += responsibility_table(process, text, today)
    lines += pilot_table(process, text)
    return [f"## {inline(text['improve_heading'])}", ""] + lines if lines else []


def comparison_actions(pair, text: Texts) -> list[str]:
    """The actions of both versions of a comparison pair, each linked to the steps it
    changed: on the optimized version's page when the step is there, else on the
    current version's (a step the change removed)."""
    actions = list(pair.old.process.actions) + [a for a in pair.new.process.actions
                                                 if a not in pair.old.process.actions]
    if not actions:
        return []
    new_steps, old_steps = pair.new.process.steps_by_id(), pair.old.process.steps_by_id()

    def link(step_id: str) -> str:
        entry, steps = (pair.new, new_steps) if step_id in new_steps else (pair.old, old_steps)
        if step_id not in steps:
            return cell(step_id)
        return f"[{cell(steps[step_id].name)}]({relative(pair.page, entry.page, f'step-{step_id}')})"

    lines = [f"## {inline(text['improve_compare_actions'])}", "",
             _row([inline(text["improve_col_action"]), inline(text["improve_col_status"]),
                   inline(text["improve_col_steps"])]), "|---|---|---|"]
    for action in actions:
        links = ", ".join(link(step_id) for step_id in action.steps)
        lines.append(_row([cell(action.what), inline(text[f"improve_status_{action.status}"]),
                           links or inline(text["none"])]))
    return lines + [""]
