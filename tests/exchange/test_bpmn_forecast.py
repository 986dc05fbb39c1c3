"""issue 15: BPMN export and import carry duration ranges, lane capacity, arrivals and KPI
`measures` in the sopdocs extension elements; what cannot be read is left out with a warning."""

import dataclasses
import xml.etree.ElementTree as ET

from sopdocs.exchange.bpmn_export import process_to_bpmn
from sopdocs.exchange.bpmn_import import import_bpmn
from sopdocs.exchange.bpmn_names import SOPDOCS_NS
from sopdocs.load import load_text
from tests.exchange.bpmnxsd import schema_errors

S = f"{{{SOPDOCS_NS}}}"
SOURCE = """title: Forecast
arrivals: {per_week: 12}
lanes:
  - {id: sales, name: Sales, owner: Rep, capacity: 3}
  - {id: legal, name: Legal}
steps:
  - id: draft
    name: Draft
    lane: sales
    duration: {min: 1d, likely: 2d, max: 6d}
    wait: {max: 1d, min: 2h}
    next: review
  - id: review
    name: Review
    lane: legal
    duration: {mean: 3h, distribution: exponential}
    wait: 1h
kpis:
  - {name: Cycle, unit: days, target: "<= 10", measures: lead_time}
"""


def _process(text=SOURCE):
    loaded = load_text(text, "p.yaml")
    return loaded.process


def _import(tmp_path, xml_text):
    path = tmp_path / "p.bpmn"
    path.write_text(xml_text, encoding="utf-8")
    [imported] = import_bpmn(path)
    return imported


def test_export_import_keeps_ranges_capacity_arrivals_and_measures(tmp_path):
    process = _process()
    imported = _import(tmp_path, process_to_bpmn(process, diagram=False))
    assert imported.warnings == ()
    back = dataclasses.replace(imported.process, path=process.path)
    draft = back.step("draft")
    # the triangular draft: (8 + 16 + 48) / 3 = 24 h, its parts in the order written
    assert draft.duration.distribution == "triangular" and draft.duration.hours == 24.0
    assert draft.wait.parts == (("max", "1d"), ("min", "2h"))  # written max first
    assert back.step("review").duration.distribution == "exponential"
    assert back.lanes[0].capacity == 3 and back.lanes[1].capacity is None
    # 40 h a week / 12 cases
    assert back.arrivals.per_week == 12.0 and back.arrivals.interval_hours == 40 / 12
    assert back.kpis[0].measures == "lead_time"
    assert back == process


def test_arrivals_every_round_trips(tmp_path):
    process = _process(SOURCE.replace("{per_week: 12}", "{every: 0.5d}"))
    back = _import(tmp_path, process_to_bpmn(process, diagram=False)).process
    # half a day of 8 h: a case every 4 h
    assert back.arrivals.interval_hours == 4.0 and back.arrivals == process.arrivals


def test_the_extension_elements_written():
    root = ET.fromstring(process_to_bpmn(_process(), diagram=False))
    ranges = [element.attrib for element in root.iter(f"{S}range")]
    # attributes in the order written: the element says which key and which distribution
    assert [list(attributes.items()) for attributes in ranges] == [
        [("of", "duration"), ("distribution", "triangular"), ("min", "1d"), ("likely", "2d"), ("max", "6d")],
        [("of", "wait"), ("distribution", "uniform"), ("max", "1d"), ("min", "2h")],
        [("of", "duration"), ("distribution", "exponential"), ("mean", "3h")]]
    steps = list(root.iter(f"{S}step"))
    # a range replaces the attribute; a fixed wait keeps it
    assert "duration" not in steps[0].attrib and steps[1].get("wait") == "1h"
    lanes = list(root.iter(f"{S}lane"))
    assert [lane.attrib for lane in lanes] == [{"owner": "Rep", "capacity": "3"}]  # Legal has neither
    (process,) = root.iter(f"{S}process")
    assert process.get("arrivals_per_week") == "12.0"
    (kpi,) = root.iter(f"{S}kpi")
    assert kpi.get("measures") == "lead_time"


def test_export_is_valid_bpmn_and_deterministic():
    process = _process()
    first = process_to_bpmn(process)
    assert schema_errors(first) == []
    assert process_to_bpmn(_process()) == first


def test_what_cannot_be_read_is_left_out_with_a_warning(tmp_path):
    text = process_to_bpmn(_process(), diagram=False)
    damaged = (text.replace('min="1d" likely="2d" max="6d"', 'min="1 day" likely="2d" max="6d"')
               .replace('capacity="3"', 'capacity="many"')
               .replace('measures="lead_time"', 'measures="cycle"')
               .replace('arrivals_per_week="12.0"', 'arrivals_per_week="0"'))
    imported = _import(tmp_path, damaged)
    process = imported.process
    assert process.step("draft").duration is None and process.step("draft").wait is not None
    assert process.lanes[0].capacity is None and process.kpis[0].measures is None
    assert process.arrivals is None
    messages = sorted(w.message for w in imported.warnings)
    assert len(messages) == 4
    assert messages[0].startswith("KPI 'Cycle' measures 'cycle' is left out")
    assert messages[1].startswith("the arrivals '0' are left out")
    assert messages[2].startswith("the duration range {'min': '1 day'")
    assert messages[3] == "the lane capacity 'many' is left out: write a whole number from 1"


def test_a_distribution_that_contradicts_the_parts_is_read_from_the_parts(tmp_path):
    text = process_to_bpmn(_process(), diagram=False).replace(
        'distribution="uniform"', 'distribution="triangular"')
    imported = _import(tmp_path, text)
    assert imported.process.step("draft").wait.distribution == "uniform"
    assert [w.message for w in imported.warnings] == [
        "the wait range's distribution 'triangular' does not match its parts; it is read as uniform"]


def test_imported_yaml_loads_to_the_same_process(tmp_path):
    process = _process()
    imported = _import(tmp_path, process_to_bpmn(process, diagram=False))
    loaded = load_text(imported.text, "p.yaml")
    assert loaded.diagnostics == [] and loaded.process == dataclasses.replace(process, id=loaded.process.id)
