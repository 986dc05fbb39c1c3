"""The home page: what the handbook is, the catalog of processes, and where to start per role."""

from __future__ import annotations

from .handbook import Handbook
from .links import relative
from .markup import cell, inline

HOME = "index.md"


def _catalog(handbook: Handbook, text: dict) -> list[str]:
    lines = [f"## {inline(text['processes'])}", ""]
    folders: dict[str, list] = {}
    for entry in handbook.entries:
        folders.setdefault(entry.folder, []).append(entry)
    for folder in sorted(folders):
        lines += [f"### {inline(folder or text['top_folder'])}", "",
                  f"| {text['process']} | {text['owner']} | {text['status']} | {text['lanes']} | {text['steps']} |",
                  "|---|---|---|---:|---:|"]
        for entry in folders[folder]:
            process = entry.process
            lines.append(
                f"| [{inline(process.title)}]({relative(HOME, entry.page)}) | {cell(process.owner or '')} "
                f"| {cell(process.status)} | {len(process.lanes)} | {len(process.steps)} |"
            )
        lines.append("")
    return lines


def _start_here(handbook: Handbook, text: dict) -> list[str]:
    if not handbook.roles:
        return []
    lines = [f"## {inline(text['start_here'])}", ""]
    for name, duties in handbook.roles.items():
        processes = len({duty.entry.process.id for duty in duties})
        lines.append(f"- [{inline(name)}]({relative(HOME, handbook.role_page(name))}): "
                     f"{len(duties)} {inline(text['steps'].lower())}, {processes} {inline(text['processes'].lower())}")
    return lines + [""]


def home_page(handbook: Handbook, text: dict) -> str:
    """The Markdown of the home page."""
    lines = [f"# {inline(text['home_title'])}", "", inline(text["home_intro"]), ""]
    lines += _catalog(handbook, text)
    lines += _start_here(handbook, text)
    return "\n".join(lines).rstrip() + "\n"
