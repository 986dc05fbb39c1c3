"""Formatting diagnostics for people (parsable), CI annotations (github) and tools (json)."""

from __future__ import annotations

import json

from .diagnostics import Diagnostic

FORMATS = ("parsable", "github", "json")


def format_parsable(diagnostics: list[Diagnostic]) -> str:
    """`path:line:col: severity[CODE] message`, with an indented hint line where there is one."""
    lines = []
    for d in diagnostics:
        lines.append(f"{d.path}:{d.line}:{d.col}: {d.severity}[{d.code}] {_one_line(d.message)}")
        if d.hint:
            lines.append(f"    hint: {_one_line(d.hint)}")
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _github_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if prop:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(diagnostics: list[Diagnostic]) -> str:
    """GitHub Actions workflow commands: one `::error`/`::warning` annotation per problem."""
    lines = []
    for d in diagnostics:
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        lines.append(
            f"::{d.severity} file={_github_escape(d.path, True)},line={d.line},col={d.col},"
            f"title={d.code}::{_github_escape(message)}"
        )
    return "\n".join(lines)


def format_json(diagnostics: list[Diagnostic], files: int) -> str:
    """A JSON object: the diagnostics and a summary (files, errors, warnings)."""
    errors = sum(d.is_error for d in diagnostics)
    payload = {
        "diagnostics": [d.as_dict() for d in diagnostics],
        "summary": {"files": files, "errors": errors, "warnings": len(diagnostics) - errors},
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)


def summary_line(diagnostics: list[Diagnostic], files: int) -> str:
    """`2 errors, 1 warning in 9 files` (or `9 files OK`)."""
    errors = sum(d.is_error for d in diagnostics)
    warnings = len(diagnostics) - errors
    noun = "file" if files == 1 else "files"
    if not diagnostics:
        return f"{files} {noun} OK"
    parts = [f"{errors} error{'s' if errors != 1 else ''}"] if errors else []
    if warnings:
        parts.append(f"{warnings} warning{'s' if warnings != 1 else ''}")
    return f"{', '.join(parts)} in {files} {noun}"
