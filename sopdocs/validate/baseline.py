"""SOP114 — bad baseline.

`baseline` names the file of the version this process improves on, as a path relative
to this file (e.g. `current.yaml`). It must exist, be a process file, and stay inside the
processes folder: absolute paths, `..` that climbs out, and symlinks that point outside
are refused, so a process file cannot make the build read files elsewhere on the machine.
"""

import os
from pathlib import Path

from ..diagnostics import ERROR
YAML_SUFFIXES = (".yaml", ".yml")

CODE = "SOP114"
SEVERITY = ERROR
TITLE = "bad baseline"


def resolve_baseline(process_path, baseline, root):
    """The baseline's real path, or raise ValueError saying why it is refused."""
    if os.path.isabs(baseline) or baseline.startswith(("~", "\\")) or ":" in baseline:
        raise ValueError("it is an absolute path", "write a path relative to this file, e.g. current.yaml")
    if not baseline.endswith(YAML_SUFFIXES):
        raise ValueError("it is not a .yaml file", "point at the process file of the earlier version")
    target = (Path(process_path).parent / baseline).resolve()
    base = Path(root).resolve() if root else Path(process_path).resolve().parent
    if target != base and base not in target.parents:
        raise ValueError("it points outside the processes folder",
                         "keep both versions under the processes folder")
    if not target.is_file():
        raise ValueError("the file does not exist", "check the file name; it is relative to this file")
    return target


def check(context):
    """Yield a diagnostic when the baseline cannot be used."""
    process = context.process
    if not process.baseline:
        return
    try:
        target = resolve_baseline(context.path, process.baseline, context.loaded.root_dir)
    except ValueError as error:
        problem, hint = error.args
        node = context.tree.get("baseline")
        yield context.diagnostic(CODE, SEVERITY, node.line, node.col,
                                 f"baseline '{process.baseline[:80]}' cannot be used: {problem}", hint)
        return
    if target == Path(context.path).resolve():
        node = context.tree.get("baseline")
        yield context.diagnostic(CODE, SEVERITY, node.line, node.col,
                                 "a process cannot be its own baseline",
                                 "point at the file of the earlier version")
