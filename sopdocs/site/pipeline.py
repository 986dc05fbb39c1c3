"""Computing the handbook's diagram jobs: from the cache when their key is known, else
over the machine's cores in the background while MkDocs converts the pages, with a
progress line on a terminal.

The results do not depend on where a job ran: each is a pure function of its job value,
so a parallel build writes the same bytes as `--jobs 1`. Worker processes are started
with `spawn` (no copy of the parent's threads or open files); a pool is only started
when enough jobs are missing from the cache to pay for its start-up, else a job is
computed in the build's own process when its page is written.
"""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from functools import partial
import time
from concurrent.futures import ProcessPoolExecutor
from typing import Callable, Optional, TextIO

from .cache import BuildCache
from .figures import compute_job

_POOL_THRESHOLD = 4  # fewer missing jobs than this are computed when first asked for


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


class Background:
    """Jobs laid out by worker processes while the build goes on (MkDocs converts the
    pages meanwhile); each finished result goes straight to the cache, and
    `stored.Drawn` waits for a job that is not finished when its page is written."""

    def __init__(self, executor: ProcessPoolExecutor):
        self.executor = executor

    def close(self, cancel: bool = False) -> None:
        """Stop the workers (`cancel`: drop the jobs not started yet)."""
        self.executor.shutdown(wait=True, cancel_futures=cancel)


def start_jobs(drawn: dict, workers: int, order: list,
               progress: Optional[Progress] = None) -> Optional[Background]:
    """Start the jobs of the `drawn` handles (name → stored.Drawn; names in `order`)
    that the cache lacks, over `workers` processes, without waiting; None when too few
    are missing to pay for a pool (each is then computed when first asked for)."""
    missing = [name for name in order if not drawn[name].cache.has(drawn[name].key)]
    if workers <= 1 or len(missing) < _POOL_THRESHOLD:
        return None
    import multiprocessing

    progress = progress or Progress(len(missing))
    executor = ProcessPoolExecutor(max_workers=min(workers, len(missing)),
                                   mp_context=multiprocessing.get_context("spawn"))
    with _main_module_hidden():  # workers start during the first submits
        for name in missing:
            handle = drawn[name]
            handle.future = executor.submit(compute_job, handle.job)
            handle.future.add_done_callback(partial(_settle, handle, progress))
    return Background(executor)


def _settle(handle, progress: Progress, future) -> None:
    """A finished job (in the pool's thread): its result to the cache, not held here;
    a failure stays in the future, for `Drawn.get` to raise in the build's thread."""
    if future.cancelled() or future.exception() is not None:
        return
    if not handle.cache.put(handle.key, future.result()):
        handle.kept = future.result()
    handle.future = None
    progress.advance()


def job_keys(jobs: dict, cache: BuildCache) -> dict:
    """name → the cache key of each job."""
    return {name: cache.key(type(job).__name__, job) for name, job in jobs.items()}


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
