"""Formatting diagnostics for people (parsable), CI annotations (github), GitLab's
code-quality report (gitlab) and tools (json)."""

from __future__ import annotations

import hashlib
import json

from .diagnostics import Diagnostic

FORMATS = ("parsable", "github", "gitlab", "json")


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


def format_gitlab(diagnostics: list[Diagnostic]) -> str:
    """GitLab's code-quality report (the Code Climate JSON subset GitLab reads): merge
    requests list the problems and mark the lines they are on."""
    issues = []
    for d in diagnostics:
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        identity = f"{d.path}\0{d.line}\0{d.col}\0{d.code}\0{d.message}"
        issues.append({
            "description": f"{d.code}: {_one_line(message)}",
            "check_name": d.code,
            "fingerprint": hashlib.sha256(identity.encode("utf-8")).hexdigest(),
            "severity": "major" if d.is_error else "minor",
            "location": {"path": d.path, "positions": {"begin": {"line": d.line, "column": d.col}}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2)


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
