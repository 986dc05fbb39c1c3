"""Diagnostics: the small value every problem becomes, and the library's exceptions.

A diagnostic names the file, 1-based line and column, a stable code, a severity, what
is wrong and (where there is one) how to fix it. The library produces them; only the
CLI formats them for people or machines.
"""

from __future__ import annotations

from dataclasses import dataclass, field

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem found in a process file.

    Ordering is by position (path, line, column) and then code, so sorting a list of
    diagnostics gives the order a reader meets them in the file.
    """

    path: str
    line: int
    col: int
    code: str
    severity: str = field(compare=False)
    message: str = field(compare=False)
    hint: str = field(default="", compare=False)

    @property
    def is_error(self) -> bool:
        """True when this diagnostic makes validation fail (not just a warning)."""
        return self.severity == ERROR

    def as_dict(self) -> dict:
        """The JSON form used by `sopdocs validate --format json`."""
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": self.severity,
            "message": self.message,
            "hint": self.hint,
        }


class SopdocsError(Exception):
    """Base class of every error the library raises on purpose.

    The CLI catches this class at one boundary and prints the message without a
    traceback; anything else escaping is a bug.
    """


class InvalidProcessError(SopdocsError):
    """A process file (or several) has errors; `diagnostics` lists all of them."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = sorted(diagnostics)
        errors = [d for d in self.diagnostics if d.is_error]
        first = errors[0] if errors else self.diagnostics[0]
        super().__init__(
            f"{first.path}:{first.line}:{first.col}: {first.message}"
            + (f" (and {len(errors) - 1} more)" if len(errors) > 1 else "")
        )
