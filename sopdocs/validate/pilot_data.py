"""SOP211 — pilot data incomplete.

The pilot evaluation table compares each KPI's `before` and `after` values, measured in
the periods of the process's `pilot:`. This warns when a KPI has only one of the two
values, when KPIs carry pilot values but the process has no `pilot:` (the table would
not say where or when they were measured), and when a `pilot:` is given but no KPI has
both values (the table would be empty).
"""

from ..diagnostics import WARNING

CODE = "SOP211"
SEVERITY = WARNING
TITLE = "pilot data incomplete"


def check(context):
    """Yield a diagnostic for each gap in the pilot's data."""
    process = context.process
    measured = [kpi for kpi in process.kpis if kpi.before is not None and kpi.after is not None]
    for kpi in process.kpis:
        if (kpi.before is None) != (kpi.after is None):
            missing = "after" if kpi.after is None else "before"
            where = (kpi.span.line, kpi.span.col) if kpi.span else (1, 1)
            yield context.diagnostic(CODE, SEVERITY, *where,
                                     f"KPI '{kpi.name}' has no '{missing}' value",
                                     f"add '{missing}:' with the value measured in the pilot's {missing} period")
    if measured and process.pilot is None:
        kpi = measured[0]
        where = (kpi.span.line, kpi.span.col) if kpi.span else (1, 1)
        yield context.diagnostic(CODE, SEVERITY, *where,
                                 f"KPI '{kpi.name}' has pilot values but the process has no 'pilot:'",
                                 "add pilot: {scope: ..., before: {period: ...}, after: {period: ...}}")
    if process.pilot is not None and not measured:
        span = process.pilot.span
        yield context.diagnostic(CODE, SEVERITY, *((span.line, span.col) if span else (1, 1)),
                                 "the pilot has no KPI with both 'before' and 'after' values",
                                 "add before: and after: to the KPIs measured in the pilot")
