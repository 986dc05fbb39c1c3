"""SOP102 — missing required field.

A required key is absent. The process needs `title`, `lanes` and `steps`; a lane needs
`id`; a step needs `id` and `lane` (and `name`, except start and end steps); a branch
needs `to`; a KPI needs `name`; a problem needs `description`. The position is the start
of the mapping that lacks the key.
"""

from ..diagnostics import ERROR
from ..docwalk import table_name
from .. import fields

CODE = "SOP102"
SEVERITY = ERROR
TITLE = "missing required field"


def _required(table, node):
    names = [spec.name for spec in table.values() if spec.required]
    if table is fields.STEP:
        step_type = node.get("type")
        if step_type is None or step_type.raw not in ("start", "end"):
            names.insert(1, "name")
    return names


def check(context):
    """Yield a diagnostic for every required key a mapping lacks."""
    for table, node in context.mappings():
        for name in _required(table, node):
            if node.key_node(name) is not None:
                continue
            ident = node.get("id")
            which = f" '{ident.raw[:60]}'" if ident is not None and ident.kind == "scalar" else ""
            yield context.diagnostic(
                CODE, SEVERITY, node.line, node.col,
                f"{table_name(table)}{which} has no '{name}'",
                f"add '{name}:' ({table[name].description.rstrip('.')})",
            )
