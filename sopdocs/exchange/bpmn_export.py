"""A process as BPMN 2.0 XML: a collaboration with one pool, its lanes and its flow.

`process_to_bpmn(process)` gives the text of a `.bpmn` file (docs/bpmn.md has the
mapping table): a participant for the process, a `laneSet` with a lane per sopdocs
lane, a flow node per step (start and end events, user tasks where someone owns the
work, plain tasks otherwise, exclusive gateways for decisions, parallel gateways for
parallel steps, call activities for subprocess steps), sequence flows named by their
`when` (and conditioned on it at decisions), parallel joins where the branches of a
fork meet, summaries and instructions as documentation, and everything BPMN has no
place for (durations and their ranges, waits, owners, capacities, arrivals, inputs,
problems, KPIs...) in `sopdocs:`
extension elements, so importing the file gives the same process back. The diagram
(`bpmn_di`) is laid out as the handbook's flowchart is. Same process, same bytes.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Optional

from .. import __version__
from ..graph import back_edges, successors, topological_order
from ..model import Calendar, Link, Process, Step
from ..render.svgwriter import clean
from .bpmn_forecast import arrivals_attributes, fixed_text, kpi_measures, lane_attributes, range_elements
from .bpmn_improve import kpi_attributes, problem_attributes, process_elements, why_elements
from .bpmn_names import (
    PREFIXES, STEP_ELEMENT, XSI_NS, bpmn, flow_ref, lane_ref, process_ref, sopdocs, step_ref,
)

for _prefix, _uri in PREFIXES.items():
    ET.register_namespace(_prefix, _uri)


@dataclass(frozen=True)
class Node:
    """A BPMN flow node to write: its id, element name, step (None for a join) and lane."""

    id: str
    element: str
    step: Optional[Step]
    lane: Optional[str]


@dataclass(frozen=True)
class Flow:
    """A sequence flow to write; `route` names the layout route it follows: a step's
    link (step id, index) or, for the flow out of a join, None."""

    id: str
    source: str
    target: str
    link: Optional[Link] = None
    route: Optional[tuple[str, int]] = None
    condition: bool = False


def _text(text: str) -> str:
    """Text as XML 1.0 can hold it (control characters dropped)."""
    return clean(text)


def _sub(parent: ET.Element, tag: str, attrs: Optional[dict] = None, text: Optional[str] = None):
    element = ET.SubElement(parent, tag, {k: _text(v) for k, v in (attrs or {}).items()
                                          if v is not None and v != ""})
    if text is not None:
        element.text = _text(text)
    return element


def _number(value: float) -> str:
    return repr(float(value))


def parallel_joins(process: Process) -> dict[str, list[tuple[str, int]]]:
    """Step id → the links into it that a parallel join gateway must gather.

    A step waits for all branches that reach it (sopdocs semantics), but a BPMN task
    with several incoming flows goes on at the first. So where two forward links meet
    whose latest common forking ancestor is not a decision (a parallel step, or a task
    with several `next`), every forward link into that step goes through a join.
    """
    loops = set(back_edges(process))
    graph = successors(process)
    forward = {source: [t for t in targets if (source, t) not in loops]
               for source, targets in graph.items()}
    order = {step_id: index for index, step_id in enumerate(topological_order(process))}
    ancestors = _ancestors(forward, order)
    forks = {s for s, targets in forward.items() if len(set(targets)) > 1}
    types = {step.id: step.type for step in process.steps}
    incoming: dict[str, list[tuple[str, int]]] = {}
    for step in process.steps:
        if step.id not in order or graph.get(step.id) is None:
            continue
        for index, link in enumerate(step.next):
            if link.to in order and (step.id, link.to) not in loops:
                incoming.setdefault(link.to, []).append((step.id, index))
    joins = {}
    for target, links in incoming.items():
        sources = [source for source, _ in links]
        for i, first in enumerate(sources):
            if any(_meet_after_fork(first, other, ancestors, forks, order, types)
                   for other in sources[i + 1:]):
                joins[target] = links
                break
    return joins


def _ancestors(forward: dict[str, list[str]], order: dict[str, int]) -> dict[str, set[str]]:
    """Step id → itself and every step with a forward path to it (reachable steps)."""
    result: dict[str, set[str]] = {}
    for step_id in sorted(order, key=order.get):
        result.setdefault(step_id, set()).add(step_id)
        for target in forward.get(step_id, []):
            if target in order:
                result.setdefault(target, set()).update(result[step_id])
    return result


def _meet_after_fork(first, other, ancestors, forks, order, types) -> bool:
    common = ancestors.get(first, set()) & ancestors.get(other, set()) & forks
    if not common:
        return False
    latest = max(common, key=order.get)
    return types.get(latest) != "decision"


def plan(process: Process) -> tuple[list[Node], list[Flow]]:
    """The flow nodes and sequence flows of the export, joins included, in file order."""
    known = {step.id for step in process.steps}
    joins = parallel_joins(process)
    nodes, flows, seen = [], [], set()
    for step in process.steps:
        if step.id in seen:
            continue
        seen.add(step.id)
        element = STEP_ELEMENT.get(step.type) or ("userTask" if process.owner_of(step) else "task")
        nodes.append(Node(step_ref(step.id), element, step, step.lane))
        for index, link in enumerate(step.next):
            if link.to not in known:
                continue
            target = f"join-{link.to}" if (step.id, index) in joins.get(link.to, ()) else step_ref(link.to)
            flows.append(Flow(flow_ref(step.id, index), step_ref(step.id), target, link,
                              (step.id, index), condition=step.type == "decision" and bool(link.when)))
    lanes = {step.id: step.lane for step in process.steps}
    for target in joins:
        nodes.append(Node(f"join-{target}", "parallelGateway", None, lanes.get(target)))
        flows.append(Flow(f"joinflow-{target}", f"join-{target}", step_ref(target)))
    return nodes, flows


def _process_extension(process: Process) -> ET.Element:
    calendar = process.calendar if process.calendar != Calendar() else None
    element = ET.Element(sopdocs("process"), {k: _text(v) for k, v in {
        "id": process.id, "title": process.title, "owner": process.owner,
        "version": process.version, "status": process.status, "baseline": process.baseline,
        "start_date": process.start_date, "language": process.language,
        "hours_per_day": calendar and _number(calendar.hours_per_day),
        "days_per_week": calendar and _number(calendar.days_per_week),
        # issue 16: document control
        "approved_by": process.approval and process.approval.by,
        "approved_on": process.approval and process.approval.on, "effective": process.effective,
        "review_every": process.review and process.review.every,
        "review_next": process.review and process.review.next,
        **arrivals_attributes(process),  # issue 15
    }.items() if v is not None})
    for tag in process.tags:
        _sub(element, sopdocs("tag"), text=tag)
    for kpi in process.kpis:
        kpi_element = _sub(element, sopdocs("kpi"), {
            "unit": kpi.unit, "value": None if kpi.value is None else _number(kpi.value),
            "target": kpi.target.text if kpi.target else None, **kpi_attributes(kpi),
            **kpi_measures(kpi)})
        kpi_element.set("name", _text(kpi.name))  # even when empty: the KPI is still there
    for tag, attributes in process_elements(process):  # issue 12: actions and the pilot
        _sub(element, tag, attributes)
    return element


def _step_extension(step: Step) -> ET.Element:
    element = ET.Element(sopdocs("step"), {k: _text(v) for k, v in {
        "owner": step.owner, "duration": fixed_text(step.duration),
        "wait": fixed_text(step.wait), "process": step.process,
    }.items() if v is not None})
    for attributes in range_elements(step):  # issue 15
        _sub(element, sopdocs("range"), attributes)
    for tag, values in (("input", step.inputs), ("output", step.outputs), ("system", step.systems)):
        for value in values:
            _sub(element, sopdocs(tag), text=value)
    for problem in step.problems:
        _sub(element, sopdocs("problem"), {"type": problem.type, "impact": problem.impact,
                                           "frequency": problem.frequency, **problem_attributes(problem)},
             problem.description)
    for attributes, text in why_elements(step):  # issue 12
        _sub(element, sopdocs("why"), attributes, text)
    return element


def _documentation(parent: ET.Element, text: str) -> None:
    if text.strip():
        _sub(parent, bpmn("documentation"), {"textFormat": "text/markdown"}, text)


def _extension(parent: ET.Element, element: ET.Element) -> None:
    _sub(parent, bpmn("extensionElements")).append(element)


def _write_lanes(parent: ET.Element, process: Process, nodes: list[Node]) -> None:
    lane_set = _sub(parent, bpmn("laneSet"), {"id": f"laneset-{process.id}"})
    for lane in process.lanes:
        element = _sub(lane_set, bpmn("lane"), {"id": lane_ref(lane.id), "name": lane.name})
        attributes = lane_attributes(lane)  # owner, capacity (issue 15)
        if attributes:
            _extension(element, ET.Element(sopdocs("lane"), {k: _text(v) for k, v in attributes.items()}))
        for node in nodes:
            if node.lane == lane.id:
                _sub(element, bpmn("flowNodeRef"), text=node.id)


def _write_node(parent: ET.Element, node: Node, flows: list[Flow]) -> None:
    step = node.step
    element = _sub(parent, bpmn(node.element), {"id": node.id, "name": step.name if step else None})
    if step is not None:
        _documentation(element, step.instructions)
        _extension(element, _step_extension(step))
    else:
        _extension(element, ET.Element(sopdocs("join")))
    for flow in flows:
        if flow.target == node.id:
            _sub(element, bpmn("incoming"), text=flow.id)
    for flow in flows:
        if flow.source == node.id:
            _sub(element, bpmn("outgoing"), text=flow.id)
    if node.element == "callActivity" and step is not None and step.process:
        element.set("calledElement", process_ref(step.process))


def _write_flow(parent: ET.Element, flow: Flow) -> None:
    link = flow.link
    element = _sub(parent, bpmn("sequenceFlow"), {"id": flow.id, "name": link and link.when,
                                                  "sourceRef": flow.source, "targetRef": flow.target})
    if link is not None and link.probability is not None:
        _extension(element, ET.Element(sopdocs("flow"), {"probability": _number(link.probability)}))
    if flow.condition:
        _sub(element, bpmn("conditionExpression"), {f"{{{XSI_NS}}}type": "bpmn:tFormalExpression"},
             link.when)


def process_to_bpmn(process: Process, diagram: bool = True) -> str:
    """BPMN 2.0 XML text of `process` (with its laid-out diagram unless `diagram=False`).

    Raises SopdocsError when the diagram cannot be laid out (no Graphviz engine).
    """
    nodes, flows = plan(process)
    root = ET.Element(bpmn("definitions"), {
        "id": f"definitions-{process.id}", "targetNamespace": f"urn:sopdocs:process:{process.id}",
        "exporter": "sopdocs", "exporterVersion": __version__})
    collaboration = _sub(root, bpmn("collaboration"), {"id": f"collaboration-{process.id}"})
    _sub(collaboration, bpmn("participant"), {"id": f"participant-{process.id}",
                                              "name": process.title, "processRef": process_ref(process.id)})
    element = _sub(root, bpmn("process"), {"id": process_ref(process.id), "name": process.title,
                                            "isExecutable": "false"})
    _documentation(element, process.summary)
    _extension(element, _process_extension(process))
    _write_lanes(element, process, nodes)
    for node in nodes:
        _write_node(element, node, flows)
    for flow in flows:
        _write_flow(element, flow)
    if diagram:
        from .bpmn_di import diagram_element

        root.append(diagram_element(process, nodes, flows))
    ET.indent(root, space="  ")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
