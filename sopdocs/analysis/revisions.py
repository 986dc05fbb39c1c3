"""What one revision of a process file did, from the diff engine (issue 16).

A revision is compared with the one before it: steps added, removed and changed (by
name), lanes added, removed and renamed, the lead time and handoffs before and after,
and the other keys that changed (title, owner, KPIs, effective ...). `approval_changed`
and `content_changed` feed document control: a revision that changes the content but
not the approval makes the process "changed since approval". The content is the whole
model except its path and the `approval` and `review` keys (a review that only moves
its next date does not need a new approval).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Optional

from ..model import Process
from .diff import diff_processes, metric_values

_KEYS = ("title", "summary", "owner", "version", "status", "baseline", "tags", "calendar",
         "start_date", "language", "kpis", "effective", "review", "approval")
"""Keys of a process (besides lanes and steps) whose change a revision names."""


@dataclass(frozen=True)
class RevisionChange:
    """The effect of one revision; `valid` is False when it did not validate (then
    nothing else is known), `created` when there is no earlier revision."""

    valid: bool = True
    created: bool = False
    compared: bool = True  # False when the earlier revision did not validate
    added: tuple[str, ...] = ()  # step names
    removed: tuple[str, ...] = ()
    changed: tuple[str, ...] = ()
    lanes_added: tuple[str, ...] = ()  # lane names
    lanes_removed: tuple[str, ...] = ()
    lanes_renamed: tuple[tuple[str, str], ...] = ()
    keys: tuple[str, ...] = ()  # other keys that changed, in _KEYS order
    steps: int = 0
    lead_old: Optional[float] = None  # working days
    lead_new: Optional[float] = None
    lead_pct: Optional[float] = None
    handoffs_old: Optional[int] = None
    handoffs_new: Optional[int] = None
    approval_changed: bool = False
    content_changed: bool = False

    @property
    def is_empty(self) -> bool:
        """True when the revision changed nothing sopdocs reads (comments, layout)."""
        return (self.valid and self.compared and not self.created and not self.content_changed
                and not self.approval_changed and "review" not in self.keys)


def content(process: Process) -> Process:
    """The part of a process whose change needs a new approval."""
    return replace(process, path="", approval=None, review=None)


def revision_change(old: Optional[Process], new: Optional[Process], created: bool = False) -> RevisionChange:
    """What the revision `new` did to `old` (None: that version did not validate)."""
    if new is None:
        return RevisionChange(valid=False, created=created)
    if created or old is None:
        values = metric_values(new)
        return RevisionChange(created=created, compared=created, steps=len(new.steps),
                              lead_new=round(values["lead_time_days"], 2), handoffs_new=int(values["handoffs"]),
                              approval_changed=created and new.approval is not None, content_changed=True)
    diff = diff_processes(old, new)
    names_new = {step.id: step.name for step in new.steps}
    names_old = {step.id: step.name for step in old.steps}
    lanes_new = {lane.id: lane.name for lane in new.lanes}
    lanes_old = {lane.id: lane.name for lane in old.lanes}
    lead = diff.metric("lead_time_days")
    handoffs = diff.metric("handoffs")
    return RevisionChange(
        added=tuple(names_new[i] for i in diff.added),
        removed=tuple(names_old[i] for i in diff.removed),
        changed=tuple(names_new[change.new_id] for change in diff.changed),
        lanes_added=tuple(lanes_new[i] for i in diff.lanes.added),
        lanes_removed=tuple(lanes_old[i] for i in diff.lanes.removed),
        lanes_renamed=tuple((before, after) for _, before, after in diff.lanes.renamed),
        keys=tuple(key for key in _KEYS if getattr(old, key) != getattr(new, key)),
        steps=len(new.steps), lead_old=lead.old, lead_new=lead.new, lead_pct=lead.change_pct,
        handoffs_old=int(handoffs.old), handoffs_new=int(handoffs.new),
        approval_changed=old.approval != new.approval,
        content_changed=content(old) != content(new),
    )


@dataclass(frozen=True)
class HistoryRow:
    """One revision as the page lists it: the commit (id, date, author name, subject),
    how the file changed in git (added, modified, renamed from `old_path`), and what
    the revision did."""

    sha: str
    date: str
    author: str
    subject: str
    status: str
    old_path: Optional[str]
    change: RevisionChange


@dataclass(frozen=True)
class ProcessHistory:
    """A process file's revision history: `state` (ok, outside, shallow, no-git), the
    newest rows (at most the `history` limit), how many revisions there are, and the
    revisions that changed it since its approval was recorded (None: none records one)."""

    state: str
    rows: tuple[HistoryRow, ...] = ()
    total: int = 0
    since_approval: Optional[tuple[HistoryRow, ...]] = None
