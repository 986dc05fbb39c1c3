"""Role pages: everything one lane (department or role) does, across processes, as a checklist."""

from __future__ import annotations

from .handbook import Handbook
from .links import relative
from .markup import block, inline
from .options import PageOptions


def role_page(name: str, handbook: Handbook, text: dict, options: PageOptions) -> str:
    """The Markdown of the page of role `name`: its steps per process, in flow order."""
    page = handbook.role_page(name)
    lines = [f"# {inline(name)}", ""]
    by_process: dict[str, list] = {}
    for duty in handbook.roles.get(name, []):
        by_process.setdefault(duty.entry.process.id, []).append(duty)
    for duties in by_process.values():
        entry = duties[0].entry
        lines += [f"## [{inline(entry.process.title)}]({relative(page, entry.page)})", ""]
        for duty in sorted(duties, key=lambda d: d.position):
            step = duty.step
            link = relative(page, entry.page, f"step-{step.id}")
            details = [inline(entry.process.owner_of(step) or "")]
            if step.duration is not None:
                details.append(f"{inline(text['duration'])} {inline(step.duration.text)}")
            if step.wait is not None:
                details.append(f"{inline(text['wait'])} {inline(step.wait.text)}")
            lines.append(f"- [ ] [{inline(step.name)}]({link}) — " + "; ".join(d for d in details if d))
            if step.instructions:
                indented = block(step.instructions, options.allow_html).split("\n")
                lines += [""] + ["    " + line if line else "" for line in indented] + [""]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
