"""Running the layout engine: choosing it, surfacing its warnings, clear errors when it
is missing, fails or hangs (and the hung process is killed)."""

import os
import shutil
import stat
import time

import pytest

from sopdocs.diagnostics import SopdocsError
from sopdocs.render import engine as engine_module
from sopdocs.render.engine import find_engine_command, resolve_engine, run_layout
from sopdocs.render.flowchart import relevant_warnings

HAVE_DOT = shutil.which("dot") is not None
HAVE_PURE = find_engine_command("graphviz-pure") is not None
ENGINES = [
    pytest.param("dot", marks=pytest.mark.skipif(not HAVE_DOT, reason="Graphviz `dot` is not installed"
                                                 " (scripts/install-os-deps.sh installs it)")),
    pytest.param("graphviz-pure", marks=pytest.mark.skipif(not HAVE_PURE,
                                                           reason="graphviz-pure is not installed")),
]


def _fake_engine(folder, name, script):
    path = folder / name
    path.write_text("#!/bin/sh\n" + script + "\n", encoding="utf-8")
    path.chmod(path.stat().st_mode | stat.S_IEXEC)
    return path


@pytest.mark.parametrize("name", ENGINES)
def test_each_engine_lays_out_and_returns_svg(name):
    layout = run_layout('digraph { a -> b }', engine=name)
    assert layout.engine == name
    assert "<svg" in layout.output and layout.warnings == ()


@pytest.mark.parametrize("name", ENGINES)
def test_engine_warnings_are_returned_not_swallowed(name):
    layout = run_layout("digraph { a [shape=nosuchshape] }", engine=name)
    assert any("nosuchshape" in warning for warning in layout.warnings), layout.warnings


@pytest.mark.parametrize("name", ENGINES)
def test_a_failing_engine_raises_a_clear_error(name):
    with pytest.raises(SopdocsError, match=f"layout engine `{name}` failed: .*syntax"):
        run_layout("digraph { a -> }", engine=name)


def test_auto_prefers_dot_and_falls_back_to_graphviz_pure(tmp_path, monkeypatch):
    if HAVE_DOT:
        assert resolve_engine("auto")[0] == "dot"
    monkeypatch.setenv("PATH", str(tmp_path))  # no dot on PATH any more
    assert find_engine_command("dot") is None
    if HAVE_PURE:  # found beside the interpreter even when its folder is not on PATH
        assert resolve_engine("auto")[0] == "graphviz-pure"


def test_missing_engines_give_a_clear_message(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SopdocsError, match="`dot` program is not on PATH.*graphviz-pure"):
        resolve_engine("dot")
    monkeypatch.setattr(engine_module, "_scripts_dirs", lambda: [tmp_path])
    with pytest.raises(SopdocsError, match="no Graphviz layout engine found"):
        run_layout("digraph { a }", engine="auto")
    with pytest.raises(SopdocsError, match="unknown layout engine 'neato'"):
        resolve_engine("neato")


def _alive(pid: int) -> bool:
    """True while the process exists and is not a zombie (Linux /proc)."""
    try:
        stat_text = open(f"/proc/{pid}/stat", encoding="utf-8").read()
    except FileNotFoundError:
        return False
    return stat_text.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="checks processes through /proc")
def test_a_hung_engine_is_killed_at_the_time_limit(tmp_path, monkeypatch):
    pid_file = tmp_path / "child.pid"
    sleep = shutil.which("sleep")
    # the fake `dot` starts a child that would outlive a plain kill of the shell
    _fake_engine(tmp_path, "dot", f"{sleep} 30 & echo $! > {pid_file}; wait")
    monkeypatch.setenv("PATH", str(tmp_path))
    started = time.monotonic()
    with pytest.raises(SopdocsError, match=r"`dot` .* ran longer than 0.5 s and was stopped"):
        run_layout("digraph { a }", engine="dot", timeout=0.5)
    assert time.monotonic() - started < 10  # not the 30 s the engine wanted
    child = int(pid_file.read_text())
    deadline = time.monotonic() + 5
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child), "the engine's child process survived the timeout"


@pytest.mark.skipif(os.name != "posix", reason="the fake engine is a shell script")
def test_an_engine_that_cannot_start_is_reported(tmp_path, monkeypatch):
    broken = tmp_path / "dot"
    broken.write_text("not a program", encoding="utf-8")
    broken.chmod(broken.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(SopdocsError, match="could not run the layout engine `dot`"):
        run_layout("digraph { a }", engine="dot")


def test_only_font_metric_warnings_are_dropped():
    warnings = ("no value for width of non-ASCII character 228. Falling back to width of space character",
                "no hard-coded metrics for 'Noto Sans'.  Falling back to 'Times' metrics",
                "using box for unknown shape nosuchshape")
    assert relevant_warnings(warnings) == ("using box for unknown shape nosuchshape",)
