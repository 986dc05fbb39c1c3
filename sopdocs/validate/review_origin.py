"""SOP231 — review interval with nothing to count from (warning).

`review.every` says how often the process is reviewed, but the next review is counted
from the approval date (`approval.on`), else from `effective`; when the file has neither
and no `review.next`, no review date can be computed, so the process can never show as
overdue. Add the approval, the effective date, or the next review date:

    review:
      every: 1 year
      next: 2026-03-01     # or approval: {by: ..., on: ...}
"""

from ..diagnostics import WARNING
from ._improve import value_at

CODE = "SOP231"
SEVERITY = WARNING
TITLE = "review interval with nothing to count from"


def check(context):
    """Yield a warning for `review.every` without `next`, `approval` or `effective`."""
    process = context.process
    review = process.review if process is not None else None
    if review is None or review.next or review.interval is None or process.approval or process.effective:
        return
    line, col = value_at(context, review, "every")
    yield context.diagnostic(CODE, SEVERITY, line, col,
                             f"'review: every: {review.every}' has no date to count from, so no review is due",
                             "add 'next: YYYY-MM-DD' under review, or an approval with its date")
