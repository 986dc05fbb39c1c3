"""Real git repositories for tests (issue 16): commits with pinned dates and authors."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

LANES = "lanes:\n  - {id: sales, name: Sales, owner: Rep}\n"


def process_text(title: str, steps: list[tuple[str, str]], head: str = "", lanes: str = LANES) -> str:
    """A valid process file: `steps` as (id, duration) in lane sales, in a chain."""
    lines = [f"title: {title}", "owner: Head of Sales"]
    lines += [head.rstrip("\n")] if head else []
    lines += [lanes.rstrip("\n"), "steps:"]
    for index, (step_id, duration) in enumerate(steps):
        lines += [f"  - id: {step_id}", f"    name: Step {step_id}", "    lane: sales",
                  f"    duration: {duration}"]
        if index + 1 < len(steps):
            lines.append(f"    next: {steps[index + 1][0]}")
    return "\n".join(lines) + "\n"


class Repo:
    """A git repository in a folder; `commit` stages everything and commits it."""

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, env: dict | None = None) -> str:
        done = subprocess.run(["git", "-c", "commit.gpgsign=false", *args], cwd=self.folder, check=True,
                              capture_output=True, text=True, env={**os.environ, **(env or {})})
        return done.stdout

    def write(self, path: str, text: str) -> None:
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, subject: str, date: str, author: str = "Alice Example",
               email: str = "alice@example.com") -> str:
        """Commit everything with author and committer `author <email>` on `date` (noon UTC)."""
        stamp = f"{date}T12:00:00+00:00"
        env = {"GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": stamp,
               "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": stamp}
        self.git("add", "-A")
        self.git("commit", "-q", "-m", subject, env=env)
        return self.git("rev-parse", "HEAD").strip()
