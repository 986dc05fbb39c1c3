"""Every command over the hostile-input corpus (tests/hostile/corpus.py).

For each file and each of validate, render flowchart (SVG and DOT), render timeline,
render mermaid (flowchart and gantt), metrics, diff (as the old and as the new side
against a valid file), export bpmn (valid against the BPMN 2.0 schema) and export survey
(every step in the sheet, no formula): the exit code is 0 (a valid file, correctly rendered) or 1 with
the diagnostic the case names; never a traceback or "internal error" (exit 3); a failed
command leaves no output file; the time is bounded; and every output is parsed and
holds nothing executable. Small files run in-process; the heavy ones (50 MB, billion
laughs, deep nesting, 5,000 steps, 1,000 lanes, 1,000 steps) run in a subprocess
capped at 2 GB of address space. `build` runs for a few representative files.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import pytest

from sopdocs.diagnostics import SopdocsError
from sopdocs.limits import DEFAULT_LIMITS
from sopdocs.load import load_file
from sopdocs.render.flowchart import flowchart_svg
from sopdocs.render.svgwriter import clean
from sopdocs.validate import load_process
from tests.hostile import safety
from tests.hostile.corpus import CASES, COMMANDS, SECRET, Case, Command, process_text
from tests.hostile.runner import MEMORY_LIMIT, TIME_LIMIT, memory_cap, run_limited
from tests.exchange.bpmnxsd import schema_errors
from tests.hostile.sites import make_project, site_findings

SVG = "{http://www.w3.org/2000/svg}"
LIGHT = [case for case in CASES if not case.heavy]
HEAVY = [case for case in CASES if case.heavy]
CHECKERS = {"svg": safety.svg_findings, "dot": safety.dot_findings,
            "mermaid": safety.mermaid_findings, "markdown": safety.markdown_findings,
            "bpmn": schema_errors}


def _words(text: str) -> str:
    return " ".join(clean(text).split())


def check_rendering(path: Path, command: Command, output: str) -> None:
    """A valid file's output shows its own content (not just "no error")."""
    process = load_file(path).process
    if command.name == "flowchart-svg":
        root = ET.fromstring(output)
        groups = {group.get("id"): group for group in root.iter(f"{SVG}g")}
        for step in process.steps:  # each step is drawn, its tooltip starts with its name
            title = groups[f"step-{step.id}"].find(f"{SVG}title")
            assert _words(title.text).startswith(_words(step.name)), (step.id, title.text)
    elif command.name == "timeline":
        title = ET.fromstring(output).find(f"{SVG}title")
        assert _words(title.text).startswith(_words(process.title)), title.text
    elif command.kind == "mermaid":
        for step in process.steps:  # node ids are the YAML ids with [^A-Za-z0-9] → _
            assert "s_" + re.sub(r"[^A-Za-z0-9]", "_", step.id) in output, step.id
    elif command.kind == "bpmn":  # every step is a flow node named as in the YAML
        names = {element.get("id"): element.get("name") for element in ET.fromstring(output).iter()}
        for step in process.steps:
            assert _words(names[f"step-{step.id}"]) == _words(step.name), step.id
    elif command.name == "flowchart-dot":
        for step in process.steps:  # every step is a node statement of the DOT
            assert re.search(rf'^\s*"?{re.escape(step.id)}"? \[label=<', output, re.M), step.id


def check_workbook(path: Path, written: Path) -> None:
    """An exported survey (issue 12) lists every step by name in column A, in file order
    (characters XML cannot hold shown as U+FFFD), and holds no formula."""
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    process = load_file(path).process
    sheet = openpyxl.load_workbook(written).active
    cells = [cell for row in sheet.iter_rows() for cell in row]
    assert not [cell.coordinate for cell in cells if cell.data_type == "f"], "a text became a formula"
    names = [cell.value for cell in sheet["A"][1:] if cell.value is not None]
    expected = [ILLEGAL_CHARACTERS_RE.sub("\ufffd", step.name) for step in process.steps]
    assert [_words(name) for name in names] == [_words(name) for name in expected]


def check_outcome(case: Case, command: Command, path: Path, folder: Path, exit_code: int,
                  stdout: str, stderr: str) -> None:
    """The contract of every (file, command) pair; see the module docstring."""
    where, text = f"{case.name} / {command.name}", stdout + stderr
    assert "Traceback" not in text and "internal error" not in text, (where, text[-3000:])
    assert SECRET not in text, f"{where}: the output shows a file outside the processes folder"
    written = folder / command.output if command.output else None
    if case.expect != "ok":
        assert exit_code == 1, (where, exit_code, text[:2000])
        assert f"[{case.expect}]" in text, (where, text[:2000])
        assert written is None or not written.exists(), f"{where}: a failed command wrote {written}"
        return
    assert exit_code == 0, (where, exit_code, text[:2000])
    if written is not None and command.kind == "xlsx":
        check_workbook(path, written)
    elif written is not None:
        output = written.read_text(encoding="utf-8")
        assert output.strip(), f"{where}: empty output"
        assert not CHECKERS[command.kind](output), (where, CHECKERS[command.kind](output))
        check_rendering(path, command, output)


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: command.name)
@pytest.mark.parametrize("case", LIGHT, ids=lambda case: case.name)
def test_light_corpus(case, command, run_cli, tmp_path):
    path = case.make(tmp_path)
    folder = tmp_path / "out"
    folder.mkdir()
    started = time.monotonic()
    result = run_cli(*command.args(path, folder))
    assert time.monotonic() - started < TIME_LIMIT
    check_outcome(case, command, path, folder, result.exit_code, result.stdout, result.stderr)


@pytest.fixture(scope="module")
def heavy_runs(tmp_path_factory):
    """Each heavy case's driver run (two at a time: the machine has two cores)."""
    def run(case: Case):
        folder = tmp_path_factory.mktemp(case.name)
        path = case.make(folder)
        outcome = run_limited([path, folder / "out"], module="tests.hostile.drive",
                              timeout=len(COMMANDS) * TIME_LIMIT)
        return path, folder / "out", outcome

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip([case.name for case in HEAVY], pool.map(run, HEAVY)))


@pytest.mark.slow
@pytest.mark.parametrize("case", HEAVY, ids=lambda case: case.name)
def test_heavy_corpus_under_memory_and_time_limits(case, heavy_runs):
    path, out, outcome = heavy_runs[case.name]
    assert outcome.returncode == 0, outcome.stderr[-3000:]  # the driver itself did not crash
    results = json.loads(outcome.stdout)
    assert [result["command"] for result in results] == [command.name for command in COMMANDS]
    for command, result in zip(COMMANDS, results):
        assert result["traceback"] is None, result["traceback"]
        assert result["seconds"] < TIME_LIMIT, (case.name, command.name, result["seconds"])
        check_outcome(case, command, path, out / command.name, result["exit_code"],
                      result["stdout"], result["stderr"])


def _case(name: str) -> Case:
    return next(case for case in CASES if case.name == name)


BUILDS = {"dot-metacharacters": "ok", "unicode": "ok", "baseline-traversal": "SOP114",
          "baseline-symlink": "SOP114", "binary": "SOP004", "billion-laughs": "SOP009",
          "steps-5000": "SOP116"}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(BUILDS))
def test_build_of_a_hostile_file(name, tmp_path):
    source = _case(name).make(tmp_path)
    if source.parent.name == "processes":  # it brings its own folder (and symlinks)
        project = make_project(source.parent.parent, {})
    else:
        project = make_project(tmp_path / "project", {"hostile.yaml": source})
    outcome = run_limited(["build", "-d", "site"], cwd=project)
    text = outcome.stdout + outcome.stderr
    assert "Traceback" not in text and "internal error" not in text, text[-3000:]
    assert SECRET not in text
    leftovers = [path.name for path in project.iterdir() if path.name.startswith(".site.")]
    assert leftovers == [], "a temporary build folder was left behind"
    if BUILDS[name] != "ok":
        assert outcome.returncode == 1 and f"[{BUILDS[name]}]" in text, text[-2000:]
        assert not (project / "site").exists()
        return
    assert outcome.returncode == 0, text[-2000:]
    assert site_findings(project / "site") == {}
    pages = list((project / "site" / "processes").rglob("index.html"))
    assert len(pages) == 1, pages


def _symlinked_project(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.yaml").write_text(process_text(2).replace("Generated process", SECRET),
                                         encoding="utf-8")
    project = make_project(tmp_path / "project", {"real.yaml": process_text(2)})
    (project / "processes" / "linked.yaml").symlink_to(outside / "secret.yaml")
    (project / "processes" / "linked-folder").symlink_to(outside, target_is_directory=True)
    return project


def test_a_symlink_to_a_file_outside_the_processes_folder_is_not_read(tmp_path, run_cli):
    project = _symlinked_project(tmp_path)
    result = run_cli("validate", "processes", "--format", "json", cwd=project)
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    found = [(d["path"].replace("\\", "/"), d["line"], d["col"], d["code"])
             for d in report["diagnostics"]]
    # the linked file is refused unread; the linked folder is not followed at all
    assert found == [("processes/linked.yaml", 1, 1, "SOP000")]
    assert SECRET not in result.stdout + result.stderr


@pytest.mark.slow
def test_build_refuses_a_symlink_to_outside(tmp_path):
    project = _symlinked_project(tmp_path)
    outcome = run_limited(["build", "-d", "site"], cwd=project)
    assert outcome.returncode == 1, outcome.stderr
    assert "linked.yaml:1:1: error[SOP000]" in outcome.stdout + outcome.stderr
    assert SECRET not in outcome.stdout + outcome.stderr
    assert not (project / "site").exists()


def test_engine_timeout_stops_a_slow_layout_and_names_the_process(tmp_path):
    # 1,000 steps with a decision every ten steps (skips and rework loops): the engine
    # needs about a second to draw it (~1 MB of DOT), so a 0.05 s limit always triggers.
    path = tmp_path / "branching.yaml"
    path.write_text(process_text(1000, lanes=10, branching=True), encoding="utf-8")
    process = load_process(path)
    started = time.monotonic()
    with pytest.raises(SopdocsError) as raised:
        flowchart_svg(process, limits=replace(DEFAULT_LIMITS, engine_timeout_seconds=0.05))
    elapsed = time.monotonic() - started
    message = str(raised.value)
    assert message.startswith(f"{path}: the flowchart of process '{process.id}'"), message
    assert "ran longer than 0.05 s and was stopped" in message and "engine_timeout_seconds" in message
    assert elapsed < 10, elapsed  # layout and DOT text (~0.5 s) + the limit + killing the engine


def test_a_step_linking_to_itself_is_drawn_as_a_loop_and_scheduled_once(run_cli, tmp_path):
    from sopdocs.analysis.metrics import process_metrics

    path = _case("self-link").make(tmp_path)
    metrics = process_metrics(load_process(path))
    # retry (1 h) → check (decision, 0 h) → done: lead time 1 h; both self-loops are rework
    assert metrics.rework_loops == 2 and metrics.lead_time_hours == 1.0
    assert metrics.schedule.order == ("retry", "check", "done")
    dot = run_cli("render", "flowchart", path, "--format", "dot").stdout
    assert re.search(r"retry -> retry \[[^\]]*style=dashed", dot), dot


def test_the_memory_cap_of_the_runner_works():
    # a child that asks for 3 GB under the 2 GB cap fails with MemoryError instead of
    # swapping: the heavy corpus runs really are bounded
    result = subprocess.run([sys.executable, "-c", "bytearray(3 * 1024 ** 3)"], capture_output=True,
                            text=True, timeout=60, preexec_fn=memory_cap(MEMORY_LIMIT))
    assert result.returncode != 0 and "MemoryError" in result.stderr
