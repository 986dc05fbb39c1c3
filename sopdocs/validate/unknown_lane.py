"""SOP107 — unknown lane.

A step's `lane` names no lane declared under `lanes:`. Every step is drawn inside its
lane, so the lane must exist. The hint suggests the closest lane id.
"""

import difflib

from ..diagnostics import ERROR

CODE = "SOP107"
SEVERITY = ERROR
TITLE = "unknown lane"


def check(context):
    """Yield a diagnostic for every step whose lane is not declared."""
    lanes_node = context.tree.get("lanes")
    if lanes_node is None or lanes_node.kind != "seq":
        return  # SOP102/SOP103 already report the missing or malformed lanes
    lane_ids = [lane.id for lane in context.process.lanes]
    for step in context.process.steps:
        if step.lane is None or step.lane in lane_ids:
            continue
        guess = difflib.get_close_matches(step.lane, lane_ids, n=1)
        hint = (f"did you mean '{guess[0]}'?" if guess
                else "declare it under 'lanes:' or use one of: " + ", ".join(lane_ids[:10]))
        yield context.diagnostic(CODE, SEVERITY, *context.where(step, "lane"),
                                 f"step '{step.id}' is in unknown lane '{step.lane}'", hint)
