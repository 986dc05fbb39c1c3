"""When each process file last changed, from git (empty when not in a git repository)."""

from __future__ import annotations

import subprocess
from pathlib import Path


def last_changes(root: Path) -> dict[str, str]:
    """Path (resolved) → date (YYYY-MM-DD) of the last commit that touched it."""
    try:
        top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True,
                             text=True, timeout=10)
        if top.returncode != 0:
            return {}
        log = subprocess.run(["git", "log", "--format=@%cs", "--name-only", "--no-renames", "--", "."],
                             cwd=root, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return {}
    if log.returncode != 0:
        return {}
    base, dates, current = Path(top.stdout.strip()), {}, ""
    for line in log.stdout.splitlines():
        if line.startswith("@"):
            current = line[1:]
        elif line.strip():
            dates.setdefault(str((base / line).resolve()), current)
    return dates
