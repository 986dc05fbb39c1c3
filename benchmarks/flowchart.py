"""Benchmark: flowchart layout time for every sample process and the 60-step fixtures,
with each engine that is installed.

Run: .venv/bin/python benchmarks/flowchart.py [REPEATS]. Prints, per file and engine,
the best of REPEATS runs (default 3) in milliseconds: computing the layout and its
positioned DOT, and the whole SVG (layout, one engine pass drawing it, post-processing).
For one very large chart see benchmarks/bigchart.py.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sopdocs.render.engine import find_engine_command  # noqa: E402
from sopdocs.render.flowchart import flowchart_dot, flowchart_svg  # noqa: E402
from sopdocs.validate import load_process  # noqa: E402


def _best(repeats: int, action) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return min(times) * 1000


def main(repeats: int = 3) -> None:
    """Print one line per (file, engine)."""
    files = sorted((ROOT / "processes").rglob("*.yaml"))
    files += sorted((ROOT / "tests" / "fixtures" / "flowchart").glob("big-*.yaml"))
    engines = [name for name in ("dot", "graphviz-pure")
               if (shutil.which(name) if name == "dot" else find_engine_command(name))]
    print(f"{'file':44} {'steps':>5} {'engine':>13} {'dot ms':>7} {'svg ms':>8}")
    for path in files:
        process = load_process(path)
        dot_ms = _best(repeats, lambda: flowchart_dot(process))
        for engine in engines:
            svg_ms = _best(repeats, lambda: flowchart_svg(process, engine=engine))
            name = str(path.relative_to(ROOT))[-44:]
            print(f"{name:44} {len(process.steps):5} {engine:>13} {dot_ms:7.1f} {svg_ms:8.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
