"""BPMN 2.0 files as sopdocs processes: one process per pool, written as YAML.

`import_bpmn(path)` maps each pool (or the one `pool=` names) to a Process and its
process-file text (docs/bpmn.md has the mapping table). Lanes are the leaf lanes
(nested ones named by their path, `Sales / Key accounts`); events, tasks of every kind,
gateways and call activities become steps; sequence flows become `next` links with
their names as `when`; documentation becomes instructions and summary; the `sopdocs:`
extension elements, when present, give back durations (ranges too), waits, owners,
capacities, arrivals and the rest.
Converging gateways (one way out) are not steps: sopdocs joins and merges implicitly,
so their incoming flows lead straight on. Everything without a sopdocs equivalent is
reported as a warning with the element's position, id and name, never dropped silently.
"""

from __future__ import annotations

import datetime

import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from typing import Optional

from ..diagnostics import Diagnostic, SopdocsError
from ..dump import dump_process
from ..fields import ID_RE
from ..limits import DEFAULT_LIMITS, Limits
from ..model import Calendar, Duration, DurationError, Kpi, Lane, Link, Problem, Process, Step
from ..model import Approval, Review, Target, TargetError
from .bpmn_flows import (
    CHANGED, LANES, NOT_IMPORTED, Reader, by_source, collapse_gateways, describe,
    move_boundary_flows, sequence_flow, step_order,
)
from .bpmn_forecast import read_arrivals, read_capacity, read_duration, read_measures
from .bpmn_improve import actions_and_pilot, pilot_value, with_improvement
from .bpmn_names import TASK_KINDS, local, sopdocs, sopdocs_id
from .ids import unique_id
from .bpmn_read import BpmnFile, Pool, children, documentation, ext_of, leaf_lanes, read_bpmn

_STEP_TYPES = {"startEvent": "start", "endEvent": "end", "exclusiveGateway": "decision",
               "parallelGateway": "parallel", "inclusiveGateway": "decision",
               "eventBasedGateway": "decision", "complexGateway": "decision",
               "callActivity": "subprocess", "subProcess": "task", "transaction": "task",
               "adHocSubProcess": "task", "intermediateCatchEvent": "task",
               "intermediateThrowEvent": "task", **{kind: "task" for kind in TASK_KINDS}}
_DATA = ("dataObject", "dataObjectReference", "dataStoreReference")
_ARTIFACTS = ("textAnnotation", "association", "group")
_QUIET = ("documentation", "extensionElements", "laneSet", "sequenceFlow", "ioSpecification",
          "property", "auditing", "monitoring")


@dataclass(frozen=True)
class Imported:
    """One imported pool: the process, its YAML text and the import's warnings."""

    process: Process
    text: str
    warnings: tuple[Diagnostic, ...] = ()


def import_bpmn(path: str | os.PathLike, pool: Optional[str] = None,
                limits: Limits = DEFAULT_LIMITS) -> list[Imported]:
    """Import every pool of a BPMN file (or the pool whose participant or process id is
    `pool`); raises XmlError for a refused file and SopdocsError for an unknown pool."""
    file = read_bpmn(path, limits)
    pools = file.pools
    if pool is not None:
        pools = [p for p in pools if pool in (p.id, p.process.get("id"))]
        if not pools:
            known = ", ".join(p.id for p in file.pools)
            raise SopdocsError(f"{file.doc.path}: no pool '{pool}'; the pools are: {known}")
    results, taken = [], set()
    for index, chosen in enumerate(pools):
        reader = Reader(file, chosen)
        if index == 0:
            _warn_collaboration(reader, pools)
        process = _read_process(reader)
        process = replace(process, id=unique_id(process.id, taken))  # one file per pool
        results.append(Imported(process, _yaml(process, file, chosen, reader.warnings),
                                tuple(reader.warnings)))
    return results


def check_imported(imported: Imported, path: str) -> list[Diagnostic]:
    """The validation diagnostics of an imported process file, as if saved at `path`."""
    from ..load import load_text
    from ..validate import run_rules

    return run_rules(load_text(imported.text, path))


def _warn_collaboration(reader: Reader, pools: list[Pool]) -> None:
    for flow in reader.file.message_flows:
        reader.warn(NOT_IMPORTED, flow, f"{describe(flow)} from {flow.get('sourceRef')} to"
                    f" {flow.get('targetRef')} is not imported: sopdocs has no message flows",
                    "mention the message in the instructions of the steps that send and receive it")
    for participant in reader.file.black_boxes:
        reader.warn(NOT_IMPORTED, participant, f"pool {describe(participant)} has no process"
                    " (a black-box pool) and is not imported")


def _read_process(reader: Reader) -> Process:
    element = reader.pool.process
    lanes, node_lane = leaf_lanes(element)
    _collect(reader)
    move_boundary_flows(reader)
    collapse_gateways(reader)
    reader.leaving = by_source(reader.flows)
    reader.data_names = {child.get("id"): (child.get("name") or child.get("id") or "").strip()
                         for child in element if local(child.tag) in _DATA}
    _warn_extra_starts(reader)
    lane_ids, fallback = _lanes(reader, lanes)
    ext = ext_of(element, "process")
    calendar = _calendar(reader, ext)
    steps = [_step(reader, node_id, node_lane, lane_ids, fallback, calendar)
             for node_id in step_order(reader)]
    model_lanes = [Lane(lane_ids[id(info)], info.name, _lane_owner(info.element),
                        capacity=read_capacity(ext_of(info.element, "lane"), _warner(reader))) for info in lanes]
    if fallback is not None and (fallback.id not in {lane.id for lane in model_lanes}):
        model_lanes.append(fallback)
    return _process(reader, ext, calendar, tuple(model_lanes), tuple(steps))


def _warn_extra_starts(reader: Reader) -> None:
    starts = [e for e in reader.nodes.values() if local(e.tag) == "startEvent"]
    for extra in starts[1:]:
        reader.warn(CHANGED, extra, f"{describe(extra)} is a second start: a sopdocs process"
                    f" starts at one step, {describe(starts[0])}, so the steps only this one"
                    " leads to cannot be reached", "split the model into one process per start,"
                    " or link this start's first step from the main flow")


def _collect(reader: Reader) -> None:
    """Flow nodes and sequence flows of the pool; everything else is warned about."""
    for child in reader.pool.process:
        kind = local(child.tag)
        if kind in _STEP_TYPES and not (kind == "subProcess" and child.get("triggeredByEvent") == "true"):
            reader.nodes[child.get("id") or f"node-{len(reader.nodes) + 1}"] = child
            _warn_kind(reader, child, kind)
        elif kind == "sequenceFlow":
            reader.flows.append(sequence_flow(child))
        elif kind == "boundaryEvent":
            continue  # handled with its host's flows
        elif kind in _DATA:
            reader.warn(NOT_IMPORTED, child, f"{describe(child)} is not imported as such:"
                        " sopdocs has no data objects or stores; its name is kept in the inputs"
                        " and outputs of the tasks that read or write it",
                        "list systems (CRM, ERP) under the steps' systems")
        elif kind == "subProcess":
            reader.warn(NOT_IMPORTED, child, f"event sub-process {describe(child)} is not"
                        " imported: sopdocs has no event sub-processes",
                        "model the exception flow as steps after a decision")
        elif kind in _ARTIFACTS:
            reader.warn(NOT_IMPORTED, child, f"{describe(child)} is not imported (an annotation"
                        " or grouping with no sopdocs equivalent)")
        elif kind is not None and kind not in _QUIET:
            reader.warn(NOT_IMPORTED, child, f"{describe(child)} is not imported: sopdocs has"
                        " no equivalent")
    known = set(reader.nodes) | {b.get("id") for b in children(reader.pool.process, "boundaryEvent")}
    kept = [f for f in reader.flows if f.source in known and f.target in reader.nodes]
    for flow in reader.flows:
        if flow.source not in known or flow.target not in reader.nodes:
            reader.warn(NOT_IMPORTED, flow.element, f"{describe(flow.element)} from {flow.source}"
                        f" to {flow.target} is not imported: one end is not a step of this pool")
    reader.flows = kept


def _warn_kind(reader: Reader, element: ET.Element, kind: str) -> None:
    if kind in ("inclusiveGateway", "eventBasedGateway", "complexGateway"):
        reader.warn(CHANGED, element, f"{describe(element)} becomes a decision (one branch"
                    f" taken): sopdocs has no {kind[0].lower()}{kind[1:]}s",
                    "check the branches; use a parallel step if all of them run")
    elif kind in ("subProcess", "transaction", "adHocSubProcess"):
        reader.warn(CHANGED, element, f"embedded {describe(element)} becomes one task: its"
                    " inner steps are not imported", "write them as their own process and"
                    " make this a subprocess step")
    elif kind.startswith("intermediate"):
        reader.warn(CHANGED, element, f"{describe(element)} becomes a task: sopdocs has no"
                    " intermediate events", "give it a duration or wait, or remove it")


def _lanes(reader: Reader, lanes) -> tuple[dict[int, str], Optional[Lane]]:
    """Lane ids (keyed by id() of each LaneInfo) and the lane for nodes outside any lane."""
    tops = reader.file.tops
    if lanes and all(info.element.get("id") in tops for info in lanes):
        lanes.sort(key=lambda info: tops[info.element.get("id")])
    taken: set[str] = set()
    ids = {id(info): unique_id(sopdocs_id(info.element.get("id") or "lane", "lane-"), taken)
           for info in lanes}
    in_lanes = {node for info in lanes for node in info.nodes}
    outside = [node for node in reader.nodes if node not in in_lanes]
    if not outside:
        return ids, None
    name = reader.pool.name.strip() or "Unassigned"
    fallback = Lane(unique_id("unassigned" if lanes else sopdocs_id(reader.pool.id, "participant-"),
                            taken), name if not lanes else "Unassigned")
    element = reader.pool.participant if reader.pool.participant is not None else reader.pool.process
    if lanes:
        for node in outside:
            reader.warn(LANES, reader.nodes[node], f"{describe(reader.nodes[node])} is in no lane;"
                        f" it goes to the lane '{fallback.name}' ({fallback.id})",
                        "move it into a lane in the modelling tool, or change its lane: in the YAML")
    else:
        reader.warn(LANES, element, f"the pool has no lanes; all steps go to one lane"
                    f" '{fallback.name}' ({fallback.id})", "add lanes for the departments or roles")
    return ids, fallback


def _lane_owner(element: ET.Element) -> Optional[str]:
    ext = ext_of(element, "lane")
    return ext.get("owner") if ext is not None and ext.get("owner") else None


def _step_id(reader: Reader, node_id: str) -> str:
    if not reader.ids:
        taken: set[str] = set()
        for other in reader.nodes:
            reader.ids[other] = unique_id(sopdocs_id(other, "step-"), taken)
    return reader.ids[node_id]


def _warner(reader: Reader):
    return lambda element, message: reader.warn(CHANGED, element, message)


def _duration(reader: Reader, ext, key: str, calendar: Calendar) -> Optional[Duration]:
    ranged = read_duration(ext, key, calendar, _warner(reader))  # issue 15
    if ranged is not None:
        return ranged
    text = ext.get(key) if ext is not None else None
    if not text:
        return None
    try:
        return Duration.parse(0 if text.strip() == "0" else text, calendar)  # a bare 0: a milestone
    except DurationError as error:
        reader.warn(CHANGED, ext, f"the {key} '{text}' is left out: {error}")
        return None


def _step(reader: Reader, node_id: str, node_lane, lane_ids, fallback, calendar) -> Step:
    element = reader.nodes[node_id]
    ext = ext_of(element, "step")
    lane = node_lane.get(node_id)
    lane_id = lane_ids[id(lane)] if lane is not None else fallback.id
    kind = local(element.tag)
    step_type = _STEP_TYPES[kind]
    leaving = reader.leaving.get(node_id, [])
    if step_type in ("decision", "parallel") and len(leaving) < 2:
        step_type = "task"  # a gateway kept with fewer than two ways out is just a step
    values = (lambda tag: tuple(c.text or "" for c in ext if c.tag == sopdocs(tag))) if ext is not None \
        else (lambda tag: ())
    process = (ext.get("process") if ext is not None else None) or (
        sopdocs_id(element.get("calledElement"), "process-") if element.get("calledElement") else None)
    links = tuple(Link(_step_id(reader, f.target), f.when, f.probability) for f in leaving)
    inputs, outputs = _data(reader, element)
    return Step(
        id=_step_id(reader, node_id), name=element.get("name") or _step_id(reader, node_id),
        lane=lane_id, type=step_type, owner=ext.get("owner") if ext is not None else None,
        duration=_duration(reader, ext, "duration", calendar), wait=_duration(reader, ext, "wait", calendar),
        inputs=values("input") or inputs, outputs=values("output") or outputs, systems=values("system"),
        instructions=documentation(element), next=links, problems=with_improvement(_problems(ext), ext),
        process=process if step_type == "subprocess" else None)


def _data(reader: Reader, element: ET.Element) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Names of the data objects and stores a task reads (inputs) and writes (outputs)."""
    names = reader.data_names

    def refs(tag: str, ref: str) -> tuple[str, ...]:
        found = []
        for association in children(element, tag):
            for target in children(association, ref):
                name = names.get((target.text or "").strip())
                if name and name not in found:
                    found.append(name)
        return tuple(found)

    return refs("dataInputAssociation", "sourceRef"), refs("dataOutputAssociation", "targetRef")


def _problems(ext) -> tuple[Problem, ...]:
    if ext is None:
        return ()
    return tuple(Problem(c.text or "", c.get("type", "efficiency"),
                         c.get("impact", "medium"), c.get("frequency", "medium"))
                 for c in ext if c.tag == sopdocs("problem"))


def _calendar(reader: Reader, ext) -> Calendar:
    if ext is None or not (ext.get("hours_per_day") or ext.get("days_per_week")):
        return Calendar()
    try:
        return Calendar(float(ext.get("hours_per_day", "8")), float(ext.get("days_per_week", "5")))
    except ValueError:
        reader.warn(CHANGED, ext, "the calendar is not numbers; the default 8 h/day, 5 d/week is used")
        return Calendar()


def _kpis(reader: Reader, ext) -> tuple[Kpi, ...]:
    kpis = []
    for child in ext if ext is not None else ():
        if child.tag != sopdocs("kpi") or child.get("name") is None:
            continue
        try:
            value = float(child.get("value")) if child.get("value") else None
            target = Target.parse(child.get("target")) if child.get("target") else None
            before, after = pilot_value(child, "before"), pilot_value(child, "after")  # issue 12
        except (ValueError, TargetError) as error:
            reader.warn(CHANGED, child, f"KPI '{child.get('name')}' is left out: {error}")
            continue
        kpis.append(Kpi(child.get("name"), child.get("unit", ""), value, target, before=before, after=after,
                        measures=read_measures(child, _warner(reader))))  # issue 15
    return tuple(kpis)


def _process(reader: Reader, ext, calendar: Calendar, lanes, steps) -> Process:
    element, pool = reader.pool.process, reader.pool
    get = (lambda key: ext.get(key) or None) if ext is not None else (lambda key: None)
    wanted = get("id") or sopdocs_id(element.get("id") or pool.id, "process-")
    status = get("status") if get("status") in ("current", "optimized", "proposed", "retired") else "current"
    summary = documentation(element) or (documentation(pool.participant)
                                         if pool.participant is not None else "")
    return Process(
        id=wanted if ID_RE.match(wanted) else "imported", title=get("title") or pool.name.strip()
        or (element.get("name") or "").strip() or wanted, path="", summary=summary,
        owner=get("owner"), version=get("version"), status=status, baseline=get("baseline"),
        tags=tuple(c.text or "" for c in (ext if ext is not None else ()) if c.tag == sopdocs("tag")),
        calendar=calendar, lanes=lanes, steps=steps, kpis=_kpis(reader, ext),
        start_date=get("start_date"), language=get("language"),
        **dict(zip(("actions", "pilot"), actions_and_pilot(ext))),  # issue 12
        **_control(reader, ext, get), arrivals=read_arrivals(ext, calendar, _warner(reader)))


def _control(reader: Reader, ext, get) -> dict:
    """issue 16: approval, effective and review from the extension element; a date that
    is not a real YYYY-MM-DD, or a review period sopdocs cannot read, is left out."""
    dates = {}
    for key in ("approved_on", "effective", "review_next"):
        value = get(key)
        if value and not _is_date(value):
            reader.warn(CHANGED, ext, f"'{key}' {value!r} is left out: it is not a date YYYY-MM-DD")
            value = None
        dates[key] = value
    every = get("review_every")
    if every and Review(every).interval is None:
        reader.warn(CHANGED, ext, f"'review_every' {every!r} is left out: write e.g. 6 months or 1 year")
        every = None
    by, on = get("approved_by"), dates["approved_on"]
    return {"approval": Approval(by, on) if by and on else None, "effective": dates["effective"],
            "review": Review(every, dates["review_next"]) if every or dates["review_next"] else None}


def _is_date(text: str) -> bool:
    try:
        return len(text) == 10 and bool(datetime.date.fromisoformat(text))
    except ValueError:
        return False


def _yaml(process: Process, file: BpmnFile, pool: Pool, warnings: list[Diagnostic]) -> str:
    """The process file: a comment saying where it came from and what was not kept."""
    lines = [f"# Imported by `sopdocs import bpmn` from {os.path.basename(file.doc.path)},"
             f" pool {pool.id}.", "# Check it with `sopdocs validate`; docs/bpmn.md maps"
             " BPMN elements to steps."]
    if warnings:
        lines.append("# What the import could not keep as it was:")
        lines += [f"#   line {w.line}: {w.message}".replace("\n", " ") for w in warnings]
    return "\n".join(lines) + "\n" + dump_process(process)

