"""The document-control parts of a process page (issue 16): the approval, in-force and
review line under the header, and the revision history section from git."""

from __future__ import annotations

from typing import Optional

from ..analysis.doccontrol import ControlStatus, control_status
from ..analysis.revisions import HistoryRow, ProcessHistory, RevisionChange
from ..githistory import NO_GIT, OK, SHALLOW
from ..i18n import Texts
from ..render.diffformat import with_sign
from .handbook import Entry, Handbook
from .links import relative
from .markup import cell, inline, message

SHORT_SHA = 7
_MAX_NAMES = 3


def has_control(entry: Entry) -> bool:
    """Whether the process uses any document-control key."""
    process = entry.process
    return bool(process.approval or process.effective or process.review)


def counted(text: Texts, key: str, count: int, **values: str) -> str:
    """Plural message `key` for `count` (as `n`) with Markdown `values` filled in."""
    template = text.plural(key, count, n=text.number(count), **{name: "{" + name + "}" for name in values})
    return message(template, **values)


def separator(text: Texts) -> str:
    """The separator between the parts of a line (its spaces kept)."""
    return message(text["control_separator"])


def _days(value: Optional[float], text: Texts) -> str:
    return text("time.days", n=text.number(value or 0.0, 1))


def status_parts(status: ControlStatus, text: Texts) -> list[str]:
    """'Approved by … on …', 'In force since …', 'Next review …' (Markdown), as they apply."""
    parts = [message(text["control_approved"], by=f"**{inline(status.approved_by)}**", on=status.approved_on)
             if status.approved_by else inline(text["control_not_approved"])]
    if status.in_force:
        parts.append(message(text[f"control_in_force_{status.in_force}"], date=status.effective))
    if status.next_review:
        review = message(text["control_next_review"], date=status.next_review)
        if status.overdue:
            review = counted(text, "control_overdue", status.overdue_days, review=review)
        parts.append(review)
    return parts


def _successor_lines(entry: Entry, handbook: Handbook, text: Texts, build_date: str) -> list[str]:
    """Notes of a baseline pair where the newer version has an effective date."""
    lines = []
    for pair in handbook.pairs_of(entry):
        effective = pair.new.process.effective
        if not effective:
            continue
        future = effective > build_date
        if pair.new is entry and future:
            link = f"[{inline(pair.old.process.title)}]({relative(entry.page, pair.old.page)})"
            lines.append(message(text["control_until_then"], title=link))
        elif pair.old is entry:
            link = f"[{inline(pair.new.process.title)}]({relative(entry.page, pair.new.page)})"
            key = "control_replaced_from" if future else "control_replaced_since"
            lines.append(message(text[key], title=link, date=effective))
    return lines


def _since_approval_line(history: Optional[ProcessHistory], text: Texts) -> list[str]:
    """'Changed since its approval in N commits, the first …' from the git history."""
    since = history.since_approval if history is not None else None
    if not since:
        return []
    first = since[0]
    commit = message(text["control_commit"], commit=commit_cell(first), date=first.date,
                     subject=inline(first.subject), author=inline(first.author))
    return [counted(text, "control_changed_since", len(since), commit=commit)]


def status_block(entry: Entry, handbook: Handbook, text: Texts, build_date: str,
                 history: Optional[ProcessHistory] = None) -> list[str]:
    """The page's document-control note (nothing for a process without those keys):
    approval, in force, next review, changes since the approval, baseline succession."""
    lines = _successor_lines(entry, handbook, text, build_date)
    warn = False
    if has_control(entry):
        status = control_status(entry.process, build_date)
        changed = _since_approval_line(history, text) if entry.process.approval else []
        lines[:0] = [separator(text).join(status_parts(status, text))] + changed
        warn = status.overdue or bool(changed)
    if not lines:
        return []
    body = [part for line in lines for part in (f"    {line}", "")]
    return [f'!!! {"warning" if warn else "note"} "{inline(text["control_title"])}"', ""] + body


def catalog_note(entry: Entry, history: Optional[ProcessHistory], text: Texts, build_date: str) -> str:
    """What the home catalog adds to the status: ' · review overdue', ' · changed since
    approval', ' · in force from …' (Markdown, empty when nothing applies)."""
    if not has_control(entry):
        return ""
    status = control_status(entry.process, build_date)
    notes = [text["control_note_overdue"]] if status.overdue else []
    if entry.process.approval and history is not None and history.since_approval:
        notes.append(text["control_note_changed"])
    if status.in_force == "from":
        notes.append(text("control_note_from", date=status.effective))
    return "".join(separator(text) + f"**{inline(note)}**" for note in notes)


def _names(names: tuple[str, ...], text: Texts) -> str:
    shown = [f"**{inline(name)}**" for name in names[:_MAX_NAMES]]
    if len(names) > _MAX_NAMES:
        shown.append(inline(text("control_more", n=len(names) - _MAX_NAMES)))
    return text.join(shown)


def _step_parts(change: RevisionChange, text: Texts) -> list[str]:
    parts = []
    for word, names in (("added", change.added), ("removed", change.removed), ("changed", change.changed)):
        if names:
            parts.append(counted(text, f"control_steps_{word}", len(names), names=_names(names, text)))
    for word, names in (("added", change.lanes_added), ("removed", change.lanes_removed)):
        if names:
            parts.append(counted(text, f"control_lanes_{word}", len(names), names=_names(names, text)))
    parts += [message(text["control_lane_renamed"], old=f"**{inline(old)}**", new=f"**{inline(new)}**")
              for old, new in change.lanes_renamed]
    return parts


def _figure_parts(change: RevisionChange, text: Texts) -> list[str]:
    parts = []
    if change.lead_old is not None and change.lead_old != change.lead_new:
        lead = message(text["control_lead"], old=_days(change.lead_old, text), new=_days(change.lead_new, text))
        if change.lead_pct is not None:
            lead += f" ({with_sign(change.lead_pct)}%)"
        parts.append(lead)
    if change.handoffs_old is not None and change.handoffs_old != change.handoffs_new:
        parts.append(message(text["control_handoffs"], old=str(change.handoffs_old), new=str(change.handoffs_new)))
    return parts


def effect(change: RevisionChange, text: Texts) -> str:
    """What one revision did, as inline Markdown."""
    if not change.valid:
        return inline(text["control_effect_invalid"])
    if change.created:
        steps = text.plural("role.steps", change.steps, n=change.steps)
        return message(text["control_effect_created"], steps=inline(steps), lead=_days(change.lead_new, text))
    if not change.compared:
        return inline(text["control_effect_uncompared"])
    parts = _step_parts(change, text)
    if change.keys:
        keys = text.join(f"`{key}`" for key in change.keys)
        parts.append(counted(text, "control_keys_changed", len(change.keys), keys=keys))
    parts += _figure_parts(change, text)
    return separator(text).join(parts) if parts else inline(text["control_effect_none"])


def commit_cell(row: HistoryRow) -> str:
    """A commit's short id in a code span (ids are hexadecimal)."""
    return f"`{row.sha[:SHORT_SHA]}`"


def _row_line(row: HistoryRow, text: Texts) -> str:
    what = effect(row.change, text)
    if row.status == "renamed" and row.old_path:
        path = f"`{row.old_path}`" if "`" not in row.old_path else inline(row.old_path)
        renamed = message(text["control_renamed_from"], path=path)
        what = renamed if row.change.is_empty else renamed + separator(text) + what
    return (f"| {row.date} | {commit_cell(row)} | {cell(row.author)} | {cell(row.subject)} | {what} |")


def history_section(history: Optional[ProcessHistory], text: Texts) -> list[str]:
    """The 'Revision history' section (nothing when the history is turned off)."""
    if history is None:
        return []
    lines = [f"## {inline(text['control_history'])}", ""]
    if history.state != OK:
        key = {SHALLOW: "control_history_shallow", NO_GIT: "control_history_no_git"}.get(
            history.state, "control_history_outside")
        return lines + [f"*{inline(text[key])}*", ""]
    if not history.rows:
        return lines + [f"*{inline(text['control_history_none'])}*", ""]
    header = [text[f"control_col_{key}"] for key in ("date", "commit", "author", "subject", "effect")]
    lines += ["| " + " | ".join(inline(name) for name in header) + " |", "|---|---|---|---|---|"]
    lines += [_row_line(row, text) for row in history.rows] + [""]
    if history.total > len(history.rows):
        lines += [f"*{inline(text('control_history_more', shown=len(history.rows), total=history.total))}*", ""]
    return lines
