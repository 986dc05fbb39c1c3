"""Whether a changed process needs approving again (issue 16), for the pull-request report.

A file whose old version carries an `approval` and whose content changed (steps,
lanes, KPIs, title, `effective` ...: see analysis.revisions.content) needs a new
approval by the same `approval.by`, unless the same change updates `approval` itself.
A change of comments or layout only, or of the review date only, needs none.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..analysis.revisions import content
from ..gitbase import BaseChange
from ..i18n import Texts
from ..model import Approval
from . import diffformat as fmt

NEEDED, UPDATED, REMOVED = "needed", "updated", "removed"


@dataclass(frozen=True)
class Reapproval:
    """`status` (needed, updated, removed) and the approval it is about."""

    status: str
    approval: Approval


def reapproval(change: BaseChange) -> Optional[Reapproval]:
    """What the change means for the file's approval, or None when nothing."""
    old, new = change.old, change.new
    if old is None or new is None:
        return None
    if old.approval != new.approval:
        if new.approval is None:
            return Reapproval(REMOVED, old.approval)
        return Reapproval(UPDATED, new.approval)
    if old.approval is None or content(old) == content(new):
        return None
    return Reapproval(NEEDED, old.approval)


def reapproval_markdown(found: Optional[Reapproval], texts: Texts) -> list[str]:
    """A quoted line saying who must approve again (or that the approval changed)."""
    if found is None:
        return []
    key = {NEEDED: "control_reapproval", UPDATED: "control_reapproval_updated",
           REMOVED: "control_reapproval_removed"}[found.status]
    text = fmt.message(texts, key, by=f"**{fmt.md(found.approval.by)}**", on=fmt.md(found.approval.on))
    return [f"> {'⚠️ ' if found.status == NEEDED else ''}{text}", ""]


def reapproval_text(found: Optional[Reapproval], texts: Texts) -> list[str]:
    """The same line for the plain-text report."""
    if found is None:
        return []
    key = {NEEDED: "control_reapproval", UPDATED: "control_reapproval_updated",
           REMOVED: "control_reapproval_removed"}[found.status]
    return [fmt.plain(texts(key, by=found.approval.by, on=found.approval.on))]


def reapproval_json(found: Optional[Reapproval]) -> Optional[dict]:
    """`{"status": ..., "by": ..., "on": ...}` or None."""
    if found is None:
        return None
    return {"status": found.status, "by": found.approval.by, "on": found.approval.on}
