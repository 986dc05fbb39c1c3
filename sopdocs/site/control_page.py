"""The handbook's document control page (issue 16): the processes overdue for review,
those changed since their approval (naming the commits), those never approved, those
coming into force later, and the register of every process's approval and review.

Generated only when some process uses `approval`, `effective` or `review`: in a
handbook that does not control its documents, a list of every process as "never
approved" would be noise. "Overdue" compares with the build date (the `build_date`
option), which the page names, so a reader knows which day it describes.
"""

from __future__ import annotations

from ..analysis.doccontrol import control_status
from ..githistory import OK
from ..i18n import Texts
from .control_section import commit_cell, separator, status_parts
from .handbook import Entry, Handbook
from .links import relative
from .markup import cell, inline, message

CONTROL = "control.md"


def _process_cell(entry: Entry) -> str:
    return f"[{inline(entry.process.title)}]({relative(CONTROL, entry.page)})"


def _owner(entry: Entry, text: Texts) -> str:
    return cell(entry.process.owner or text["none"])


def _table(text: Texts, keys: tuple[str, ...], rows: list[str], empty: str) -> list[str]:
    if not rows:
        return [f"*{inline(text[empty])}*", ""]
    header = "| " + " | ".join(inline(text[f"control_col_{key}"]) for key in keys) + " |"
    return [header, "|" + "---|" * len(keys)] + rows + [""]


def _overdue(handbook: Handbook, text: Texts, build_date: str) -> list[str]:
    rows = []
    statuses = [(entry, control_status(entry.process, build_date)) for entry in handbook.entries]
    for entry, status in sorted(statuses, key=lambda item: (item[1].next_review or "", item[0].page)):
        if status.overdue:
            late = text.plural("control_days", status.overdue_days, n=status.overdue_days)
            rows.append(f"| {_process_cell(entry)} | {_owner(entry, text)} | {status.next_review} | {inline(late)} |")
    return [f"## {inline(text['control_overdue_heading'])}", ""] + _table(
        text, ("process", "owner", "next_review", "overdue_by"), rows, "control_none_overdue")


def _changed(handbook: Handbook, histories: dict, text: Texts) -> list[str]:
    lines = [f"## {inline(text['control_changed_heading'])}", ""]
    approved = [entry for entry in handbook.entries if entry.process.approval]
    states = {histories[entry.page].state for entry in approved if entry.page in histories}
    if approved and (not histories or states - {OK}):
        return lines + [f"*{inline(text['control_changed_unknown'])}*", ""]
    rows = []
    for entry in approved:
        since = histories[entry.page].since_approval
        if not since:
            continue
        first = since[0]
        commit = message(text["control_commit"], commit=commit_cell(first), date=first.date,
                         subject=inline(first.subject), author=inline(first.author))
        if len(since) > 1:
            commit += " " + inline(text.plural("control_and_more", len(since) - 1, n=len(since) - 1))
        approval = entry.process.approval
        rows.append(f"| {_process_cell(entry)} | {_owner(entry, text)} | {cell(approval.by)} | {approval.on} "
                    f"| {commit} |")
    return lines + _table(text, ("process", "owner", "approved_by", "approved_on", "first_change"), rows,
                          "control_none_changed")


def _never(handbook: Handbook, text: Texts) -> list[str]:
    rows = [f"| {_process_cell(entry)} | {_owner(entry, text)} | {cell(text.value('status', entry.process.status))} |"
            for entry in handbook.entries if entry.process.approval is None]
    return [f"## {inline(text['control_never_heading'])}", ""] + _table(
        text, ("process", "owner", "status"), rows, "control_none_never")


def _coming(handbook: Handbook, text: Texts, build_date: str) -> list[str]:
    rows = []
    for entry in handbook.entries:
        effective = entry.process.effective
        if effective and effective > build_date:
            replaces = [pair.old for pair in handbook.pairs if pair.new is entry]
            shown = text.join(_process_cell(old) for old in replaces) or text["none"]
            rows.append(f"| {_process_cell(entry)} | {_owner(entry, text)} | {effective} | {shown} |")
    if not rows:
        return []
    return [f"## {inline(text['control_coming_heading'])}", ""] + _table(
        text, ("process", "owner", "in_force_from", "replaces"), rows, "none")


def _register(handbook: Handbook, text: Texts, build_date: str) -> list[str]:
    rows = []
    for entry in handbook.entries:
        parts = status_parts(control_status(entry.process, build_date), text)
        rows.append(f"| {_process_cell(entry)} | {_owner(entry, text)} | {cell(entry.process.version or text['none'])} "
                    f"| {separator(text).join(parts)} |")
    return [f"## {inline(text['control_register_heading'])}", ""] + _table(
        text, ("process", "owner", "version", "control"), rows, "none")


def control_page(handbook: Handbook, histories: dict, text: Texts, build_date: str) -> str:
    """The Markdown of the document control page."""
    lines = [f"# {inline(text['control_page_title'])}", "",
             message(text["control_page_intro"], date=build_date), ""]
    lines += _overdue(handbook, text, build_date)
    lines += _changed(handbook, histories, text)
    lines += _never(handbook, text)
    lines += _coming(handbook, text, build_date)
    lines += _register(handbook, text, build_date)
    return "\n".join(lines).rstrip() + "\n"
