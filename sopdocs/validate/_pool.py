"""Load and check many files over forked worker processes.

Used where no other thread runs (the `validate` and `build` commands): forking then
copies a quiet process, and the workers start in milliseconds, without importing
sopdocs again as spawned ones would. Results come back in the order of the files,
without their YAML trees (a rule that needs one parses the file again).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from pathlib import Path
from typing import Callable

from ..limits import Limits
from ..load import Loaded

MIN_FILES_PER_WORKER = 16
"""Below this many files a worker costs more than it saves."""
CHUNKS_PER_WORKER = 4
"""Files go out in a few chunks per worker, so an unlucky chunk of big files evens out."""

_JOB: list = []  # (check, limits), set before forking so the workers inherit it


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def can_fork() -> bool:
    """True when forking is available and safe: not Windows or macOS, one thread only."""
    return (sys.platform.startswith("linux")
            and "fork" in multiprocessing.get_all_start_methods()
            and threading.active_count() == 1)


def check_files(pairs: list[tuple[Path, Path]], limits: Limits,
                check: Callable[[Path, Path, Limits], Loaded], workers: int) -> list[Loaded]:
    """`check(file, root, limits)` for every (file, root), over up to `workers` processes."""
    workers = min(workers, len(pairs) // MIN_FILES_PER_WORKER)
    if workers <= 1 or not can_fork():
        return [check(file_path, root, limits) for file_path, root in pairs]
    size = max(1, -(-len(pairs) // (workers * CHUNKS_PER_WORKER)))
    chunks = [pairs[start:start + size] for start in range(0, len(pairs), size)]
    _JOB[:] = [(check, limits)]
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_check_chunk, chunks, chunksize=1)
    finally:
        _JOB.clear()
    return [loaded for chunk in results for loaded in chunk]


def _check_chunk(chunk: list[tuple[Path, Path]]) -> list[Loaded]:
    check, limits = _JOB[0]
    checked = []
    for file_path, root in chunk:
        loaded = check(file_path, root, limits)
        loaded.tree = None  # parsed again on demand: cheaper than sending it back
        checked.append(loaded)
    return checked
