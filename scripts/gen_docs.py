"""Generate docs/rules.md (from the rules' docstrings) and docs/cli.md (from --help).

Run `python scripts/gen_docs.py` after changing a rule or a command; a test fails when
the committed files are out of date.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sopdocs.cli import cli  # noqa: E402
from sopdocs.validate import RULES  # noqa: E402


def rules_markdown() -> str:
    """docs/rules.md: one section per rule, its docstring as the text."""
    parts = [
        "# Validation rules\n",
        "`sopdocs validate` runs every rule over every file and reports all problems at once,",
        "as `path:line:col: severity[CODE] message` with a `hint:` line saying how to fix it.",
        "Errors make the command exit 1; warnings only with `--strict`. This page is generated",
        "from the rules' own documentation (`python scripts/gen_docs.py`).\n",
        "| code | severity | rule |",
        "|---|---|---|",
    ]
    for rule in RULES:
        parts.append(f"| {rule.CODE} | {rule.SEVERITY} | {rule.TITLE} |")
    parts.append("")
    for rule in RULES:
        doc = inspect.getdoc(rule) or ""
        title, _, body = doc.partition("\n")
        parts.append(f"## {title}\n")
        parts.append(body.strip() + "\n")
    return "\n".join(parts)


def _help(command: click.Command, path: list[str]) -> str:
    with click.Context(command, info_name=" ".join(path), terminal_width=100,
                       help_option_names=["-h", "--help"],
                       max_content_width=100) as context:
        return command.get_help(context)


def _walk(command: click.Command, path: list[str]):
    yield path, command
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from _walk(command.commands[name], path + [name])


def cli_markdown() -> str:
    """docs/cli.md: the --help text of every command."""
    parts = ["# Command-line reference\n",
             "Generated from `sopdocs --help` (`python scripts/gen_docs.py`).\n"]
    for path, command in _walk(cli, ["sopdocs"]):
        parts.append(f"## `{' '.join(path)}`\n")
        parts.append("```text\n" + _help(command, path).rstrip() + "\n```\n")
    return "\n".join(parts)


def main() -> None:
    """Write both generated pages."""
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "rules.md").write_text(rules_markdown(), encoding="utf-8")
    (ROOT / "docs" / "cli.md").write_text(cli_markdown(), encoding="utf-8")


if __name__ == "__main__":
    main()
