"""The hostile-input corpus: every file, what it must give, and the commands run over it.

Small files are committed under tests/fixtures/ (hostile/, invalid/, valid/); big or
machine-specific ones (a 50 MB file, billion laughs, 10,000-level nesting, 5,000 steps,
1,000 lanes, symlinks) are written at test time by the `make` functions here, so nothing
huge or host-dependent is in git.

A case's `expect` is "ok" (it is valid: every command succeeds and renders it) or the
diagnostic code every command must report (exit 1). `heavy` cases run in a subprocess
with bounded memory and time (see runner.py and drive.py).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from tests.conftest import FIXTURES

VALID = FIXTURES / "diff" / "base.yaml"  # the valid file every hostile one is diffed against
SECRET = "SECRET-OUTSIDE-THE-PROCESSES-FOLDER"  # the title of files a process must not read


@dataclass(frozen=True)
class Case:
    """One corpus file: how to make it (in a scratch folder) and what it must give."""

    name: str
    expect: str
    make: Callable[[Path], Path]
    heavy: bool = False


@dataclass(frozen=True)
class Command:
    """One CLI command over a file: its arguments, and the output file it writes."""

    name: str
    args: Callable[[Path, Path], list]  # (file, output folder) → arguments
    output: Optional[str] = None  # file name in the output folder
    kind: Optional[str] = None  # svg, dot, mermaid, markdown, bpmn: how to check the output


COMMANDS = (
    Command("validate", lambda f, out: ["validate", f]),
    Command("flowchart-svg", lambda f, out: ["render", "flowchart", f, "-o", out / "flowchart.svg"],
            "flowchart.svg", "svg"),
    Command("flowchart-dot", lambda f, out: ["render", "flowchart", f, "--format", "dot", "-o",
                                             out / "flowchart.dot"], "flowchart.dot", "dot"),
    Command("timeline", lambda f, out: ["render", "timeline", f, "-o", out / "timeline.svg"],
            "timeline.svg", "svg"),
    Command("mermaid", lambda f, out: ["render", "mermaid", f, "-o", out / "flow.mmd"],
            "flow.mmd", "mermaid"),
    Command("mermaid-gantt", lambda f, out: ["render", "mermaid", "--timeline", f, "-o",
                                             out / "gantt.mmd"], "gantt.mmd", "mermaid"),
    Command("metrics", lambda f, out: ["metrics", f]),
    Command("diff-as-old", lambda f, out: ["diff", f, VALID, "--format", "markdown", "-o",
                                           out / "old.md"], "old.md", "markdown"),
    Command("diff-as-new", lambda f, out: ["diff", VALID, f, "--format", "markdown", "-o",
                                           out / "new.md"], "new.md", "markdown"),
    Command("export-bpmn", lambda f, out: ["export", "bpmn", f, "-o", out / "process.bpmn"],
            "process.bpmn", "bpmn"),
    # issue 12: the survey spreadsheet
    Command("export-survey", lambda f, out: ["export", "survey", f, "-o", out / "survey.xlsx"],
            "survey.xlsx", "xlsx"),
)


def fixture(relative: str) -> Callable[[Path], Path]:
    """A committed fixture file, used where it is."""
    return lambda folder: FIXTURES / relative


def _write(name: str, text: str) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_text(text, encoding="utf-8")
        return path
    return make


def process_text(steps: int, lanes: int = 1, branching: bool = False) -> str:
    """A valid process of `steps` steps over `lanes` lanes (steps take turns by threes).

    With `branching`, every tenth step is a decision with a likely branch to the next
    step, a skip over one step and a rework loop five steps back: a layout that `dot`
    needs minutes for at 1,000 steps.
    """
    lines = ["title: Generated process", "lanes:"]
    lines += [f"  - {{id: l{i}, name: Lane {i}, owner: Owner {i}}}" for i in range(lanes)]
    lines.append("steps:")
    for i in range(steps):
        lane = f"l{(i // 3) % lanes}"
        if branching and i % 10 == 9 and i < steps - 2:
            lines += [f"  - id: s{i}", f"    name: Decision {i}?", "    type: decision",
                      f"    lane: {lane}", "    next:",
                      f"      - {{to: s{i + 1}, when: 'yes', probability: 0.8}}",
                      f"      - {{to: s{i + 2}, when: skip, probability: 0.1}}",
                      f"      - {{to: s{max(0, i - 5)}, when: redo}}"]
            continue
        lines += [f"  - id: s{i}", f"    name: Step number {i}", f"    lane: {lane}", "    duration: 1h"]
        if i < steps - 1:
            lines.append(f"    next: s{i + 1}")
    return "\n".join(lines) + "\n"


def billion_laughs() -> str:
    """Nine levels of ten aliases each: 10**9 nodes if expanded."""
    lines = ["a0: &a0 [lol]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    return "title: Laughs\n" + "\n".join(lines) + "\n"


def _huge(folder: Path) -> Path:
    """A 50 MB file made sparse with truncate (no 50 MB written to disk or git)."""
    path = folder / "huge.yaml"
    with open(path, "wb") as handle:
        handle.write(b"title: Huge\n")
        handle.truncate(50 * 1024 * 1024)
    return path


def _symlink_baseline(folder: Path) -> Path:
    """processes/new.yaml whose baseline is a symlink in processes/ to a file outside."""
    outside = folder / "outside"
    outside.mkdir(exist_ok=True)
    secret = outside / "secret.yaml"
    secret.write_text(process_text(2).replace("Generated process", SECRET), encoding="utf-8")
    processes = folder / "processes"
    processes.mkdir(exist_ok=True)
    link = processes / "link.yaml"
    if not link.is_symlink():
        os.symlink(secret, link)
    path = processes / "new.yaml"
    path.write_text("baseline: link.yaml\n" + process_text(2), encoding="utf-8")
    return path


def _utf16(folder: Path) -> Path:
    path = folder / "utf16.yaml"
    path.write_bytes("title: UTF-16\n".encode("utf-16"))
    return path


CASES = (
    Case("xss", "ok", fixture("hostile/xss.yaml")),
    Case("dot-metacharacters", "ok", fixture("hostile/dot_meta.yaml")),
    Case("markdown-injection", "ok", fixture("hostile/markdown_injection.yaml")),
    Case("title-breakout", "ok", fixture("hostile/title_breakout.yaml")),
    Case("dom-clobbering", "ok", fixture("hostile/dom_clobbering.yaml")),
    Case("self-link", "ok", fixture("hostile/self_link.yaml")),
    Case("unicode", "ok", fixture("hostile/unicode.yaml")),
    Case("crlf", "ok", fixture("valid/crlf.yaml")),
    Case("bom", "ok", fixture("invalid/bom.yaml")),
    Case("baseline-passwd", "SOP114", fixture("hostile/baseline_passwd.yaml")),
    Case("baseline-traversal", "SOP114", fixture("hostile/baseline_traversal.yaml")),
    Case("baseline-absolute", "SOP114", fixture("hostile/baseline_absolute.yaml")),
    Case("baseline-symlink", "SOP114", _symlink_baseline),
    Case("binary", "SOP004", fixture("invalid/binary.yaml")),
    Case("latin1", "SOP004", fixture("invalid/latin1.yaml")),
    Case("utf16", "SOP004", _utf16),
    Case("tabs", "SOP003", fixture("invalid/tabs.yaml")),
    Case("empty", "SOP006", fixture("invalid/empty.yaml")),
    Case("syntax", "SOP001", fixture("invalid/syntax.yaml")),
    Case("python-tag", "SOP012", _write("tag.yaml", "title: !!python/object/apply:os.system"
                                                    " ['touch pwned']\n")),
    Case("recursive-alias", "SOP001", _write("alias.yaml", "title: x\nsteps: &s [*s]\n")),
    Case("two-documents", "SOP011", _write("two.yaml", process_text(2) + "---\ntitle: Two\n")),
    Case("label-too-long", "SOP116", _write("label.yaml", process_text(2).replace(
        "Step number 1", "x" * 5000))),
    Case("billion-laughs", "SOP009", _write("laughs.yaml", billion_laughs()), heavy=True),
    Case("nesting-10000", "SOP010", _write("deep.yaml", "x: " + "[" * 10_000 + "]" * 10_000 + "\n"),
         heavy=True),
    Case("huge-50mb", "SOP008", _huge, heavy=True),
    Case("steps-5000", "SOP116", _write("steps.yaml", process_text(5000, lanes=10)), heavy=True),
    Case("lanes-1000", "SOP116", _write("lanes.yaml", process_text(3, lanes=1000)), heavy=True),
    Case("steps-1000-at-limit", "ok", _write("limit.yaml", process_text(1000, lanes=10)), heavy=True),
)
