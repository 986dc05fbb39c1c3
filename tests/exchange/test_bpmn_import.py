"""Import of BPMN files as modelling tools write them: processes that validate and build,
and a warning for everything sopdocs cannot keep."""

import shutil
import subprocess
import sys

import pytest

from sopdocs.exchange.bpmn_import import import_bpmn
from sopdocs.exchange.xmlsafe import XmlError
from sopdocs.load import load_text
from sopdocs.validate import run_rules
from tests.conftest import FIXTURES, ROOT

BPMN = FIXTURES / "bpmn"


def _one(name, **kwargs):
    [result] = import_bpmn(BPMN / name, **kwargs)
    return result


def _codes(result):
    return [(w.code, w.line) for w in result.warnings]


def _errors(result):
    loaded = load_text(result.text, f"{result.process.id}.yaml")
    return [d for d in run_rules(loaded) if d.is_error]


def test_two_pools_give_two_processes_and_message_flows_are_warned():
    customer, supplier = import_bpmn(BPMN / "two-pools.bpmn")
    assert (customer.process.id, supplier.process.id) == ("Process_Customer", "Process_Supplier")
    # message flows on lines 8 and 9, the customer pool without lanes on line 6
    assert _codes(customer) == [("BPMN101", 8), ("BPMN101", 9), ("BPMN103", 6)]
    assert "'Quote request' (Flow_Request)" in customer.warnings[0].message
    assert [lane.name for lane in customer.process.lanes] == ["Customer"]
    assert [lane.name for lane in supplier.process.lanes] == ["Sales", "Finance"]
    assert [s.id for s in supplier.process.steps] == [
        "Event_Received", "Activity_Prepare", "Activity_Price", "Activity_Send", "Event_Sent"]
    assert supplier.process.step("Activity_Price").lane == "Lane_Finance"
    assert supplier.process.step("Activity_Prepare").instructions == "Check stock and delivery dates."
    assert supplier.process.summary == "How the supplier answers a quote request."
    assert _errors(customer) == [] and _errors(supplier) == []


def test_pool_option_picks_one_participant():
    result = _one("two-pools.bpmn", pool="Participant_Supplier")
    assert result.process.title == "Supplier"
    with pytest.raises(Exception, match="no pool 'Nope'; the pools are: Participant_Customer, Participant_Supplier"):
        import_bpmn(BPMN / "two-pools.bpmn", pool="Nope")


def test_boundary_timer_becomes_a_branch_of_its_host():
    result = _one("boundary-timer.bpmn")
    assert _codes(result) == [("BPMN102", 30)]
    assert "boundary boundaryEvent '2 days passed' (Event_Late) on Activity_Review" in result.warnings[0].message
    review = result.process.step("Activity_Review")
    assert [(link.to, link.when) for link in review.next] == [
        ("Gateway_Ok", None), ("Activity_Escalate", "2 days passed")]
    decision = result.process.step("Gateway_Ok")
    assert decision.type == "decision"
    # a name wins over the condition; a flow without a name takes its condition
    assert [(link.to, link.when) for link in decision.next] == [
        ("Event_Done", "yes"), ("Activity_Rework", "${!ok}")]
    assert _errors(result) == []


def test_nested_lanes_are_flattened_and_joins_and_merges_collapse():
    result = _one("nested-lanes.bpmn")
    process = result.process
    # ordered by their diagram position (Finance on top), leaves named by their path
    assert [(lane.id, lane.name) for lane in process.lanes] == [
        ("sid-finance", "Finance"), ("sid-field", "Sales / Field sales"), ("sid-inside", "Sales / Inside sales")]
    assert process.step("sid-credit").lane == "sid-finance"
    assert process.step("sid-visit").lane == "sid-field"
    assert process.step("sid-join") is None and process.step("sid-merge") is None
    assert process.step("sid-split").type == "parallel"
    assert process.step("sid-credit").targets == ("sid-big",)
    assert process.step("sid-big").targets == ("sid-visit", "sid-end")
    assert process.step("sid-check").inputs == ("CRM",)
    assert process.step("sid-stock").outputs == ("CRM",)
    assert _codes(result) == [("BPMN101", 54)]
    assert _errors(result) == []


def test_no_diagram_default_namespace_and_unsupported_elements():
    result = _one("no-di.bpmn")
    process = result.process
    assert process.id == "complaints" and process.title == "Complaint handling"
    assert [lane.name for lane in process.lanes] == ["Customer service", "Quality", "Unassigned"]
    assert process.step("cooling").lane == "unassigned"
    assert process.step("which").type == "decision"
    assert process.step("analyse").type == "subprocess" and process.step("analyse").process == "root-cause"
    assert sorted(_codes(result)) == [("BPMN101", 29), ("BPMN101", 30), ("BPMN102", 22),
                                      ("BPMN102", 25), ("BPMN103", 25)]
    assert "'Unassigned' (unassigned)" in result.warnings[-1].message
    assert _errors(result) == []
    assert "#   line 22: inclusiveGateway 'What is needed?' (which) becomes a decision" in result.text


def test_not_bpmn_is_refused(tmp_path):
    path = tmp_path / "svg.bpmn"
    path.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    with pytest.raises(XmlError, match=r"svg.bpmn:1:1: not a BPMN 2.0 file: the root element is <svg>"):
        import_bpmn(path)


def test_cli_writes_one_file_per_pool_and_prints_warnings(run_cli, tmp_path):
    result = run_cli("import", "bpmn", BPMN / "two-pools.bpmn", "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["Process_Customer.yaml", "Process_Supplier.yaml"]
    assert f"{BPMN / 'two-pools.bpmn'}:8:5: warning[BPMN101]" in result.stderr
    again = run_cli("import", "bpmn", BPMN / "two-pools.bpmn", "-o", tmp_path / "out")
    assert again.exit_code == 1 and "already exists; use --force" in again.stderr


def test_cli_refuses_hostile_xml_without_traceback(run_cli, tmp_path):
    evil = tmp_path / "evil.bpmn"
    evil.write_text('<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n<d>&x;</d>',
                    encoding="utf-8")
    result = run_cli("import", "bpmn", evil)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {evil}:2:")
    assert "Traceback" not in result.output + result.stderr


@pytest.mark.slow
def test_imported_processes_build_into_a_handbook(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project)
    shutil.copytree(ROOT / "handbook", project / "handbook")
    (project / "processes").mkdir()
    for name in ("two-pools.bpmn", "boundary-timer.bpmn", "nested-lanes.bpmn", "no-di.bpmn"):
        for result in import_bpmn(BPMN / name):
            (project / "processes" / f"{result.process.id}.yaml").write_text(result.text, encoding="utf-8")
    # the call activity runs 'root-cause', which a handbook must hold: give it one
    (project / "processes" / "root-cause.yaml").write_text(
        "id: root-cause\ntitle: Root cause\nlanes: [{id: q, name: Quality}]\n"
        "steps:\n  - {id: s, type: start, lane: q, next: e}\n  - {id: e, type: end, lane: q}\n",
        encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "sopdocs", "build", "--strict"], cwd=project,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert (project / "site" / "processes" / "sid-order" / "index.html").is_file()


def test_a_second_start_event_is_warned(tmp_path):
    path = tmp_path / "two-starts.bpmn"
    path.write_text("""<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">
  <process id="p">
    <startEvent id="a" name="Phone call"/>
    <startEvent id="b" name="E-mail"/>
    <task id="t" name="Answer"/>
    <sequenceFlow id="f1" sourceRef="a" targetRef="t"/>
    <sequenceFlow id="f2" sourceRef="b" targetRef="t"/>
  </process>
</definitions>""", encoding="utf-8")
    [result] = import_bpmn(path)
    assert [(w.code, w.line, w.col) for w in result.warnings] == [("BPMN102", 4, 5), ("BPMN103", 2, 3)]
    assert "startEvent 'E-mail' (b) is a second start" in result.warnings[0].message
    # the second start cannot be reached from the first: validation says so (SOP109)
    assert [d.code for d in _errors(result)] == ["SOP109"]


def test_huge_and_element_bomb_files_are_refused_at_the_default_limits(run_cli, tmp_path):
    huge = tmp_path / "huge.bpmn"
    with open(huge, "w", encoding="utf-8") as handle:  # 21,000,000 bytes > 20,000,000
        handle.write("<definitions>" + " " * (21_000_000 - 27) + "</definitions>")
    result = run_cli("import", "bpmn", huge)
    assert result.exit_code == 1
    assert result.stderr == (f"error: {huge}:1:1: the file has 21,000,000 bytes, more than the limit"
                             " of 20,000,000 (max_xml_bytes); split the model or raise the limit\n")
    bomb = tmp_path / "bomb.bpmn"  # 600,000 one-line elements in 3.0 MB (5 bytes each), under the size limit
    bomb.write_text("<definitions>\n" + "<a/>\n" * 600_000 + "</definitions>\n", encoding="utf-8")
    result = run_cli("import", "bpmn", bomb)
    assert result.exit_code == 1
    # element 500,001 is the 500,000th <a/>, on line 500,001 (line 1 holds <definitions>)
    assert result.stderr.startswith(f"error: {bomb}:500001:1: the file has more than 500,000 XML elements")


def test_chains_of_merging_gateways_collapse_and_a_gateway_loop_ends(tmp_path):
    path = tmp_path / "chain.bpmn"
    path.write_text("""<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">
  <bpmn:process id="p">
    <bpmn:startEvent id="s"/>
    <bpmn:exclusiveGateway id="d"/>
    <bpmn:task id="a" name="A"/>
    <bpmn:task id="b" name="B"/>
    <bpmn:exclusiveGateway id="m2"/>
    <bpmn:exclusiveGateway id="m1"/>
    <bpmn:endEvent id="e"/>
    <bpmn:exclusiveGateway id="x"/>
    <bpmn:exclusiveGateway id="y"/>
    <bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="d"/>
    <bpmn:sequenceFlow id="f2" name="left" sourceRef="d" targetRef="a"/>
    <bpmn:sequenceFlow id="f3" name="right" sourceRef="d" targetRef="b"/>
    <bpmn:sequenceFlow id="f4" sourceRef="a" targetRef="m1"/>
    <bpmn:sequenceFlow id="f5" sourceRef="b" targetRef="m2"/>
    <bpmn:sequenceFlow id="f6" sourceRef="m1" targetRef="m2"/>
    <bpmn:sequenceFlow id="f7" sourceRef="m2" targetRef="e"/>
    <bpmn:sequenceFlow id="f8" sourceRef="x" targetRef="y"/>
    <bpmn:sequenceFlow id="f9" sourceRef="y" targetRef="x"/>
  </bpmn:process>
</bpmn:definitions>""", encoding="utf-8")
    [result] = import_bpmn(path)
    process = result.process
    # m2 (declared first) goes first: m1's way out now ends at e, then m1 itself folds
    assert process.step("a").targets == ("e",) and process.step("b").targets == ("e",)
    assert process.step("m1") is None and process.step("m2") is None
    # x → y → x: x folds into y, whose flow then loops on itself and stays a step
    assert process.step("x") is None and process.step("y").targets == ("y",)


def test_pools_whose_ids_would_clash_get_distinct_process_ids(tmp_path):
    path = tmp_path / "clash.bpmn"
    # process-a and a both become the sopdocs id 'a' (the export prefix is taken off)
    path.write_text("""<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">
  <process id="process-a"><laneSet><lane id="l" name="L"><flowNodeRef>s</flowNodeRef></lane></laneSet><startEvent id="s"/></process>
  <process id="a"><laneSet><lane id="l2" name="L"><flowNodeRef>s2</flowNodeRef></lane></laneSet><startEvent id="s2"/></process>
</definitions>""", encoding="utf-8")
    assert [result.process.id for result in import_bpmn(path)] == ["a", "a-2"]


def test_a_flow_to_nowhere_is_warned_not_dropped_silently(tmp_path):
    path = tmp_path / "dangling.bpmn"
    path.write_text("""<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL" targetNamespace="x">
  <process id="p">
    <laneSet><lane id="l" name="L"><flowNodeRef>s</flowNodeRef></lane></laneSet>
    <startEvent id="s"/>
    <sequenceFlow id="f" name="lost" sourceRef="s" targetRef="gone"/>
  </process>
</definitions>""", encoding="utf-8")
    [result] = import_bpmn(path)
    assert [(w.code, w.line, w.col) for w in result.warnings] == [("BPMN101", 5, 5)]
    assert result.warnings[0].message == ("sequenceFlow 'lost' (f) from s to gone is not imported:"
                                          " one end is not a step of this pool")
    assert result.process.step("s").next == ()
