"""The process files a branch changed, with their old text taken from git.

`sopdocs diff --base REF` compares each process file that differs between the commit
REF and the working tree. Git is run as a subprocess (`git diff --name-status -z`,
`git ls-files --others` for new files not yet added, `git show REF:path` for the old
text), always from the repository's top folder with repository-relative paths, so the
report names files the way a pull request does. Renames are followed (`-M`): the
renamed file is compared with its old path's text.

The old text is validated like any file, except for the rules that look at the working
tree (the `baseline` path), which the old version's surroundings need not satisfy.
Every failure (git missing, not a repository, unknown ref) raises SopdocsError.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Optional

from .diagnostics import InvalidProcessError, SopdocsError
from .limits import DEFAULT_LIMITS, Limits
from .load import decode, load_text
from .model import Process
from .validate import find_root, load_process, run_rules

YAML_SUFFIXES = (".yaml", ".yml")
WORKING_TREE_RULES = {"SOP114"}  # baseline: resolved against files on disk
_STATUS = {"A": "added", "D": "deleted", "M": "modified", "R": "renamed", "C": "added",
           "T": "modified"}


@dataclass(frozen=True)
class ChangedFile:
    """One process file that differs from the ref: status, path and old path (renames)."""

    status: str  # added | deleted | modified | renamed
    path: str  # repository-relative; for a deleted file, the path it had
    old_path: Optional[str] = None  # where the old text is, for modified/renamed/deleted


@dataclass(frozen=True)
class BaseChange:
    """A changed file with both versions loaded (None on the side that does not exist)."""

    file: ChangedFile
    old: Optional[Process]
    new: Optional[Process]


def git(args: list[str], cwd: Path) -> str:
    """Run git and return its standard output as text; raise SopdocsError on failure."""
    return git_bytes(args, cwd).decode("utf-8", "surrogateescape")


def git_bytes(args: list[str], cwd: Path) -> bytes:
    """Run git and return its standard output; raise SopdocsError with git's message."""
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False,
                              env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
    except FileNotFoundError:
        raise SopdocsError("git is not installed (or not on PATH); --base needs it") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise SopdocsError(f"git {args[0]} failed: {message[-1] if message else 'no message'}")
    return done.stdout


def repository_root(cwd: Path) -> Path:
    """The top folder of the git repository that contains `cwd`."""
    try:
        return Path(git(["rev-parse", "--show-toplevel"], cwd).strip())
    except SopdocsError as error:  # git's own words matter, e.g. "dubious ownership"
        raise SopdocsError(f"'{cwd}' is not inside a usable git repository ({error});"
                           " --base compares with a commit of the repository") from None


def resolve_ref(ref: str, root: Path, merge_base: bool = False) -> str:
    """The commit id of `ref` (or of the merge base of `ref` and HEAD)."""
    if ref.startswith("-"):
        raise SopdocsError(f"'{ref}' is not a git ref")
    try:
        commit = git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"],
                     root).strip()
    except SopdocsError:
        raise SopdocsError(f"unknown git ref '{ref}'; in CI fetch it first (e.g. `git fetch"
                           " origin main`, or actions/checkout with fetch-depth: 0)") from None
    if merge_base:
        commit = git(["merge-base", commit, "HEAD"], root).strip()
    return commit


def _pathspecs(paths: Iterable[str], cwd: Path, root: Path) -> list[str]:
    """User paths (relative to `cwd`) → repository-relative pathspecs."""
    specs = []
    for raw in paths:
        absolute = (cwd / raw).resolve()
        try:
            specs.append(absolute.relative_to(root.resolve()).as_posix() or ".")
        except ValueError:
            raise SopdocsError(f"'{raw}' is outside the git repository at {root}") from None
    return specs


def _parse_name_status(output: str) -> list[ChangedFile]:
    """`git diff --name-status -z` output → ChangedFile values."""
    fields = output.split("\0")
    found, index = [], 0
    while index < len(fields) and fields[index]:
        code = fields[index][0]
        if code in "RC":
            old_path, path = fields[index + 1], fields[index + 2]
            index += 3
        else:
            old_path = path = fields[index + 1]
            index += 2
        status = _STATUS.get(code, "modified")
        found.append(ChangedFile(status, path, None if status == "added" else old_path))
    return found


def changed_process_files(ref: str, paths: Iterable[str] = ("processes",),
                          cwd: Optional[Path] = None, merge_base: bool = False) -> list[ChangedFile]:
    """Process files (*.yaml, *.yml under `paths`) that differ between `ref` and the
    working tree, untracked new files included, sorted by path."""
    cwd = Path(cwd or Path.cwd())
    root = repository_root(cwd)
    commit = resolve_ref(ref, root, merge_base)
    specs = _pathspecs(paths, cwd, root)
    output = git(["diff", "--name-status", "-z", "-M", "--no-ext-diff", "--no-color", commit,
                  "--", *specs], root)
    found = _parse_name_status(output)
    untracked = git(["ls-files", "--others", "--exclude-standard", "-z", "--", *specs], root)
    found += [ChangedFile("added", path) for path in untracked.split("\0") if path]
    return sorted((f for f in found if f.path.endswith(YAML_SUFFIXES)), key=lambda f: f.path)


def old_bytes(commit: str, path: str, root: Path) -> bytes:
    """The content of `path` (repository-relative) in `commit`."""
    return git_bytes(["show", f"{commit}:{path}"], root)


def _shown(root: Path, path: str) -> str:
    """A repository path as the process sees it: relative to the current directory."""
    return Path(os.path.relpath(root / path, Path.cwd())).as_posix()


def load_old_version(data: bytes, label: str, root_dir: Path, origin: str,
                     limits: Limits = DEFAULT_LIMITS) -> Process:
    """Load and validate the content of an old version; raise InvalidProcessError on errors.

    `label` is the file's path (so the default id matches the new version's); `origin`
    (e.g. `origin/main:processes/a.yaml`) is where diagnostics say the text came from.
    The same size limit and encoding checks apply as to a file on disk.
    """
    if len(data) > limits.max_file_bytes:
        raise SopdocsError(f"{origin} is {len(data):,} bytes, over the limit of"
                           f" {limits.max_file_bytes:,} (the setting max_file_bytes)")
    text, problems = decode(data, label)
    if text is None:
        raise InvalidProcessError([replace(d, path=origin) for d in problems])
    loaded = load_text(text, label, root_dir, limits)
    diagnostics = [d for d in problems + run_rules(loaded, None, limits)
                   if d.code not in WORKING_TREE_RULES]
    if any(d.is_error for d in diagnostics) or loaded.process is None:
        raise InvalidProcessError([replace(d, path=origin) for d in diagnostics])
    return loaded.process


def base_changes(ref: str, paths: Iterable[str] = ("processes",), cwd: Optional[Path] = None,
                 merge_base: bool = False) -> list[BaseChange]:
    """Every changed process file with its old version (from git) and new one (on disk)."""
    cwd = Path(cwd or Path.cwd())
    root = repository_root(cwd)
    commit = resolve_ref(ref, root, merge_base)
    changes = []
    for changed in changed_process_files(commit, paths, cwd):
        old = new = None
        if changed.old_path is not None:
            old = load_old_version(old_bytes(commit, changed.old_path, root),
                                   _shown(root, changed.old_path),
                                   find_root(root / changed.old_path),
                                   f"{ref}:{changed.old_path}")
        if changed.status != "deleted":
            new = load_process(_shown(root, changed.path))
        changes.append(BaseChange(changed, old, new))
    return changes
