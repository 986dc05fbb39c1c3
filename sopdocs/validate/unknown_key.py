"""SOP101 — unknown key.

A mapping (the process, a lane, a step, a branch, a KPI, a problem, the calendar or the
arrivals; a duration range's keys are checked by SOP130) has
a key the format does not define. Usually a typo: the hint suggests the closest known
key. Unknown keys are errors so that a misspelt `duraton:` is not silently ignored.

```yaml
steps:
  - id: assign
    duraton: 2h     # SOP101: did you mean 'duration'?
```
"""

import difflib

from ..diagnostics import ERROR
from ..docwalk import table_name

CODE = "SOP101"
SEVERITY = ERROR
TITLE = "unknown key"


def check(context):
    """Yield a diagnostic for every key not in its mapping's table."""
    for table, node in context.mappings():
        for key, key_node, _ in node.pairs():
            if key in table:
                continue
            guess = difflib.get_close_matches(key, list(table), n=1, cutoff=0.6)
            hint = f"did you mean '{guess[0]}'?" if guess else "known keys: " + ", ".join(table)
            yield context.diagnostic(CODE, SEVERITY, key_node.line, key_node.col,
                                     f"unknown key '{key[:60]}' in {table_name(table)}", hint)
