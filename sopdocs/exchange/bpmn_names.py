"""Names shared by the BPMN export and import: namespaces, id prefixes, element kinds.

sopdocs ids may start with a digit, and a step, a lane and the process may share an
id; BPMN ids are XML NCNames unique in the file. So every exported id gets a prefix
by kind (`step-`, `lane-`, `flow-<step>-<n>`, `process-`), and the import takes the
prefix off again (whoever wrote the file), which gives a round trip the same ids.
"""

from __future__ import annotations

import re
from typing import Optional

from ..fields import ID_RE

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"
BPMNDI_NS = "http://www.omg.org/spec/BPMN/20100524/DI"
DC_NS = "http://www.omg.org/spec/DD/20100524/DC"
DI_NS = "http://www.omg.org/spec/DD/20100524/DI"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
SOPDOCS_NS = "urn:sopdocs:bpmn:1"
"""Namespace of the extension elements that carry what BPMN has no place for."""

PREFIXES = {"bpmn": BPMN_NS, "bpmndi": BPMNDI_NS, "dc": DC_NS, "di": DI_NS,
            "sopdocs": SOPDOCS_NS, "xsi": XSI_NS}

TASK_KINDS = ("task", "userTask", "manualTask", "serviceTask", "scriptTask", "sendTask",
              "receiveTask", "businessRuleTask")
"""BPMN activities read as sopdocs tasks (subProcess and callActivity are subprocesses)."""

STEP_ELEMENT = {"start": "startEvent", "end": "endEvent", "decision": "exclusiveGateway",
                "parallel": "parallelGateway", "subprocess": "callActivity"}
"""sopdocs step type → BPMN element (a task is `userTask` when someone owns it, else `task`)."""

_NOT_ID_CHARS = re.compile(r"[^A-Za-z0-9_-]+")


def bpmn(tag: str) -> str:
    """`{BPMN model namespace}tag`, as ElementTree names elements."""
    return f"{{{BPMN_NS}}}{tag}"


def sopdocs(tag: str) -> str:
    """`{sopdocs extension namespace}tag`."""
    return f"{{{SOPDOCS_NS}}}{tag}"


def step_ref(step_id: str) -> str:
    """BPMN id of a step."""
    return f"step-{step_id}"


def lane_ref(lane_id: str) -> str:
    """BPMN id of a lane."""
    return f"lane-{lane_id}"


def flow_ref(step_id: str, index: int) -> str:
    """BPMN id of the `index`-th link of a step (the trailing number keeps ids unique)."""
    return f"flow-{step_id}-{index}"


def process_ref(process_id: str) -> str:
    """BPMN id of a process (also what a call activity's calledElement names)."""
    return f"process-{process_id}"


def sopdocs_id(bpmn_id: str, prefix: str) -> str:
    """The sopdocs id for a BPMN id: the kind's prefix taken off when what remains is a
    valid id; other characters than letters, digits, '-' and '_' become '-'."""
    if bpmn_id.startswith(prefix) and ID_RE.match(bpmn_id[len(prefix):]):
        return bpmn_id[len(prefix):]
    slug = _NOT_ID_CHARS.sub("-", bpmn_id).strip("-_")
    return slug or "x"


def local(tag: object) -> Optional[str]:
    """The local name of an ElementTree tag (`{ns}task` → `task`); None for comments."""
    if not isinstance(tag, str):
        return None
    return tag.rsplit("}", 1)[-1]


def namespace(tag: object) -> str:
    """The namespace of an ElementTree tag ('' when it has none)."""
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""
