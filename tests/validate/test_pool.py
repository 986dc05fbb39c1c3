"""Validating over forked workers gives the same report as validating in one process."""

import shutil

from sopdocs.validate import validate_paths
from sopdocs.validate._pool import MIN_FILES_PER_WORKER, can_fork

from tests.conftest import FIXTURES

INVALID = FIXTURES / "invalid"


def _many_files(folder):
    """Every invalid fixture copied three times over (3 × 27 files), each copy with a
    file whose explicit id repeats in the other copies, so that two workers get at least
    MIN_FILES_PER_WORKER files each."""
    for copy in range(3):
        target = folder / f"copy{copy}"
        shutil.copytree(INVALID, target)
        (target / "same.yaml").write_text(
            "id: same\ntitle: Same\nsteps:\n  - id: only\n    name: Only\n", encoding="utf-8")
    return sorted(folder.rglob("*.y*ml"))


def test_two_workers_report_what_one_does(tmp_path):
    files = _many_files(tmp_path)
    assert len(files) >= 2 * MIN_FILES_PER_WORKER  # else the pool would not be used
    assert can_fork()  # pytest runs in one thread here; the comparison needs the pool
    serial = validate_paths([tmp_path], workers=1)
    parallel = validate_paths([tmp_path], workers=2)
    # same files in the same order, same diagnostics at the same positions, same models
    assert [f.path for f in parallel.files] == [f.path for f in serial.files]
    assert parallel.diagnostics == serial.diagnostics
    assert parallel.processes == serial.processes
    # copies 1 and 2 repeat copy 0's "id: same": the cross-file rule sees every file and,
    # though the workers sent no YAML tree back, reports the 'id' value at line 1, col 5
    duplicates = [(d.path.split("/")[-2], d.line, d.col) for d in parallel.diagnostics
                  if d.code == "SOP117"]
    assert duplicates == [("copy1", 1, 5), ("copy2", 1, 5)]


def test_few_files_stay_in_process(tmp_path):
    (tmp_path / "one.yaml").write_text("id: one\ntitle: One\nsteps: []\n", encoding="utf-8")
    report = validate_paths([tmp_path], workers=8)
    # one file is below MIN_FILES_PER_WORKER: checked here, so its YAML tree is kept
    assert len(report.files) == 1 and report.files[0].tree is not None
