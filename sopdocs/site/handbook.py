"""The handbook's content: every valid process, where its page goes, baseline pairs and roles."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..diagnostics import InvalidProcessError, SopdocsError
from ..limits import DEFAULT_LIMITS, Limits
from ..model import Process, Step
from ..load import Loaded
from ..validate import check_file, validate_paths
from ..validate.baseline import resolve_baseline
from .cache import BuildCache


@dataclass(frozen=True)
class Entry:
    """One process and where it lives: its file, folder and generated page."""

    process: Process
    source: Path
    relative: str
    folder: str
    page: str


@dataclass(frozen=True)
class Pair:
    """A comparison: the baseline (current) version and the version that improves on it."""

    old: Entry
    new: Entry
    page: str


@dataclass(frozen=True)
class Duty:
    """One step a role performs, in which process."""

    entry: Entry
    step: Step
    position: int


@dataclass
class Handbook:
    """All entries in path order, the comparison pairs and the duties of each role."""

    root: Path
    entries: list = field(default_factory=list)
    pairs: list = field(default_factory=list)
    roles: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    _by_id: dict = field(default_factory=dict, repr=False, compare=False)

    def entry(self, process_id: str) -> Optional[Entry]:
        """The entry of a process id (the first in path order), or None."""
        if sum(map(len, self._by_id.values())) != len(self.entries):  # entries were added
            self._by_id.clear()
            for entry in self.entries:
                self._by_id.setdefault(entry.process.id, []).append(entry)
        found = self._by_id.get(process_id)
        return found[0] if found else None

    def pairs_of(self, entry: Entry) -> list:
        """The comparisons this entry takes part in (as old or new version)."""
        return [pair for pair in self.pairs if entry in (pair.old, pair.new)]

    def role_page(self, lane_name: str) -> str:
        """The page of the role with this lane name."""
        return f"roles/{slug(lane_name)}.md"


def slug(text: str) -> str:
    """A file-name-safe slug; non-ASCII letters (e.g. Chinese) are kept as they are."""
    cleaned = re.sub(r"[^\w-]+", "-", text.strip().lower(), flags=re.UNICODE).strip("-_")
    return cleaned or "role"


def cached_check(cache: BuildCache):
    """A `check` for `validate_paths` that keeps each file's model and file-rule
    findings in `cache`, keyed by the file's bytes, its shown and real paths, its
    processes folder and the limits (the handbook rules always run again)."""

    real_roots: dict[Path, str] = {}  # one resolve of the processes folder per build

    def check(file_path: Path, root: Path, limits: Limits) -> Loaded:
        if root not in real_roots:
            real_roots[root] = str(root.resolve())
        try:
            if file_path.stat().st_size > limits.max_file_bytes:
                return check_file(file_path, root, limits)  # refused there, never read whole
            data = file_path.read_bytes()
        except OSError:
            return check_file(file_path, root, limits)  # let the loader report it
        key = cache.key("checked", data, str(file_path), str(file_path.resolve()),
                        real_roots[root], limits)
        stored = cache.get(key)
        if stored is not None:
            process, diagnostics = stored
            return Loaded(str(file_path), root, None, process, list(diagnostics))
        loaded = check_file(file_path, root, limits)
        cache.put(key, (loaded.process, tuple(loaded.diagnostics)))
        return loaded

    return check


def load_handbook(root: Path, limits: Limits = DEFAULT_LIMITS,
                  cache: Optional[BuildCache] = None, workers: int = 1) -> Handbook:
    """Validate and load every process under `root`; raise InvalidProcessError on errors.

    With a `cache`, files whose bytes did not change are not parsed again; `workers`
    > 1 checks the files over forked processes when no other thread runs."""
    root = Path(root)
    if not root.is_dir():
        raise SopdocsError(f"processes folder '{root}' does not exist; set 'processes:' in mkdocs.yml")
    report = validate_paths([root], limits, cached_check(cache) if cache else check_file, workers)
    if report.errors:
        raise InvalidProcessError(report.diagnostics)
    handbook = Handbook(root, warnings=report.diagnostics)
    real_root, by_path = root.resolve(), {}
    for loaded in report.files:
        source = Path(loaded.path)
        real = source.resolve()
        relative = real.relative_to(real_root).as_posix()
        folder = relative.rsplit("/", 1)[0] if "/" in relative else ""
        page = "processes/" + re.sub(r"\.ya?ml$", ".md", relative)
        handbook.entries.append(Entry(loaded.process, source, relative, folder, page))
        by_path[real] = handbook.entries[-1]  # two links to one file: the last is used
    handbook.pairs = _pairs(handbook, by_path)
    handbook.roles = _roles(handbook)
    return handbook


def _pairs(handbook: Handbook, by_path: dict) -> list:
    """The comparisons: each entry whose baseline is another entry (`by_path`: real path → entry)."""
    pairs = []
    for entry in handbook.entries:
        if not entry.process.baseline:
            continue
        target = resolve_baseline(entry.source, entry.process.baseline, handbook.root)
        old = by_path.get(target)
        if old is not None:
            pairs.append(Pair(old, entry, f"compare/{entry.process.id}.md"))
    return pairs


def _roles(handbook: Handbook) -> dict:
    roles: dict[str, list] = {}
    for entry in handbook.entries:
        lanes = {lane.id: lane.name for lane in entry.process.lanes}
        for position, step in enumerate(entry.process.steps, start=1):
            if step.type in ("start", "end") or step.lane not in lanes:
                continue
            roles.setdefault(lanes[step.lane], []).append(Duty(entry, step, position))
    return dict(sorted(roles.items()))
