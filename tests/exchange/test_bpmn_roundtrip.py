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


def test_document_control_survives_the_round_trip_and_bad_dates_are_left_out(tmp_path):
    # issue 16: approval, effective and review ride on sopdocs:process attributes
    from sopdocs.load import load_text
    from tests.gitrepo import process_text

    head = "approval: {by: Head of Sales, on: 2025-05-01}\neffective: 2025-05-05\nreview: {every: 6 months}"
    process = load_text(process_text("P", [("a", "1h")], head), "p.yaml").process
    path = tmp_path / "p.bpmn"
    path.write_text(process_to_bpmn(process), encoding="utf-8")
    [imported] = import_bpmn(path)
    assert (imported.process.approval, imported.process.effective, imported.process.review) == \
        (process.approval, process.effective, process.review)
    path.write_text(path.read_text(encoding="utf-8").replace('effective="2025-05-05"', 'effective="2025-02-30"'),
                    encoding="utf-8")
    [damaged] = import_bpmn(path)
    assert damaged.process.effective is None and damaged.process.approval == process.approval
    assert [w.message for w in damaged.warnings] == ["'effective' '2025-02-30' is left out: it is not a date YYYY-MM-DD"]
