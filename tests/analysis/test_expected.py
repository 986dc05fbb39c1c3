"""Exact expectations (absorbing Markov chain) against hand-computed cases."""

import pytest

from sopdocs.analysis.expected import expected_values, never_ending
from sopdocs.analysis.forecast import forecast, monte_carlo
from sopdocs.model import Lane, Link, Step
from tests.analysis.forecast_helpers import decide, end, hours, process, split, start, task, triangular


@pytest.mark.parametrize("p", [0.0, 0.25, 0.5, 0.8])
def test_loop_multiplies_visits_by_one_over_one_minus_p(p):
    flow = process(start("a"), task("a", hours(2), "check"),
                   decide("check", ("a", p), ("end", None)), end())
    values = expected_values(flow)
    # a and check are visited 1/(1 − p) times: p = 0.25 → 4/3, p = 0.8 → 5
    assert values.visits["a"] == pytest.approx(1 / (1 - p))
    assert values.visits["check"] == pytest.approx(1 / (1 - p))
    assert values.visits["end"] == pytest.approx(1.0)
    # each visit of a costs 2 h: lead = 2 / (1 − p) (p = 0.8 → 10 h), all of it work
    assert values.lead_time_hours == pytest.approx(2 / (1 - p))
    assert values.work_time_hours == pytest.approx(2 / (1 - p))
    assert values.wait_time_hours == 0


def test_nested_loops_multiply():
    # begin → a (1 h) → b (2 h) → inner (back to b 0.5) → outer (back to a 0.25) → end
    flow = process(start("a"), task("a", hours(1), "b"), task("b", hours(2), "inner"),
                   decide("inner", ("b", 0.5), ("outer", None)),
                   decide("outer", ("a", 0.25), ("end", None)), end())
    values = expected_values(flow)
    # outer loop: a visited 1/(1 − 0.25) = 4/3 times; each entry of the inner loop visits
    # b 1/(1 − 0.5) = 2 times, so b: 4/3 × 2 = 8/3
    assert values.visits["a"] == pytest.approx(4 / 3)
    assert values.visits["b"] == pytest.approx(8 / 3)
    assert values.visits["outer"] == pytest.approx(4 / 3)
    # lead = 1 × 4/3 + 2 × 8/3 = 4/3 + 16/3 = 20/3 = 6.667 h
    assert values.lead_time_hours == pytest.approx(20 / 3)


def test_two_way_branch_weights_by_probability():
    # x (3 h, wait 1 h) with 0.3, y (10 h) with the rest 0.7
    flow = process(start("route"), decide("route", ("x", 0.3), ("y", None)),
                   task("x", hours(3), "end", wait=hours(1)), task("y", hours(10), "end"), end())
    values = expected_values(flow)
    assert values.visits["x"] == pytest.approx(0.3)
    assert values.visits["y"] == pytest.approx(0.7)
    # lead = 0.3 × (1 + 3) + 0.7 × 10 = 1.2 + 7 = 8.2; work 0.3 × 3 + 7 = 7.9; wait 0.3
    assert values.lead_time_hours == pytest.approx(8.2)
    assert values.work_time_hours == pytest.approx(7.9)
    assert values.wait_time_hours == pytest.approx(0.3)


def test_parallel_split_join_waits_for_the_longest_branch():
    # a: wait 4 + work 2 = 6 h; b: work 5 h; the join (1 h) waits for max(6, 5) = 6
    flow = process(start("fork"), split("fork", "a", "b"),
                   task("a", hours(2), "join", wait=hours(4)), task("b", hours(5), "join"),
                   task("join", hours(1), "end"), end())
    values = expected_values(flow)
    assert values.lead_time_hours == pytest.approx(7)          # 6 + 1
    assert values.work_time_hours == pytest.approx(3)          # a's 2 + join 1 (a sets the lead)
    assert values.wait_time_hours == pytest.approx(4)          # a's wait; 3 + 4 = 7
    assert values.effort_hours == pytest.approx(8)             # 2 + 5 + 1: every branch
    assert values.visits == {"begin": 1, "fork": 1, "a": 1, "b": 1, "join": 1, "end": 1}


def test_task_with_several_next_forks_like_parallel():
    flow = process(start("both"), task("both", hours(1), "a", "b"), task("a", hours(2), "join"),
                   task("b", hours(3), "join"), task("join", None, "end"), end())
    # 1 + max(2, 3) = 4; effort 1 + 2 + 3 = 6
    values = expected_values(flow)
    assert values.lead_time_hours == pytest.approx(4)
    assert values.effort_hours == pytest.approx(6)


def test_loop_inside_a_branch_and_around_the_block():
    # branch a: 2 h per visit, repeated 1/(1 − 0.5) = 2 times → 4 h; branch b: 3 h;
    # the block: max(4, 3) = 4, then join 1 h; the whole block is redone with 0.2:
    # 1/(1 − 0.2) = 1.25 times → lead = (4 + 1) × 1.25 = 6.25
    flow = process(start("fork"), split("fork", "a", "b"),
                   task("a", hours(2), "again"), decide("again", ("a", 0.5), ("join", None)),
                   task("b", hours(3), "join"), task("join", hours(1), "redo"),
                   decide("redo", ("fork", 0.2), ("end", None)), end())
    values = expected_values(flow)
    assert values.visits["a"] == pytest.approx(2 * 1.25)
    assert values.visits["b"] == pytest.approx(1.25)
    assert values.lead_time_hours == pytest.approx(6.25)
    # effort: (a 4 + b 3 + join 1) × 1.25 = 10
    assert values.effort_hours == pytest.approx(10)


def test_no_probabilities_share_equally():
    # three unmarked branches: 1/3 each; lead = (3 + 6 + 9) / 3 = 6
    flow = process(start("route"), decide("route", ("x", None), ("y", None), ("z", None)),
                   task("x", hours(3), "end"), task("y", hours(6), "end"),
                   task("z", hours(9), "end"), end())
    values = expected_values(flow)
    assert [values.visits[s] for s in "xyz"] == pytest.approx([1 / 3] * 3)
    assert values.lead_time_hours == pytest.approx(6)


def test_unmarked_rework_branch_takes_half():
    # review (1 h) → ok? back / forward, no probabilities: 0.5 each → 2 visits → 2 h
    flow = process(start("review"), task("review", hours(1), "ok"),
                   decide("ok", ("review", None), ("end", None)), end())
    assert expected_values(flow).visits["review"] == pytest.approx(2)


def test_ranges_count_with_their_mean():
    # triangular (1, 2, 6) has mean 3 h; visited 1/(1 − 0.5) = 2 times → 6 h
    flow = process(start("a"), task("a", triangular(1, 2, 6), "ok"),
                   decide("ok", ("a", 0.5), ("end", None)), end())
    assert expected_values(flow).lead_time_hours == pytest.approx(6)


def test_effort_per_lane_and_owner():
    lanes = (Lane("front", "Front", "Ann"), Lane("back", "Back", "Bob"))
    # back's 2 h step is repeated 1/(1 − 0.75) = 4 times → 8 person-hours; front 1 h once
    flow = process(start("a"), task("a", hours(1), "b", lane="front"),
                   task("b", hours(2), "ok", lane="back"),
                   decide("ok", ("b", 0.75), ("end", None), lane="back"), end(), lanes=lanes)
    values = expected_values(flow)
    # begin and end are in the undeclared lane "team": listed after the declared ones
    assert values.effort_per_lane == pytest.approx({"front": 1, "back": 8, "team": 0})
    assert list(values.effort_per_lane) == ["front", "back", "team"]
    assert values.effort_per_owner == pytest.approx({"Ann": 1, "Bob": 8})
    assert list(values.effort_per_owner) == ["Ann", "Bob"]


def test_never_ending_loop_gives_none():
    # back with probability 1.0: the unmarked way out gets what is left, 0
    flow = process(start("a"), task("a", hours(2), "check"),
                   decide("check", ("a", 1.0), ("end", None)), end())
    assert expected_values(flow) is None
    assert never_ending(flow) == ("a", "check")
    result = forecast(flow, runs=100)
    assert (result.expected, result.simulation, result.queueing) == (None, None, None)
    assert result.as_dict() == {"expected": None, "simulation": None, "queueing": None}


def test_visits_list_every_step_in_file_order():
    flow = process(start("a"), task("a", hours(1), "end"), end(), task("orphan", hours(5), "end"))
    values = expected_values(flow)
    assert list(values.visits) == ["begin", "a", "end", "orphan"]
    assert values.visits["orphan"] == 0


def test_task_with_a_rework_branch_chooses_like_a_decision():
    # review (3 h) → back to draft (2 h) with 0.25, else on: 1/(1 − 0.25) = 4/3 passes:
    # (2 + 3) × 4/3 = 6.667 h
    flow = process(start("draft"), task("draft", hours(2), "review"),
                   Step("review", "review", "team", duration=hours(3),
                        next=(Link("draft", "changes", 0.25), Link("end"))), end())
    values = expected_values(flow)
    assert values.visits["draft"] == pytest.approx(4 / 3)
    assert values.lead_time_hours == pytest.approx(20 / 3)


def test_nested_parallel_blocks_and_branches_that_never_meet():
    # outer: a (6 h) ‖ inner block; inner: b (2 h) ‖ c (3 h), joined at j2 (1 h): 3 + 1 = 4;
    # the outer join j1 (0.5 h) waits for max(6, 4) = 6: lead 6.5 h; effort 6 + 2 + 3 + 1 + 0.5
    flow = process(start("outer"), split("outer", "a", "inner"), task("a", hours(6), "j1"),
                   split("inner", "b", "c"), task("b", hours(2), "j2"), task("c", hours(3), "j2"),
                   task("j2", hours(1), "j1"), task("j1", hours(0.5), "end"), end())
    values = expected_values(flow)
    assert values.lead_time_hours == pytest.approx(6.5)
    assert values.effort_hours == pytest.approx(12.5)
    assert all(values.visits[s] == 1 for s in ("a", "b", "c", "j2", "j1", "end"))
    assert monte_carlo(flow, runs=100, seed=1).lead_time_hours.p95 == pytest.approx(6.5)
    # two branches that end on their own (no join): the flow ends after the longer, 5 h
    apart = process(start("fork"), split("fork", "x", "y"), task("x", hours(2), "end"),
                    task("y", hours(5), "other"), end(), end("other"))
    assert expected_values(apart).lead_time_hours == pytest.approx(5)
    assert monte_carlo(apart, runs=100, seed=1).lead_time_hours.mean == pytest.approx(5)


def test_decision_looping_on_itself():
    # a decision that links back to itself with 0.75 is visited 1/(1 − 0.75) = 4 times;
    # its 2 h wait each time: 8 h
    flow = process(start("again"),
                   Step("again", "again", "team", "decision", wait=hours(2),
                        next=(Link("again", "retry", 0.75), Link("end", "done"))), end())
    values = expected_values(flow)
    assert values.visits["again"] == pytest.approx(4)
    assert values.lead_time_hours == pytest.approx(8)
