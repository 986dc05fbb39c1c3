"""Atomic outputs: a killed or failed command never leaves a broken site or a half file.

`build` writes into `.site.building-*` beside site/ and swaps it in only when MkDocs
succeeded; a build killed with SIGKILL or SIGTERM midway leaves the previous site/
byte-for-byte intact, and the next build removes the stale temporary folder. `render
-o` writes a temporary file and renames it: an engine that fails, writes garbage or is
killed leaves no output file (and an existing one unchanged).
"""

from __future__ import annotations

import hashlib
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sopdocs import atomic
from sopdocs.load import load_file
from tests.conftest import FIXTURES, sample_files
from tests.hostile.runner import limited_env, run_limited
from tests.hostile.sites import make_project

FLOW = FIXTURES / "flowchart" / "contract-approval.yaml"


def snapshot(folder: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file under `folder` (and '/' for folders)."""
    return {path.relative_to(folder).as_posix(): (hashlib.sha256(path.read_bytes()).hexdigest()
                                                  if path.is_file() else "/")
            for path in sorted(folder.rglob("*"))}


def temporary_folders(project: Path) -> list[Path]:
    """The build's temporary folders beside site/."""
    return sorted(project.glob(".site.building-*"))


@pytest.fixture(scope="module")
def built_project(tmp_path_factory):
    """A project with a few sample processes (a build of ~3 s) and a good site/."""
    standalone = [path for path in sample_files() if not load_file(path).process.baseline]
    files = {path.name: path for path in standalone[:3]}
    assert len(files) == 3
    project = make_project(tmp_path_factory.mktemp("atomic") / "project", files)
    outcome = run_limited(["build", "-d", "site"], cwd=project, timeout=300)
    assert outcome.returncode == 0, outcome.stderr
    return project


def _kill_midway(project: Path, signal_number: int) -> None:
    """Start a build, wait until MkDocs has written files into the temporary folder,
    then send the signal and wait for the process to end."""
    earlier = set(temporary_folders(project))  # left by an earlier killed build
    build = subprocess.Popen([sys.executable, "-m", "sopdocs", "build", "-d", "site"], cwd=project,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=limited_env())
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and build.poll() is None:
            if any(any(folder.rglob("*.html")) for folder in set(temporary_folders(project)) - earlier):
                break
            time.sleep(0.01)
        assert build.poll() is None, "the build ended before it could be interrupted"
        build.send_signal(signal_number)
        assert build.wait(timeout=60) == -signal_number
    finally:
        if build.poll() is None:
            build.kill()
            build.wait()


@pytest.mark.slow
@pytest.mark.parametrize("signal_number", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_a_build_killed_midway_leaves_the_previous_site_intact(built_project, signal_number):
    before = snapshot(built_project / "site")
    assert "index.html" in before and len(before) > 50
    earlier = set(temporary_folders(built_project))
    _kill_midway(built_project, signal_number)
    assert snapshot(built_project / "site") == before
    # the killed build's half-written folder is still there (cleaned by the next build)
    left = set(temporary_folders(built_project)) - earlier
    assert len(left) == 1 and any(next(iter(left)).rglob("*.html")), "not interrupted midway"


@pytest.mark.slow
def test_the_next_build_removes_stale_temporary_folders(built_project):
    stale = built_project / ".site.building-stale"
    stale.mkdir(exist_ok=True)
    (stale / "index.html").write_text("half", encoding="utf-8")
    unrelated = built_project / ".other.building-keep"
    unrelated.mkdir(exist_ok=True)
    outcome = run_limited(["build", "-d", "site"], cwd=built_project, timeout=300)
    assert outcome.returncode == 0, outcome.stderr
    assert temporary_folders(built_project) == []
    assert unrelated.is_dir()  # only this site's temporary folders are removed
    assert (built_project / "site" / "index.html").is_file()


def _fake_dot(folder: Path, script: str) -> Path:
    """A `dot` program on PATH that does what `script` says."""
    folder.mkdir(exist_ok=True)
    program = folder / "dot"
    program.write_text("#!/bin/sh\ncat > /dev/null\n" + script + "\n", encoding="utf-8")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return folder


@pytest.mark.parametrize("script", [
    "printf '<svg xmlns=\"http://www.w3.org/2000/svg\"><g'; echo 'Error: out of memory' >&2; exit 1",
    "printf '<svg xmlns=\"http://www.w3.org/2000/svg\"><g class=\"graph\"><text>half'",
], ids=["engine-fails", "engine-writes-half-an-svg"])
@pytest.mark.parametrize("existing", [False, True], ids=["no-output-yet", "existing-output"])
def test_render_o_leaves_no_partial_output(script, existing, run_cli, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", f"{_fake_dot(tmp_path / 'bin', script)}{os.pathsep}{os.environ['PATH']}")
    output = tmp_path / "out.svg"
    if existing:
        output.write_text("previous good output", encoding="utf-8")
    result = run_cli("render", "flowchart", FLOW, "--engine", "dot", "-o", output)
    assert result.exit_code == 1, result.stdout + result.stderr
    assert result.stderr.startswith("error: ") and "contract-approval" in result.stderr
    if existing:
        assert output.read_text(encoding="utf-8") == "previous good output"
    else:
        assert not output.exists()
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(
        ["bin"] + (["out.svg"] if existing else []))  # no temporary file left either


def test_render_o_killed_during_layout_leaves_the_old_output(tmp_path):
    started = tmp_path / "engine-started"
    bin_folder = _fake_dot(tmp_path / "bin", f"echo $$ > {started}; sleep 30")
    output = tmp_path / "out.svg"
    output.write_text("previous good output", encoding="utf-8")
    env = limited_env({"PATH": f"{bin_folder}{os.pathsep}{os.environ['PATH']}"})
    render = subprocess.Popen([sys.executable, "-m", "sopdocs", "render", "flowchart", str(FLOW),
                               "--engine", "dot", "-o", str(output)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while not (started.exists() and started.read_text().strip()) and time.monotonic() < deadline:
            time.sleep(0.01)
        assert started.exists(), "the fake engine never started"
        render.kill()
        render.wait(timeout=30)
    finally:
        if started.exists() and started.read_text().strip():
            try:  # the engine runs in its own session; end it too
                os.kill(int(started.read_text()), signal.SIGKILL)
            except ProcessLookupError:
                pass
    assert output.read_text(encoding="utf-8") == "previous good output"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["bin", "engine-started", "out.svg"]


def test_write_text_atomic_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")

    def failing_replace(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", failing_replace)
    with pytest.raises(OSError, match="disk full"):
        atomic.write_text_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [path.name for path in tmp_path.iterdir()] == ["report.md"]


def test_swap_directory_replaces_a_folder_and_removes_the_old_one(tmp_path):
    target, new = tmp_path / "site", tmp_path / ".site.building-x"
    target.mkdir()
    (target / "old.html").write_text("old", encoding="utf-8")
    new.mkdir()
    (new / "new.html").write_text("new", encoding="utf-8")
    (tmp_path / ".site.old").mkdir()  # left over by a swap that was killed between renames
    atomic.swap_directory(new, target)
    assert snapshot(target) == {"new.html": hashlib.sha256(b"new").hexdigest()}
    assert sorted(path.name for path in tmp_path.iterdir()) == ["site"]


def test_a_swap_killed_between_its_renames_is_recovered(tmp_path):
    from sopdocs.atomic import recover_interrupted_swap, swap_directory

    site, old = tmp_path / "site", tmp_path / ".site.old"
    old.mkdir()
    (old / "index.html").write_text("previous", encoding="utf-8")
    # the state a kill between `site → .site.old` and `new → site` leaves behind
    assert recover_interrupted_swap(site) is True
    assert (site / "index.html").read_text(encoding="utf-8") == "previous"
    assert not old.exists()
    assert recover_interrupted_swap(site) is False  # nothing to do when site/ exists
    new = tmp_path / "new"
    new.mkdir()
    (new / "index.html").write_text("next", encoding="utf-8")
    swap_directory(new, site)
    assert (site / "index.html").read_text(encoding="utf-8") == "next" and not old.exists()
