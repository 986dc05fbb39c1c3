"""Hand-computed schedules of the fixtures in tests/fixtures/schedule/.

Each test writes the arithmetic: ready = max(finish of scheduled predecessors),
start = ready + wait, finish = start + duration (working hours).
"""

import pytest

from sopdocs.analysis.schedule import branch_probabilities, expected_branch, schedule
from sopdocs.load import load_text
from sopdocs.validate import load_process
from tests.conftest import FIXTURES

SCHEDULE = FIXTURES / "schedule"


def plan(name):
    return schedule(load_process(SCHEDULE / f"{name}.yaml"))


def times(planned, step_id):
    step = planned[step_id]
    return (step.ready_hours, step.start_hours, step.finish_hours)


def test_linear():
    planned = plan("linear")
    # begin: 0; intake: ready 0 + wait 2 = start 2, + 3 h = 5
    assert times(planned, "intake") == (0, 2, 5)
    # process: ready 5 + wait 0.5d (4 h) = 9, + 1d (8 h) = 17
    assert times(planned, "process") == (5, 9, 17)
    # file: ready 17, no wait, + 30m = 17.5; finish (end): 17.5
    assert times(planned, "file") == (17, 17, 17.5)
    assert times(planned, "finish") == (17.5, 17.5, 17.5)
    assert planned.lead_time_hours == 17.5
    assert planned.critical_path == ("begin", "intake", "process", "file", "finish")
    assert planned.off_path == ()
    assert all(step.slack_hours == 0 and step.critical for step in planned.scheduled)


def test_decision_follows_most_probable_branch():
    planned = plan("decision")
    # route: fast 0.3, slow 0.6, reject gets the rest 1 - 0.9 = 0.1 → slow
    # triage 0 → 1; route (milestone) 1; slow: ready 1 + wait 8 = 9, + 16 = 25; done 25
    assert times(planned, "slow") == (1, 9, 25)
    assert planned.lead_time_hours == 25
    assert planned.critical_path == ("begin", "triage", "route", "slow", "done")
    # the branches not taken are listed, in file order, not dropped
    assert planned.off_path == ("fast", "reject", "rejected")
    assert ("route", "fast") not in planned.edges


def test_parallel_join_waits_for_the_longer_branch():
    planned = plan("parallel")
    # legal-check: ready 0, start 0, finish 2
    assert times(planned, "legal-check") == (0, 0, 2)
    # finance-check: ready 0 + wait 1d (8) = 8, + 1d (8) = 16
    assert times(planned, "finance-check") == (0, 8, 16)
    # join: ready max(2, 16) = 16, + wait 2 = 18, + 1 = 19
    assert times(planned, "join") == (16, 18, 19)
    assert planned["join"].predecessors == ("legal-check", "finance-check")
    assert planned.lead_time_hours == 19
    assert planned.critical_path == ("begin", "split", "finance-check", "join", "end")
    # slack: legal-check may finish as late as join's start 18 - wait 2 = 16; 16 - 2 = 14
    assert planned["legal-check"].slack_hours == 14
    assert not planned["legal-check"].critical
    assert planned["finance-check"].slack_hours == 0


def test_rework_loop_is_not_scheduled_even_when_most_probable():
    planned = plan("rework")
    assert planned.rework == (("ok", "draft"),)
    # draft 0 → 4; review: ready 4 + wait 4 = 8, + 2 = 10; ok 10; publish 10 → 11; end 11
    assert times(planned, "review") == (4, 8, 10)
    assert times(planned, "publish") == (10, 10, 11)
    assert planned.lead_time_hours == 11
    assert ("ok", "draft") not in planned.edges
    assert planned.off_path == ()


def test_waits_before_work_and_on_a_milestone():
    planned = plan("waits")
    # submit 0 → 1; approve: ready 1 + 2d (16) = 17, + 30m = 17.5
    assert times(planned, "approve") == (1, 17, 17.5)
    # confirmed (end, a milestone): ready 17.5 + wait 4 = 21.5, no work
    assert times(planned, "confirmed") == (17.5, 21.5, 21.5)
    assert planned["confirmed"].is_milestone
    assert planned.lead_time_hours == 21.5


def test_custom_calendar_converts_days_and_weeks():
    planned = plan("calendar")
    # 7.5 h/day, 6 d/week → 1w = 45 h. scope: 1d = 7.5
    assert times(planned, "scope") == (0, 0, 7.5)
    # build: ready 7.5 + 0.5w (22.5) = 30, + 2d (15) = 45
    assert times(planned, "build") == (7.5, 30, 45)
    # check: + 90m = 1.5 → 46.5
    assert times(planned, "check") == (45, 45, 46.5)
    assert planned.lead_time_hours == 46.5


def _inline(steps_yaml):
    text = "id: t\ntitle: T\nlanes: [{id: a, name: A}]\nsteps:\n" + steps_yaml
    loaded = load_text(text, "t.yaml")
    assert loaded.process is not None, loaded.diagnostics
    return loaded.process


def test_branch_without_probability_gets_the_rest():
    process = _inline(
        "  - {id: d, name: D, type: decision, lane: a, next: [{to: x, probability: 0.3}, {to: y}]}\n"
        "  - {id: x, name: X, lane: a}\n  - {id: y, name: Y, lane: a}\n"
    )
    decision = process.step("d")
    # y has no probability: it gets 1 - 0.3 = 0.7 and wins
    assert branch_probabilities(decision) == pytest.approx([0.3, 0.7])
    assert expected_branch(decision, {"x", "y"}).to == "y"
    assert schedule(process).off_path == ("x",)


def test_decision_without_probabilities_takes_the_first_branch():
    process = _inline(
        "  - {id: d, name: D, type: decision, lane: a, next: [y, x]}\n"
        "  - {id: x, name: X, lane: a}\n  - {id: y, name: Y, lane: a}\n"
    )
    assert schedule(process).order == ("d", "y")


def test_task_with_several_next_forks_like_parallel():
    process = _inline(
        "  - {id: s, name: S, lane: a, duration: 1h, next: [x, y]}\n"
        "  - {id: x, name: X, lane: a, duration: 2h}\n  - {id: y, name: Y, lane: a, duration: 5h}\n"
    )
    planned = schedule(process)
    # both scheduled; x: 1 → 3, y: 1 → 6; lead = 6 via y; x has slack 6 - 3 = 3
    assert planned["x"].finish_hours == 3 and planned["y"].finish_hours == 6
    assert planned.critical_path == ("s", "y")
    assert planned["x"].slack_hours == 3


def test_empty_process_has_an_empty_schedule():
    process = load_text("id: t\ntitle: T\nsteps: []\n", "t.yaml").process
    planned = schedule(process)
    assert planned.order == () and planned.lead_time_hours == 0 and planned.critical_path == ()
