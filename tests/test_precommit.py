"""The repository's .pre-commit-hooks.yaml, run by the real `pre-commit` tool on a handbook.

A handbook's .pre-commit-config.yaml names this repository (a snapshot of its working
tree, committed once) by path and revision, as a team names it by URL and tag, and
`pre-commit run` installs it into its own environment: that needs the package index
(pip's cache makes it quicker) and takes 40-90 s, once, as the cache is shared here.
(`pre-commit try-repo` would build a new environment on every call.)
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sopdocs.scaffold import STARTER, init_handbook
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={**os.environ, "GIT_AUTHOR_NAME": "T", "GIT_AUTHOR_EMAIL": "t@example.org",
                        "GIT_COMMITTER_NAME": "T", "GIT_COMMITTER_EMAIL": "t@example.org"})


def _run_hook(repo: Path, home: Path, hook_repo: Path):
    revision = subprocess.run(["git", "rev-parse", "HEAD"], cwd=hook_repo, check=True,
                              capture_output=True, text=True).stdout.strip()
    config = repo / ".pre-commit-config.yaml"
    config.write_text(f"repos:\n  - repo: {json.dumps(str(hook_repo))}\n    rev: {revision}\n"
                      "    hooks:\n      - id: sopdocs-validate\n", encoding="utf-8")
    _git(repo, "add", config.name)
    return subprocess.run([str(PRE_COMMIT), "run", "sopdocs-validate", "--all-files"],
                          cwd=repo, capture_output=True, text=True,
                          env={**os.environ, "PRE_COMMIT_HOME": str(home)})


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """pre-commit's cache, shared by the tests here so the hook's environment is built once."""
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory) -> Path:
    """This repository's files (tracked and new, as git sees them) committed into a
    repository of their own, so uncommitted work is tested too."""
    snapshot = tmp_path_factory.mktemp("hook-repo")
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            cwd=ROOT, check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        if (ROOT / name).is_file():
            (snapshot / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, snapshot / name)
    _git(snapshot, "init", "--quiet")
    _git(snapshot, "add", "-A")
    _git(snapshot, "commit", "--quiet", "-m", "snapshot")
    return snapshot


def test_hook_passes_clean_processes_and_stops_a_broken_one(tmp_path, home, hook_repo):
    repo = tmp_path / "handbook"
    init_handbook(repo)
    _git(repo, "init", "--quiet")
    _git(repo, "add", "-A")
    _git(repo, "commit", "--quiet", "-m", "Start the handbook")

    clean = _run_hook(repo, home, hook_repo)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "sopdocs validate" in clean.stdout and "Passed" in clean.stdout

    starter = repo / STARTER
    lines = starter.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith("    lane: finance"))
    lines[number] = "    lane: finanse\n"
    starter.write_text("".join(lines), encoding="utf-8")
    _git(repo, "add", "-A")
    broken = _run_hook(repo, home, hook_repo)
    assert broken.returncode == 1 and "Failed" in broken.stdout
    # the line is 1-based and "    lane: " is 10 characters, so the value starts at column 11
    assert (f"processes/quote-approval.yaml:{number + 1}:11: error[SOP107] step 'margin-check' "
            "is in unknown lane 'finanse'") in broken.stdout
    assert "hint: did you mean 'finance'?" in broken.stdout


def test_hook_skips_commits_without_process_files(tmp_path, home, hook_repo):
    repo = tmp_path / "handbook"
    repo.mkdir()
    (repo / "README.md").write_text("# Notes\n", encoding="utf-8")
    _git(repo, "init", "--quiet")
    _git(repo, "add", "-A")
    _git(repo, "commit", "--quiet", "-m", "Notes only")
    result = _run_hook(repo, home, hook_repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(no files to check)Skipped" in result.stdout
