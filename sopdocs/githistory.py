"""Every commit that changed each process file, from one walk over the git history.

`git log --follow` per file would start one git process per file and walk the whole
history each time (200 files: 200 walks). Instead one `git log --raw -M` over the
processes folder lists every commit with the files it touched and their blob ids,
newest first (`--date-order`: never a parent before its child); walking it, each file
of today is followed back through its renames (the old path is tracked from the commit
that renamed it on), like `--follow` does. Old contents are read by one
`git cat-file --batch` process for any number of blobs.

Nothing here fails a build: outside a repository, without git, or in a shallow clone
(where the oldest commits are missing and a file would seem to start there), the
history says so in its `state` and lists nothing. Commit dates are committer dates
(`%cs`, as the catalog's "last change"), authors are names (`%an`), never addresses.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

OK, OUTSIDE, SHALLOW, NO_GIT = "ok", "outside", "shallow", "no-git"
_TIMEOUT = 120
_EMAIL = re.compile(r"<?[\w.+-]+@[\w-]+(\.[\w-]+)+>?")


@dataclass(frozen=True)
class Commit:
    """One commit: id, committer date (YYYY-MM-DD), author name and subject line."""

    sha: str
    date: str
    author: str
    subject: str


@dataclass(frozen=True)
class FileRevision:
    """A commit that changed one file: its blob there, the path it had, and how."""

    commit: Commit
    blob: str
    path: str  # repository-relative, at that commit
    status: str  # added | modified | renamed
    old_path: Optional[str] = None  # for renamed: the path before


@dataclass(frozen=True)
class RepoState:
    """Where the processes folder stands in git: `state` (ok, outside, shallow,
    no-git), the repository's top folder and HEAD, and the folder's path in it."""

    state: str
    top: Optional[Path] = None
    head: Optional[str] = None
    prefix: str = ""


@dataclass(frozen=True)
class History:
    """The revisions of each file (repository-relative path of today → newest first)."""

    state: str
    files: dict = field(default_factory=dict)


def without_addresses(text: str) -> str:
    """`text` with every e-mail address cut to its local part (`jane@x.org` → `jane`):
    a page never shows an address, even one someone typed as a name or a subject."""
    return _EMAIL.sub(lambda match: match.group(0).strip("<>").split("@", 1)[0], text)


def _run(args: list[str], cwd: Path, data: Optional[bytes] = None) -> Optional[bytes]:
    """git's standard output, or None when git is missing, fails or hangs."""
    try:
        done = subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd, input=data,
                              capture_output=True, timeout=_TIMEOUT,
                              env={**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"})
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout if done.returncode == 0 else None


def repo_state(folder: Path) -> RepoState:
    """Whether `folder` is in a git work tree with history, in one git call."""
    try:
        probe = subprocess.run(["git", "--version"], capture_output=True, timeout=_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired):
        return RepoState(NO_GIT)
    if probe.returncode != 0:
        return RepoState(NO_GIT)
    out = _run(["rev-parse", "--show-toplevel", "--is-shallow-repository", "--show-prefix", "HEAD"],
               folder)
    lines = out.decode("utf-8", "surrogateescape").splitlines() if out else []
    if len(lines) != 4:  # not a repository, or one without a commit yet
        return RepoState(OUTSIDE)
    top, shallow, prefix, head = lines
    return RepoState(SHALLOW if shallow == "true" else OK, Path(top), head, prefix.rstrip("/"))


def _entries(tokens: list[str]) -> Iterable[tuple[str, str, str, Optional[str]]]:
    """(status letter, blob, path, old path) of each `--raw -z` entry of one commit."""
    index = 0
    while index < len(tokens):
        meta = tokens[index].lstrip("\n")
        if not meta.startswith(":"):
            index += 1
            continue
        parts = meta.split()
        letter, blob = parts[4][0], parts[3]
        if letter in "RC":
            yield letter, blob, tokens[index + 2], tokens[index + 1]
            index += 3
        else:
            yield letter, blob, tokens[index + 1], None
            index += 2


def _parse_log(output: str) -> Iterable[tuple[Commit, list]]:
    """(commit, raw entries) from `git log --format=%x01%H%x00%cs%x00%an%x00%s%x00 --raw -z`."""
    for chunk in output.split("\x01"):
        tokens = chunk.split("\0")
        if len(tokens) < 4:
            continue
        commit = Commit(tokens[0], tokens[1], without_addresses(tokens[2]), without_addresses(tokens[3]))
        yield commit, list(_entries(tokens[4:]))


def file_histories(state: RepoState, paths: Iterable[str]) -> History:
    """The revisions of each file in `paths` (repository-relative, as of today).

    One walk, newest commit first; each file is tracked under the path it had at that
    point of the walk, so a rename hands its older commits to today's path."""
    wanted = sorted(set(paths))
    if state.state != OK:
        return History(state.state)
    out = _run(["log", "--date-order", "--format=%x01%H%x00%cs%x00%an%x00%s%x00", "--raw", "--no-abbrev",
                "-M", "-z", "--no-color", "--no-ext-diff", state.head, "--", state.prefix or "."], state.top)
    if out is None:
        return History(OUTSIDE)
    tracked = {path: path for path in wanted}  # path at this point of the walk → path of today
    found: dict[str, list] = {path: [] for path in wanted}
    for commit, entries in _parse_log(out.decode("utf-8", "surrogateescape")):
        for letter, blob, path, old_path in entries:
            today = tracked.get(path)
            if today is None or letter == "D":
                continue
            if letter == "R":
                found[today].append(FileRevision(commit, blob, path, "renamed", old_path))
                tracked[old_path] = tracked.pop(path)
            elif letter in "AC":
                found[today].append(FileRevision(commit, blob, path, "added"))
                del tracked[path]  # older commits with this path were another file's
            else:
                found[today].append(FileRevision(commit, blob, path, "modified"))
    return History(OK, {path: tuple(revisions) for path, revisions in found.items()})


def read_blobs(top: Path, blobs: Iterable[str]) -> dict[str, bytes]:
    """blob id → content, read by one `git cat-file --batch` (missing ids left out)."""
    wanted = sorted(set(blobs))
    if not wanted:
        return {}
    out = _run(["cat-file", "--batch"], top, ("\n".join(wanted) + "\n").encode("ascii"))
    if out is None:
        return {}
    contents, position = {}, 0
    for blob in wanted:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) != 3:  # "<id> missing"
            continue
        size = int(header[2])
        contents[blob] = out[position:position + size]
        position += size + 1
    return contents
