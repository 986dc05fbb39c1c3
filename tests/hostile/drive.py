"""Run every corpus command over one file, in this process, and print the results as JSON.

    python -m tests.hostile.drive FILE OUTPUT_FOLDER

test_hostile.py starts this under `runner.run_limited` (bounded memory and time) for the
heavy corpus files, so one interpreter start covers all commands of a file. Each
result holds the exit code, standard output and error (cut to 20,000 characters), the
seconds taken and the traceback of any exception that escaped the CLI.
"""

from __future__ import annotations

import json
import sys
import time
import traceback
from pathlib import Path

from click.testing import CliRunner

from sopdocs.cli import cli
from tests.hostile.corpus import COMMANDS

_KEEP = 20_000


def run_all(file: Path, output: Path) -> list[dict]:
    """One result per command of corpus.COMMANDS (outputs go to OUTPUT/<command>/)."""
    results = []
    for command in COMMANDS:
        folder = output / command.name
        folder.mkdir(parents=True, exist_ok=True)
        started = time.monotonic()
        result = CliRunner().invoke(cli, [str(arg) for arg in command.args(file, folder)])
        escaped = None
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            escaped = "".join(traceback.format_exception(*result.exc_info))
        results.append({"command": command.name, "exit_code": result.exit_code,
                        "stdout": result.stdout[:_KEEP], "stderr": result.stderr[:_KEEP],
                        "seconds": time.monotonic() - started, "traceback": escaped})
    return results


if __name__ == "__main__":
    print(json.dumps(run_all(Path(sys.argv[1]), Path(sys.argv[2]))))
