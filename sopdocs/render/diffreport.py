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
from ..i18n import Texts, pad, texts_for
from ..model import Process
from . import diffformat as fmt
from .forecasttable import report_json, report_markdown, report_text
from .mermaid import mermaid_flowchart
from .reapproval import reapproval, reapproval_json, reapproval_markdown, reapproval_text

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
        "forecast": report_json(diff.old, diff.new),  # issue 15 (null without durations)
    }


def verdict(diff: ProcessDiff, texts: Optional[Texts] = None) -> str:
    """One line: "Lead time 45.0 d → 32.0 d (−28.9%), handoffs 6 → 3" (plain text)."""
    texts = fmt.report_texts(diff, texts)
    lead, handoffs = diff.metric("lead_time_days"), diff.metric("handoffs")
    parts = []
    if lead:
        text = texts("report.verdict_lead", old=fmt.metric_value(lead, lead.old, texts),
                     new=fmt.metric_value(lead, lead.new, texts))
        if lead.change_pct is not None and lead.change:
            text = texts("report.verdict_change", text=text, change=f"{fmt.with_sign(lead.change_pct)}%")
        parts.append(text)
    if handoffs:
        parts.append(texts("report.verdict_handoffs", old=handoffs.old, new=handoffs.new))
    counts = [(len(diff.added), "added"), (len(diff.removed), "removed"), (len(diff.changed), "changed")]
    counted = [(number, word) for number, word in counts if number]
    for position, (number, word) in enumerate(counted):
        # the first count names the steps ("2 steps added"), the others lean on it ("1 removed")
        parts.append(texts.plural(f"report.count_{word}", number, n=number) if position == 0
                     else texts(f"report.more_{word}", n=number))
    if diff.is_empty:
        parts.append(texts["report.no_changes"])
    return texts["report.clause_separator"].join(parts)


def _header_row(texts: Texts, keys: tuple[str, ...]) -> str:
    return "| " + " | ".join(fmt.md(texts[f"report.col_{key}"]) for key in keys) + " |"


def metrics_table(metrics: tuple[MetricDelta, ...], texts: Texts) -> list[str]:
    """Markdown table rows of the metric deltas."""
    lines = [_header_row(texts, ("metric", "old", "new", "change", "change_pct")), "|---|---:|---:|---:|---:|"]
    for metric in metrics:
        change = fmt.metric_value(metric, metric.change, texts, signed=True)
        lines.append(f"| {fmt.md(texts[f'metric.{metric.key}'])} | {fmt.metric_value(metric, metric.old, texts)} | "
                     f"{fmt.metric_value(metric, metric.new, texts)} | {change} | "
                     f"{fmt.md(fmt.percent(metric.change_pct, texts))} |")
    return lines


def kpi_table(kpis: tuple[KpiDelta, ...], texts: Texts) -> list[str]:
    """Markdown table rows of the KPIs with ✅/❌ against their targets."""
    lines = [_header_row(texts, ("kpi", "old", "new", "change_pct", "target", "met")),
             "|---|---:|---:|---:|---|:---:|"]
    for kpi in kpis:
        met = {True: "✅", False: "❌", None: "—"}[kpi.met]
        lines.append(f"| {fmt.md(kpi.name)} | {fmt.md(fmt.kpi_value(kpi.old, kpi.unit))} | "
                     f"{fmt.md(fmt.kpi_value(kpi.new, kpi.unit))} | {fmt.md(fmt.percent(kpi.change_pct, texts))} | "
                     f"{fmt.md(kpi.target or '—')} | {met} |")
    return lines


def _step_line(process: Process, step_id: str, struck: bool = False) -> str:
    step = process.step(step_id)
    name = fmt.md(step.name if step else step_id)
    lane = process.lane(step.lane) if step else None
    where = f" ({fmt.md(lane.name)})" if lane else ""
    return f"- `{step_id}` " + (f"<del>{name}</del>" if struck else f"**{name}**") + where


def _change_lines(diff: ProcessDiff, change: StepChange, texts: Texts) -> list[str]:
    lines = [_step_line(diff.new, change.new_id)]
    for field in change.fields:
        lines.append(f"  - {fmt.field_change_text(diff, field, texts)}")
    return lines


def step_changes(diff: ProcessDiff, texts: Texts) -> list[str]:
    """The Markdown list of added, removed and changed steps (folded when long)."""
    body: list[str] = []
    if diff.added:
        body += [f"**{fmt.md(texts['report.added'])}** ({len(diff.added)})", ""]
        body += [_step_line(diff.new, step_id) for step_id in diff.added] + [""]
    if diff.removed:
        body += [f"**{fmt.md(texts['report.removed'])}** ({len(diff.removed)})", ""]
        body += [_step_line(diff.old, step_id, struck=True) for step_id in diff.removed] + [""]
    if diff.changed:
        body += [f"**{fmt.md(texts['report.changed'])}** ({len(diff.changed)})", ""]
        for change in diff.changed:
            body += _change_lines(diff, change, texts)
        body.append("")
    total = len(diff.added) + len(diff.removed) + len(diff.changed)
    if total > FOLD_AFTER:
        summary = fmt.md(texts.plural("report.fold_summary", total, n=total, added=len(diff.added),
                                      removed=len(diff.removed), changed=len(diff.changed)))
        # markdown="1": MkDocs (md_in_html) parses the inside as Markdown, as GitHub does
        return ['<details markdown="1">', f"<summary>{summary}</summary>", ""] + body + ["</details>", ""]
    return body


def lane_lines(diff: ProcessDiff, texts: Texts) -> list[str]:
    """Markdown bullets for lanes added, removed, renamed and with a new owner."""
    old_lanes = {lane.id: lane for lane in diff.old.lanes}
    new_lanes = {lane.id: lane for lane in diff.new.lanes}
    added, removed, renamed = (fmt.md(texts[f"report.{word}"]) for word in ("added", "removed", "renamed"))
    lines = [f"- {added}: `{lane_id}` **{fmt.md(new_lanes[lane_id].name)}**" for lane_id in diff.lanes.added]
    lines += [f"- {removed}: `{lane_id}` <del>{fmt.md(old_lanes[lane_id].name)}</del>"
              for lane_id in diff.lanes.removed]
    lines += [f"- {renamed}: `{lane_id}` {fmt.md(old)} → {fmt.md(new)}"
              for lane_id, old, new in diff.lanes.renamed]
    lines += [f"- {fmt.message(texts, 'report.owner_of', lane=f'`{lane_id}`')}: "
              f"{fmt.md(old or '—')} → {fmt.md(new or '—')}" for lane_id, old, new in diff.lanes.owners]
    return lines


def diff_markdown(diff: ProcessDiff, level: int = 2, diagram: bool = True,
                  heading: Optional[str] = None, texts: Optional[Texts] = None) -> list[str]:
    """The Markdown section of one diff: verdict, tables, lanes, steps and a flowchart."""
    texts = fmt.report_texts(diff, texts)
    hashes = "#" * level
    titles = dict.fromkeys([fmt.md(diff.old.title), fmt.md(diff.new.title)])
    title = heading or " → ".join(titles)
    lines = [f"{hashes} {title}", "", f"**{fmt.md(verdict(diff, texts))}**", ""]
    lines += [f"{hashes}# {fmt.md(texts['report.metrics'])}", ""] + metrics_table(diff.metrics, texts) + [""]
    if diff.kpis:
        lines += [f"{hashes}# {fmt.md(texts['report.kpis'])}", ""] + kpi_table(diff.kpis, texts) + [""]
    lines += report_markdown(diff.old, diff.new, texts, level + 1, fmt.md)  # issue 15
    if not diff.lanes.is_empty:
        lines += [f"{hashes}# {fmt.md(texts['report.lanes'])}", ""] + lane_lines(diff, texts) + [""]
    if diff.added or diff.removed or diff.changed:
        lines += [f"{hashes}# {fmt.md(texts['report.steps'])}", ""] + step_changes(diff, texts)
    if diagram and not diff.is_empty:
        lines += [f"{hashes}# {fmt.md(texts['report.flowchart_new'])}", "",
                  fmt.md(texts["report.colours"]), "",
                  "```mermaid", mermaid_flowchart(diff.new, diff, texts).rstrip("\n"), "```", ""]
    return lines


def _fit(build, texts: Texts) -> str:
    """`build(diagram)` → text; without diagrams when it would be too long for a comment."""
    text = "\n".join([REPORT_MARKER, ""] + build(True)).rstrip("\n") + "\n"
    if len(text) <= MAX_COMMENT_CHARS:
        return text
    lines = [REPORT_MARKER, ""] + build(False)
    lines += [f"_{fmt.md(texts['report.too_long'])}_"]
    return "\n".join(lines).rstrip("\n") + "\n"


def markdown_report(diff: ProcessDiff, texts: Optional[Texts] = None) -> str:
    """The whole pull-request comment for one pair of files (deterministic text), in
    `texts`' language (default: the newer version's)."""
    texts = fmt.report_texts(diff, texts)
    return _fit(lambda diagram: diff_markdown(diff, diagram=diagram, texts=texts), texts)


def _summary(process: Process, texts: Texts) -> str:
    lead = process_metrics(process)
    return texts("report.summary", steps=texts.plural("report.n_steps", len(process.steps), n=len(process.steps)),
                 lead=texts("report.days", n=f"{lead.lead_time_days:.1f}"), handoffs=lead.handoffs)


def _file_section(change: BaseChange, diff: Optional[ProcessDiff], diagram: bool,
                  texts: Texts) -> list[str]:
    """The Markdown of one changed file in `--base` mode."""
    changed = change.file
    path = fmt.code(changed.path)
    if changed.status == "added":
        lines = [f"### {fmt.message(texts, 'report.heading_added', path=path)}", "",
                 f"**{fmt.md(change.new.title)}**: {fmt.md(_summary(change.new, texts))}.", ""]
        if diagram:
            lines += ["<details>", f"<summary>{fmt.md(texts['report.flowchart'])}</summary>", "", "```mermaid",
                      mermaid_flowchart(change.new, texts=texts).rstrip("\n"), "```", "", "</details>", ""]
        return lines
    if changed.status == "deleted":
        return [f"### {fmt.message(texts, 'report.heading_deleted', path=path)}", "",
                fmt.message(texts, "report.before_deletion", title=f"<del>{fmt.md(change.old.title)}</del>",
                            summary=fmt.md(_summary(change.old, texts))), ""]
    heading = (fmt.message(texts, "report.heading_renamed", old=fmt.code(changed.old_path), path=path)
               if changed.status == "renamed" else path)
    lines = diff_markdown(diff, level=3, diagram=diagram, heading=heading, texts=texts)
    return lines[:2] + reapproval_markdown(reapproval(change), texts) + lines[2:]  # issue 16


def base_texts(entries: list[tuple[BaseChange, Optional[ProcessDiff]]],
               texts: Optional[Texts] = None) -> Texts:
    """The words of a `--base` report: `texts`, else the language all changed files
    share (each file's newer version), else English."""
    if texts is not None:
        return texts
    languages = {(change.new or change.old).language for change, _ in entries}
    return texts_for(languages.pop() if len(languages) == 1 else None)


def base_markdown(ref: str, entries: list[tuple[BaseChange, Optional[ProcessDiff]]],
                  texts: Optional[Texts] = None) -> str:
    """The pull-request comment for every process file changed since `ref`."""
    texts = base_texts(entries, texts)
    counts: dict[str, int] = {}
    for change, _ in entries:
        counts[change.file.status] = counts.get(change.file.status, 0) + 1

    def build(diagram: bool) -> list[str]:
        lines = [f"## {fmt.message(texts, 'report.title_base', ref=fmt.code(ref))}", ""]
        if not entries:
            return lines + [fmt.md(texts["report.no_files"]), ""]
        listed = texts.join(texts("report.status_count", n=number, status=texts[f"report.status.{status}"])
                            for status, number in sorted(counts.items()))
        lines += [fmt.md(texts.plural("report.files_changed", len(entries), n=len(entries), listed=listed)), ""]
        for change, diff in entries:
            lines += _file_section(change, diff, diagram, texts)
        return lines

    return _fit(build, texts)


def base_json(ref: str, entries: list[tuple[BaseChange, Optional[ProcessDiff]]]) -> dict:
    """The JSON of `--base` mode: the ref and, per file, its status and diff (or null)."""
    return {"base": ref, "files": [
        {"path": change.file.path, "status": change.file.status,
         "old_path": change.file.old_path, "old": process_meta(change.old),
         "new": process_meta(change.new), "diff": diff_json(diff) if diff else None,
         "approval": reapproval_json(reapproval(change))}  # issue 16
        for change, diff in entries]}


def base_text(ref: str, entries: list[tuple[BaseChange, Optional[ProcessDiff]]],
              texts: Optional[Texts] = None) -> str:
    """The plain-text report of `--base` mode."""
    texts = base_texts(entries, texts)
    if not entries:
        return texts("report.text_no_files", ref=ref) + "\n"
    parts = []
    for change, diff in entries:
        header = f"== {change.file.path} ({texts[f'report.status.{change.file.status}']}) =="
        if diff is not None:
            approval = "".join(line + "\n" for line in reapproval_text(reapproval(change), texts))  # issue 16
            parts.append(header + "\n" + approval + text_report(diff, texts))
        else:
            process = change.new or change.old
            parts.append(f"{header}\n{fmt.plain(process.title)}: {_summary(process, texts)}\n")
    return "\n".join(parts)


def text_report(diff: ProcessDiff, texts: Optional[Texts] = None) -> str:
    """The plain-text report for a terminal."""
    texts = fmt.report_texts(diff, texts)
    titles = dict.fromkeys([fmt.plain(diff.old.title), fmt.plain(diff.new.title)])
    lines = [" → ".join(titles), fmt.plain(verdict(diff, texts)), "", texts["report.text_metrics"]]
    for metric in diff.metrics:
        label = texts[f"metric.{metric.key}"]
        old, new = fmt.metric_value(metric, metric.old, texts), fmt.metric_value(metric, metric.new, texts)
        change = fmt.metric_value(metric, metric.change, texts, signed=True)
        lines.append(f"  {pad(label, 16)} {pad(old, 9, '>')} → {pad(new, 9)} {pad(change, 9, '>')} "
                     f"{pad(fmt.percent(metric.change_pct, texts), 8, '>')}")
    if diff.kpis:
        lines += ["", texts["report.text_kpis"]]
        for kpi in diff.kpis:
            met = {True: texts["report.text_met"], False: texts["report.text_not_met"], None: ""}[kpi.met]
            target = texts("report.text_target", target=fmt.plain(kpi.target)) if kpi.target else ""
            lines.append(f"  {fmt.plain(kpi.name)}: {fmt.kpi_value(kpi.old, kpi.unit)} → "
                         f"{fmt.kpi_value(kpi.new, kpi.unit)} ({fmt.percent(kpi.change_pct, texts)}) "
                         f"{target} {met}".rstrip())
    lines += report_text(diff.old, diff.new, texts)  # issue 15
    lines += fmt.text_lanes(diff, texts) + fmt.text_steps(diff, texts)
    return "\n".join(lines) + "\n"


FORMATS = ("markdown", "json", "text")


def format_diff(diff: ProcessDiff, output_format: str, texts: Optional[Texts] = None) -> str:
    """One diff as `markdown`, `json` or `text` (what `sopdocs diff OLD NEW` prints);
    `texts` sets the report's language (default: the newer version's)."""
    if output_format == "json":
        return json.dumps(diff_json(diff), indent=2, ensure_ascii=False) + "\n"
    return markdown_report(diff, texts) if output_format == "markdown" else text_report(diff, texts)


def format_base(ref: str, entries: list[tuple[BaseChange, Optional[ProcessDiff]]],
                output_format: str, texts: Optional[Texts] = None) -> str:
    """The `--base` report as `markdown`, `json` or `text` (see base_texts for its language)."""
    if output_format == "json":
        return json.dumps(base_json(ref, entries), indent=2, ensure_ascii=False) + "\n"
    if output_format == "markdown":
        return base_markdown(ref, entries, texts)
    return base_text(ref, entries, texts)
