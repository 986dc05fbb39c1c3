"""Export → import → export of every sample gives the same process and the same bytes."""

import dataclasses

import pytest

from sopdocs.exchange.bpmn_export import process_to_bpmn
from sopdocs.exchange.bpmn_import import import_bpmn
from sopdocs.validate import load_process
from tests.conftest import sample_files

SAMPLES = sample_files()


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_round_trip_keeps_the_whole_process(tmp_path, path):
    process = load_process(path)
    first = tmp_path / "first.bpmn"
    first.write_text(process_to_bpmn(process), encoding="utf-8")
    [imported] = import_bpmn(first)
    assert imported.warnings == ()
    back = dataclasses.replace(imported.process, path=process.path)
    # steps, lanes, links (to, when, probability), names, durations, waits, owners,
    # inputs, problems, KPIs...: the frozen dataclasses compare every field but spans
    assert back.steps == process.steps
    assert back.lanes == process.lanes
    assert back == process
    assert process_to_bpmn(back) == first.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", SAMPLES[:3], ids=lambda p: p.stem)
def test_imported_text_loads_to_the_same_process(tmp_path, path):
    from sopdocs.load import load_text

    process = load_process(path)
    bpmn = tmp_path / "x.bpmn"
    bpmn.write_text(process_to_bpmn(process, diagram=False), encoding="utf-8")
    [imported] = import_bpmn(bpmn)
    loaded = load_text(imported.text, process.path)
    assert loaded.diagnostics == []
    assert loaded.process == dataclasses.replace(process, path=process.path)
