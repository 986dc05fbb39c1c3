"""Monte Carlo runs against exact expectations and known distributions; determinism."""

import json
import os
import subprocess
import sys

import numpy as np
import pytest

from sopdocs.analysis.expected import expected_values
from sopdocs.analysis.forecast import Spread, forecast, histogram, monte_carlo
from sopdocs.analysis.montecarlo import generator, sample
from sopdocs.model import Calendar
from tests.analysis.forecast_helpers import (
    decide, end, exponential, hours, lead_kpi, process, split, start, task, triangular, uniform,
)
from tests.conftest import ROOT


def rework_flow():
    """Ranges, a two-way branch and a rework loop (no ranges inside a parallel block,
    where E[max] ≥ max E would make the exact figure a bound)."""
    return process(
        start("draft"), task("draft", triangular(1, 2, 6), "route", wait=uniform(0, 4)),
        decide("route", ("quick", 0.6), ("deep", None)),
        task("quick", exponential(2), "ok"), task("deep", hours(8), "ok", wait=hours(2)),
        decide("ok", ("draft", 0.25), ("end", None)), end())


def test_monte_carlo_mean_within_one_percent_of_the_expectation():
    flow = rework_flow()
    exact = expected_values(flow)
    # per pass: draft 3 (mean of 1, 2, 6) + wait 2 (mean of 0..4) = 5; quick 2 × 0.6 = 1.2,
    # deep (2 + 8) × 0.4 = 4: 10.2 h per pass; passes 1/(1 − 0.25) = 4/3 → 13.6 h
    assert exact.lead_time_hours == pytest.approx(13.6)
    # work: (3 + 1.2 + 0.4 × 8) × 4/3 = 7.4 × 4/3 = 9.8667
    assert exact.work_time_hours == pytest.approx(7.4 * 4 / 3)
    simulated = monte_carlo(flow, runs=100_000, seed=15)
    assert simulated.lead_time_hours.mean == pytest.approx(exact.lead_time_hours, rel=0.01)
    assert simulated.work_time_hours.mean == pytest.approx(exact.work_time_hours, rel=0.01)
    assert simulated.truncated_runs == 0


def test_parallel_with_fixed_durations_is_exact_in_every_run():
    # max(4 + 2, 5) + 1 = 7 in every run
    flow = process(start("fork"), split("fork", "a", "b"),
                   task("a", hours(2), "join", wait=hours(4)), task("b", hours(5), "join"),
                   task("join", hours(1), "end"), end())
    simulated = monte_carlo(flow, runs=1000, seed=1)
    assert simulated.lead_time_hours == Spread(7, 7, 7, 7)
    assert simulated.work_time_hours == Spread(3, 3, 3, 3)   # a's 2 + join's 1


def test_parallel_ranges_join_waits_for_the_longer_in_each_run():
    # two branches uniform on 0..2 each: E[max of two uniforms] = 2 × 2/3 = 4/3, more than
    # max E = 1 (what the exact expectation gives)
    flow = process(start("fork"), split("fork", "a", "b"), task("a", uniform(0, 2), "join"),
                   task("b", uniform(0, 2), "join"), task("join", None, "end"), end())
    assert expected_values(flow).lead_time_hours == pytest.approx(1)
    assert monte_carlo(flow, runs=100_000, seed=3).lead_time_hours.mean == pytest.approx(4 / 3, rel=0.01)


@pytest.mark.parametrize("duration, mean", [
    (triangular(1, 2, 6), 3.0),       # (1 + 2 + 6) / 3
    (triangular(2, 2, 8), 4.0),       # (2 + 2 + 8) / 3
    (uniform(1, 2), 1.5),             # (1 + 2) / 2
    (exponential(2.5), 2.5),
    (hours(4), 4.0),
])
def test_sampled_means(duration, mean):
    drawn = np.asarray(sample(duration, 200_000, generator(7)))
    assert float(np.mean(drawn)) == pytest.approx(mean, rel=0.01)


def test_triangular_draws_stay_within_min_and_max():
    drawn = sample(triangular(1, 2, 6), 10_000, generator(7))
    assert drawn.min() >= 1 and drawn.max() <= 6


def test_loop_spread_is_geometric():
    # 1 h per pass, back with 0.6: P(lead <= k h) = 1 − 0.6^k: 0.4, 0.64, 0.784, 0.870,
    # 0.922, 0.953 for k = 1..6, so P50 = 2 h, P85 = 4 h, P95 = 6 h (each clear of its
    # share by far more than the sampling error of 100,000 runs, about 0.002)
    flow = process(start("a"), task("a", hours(1), "ok"), decide("ok", ("a", 0.6), ("end", None)), end())
    spread = monte_carlo(flow, runs=100_000, seed=2).lead_time_hours
    assert (spread.p50, spread.p85, spread.p95) == (2, 4, 6)
    assert spread.mean == pytest.approx(2.5, rel=0.01)   # 1/(1 − 0.6)


def test_kpi_probability_in_days_and_hours():
    # short path 8 h (1 day) with 0.3, long 24 h (3 days) with 0.7; target <= 1 day
    steps = (start("route"), decide("route", ("short", 0.3), ("long", None)),
             task("short", hours(8), "end"), task("long", hours(24), "end"), end())
    days = monte_carlo(process(*steps, kpis=(lead_kpi("days", "<= 1"),)), runs=100_000, seed=4)
    assert days.kpi == "Cycle" and days.kpi_target == "<= 1" and days.kpi_unit == "days"
    assert days.kpi_probability == pytest.approx(0.3, abs=0.01)
    # 工作日 is a day of the calendar: 4 h days make 24 h = 6 days, 8 h = 2 days: "< 6" → 0.3
    short_days = process(*steps, kpis=(lead_kpi("工作日", "< 6"),), calendar=Calendar(4, 5))
    assert monte_carlo(short_days, runs=100_000, seed=4).kpi_probability == pytest.approx(0.3, abs=0.01)
    # in hours, ">= 24" is met by the long path only
    assert monte_carlo(process(*steps, kpis=(lead_kpi("h", ">= 24"),)), runs=100_000,
                       seed=4).kpi_probability == pytest.approx(0.7, abs=0.01)
    # a KPI in another unit gives no probability
    assert monte_carlo(process(*steps, kpis=(lead_kpi("%", "<= 1"),)), runs=100).kpi_probability is None


def test_same_seed_same_figures_other_seed_other_figures():
    flow = rework_flow()
    first, again = forecast(flow, runs=5000, seed=11), forecast(flow, runs=5000, seed=11)
    assert first == again
    assert np.array_equal(first.simulation.lead_times, again.simulation.lead_times)
    assert forecast(flow, runs=5000, seed=12).simulation != first.simulation


SCRIPT = """
import json
from sopdocs.analysis.forecast import forecast
from sopdocs.validate import load_process
process = load_process("tests/fixtures/schedule/worked-example.yaml")
print(json.dumps(forecast(process, runs=2000, seed=5).as_dict(), sort_keys=True))
"""


def test_same_figures_under_another_hash_seed():
    outputs = []
    for hash_seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, env=env,
                              capture_output=True, text=True, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    figures = json.loads(outputs[0])["simulation"]
    assert figures["runs"] == 2000 and figures["seed"] == 5


def test_histogram_shares_bin_edges():
    made = histogram([np.array([0.0, 1.0, 2.0]), np.array([2.0, 4.0])], bins=4)
    # edges span 0..4 in steps of 1; the last bin includes its right edge
    assert made.edges == (0.0, 1.0, 2.0, 3.0, 4.0)
    assert made.counts == ((1, 1, 1, 0), (0, 0, 1, 1))
    assert made.shares[1] == (0.0, 0.0, 0.5, 0.5)
    assert histogram([np.array([3.0, 3.0])], bins=2).edges == (2.5, 3.0, 3.5)


def test_runs_stop_after_max_visits_and_are_counted(monkeypatch):
    """Two nodes, a (1 h) → b (0.5 h); from b back to a with 0.5, else out. With at most
    5 visits a run goes a b (out: 1.5 h, half the runs), a b (out: 3 h, a quarter) or
    a b a b a and is cut at its fifth visit: 3 × 1 + 2 × 0.5 = 4 h (the last quarter)."""
    from sopdocs.analysis import montecarlo
    from sopdocs.analysis.flow import EXIT, Node, Region
    from tests.analysis.forecast_helpers import task

    monkeypatch.setattr(montecarlo, "MAX_VISITS", 5)
    looping = Region((Node(task("a", hours(1), "b"), (1,), (1.0,)),
                      Node(task("b", hours(0.5), "a"), (0, EXIT), (0.5, 0.5))))
    runs = montecarlo.simulate(looping, 10_000, 3)
    assert set(np.unique(runs.lead)) == {1.5, 3.0, 4.0}
    assert np.array_equal(runs.work, runs.lead)  # no waits
    assert runs.truncated == np.count_nonzero(runs.lead == 4.0)
    shares = [np.mean(runs.lead == value) for value in (1.5, 3.0, 4.0)]
    assert shares == pytest.approx([0.5, 0.25, 0.25], abs=0.02)  # sampling sd ≈ 0.005
    always = Region((Node(task("a", hours(1), "b"), (1,), (1.0,)),
                     Node(task("b", hours(0.5), "a"), (0,), (1.0,))))
    cut = montecarlo.simulate(always, 100, 3)
    assert cut.truncated == 100 and np.all(cut.lead == 4.0)
