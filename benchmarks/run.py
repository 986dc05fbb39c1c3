"""`make bench`: sopdocs against the floor, on synthetic handbooks, printed as a table.

For each size (processes × steps × lanes, see synth.py) it measures, in one run:
- floor, engine: the layout engine alone on the very DOT sources (and flags) a build
  hands it, one after another, process start included;
- floor, mkdocs: a bare `mkdocs build` (Material + search) of the same pages with the
  same text and no diagrams;
- `sopdocs build` cold with `--jobs 1` and with all cores, warm (nothing changed) and
  after one process file changed; `sopdocs validate` of the whole handbook, with
  `--no-cache` and with the files unchanged since its last run;
- serve: from saving an edited process file to `sopdocs serve` answering with the
  updated page (polled every 20 ms);
with the peak memory (PSS, see measure.py) of each command's process tree. Everything is measured once per round,
--runs rounds in all; times are medians, and each ratio is the median of the rounds'
ratios (a round's build against that round's floor), so a drift of the machine's speed
during the benchmark moves both sides of a ratio alike.

Run: python benchmarks/run.py [--sizes 50,200,1000] [--runs 3] [--steps 30] [--lanes 5]
"""

from __future__ import annotations

import argparse
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.measure import Measured, median_of, run_measured  # noqa: E402
from benchmarks.synth import write_handbook  # noqa: E402

BIN = Path(sys.executable).parent
SOPDOCS = str(BIN / "sopdocs")
MKDOCS = str(BIN / "mkdocs")


def capture_engine_runs(project: Path) -> tuple[list[tuple[str, tuple]], dict]:
    """Every (DOT source, extra engine flags) a build lays out, and the pages it writes."""
    from sopdocs.render import engine
    from sopdocs.site.generate import generate_site
    from sopdocs.site.handbook import load_handbook
    from sopdocs.site.options import PageOptions

    runs, original = [], engine.run_layout

    def recording(source, *args, **kwargs):
        runs.append((source, tuple(kwargs.get("extra_args", ()))))
        return original(source, *args, **kwargs)

    engine.run_layout = recording
    try:
        handbook = load_handbook(project / "processes")
        site = generate_site(handbook, PageOptions(processes=project / "processes"))
        for figures in site.figures.values():  # figures are laid out when first read
            figures.load()
    finally:
        engine.run_layout = original
    return runs, site.pages


def engine_floor(runs: list[tuple[str, tuple]], folder: Path) -> Measured:
    """The engine alone over every captured source, one after another."""
    from sopdocs.render.engine import resolve_engine

    _, program = resolve_engine("auto")
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, (source, flags) in enumerate(runs):
        path = folder / f"{number:05d}.dot"
        path.write_text(source, encoding="utf-8")
        paths.append((path, flags))
    start = time.perf_counter()
    for path, flags in paths:
        subprocess.run([program, "-Tsvg", *flags, str(path)], check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    return Measured(time.perf_counter() - start, 0.0)


def bare_project(pages: dict, project: Path, folder: Path) -> Path:
    """The same pages without the plugin (so without diagrams), for a bare mkdocs build."""
    docs = folder / "docs"
    for path, text in pages.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    shutil.copy(project / "handbook" / "about.md", docs / "about.md")
    (folder / "mkdocs.yml").write_text(
        "site_name: Synthetic handbook\ndocs_dir: docs\ntheme:\n  name: material\n"
        "  language: en\n  features:\n    - navigation.prune\nplugins:\n  - search\n", encoding="utf-8")
    return folder


def _edit(project: Path, marker: str) -> Path:
    """Rename one step of the first process (a change that alters its page and chart)."""
    path = sorted((project / "processes").rglob("process-0000.yaml"))[0]
    text = path.read_text(encoding="utf-8")
    start = text.index("name:", text.index("id: s2"))
    end = text.index("\n", start)
    path.write_text(text[:start] + f'name: "Edited {marker}"' + text[end:], encoding="utf-8")
    return path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", errors="replace")
    except OSError:
        return ""


def serve_latency(project: Path, runs: int) -> Measured:
    """Median seconds from saving an edit to the served page showing it."""
    port = _free_port()
    server = subprocess.Popen([SOPDOCS, "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    page = f"http://127.0.0.1:{port}/processes/group-00/process-0000/"
    try:
        deadline = time.monotonic() + 600
        while "Edited" not in _get(page) and "step 2" not in _get(page):
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError("sopdocs serve did not start")
            time.sleep(0.2)
        time.sleep(2)  # let the watcher settle after the first build
        latencies = []
        for number in range(runs):
            marker = f"{time.time_ns()}-{number}"
            _edit(project, marker)
            saved = time.perf_counter()
            while marker not in _get(page):
                if time.perf_counter() - saved > 300:
                    raise RuntimeError("sopdocs serve did not show the edit within 300 s")
                time.sleep(0.02)
            latencies.append(time.perf_counter() - saved)
            time.sleep(1.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return Measured(statistics.median(latencies), 0.0)


def bench_size(processes: int, steps: int, lanes: int, runs: int, work: Path) -> dict:
    """All measurements of one handbook size, taken in `runs` rounds: each round measures
    everything once, in the same order, so a machine that speeds up or slows down during
    the benchmark shifts a round's floor and builds together; `rounds` keeps them for
    the ratios (each ratio is the median of the rounds' ratios)."""
    project = work / f"hb-{processes}"
    write_handbook(project, processes, steps, lanes)
    engine_runs, pages = capture_engine_runs(project)
    bare = bare_project(pages, project, work / f"bare-{processes}")
    cache = project / ".sopdocs-cache"

    def cold(*flags):
        shutil.rmtree(cache, ignore_errors=True)
        return run_measured([SOPDOCS, "build", *flags], project)

    def changed():
        _edit(project, str(time.time_ns()))
        return run_measured([SOPDOCS, "build"], project)

    def validate_cached():
        run_measured([SOPDOCS, "validate", "processes"], project)  # fills its cache entries
        return run_measured([SOPDOCS, "validate", "processes"], project)

    measures = {
        "floor engine": lambda: engine_floor(engine_runs, work / "dot"),
        "floor mkdocs": lambda: run_measured([MKDOCS, "build", "-q"], bare),
        "cold --jobs 1": lambda: cold("--jobs", "1"),
        "cold all cores": cold,
        "warm": lambda: run_measured([SOPDOCS, "build"], project),
        "one file changed": changed,
        "validate, no cache": lambda: run_measured([SOPDOCS, "validate", "--no-cache", "processes"], project),
        "validate": validate_cached,
    }
    rounds = [{name: measure() for name, measure in measures.items()} for _ in range(runs)]
    results = {name: median_of([one[name] for one in rounds]) for name in measures}
    results["diagrams"], results["rounds"] = len(engine_runs), rounds
    results["serve: edit shown"] = serve_latency(project, max(runs, 3))
    return results


def median_ratio(results: dict, name: str, *floors: str) -> float:
    """The median over the rounds of `name`'s time divided by the sum of the `floors`."""
    return statistics.median(one[name].seconds / sum(one[floor].seconds for floor in floors)
                             for one in results["rounds"])


def _row(name: str, value: Measured, ratio: str = "") -> str:
    peak = f"{value.peak_mb:.0f}" if value.peak_mb else ""
    return f"| {name} | {value.seconds:.2f} | {ratio} | {peak} |"


def table(size: str, results: dict) -> list[str]:
    """The Markdown table of one size: medians, and each ratio as the median of the
    rounds' ratios (a round's build against the same round's floor)."""
    engine, mkdocs = results["floor engine"].seconds, results["floor mkdocs"].seconds
    rounds = len(results["rounds"])
    lines = [f"### {size} ({results['diagrams']} diagrams, median of {rounds} rounds)", "",
             "| what | seconds | ratio | peak memory MB |", "|---|---:|---|---:|",
             _row("floor: engine alone, same DOT, serial", results["floor engine"]),
             _row("floor: bare mkdocs build, same pages", results["floor mkdocs"]),
             f"| serial floor (engine + mkdocs) | {engine + mkdocs:.2f} | | |"]
    for name, label in (("cold --jobs 1", "sopdocs build, cold, --jobs 1"),
                        ("cold all cores", "sopdocs build, cold, all cores")):
        ratio = median_ratio(results, name, "floor engine", "floor mkdocs")
        lines.append(_row(label, results[name], f"{ratio:.2f}× serial floor"))
    for name, label in (("warm", "sopdocs build, warm"), ("one file changed", "sopdocs build, one file changed")):
        lines.append(_row(label, results[name], f"{median_ratio(results, name, 'floor mkdocs'):.2f}× bare mkdocs"))
    lines.append(_row("sopdocs validate --no-cache (every file parsed)", results["validate, no cache"]))
    lines.append(_row("sopdocs validate (files unchanged since the last check)", results["validate"]))
    lines.append(_row("serve: save → updated page served", results["serve: edit shown"]))
    return lines + [""]


def main() -> None:
    """Parse the options, run every size, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="50,200,1000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--steps", type=int, default=30)
    parser.add_argument("--lanes", type=int, default=5)
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    work = Path(tempfile.mkdtemp(prefix="sopdocs-bench-"))
    all_results = {}
    try:
        for size in sizes:
            label = f"{size} processes × {options.steps} steps × {options.lanes} lanes"
            all_results[size] = bench_size(size, options.steps, options.lanes, options.runs, work)
            print("\n".join(table(label, all_results[size])), flush=True)
        if 200 in all_results and 1000 in all_results:
            ratio = all_results[1000]["cold all cores"].seconds / all_results[200]["cold all cores"].seconds
            print(f"1000 vs 200 processes, cold build with all cores: {ratio:.2f}× (linear: 5×)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
