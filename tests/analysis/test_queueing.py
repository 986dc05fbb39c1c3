"""The queueing simulation (SimPy) against queueing theory and hand-computed cases."""

import math

import pytest

from sopdocs.analysis.expected import expected_values
from sopdocs.analysis.forecast import forecast
from sopdocs.analysis.queueing import offered_load, queueing_applies, simulate_queue
from sopdocs.model import Lane
from tests.analysis.forecast_helpers import decide, end, exponential, hours, process, split, start, task

DESK = (Lane("desk", "Desk", capacity=1), Lane("team", "Team"))


def mm1(arrival_rate: float, service_rate: float):
    """One step in a lane of one person: exponential arrivals and exponential work."""
    return process(start("work"), task("work", exponential(1 / service_rate), "end", lane="desk"), end(),
                   lanes=DESK, arrivals=1 / arrival_rate)


def test_mm1_mean_queue_wait():
    # λ = 0.5 per hour, μ = 1 per hour: ρ = 0.5, mean queue wait Wq = ρ / (μ − λ) = 1 h;
    # 50,000 cases (5,000 warm-up) keep the estimate within about 3 % (≈ 2 s)
    flow = mm1(0.5, 1.0)
    result = simulate_queue(flow, expected_values(flow), cases=50_000, seed=15)
    assert result.warmup_cases == 5000
    assert result.queue_wait_hours == pytest.approx(1.0, rel=0.05)
    assert result.queue_wait_per_lane["desk"] == pytest.approx(1.0, rel=0.05)
    assert result.utilisation["desk"] == pytest.approx(0.5, rel=0.05)     # ρ
    # time in the system: exponential with rate μ − λ = 0.5: mean 2 h, median ln 2 / 0.5
    assert result.lead_time_hours.mean == pytest.approx(2.0, rel=0.05)
    assert result.lead_time_hours.p50 == pytest.approx(math.log(2) / 0.5, rel=0.05)
    assert result.lead_time_hours.p85 == pytest.approx(-math.log(0.15) / 0.5, rel=0.05)
    assert result.wip == pytest.approx(1.0, rel=0.05)                      # L = λ W = 0.5 × 2
    assert result.throughput_per_week == pytest.approx(20, rel=0.05)       # 0.5 × 40 h
    assert result.overloaded == ()


def test_offered_load_and_overloaded_lane():
    # λ = 1.25 per hour × 1 person-hour per case ÷ 1 person = 125 %
    flow = mm1(1.25, 1.0)
    expected = expected_values(flow)
    assert offered_load(flow, expected) == pytest.approx({"desk": 1.25})
    result = simulate_queue(flow, expected, cases=400, seed=1)
    assert result.overloaded == ("desk",)
    assert result.utilisation["desk"] > 0.95   # always busy once the queue builds up


def test_offered_load_counts_rework():
    # 2 h in the desk lane, redone with 0.5: 4 person-hours per case; a case every 8 h,
    # 1 person: 4 / 8 = 0.5
    flow = process(start("a"), task("a", hours(2), "ok", lane="desk"),
                   decide("ok", ("a", 0.5), ("end", None)), end(), lanes=DESK, arrivals=8)
    assert offered_load(flow, expected_values(flow)) == pytest.approx({"desk": 0.5})


def test_no_contention_means_no_queue_and_the_join_waits_for_both():
    # cases far apart (every 10⁶ h on average: a gap under 5 h has odds 5 × 10⁻⁶): no one
    # queues; lead = max(2, 5) = 5 for every case
    flow = process(start("fork"), split("fork", "a", "b"), task("a", hours(2), "join", lane="desk"),
                   task("b", hours(5), "join", lane="desk"), task("join", None, "end"), end(),
                   lanes=(Lane("desk", "Desk", capacity=2), Lane("team", "Team")), arrivals=1e6)
    result = simulate_queue(flow, expected_values(flow), cases=200, seed=3)
    assert result.queue_wait_hours == 0
    assert (result.lead_time_hours.mean, result.lead_time_hours.p95) == pytest.approx((5, 5))


def test_one_person_serves_parallel_branches_one_after_the_other():
    # capacity 1: the 2 h and 5 h branches share one person, so a lone case takes 7 h and
    # the branch served second waits 2 h (branches start in order: a first)
    flow = process(start("fork"), split("fork", "a", "b"), task("a", hours(2), "join", lane="desk"),
                   task("b", hours(5), "join", lane="desk"), task("join", None, "end"), end(),
                   lanes=DESK, arrivals=1e6)
    result = simulate_queue(flow, expected_values(flow), cases=100, seed=3)
    assert result.lead_time_hours.mean == pytest.approx(7)
    assert result.queue_wait_hours == pytest.approx(2)


def test_wait_holds_nobody():
    # a 10 h wait then 1 h work, one person, a case every 2 h: the waits overlap freely,
    # the work (load 1/2) queues only a little; without the wait holding anyone the lead
    # time stays near 11 h, far below what 11 person-hours every 2 h would give
    flow = process(start("a"), task("a", hours(1), "end", wait=hours(10), lane="desk"), end(),
                   lanes=DESK, arrivals=2)
    result = simulate_queue(flow, expected_values(flow), cases=2000, seed=5)
    assert result.overloaded == ()
    assert 11 <= result.lead_time_hours.mean < 12


def test_queueing_only_with_arrivals_and_a_capacity():
    flow = mm1(0.5, 1.0)
    assert queueing_applies(flow)
    no_arrivals = process(*flow.steps, lanes=DESK)
    no_capacity = process(*flow.steps, lanes=(Lane("desk", "Desk"), Lane("team", "Team")), arrivals=2)
    assert not queueing_applies(no_arrivals) and not queueing_applies(no_capacity)
    assert forecast(no_arrivals, runs=100).queueing is None
    found = forecast(flow, runs=100, cases=300)
    assert found.queueing.cases == 300 and found.queueing.warmup_cases == 30
    shown = found.as_dict()["simulation"]["utilisation"]
    assert shown == {"desk": round(found.queueing.utilisation["desk"], 4)}


def test_queueing_is_deterministic():
    flow = mm1(0.8, 1.0)
    expected = expected_values(flow)
    assert simulate_queue(flow, expected, 500, 9) == simulate_queue(flow, expected, 500, 9)
    assert simulate_queue(flow, expected, 500, 9) != simulate_queue(flow, expected, 500, 10)
