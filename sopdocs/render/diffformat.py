"""Formatting helpers of the diff reports: numbers, signs, Markdown escaping, field values.

Negative numbers use the minus sign U+2212 (−28.9%), as a reader expects in a report;
the JSON keeps plain numbers.
"""

from __future__ import annotations

import re
from typing import Optional

from ..analysis.diff import FieldChange, MetricDelta, ProcessDiff
from ..i18n import Texts, fill, texts_for
from ..markdown import escape_inline

MINUS = "\u2212"


def plain(text: object) -> str:
    """Text on one line: every run of whitespace (newlines included) becomes one space."""
    return re.sub(r"\s+", " ", str(text)).strip()


def md(text: object) -> str:
    """YAML text → inline Markdown that renders as the same visible text (see
    sopdocs.markdown, the one escaper), `@` mentions broken for GitHub."""
    return escape_inline(text, break_mentions=True)


def report_texts(diff: ProcessDiff, texts: Optional[Texts] = None) -> Texts:
    """The words of a report on `diff`: `texts` when given, else the newer side's language."""
    if texts is not None:
        return texts
    return texts_for((diff.new.language if diff.new else None) or (diff.old.language if diff.old else None))


def message(texts: Texts, key: str, **values: str) -> str:
    """Catalog message `key` as inline Markdown (its words escaped with `md`, the
    values already Markdown)."""
    return fill(texts[key], md, **values)


def code(text: str) -> str:
    """A path or id in a code span (escaped text instead if it holds a backtick)."""
    return md(text) if "`" in text or "\n" in text else f"`{text}`"


def with_sign(number: float, decimals: int = 1) -> str:
    """+12.5, −28.9, 0.0: a sign on every non-zero number, U+2212 for minus."""
    text = f"{abs(number):.{decimals}f}"
    if float(text) == 0:
        return text
    return ("+" if number > 0 else MINUS) + text


def percent(value: Optional[float], texts: Texts) -> str:
    """A percentage change for display: "−28.9%", "+50.0%", "0.0%" or "n/a"."""
    return texts["report.not_available"] if value is None else with_sign(value) + "%"


def metric_value(metric: MetricDelta, value: float, texts: Texts, signed: bool = False) -> str:
    """A metric's value with its unit: "45.0 d", "17.2%", "6" (signed for changes)."""
    if metric.unit in ("d", "%"):
        decimals = 2 if metric.unit == "d" and max(abs(metric.old), abs(metric.new)) < 10 else 1
        number = with_sign(value, decimals) if signed else f"{value:.{decimals}f}"
        if metric.unit == "d":
            return texts("report.days", n=number)
        return texts("report.points", n=number) if signed else number + "%"  # a change of a percentage: points
    count = int(value)
    if signed and count:
        return ("+" if count > 0 else MINUS) + str(abs(count))
    return str(count)


def kpi_value(value: Optional[float], unit: str) -> str:
    """A KPI value with its unit (from the file): "45 days", "12%", "6.2/10"; "—" when missing."""
    if value is None:
        return "—"
    number = f"{value:g}"
    if not unit:
        return number
    return number + (unit if unit.startswith(("%", "/")) else " " + unit)


def links_text(value: list, code=lambda text: f"`{text}`") -> str:
    """A `next` value (list of {to, when, probability}) as "`a` (yes, 70%), `b`"."""
    parts = []
    for link in value or []:
        extra = [link["when"]] if link.get("when") else []
        if link.get("probability") is not None:
            extra.append(f"{link['probability'] * 100:g}%")
        parts.append(code(link["to"]) + (f" ({', '.join(extra)})" if extra else ""))
    return ", ".join(parts) or "—"


def _lane_name(process, lane_id) -> str:
    lane = process.lane(lane_id)
    return lane.name if lane else (lane_id or "—")


def field_values(diff: ProcessDiff, change: FieldChange, escape=md) -> tuple[str, str]:
    """(old, new) of one changed field, formatted with `escape` for the report's markup."""
    name, old, new = change.field, change.old, change.new
    if name == "lane":
        return escape(_lane_name(diff.old, old)), escape(_lane_name(diff.new, new))
    if name == "next":
        if escape is md:
            return links_text(old, lambda t: f"`{t}`"), links_text(new, lambda t: f"`{t}`")
        return links_text(old, escape), links_text(new, escape)
    if name in ("inputs", "outputs", "systems"):
        return (", ".join(escape(item) for item in old) or "—",
                ", ".join(escape(item) for item in new) or "—")
    if name == "id":
        return (f"`{old}`", f"`{new}`") if escape is md else (old, new)
    return escape(old if old is not None else "—"), escape(new if new is not None else "—")


def field_change_text(diff: ProcessDiff, change: FieldChange, texts: Texts, escape=md) -> str:
    """One changed field as the text of a list item: "wait: 1d → 4h" (in the report's
    markup: Markdown with `md`, plain text with `plain`)."""
    if change.field == "instructions":
        return texts["report.instructions_changed"]
    old, new = field_values(diff, change, escape)
    field = texts[f"report.field.{change.field}"]
    text = fill(texts["report.field_change"], escape, field=escape(field), old=old, new=new)
    if change.field == "id":
        text = fill(texts["report.matched_by_name"], escape, text=text)
    return text


def text_lanes(diff: ProcessDiff, texts: Texts) -> list[str]:
    """The lane changes as plain-text lines (empty when the lanes are the same)."""
    lanes = diff.lanes
    if lanes.is_empty:
        return []
    lines = ["", texts["report.text_lanes"]]
    lines += [f"  + {lane_id}: {plain(diff.new.lane(lane_id).name)}" for lane_id in lanes.added]
    lines += [f"  - {lane_id}: {plain(diff.old.lane(lane_id).name)}" for lane_id in lanes.removed]
    lines += [f"  ~ {lane_id}: " + texts("report.text_renamed", old=plain(old), new=plain(new))
              for lane_id, old, new in lanes.renamed]
    lines += [f"  ~ {lane_id}: " + texts("report.text_owner", old=plain(old or "—"), new=plain(new or "—"))
              for lane_id, old, new in lanes.owners]
    return lines


def text_steps(diff: ProcessDiff, texts: Texts) -> list[str]:
    """Added (+), removed (−) and changed (~) steps as plain-text lines."""
    lines: list[str] = []
    if diff.added or diff.removed or diff.changed:
        lines += ["", texts["report.text_steps"]]
    lines += [f"  + {step_id}: {plain(diff.new.step(step_id).name)}" for step_id in diff.added]
    lines += [f"  - {step_id}: {plain(diff.old.step(step_id).name)}" for step_id in diff.removed]
    for change in diff.changed:
        lines.append(f"  ~ {change.new_id}")
        for field in change.fields:
            lines.append("      " + field_change_text(diff, field, texts, escape=plain))
    return lines
