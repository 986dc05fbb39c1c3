"""SOP140 — review without a schedule.

A `review` mapping says when the process is next looked at: `every` (how often: `6 months`,
`1 year`, `2 years`, also days and weeks) and/or `next` (the date of the next review,
YYYY-MM-DD). With neither, nothing can be due, and the document control page could not
list the process as overdue. Write at least one of them:

    review:
      every: 1 year        # the next review is then approval.on + 1 year
      next: 2026-06-30     # or give the date itself
"""

from ..diagnostics import ERROR

CODE = "SOP140"
SEVERITY = ERROR
TITLE = "review without a schedule"


def check(context):
    """Yield an error for a `review` mapping with neither `every` nor `next`."""
    tree = context.tree
    node = tree.get("review") if tree is not None and tree.kind == "map" else None
    if node is None or node.kind != "map":
        return
    if node.key_node("every") is None and node.key_node("next") is None:
        yield context.diagnostic(CODE, SEVERITY, node.line, node.col,
                                 "'review' has neither 'every' nor 'next', so no review is ever due",
                                 "add 'every: 1 year' (how often) or 'next: YYYY-MM-DD' (the next review date)")
