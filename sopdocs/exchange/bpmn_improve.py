"""The improvement fields of issue 12 in BPMN's `sopdocs:` extension elements, both ways.

Export: a problem's `id` and stated `priority` as attributes of its `sopdocs:problem`;
its why-chain as `sopdocs:why` siblings (`problem="<index within the step>"`, one per
item, in order), so no element mixes text and children; KPI `before`/`after` as
attributes of `sopdocs:kpi`; each action as a `sopdocs:action` (attributes; `steps`
and `problems` as space-separated ids) and the pilot as a `sopdocs:pilot` in the
process's extension. Import reads the same back.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace
from typing import Optional

from ..model import Action, Kpi, Pilot, Problem, Process, Step, normalise_priority
from .bpmn_names import sopdocs


def _number(value: float) -> str:
    return repr(float(value))


def problem_attributes(problem: Problem) -> dict:
    """Extra attributes of a problem's `sopdocs:problem` (None values are left out)."""
    return {"id": problem.id, "priority": problem.stated_priority}


def why_elements(step: Step) -> list[tuple[dict, str]]:
    """(attributes, text) of the `sopdocs:why` elements of a step's problems."""
    return [({"problem": str(index)}, why) for index, problem in enumerate(step.problems)
            for why in problem.why]


def kpi_attributes(kpi: Kpi) -> dict:
    """The pilot values of a KPI as attributes of its `sopdocs:kpi`."""
    return {"before": None if kpi.before is None else _number(kpi.before),
            "after": None if kpi.after is None else _number(kpi.after)}


def process_elements(process: Process) -> list[tuple[str, dict]]:
    """(tag, attributes) of the `sopdocs:action` and `sopdocs:pilot` elements."""
    found = [(sopdocs("action"), {
        "what": action.what, "department": action.department, "owner": action.owner,
        "due": action.due, "resources": action.resources, "acceptance": action.acceptance,
        "status": action.status, "steps": " ".join(action.steps), "problems": " ".join(action.problems),
    }) for action in process.actions]
    pilot = process.pilot
    if pilot is not None:
        found.append((sopdocs("pilot"), {"scope": pilot.scope, "before": pilot.before_period,
                                         "after": pilot.after_period}))
    return found


def with_improvement(problems: tuple[Problem, ...], ext: Optional[ET.Element]) -> tuple[Problem, ...]:
    """The problems read from a step's extension, with their ids, priorities and why-chains."""
    if ext is None or not problems:
        return problems
    elements = [c for c in ext if c.tag == sopdocs("problem")]
    whys: dict[str, list[str]] = {}
    for child in ext:
        if child.tag == sopdocs("why"):
            whys.setdefault(child.get("problem", ""), []).append(child.text or "")
    return tuple(replace(problem, id=element.get("id") or None,
                         stated_priority=normalise_priority(element.get("priority")),
                         why=tuple(whys.get(str(index), ())))
                 for index, (problem, element) in enumerate(zip(problems, elements)))


def pilot_value(child: ET.Element, key: str) -> Optional[float]:
    """A KPI's `before` or `after` attribute as a number (raises ValueError when it is not one)."""
    text = child.get(key)
    return float(text) if text else None


def actions_and_pilot(ext: Optional[ET.Element]) -> tuple[tuple[Action, ...], Optional[Pilot]]:
    """The actions and the pilot of a process's extension."""
    actions, pilot = [], None
    for child in ext if ext is not None else ():
        if child.tag == sopdocs("action") and child.get("what") is not None:
            get = child.get
            actions.append(Action(get("what"), get("department"), get("owner"), get("due"),
                                  get("resources", ""), get("acceptance", ""), get("status", "planned"),
                                  tuple(get("steps", "").split()), tuple(get("problems", "").split())))
        elif child.tag == sopdocs("pilot"):
            pilot = Pilot(child.get("scope", ""), child.get("before", ""), child.get("after", ""))
    return tuple(actions), pilot
