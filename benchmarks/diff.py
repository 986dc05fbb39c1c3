"""Benchmark: diff of two generated 1,000-step versions, its reports and Mermaid text.

Run: .venv/bin/python benchmarks/diff.py [STEPS]. The new version renames every third
step, re-times every fifth and drops every 50th. Prints the best of five runs of each
stage in milliseconds. Target: well under a second for 1,000 steps (the step limit).
"""

from __future__ import annotations

import dataclasses
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.timeline import generated_process  # noqa: E402
from sopdocs.analysis.diff import diff_processes  # noqa: E402
from sopdocs.model import Duration  # noqa: E402
from sopdocs.render.diffreport import diff_json, markdown_report, text_report  # noqa: E402
from sopdocs.render.mermaid import mermaid_flowchart, mermaid_gantt  # noqa: E402


def changed_version(process):
    """Every 3rd step renamed, every 5th re-timed; every 50th task bypassed and dropped."""
    dropped = {step.id: step.next for i, step in enumerate(process.steps)
               if i % 50 == 25 and step.type == "task" and len(step.next) == 1}
    steps = []
    for index, step in enumerate(process.steps):
        if step.id in dropped:
            continue
        links = tuple(dropped[link.to][0] if link.to in dropped else link for link in step.next)
        changes = {"next": links}
        if index % 3 == 0:
            changes["name"] = step.name + " (revised)"
        if index % 5 == 0 and step.duration:
            changes["duration"] = Duration(step.duration.hours / 2, f"{step.duration.hours / 2:g}h")
        steps.append(dataclasses.replace(step, **changes))
    return dataclasses.replace(process, steps=tuple(steps))


def best_ms(function, runs: int = 5) -> float:
    """The fastest of `runs` calls, in milliseconds."""
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    old = generated_process(count)
    new = changed_version(old)
    diff = diff_processes(old, new)
    print(f"{count} steps: {len(diff.added)} added, {len(diff.removed)} removed, "
          f"{len(diff.changed)} changed")
    for label, function in (
        ("diff_processes", lambda: diff_processes(old, new)),
        ("diff_json", lambda: diff_json(diff)),
        ("markdown_report", lambda: markdown_report(diff)),
        ("text_report", lambda: text_report(diff)),
        ("mermaid_flowchart (diff)", lambda: mermaid_flowchart(new, diff)),
        ("mermaid_gantt", lambda: mermaid_gantt(new)),
    ):
        print(f"{label:<26} {best_ms(function):8.1f} ms")


if __name__ == "__main__":
    main()
