"""SOP131 — loop that never ends.

Every step of a loop can reach an end, but the branch probabilities never let the flow
out: e.g. a decision sends the work back with probability 1 and its way out has
probability 0 (or shares nothing of what the given probabilities leave). The expected
lead time is then infinite, so the forecast has no expectations and no simulation. The
diagnostic is placed on the probability of the branch that goes back (else on the first
trapped step) and names the way out. Give the way out a probability above 0:

```yaml
  - id: approved
    type: decision
    next:
      - {to: draft, when: changes needed, probability: 1.0}   # SOP131 here
      - {to: sign, when: "yes"}                                # gets 1 − 1.0 = 0
```

Fix: `probability: 0.2` on the way back (the "yes" branch then gets 0.8).

(A loop with no way out at all, whatever the probabilities, is SOP110 and is not
reported again here.)
"""

from ..diagnostics import ERROR
from ..graph import back_edges, can_reach_end, reachable

CODE = "SOP131"
SEVERITY = ERROR
TITLE = "loop that never ends"


def check(context):
    """Yield one diagnostic when the branch probabilities trap the flow in a loop."""
    from ..analysis.expected import never_ending

    process = context.process
    if all(link.probability is None for step in process.steps for link in step.next):
        return  # branches without probabilities share equally: every loop has a way out
    structural = reachable(process) - can_reach_end(process)  # SOP110 reports these
    stuck = set(never_ending(process)) - structural
    if not stuck:
        return
    trapped = [step for step in process.steps if step.id in stuck]
    where, back, way_out = _back_link(context, trapped, stuck)
    listed = ", ".join(step.id for step in trapped[:8]) + (
        f" and {len(trapped) - 8} more" if len(trapped) > 8 else "")
    message = f"the branch probabilities never let the flow leave the loop through {listed}"
    if back is not None:
        message += f" ('{back[0]}' goes back to '{back[1]}' with probability {back[2]:g})"
    hint = ("give the way out a probability above 0"
            + (f": the branch of '{way_out[0]}' to '{way_out[1]}'" if way_out else ""))
    yield context.diagnostic(CODE, SEVERITY, *where, message, hint)


def _back_link(context, trapped, stuck):
    """(line, col) of the probability of the link that keeps the flow in the loop, that
    link as (from, to, probability), and a way out as (from, to)."""
    process = context.process
    loops = set(back_edges(process))
    way_out = next(((step.id, link.to) for step in trapped for link in step.next
                    if link.to not in stuck), None)
    candidates = [(step, link) for step in trapped for link in step.next
                  if link.to in stuck and link.probability is not None]
    candidates.sort(key=lambda pair: (pair[0].id, pair[1].to) not in loops)  # back edges first
    if not candidates:
        return context.where(trapped[0]), None, way_out
    step, link = candidates[0]
    where = context.where(step, "next")
    if link.span is not None:
        node = context.node_at(link.span.line, link.span.col)
        value = node.get("probability") if node is not None else None
        where = (value.line, value.col) if value is not None else (link.span.line, link.span.col)
    return where, (step.id, link.to, link.probability), way_out
