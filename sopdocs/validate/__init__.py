"""Validation: every rule runs over every file and all diagnostics are collected.

Each rule is a module of this package with a stable `CODE`, a `SEVERITY`, a one-line
`TITLE`, a `check(context)` generator and a docstring that is its user documentation
(`docs/rules.md` is generated from them).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Optional

from ..diagnostics import ERROR, Diagnostic, InvalidProcessError
from ..limits import DEFAULT_LIMITS, Limits
from ..load import Loaded, load_file
from ..model import Process, Step
from ..yamlnodes import YNode
from . import (
    bad_duration, bad_value, baseline, decision_branches, dead_end_cycle, duplicate_id,
    duplicate_process,
    kpi_target, language_script, missing_duration, missing_field, missing_owner, probabilities,
    size_limits,
    unknown_key, unknown_lane, unknown_subprocess, unknown_target, unreachable,
    wrong_type, yaml_syntax,
)
from . import (  # issue 12
    action_owner, action_problems, action_steps, duplicate_problem_id, pilot_data,
    priority_override,
)
from . import approval_dates, review_origin, review_schedule  # issue 16
from . import duration_range, forecast_inputs  # issue 15
from . import lane_overload, never_ending_loop  # issue 15: the forecast

RULES = (
    yaml_syntax, unknown_key, missing_field, wrong_type, bad_value, bad_duration,
    duplicate_id, duplicate_process, unknown_lane, unknown_target, unreachable, dead_end_cycle,
    decision_branches, probabilities, kpi_target, baseline, unknown_subprocess,
    size_limits, missing_owner, missing_duration, language_script,
    # issue 12
    action_steps, action_problems, duplicate_problem_id, priority_override, pilot_data,
    action_owner,
    review_schedule, approval_dates, review_origin,  # issue 16
    duration_range, forecast_inputs,  # issue 15
    never_ending_loop, lane_overload,  # issue 15: the forecast
)
HANDBOOK_RULES = (duplicate_process, baseline, unknown_subprocess)
"""Rules that look at other files: the other processes, or the baseline file on disk."""
FILE_RULES = tuple(rule for rule in RULES if rule not in HANDBOOK_RULES)
"""Rules that read nothing but the file itself (their findings can be cached by its bytes)."""
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass
class Context:
    """What a rule sees: the loaded file, the other processes, and the limits."""

    loaded: Loaded
    catalog: dict = field(default_factory=dict)
    limits: Limits = DEFAULT_LIMITS
    _by_position: Optional[dict] = None
    _mappings: Optional[list] = None
    _findings: Optional[dict] = None

    def mappings(self) -> list:
        """Every (field table, mapping node) of the document in file order (computed
        once per file: several rules walk it)."""
        if self._mappings is None:
            from ..docwalk import mappings
            self._mappings = list(mappings(self.tree)) if self.tree is not None else []
        return self._mappings

    def findings(self) -> dict:
        """Rule code → [(node, finding)] for every value the field tables reject
        (each value is classified once, for all the rules that report a code)."""
        if self._findings is None:
            from ..docwalk import classify
            self._findings = {}
            for table, node in self.mappings():
                for key, _, value in node.pairs():
                    spec = table.get(key)
                    finding = classify(spec, value) if spec is not None else None
                    if finding is not None:
                        self._findings.setdefault(finding.code, []).append((finding.at or value, finding))
        return self._findings

    @property
    def path(self) -> str:
        """The file's path as shown in messages."""
        return self.loaded.path

    @property
    def tree(self) -> Optional[YNode]:
        """The parsed document, or None when it could not be read. A file whose
        findings came from a cache has no tree; it is parsed again when a rule asks."""
        if self.loaded.tree is None and self.loaded.process is not None:
            self.loaded.tree = load_file(self.loaded.path, self.loaded.root_dir, self.limits).tree
        return self.loaded.tree

    @property
    def process(self) -> Optional[Process]:
        """The process model, or None when the file could not be read."""
        return self.loaded.process

    def node_at(self, line: int, col: int) -> Optional[YNode]:
        """The mapping node that starts at (line, col), if any."""
        if self._by_position is None:
            self._by_position = {(n.line, n.col): n for _, n in self.mappings()}
        return self._by_position.get((line, col))

    def where(self, step: Step, key: Optional[str] = None) -> tuple[int, int]:
        """(line, col) of a step's value for `key`, else of the step itself."""
        span = step.span
        if span is None:
            return 1, 1
        node = self.node_at(span.line, span.col)
        value = node.get(key) if node is not None and key else None
        return (value.line, value.col) if value is not None else (span.line, span.col)

    def diagnostic(self, code: str, severity: str, line: int, col: int, message: str,
                   hint: str = "") -> Diagnostic:
        """A diagnostic with `code` at (line, col) in this file."""
        return Diagnostic(self.path, line, col, code, severity, message, hint)


@dataclass
class Report:
    """Diagnostics and models of a set of validated files."""

    files: list = field(default_factory=list)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """All diagnostics, sorted by file and position."""
        return sorted(d for loaded in self.files for d in loaded.diagnostics)

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics that are errors."""
        return [d for d in self.diagnostics if d.is_error]

    @property
    def processes(self) -> list[Process]:
        """The models of the files without errors, in path order."""
        return [loaded.process for loaded in self.files if loaded.ok and loaded.process]


def run_rules(loaded: Loaded, catalog: Optional[dict] = None,
              limits: Limits = DEFAULT_LIMITS, rules: tuple = RULES) -> list[Diagnostic]:
    """Run `rules` (default: all) over one loaded file; return its sorted diagnostics."""
    context = Context(loaded, catalog or {}, limits)
    found = list(loaded.diagnostics)
    if loaded.process is not None or loaded.tree is not None:
        for rule in rules:
            found.extend(rule.check(context))
    return sorted(set(found))


def check_file(file_path: Path, root: Path, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Load one file found under `root` and run the rules that need only the file."""
    loaded = _load_inside(file_path, root, limits)
    loaded.diagnostics = run_rules(loaded, None, limits, FILE_RULES)
    return loaded


def find_root(path: Path) -> Path:
    """The processes folder a file belongs to: the nearest ancestor named `processes`,
    else the file's own folder."""
    for parent in path.resolve().parents:
        if parent.name == "processes":
            return parent
    return path.resolve().parent


def discover(paths: Iterable[str | os.PathLike]) -> list[tuple[Path, Path]]:
    """(file, root folder) for every process file named or found under the paths.

    Folders are searched recursively for *.yaml and *.yml, in sorted order; symlinks to
    folders are not followed, so a link cannot pull files from outside the folder in.
    """
    found: list[tuple[Path, Path]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for dirpath, dirnames, filenames in os.walk(path):
                dirnames.sort()
                for name in sorted(filenames):
                    if name.endswith(YAML_SUFFIXES):
                        found.append((Path(dirpath) / name, path))
        else:
            found.append((path, find_root(path)))
    return found


def validate_paths(paths: Iterable[str | os.PathLike], limits: Limits = DEFAULT_LIMITS,
                   check: Callable[[Path, Path, Limits], Loaded] = check_file,
                   workers: int = 1) -> Report:
    """Load and validate every process file under `paths`; never raises for bad input.

    `check(file, root, limits)` loads one file and runs the file rules (`check_file`,
    or a caching wrapper around it), over up to `workers` forked processes when the
    caller runs no other thread; the handbook rules then run over all of them.
    """
    from ._pool import check_files

    report = Report()
    report.files.extend(check_files(discover(paths), limits, check, workers))
    catalog = {}
    for loaded in report.files:
        if loaded.process is not None:
            catalog.setdefault(loaded.process.id, loaded.process)
    for loaded in report.files:
        if loaded.process is not None:
            loaded.diagnostics = run_rules(loaded, catalog, limits, HANDBOOK_RULES)
    return report


def _load_inside(file_path: Path, root: Path, limits: Limits) -> Loaded:
    """Load a file found under `root`, refusing one whose real path is outside it (a
    symbolic link): a process file must not pull a file from elsewhere into the build."""
    real_root, real_path = root.resolve(), file_path.resolve()
    if real_path != real_root and real_root not in real_path.parents:
        shown = str(file_path)
        return Loaded(shown, root, diagnostics=[Diagnostic(
            shown, 1, 1, "SOP000", ERROR,
            "the file is a symbolic link that points outside the processes folder; it is not read",
            "keep process files inside the processes folder (copy the file instead of linking it)")])
    return load_file(file_path, root, limits)


def load_process(path: str | os.PathLike, limits: Limits = DEFAULT_LIMITS,
                 root: Optional[Path] = None) -> Process:
    """Load and validate one file; return its model or raise InvalidProcessError."""
    file_path = Path(path)
    loaded = load_file(file_path, root or find_root(file_path), limits)
    loaded.diagnostics = run_rules(loaded, None, limits)
    if not loaded.ok or loaded.process is None:
        raise InvalidProcessError(loaded.diagnostics)
    return loaded.process
