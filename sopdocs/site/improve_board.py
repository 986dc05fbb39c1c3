"""The handbook-wide improvement board (issue 12): open problems and actions across all
processes, grouped by priority and by owner, overdue actions first, each linking to its
step on its process page.

A problem is open until at least one action addresses it and all of them are done; an
action is open until its status is `done`. An action's priority is the highest of the
problems it addresses (routine when it names none).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..analysis.improvement import ActionRow, action_priority, action_rows, board_order, problem_register
from ..i18n import Texts
from ..model import PRIORITIES, Problem, Step
from .handbook import Entry, Handbook
from .improve_page import status_text, why_chain
from .links import relative
from .markup import cell, inline, message

BOARD = "improvement.md"


@dataclass(frozen=True)
class _Item:
    entry: Entry
    row: object  # an ActionRow or a RegisterRow


def _open_problems(entry: Entry, rows: list[ActionRow]) -> list:
    addressed: dict[int, list[bool]] = {}
    for row in rows:
        for _, problem in row.problems:
            addressed.setdefault(id(problem), []).append(row.action.is_open)
    return [row for row in problem_register(entry.process)
            if not addressed.get(id(row.problem)) or any(addressed[id(row.problem)])]


def board_items(handbook: Handbook, today: Optional[str]) -> tuple[list[_Item], list[_Item]]:
    """(open actions, open problems) of every process, actions overdue first."""
    actions, problems = [], []
    for entry in handbook.entries:
        rows = action_rows(entry.process, today)
        actions += [_Item(entry, row) for row in rows if row.action.is_open]
        problems += [_Item(entry, row) for row in _open_problems(entry, rows)]
    actions.sort(key=lambda item: board_order(item.row))  # stable: handbook order within ties
    return actions, problems


def _step_link(entry: Entry, step: Step) -> str:
    return f"[{cell(step.name)}]({relative(BOARD, entry.page, f'step-{step.id}')})"


def _action_table(items: list[_Item], text: Texts) -> list[str]:
    lines = ["| " + " | ".join(inline(text[key]) for key in (
        "improve_col_process", "improve_col_action", "improve_col_owner", "improve_col_due",
        "improve_col_status", "improve_col_steps")) + " |", "|---|---|---|---|---|---|"]
    for item in items:
        process, action = item.entry.process, item.row.action
        steps = process.steps_by_id()
        links = ", ".join(_step_link(item.entry, steps[s]) if s in steps else cell(s) for s in action.steps)
        lines.append(f"| [{cell(process.title)}]({relative(BOARD, item.entry.page)}) | {cell(action.what)} | "
                     f"{cell(action.owner or text['none'])} | {cell(action.due or text['none'])} | "
                     f"{status_text(action, item.row.overdue, text)} | {links or inline(text['none'])} |")
    return lines + [""]


def _problem_table(items: list[_Item], text: Texts) -> list[str]:
    lines = ["| " + " | ".join(inline(text[key]) for key in (
        "improve_col_process", "improve_col_step", "improve_col_problem", "improve_col_type",
        "improve_col_why")) + " |", "|---|---|---|---|---|"]
    for item in items:
        problem: Problem = item.row.problem
        lines.append(f"| [{cell(item.entry.process.title)}]({relative(BOARD, item.entry.page)}) | "
                     f"{_step_link(item.entry, item.row.step)} | {cell(problem.description)} | "
                     f"{inline(text.value('problem_type', problem.type))} | "
                     f"{why_chain(problem.why) or inline(text['none'])} |")
    return lines + [""]


def _group(title: str, actions: list[_Item], problems: list[_Item], text: Texts) -> list[str]:
    lines = [f"### {inline(title)}", ""]
    if actions:
        lines += [f"**{inline(text['improve_board_actions'])}**", "", *_action_table(actions, text)]
    if problems:
        lines += [f"**{inline(text['improve_board_problems'])}**", "", *_problem_table(problems, text)]
    return lines


def _owner_of(item: _Item) -> str:
    if isinstance(item.row, ActionRow):
        return item.row.action.owner or ""
    return item.entry.process.owner_of(item.row.step) or ""


def board_page(handbook: Handbook, text: Texts, today: Optional[str]) -> str:
    """The Markdown of the improvement board."""
    actions, problems = board_items(handbook, today)
    lines = [f"# {inline(text['improve_board_title'])}", "", inline(text["improve_board_intro"]), ""]
    if today:
        lines += [f"*{inline(text('improve_as_of', date=today))}*", ""]
    if not actions and not problems:
        return "\n".join(lines + [inline(text["improve_board_empty"])]) + "\n"
    lines += [f"## {inline(text['improve_board_by_priority'])}", ""]
    for priority in PRIORITIES:
        group_actions = [item for item in actions if action_priority(item.row) == priority]
        group_problems = [item for item in problems if item.row.priority == priority]
        if group_actions or group_problems:
            title = f"{text('field_label', label=text['improve_col_priority'])} {text.value('priority', priority)}"
            lines += _group(title, group_actions, group_problems, text)
    lines += [f"## {inline(text['improve_board_by_owner'])}", ""]
    owners = sorted({_owner_of(item) for item in actions + problems}, key=lambda name: (not name, name))
    for owner in owners:
        lines += _group(owner or text["improve_board_no_owner"],
                        [item for item in actions if _owner_of(item) == owner],
                        [item for item in problems if _owner_of(item) == owner], text)
    return "\n".join(lines).rstrip() + "\n"


def has_board(handbook: Handbook) -> bool:
    """Whether any process has problems or actions (else the board is left out)."""
    return any(entry.process.actions or any(step.problems for step in entry.process.steps)
               for entry in handbook.entries)


def board_summary(handbook: Handbook, text: Texts, today: Optional[str], from_page: str) -> list[str]:
    """A paragraph linking to the board with its counts (for the home page; empty
    when there is no board)."""
    if not has_board(handbook):
        return []
    actions, problems = board_items(handbook, today)
    link = f"[{inline(text['improve_board_title'])}]({relative(from_page, BOARD)})"
    return [message(text["improve_board_summary"], link=link, actions=text.number(len(actions)),
                    overdue=text.number(sum(item.row.overdue for item in actions)),
                    problems=text.number(len(problems))), ""]
