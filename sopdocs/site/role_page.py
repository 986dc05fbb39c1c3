"""Role pages: everything one lane (department or role) does, across processes, as a checklist."""

from __future__ import annotations

from functools import partial

from ..i18n import Texts
from .handbook import Handbook
from .links import relative
from .markup import block, inline
from .options import PageOptions
from .process_page import branch_lines


def _flow_order(duty, metrics: dict) -> tuple:
    """Scheduled steps by start time; steps off the expected path after them, in file order."""
    planned = metrics[duty.entry.process.id].schedule
    if planned is not None and duty.step.id in planned.steps:
        return (0, planned.steps[duty.step.id].start_hours, duty.position)
    return (1, 0.0, duty.position)


def _duty_lines(duty, page: str, text: Texts, options: PageOptions, off_path: bool) -> list[str]:
    step, entry = duty.step, duty.entry
    link = relative(page, entry.page, f"step-{step.id}")
    details = [inline(entry.process.owner_of(step) or "")]
    if step.duration is not None:
        details.append(f"{inline(text['duration'])} {inline(text.written(step.duration.text))}")
    if step.wait is not None:
        details.append(f"{inline(text['wait'])} {inline(text.written(step.wait.text))}")
    if off_path:
        details.append(f"*{inline(text['off_path'])}*")
    lines = [f"- [ ] [{inline(step.name)}]({link}) — " + "; ".join(d for d in details if d)]
    if step.type == "decision":
        branches = branch_lines(step, entry.process, text, lambda to, name: f"[{name}]("
                                f"{relative(page, entry.page, f'step-{to}')})")
        lines += [""] + [f"    - {branch}" for branch in branches] + [""]
    if step.instructions:
        indented = block(step.instructions, options.allow_html).split("\n")
        lines += [""] + ["    " + line if line else "" for line in indented] + [""]
    return lines


def role_page(name: str, handbook: Handbook, metrics: dict, text: Texts, options: PageOptions,
              section=None) -> str:
    """The Markdown of the page of role `name`: its steps per process, in flow order.

    `section(entry, duties, make)` may return a remembered section for a process
    instead of calling `make()` (serve keeps the sections of unchanged processes)."""
    page = handbook.role_page(name)
    lines = [f"# {inline(name)}", "", inline(text["checklist_intro"]), ""]
    by_process: dict[str, list] = {}
    for duty in handbook.roles.get(name, []):
        by_process.setdefault(duty.entry.process.id, []).append(duty)
    for duties in by_process.values():
        make = partial(_process_section, page, duties, metrics, text, options)
        lines += section(duties[0].entry, duties, make) if section else make()
    return "\n".join(lines).rstrip() + "\n"


def _process_section(page: str, duties: list, metrics: dict, text: Texts, options: PageOptions) -> list[str]:
    entry = duties[0].entry
    lines = [f"## [{inline(entry.process.title)}]({relative(page, entry.page)})", ""]
    off_path = set(metrics[entry.process.id].off_path)
    for duty in sorted(duties, key=lambda d: _flow_order(d, metrics)):
        lines += _duty_lines(duty, page, text, options, duty.step.id in off_path)
    lines.append("")
    return lines
