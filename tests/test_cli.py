"""The command line: exit codes, output formats, help texts, and no tracebacks."""

import json
import os
import shutil
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


def _project(tmp_path, with_config: bool):
    """A folder with processes/ (one file with an unknown lane: SOP107) and, when asked,
    a mkdocs.yml, which makes it a sopdocs project."""
    (tmp_path / "processes").mkdir(parents=True)
    shutil.copy(INVALID / "unknown_lane.yaml", tmp_path / "processes" / "quote.yaml")
    if with_config:
        (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins: [sopdocs]\n", encoding="utf-8")
    return tmp_path


def test_validate_keeps_findings_in_the_project_cache_and_rechecks_an_edit(run_cli, tmp_path):
    project = _project(tmp_path, with_config=True)
    first = run_cli("validate", cwd=project)
    entries = sorted((project / ".sopdocs-cache" / "build").glob("*/*.entry"))
    assert len(entries) == 1  # one file checked, one entry
    for entry in entries:
        os.utime(entry, (1000, 1000))
    second = run_cli("validate", cwd=project)
    assert (second.exit_code, second.stdout, second.stderr) == (first.exit_code, first.stdout, first.stderr)
    assert "quote.yaml:10:11: error[SOP107]" in second.stdout
    assert entries[0].stat().st_mtime > 1000  # the second run read the entry ("last used")
    source = project / "processes" / "quote.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("lane: legl", "lane: legal"),
                      encoding="utf-8")
    fixed = run_cli("validate", cwd=project)
    assert fixed.exit_code == 0 and "SOP107" not in fixed.stdout  # checked again, not served stale
    assert len(list((project / ".sopdocs-cache" / "build").glob("*/*.entry"))) == 2


def test_validate_writes_no_cache_outside_a_project_or_with_no_cache(run_cli, tmp_path):
    plain = _project(tmp_path / "plain", with_config=False)
    assert run_cli("validate", cwd=plain).exit_code == 1
    assert not (plain / ".sopdocs-cache").exists()
    project = _project(tmp_path / "project", with_config=True)
    assert run_cli("validate", "--no-cache", cwd=project).exit_code == 1
    assert not (project / ".sopdocs-cache").exists()
    elsewhere = tmp_path / "cache-here"
    assert run_cli("validate", "--cache-dir", elsewhere, cwd=plain).exit_code == 1
    assert len(list(elsewhere.glob("*/*.entry"))) == 1
