"""SOP117 — duplicate process id.

Two files in the handbook have the same process `id` (written, or the default derived
from the file's path). Process ids name pages, subprocess links and comparisons, so they
must be unique across the processes folder. The file that comes later in path order is
reported; give it its own `id`.
"""

from ..diagnostics import ERROR

CODE = "SOP117"
SEVERITY = ERROR
TITLE = "duplicate process id"


def check(context):
    """Yield a diagnostic when an earlier file already uses this process id."""
    process = context.process
    first = context.catalog.get(process.id)
    if first is None or first.path == process.path:
        return
    node = context.tree.get("id")
    where = (node.line, node.col) if node is not None else (1, 1)
    yield context.diagnostic(CODE, SEVERITY, *where,
                             f"process id '{process.id}' is already used by {first.path}",
                             "give this process its own 'id:'")
