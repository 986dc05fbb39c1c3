"""SOP212 — open action without owner or due date.

A responsibility table is only useful when every open measure has someone responsible
and a date; an action that is not `done` and lacks `owner` or `due` gets this warning.
"""

from ..diagnostics import WARNING
from ._improve import node_of, short

CODE = "SOP212"
SEVERITY = WARNING
TITLE = "open action without owner or due date"


def check(context):
    """Yield a diagnostic for every open action missing its owner or due date."""
    for number, action in enumerate(context.process.actions, 1):
        node = node_of(context, action)
        # a value that is there but malformed is reported by its own rule, not as missing
        missing = [key for key in ("owner", "due")
                   if not getattr(action, key) and (node is None or node.get(key) is None)]
        if not action.is_open or not missing:
            continue
        where = (action.span.line, action.span.col) if action.span else (1, 1)
        yield context.diagnostic(CODE, SEVERITY, *where,
                                 f"action {number} ('{short(action.what)}') has no {' and no '.join(missing)}",
                                 "add " + " and ".join(f"'{key}:'" for key in missing)
                                 + " (due as YYYY-MM-DD)")
