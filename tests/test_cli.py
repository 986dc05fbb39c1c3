"""The command line: exit codes, output formats, help texts, and no tracebacks."""

import json
import subprocess
import sys

import click
import pytest

from sopdocs.cli import cli
from tests.conftest import FIXTURES, PROCESSES, ROOT

INVALID = FIXTURES / "invalid"


def _commands(group: click.Group, prefix=()):
    for name, command in sorted(group.commands.items()):
        yield prefix + (name,), command
        if isinstance(command, click.Group):
            yield from _commands(command, prefix + (name,))


def test_every_command_has_help_with_an_example(run_cli):
    commands = list(_commands(cli))
    assert len(commands) >= 4
    for path, _ in [((), cli)] + commands:
        result = run_cli(*path, "--help")
        assert result.exit_code == 0, path
        assert "Example:" in result.stdout and "sopdocs " in result.stdout.split("Example:")[1], path


@pytest.mark.parametrize("name", sorted(p.name for p in INVALID.glob("*.yaml")))
def test_validate_invalid_files_without_traceback(run_cli, name):
    result = run_cli("validate", INVALID / name)
    assert "Traceback" not in result.stdout + result.stderr
    assert "internal error" not in result.stderr
    warnings_only = name in ("bom.yaml", "warnings.yaml", "language_missing.yaml", "language_script.yaml",
                             "approval_late.yaml", "review_origin.yaml")  # issue 16: SOP230, SOP231
    assert result.exit_code == (0 if warnings_only else 1)
    assert f"{name}:" in result.stdout


def test_strict_makes_warnings_fail(run_cli):
    assert run_cli("validate", INVALID / "warnings.yaml").exit_code == 0
    assert run_cli("validate", "--strict", INVALID / "warnings.yaml").exit_code == 1


def test_usage_error_exit_code(run_cli):
    assert run_cli("validate", "no/such/file.yaml").exit_code == 2
    assert run_cli("validate", "--format", "xml", INVALID / "tabs.yaml").exit_code == 2


def test_parsable_format_line_and_hint(run_cli):
    result = run_cli("validate", INVALID / "unknown_lane.yaml")
    lines = result.stdout.splitlines()
    error = next(i for i, line in enumerate(lines) if "error[SOP107]" in line)
    assert lines[error].endswith("unknown_lane.yaml:10:11: error[SOP107] step 'review' is in unknown lane 'legl'")
    assert lines[error + 1] == "    hint: did you mean 'legal'?"
    assert result.stderr.strip() == "1 error, 1 warning in 1 file"


def test_github_format(run_cli):
    result = run_cli("validate", "--format", "github", INVALID / "unknown_target.yaml")
    (line,) = result.stdout.splitlines()
    assert line.startswith("::error file=")
    assert ",line=12,col=9,title=SOP108::step 'call' leads to unknown step 'qualfy'" in line


def test_json_format(run_cli):
    result = run_cli("validate", "--format", "json", INVALID / "five_mistakes.yaml")
    payload = json.loads(result.stdout)
    assert payload["summary"] == {"files": 1, "errors": 5, "warnings": 0}
    assert [d["code"] for d in payload["diagnostics"]] == ["SOP104", "SOP105", "SOP107", "SOP101", "SOP113"]


def test_samples_validate_clean(run_cli):
    result = run_cli("validate", "--strict", PROCESSES)
    assert result.exit_code == 0, result.stdout
    assert result.stderr.strip().endswith("files OK")


def test_new_writes_a_valid_file(run_cli, tmp_path):
    result = run_cli("new", "quote-review", "--lanes", "Sales, Legal ,Finance", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    written = tmp_path / "processes" / "quote-review.yaml"
    text = written.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../sopdocs.schema.json\n")
    check = run_cli("validate", "--strict", written)
    assert check.exit_code == 0, check.stdout
    again = run_cli("new", "quote-review", cwd=tmp_path)
    assert again.exit_code == 1 and "already exists" in again.stderr


def test_new_rejects_bad_id(run_cli, tmp_path):
    result = run_cli("new", "bad id!", cwd=tmp_path)
    assert result.exit_code == 2


def test_console_script_and_module_agree():
    # the installed entry point and `python -m sopdocs` are the same program
    by_module = subprocess.run([sys.executable, "-m", "sopdocs", "validate", str(INVALID / "tabs.yaml")],
                               capture_output=True, text=True, cwd=ROOT)
    assert by_module.returncode == 1
    assert "error[SOP003] tab character used for indentation" in by_module.stdout
    assert "Traceback" not in by_module.stderr
