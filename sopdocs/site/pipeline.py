"""Computing the handbook's diagram jobs: from the cache when their key is known, else
over the machine's cores, with a progress line on a terminal.

The results do not depend on where a job ran: each is a pure function of its job value,
so a parallel build writes the same bytes as `--jobs 1`. Worker processes are started
with `spawn` (no copy of the parent's threads or open files); a pool is only started
when enough jobs are missing from the cache to pay for its start-up.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Callable, Optional, TextIO

from .cache import BuildCache
from .figures import compute_job

_POOL_THRESHOLD = 4  # fewer missing jobs than this are computed in this process


def default_jobs() -> int:
    """All the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


class Progress:
    """`laid out 37/200 diagrams, about 12 s left` on a terminal; silent elsewhere
    (CI logs, pipes) unless `stream` is given explicitly."""

    def __init__(self, total: int, stream: Optional[TextIO] = None, clock: Callable = time.monotonic):
        self.total = total
        self.done = 0
        self.clock = clock
        self.started = clock()
        if stream is None and sys.stderr.isatty() and not os.environ.get("CI"):
            stream = sys.stderr
        self.stream = stream

    def line(self) -> str:
        """The current progress text."""
        text = f"sopdocs: laid out {self.done}/{self.total} diagrams"
        elapsed = self.clock() - self.started
        if 0 < self.done < self.total:
            left = elapsed / self.done * (self.total - self.done)
            text += f", about {left:.0f} s left"
        return text

    def advance(self, count: int = 1) -> None:
        """Count finished jobs and redraw the line."""
        self.done += count
        if self.stream is not None:
            end = "\n" if self.done >= self.total else ""
            self.stream.write("\r" + self.line() + end)
            self.stream.flush()


def job_keys(jobs: dict, cache: BuildCache) -> dict:
    """name → the cache key of each job."""
    return {name: cache.key(type(job).__name__, job) for name, job in jobs.items()}


def run_jobs(jobs: dict, cache: BuildCache, workers: int = 1,
             progress: Optional[Progress] = None, keys: Optional[dict] = None,
             keep: bool = True) -> dict:
    """name → result of every job: cached results first, the rest computed (in
    `workers` processes when there are enough of them) and stored in the cache.

    With `keep=False` only the results the cache could not store are returned (the
    others stay in the cache, for `stored.Drawn` to read when needed)."""
    keys = keys or job_keys(jobs, cache)
    results, missing = {}, []
    for name in sorted(jobs):
        if not keep and cache.has(keys[name]):
            continue
        value = cache.get(keys[name])
        if value is None:
            missing.append(name)
        else:
            results[name] = value
    progress = progress or Progress(len(missing))
    for name, value in _compute(missing, jobs, workers, progress):
        stored = cache.put(keys[name], value)
        if keep or not stored:
            results[name] = value
    return {name: results[name] for name in sorted(results)}


@contextmanager
def _main_module_hidden():
    """Keep `spawn` from importing the caller's main script in each worker: a worker
    needs only sopdocs, and a script without an `if __name__ == "__main__"` guard
    (a user's own build script) would run again in every worker."""
    main = sys.modules["__main__"]
    saved = {name: getattr(main, name) for name in ("__file__", "__spec__") if hasattr(main, name)}
    if hasattr(main, "__file__"):
        del main.__file__
    main.__spec__ = None
    try:
        yield
    finally:
        for name, value in saved.items():
            setattr(main, name, value)


def _compute(names: list, jobs: dict, workers: int, progress: Progress):
    """(name, result) pairs for the named jobs."""
    if workers <= 1 or len(names) < _POOL_THRESHOLD:
        for name in names:
            yield name, compute_job(jobs[name])
            progress.advance()
        return
    import multiprocessing

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(names)), mp_context=context) as pool:
        with _main_module_hidden():  # workers start during the first submits
            futures = {pool.submit(compute_job, jobs[name]): name for name in names}
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
                progress.advance()
        finally:
            for future in futures:
                future.cancel()
