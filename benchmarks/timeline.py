"""Benchmark: schedule, metrics and timeline of a generated 500-step process.

Run: .venv/bin/python benchmarks/timeline.py [STEPS]. Prints the best of five runs of
each stage in milliseconds. Target: well under a second for 500 steps.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sopdocs.analysis.metrics import process_metrics  # noqa: E402
from sopdocs.analysis.schedule import schedule  # noqa: E402
from sopdocs.model import Duration, Lane, Link, Process, Step  # noqa: E402
from sopdocs.render.lanechart import lane_chart_svg  # noqa: E402
from sopdocs.render.timeline import timeline_svg  # noqa: E402


def generated_process(count: int) -> Process:
    """A chain of blocks: every 10th step a parallel split into three branches that
    join again, every 7th a decision with a rework branch, across 8 lanes."""
    lanes = tuple(Lane(f"lane{i}", f"Lane {i}", owner=f"Owner {i}") for i in range(8))
    steps = []
    index = 0
    while index < count:
        step_id, next_id = f"s{index}", f"s{index + 1}"
        if index % 10 == 0 and index + 4 < count:
            targets = (f"s{index + 1}", f"s{index + 2}", f"s{index + 3}")
            steps.append(Step(step_id, f"Split {index}", lanes[index % 8].id, "parallel",
                              next=tuple(Link(t) for t in targets)))
            for offset in (1, 2, 3):
                steps.append(Step(f"s{index + offset}", f"Branch {index + offset}",
                                  lanes[(index + offset) % 8].id, duration=Duration(offset * 2.0),
                                  wait=Duration(1.0), next=(Link(f"s{index + 4}"),)))
            index += 4
            continue
        links = (Link(next_id),) if index + 1 < count else ()
        kind = "task"
        if index % 7 == 0 and index > 10 and index + 1 < count:
            kind = "decision"
            links = (Link(next_id, "yes", 0.8), Link(f"s{index - 3}", "rework", 0.2))
        steps.append(Step(step_id, f"Step {index} 客户跟进与确认", lanes[index % 8].id, kind,
                          duration=Duration(1.5) if kind == "task" else None,
                          wait=Duration(0.5), next=links))
        index += 1
    return Process(id="bench", title="Benchmark", path="bench.yaml", lanes=lanes,
                   steps=tuple(steps), start_date="2025-01-06")


def best_ms(function, repeat: int = 5) -> float:
    """The fastest of `repeat` runs of `function`, in milliseconds."""
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return min(timings)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    process = generated_process(count)
    planned = schedule(process)
    svg = timeline_svg(process, planned)
    print(f"steps: {len(process.steps)}, scheduled: {len(planned.order)}, "
          f"off path: {len(planned.off_path)}, rework loops: {len(planned.rework)}, "
          f"SVG: {len(svg) / 1024:.0f} KiB")
    schedule_ms = best_ms(lambda: schedule(process))
    metrics_ms = best_ms(lambda: process_metrics(process))
    render_ms = best_ms(lambda: timeline_svg(process, planned))
    lanes_ms = best_ms(lambda: lane_chart_svg(process))
    both_ms = best_ms(lambda: timeline_svg(process))
    print(f"schedule:                  {schedule_ms:8.1f} ms")
    print(f"metrics (incl. schedule):  {metrics_ms:8.1f} ms")
    print(f"timeline render:           {render_ms:8.1f} ms")
    print(f"lane chart:                {lanes_ms:8.1f} ms")
    print(f"schedule + timeline:       {both_ms:8.1f} ms  (target: well under 1000 ms)")


if __name__ == "__main__":
    main()
