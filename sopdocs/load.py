"""Reading process files: bytes → checked text → YAML tree → model.

Nothing here raises for bad input: every problem becomes a Diagnostic, and the model is
built from whatever is well-formed so that validation can report everything in one run.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from . import fields
from .diagnostics import ERROR, WARNING, Diagnostic
from .docwalk import classify
from .limits import DEFAULT_LIMITS, Limits
from .model import (
    Approval, Arrivals, Calendar, Duration, Kpi, Lane, Link, Problem, Process, Review, Span, Step, Target,
    Action, Pilot, normalise_priority,  # issue 12
)
from .yamlnodes import YamlProblem, YNode, compose

_BOMS = {b"\xff\xfe": "UTF-16", b"\xfe\xff": "UTF-16", b"\xff\xfe\x00\x00": "UTF-32"}
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass
class Loaded:
    """The outcome of loading one file: its tree and model (when readable) and diagnostics."""

    path: str
    root_dir: Optional[Path] = None
    tree: Optional[YNode] = None
    process: Optional[Process] = None
    diagnostics: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when no diagnostic is an error."""
        return not any(d.is_error for d in self.diagnostics)


def _diag(path: str, line: int, col: int, code: str, message: str, hint: str,
          severity: str = ERROR) -> Diagnostic:
    return Diagnostic(path, line, col, code, severity, message, hint)


def decode(data: bytes, path: str) -> tuple[Optional[str], list]:
    """Bytes to text: UTF-8 only; a UTF-8 BOM is dropped with a warning."""
    diagnostics = []
    for bom, name in sorted(_BOMS.items(), key=lambda item: -len(item[0])):
        if data.startswith(bom):
            return None, [_diag(path, 1, 1, "SOP004", f"the file is encoded as {name}",
                                "save it as UTF-8 (without BOM)")]
    if data.startswith(b"\xef\xbb\xbf"):
        diagnostics.append(_diag(path, 1, 1, "SOP005", "the file starts with a byte-order mark (BOM)",
                                 "save it as UTF-8 without BOM", WARNING))
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        col = len(data[line_start:error.start].decode("utf-8", "replace")) + 1
        return None, [_diag(path, line, col, "SOP004",
                            f"byte 0x{data[error.start]:02x} is not valid UTF-8",
                            "save the file as UTF-8 (most editors: 'Save with encoding')")]
    control = _CONTROL_RE.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        col = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        return None, [_diag(path, line, col, "SOP004",
                            f"control character U+{ord(control.group()):04X}: this looks like a binary file",
                            "process files are plain UTF-8 text; remove the character")]
    return text, diagnostics


def read_file(path: str | os.PathLike, limits: Limits = DEFAULT_LIMITS) -> tuple[Optional[str], list]:
    """Read a file's text, enforcing the size limit; returns (text or None, diagnostics)."""
    shown = str(path)
    try:
        size = os.stat(path).st_size
        if size > limits.max_file_bytes:
            return None, [_diag(shown, 1, 1, "SOP008",
                                f"the file is {size:,} bytes, over the limit of {limits.max_file_bytes:,}",
                                "split the process into smaller ones; the limit is the setting max_file_bytes")]
        with open(path, "rb") as handle:
            data = handle.read(limits.max_file_bytes + 1)
    except OSError as error:
        return None, [_diag(shown, 1, 1, "SOP000", f"cannot read the file: {error.strerror}",
                            "check the path and its permissions")]
    return decode(data, shown)


def load_file(path: str | os.PathLike, root_dir: Optional[Path] = None,
              limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Load one process file; never raises for bad content."""
    text, diagnostics = read_file(path, limits)
    if text is None:
        return Loaded(str(path), root_dir, diagnostics=diagnostics)
    loaded = load_text(text, str(path), root_dir, limits)
    loaded.diagnostics[:0] = diagnostics
    return loaded


def load_text(text: str, path: str, root_dir: Optional[Path] = None,
              limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Load a process from YAML text; `path` is used for messages and the default id."""
    loaded = Loaded(path, root_dir)
    if not text.strip() or _only_comments(text):
        loaded.diagnostics.append(_diag(path, 1, 1, "SOP006", "the file is empty",
                                        "a process needs at least title, lanes and steps;"
                                        " `sopdocs new ID` writes a starter file"))
        return loaded
    try:
        tree, problems = compose(text, path, limits)
    except YamlProblem as problem:
        loaded.diagnostics.append(problem.diagnostic)
        return loaded
    loaded.diagnostics.extend(problems)
    if tree is None or tree.kind != "map":
        where = (tree.line, tree.col) if tree else (1, 1)
        loaded.diagnostics.append(_diag(path, *where, "SOP007",
                                        "the top level of a process file must be a mapping (key: value pairs)",
                                        "start with 'title: ...', then 'lanes:' and 'steps:'"))
        return loaded
    loaded.tree = tree
    loaded.process = build_process(tree, path, root_dir)
    return loaded


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") or line.strip() in ("---", "...")
               for line in text.splitlines())


def default_id(path: str, root_dir: Optional[Path]) -> str:
    """The id a process gets when its file has none: its path under the root, slugged."""
    file_path = Path(path)
    try:
        relative = file_path.resolve().relative_to(root_dir.resolve()) if root_dir else Path(file_path.name)
    except ValueError:
        relative = Path(file_path.name)
    stem = relative.with_suffix("").as_posix()
    slug = re.sub(r"[^A-Za-z0-9_-]+", "-", stem).strip("-").lower()
    return slug or "process"


class _Builder:
    """Builds model objects from nodes, keeping only well-formed values."""

    def __init__(self, path: str):
        self.path = path
        self.calendar = Calendar()

    def span(self, node: YNode) -> Span:
        return Span(self.path, node.line, node.col)

    def value(self, table: dict, node: YNode, key: str, default=None):
        child = node.get(key)
        if child is None or classify(table[key], child) is not None:
            return default
        kind = table[key].kind
        if kind in ("text", "markdown", "id", "enum", "date", "interval"):
            return child.value if isinstance(child.value, str) else child.raw
        if kind == "text_list":
            items = [child] if child.kind == "scalar" else child.items
            return tuple(item.value if isinstance(item.value, str) else item.raw for item in items)
        if kind in ("number", "probability", "rate"):
            return float(child.value)
        if kind == "count":  # issue 15
            return int(child.value)
        return child

    def items(self, table: dict, node: YNode, key: str) -> list[YNode]:
        child = self.value(table, node, key)
        return [item for item in child.items if item.kind == "map"] if child is not None else []

    def duration(self, node: YNode, key: str, table: dict = fields.STEP) -> Optional[Duration]:
        child = node.get(key)
        if child is None or classify(table[key], child) is not None:
            return None
        if child.kind == "map":  # issue 15: a range
            from .ranges import build_range

            return build_range(child, self.calendar, self.span(child))
        return Duration.parse(child.value, self.calendar, self.span(child))

    def arrivals(self, tree: YNode) -> Optional[Arrivals]:
        """issue 15: `arrivals: {every: 4h}` or `{per_week: 20}` (every wins if both)."""
        node = self.value(fields.PROCESS, tree, "arrivals")
        if node is None:
            return None
        every = self.duration(node, "every", fields.ARRIVALS)
        if every is not None:
            return Arrivals(every.hours, every=every, span=self.span(node))
        per_week = self.value(fields.ARRIVALS, node, "per_week")
        if per_week is None:
            return None
        return Arrivals(self.calendar.hours_per_week / per_week, per_week=per_week, span=self.span(node))

    def calendar_of(self, node: YNode) -> Calendar:
        child = self.value(fields.PROCESS, node, "calendar")
        if child is None:
            return Calendar()
        return Calendar(
            self.value(fields.CALENDAR, child, "hours_per_day", Calendar.hours_per_day),
            self.value(fields.CALENDAR, child, "days_per_week", Calendar.days_per_week),
            self.span(child),
        )

    def lane(self, node: YNode) -> Optional[Lane]:
        lane_id = self.value(fields.LANE, node, "id")
        if lane_id is None:
            return None
        name = self.value(fields.LANE, node, "name", lane_id)
        return Lane(lane_id, name, self.value(fields.LANE, node, "owner"), self.span(node),
                    capacity=self.value(fields.LANE, node, "capacity"))

    def links(self, node: YNode) -> tuple[Link, ...]:
        child = self.value(fields.STEP, node, "next")
        if child is None:
            return ()
        items = [child] if child.kind == "scalar" else child.items
        links = []
        for item in items:
            if item.kind == "scalar":
                links.append(Link(item.raw, span=self.span(item)))
                continue
            target = self.value(fields.LINK, item, "to")
            if target is not None:
                links.append(Link(target, self.value(fields.LINK, item, "when"),
                                  self.value(fields.LINK, item, "probability"), self.span(item)))
        return tuple(links)

    def problem(self, node: YNode) -> Optional[Problem]:
        text = self.value(fields.PROBLEM, node, "description")
        if text is None:
            return None
        get = lambda key, default: self.value(fields.PROBLEM, node, key, default)  # noqa: E731
        return Problem(text, get("type", "efficiency"), get("impact", "medium"),
                       get("frequency", "medium"), self.span(node),
                       why=get("why", ()), stated_priority=normalise_priority(get("priority", None)),
                       id=get("id", None))

    def step(self, node: YNode) -> Optional[Step]:
        step_id = self.value(fields.STEP, node, "id")
        if step_id is None:
            return None
        get = lambda key, default=None: self.value(fields.STEP, node, key, default)  # noqa: E731
        problems = [self.problem(item) for item in self.items(fields.STEP, node, "problems")]
        return Step(
            id=step_id, name=get("name", step_id), lane=get("lane"), type=get("type", "task"),
            owner=get("owner"), duration=self.duration(node, "duration"),
            wait=self.duration(node, "wait"), inputs=get("inputs", ()),
            outputs=get("outputs", ()), systems=get("systems", ()),
            instructions=get("instructions", ""), next=self.links(node),
            problems=tuple(p for p in problems if p), process=get("process"),
            span=self.span(node),
        )

    def kpi(self, node: YNode) -> Optional[Kpi]:
        name = self.value(fields.KPI, node, "name")
        if name is None:
            return None
        target_node = self.value(fields.KPI, node, "target")
        target = Target.parse(target_node.value) if target_node is not None else None
        return Kpi(name, self.value(fields.KPI, node, "unit", ""),
                   self.value(fields.KPI, node, "value"), target, self.span(node),
                   before=self.value(fields.KPI, node, "before"),
                   after=self.value(fields.KPI, node, "after"),
                   measures=self.value(fields.KPI, node, "measures"))  # issue 15

    # issue 12: improvement actions and the pilot
    def action(self, node: YNode) -> Optional[Action]:
        what = self.value(fields.ACTION, node, "what")
        if what is None:
            return None
        get = lambda key, default=None: self.value(fields.ACTION, node, key, default)  # noqa: E731
        return Action(what, department=get("department"), owner=get("owner"), due=get("due"),
                      resources=get("resources", ""), acceptance=get("acceptance", ""),
                      status=get("status", "planned"), steps=get("steps", ()),
                      problems=get("problems", ()), span=self.span(node))

    def pilot(self, tree: YNode) -> Optional[Pilot]:
        node = self.value(fields.PROCESS, tree, "pilot")
        if node is None:
            return None
        periods = []
        for key in ("before", "after"):
            child = self.value(fields.PILOT, node, key)
            periods.append(self.value(fields.PERIOD, child, "period", "") if child is not None else "")
        return Pilot(self.value(fields.PILOT, node, "scope", ""), *periods, span=self.span(node))

    # issue 16: document control
    def approval(self, node: YNode) -> Optional[Approval]:
        child = self.value(fields.PROCESS, node, "approval")
        if child is None:
            return None
        by, on = (self.value(fields.APPROVAL, child, key) for key in ("by", "on"))
        return Approval(by, on, self.span(child)) if by is not None and on is not None else None

    def review(self, node: YNode) -> Optional[Review]:
        child = self.value(fields.PROCESS, node, "review")
        if child is None:
            return None
        every, upcoming = (self.value(fields.REVIEW, child, key) for key in ("every", "next"))
        return Review(every, upcoming, self.span(child)) if every or upcoming else None


def build_process(tree: YNode, path: str, root_dir: Optional[Path] = None) -> Process:
    """The Process model of a parsed document, from its well-formed parts."""
    builder = _Builder(path)
    builder.calendar = builder.calendar_of(tree)
    get = lambda key, default=None: builder.value(fields.PROCESS, tree, key, default)  # noqa: E731
    lanes = [builder.lane(node) for node in builder.items(fields.PROCESS, tree, "lanes")]
    steps = [builder.step(node) for node in builder.items(fields.PROCESS, tree, "steps")]
    kpis = [builder.kpi(node) for node in builder.items(fields.PROCESS, tree, "kpis")]
    return Process(
        id=get("id") or default_id(path, root_dir),
        title=get("title", default_id(path, root_dir)),
        path=path,
        summary=get("summary", ""),
        owner=get("owner"),
        version=get("version"),
        status=get("status", "current"),
        baseline=get("baseline"),
        tags=get("tags", ()),
        calendar=builder.calendar,
        lanes=tuple(lane for lane in lanes if lane),
        steps=tuple(step for step in steps if step),
        kpis=tuple(kpi for kpi in kpis if kpi),
        start_date=get("start_date"),
        language=get("language"),
        span=builder.span(tree),
        # issue 12
        actions=tuple(a for a in map(builder.action, builder.items(fields.PROCESS, tree, "actions")) if a),
        pilot=builder.pilot(tree),
        approval=builder.approval(tree),  # issue 16
        effective=get("effective"),
        review=builder.review(tree),
        arrivals=builder.arrivals(tree),  # issue 15
    )
