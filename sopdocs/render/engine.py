"""Running the Graphviz layout: the system `dot`, or the `graphviz-pure` command.

`auto` uses `dot` when it is on PATH and otherwise `graphviz-pure` (installed with
sopdocs from PyPI, so a plain `pip install` is enough). The engine's warnings are
returned with the result rather than swallowed; a missing engine, a failing engine or
one that runs past the time limit raises SopdocsError with a message that says what to do.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import sysconfig
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..diagnostics import SopdocsError
from ..limits import DEFAULT_LIMITS

ENGINES = ("auto", "dot", "graphviz-pure")
FORMATS = ("svg", "plain", "dot", "json")


@dataclass(frozen=True)
class Layout:
    """The engine's output text, its warnings (one per line) and which engine ran."""

    output: str
    warnings: tuple[str, ...]
    engine: str


def _scripts_dirs() -> list[Path]:
    """Where pip puts console scripts for this interpreter (a venv's bin/ is often not
    on PATH when sopdocs is run as `.venv/bin/sopdocs` or `python -m sopdocs`)."""
    candidates = [Path(sysconfig.get_path("scripts")), Path(sys.executable).parent]
    user_scheme = f"{os.name}_user"
    if user_scheme in sysconfig.get_scheme_names():
        candidates.append(Path(sysconfig.get_path("scripts", user_scheme)))
    return candidates


def find_engine_command(name: str) -> Optional[str]:
    """Full path of the `dot` or `graphviz-pure` program, or None when absent."""
    found = shutil.which(name)
    if found or name == "dot":
        return found
    for folder in _scripts_dirs():
        found = shutil.which(name, path=str(folder))
        if found:
            return found
    return None


def resolve_engine(choice: str = "auto") -> tuple[str, str]:
    """(engine name, program path) for `auto`, `dot` or `graphviz-pure`."""
    if choice not in ENGINES:
        raise SopdocsError(f"unknown layout engine '{choice}'; use one of: {', '.join(ENGINES)}")
    names = ("dot", "graphviz-pure") if choice == "auto" else (choice,)
    for name in names:
        program = find_engine_command(name)
        if program:
            return name, program
    if choice == "dot":
        raise SopdocsError("the Graphviz `dot` program is not on PATH; install Graphviz"
                           " (e.g. apt-get install graphviz) or use --engine graphviz-pure")
    raise SopdocsError("no Graphviz layout engine found: `graphviz-pure` is missing"
                       + (" and `dot` is not on PATH" if choice == "auto" else "")
                       + "; reinstall sopdocs (pip install graphviz-pure) or install Graphviz")


def _warnings(stderr: str) -> tuple[str, ...]:
    """The engine's messages, one per line, with the `Warning:` prefixes trimmed."""
    lines = []
    for line in stderr.splitlines():
        text = line.strip()
        while text.lower().startswith("warning:"):
            text = text[len("warning:"):].strip()
        if text:
            lines.append(text)
    return tuple(lines)


def run_layout(dot_source: str, engine: str = "auto", output_format: str = "svg",
               timeout: Optional[float] = None, extra_args: tuple[str, ...] = ()) -> Layout:
    """Lay out `dot_source` with the chosen engine and return its output and warnings.

    `timeout` (seconds; default `Limits.engine_timeout_seconds`) stops a runaway
    layout: the engine process is killed and SopdocsError names it. `extra_args` go
    to the program before the input (e.g. `-Kneato -n2` for pinned positions).
    """
    if output_format not in FORMATS:
        raise ValueError(f"output_format must be one of {FORMATS}")
    name, program = resolve_engine(engine)
    limit = DEFAULT_LIMITS.engine_timeout_seconds if timeout is None else timeout
    stdout, stderr, returncode = _run_program(name, program, [f"-T{output_format}", *extra_args],
                                              dot_source.encode("utf-8"), limit)
    messages = _warnings(stderr.decode("utf-8", errors="replace"))
    if returncode != 0:
        detail = " ".join(messages) or f"exit status {returncode}"
        raise SopdocsError(f"the layout engine `{name}` failed: {detail}")
    return Layout(stdout.decode("utf-8", errors="replace"), messages, name)


def _run_program(name: str, program: str, arguments: list[str], data: bytes,
                 limit: float) -> tuple[bytes, bytes, int]:
    """Run the engine with a time limit; on timeout kill it (and anything it started)."""
    try:
        process = subprocess.Popen([program, *arguments], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=os.name == "posix")
    except OSError as error:
        raise SopdocsError(f"could not run the layout engine `{name}` ({program}): {error}") from None
    try:
        stdout, stderr = process.communicate(data, timeout=limit)
    except subprocess.TimeoutExpired:
        _kill(process)
        process.communicate()
        raise SopdocsError(
            f"the layout engine `{name}` ({program}) ran longer than {limit:g} s and was"
            " stopped; simplify the process or raise the engine_timeout_seconds limit"
        ) from None
    return stdout, stderr, process.returncode


def _kill(process: subprocess.Popen) -> None:
    """Kill the engine's whole process group on POSIX (it ran in its own session)."""
    if os.name == "posix":
        try:
            os.killpg(process.pid, signal.SIGKILL)
            return
        except ProcessLookupError:
            return
    process.kill()


def engine_version(engine: str = "auto") -> str:
    """The chosen engine's name, path and version (for cache keys): `dot -V` for
    Graphviz, the installed package's version for graphviz-pure."""
    name, program = resolve_engine(engine)
    if name == "graphviz-pure":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return f"{name} {program} {version('graphviz-pure')}"
        except PackageNotFoundError:
            return f"{name} {program} unknown"
    try:
        done = subprocess.run([program, "-V"], capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as error:
        raise SopdocsError(f"could not run the layout engine `{name}` ({program}): {error}") from None
    return f"{name} {program} " + done.stderr.decode("utf-8", errors="replace").strip()
