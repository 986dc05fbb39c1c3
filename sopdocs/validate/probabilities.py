"""SOP112 — bad branch probabilities.

A branch `probability` must lie between 0 and 1, and the probabilities of one step's
branches must not add up to more than 1 (they may add up to less: the rest is shared by
the branches without one). The expected path follows the most probable branch.
"""

from ..diagnostics import ERROR

CODE = "SOP112"
SEVERITY = ERROR
TITLE = "bad probabilities"


def check(context):
    """Yield diagnostics for out-of-range probabilities and sums above 1."""
    for step in context.process.steps:
        given = [link for link in step.next if link.probability is not None]
        for link in given:
            if not 0 <= link.probability <= 1:
                where = (link.span.line, link.span.col) if link.span else context.where(step)
                yield context.diagnostic(
                    CODE, SEVERITY, *where,
                    f"probability {link.probability:g} of branch to '{link.to}' is outside 0..1",
                    "write a share between 0 and 1, e.g. 0.3 for 30%",
                )
        total = sum(link.probability for link in given)
        if total > 1 + 1e-9 and all(0 <= link.probability <= 1 for link in given):
            yield context.diagnostic(
                CODE, SEVERITY, *context.where(step, "next"),
                f"branch probabilities of '{step.id}' add up to {total:g}, more than 1",
                "lower them so they add up to 1 at most",
            )
