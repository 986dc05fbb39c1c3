"""The revision history of every process page, from git, through the build cache (issue 16).

One `git log` walk lists every file's revisions (sopdocs.githistory). What a revision
did is computed once: it is kept in the build cache under the ids of its blob and of
the blob before it, so only new commits are analysed again; their old texts are read by
one `git cat-file --batch` for the whole handbook. Each process's history is also kept
whole, under its list of (commit, blob) pairs, and all of them under the HEAD commit
(the history reachable from a commit never changes; a shallow clone is never cached),
so a warm build with the same HEAD runs one `git rev-parse` and reads one entry, and
a build after a new commit walks the log again but analyses only the new revisions. Every value comes from commits (dates, author names, subjects),
never from the build clock, so pages stay byte-identical between builds.

Only the newest `history` revisions are analysed and listed, except for a process with
an approval: its revisions are analysed back to the one that recorded the approval, to
find the changes made since.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from ..analysis.doccontrol import changed_since_approval
from ..analysis.revisions import HistoryRow, ProcessHistory, RevisionChange, revision_change
from ..diagnostics import SopdocsError
from ..githistory import OK, FileRevision, file_histories, read_blobs, repo_state
from ..gitbase import load_old_version
from ..i18n import Texts
from ..model import Process
from .cache import BuildCache
from .control_section import history_section
from .handbook import Entry, Handbook
from .options import PageOptions


def _repo_path(entry: Entry, top: Path) -> Optional[str]:
    try:
        return entry.source.resolve().relative_to(top.resolve()).as_posix()
    except ValueError:  # a file outside the repository (a symlinked folder)
        return None


def _pairs(revisions: tuple, limit: int, deep: bool) -> list[tuple[Optional[FileRevision], FileRevision]]:
    """(earlier revision or None, revision) for the revisions to analyse, newest first."""
    count = len(revisions) if deep else min(limit, len(revisions))
    return [(revisions[i + 1] if i + 1 < len(revisions) else None, revisions[i]) for i in range(count)]


class _Analyser:
    """Revision changes from the cache, or computed from blobs read in one batch."""

    def __init__(self, handbook: Handbook, options: PageOptions, cache: BuildCache, top: Path):
        self.handbook, self.options, self.cache, self.top = handbook, options, cache, top
        self.models: dict = {}

    def key(self, entry: Entry, older: Optional[FileRevision], newer: FileRevision) -> str:
        return self.cache.key("revision change", older.blob if older else None, newer.blob,
                              str(entry.source), self.options.limits)

    def changes(self, wanted: dict) -> dict:
        """(entry page, newer blob, older blob) → RevisionChange for every pair wanted."""
        found, missing = {}, []
        for (page, _, _), (entry, older, newer) in wanted.items():
            value = self.cache.get(self.key(entry, older, newer))
            if value is None:
                missing.append((entry, older, newer))
            else:
                found[page, newer.blob, older.blob if older else None] = value
        if not missing:
            return found
        blobs = read_blobs(self.top, [r.blob for _, older, newer in missing for r in (older, newer) if r])
        for entry, older, newer in missing:
            change = revision_change(self.model(entry, older, blobs) if older else None,
                                     self.model(entry, newer, blobs), created=older is None)
            self.cache.put(self.key(entry, older, newer), change)
            found[entry.page, newer.blob, older.blob if older else None] = change
        return found

    def model(self, entry: Entry, revision: FileRevision, blobs: dict) -> Optional[Process]:
        """The validated model of one old version (None when it has errors)."""
        key = (str(entry.source), revision.blob)
        if key not in self.models:
            data = blobs.get(revision.blob)
            try:
                self.models[key] = None if data is None else load_old_version(
                    data, str(entry.source), self.handbook.root,
                    f"{revision.commit.sha[:7]}:{revision.path}", self.options.limits)
            except SopdocsError:  # InvalidProcessError included: the revision did not validate
                self.models[key] = None
        return self.models[key]


def _row(revision: FileRevision, change: RevisionChange) -> HistoryRow:
    commit = revision.commit
    return HistoryRow(commit.sha, commit.date, commit.author, commit.subject, revision.status,
                      revision.old_path, change)


def _history(revisions: tuple, pairs: list, changes: dict, page: str, limit: int) -> ProcessHistory:
    analysed = [changes[page, newer.blob, older.blob if older else None] for older, newer in pairs]
    rows = tuple(_row(newer, change) for (_, newer), change in zip(pairs, analysed))
    positions = changed_since_approval(analysed)
    since = None if positions is None else tuple(rows[index] for index in positions)
    return ProcessHistory(OK, rows[:limit], len(revisions), since)


def process_histories(handbook: Handbook, options: PageOptions, cache: Optional[BuildCache] = None) -> dict:
    """Entry page → ProcessHistory for every process (empty when `history` is 0)."""
    if options.history <= 0 or not handbook.entries:
        return {}
    cache = cache or BuildCache(None)
    state = repo_state(handbook.root)
    if state.state != OK:
        return {entry.page: ProcessHistory(state.state) for entry in handbook.entries}
    paths = {entry.page: _repo_path(entry, state.top) for entry in handbook.entries}
    # the commits reachable from HEAD never change: same HEAD, same files → same histories
    at_head = cache.key("histories at head", state.head, str(state.top), options.history, options.limits,
                        tuple((entry.page, paths[entry.page], str(entry.source), entry.process.approval is not None)
                              for entry in handbook.entries))
    stored = cache.get(at_head)
    if stored is not None:
        return stored
    result = _walked_histories(handbook, options, cache, state, paths)
    cache.put(at_head, result)
    return result


def _walked_histories(handbook: Handbook, options: PageOptions, cache: BuildCache, state, paths: dict) -> dict:
    """The histories from one walk, each process's from the cache when its revisions
    are the same as in an earlier build."""
    walked = file_histories(state, [path for path in paths.values() if path])
    result, pending = {}, {}
    for entry in handbook.entries:
        revisions = walked.files.get(paths[entry.page], ())
        deep = entry.process.approval is not None
        key = cache.key("process history", paths[entry.page], str(entry.source), options.history,
                        options.limits, deep, tuple((r.commit, r.blob, r.status, r.old_path) for r in revisions))
        stored = cache.get(key)
        if stored is not None:
            result[entry.page] = stored
        else:
            pending[entry.page] = (entry, revisions, _pairs(revisions, options.history, deep), key)
    wanted = {(page, newer.blob, older.blob if older else None): (entry, older, newer)
              for page, (entry, _, pairs, _) in pending.items() for older, newer in pairs}
    changes = _Analyser(handbook, options, cache, state.top).changes(wanted)
    for page, (entry, revisions, pairs, key) in pending.items():
        result[page] = _history(revisions, pairs, changes, page, options.history)
        cache.put(key, result[page])
    return dict(sorted(result.items()))


def cached_section(history: Optional[ProcessHistory], text: Texts, words: str, cache: BuildCache) -> list[str]:
    """The page's revision history section, kept in the cache under the history and the
    page's words (formatting thousands of dates and numbers costs more than reading it)."""
    if history is None or not history.rows:  # one line: nothing worth keeping
        return history_section(history, text)
    key = cache.key("history section", words, text.language, text.tag, history)
    lines = cache.get(key)
    if lines is None:
        lines = history_section(history, text)
        cache.put(key, lines)
    return list(lines)
