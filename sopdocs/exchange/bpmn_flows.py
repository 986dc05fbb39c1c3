"""The flow of a pool while it is imported: sequence flows, and the rewrites that make
them fit sopdocs (boundary events' flows moved to their hosts, one-way gateways
collapsed), plus the order steps are written in. All linear in the number of flows.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Optional

from ..diagnostics import WARNING, Diagnostic
from .bpmn_names import local
from .bpmn_read import BpmnFile, Pool, children, ext_of

NOT_IMPORTED, CHANGED, LANES = "BPMN101", "BPMN102", "BPMN103"
"""Warning codes: no sopdocs equivalent; imported with another meaning; lane assignment."""
GATEWAYS = ("exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
            "complexGateway")


@dataclass
class Flow:
    """A sequence flow being imported (source and target may be rewritten)."""

    id: str
    source: str
    target: str
    when: Optional[str]
    probability: Optional[float]
    element: ET.Element


@dataclass
class Reader:
    """What one pool's import has found so far, and its warnings."""

    file: BpmnFile
    pool: Pool
    warnings: list[Diagnostic] = field(default_factory=list)
    nodes: dict[str, ET.Element] = field(default_factory=dict)
    flows: list[Flow] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)
    leaving: dict[str, list[Flow]] = field(default_factory=dict)
    data_names: dict[str, str] = field(default_factory=dict)

    def warn(self, code: str, element: ET.Element, message: str, hint: str = "") -> None:
        """Record a warning at the element's position in the BPMN file."""
        line, col = self.file.doc.where(element)
        self.warnings.append(Diagnostic(self.file.doc.path, line, col, code, WARNING, message, hint))


def describe(element: ET.Element) -> str:
    """`kind 'name' (id)` of an element, for messages."""
    name = (element.get("name") or "").strip()
    return f"{local(element.tag)} {repr(name) + ' ' if name else ''}({element.get('id') or 'no id'})"


def sequence_flow(element: ET.Element) -> Flow:
    """A `sequenceFlow` element read: its name (else its condition's text) is the `when`,
    the probability comes from the `sopdocs:flow` extension element."""
    name = element.get("name") or ""
    condition = next((c.text.strip() for c in children(element, "conditionExpression")
                      if c.text and c.text.strip()), "")
    ext = ext_of(element, "flow")
    probability = None
    if ext is not None and ext.get("probability"):
        try:
            probability = float(ext.get("probability"))
        except ValueError:
            probability = None
    return Flow(element.get("id") or "", element.get("sourceRef") or "",
                element.get("targetRef") or "", name or condition or None, probability, element)


def by_source(flows: list[Flow]) -> dict[str, list[Flow]]:
    """Flows grouped by their source, each group in file order."""
    result: dict[str, list[Flow]] = {}
    for flow in flows:
        result.setdefault(flow.source, []).append(flow)
    return result


def move_boundary_flows(reader: Reader) -> None:
    """A boundary event's flows leave from its host instead, named after the event."""
    leaving = by_source(reader.flows)
    dropped: set[int] = set()
    for event in children(reader.pool.process, "boundaryEvent"):
        host = event.get("attachedToRef")
        moved = leaving.get(event.get("id") or "", [])
        if host in reader.nodes:
            trigger = next((local(c.tag) for c in event
                            if (local(c.tag) or "").endswith("EventDefinition")), "boundary event")
            for flow in moved:
                flow.source = host
                flow.when = flow.when or (event.get("name") or "").strip() or trigger
        else:
            dropped.update(id(flow) for flow in moved)
        where = (f"its flow now leaves {host} as an alternative branch" if moved and host in reader.nodes
                 else "it has no flow out to keep, so it is dropped")
        reader.warn(CHANGED, event, f"boundary {describe(event)} on {host}: sopdocs has no"
                    f" boundary events; {where}", "make the host a task followed by a decision"
                    " if the exception path matters")
    reader.flows = [flow for flow in reader.flows if id(flow) not in dropped]


def collapse_gateways(reader: Reader) -> None:
    """Gateways with one way out (joins, merges) are not steps: lead their incoming
    flows straight to where the gateway goes. Chains of them collapse in one pass."""
    leaving = by_source(reader.flows)
    arriving: dict[str, list[Flow]] = {}
    for flow in reader.flows:
        arriving.setdefault(flow.target, []).append(flow)
    removed: set[int] = set()
    for node_id, element in list(reader.nodes.items()):
        if local(element.tag) not in GATEWAYS or ext_of(element, "step") is not None:
            continue
        exits = leaving.get(node_id, [])
        if len(exits) != 1 or exits[0].target == node_id:
            continue
        exit_flow = exits[0]
        removed.add(id(exit_flow))  # still listed as arriving at its target: skipped there
        for flow in arriving.pop(node_id, []):
            if id(flow) in removed:
                continue
            flow.target = exit_flow.target
            flow.when = flow.when or exit_flow.when
            arriving.setdefault(exit_flow.target, []).append(flow)
        leaving[node_id] = []
        del reader.nodes[node_id]
    reader.flows = [flow for flow in reader.flows if id(flow) not in removed]


def step_order(reader: Reader) -> list[str]:
    """Node ids in file order; for files from other tools, in flow order from the starts
    (depth first, following flows in file order), the rest after them in file order."""
    ids = list(reader.nodes)
    if reader.file.written_by_sopdocs:
        return ids
    starts = [n for n in ids if local(reader.nodes[n].tag) == "startEvent"]
    leaving = by_source(reader.flows)
    seen, order = set(), []
    stack = list(reversed(starts))
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        order.append(node)
        stack.extend(reversed([f.target for f in leaving.get(node, [])]))
    return order + [n for n in ids if n not in seen]
