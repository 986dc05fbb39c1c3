"""Running sopdocs in a subprocess with bounded time and memory.

`run_limited` starts `python -m sopdocs ARGS` (or any Python module) under
`RLIMIT_AS` (address space, default 2 GB: the Graphviz engine it starts inherits it) and
a wall-clock timeout; a runaway run fails the test instead of hanging CI or swapping.

`python -m tests.hostile.drive` (see drive.py) runs every command over one file inside
one such subprocess, so the heavy corpus files pay for one interpreter start each.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 2 * 1024 ** 3
TIME_LIMIT = 60.0


@dataclass(frozen=True)
class Outcome:
    """What a limited run returned, and how long it took."""

    returncode: int
    stdout: str
    stderr: str
    seconds: float


def memory_cap(memory_bytes: int):
    """A preexec_fn that caps the child's address space (RLIMIT_AS) at `memory_bytes`."""
    def apply() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    return apply


def limited_env(extra: Optional[dict] = None) -> dict:
    """The environment for a child: the tests' import path, no debug tracebacks."""
    env = {key: value for key, value in os.environ.items() if key != "SOPDOCS_DEBUG"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    env.update(extra or {})
    return env


def run_limited(args: list, cwd: Optional[Path] = None, timeout: float = TIME_LIMIT,
                memory_bytes: int = MEMORY_LIMIT, module: str = "sopdocs") -> Outcome:
    """Run `python -m MODULE ARGS` with a memory cap; raises AssertionError on timeout."""
    started = time.monotonic()
    try:
        result = subprocess.run([sys.executable, "-m", module, *map(str, args)], cwd=cwd,
                                capture_output=True, text=True, timeout=timeout,
                                env=limited_env(), preexec_fn=memory_cap(memory_bytes))
    except subprocess.TimeoutExpired:
        raise AssertionError(f"sopdocs {' '.join(map(str, args))} ran longer than {timeout} s") from None
    return Outcome(result.returncode, result.stdout, result.stderr, time.monotonic() - started)
