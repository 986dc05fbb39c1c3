"""Benchmark: BPMN export and import of every sample process and of generated 100- and
1,000-step processes (the max_steps limit).

Run: .venv/bin/python benchmarks/bpmn.py [REPEATS]. Prints, per process, the best of
REPEATS runs (default 3) in milliseconds of the export with its diagram (mostly the
Graphviz layout), of the export without it, and of the import; and the file's size in
bytes and XML elements.
"""

from __future__ import annotations

import sys
import tempfile
import timeit
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sopdocs.exchange.bpmn_export import process_to_bpmn  # noqa: E402
from sopdocs.exchange.bpmn_import import import_bpmn  # noqa: E402
from sopdocs.exchange.xmlsafe import parse_xml  # noqa: E402
from sopdocs.validate import load_process  # noqa: E402
from tests.hostile.corpus import process_text  # noqa: E402


def _best(repeats: int, action) -> float:
    """Best of `repeats` runs of `action`, in milliseconds."""
    return min(timeit.repeat(action, number=1, repeat=repeats)) * 1000


def main(repeats: int = 3) -> None:
    """Print one line per process."""
    scratch = Path(tempfile.mkdtemp())
    files = sorted((ROOT / "processes").rglob("*.yaml"))
    for steps in (100, 1000):
        path = scratch / f"generated-{steps}.yaml"
        path.write_text(process_text(steps, lanes=10), encoding="utf-8")
        files.append(path)
    print(f"{'process':44} {'steps':>5} {'export ms':>9} {'no DI ms':>8} {'import ms':>9}"
          f" {'bytes':>9} {'elements':>8}")
    for path in files:
        process = load_process(path)
        bpmn = scratch / f"{process.id}.bpmn"
        bpmn.write_text(process_to_bpmn(process), encoding="utf-8")
        export_ms = _best(repeats, lambda: process_to_bpmn(process))
        bare_ms = _best(repeats, lambda: process_to_bpmn(process, diagram=False))
        import_ms = _best(repeats, lambda: import_bpmn(bpmn))
        elements = sum(1 for _ in parse_xml(bpmn).root.iter())
        print(f"{process.id[-44:]:44} {len(process.steps):5} {export_ms:9.1f} {bare_ms:8.1f}"
              f" {import_ms:9.1f} {bpmn.stat().st_size:9} {elements:8}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
