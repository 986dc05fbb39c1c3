"""Mermaid text for a process: a flowchart with lanes as subgraphs, and a gantt chart.

Mermaid renders natively in GitHub and GitLab Markdown, so this is the diagram a
pull-request comment carries. Two rules keep hostile YAML text from breaking it:

- Node and subgraph ids are generated (`s_` / `lane_` plus the YAML id with every
  character outside A-Z, a-z, 0-9 replaced by `_`, and a numeric suffix on collisions);
  a YAML id never reaches the Mermaid syntax as written.
- Every text from YAML is quoted and escaped with Mermaid's entity codes: `"` → `#quot;`,
  `<` → `#lt;`, `>` → `#gt;`, `&` → `#amp;`, and every other ASCII character outside
  letters, digits, space and `-_.,!?/'+=@~*^` → `#<code>;` (so `#`, `;`, `:`, backticks,
  brackets, braces and `%` can neither end a label nor start a comment or a directive).
  Whitespace runs (newlines included) become one space; long texts are cut with "…".

With a `ProcessDiff`, the flowchart draws the new process with added and changed steps
styled by `classDef`, and the removed steps of the old one struck through (dashed red
border, `text-decoration: line-through`) with their old edges dotted.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Optional

from ..analysis.diff import ProcessDiff
from ..analysis.schedule import Schedule, schedule
from ..graph import back_edges
from ..i18n import Texts
from ..model import Link, Process, Step
from .flowshapes import words_for

MAX_LABEL = 80
MAX_EDGE_LABEL = 40
_SAFE_ASCII = set("-_.,!?/'+=@~*^ ")
_NAMED = {'"': "#quot;", "<": "#lt;", ">": "#gt;", "&": "#amp;"}
_SHAPES = {  # step type → (opening, closing) around the quoted label
    "task": ("[", "]"),
    "decision": ("{", "}"),
    "parallel": ("{{", "}}"),
    "start": ("([", "])"),
    "end": ("([", "])"),
    "subprocess": ("[[", "]]"),
}
CLASS_DEFS = (
    "classDef added fill:#e6f6ea,stroke:#1a7f37,stroke-width:2px,color:#1f2328",
    "classDef changed fill:#fff5d6,stroke:#9a6700,stroke-width:2px,color:#1f2328",
    "classDef removed fill:#fdecee,stroke:#cf222e,stroke-width:2px,stroke-dasharray:5 5,"
    "color:#82071e,text-decoration:line-through",
)
GANTT_BASE = datetime(2000, 1, 1)
_GANTT_KEYWORDS = ("title", "section", "dateformat", "axisformat", "tickinterval", "excludes",
                   "includes", "todaymarker", "weekday", "weekend", "click", "acctitle",
                   "accdescr", "inclusiveenddates", "topaxis", "displaymode", "gantt")


def escape(text: object, limit: int = MAX_LABEL) -> str:
    """YAML text → the inside of a quoted Mermaid label (see the module docstring)."""
    plain = re.sub(r"\s+", " ", str(text)).strip()
    if len(plain) > limit:
        plain = plain[: limit - 1].rstrip() + "…"
    out = []
    for char in plain:
        if char in _NAMED:
            out.append(_NAMED[char])
        elif char.isascii() and not (char.isalnum() or char in _SAFE_ASCII):
            out.append(f"#{ord(char)};")
        elif not char.isascii() and not char.isprintable():
            out.append(" ")
        else:
            out.append(char)
    return "".join(out)


class NodeIds:
    """Safe, unique Mermaid ids for YAML ids: `prefix` + the id with [^A-Za-z0-9] → `_`."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.ids: dict[str, str] = {}

    def __call__(self, yaml_id: str) -> str:
        if yaml_id not in self.ids:
            base = self.prefix + re.sub(r"[^A-Za-z0-9]", "_", yaml_id)
            candidate, number = base, 2
            taken = set(self.ids.values())
            while candidate in taken:
                candidate, number = f"{base}_{number}", number + 1
            self.ids[yaml_id] = candidate
        return self.ids[yaml_id]


def step_label(step: Step, words: Texts) -> str:
    """The escaped label of a step: its name, and for work its duration and wait."""
    label = escape(step.name or step.id)
    timing = []
    if step.duration and not step.duration.is_zero:
        timing.append(escape(words.written(step.duration.text), 20))
    if step.wait and not step.wait.is_zero:
        timing.append(escape(words("flow.wait", time=words.written(step.wait.text)), 30))
    return label + ("<br/>" + words["list_separator"].join(timing) if timing else "")


def node_line(node_id: str, step: Step, words: Texts) -> str:
    """`id["label"]` with the shape of the step's type."""
    opening, closing = _SHAPES.get(step.type, _SHAPES["task"])
    return f'{node_id}{opening}"{step_label(step, words)}"{closing}'


def link_label(link: Link) -> str:
    """The text of a branch: its `when` and its probability as a percentage."""
    parts = [escape(link.when, MAX_EDGE_LABEL)] if link.when else []
    if link.probability is not None:
        parts.append(f"{link.probability * 100:g}#37;")
    if len(parts) == 2:
        return f"{parts[0]} #40;{parts[1]}#41;"
    return parts[0] if parts else ""


def edge_lines(process: Process, ids: NodeIds) -> list[str]:
    """One line per `next` link to a known step; rework loops are dashed."""
    known = {step.id for step in process.steps}
    loops = set(back_edges(process))
    lines = []
    for step in process.steps:
        for link in step.next:
            if link.to not in known:
                continue
            arrow = "-.->" if (step.id, link.to) in loops else "-->"
            label = link_label(link)
            text = f'|"{label}"|' if label else ""
            lines.append(f"    {ids(step.id)} {arrow}{text} {ids(link.to)}")
    return lines


def _lane_blocks(lanes: list[tuple[str, str]], members: dict[str, list[str]],
                 lane_ids: NodeIds) -> list[str]:
    """`subgraph` blocks in lane order; `lanes` holds (lane id, escaped title)."""
    lines = []
    for lane_id, title in lanes:
        if not members.get(lane_id):
            continue
        lines.append(f'    subgraph {lane_ids(lane_id)}["{title}"]')
        lines.extend(f"        {line}" for line in members[lane_id])
        lines.append("    end")
    return lines


def _lanes_and_members(process: Process, ids: NodeIds, diff: Optional[ProcessDiff], words: Texts):
    """(lane id, title) pairs and node lines per lane (None = outside every lane)."""
    renamed = {lane_id: old for lane_id, old, _ in diff.lanes.renamed} if diff else {}
    lanes = []
    for lane in process.lanes:
        title = escape(lane.name)
        if lane.id in renamed:
            title += " #40;" + escape(words("mermaid.was", name=renamed[lane.id])) + "#41;"
        lanes.append((lane.id, title))
    declared = {lane.id for lane in process.lanes}
    members: dict[Optional[str], list[str]] = {}
    for step in process.steps_by_id().values():
        lane = step.lane if step.lane in declared else None
        members.setdefault(lane, []).append(node_line(ids(step.id), step, words))
    if diff:
        old_lanes = {lane.id: lane for lane in diff.old.lanes}
        old_steps = diff.old.steps_by_id()
        for step_id in diff.removed:
            step = old_steps[step_id]
            lane = step.lane if step.lane in declared or step.lane in old_lanes else None
            if lane is not None and lane not in declared and lane not in dict(lanes):
                lanes.append((lane, escape(old_lanes[lane].name) + " #40;"
                              + escape(words["mermaid.removed_lane"]) + "#41;"))
            members.setdefault(lane, []).append(node_line(ids("old " + step_id), step, words))
    return lanes, members


def _removed_edges(diff: ProcessDiff, ids: NodeIds) -> list[str]:
    """The old edges that touch a removed step, drawn dotted between the drawn nodes."""
    removed = set(diff.removed)
    old_to_new = {change.old_id: change.new_id for change in diff.changed}
    old_ids = set(diff.old.steps_by_id())
    old_to_new.update({step.id: step.id for step in diff.new.steps
                       if step.id in old_ids and step.id not in removed})

    def drawn(step_id: str) -> Optional[str]:
        if step_id in removed:
            return ids("old " + step_id)
        return ids(old_to_new[step_id]) if step_id in old_to_new else None

    lines = []
    for step in diff.old.steps_by_id().values():
        for link in step.next:
            if step.id in removed or link.to in removed:
                source, target = drawn(step.id), drawn(link.to)
                if source and target:
                    lines.append(f"    {source} -.-> {target}")
    return lines


def mermaid_flowchart(process: Process, diff: Optional[ProcessDiff] = None,
                      texts: Optional[Texts] = None) -> str:
    """Mermaid `flowchart TD` text of `process`, lanes as subgraphs (its words in
    `texts`' language, default the process's).

    With `diff` (whose `new` is `process`), added and changed steps get the classes
    `added` and `changed`, and the removed steps of `diff.old` are drawn struck through
    in their old lane with their old edges dotted. Deterministic: file order throughout.
    """
    ids, lane_ids = NodeIds("s_"), NodeIds("lane_")
    for step in process.steps:
        ids(step.id)  # steps of the drawn process get their ids first, in file order
    lanes, members = _lanes_and_members(process, ids, diff, words_for(process, texts))
    lines = ["flowchart TD"]
    lines.extend(_lane_blocks(lanes, members, lane_ids))
    lines.extend(f"    {line}" for line in members.get(None, []))
    lines.extend(edge_lines(process, ids))
    if diff:
        lines.extend(_removed_edges(diff, ids))
        lines.extend(f"    {line}" for line in CLASS_DEFS)
        groups = {"added": [ids(s) for s in diff.added],
                  "changed": [ids(change.new_id) for change in diff.changed],
                  "removed": [ids("old " + s) for s in diff.removed]}
        for name, node_ids in groups.items():
            if node_ids:
                lines.append(f"    class {','.join(node_ids)} {name}")
    return "\n".join(lines) + "\n"


def _gantt_name(text: str) -> str:
    """An escaped task or section name that cannot be read as a gantt keyword."""
    escaped = escape(text)
    first_word = re.split(r"[^A-Za-z]", escaped, maxsplit=1)[0].lower()
    if first_word in _GANTT_KEYWORDS:
        escaped = f"#{ord(escaped[0])};" + escaped[1:]
    return escaped


def _gantt_time(hours: float, hours_per_day: float) -> str:
    """Working hours from the start → a date-time where one working day is one day."""
    minutes = round(hours / (hours_per_day or 8.0) * 24 * 60)
    return (GANTT_BASE + timedelta(minutes=minutes)).strftime("%Y-%m-%d %H:%M")


def _gantt_tasks(process: Process, planned: Schedule, step_ids: list[str],
                 ids: NodeIds) -> list[str]:
    """The task lines of one section: a grey `done` bar for a wait, then the work."""
    per_day = process.calendar.hours_per_day
    by_id = process.steps_by_id()
    lines = []
    for step_id in step_ids:
        timed, step = planned[step_id], by_id[step_id]
        name = _gantt_name(step.name or step.id)
        ready, start = _gantt_time(timed.ready_hours, per_day), _gantt_time(timed.start_hours, per_day)
        if start != ready:
            lines.append(f"    {name} #40;wait#41; :done, w{ids(step_id)[1:]}, {ready}, {start}")
        tags = ("crit, " if timed.critical else "")
        if timed.is_milestone:
            lines.append(f"    {name} :{tags}milestone, {ids(step_id)}, {start}, 0d")
        else:
            lines.append(f"    {name} :{tags}{ids(step_id)}, {start}, "
                         f"{_gantt_time(timed.finish_hours, per_day)}")
    return lines


def mermaid_gantt(process: Process) -> str:
    """Mermaid `gantt` text of the expected path: a section per lane, waits as grey bars.

    One working day is drawn as one day from day 1 (the axis shows "day N", counted as
    the day of the year 2000, so it restarts after 366 working days); critical steps are
    `crit`, steps without work are milestones. Off-path steps are left out.
    """
    planned = schedule(process)
    ids = NodeIds("s_")
    for step in process.steps:
        ids(step.id)
    lines = ["gantt", f"    title {_gantt_name(process.title or process.id)}",
             "    dateFormat YYYY-MM-DD HH:mm", "    axisFormat day %-j"]
    by_lane: dict[str, list[str]] = {}
    rank = {step_id: position for position, step_id in enumerate(planned.order)}
    for timed in sorted(planned.scheduled, key=lambda s: (s.start_hours, rank[s.id])):
        by_lane.setdefault(timed.lane, []).append(timed.id)
    names = {lane.id: lane.name for lane in process.lanes}
    order = [lane.id for lane in process.lanes] + sorted(set(by_lane) - set(names))
    for lane_id in order:
        if by_lane.get(lane_id):
            lines.append(f"    section {_gantt_name(names.get(lane_id, lane_id) or 'Steps')}")
            lines.extend(_gantt_tasks(process, planned, by_lane[lane_id], ids))
    return "\n".join(lines) + "\n"
