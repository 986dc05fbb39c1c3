"""Shared by the rules that check values against the field tables."""


def findings(context, code):
    """(node, finding) for every value whose problem carries `code`."""
    return context.findings().get(code, [])


def check_code(context, code, severity):
    """Diagnostics with `code` for every value it applies to."""
    for node, finding in findings(context, code):
        yield context.diagnostic(code, severity, node.line, node.col, finding.message, finding.hint)
