"""BPMN export: valid against the OMG schema, deterministic, every step and lane mapped."""

import xml.etree.ElementTree as ET

import pytest

from sopdocs.exchange.bpmn_export import parallel_joins, process_to_bpmn
from sopdocs.exchange.bpmn_names import BPMN_NS, SOPDOCS_NS
from sopdocs.load import load_text
from sopdocs.validate import load_process
from tests.conftest import ROOT, sample_files
from tests.exchange.bpmnxsd import schema_errors

B = f"{{{BPMN_NS}}}"
S = f"{{{SOPDOCS_NS}}}"
SAMPLES = sample_files()


@pytest.fixture(scope="module")
def exported():
    return {path: process_to_bpmn(load_process(path)) for path in SAMPLES}


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_sample_validates_against_the_bpmn_schema(exported, path):
    assert schema_errors(exported[path]) == []


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_every_step_and_lane_is_there_once(exported, path):
    process = load_process(path)
    root = ET.fromstring(exported[path])
    lanes = root.findall(f".//{B}lane")
    assert [lane.get("name") for lane in lanes] == [lane.name for lane in process.lanes]
    refs = {ref.text: lane.get("id") for lane in lanes for ref in lane.findall(f"{B}flowNodeRef")}
    for step in process.steps:
        assert refs[f"step-{step.id}"] == f"lane-{step.lane}"
    flows = root.findall(f".//{B}sequenceFlow")
    links = sum(len(step.next) for step in process.steps)
    joins = parallel_joins(process)
    # each join adds one flow from the join to its step
    assert len(flows) == links + len(joins)


def test_same_process_same_bytes():
    path = ROOT / "processes" / "sales" / "lead-to-contract" / "optimized.yaml"
    assert process_to_bpmn(load_process(path)) == process_to_bpmn(load_process(path))


def test_mapping_of_kinds_names_conditions_and_extensions():
    process = load_process(ROOT / "processes" / "sales" / "quote-approval.yaml")
    root = ET.fromstring(process_to_bpmn(process, diagram=False))
    body = root.find(f"{B}process")
    kinds = {element.get("id"): element.tag.split("}")[1] for element in body}
    for step in process.steps:
        expected = {"start": "startEvent", "end": "endEvent", "decision": "exclusiveGateway",
                    "parallel": "parallelGateway", "subprocess": "callActivity"}.get(
            step.type, "userTask" if process.owner_of(step) else "task")
        assert kinds[f"step-{step.id}"] == expected, step.id
    decision = next(step for step in process.steps if step.type == "decision")
    for index, link in enumerate(decision.next):
        flow = body.find(f"{B}sequenceFlow[@id='flow-{decision.id}-{index}']")
        assert flow.get("name") == link.when
        assert flow.find(f"{B}conditionExpression").text == link.when
    timed = next(step for step in process.steps if step.duration and step.wait)
    ext = body.find(f"{B}userTask[@id='step-{timed.id}']/{B}extensionElements/{S}step")
    assert (ext.get("duration"), ext.get("wait")) == (timed.duration.text, timed.wait.text)


FORK = """
title: Fork and join
lanes: [{id: a, name: A}, {id: b, name: B}]
steps:
  - {id: s, type: start, lane: a, next: p}
  - {id: p, name: Split, type: parallel, lane: a, next: [x, y]}
  - {id: x, name: X, lane: a, duration: 1h, next: d}
  - {id: y, name: Y, lane: b, duration: 1h, next: m}
  - {id: d, name: "Ok?", type: decision, lane: a, next: [{to: m, when: "yes"}, {to: x, when: "no"}]}
  - {id: m, name: Meet, lane: a, duration: 1h, next: q}
  - {id: q, name: Choose, type: decision, lane: b, next: [{to: r, when: a}, {to: t, when: b}]}
  - {id: r, name: R, lane: b, duration: 1h, next: e}
  - {id: t, name: T, lane: b, duration: 1h, next: e}
  - {id: e, type: end, lane: b}
"""


def test_a_join_where_parallel_branches_meet_and_none_after_a_decision():
    process = load_text(FORK, "fork.yaml").process
    # m is reached from d (branch x) and y: their latest common fork is p (parallel) → join;
    # e is reached from r and t, whose latest common fork is q (a decision) → no join;
    # d → x is a rework loop and does not count; links in step order (y is declared before d)
    assert parallel_joins(process) == {"m": [("y", 0), ("d", 0)]}
    text = process_to_bpmn(process)
    assert schema_errors(text) == []
    root = ET.fromstring(text)
    join = root.find(f".//{B}parallelGateway[@id='join-m']")
    assert [e.text for e in join.findall(f"{B}incoming")] == ["flow-y-0", "flow-d-0"]
    assert [e.text for e in join.findall(f"{B}outgoing")] == ["joinflow-m"]


def test_ids_are_valid_even_when_sopdocs_ids_start_with_a_digit():
    text = """
title: Digits
lanes: [{id: 1st, name: First}]
steps:
  - {id: 1, type: start, lane: 1st, next: 2}
  - {id: 2, name: "Say <hi> & \\"bye\\"", lane: 1st, duration: 1h, next: 3}
  - {id: 3, type: end, lane: 1st}
"""
    process = load_text(text, "digits.yaml").process
    bpmn = process_to_bpmn(process)
    assert schema_errors(bpmn) == []
    root = ET.fromstring(bpmn)
    assert root.find(f".//{B}task[@id='step-2']").get("name") == 'Say <hi> & "bye"'
