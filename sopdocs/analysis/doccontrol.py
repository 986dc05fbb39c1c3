"""Document control of one process: approval, when it is in force, the next review
(issue 16). Pure functions of the process, its revisions and a build date.

- The next review is `review.next`; without it, `approval.on` (else `effective`) plus
  `review.every`. Months and years keep the day of the month, or the month's last day
  when it has fewer days (2025-08-31 + 6 months = 2026-02-28).
- Overdue: the next review is before the build date (a review due today is not late).
- In force: `effective` on or before the build date → "since", after it → "from"; a
  version without `effective` says nothing about it.
- Changed since approval: the revisions newer than the one that recorded the current
  approval (the newest revision whose `approval` differs from its predecessor's, or the
  first one, when it came with one) that change the content (see revisions.content).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Optional, Sequence

from ..model import Process
from .revisions import RevisionChange

_UNIT_DAYS = {"day": 1, "week": 7}


@dataclass(frozen=True)
class ControlStatus:
    """What a page and the document control page say about one process."""

    approved_by: Optional[str]
    approved_on: Optional[str]
    effective: Optional[str]
    in_force: Optional[str]  # "since" | "from" | None (no effective date)
    next_review: Optional[str]
    overdue_days: Optional[int]  # days past the next review; None when not overdue

    @property
    def overdue(self) -> bool:
        """True when the next review date has passed."""
        return self.overdue_days is not None


def add_interval(day: dt.date, count: int, unit: str) -> dt.date:
    """`day` plus `count` days, weeks, months or years (see the module text for months)."""
    if unit in _UNIT_DAYS:
        return day + dt.timedelta(days=count * _UNIT_DAYS[unit])
    months = day.month - 1 + count * (12 if unit == "year" else 1)
    year, month = day.year + months // 12, months % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_review(process: Process) -> Optional[str]:
    """The date of the next review (YYYY-MM-DD), or None when nothing says one."""
    review = process.review
    if review is None:
        return None
    if review.next:
        return review.next
    origin = (process.approval.on if process.approval else None) or process.effective
    if origin is None or review.interval is None:
        return None
    return add_interval(dt.date.fromisoformat(origin), *review.interval).isoformat()


def control_status(process: Process, build_date: str) -> ControlStatus:
    """The approval, in-force state and next review of `process` on `build_date`."""
    approval = process.approval
    in_force = None
    if process.effective:
        in_force = "since" if process.effective <= build_date else "from"
    upcoming = next_review(process)
    overdue = None
    if upcoming and upcoming < build_date:
        overdue = (dt.date.fromisoformat(build_date) - dt.date.fromisoformat(upcoming)).days
    return ControlStatus(approval.by if approval else None, approval.on if approval else None,
                         process.effective, in_force, upcoming, overdue)


def changed_since_approval(changes: Sequence[RevisionChange]) -> Optional[list[int]]:
    """Positions (in `changes`, newest first) of the revisions that changed the content
    after the approval was recorded, oldest first; None when no revision records one."""
    for position, change in enumerate(changes):
        if change.approval_changed:
            return [index for index in range(position - 1, -1, -1) if changes[index].content_changed]
    return None
