"""SOP106 — duplicate step or lane id.

Two steps (or two lanes) share an id. Ids are how `next`, `lane` and links refer to
things, so each must be unique within its file. The second occurrence is reported; the
first is the one other rules use.
"""

from ..diagnostics import ERROR

CODE = "SOP106"
SEVERITY = ERROR
TITLE = "duplicate id"


def _duplicates(context, items, kind):
    first = {}
    for item in items:
        if item.id not in first:
            first[item.id] = item
            continue
        line = first[item.id].span.line if first[item.id].span else 0
        where = (item.span.line, item.span.col) if item.span else (1, 1)
        yield context.diagnostic(
            CODE, SEVERITY, *where,
            f"{kind} id '{item.id}' is already used at line {line}",
            f"give this {kind} a different id",
        )


def check(context):
    """Yield a diagnostic for every repeated step or lane id."""
    yield from _duplicates(context, context.process.lanes, "lane")
    yield from _duplicates(context, context.process.steps, "step")
