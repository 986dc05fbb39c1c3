"""Improvement work of a process (issue 12): the problem register, the impact ×
frequency matrix, the responsibility table and the pilot evaluation, as plain values.

Everything is a pure function of the models and, for overdue actions, of a build date
passed in as text (YYYY-MM-DD), so pages built from them are deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..model import LEVELS, PRIORITIES, Action, Kpi, Problem, Process, Step

_RANK = {priority: rank for rank, priority in enumerate(PRIORITIES)}
_LEVEL_RANK = {level: rank for rank, level in enumerate(LEVELS)}


@dataclass(frozen=True)
class RegisterRow:
    """One problem of the register, with the step it belongs to and its place in the file."""

    step: Step
    problem: Problem
    position: int

    @property
    def priority(self) -> str:
        """The problem's priority (stated, else derived)."""
        return self.problem.priority


def problem_register(process: Process) -> list[RegisterRow]:
    """Every problem, most urgent first; within a priority by impact, frequency, then file order."""
    rows = [RegisterRow(step, problem, position)
            for position, (step, problem) in enumerate(process.all_problems())]
    return sorted(rows, key=lambda row: (_RANK[row.priority], _LEVEL_RANK[row.problem.impact],
                                         _LEVEL_RANK[row.problem.frequency], row.position))


def matrix_cells(process: Process) -> dict[tuple[str, str], list[RegisterRow]]:
    """(impact, frequency) → the problems in that cell, for all nine cells (file order)."""
    cells: dict[tuple[str, str], list[RegisterRow]] = {
        (impact, frequency): [] for impact in LEVELS for frequency in LEVELS}
    for position, (step, problem) in enumerate(process.all_problems()):
        cells[problem.impact, problem.frequency].append(RegisterRow(step, problem, position))
    return cells


@dataclass(frozen=True)
class ActionRow:
    """One action with what the pages need: overdue or not, the problems it addresses."""

    action: Action
    position: int
    overdue: bool
    problems: tuple[tuple[Step, Problem], ...] = ()


def action_rows(process: Process, today: Optional[str]) -> list[ActionRow]:
    """The actions in file order, each flagged overdue relative to `today` (YYYY-MM-DD)."""
    by_id = {problem.id: (step, problem) for step, problem in process.all_problems() if problem.id}
    return [ActionRow(action, position, action.overdue_on(today),
                      tuple(by_id[ref] for ref in action.problems if ref in by_id))
            for position, action in enumerate(process.actions)]


@dataclass(frozen=True)
class PilotRow:
    """One KPI of the pilot evaluation: before, after, change in % and target met."""

    kpi: Kpi
    change_percent: Optional[float]
    met: Optional[bool]


def pilot_rows(process: Process) -> list[PilotRow]:
    """The KPIs with both a before and an after value, in file order."""
    return [PilotRow(kpi, kpi.change_percent, kpi.pilot_met) for kpi in process.kpis
            if kpi.before is not None and kpi.after is not None]


def action_priority(row: ActionRow) -> str:
    """An action's priority on the board: the highest of the problems it addresses
    (routine when it names none)."""
    ranks = [_RANK[problem.priority] for _, problem in row.problems]
    return PRIORITIES[min(ranks)] if ranks else "routine"


def board_order(row: ActionRow) -> tuple:
    """Sort key of an action on the board: overdue first, then by due date (none last)."""
    return (not row.overdue, row.action.due is None, row.action.due or "", row.position)
