"""Benchmark: drawing one very large flowchart, the size of the `max_steps` limit.

Run: .venv/bin/python benchmarks/bigchart.py [STEPS] [LANES] [SEED]. Generates a
process of STEPS steps (default 1,000) spread at random over LANES lanes (default 10)
with a decision every 10 steps (a branch that skips ahead), a rework loop every 25
and a parallel block every 50, then prints, for each direction and each installed
engine, the seconds spent computing the layout, drawing it with the engine
(one `neato -n2` pass) and post-processing the SVG, and whether the lanes came out in
declared order. The issue's target: under 10 s in all, lanes in declared order.
"""

from __future__ import annotations

import json
import random
import shutil
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sopdocs.load import load_text  # noqa: E402
from sopdocs.model import Process  # noqa: E402
from sopdocs.render.engine import find_engine_command, run_layout  # noqa: E402
from sopdocs.render.flowchart import finish_flowchart, flowchart_dot  # noqa: E402
from sopdocs.render.flowdot import ENGINE_ARGS  # noqa: E402
from sopdocs.render.lanelayout import swimlane_layout  # noqa: E402


def big_process_yaml(steps: int = 1000, lanes: int = 10, seed: int = 1) -> str:
    """YAML of a synthetic process: `steps` steps spread at random over `lanes` lanes,
    a decision every 10 steps (its "no" skips 2–5 steps ahead), a rework loop every 25
    (back 3–8 steps), a parallel block of two branches every 50."""
    rng = random.Random(seed)
    lane_ids = [f"lane{number}" for number in range(lanes)]
    lines = ["id: big", "title: Synthetic large process", "lanes:"]
    lines += [f"  - {{id: {lane}, name: Team {number}}}" for number, lane in enumerate(lane_ids)]
    lines.append("steps:")
    last = steps - 1
    for index in range(steps):
        lane = rng.choice(lane_ids)
        name = json.dumps(f"Step {index}: " + rng.choice(["check", "prepare the documents", "approve",
                                                           "send to the customer", "review"]))
        if index == 0:
            kind, links = "start", [f"s{index + 1}"]
        elif index == last:
            kind, links = "end", []
        elif index % 50 == 0 and index + 3 <= last:
            kind, links = "parallel", [f"s{index + 1}", f"s{index + 2}"]
        elif index % 25 == 0 and index > 10:
            kind, links = "decision", [f"s{index + 1}", f"s{index - rng.randint(3, 8)}"]
        elif index % 10 == 0:
            kind, links = "decision", [f"s{index + 1}", f"s{min(index + rng.randint(2, 5), last)}"]
        else:
            kind, links = "task", [f"s{index + 1}"]
        lines.append(f"  - id: s{index}\n    name: {name}\n    lane: {lane}\n    type: {kind}")
        if kind == "task":
            lines.append("    duration: 1h")
        if kind == "decision":
            lines.append("    next:\n" + "\n".join(
                f"      - {{to: {target}, when: {json.dumps(word)}}}"
                for target, word in zip(links, ["yes", "no, go round again" if index % 25 == 0 else "no"])))
        elif links:
            lines.append(f"    next: [{', '.join(links)}]")
    return "\n".join(lines) + "\n"


def big_process(steps: int = 1000, lanes: int = 10, seed: int = 1) -> Process:
    """The synthetic process of `big_process_yaml` as a model."""
    return load_text(big_process_yaml(steps, lanes, seed), "big.yaml").process


def _lanes_in_order(svg: str, process: Process, direction: str) -> bool:
    svg_ns = "{http://www.w3.org/2000/svg}"
    starts = {}
    for group in ET.fromstring(svg.encode("utf-8")).iter(f"{svg_ns}g"):
        lane_id = (group.get("id") or "").removeprefix("lane-")
        polygon = group.find(f"{svg_ns}polygon")
        if group.get("id", "").startswith("lane-") and polygon is not None:
            numbers = [float(n) for n in polygon.get("points").replace(",", " ").split()]
            starts[lane_id] = min(numbers[0::2] if direction == "vertical" else numbers[1::2])
    ordered = [starts[lane.id] for lane in process.lanes]
    return len(ordered) == len(process.lanes) and ordered == sorted(ordered)


def main(steps: int = 1000, lanes: int = 10, seed: int = 1) -> None:
    """Print one line per (direction, engine)."""
    process = big_process(steps, lanes, seed)
    engines = [name for name in ("dot", "graphviz-pure")
               if (shutil.which(name) if name == "dot" else find_engine_command(name))]
    print(f"{len(process.steps)} steps, {len(process.lanes)} lanes (seed {seed})")
    print(f"{'direction':10} {'engine':>13} {'layout s':>9} {'draw s':>7} {'svg s':>6} {'total s':>8}  lanes in order")
    for direction in ("vertical", "horizontal"):
        started = time.perf_counter()
        swimlane_layout(process, direction)
        layout_s = time.perf_counter() - started
        for engine in engines:
            started = time.perf_counter()
            source = flowchart_dot(process, direction)
            drawn = run_layout(source, engine=engine, extra_args=ENGINE_ARGS, timeout=600)
            draw_s = time.perf_counter() - started - layout_s
            begun = time.perf_counter()
            svg = finish_flowchart(drawn, process).svg
            svg_s = time.perf_counter() - begun
            total = layout_s + draw_s + svg_s
            print(f"{direction:10} {engine:>13} {layout_s:9.2f} {draw_s:7.2f} {svg_s:6.2f} {total:8.2f}"
                  f"  {'yes' if _lanes_in_order(svg, process, direction) else 'NO'}")


if __name__ == "__main__":
    arguments = [int(value) for value in sys.argv[1:4]]
    main(*arguments)
