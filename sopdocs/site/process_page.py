"""The page of one process: header, key figures, diagrams and the SOP of every step."""

from __future__ import annotations

from ..analysis.metrics import Metrics
from ..analysis.schedule import branch_probabilities
from ..i18n import Texts
from ..model import Process, Step
from .builddate import build_date
from .control_section import history_section, status_block
from .diagrams import placeholder
from .forecast_section import PLACEHOLDER as FORECAST, has_durations
from .handbook import Entry, Handbook
from .improve_page import improvement_sections
from .links import relative
from .markup import block, cell, inline, message
from .options import PageOptions

_SKIPPED_TYPES = ("start", "end")
_FLOWCHART_IDS = "fc-"  # the id prefix of the page's flowchart (diagrams.process_diagrams)


def hours_text(hours: float, process: Process, text: Texts) -> str:
    """Working hours as '1.5 d' (or '3 h' under a day), using the process's calendar."""
    return text.days_or_hours(hours, process.calendar.hours_per_day)


def _header(entry: Entry, text: Texts, options: PageOptions) -> list[str]:
    process = entry.process
    lines = [f"# {inline(process.title)}", ""]
    facts = [(text["owner"], process.owner), (text["status"], text.value("status", process.status)),
             (text["version"], process.version), (text["tags"], text.join(process.tags))]
    shown = [(name, value) for name, value in facts if value]
    if shown:
        lines += ["| " + " | ".join(inline(n) for n, _ in shown) + " |",
                  "|" + "---|" * len(shown),
                  "| " + " | ".join(cell(v) for _, v in shown) + " |", ""]
    if process.summary:
        lines += [block(process.summary, options.allow_html), ""]
    return lines


def fact(label: str, text: Texts) -> str:
    """A bold run-in label with the language's colon: `**Owner:**`, `**负责人：**`."""
    return f"**{message(text['field_label'], label=inline(label))}**"


def _list_field(name: str, values: tuple, text: Texts) -> list[str]:
    if not values:
        return []
    return [f"- {fact(name, text)} " + inline(text.join(values))]


def branch_lines(step: Step, process: Process, text: Texts, link_of) -> list[str]:
    """Every outgoing branch of `step` as inline Markdown: its condition, its target
    (linked by `link_of(step id, escaped name)`; an end event, which has no section, is
    named as the end of the process) and, at a decision, its probability (given or
    implied, see branch_probabilities)."""
    steps = process.steps_by_id()
    shares = branch_probabilities(step) if step.type == "decision" else [None] * len(step.next)
    lines = []
    for link, share in zip(step.next, shares):
        target = steps.get(link.to)
        if target is None:
            continue
        if target.type == "end":
            label = message(text["branch_end"], name=inline(target.name or text.value("step_type", "end")))
        else:
            label = link_of(link.to, inline(target.name))
        if link.when:
            label = message(text["branch"], when=inline(link.when), target=label)
        if share is not None and len(step.next) > 1:
            label = message(text["branch_probability"], branch=label, probability=inline(text.percent(share)))
        lines.append(label)
    return lines


def _next_links(step: Step, process: Process, text: Texts) -> list[str]:
    links = branch_lines(step, process, text, lambda to, name: f"[{name}](#step-{to})")
    heading = f"- {fact(text['next_steps'], text)}"
    if len(links) == 1:
        return [f"{heading} {links[0]}"]
    return [heading] + [f"    - {link}" for link in links] if links else []


def step_section(step: Step, number: int, entry: Entry, handbook: Handbook,
                 text: Texts, options: PageOptions) -> list[str]:
    """The SOP section of one step, anchored at #step-<id>."""
    process = entry.process
    lane = process.lane(step.lane)
    lines = [f"### {number}. {inline(step.name)} {{#step-{step.id}}}", "",
             f"[{inline(text['show_in_chart'])}](#{_FLOWCHART_IDS}step-{step.id})"
             "{: .sopdocs-show-in-chart }", ""]
    facts = [f"- {fact(text['owner'], text)} {inline(process.owner_of(step) or text['none'])}",
             f"- {fact(text['lane'], text)} {inline(lane.name if lane else step.lane)}"]
    if step.duration is not None:
        facts.append(f"- {fact(text['duration'], text)} {inline(text.written(step.duration.text))}")
    if step.wait is not None:
        facts.append(f"- {fact(text['wait'], text)} {inline(text.written(step.wait.text))}")
    facts += _list_field(text["inputs"], step.inputs, text)
    facts += _list_field(text["outputs"], step.outputs, text)
    facts += _list_field(text["systems"], step.systems, text)
    if step.type == "subprocess" and step.process and handbook.entry(step.process):
        target = handbook.entry(step.process)
        facts.append(f"- {fact(text['subprocess'], text)} [{inline(target.process.title)}]"
                     f"({relative(entry.page, target.page)})")
    facts += _next_links(step, process, text)
    lines += facts + [""]
    if step.instructions:
        lines += [f"**{inline(text['instructions'])}**", "", block(step.instructions, options.allow_html), ""]
    if step.problems:
        lines += [f'!!! warning "{inline(text["problems"])}"', ""]
        for problem in step.problems:
            label = text("problem_label", priority=text.value("priority", problem.priority),
                         type=text.value("problem_type", problem.type))
            lines.append(f"    - {fact(label, text)} {inline(problem.description)}")
        lines.append("")
    return lines


def flow_order(process: Process, metrics: Metrics) -> list[Step]:
    """Steps in the order a new hire meets them: scheduled steps by start time, then the
    steps off the expected path in file order (start and end steps left out)."""
    planned = metrics.schedule
    position = {step.id: index for index, step in enumerate(process.steps)}

    def key(step: Step) -> tuple:
        if planned is not None and step.id in planned.steps:
            return (0, planned.steps[step.id].start_hours, position[step.id])
        return (1, 0.0, position[step.id])

    return sorted((s for s in process.steps if s.type not in _SKIPPED_TYPES), key=key)


def sop_sections(entry: Entry, handbook: Handbook, metrics: Metrics, text: Texts,
                 options: PageOptions) -> list[str]:
    """Every step (but start and end) as a numbered section, in flow order."""
    lines = [f"## {inline(text['sop'])}", ""]
    for number, step in enumerate(flow_order(entry.process, metrics), start=1):
        lines += step_section(step, number, entry, handbook, text, options)
    return lines


def kpi_table(process: Process, text: Texts) -> list[str]:
    """The KPIs with values and targets, as a table (empty when the process has none)."""
    if not process.kpis:
        return []
    lines = [f"## {inline(text['kpis'])}", "",
             "| " + " | ".join(inline(text[key]) for key in ("kpi", "value", "unit", "target")) + " |",
             "|---|---:|---|---|"]
    for kpi in process.kpis:
        value = text.number(kpi.value) if kpi.value is not None else text["none"]
        target = cell(kpi.target.text) if kpi.target else text["none"]
        lines.append(f"| {cell(kpi.name)} | {value} | {cell(kpi.unit)} | {target} |")
    return lines + [""]


def key_figures(process: Process, metrics: Metrics, text: Texts) -> list[str]:
    """The headline numbers of the expected path, as a one-row table."""
    figures = [
        (text["lead_time"], hours_text(metrics.lead_time_hours, process, text)),
        (text["work_time"], hours_text(metrics.work_time_hours, process, text)),
        (text["waiting"], hours_text(metrics.wait_time_hours, process, text)),
        (text["flow_efficiency"], text.percent(metrics.flow_efficiency)),
        (text["handoffs"], text.number(metrics.handoffs)),
        (text["steps_total"], text.number(metrics.steps)),
    ]
    return [f"## {inline(text['key_figures'])}", "",
            "| " + " | ".join(inline(name) for name, _ in figures) + " |",
            "|" + "---:|" * len(figures),
            "| " + " | ".join(f"**{value}**" for _, value in figures) + " |", "",
            f"*{inline(text['key_figures_note'])}*", ""]


def forecast_heading(process: Process, text: Texts) -> list[str]:
    """The heading of "How long it really takes" and the placeholder of its body (issue
    15; computed with the diagrams); none for a process without any duration or wait,
    whose lead time is zero on every path (nothing to forecast)."""
    if not has_durations(process):
        return []
    return [f"## {inline(text['forecast.page_title'])}", "", placeholder(FORECAST), ""]


def _comparison_links(entry: Entry, handbook: Handbook, text: Texts) -> list[str]:
    lines = []
    for pair in handbook.pairs_of(entry):
        other = pair.new if pair.old is entry else pair.old
        lead = text["baseline_of"] if pair.old is entry else text["improves_on"]
        lines += [f'!!! info "{inline(text["compare"])}"', "",
                  f"    {inline(lead)} [{inline(other.process.title)}]({relative(entry.page, other.page)}): "
                  f"[{inline(text['see_comparison'])}]({relative(entry.page, pair.page)}).", ""]
    return lines


def _diagram_sections(text: Texts) -> list[str]:
    return [f"## {inline(text['flowchart'])}", "", placeholder("flowchart"), "",
            f"## {inline(text['timeline'])}", "", placeholder("timeline"), "",
            f"## {inline(text['work_per_lane'])}", "", placeholder("lanes"), ""]


def process_page(entry: Entry, handbook: Handbook, metrics: Metrics, text: Texts,
                 options: PageOptions, history=None, history_lines=None) -> str:
    """The Markdown of a process page (diagrams as placeholders, see diagrams.py);
    `history` is its ProcessHistory (None: no revision history section), and
    `history_lines` that section already rendered (None: rendered here)."""
    lines = _header(entry, text, options)
    lines += status_block(entry, handbook, text, options.build_date or build_date(), history)
    lines += _comparison_links(entry, handbook, text)
    lines += key_figures(entry.process, metrics, text)
    lines += forecast_heading(entry.process, text)
    lines += _diagram_sections(text)
    lines += sop_sections(entry, handbook, metrics, text, options)
    lines += kpi_table(entry.process, text)
    lines += improvement_sections(entry.process, text, options.build_date)  # issue 12
    lines += history_section(history, text) if history_lines is None else history_lines
    return "\n".join(lines).rstrip() + "\n"
