"""Reading a BPMN 2.0 file as modelling tools write it: pools, lanes, nodes and flows.

Namespaces are resolved by URI, so `bpmn:`-prefixed files and files with BPMN as the
default namespace read the same; the diagram (DI) is optional and only orders lanes.
`read_bpmn` finds the pools (a participant with a process, or a process on its own);
`read_pool` gathers one pool's lanes (nested lanes flattened, their names joined into
a path), flow nodes and sequence flows in file order. What sopdocs cannot represent is
reported by `bpmn_import` as it maps these to a process.
"""

from __future__ import annotations

import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Optional

from ..limits import DEFAULT_LIMITS, Limits
from .bpmn_names import BPMN_NS, BPMNDI_NS, DC_NS, SOPDOCS_NS, bpmn, local, namespace, sopdocs_id
from .xmlsafe import XmlDocument, XmlError, parse_xml


@dataclass
class Pool:
    """One pool: the participant (None for a process without a collaboration) and its process."""

    id: str
    name: str
    process: ET.Element
    participant: Optional[ET.Element] = None


@dataclass(eq=False)
class LaneInfo:
    """A leaf lane after flattening: its element, name path and the node ids in it."""

    element: ET.Element
    name: str
    nodes: list[str] = field(default_factory=list)


@dataclass
class BpmnFile:
    """A parsed BPMN file: the document, its pools, message flows and DI positions."""

    doc: XmlDocument
    pools: list[Pool]
    message_flows: list[ET.Element]
    black_boxes: list[ET.Element]
    tops: dict[str, float] = field(default_factory=dict)

    @property
    def written_by_sopdocs(self) -> bool:
        """True when the processes carry sopdocs extension elements."""
        return any(ext_of(pool.process, "process") is not None for pool in self.pools)


def children(element: ET.Element, tag: str) -> list[ET.Element]:
    """Direct children in the BPMN namespace with this local name."""
    return [child for child in element if child.tag == bpmn(tag)]


def ext_of(element: ET.Element, tag: str) -> Optional[ET.Element]:
    """The `sopdocs:<tag>` extension element of a BPMN element, if any."""
    for extensions in children(element, "extensionElements"):
        for child in extensions:
            if child.tag == f"{{{SOPDOCS_NS}}}{tag}":
                return child
    return None


def documentation(element: ET.Element) -> str:
    """The element's documentation texts, joined by blank lines."""
    texts = [child.text or "" for child in children(element, "documentation")]
    return "\n\n".join(text for text in texts if text.strip())


def read_bpmn(path: str | os.PathLike, limits: Limits = DEFAULT_LIMITS) -> BpmnFile:
    """Parse a BPMN file safely and find its pools; raises XmlError when it is not BPMN."""
    doc = parse_xml(path, limits)
    root = doc.root
    if local(root.tag) != "definitions" or namespace(root.tag) != BPMN_NS:
        raise XmlError(f"{doc.at(root)}: not a BPMN 2.0 file: the root element is"
                       f" <{local(root.tag)}> in namespace '{namespace(root.tag) or 'none'}',"
                       f" expected <definitions> in {BPMN_NS}; save the model as BPMN 2.0 XML")
    processes = {p.get("id"): p for p in children(root, "process")}
    pools, used, message_flows, black_boxes = [], set(), [], []
    for collaboration in children(root, "collaboration"):
        message_flows += children(collaboration, "messageFlow")
        for participant in children(collaboration, "participant"):
            process = processes.get(participant.get("processRef"))
            if process is None:
                black_boxes.append(participant)
                continue
            used.add(process.get("id"))
            pools.append(Pool(participant.get("id") or process.get("id"),
                              participant.get("name") or process.get("name") or "", process, participant))
    for process_id, process in processes.items():
        if process_id not in used:
            pools.append(Pool(process_id or "process", process.get("name") or "", process))
    if not pools:
        raise XmlError(f"{doc.at(root)}: the file has no process to import (no <process>"
                       " element); draw the flow in a pool and save again")
    return BpmnFile(doc, pools, message_flows, black_boxes, _tops(root))


def _tops(root: ET.Element) -> dict[str, float]:
    """BPMN element id → top (y) of its shape in the first diagram that shows it."""
    tops: dict[str, float] = {}
    for shape in root.iter(f"{{{BPMNDI_NS}}}BPMNShape"):
        bounds = shape.find(f"{{{DC_NS}}}Bounds")
        element = shape.get("bpmnElement")
        if bounds is not None and element and element not in tops:
            try:
                tops[element] = float(bounds.get("y", ""))
            except ValueError:
                continue
    return tops


def leaf_lanes(process: ET.Element) -> tuple[list[LaneInfo], dict[str, LaneInfo]]:
    """Leaf lanes in file order (nested names joined with ' / ') and node id → its lane.

    A node listed in a parent lane and in one of its children belongs to the child
    (a leaf lane that lists it, else the deepest lane).
    """
    leaves: list[LaneInfo] = []
    owner: dict[str, tuple[tuple[bool, int], LaneInfo]] = {}

    def walk(lane_set: ET.Element, path: list[str], depth: int) -> None:
        for lane in children(lane_set, "lane"):
            names = path + [lane.get("name") or sopdocs_id(lane.get("id") or "lane", "lane-")]
            info = LaneInfo(lane, " / ".join(names))
            nested = [s for s in children(lane, "childLaneSet") if children(s, "lane")]
            rank = (not nested, depth)  # a leaf lane beats a parent, a deeper one a shallower
            for ref in children(lane, "flowNodeRef"):
                node = (ref.text or "").strip()
                if node and (node not in owner or owner[node][0] < rank):
                    owner[node] = (rank, info)
            if nested:
                for lane_set_child in nested:
                    walk(lane_set_child, names, depth + 1)
            else:
                leaves.append(info)

    for lane_set in children(process, "laneSet"):
        walk(lane_set, [], 0)
    node_lane = {}
    for node, (_, info) in owner.items():
        if info in leaves:
            node_lane[node] = info
        else:  # listed only in a parent lane: its first leaf takes it
            node_lane[node] = next((leaf for leaf in leaves
                                    if leaf.name.startswith(info.name + " / ")), leaves[0])
        node_lane[node].nodes.append(node)
    return leaves, node_lane
