"""Timing a command with the peak memory of its whole process tree.

`run_measured(argv, cwd)` starts the command, samples the memory of it and every
descendant (from /proc, every 20 ms) and returns wall seconds and the peak of the sum
in MB. Each process counts its proportional set size (PSS: its private pages plus its
share of the pages it shares), so the sum is the memory the tree really holds: summing
RSS instead counts a page shared by n processes n times, and a child between `fork`
and `exec` (every layout engine start) would briefly count the whole parent again.
Where the kernel has no `smaps_rollup`, the RSS is used. On a system without /proc
the peak is reported as 0 (unknown).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import threading
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Measured:
    """Wall time in seconds and peak memory (PSS) of the process tree in MB."""

    seconds: float
    peak_mb: float


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def _memory_kb(pid: int) -> int:
    """The PSS of `pid` in kB (its RSS where the kernel gives no PSS; 0 once it is gone)."""
    for name, field in (("smaps_rollup", "Pss:"), ("status", "VmRSS:")):
        try:
            for line in Path(f"/proc/{pid}/{name}").read_text().splitlines():
                if line.startswith(field):
                    return int(line.split()[1])
        except OSError:
            continue
    return 0


def tree_memory_mb(root: int) -> float:
    """Memory (PSS) of `root` and all its descendants, in MB."""
    tree, total, todo = _children(), 0, [root]
    while todo:
        pid = todo.pop()
        total += _memory_kb(pid)
        todo.extend(tree.get(pid, ()))
    return total / 1024


def run_measured(argv: list[str], cwd: Path, env: dict | None = None) -> Measured:
    """Run `argv` in `cwd` to completion; raise CalledProcessError when it fails."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    peak = [0.0]

    def sample() -> None:
        while process.poll() is None:
            if os.path.isdir("/proc"):
                peak[0] = max(peak[0], tree_memory_mb(process.pid))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    if process.returncode != 0:
        raise subprocess.CalledProcessError(process.returncode, argv, stderr=stderr)
    return Measured(seconds, peak[0])


def median_of(results: list[Measured]) -> Measured:
    """The median time and the largest peak of several runs."""
    return Measured(statistics.median(r.seconds for r in results), max(r.peak_mb for r in results))
