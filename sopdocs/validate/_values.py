"""Shared by the rules that check values against the field tables."""

from ..docwalk import classify, mappings


def findings(context, code):
    """(node, finding) for every value whose problem carries `code`."""
    for table, node in mappings(context.tree):
        for key, _, value in node.pairs():
            spec = table.get(key)
            if spec is None:
                continue
            finding = classify(spec, value)
            if finding is not None and finding.code == code:
                yield (finding.at or value), finding


def check_code(context, code, severity):
    """Diagnostics with `code` for every value it applies to."""
    for node, finding in findings(context, code):
        yield context.diagnostic(code, severity, node.line, node.col, finding.message, finding.hint)
