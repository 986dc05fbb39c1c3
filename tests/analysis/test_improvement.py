"""The improvement analysis (issue 12): register order, matrix cells, overdue rows,
pilot rows, an action's priority and the board order, on small hand-made processes."""

from sopdocs.analysis.improvement import (
    action_priority, action_rows, board_order, matrix_cells, pilot_rows, problem_register,
)
from sopdocs.model import Action, Kpi, Problem, Process, Step, Target


def _process(actions=(), kpis=()):
    a = Step("a", "A", problems=(Problem("low-low", impact="low", frequency="low", id="p1"),
                                 Problem("stated urgent", impact="low", frequency="low",
                                         stated_priority="urgent", id="p2")))
    b = Step("b", "B", problems=(Problem("high-medium", impact="high", frequency="medium", id="p3"),
                                 Problem("medium-high", impact="medium", frequency="high", id="p4")))
    return Process("p", "P", "p.yaml", steps=(a, b), actions=tuple(actions), kpis=tuple(kpis))


def test_register_order():
    # p2 is urgent (stated); p3 and p4 are important, p3 first by its higher impact;
    # p1 is routine
    assert [row.problem.id for row in problem_register(_process())] == ["p2", "p3", "p4", "p1"]


def test_matrix_cells_hold_every_problem_once():
    cells = matrix_cells(_process())
    assert len(cells) == 9
    assert [row.problem.id for row in cells["low", "low"]] == ["p1", "p2"]  # file order
    assert [row.problem.id for row in cells["high", "medium"]] == ["p3"]
    assert sum(len(rows) for rows in cells.values()) == 4


def test_action_rows_priorities_and_board_order():
    actions = [Action("late, routine", due="2025-01-10", problems=("p1",)),
               Action("later, urgent", due="2025-03-01", problems=("p1", "p2")),
               Action("no date"),
               Action("done", due="2024-01-01", status="done", problems=("p3",))]
    rows = action_rows(_process(actions), "2025-02-01")
    assert [row.overdue for row in rows] == [True, False, False, False]
    assert [action_priority(row) for row in rows] == ["routine", "urgent", "routine", "important"]
    # overdue first, then by due date, undated last
    assert [row.action.what for row in sorted(rows, key=board_order)] == [
        "late, routine", "done", "later, urgent", "no date"]


def test_pilot_rows_only_kpis_with_both_values():
    kpis = [Kpi("both", before=10, after=8, target=Target.parse("<= 9")), Kpi("before only", before=3),
            Kpi("no target", before=4, after=5)]
    rows = pilot_rows(_process(kpis=kpis))
    # (8 − 10) / 10 = −20 %, 8 <= 9 met; (5 − 4) / 4 = +25 %, no target
    assert [(r.kpi.name, r.change_percent, r.met) for r in rows] == [("both", -20.0, True),
                                                                       ("no target", 25.0, None)]
