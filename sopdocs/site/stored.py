"""Diagram results held by the build cache, not in memory, until a page is written.

A 1,000-process handbook draws a few hundred megabytes of SVG. Once a job's result is
in the cache, the build keeps only a handle to it: the page's figures and its full-size
file are made from the result when MkDocs writes that page or file, and dropped again.
Where the cache cannot give the result back (no cache folder, a failed write) the
handle keeps it; an entry damaged in between is computed again, so a page never misses
its figures.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Callable, Optional

from .cache import BuildCache
from .figures import compute_job


@dataclass
class Drawn:
    """One diagram job's result: kept here, else awaited from a worker, else read from
    the cache, else computed here."""

    key: str
    job: Any
    cache: BuildCache
    kept: Optional[dict] = None
    future: Any = None  # a worker's Future, until its result is first asked for

    def get(self) -> dict:
        """The result (a dict of SVG texts, tables and warnings)."""
        if self.kept is not None:
            return self.kept
        if self.future is not None:
            value, self.future = self.future.result(), None
            if not self.cache.put(self.key, value):
                self.kept = value
            return value
        value = self.cache.get(self.key)
        if value is None:  # removed or damaged since the job ran
            value = compute_job(self.job)
            self.cache.put(self.key, value)
        return value


class LazyFigures(Mapping):
    """A page's figures (name → HTML), made by `finish(result)` each time they are read.

    `fingerprint` names everything the figures are made of (the job's key, the page and
    the URL style), so serve can tell a changed page without making them; `warns`: the
    job's warnings are reported when the page is written (not already when its Markdown
    was made)."""

    def __init__(self, drawn: Drawn, finish: Callable[[dict], dict], fingerprint: str,
                 warns: bool = False):
        self.drawn = drawn
        self.finish = finish
        self.fingerprint = fingerprint
        self.warns = warns

    def load(self) -> dict:
        """name → HTML of every figure of the page."""
        return self.finish(self.drawn.get())

    def load_with_warnings(self) -> tuple[dict, list]:
        """(figures, the job's warnings when this page reports them)."""
        result = self.drawn.get()
        return self.finish(result), list(result["warnings"]) if self.warns else []

    def __bool__(self) -> bool:
        # a Mapping is truthy by its length, which would draw the figures just to answer
        # `if figures:` (serve planned every page that way, loading all their figures)
        return True

    def __getitem__(self, name: str) -> str:
        return self.load()[name]

    def __iter__(self):
        return iter(self.load())

    def __len__(self) -> int:
        return len(self.load())


@dataclass
class LazyText:
    """A generated file's text, taken from a job's result when the file is written
    (with `page`, the page it belongs to)."""

    drawn: Drawn
    field: str
    page: str

    def text(self) -> str:
        """The file's text."""
        return self.drawn.get()[self.field]
