"""Benchmark: the forecast of a generated 30-step process (issue 15).

Run: .venv/bin/python benchmarks/forecast.py [STEPS] [RUNS]. The process has a decision
with a rework loop every 6 steps, a parallel split into two branches every 10 steps and
triangular, uniform and exponential durations, across 4 lanes with capacities and
arrivals. Prints the best of five runs of each stage in milliseconds. Target: the
10,000-run Monte Carlo of 30 steps well under a second.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sopdocs.analysis.expected import expected_values  # noqa: E402
from sopdocs.analysis.forecast import monte_carlo  # noqa: E402
from sopdocs.analysis.queueing import simulate_queue  # noqa: E402
from sopdocs.model import Arrivals, Duration, Lane, Link, Process, Step  # noqa: E402

RANGES = (
    Duration(2.0, "2h"),
    Duration(3.0, "{min 1h, likely 2h, max 6h}", distribution="triangular",
             low_hours=1.0, likely_hours=2.0, high_hours=6.0),
    Duration(1.5, "{min 1h, max 2h}", distribution="uniform", low_hours=1.0, high_hours=2.0),
    Duration(1.0, "{mean 1h, exponential}", distribution="exponential"),
)


def generated_process(count: int) -> Process:
    """Start, then blocks of tasks; every 6th step a decision that goes back 3 steps
    with probability 0.2; every 10th a parallel split into two branches."""
    lanes = tuple(Lane(f"lane{i}", f"Lane {i}", owner=f"Owner {i}", capacity=3) for i in range(4))
    steps = [Step("s0", "Start", "lane0", "start", next=(Link("s1"),))]
    index = 1
    while index < count - 1:
        lane, following = lanes[index % 4].id, f"s{index + 1}"
        if index % 10 == 0 and index + 3 < count - 1:
            steps.append(Step(f"s{index}", "Split", lane, "parallel",
                              next=(Link(f"s{index + 1}"), Link(f"s{index + 2}"))))
            for offset in (1, 2):
                steps.append(Step(f"s{index + offset}", "Branch", lanes[(index + offset) % 4].id,
                                  duration=RANGES[offset], next=(Link(f"s{index + 3}"),)))
            index += 3
            continue
        if index % 6 == 0:
            steps.append(Step(f"s{index}", "Check", lane, "decision", next=(
                Link(f"s{index - 3}", "no", 0.2), Link(following, "yes"))))
        else:
            steps.append(Step(f"s{index}", "Task", lane, duration=RANGES[index % 4],
                              wait=Duration(1.0), next=(Link(following),)))
        index += 1
    steps.append(Step(f"s{count - 1}", "End", "lane0", "end"))
    return Process("bench", "Bench", "bench.yaml", lanes=lanes, steps=tuple(steps),
                   arrivals=Arrivals(20.0))


def best_ms(action, repeat: int = 5) -> float:
    """The fastest of `repeat` runs of `action`, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - began)
    return best * 1000


def main() -> None:
    """Print the timings."""
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    runs = int(sys.argv[2]) if len(sys.argv) > 2 else 10_000
    process = generated_process(steps)
    expected = expected_values(process)
    print(f"{len(process.steps)} steps, expected lead {expected.lead_time_hours:.2f} h")
    print(f"expected (Markov)         {best_ms(lambda: expected_values(process)):8.1f} ms")
    print(f"Monte Carlo, {runs} runs  {best_ms(lambda: monte_carlo(process, runs, 15)):8.1f} ms")
    print(f"queueing, 2000 cases      {best_ms(lambda: simulate_queue(process, expected, 2000, 15), 1):8.1f} ms")


if __name__ == "__main__":
    main()
