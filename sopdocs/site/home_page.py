"""The home page: what the handbook is, how to read a flowchart, the catalog of processes,
and where to start per role."""

from __future__ import annotations

from ..i18n import Texts
from .diagrams import placeholder
from .handbook import Handbook
from .legend import legend_markdown
from .links import relative
from .markup import cell, inline

HOME = "index.md"


def folder_title(folder: str) -> str:
    """A folder path as a heading, the way the navigation names it: `sales/lead-to-contract`
    → `Sales / Lead to contract`."""
    parts = [part.replace("-", " ").replace("_", " ") for part in folder.split("/") if part]
    return " / ".join(part[:1].upper() + part[1:] for part in parts)


def _catalog(handbook: Handbook, text: Texts, metrics: dict, dates: dict, notes: dict) -> list[str]:
    lines = [f"## {inline(text['processes'])}", ""]
    folders: dict[str, list] = {}
    for entry in handbook.entries:
        folders.setdefault(entry.folder, []).append(entry)
    header = "| " + " | ".join(inline(text[key]) for key in (
        "process", "owner", "status", "lanes", "steps", "lead_time", "last_change")) + " |"
    for folder in sorted(folders):
        lines += [f"### {inline(folder_title(folder) or text['top_folder'])}", "", header,
                  "|---|---|---|---:|---:|---:|---|"]
        for entry in folders[folder]:
            process, figures = entry.process, metrics[entry.process.id]
            changed = dates.get(str(entry.source.resolve()), text["none"])
            lines.append(
                f"| [{inline(process.title)}]({relative(HOME, entry.page)}) | {cell(process.owner or '')} "
                f"| {cell(text.value('status', process.status))}{notes.get(entry.page, '')} "
                f"| {text.number(len(process.lanes))} "
                f"| {text.number(len(process.steps))} "
                f"| {cell(text('time.days', n=text.number(figures.lead_time_days, 1)))} | {changed} |"
            )
        lines.append("")
    return lines


def _start_here(handbook: Handbook, text: Texts) -> list[str]:
    if not handbook.roles:
        return []
    lines = [f"## {inline(text['start_here'])}", ""]
    for name, duties in handbook.roles.items():
        processes = len({duty.entry.process.id for duty in duties})
        counts = text("role.counts", steps=text.plural("role.steps", len(duties), n=len(duties)),
                      processes=text.plural("role.processes", processes, n=processes))
        lines.append(f"- [{inline(name)}]({relative(HOME, handbook.role_page(name))}): {inline(counts)}")
    return lines + [""]


def home_page(handbook: Handbook, text: Texts, metrics: dict, dates: dict, board: tuple = (),
              control: str = "", notes: dict | None = None) -> str:
    """The Markdown of the home page (the legend diagram as a placeholder); `board`: the
    lines about the improvement board (issue 12); `control` is the document control
    page, when there is one, and `notes` (page → Markdown) what the catalog adds to a
    process's status (issue 16)."""
    lines = [f"# {inline(text['home_title'])}", "", inline(text["home_intro"]), "", *board]
    lines += _start_here(handbook, text)
    lines += _catalog(handbook, text, metrics, dates, notes or {})
    if control:
        lines += [f"[{inline(text['control_page_title'])}]({relative(HOME, control)}): "
                  f"{inline(text['control_home_link'])}", ""]
    lines += [f"## {inline(text['legend'])}", "", placeholder("legend"), ""]
    lines += legend_markdown(text) + [""]
    return "\n".join(lines).rstrip() + "\n"
