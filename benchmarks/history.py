"""What the revision history (issue 16) adds to a build: 200 processes × 50 revisions.

Writes a git repository with `git fast-import` (one commit per revision, the processes
taking turns, so 10,000 commits; every 20th process is renamed at revision 25), then
prints, as medians of --runs runs:

- the git walk alone (one `git log --raw -M` over processes/);
- the histories of every page with an empty build cache (cold: every listed revision
  is read by `git cat-file --batch` and compared with the one before it);
- the same with the cache filled (warm: the walk and one cache entry per process);
- `generate_site` warm with `history: 20` and with `history: 0` (diagrams cached in
  both), and the difference: what the history adds to generating the pages;
- with --full, `sopdocs build` warm with `history: 20` and `history: 0` (after one cold
  build), and the difference: what the history adds to a whole warm build (MkDocs
  converts and indexes the longer pages too).

Run: python benchmarks/history.py [--processes 200] [--revisions 50] [--runs 3] [--full]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.synth import MKDOCS_YML, process_yaml  # noqa: E402
from sopdocs.githistory import file_histories, repo_state  # noqa: E402
from sopdocs.site.cache import BuildCache  # noqa: E402
from sopdocs.site.generate import generate_site  # noqa: E402
from sopdocs.site.handbook import load_handbook  # noqa: E402
from sopdocs.site.history import process_histories  # noqa: E402
from sopdocs.site.options import PageOptions  # noqa: E402


def _revision(number: int, revision: int) -> str:
    """Process `number` at `revision`: one task's duration differs from the last one."""
    text = process_yaml(number, steps=30, lanes=5)
    step = [index for index in range(1, 31) if index % 10][revision % 27]
    return re.sub(rf"(  - id: s{step}\n(?:    .*\n)*?    duration: )\d+m", rf"\g<1>{15 + revision}m", text, count=1)


def _paths(number: int, revision: int, renamed_at: int) -> str:
    name = f"processes/group-{number // 25:02d}/process-{number:04d}.yaml"
    if number % 20 == 0 and revision < renamed_at:
        return f"processes/old/process-{number:04d}.yaml"
    return name


def write_repo(folder: Path, processes: int, revisions: int) -> None:
    """The repository, by one `git fast-import` stream."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    renamed_at = revisions // 2
    chunks, mark, stamp = [], 0, 1_600_000_000
    for revision in range(revisions):
        for number in range(processes):
            data = _revision(number, revision).encode("utf-8")
            message = f"Process {number} revision {revision}".encode()
            author = "Alice Example <alice@example.com>" if number % 2 else "Bob Builder <bob@example.org>"
            mark += 1
            stamp += 60
            path = _paths(number, revision, renamed_at)
            ops = b""
            if revision == renamed_at and number % 20 == 0:
                ops += f"R {_paths(number, 0, renamed_at)} {path}\n".encode()
            ops += f"M 100644 inline {path}\ndata {len(data)}\n".encode() + data + b"\n"
            chunks.append(f"commit refs/heads/main\nmark :{mark}\nauthor {author} {stamp} +0000\n"
                          f"committer {author} {stamp} +0000\ndata {len(message)}\n".encode() + message + b"\n"
                          + (f"from :{mark - 1}\n".encode() if mark > 1 else b"") + ops + b"\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=folder, input=b"".join(chunks), check=True)
    subprocess.run(["git", "checkout", "-q", "main"], cwd=folder, check=True)


def _median(runs: int, action) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _print(rows: list) -> None:
    width = max(len(name) for name, _ in rows)
    for name, seconds in rows:
        print(f"{name:<{width}}  {seconds:7.3f} s")


def _full_builds(repo: Path, runs: int) -> list:
    """Whole `sopdocs build` runs in the repository: one cold, then warm ones."""
    (repo / "handbook").mkdir(exist_ok=True)
    (repo / "handbook" / "about.md").write_text("# About\n\nA synthetic handbook.\n", encoding="utf-8")
    command = [str(Path(sys.executable).parent / "sopdocs"), "build", "-d", str(repo.parent / "site")]

    def build(history: int):
        config = MKDOCS_YML + f"      history: {history}\n      build_date: 2026-01-01\n"
        (repo / "mkdocs.yml").write_text(config, encoding="utf-8")
        subprocess.run(command, cwd=repo, check=True, capture_output=True)

    build(20)  # cold: every diagram and history
    build(0)
    with_history = _median(runs, lambda: build(20))
    without = _median(runs, lambda: build(0))
    return [("warm sopdocs build, history: 20", with_history), ("warm sopdocs build, history: 0", without),
            ("added by the history (warm build)", with_history - without)]


def main() -> None:
    """Build the repository, measure, print a table of seconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=200)
    parser.add_argument("--revisions", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2, help="workers for the cold diagram build")
    parser.add_argument("--full", action="store_true", help="also time whole `sopdocs build` runs")
    parser.add_argument("--only-full", action="store_true", help="time only whole builds")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="sopdocs-history-bench-"))
    try:
        started = time.perf_counter()
        write_repo(work / "repo", args.processes, args.revisions)
        processes = work / "repo" / "processes"
        print(f"repository: {args.processes} processes × {args.revisions} revisions "
              f"({args.processes * args.revisions} commits) in {time.perf_counter() - started:.1f} s")
        handbook = load_handbook(processes)
        paths = [entry.source.resolve().relative_to((work / "repo").resolve()).as_posix()
                 for entry in handbook.entries]
        state = repo_state(processes)
        walked = file_histories(state, paths)
        counts = sorted(len(revisions) for revisions in walked.files.values())
        print(f"revisions per process: min {counts[0]}, max {counts[-1]} (renamed files included)")
        if args.full or args.only_full:
            full = _full_builds(work / "repo", args.runs)
            if args.only_full:
                _print(full)
                return
        options = PageOptions(processes=processes, build_date="2026-01-01")
        rows = [("git walk (log --raw -M)", _median(args.runs, lambda: file_histories(state, paths)))]
        cold_cache = work / "cold-cache"

        def cold():
            shutil.rmtree(cold_cache, ignore_errors=True)
            process_histories(handbook, options, BuildCache(cold_cache))

        rows.append(("histories, cold cache", _median(1, cold)))
        rows.append(("histories, warm cache", _median(args.runs, lambda: process_histories(
            handbook, options, BuildCache(cold_cache)))))
        site_cache = work / "site-cache"
        generate_site(handbook, options, BuildCache(site_cache), workers=args.jobs)  # diagrams, histories
        with_history = _median(args.runs, lambda: generate_site(handbook, options, BuildCache(site_cache)))
        without = _median(args.runs, lambda: generate_site(
            handbook, PageOptions(processes=processes, build_date="2026-01-01", history=0), BuildCache(site_cache)))
        rows += [("warm generate_site, history: 20", with_history), ("warm generate_site, history: 0", without),
                 ("added by the history (warm)", with_history - without)]
        _print(rows + (full if args.full else []))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
