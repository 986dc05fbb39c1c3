"""Reports of a process diff: JSON (the contract), Markdown (a pull-request comment), text.

The Markdown starts with the hidden marker `REPORT_MARKER`, so a CI job can find and
update its own earlier comment instead of adding a new one. Text from the YAML is
escaped for Markdown and HTML (see `md`); ids are shown in code spans (ids only use
letters, digits, `-` and `_`). Long step lists are folded into `<details>`. Struck-through
names use `<del>`, which GitHub, GitLab and Python-Markdown (MkDocs) all render.
"""

from __future__ import annotations

import json
from typing import Optional

from ..analysis.diff import KpiDelta, MetricDelta, ProcessDiff, StepChange
from ..analysis.metrics import process_metrics
from ..gitbase import BaseChange
from ..model import Process
from . import diffformat as fmt
from .mermaid import mermaid_flowchart

REPORT_MARKER = "<!-- sopdocs-diff-report -->"
FOLD_AFTER = 10
"""More step changes than this (added + removed + changed) are folded into <details>."""
MAX_COMMENT_CHARS = 60000
"""GitHub refuses comments over 65,536 characters; beyond this the diagrams are dropped."""


def process_meta(process: Optional[Process]) -> Optional[dict]:
    """The identity of one side in the JSON report (None for a missing side)."""
    if process is None:
        return None
    return {"id": process.id, "title": process.title, "path": process.path,
            "version": process.version, "status": process.status}


def diff_json(diff: ProcessDiff) -> dict:
    """The JSON contract of `sopdocs diff --format json` for one pair of files."""
    return {
        "old": process_meta(diff.old),
        "new": process_meta(diff.new),
        "steps": {
            "added": list(diff.added),
            "removed": list(diff.removed),
            "changed": {change.new_id: {f.field: [f.old, f.new] for f in change.fields}
                        for change in diff.changed},
        },
        "lanes": {
            "added": list(diff.lanes.added),
            "removed": list(diff.lanes.removed),
            "renamed": {lane_id: [old, new] for lane_id, old, new in diff.lanes.renamed},
            "owners": {lane_id: [old, new] for lane_id, old, new in diff.lanes.owners},
        },
        "metrics": {metric.key: {"old": metric.old, "new": metric.new, "change": metric.change,
                                 "change_pct": metric.change_pct} for metric in diff.metrics},
        "kpis": [{"name": kpi.name, "unit": kpi.unit, "old": kpi.old, "new": kpi.new,
                  "change_pct": kpi.change_pct, "target": kpi.target, "met": kpi.met}
                 for kpi in diff.kpis],
    }


def verdict(diff: ProcessDiff) -> str:
    """One line: "Lead time 45.0 d → 32.0 d (−28.9%), handoffs 6 → 3" (plain text)."""
    lead, handoffs = diff.metric("lead_time_days"), diff.metric("handoffs")
    parts = []
    if lead:
        text = f"Lead time {fmt.metric_value(lead, lead.old)} → {fmt.metric_value(lead, lead.new)}"
        if lead.change_pct is not None and lead.change:
            text += f" ({fmt.with_sign(lead.change_pct)}%)"
        parts.append(text)
    if handoffs:
        parts.append(f"handoffs {handoffs.old} → {handoffs.new}")
    counts = [(len(diff.added), "added"), (len(diff.removed), "removed"),
              (len(diff.changed), "changed")]
    counted = [f"{number} {word}" for number, word in counts if number]
    if counted:
        noun = "step" if counted[0].startswith("1 ") else "steps"
        counted[0] = counted[0].replace(" ", f" {noun} ", 1)
        parts.extend(counted)
    if diff.is_empty:
        parts.append("no changes")
    return ", ".join(parts)


def metrics_table(metrics: tuple[MetricDelta, ...]) -> list[str]:
    """Markdown table rows of the metric deltas."""
    lines = ["| Metric | Old | New | Change | Change % |", "|---|---:|---:|---:|---:|"]
    for metric in metrics:
        change = fmt.metric_value(metric, metric.change, signed=True)
        lines.append(f"| {metric.label} | {fmt.metric_value(metric, metric.old)} | "
                     f"{fmt.metric_value(metric, metric.new)} | {change} | "
                     f"{fmt.percent(metric.change_pct)} |")
    return lines


def kpi_table(kpis: tuple[KpiDelta, ...]) -> list[str]:
    """Markdown table rows of the KPIs with ✅/❌ against their targets."""
    lines = ["| KPI | Old | New | Change % | Target | Met |", "|---|---:|---:|---:|---|:---:|"]
    for kpi in kpis:
        met = {True: "✅", False: "❌", None: "—"}[kpi.met]
        lines.append(f"| {fmt.md(kpi.name)} | {fmt.md(fmt.kpi_value(kpi.old, kpi.unit))} | "
                     f"{fmt.md(fmt.kpi_value(kpi.new, kpi.unit))} | {fmt.percent(kpi.change_pct)} | "
                     f"{fmt.md(kpi.target or '—')} | {met} |")
    return lines


def _step_line(process: Process, step_id: str, struck: bool = False) -> str:
    step = process.step(step_id)
    name = fmt.md(step.name if step else step_id)
    lane = process.lane(step.lane) if step else None
    where = f" ({fmt.md(lane.name)})" if lane else ""
    return f"- `{step_id}` " + (f"<del>{name}</del>" if struck else f"**{name}**") + where


def _change_lines(diff: ProcessDiff, change: StepChange) -> list[str]:
    lines = [_step_line(diff.new, change.new_id)]
    for field in change.fields:
        lines.append(f"  - {fmt.field_change_md(diff, field)}")
    return lines


def step_changes(diff: ProcessDiff) -> list[str]:
    """The Markdown list of added, removed and changed steps (folded when long)."""
    body: list[str] = []
    if diff.added:
        body += [f"**Added** ({len(diff.added)})", ""]
        body += [_step_line(diff.new, step_id) for step_id in diff.added] + [""]
    if diff.removed:
        body += [f"**Removed** ({len(diff.removed)})", ""]
        body += [_step_line(diff.old, step_id, struck=True) for step_id in diff.removed] + [""]
    if diff.changed:
        body += [f"**Changed** ({len(diff.changed)})", ""]
        for change in diff.changed:
            body += _change_lines(diff, change)
        body.append("")
    total = len(diff.added) + len(diff.removed) + len(diff.changed)
    if total > FOLD_AFTER:
        summary = (f"{total} step changes: {len(diff.added)} added, {len(diff.removed)} removed,"
                   f" {len(diff.changed)} changed")
        # markdown="1": MkDocs (md_in_html) parses the inside as Markdown, as GitHub does
        return ['<details markdown="1">', f"<summary>{summary}</summary>", ""] + body + ["</details>", ""]
    return body


def lane_lines(diff: ProcessDiff) -> list[str]:
    """Markdown bullets for lanes added, removed, renamed and with a new owner."""
    old_lanes = {lane.id: lane for lane in diff.old.lanes}
    new_lanes = {lane.id: lane for lane in diff.new.lanes}
    lines = [f"- Added: `{lane_id}` **{fmt.md(new_lanes[lane_id].name)}**" for lane_id in diff.lanes.added]
    lines += [f"- Removed: `{lane_id}` <del>{fmt.md(old_lanes[lane_id].name)}</del>"
              for lane_id in diff.lanes.removed]
    lines += [f"- Renamed: `{lane_id}` {fmt.md(old)} → {fmt.md(new)}"
              for lane_id, old, new in diff.lanes.renamed]
    lines += [f"- Owner of `{lane_id}`: {fmt.md(old or '—')} → {fmt.md(new or '—')}"
              for lane_id, old, new in diff.lanes.owners]
    return lines


def diff_markdown(diff: ProcessDiff, level: int = 2, diagram: bool = True,
                  heading: Optional[str] = None) -> list[str]:
    """The Markdown section of one diff: verdict, tables, lanes, steps and a flowchart."""
    hashes = "#" * level
    titles = dict.fromkeys([fmt.md(diff.old.title), fmt.md(diff.new.title)])
    title = heading or " → ".join(titles)
    lines = [f"{hashes} {title}", "", f"**{fmt.md(verdict(diff))}**", ""]
    lines += [f"{hashes}# Metrics", ""] + metrics_table(diff.metrics) + [""]
    if diff.kpis:
        lines += [f"{hashes}# KPIs", ""] + kpi_table(diff.kpis) + [""]
    if not diff.lanes.is_empty:
        lines += [f"{hashes}# Lanes", ""] + lane_lines(diff) + [""]
    if diff.added or diff.removed or diff.changed:
        lines += [f"{hashes}# Steps", ""] + step_changes(diff)
    if diagram and not diff.is_empty:
        lines += [f"{hashes}# Flowchart of the new version", "",
                  "Green: added, yellow: changed, red and struck through: removed.", "",
                  "```mermaid", mermaid_flowchart(diff.new, diff).rstrip("\n"), "```", ""]
    return lines


def _fit(build) -> str:
    """`build(diagram)` → text; without diagrams when it would be too long for a comment."""
    text = "\n".join([REPORT_MARKER, ""] + build(True)).rstrip("\n") + "\n"
    if len(text) <= MAX_COMMENT_CHARS:
        return text
    lines = [REPORT_MARKER, ""] + build(False)
    lines += ["_The flowcharts are left out: the comment would be too long for GitHub._"]
    return "\n".join(lines).rstrip("\n") + "\n"


def markdown_report(diff: ProcessDiff) -> str:
    """The whole pull-request comment for one pair of files (deterministic text)."""
    return _fit(lambda diagram: diff_markdown(diff, diagram=diagram))


def _summary(process: Process) -> str:
    lead = process_metrics(process)
    return (f"{len(process.steps)} steps, lead time {lead.lead_time_days:.1f} d,"
            f" handoffs {lead.handoffs}")


def _file_section(change: BaseChange, diff: Optional[ProcessDiff], diagram: bool) -> list[str]:
    """The Markdown of one changed file in `--base` mode."""
    changed = change.file
    path = fmt.code(changed.path)
    if changed.status == "added":
        lines = [f"### {path} (new file)", "",
                 f"**{fmt.md(change.new.title)}**: {_summary(change.new)}.", ""]
        if diagram:
            lines += ["<details>", "<summary>Flowchart</summary>", "", "```mermaid",
                      mermaid_flowchart(change.new).rstrip("\n"), "```", "", "</details>", ""]
        return lines
    if changed.status == "deleted":
        return [f"### {path} (deleted)", "",
                f"<del>{fmt.md(change.old.title)}</del>: {_summary(change.old)} before deletion.", ""]
    heading = (f"{fmt.code(changed.old_path)} → {path} (renamed)" if changed.status == "renamed"
               else path)
    return diff_markdown(diff, level=3, diagram=diagram, heading=heading)


def base_markdown(ref: str, entries: list[tuple[BaseChange, Optional[ProcessDiff]]]) -> str:
    """The pull-request comment for every process file changed since `ref`."""
    counts: dict[str, int] = {}
    for change, _ in entries:
        counts[change.file.status] = counts.get(change.file.status, 0) + 1

    def build(diagram: bool) -> list[str]:
        lines = [f"## Process changes against {fmt.code(ref)}", ""]
        if not entries:
            return lines + ["No process files changed.", ""]
        listed = ", ".join(f"{number} {status}" for status, number in sorted(counts.items()))
        noun = "process file" if len(entries) == 1 else "process files"
        lines += [f"{len(entries)} {noun} changed: {listed}.", ""]
        for change, diff in entries:
            lines += _file_section(change, diff, diagram)
        return lines

    return _fit(build)


def base_json(ref: str, entries: list[tuple[BaseChange, Optional[ProcessDiff]]]) -> dict:
    """The JSON of `--base` mode: the ref and, per file, its status and diff (or null)."""
    return {"base": ref, "files": [
        {"path": change.file.path, "status": change.file.status,
         "old_path": change.file.old_path, "old": process_meta(change.old),
         "new": process_meta(change.new), "diff": diff_json(diff) if diff else None}
        for change, diff in entries]}


def base_text(ref: str, entries: list[tuple[BaseChange, Optional[ProcessDiff]]]) -> str:
    """The plain-text report of `--base` mode."""
    if not entries:
        return f"no process files changed since {ref}\n"
    parts = []
    for change, diff in entries:
        header = f"== {change.file.path} ({change.file.status}) =="
        if diff is not None:
            parts.append(header + "\n" + text_report(diff))
        else:
            process = change.new or change.old
            parts.append(f"{header}\n{fmt.plain(process.title)}: {_summary(process)}\n")
    return "\n".join(parts)


def text_report(diff: ProcessDiff) -> str:
    """The plain-text report for a terminal."""
    titles = dict.fromkeys([fmt.plain(diff.old.title), fmt.plain(diff.new.title)])
    lines = [" → ".join(titles), fmt.plain(verdict(diff)), "",
             "metrics:"]
    for metric in diff.metrics:
        lines.append(f"  {metric.label:<16} {fmt.metric_value(metric, metric.old):>9} → "
                     f"{fmt.metric_value(metric, metric.new):<9} "
                     f"{fmt.metric_value(metric, metric.change, signed=True):>9} "
                     f"{fmt.percent(metric.change_pct):>8}")
    if diff.kpis:
        lines += ["", "kpis:"]
        for kpi in diff.kpis:
            met = {True: "met", False: "NOT met", None: ""}[kpi.met]
            target = f"target {fmt.plain(kpi.target)}" if kpi.target else ""
            lines.append(f"  {fmt.plain(kpi.name)}: {fmt.kpi_value(kpi.old, kpi.unit)} → "
                         f"{fmt.kpi_value(kpi.new, kpi.unit)} ({fmt.percent(kpi.change_pct)}) "
                         f"{target} {met}".rstrip())
    lines += fmt.text_lanes(diff) + fmt.text_steps(diff)
    return "\n".join(lines) + "\n"
FORMATS = ("markdown", "json", "text")


def format_diff(diff: ProcessDiff, output_format: str) -> str:
    """One diff as `markdown`, `json` or `text` (what `sopdocs diff OLD NEW` prints)."""
    if output_format == "json":
        return json.dumps(diff_json(diff), indent=2, ensure_ascii=False) + "\n"
    return markdown_report(diff) if output_format == "markdown" else text_report(diff)


def format_base(ref: str, entries: list[tuple[BaseChange, Optional[ProcessDiff]]],
                output_format: str) -> str:
    """The `--base` report as `markdown`, `json` or `text`."""
    if output_format == "json":
        return json.dumps(base_json(ref, entries), indent=2, ensure_ascii=False) + "\n"
    return base_markdown(ref, entries) if output_format == "markdown" else base_text(ref, entries)
