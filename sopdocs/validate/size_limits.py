"""SOP116 — over a size limit.

A process has more steps than `max_steps` or more lanes than `max_lanes`, or a text
(a name, owner, branch label, input, KPI name...) longer than `max_label_chars`. Such a
process cannot be drawn readably and could exhaust the layout engine; split it into
subprocesses, or raise the limit in the handbook settings if it is really needed.
"""

from ..diagnostics import ERROR

CODE = "SOP116"
SEVERITY = ERROR
TITLE = "over a size limit"
_LONG_TEXT_KINDS = ("markdown",)


def _count(context, key, limit, setting):
    node = context.tree.get(key)
    if node is not None and node.kind == "seq" and len(node.items) > limit:
        yield context.diagnostic(
            CODE, SEVERITY, node.line, node.col,
            f"the process has {len(node.items):,} {key}, over the limit of {limit:,}",
            f"split it into subprocesses; the limit is the setting {setting}",
        )


def check(context):
    """Yield diagnostics for too many steps or lanes and for over-long labels."""
    limits = context.limits
    yield from _count(context, "steps", limits.max_steps, "max_steps")
    yield from _count(context, "lanes", limits.max_lanes, "max_lanes")
    for table, node in context.mappings():
        for key, _, value in node.pairs():
            spec = table.get(key)
            if spec is None or spec.kind in _LONG_TEXT_KINDS or value.kind != "scalar":
                continue
            if isinstance(value.raw, str) and len(value.raw) > limits.max_label_chars:
                yield context.diagnostic(
                    CODE, SEVERITY, value.line, value.col,
                    f"'{key}' is {len(value.raw):,} characters long, over the limit of"
                    f" {limits.max_label_chars:,}",
                    "shorten it (put detail in 'instructions'); the limit is the setting"
                    " max_label_chars",
                )
