"""What each flowchart node shows and how big it is, measured by sopdocs (not the engine).

A node's text is a list of lines, each with a role (`name`, `detail`, `badge`, `symbol`,
`lane`, `edge`) that fixes its font size. Lines are wrapped and measured with
`textmetrics`, and the node's shape is sized so the text block fits inside it: a box
adds padding, a diamond is twice the text block (the text's corners then lie on or
inside the diamond's edges), an ellipse is √2 times it. Sizes are in points.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from typing import Optional

from ..i18n import Texts, texts_for
from ..model import Process, Step
from .svgwriter import clean
from .textmetrics import LINE_HEIGHT_EM, text_width, wrap

FONT_SIZES = {"name": 12.0, "detail": 10.0, "badge": 11.0, "symbol": 16.0, "lane": 13.0,
              "edge": 10.0}
"""Font size (pt) of each line role; the SVG post-processor maps sizes back to classes."""

BOLD_ROLES = frozenset({"lane", "badge"})
"""Roles drawn bold by the stylesheet, so measured with the bold width table."""

WRAP_WIDTHS = {"task": 150.0, "subprocess": 150.0, "decision": 110.0, "parallel": 100.0,
               "start": 110.0, "end": 110.0, "lane-vertical": 150.0,
               "lane-horizontal": 100.0, "edge": 90.0}
"""Longest line (pt) before wrapping, by node kind."""

PAD_X, PAD_Y = 10.0, 7.0
_MIN_SIZES = {"box": (120.0, 44.0), "diamond": (90.0, 60.0), "ellipse": (64.0, 32.0)}

@dataclass(frozen=True)
class TextLine:
    """One line of node text and its role (which fixes size and style)."""

    text: str
    role: str

    @property
    def size(self) -> float:
        """Font size of this line in points."""
        return FONT_SIZES[self.role]

    @property
    def width(self) -> float:
        """Measured width of this line in points."""
        return text_width(self.text, self.size, bold=self.role in BOLD_ROLES)

    @property
    def height(self) -> float:
        """Height this line takes in points."""
        return self.size * LINE_HEIGHT_EM


@dataclass(frozen=True)
class Box:
    """A node's text lines, its shape and its outer size in points."""

    lines: tuple[TextLine, ...]
    shape: str
    width: float
    height: float

    @property
    def text_width(self) -> float:
        """Width of the text block (the widest line), rounded up to whole points."""
        return float(math.ceil(max((line.width for line in self.lines), default=0.0)))


def words_for(process: Process, texts: Optional[Texts] = None) -> Texts:
    """The flowchart's fixed words: `texts` when given, else the process's language."""
    return texts if texts is not None else texts_for(process.language)


def _wrapped(text: str, role: str, max_width: float) -> list[TextLine]:
    bold = role in BOLD_ROLES
    return [TextLine(line, role) for line in wrap(text, max_width, FONT_SIZES[role], bold=bold)]


def detail_text(step: Step, words: Texts) -> str:
    """`0.5d · wait 1d`: the step's duration and wait as written (empty when neither)."""
    parts = []
    if step.duration is not None:
        parts.append(words.written(step.duration.text))
    if step.wait is not None and not step.wait.is_zero:
        parts.append(words("flow.wait", time=words.written(step.wait.text)))
    return " · ".join(parts)


def step_lines(process: Process, step: Step, words: Texts) -> list[TextLine]:
    """The lines a step's node shows, by type: badge, symbol, name, owner, times."""
    width = WRAP_WIDTHS.get(step.type, WRAP_WIDTHS["task"])
    lines: list[TextLine] = []
    if step.problems:
        count = len(step.problems)
        lines.append(TextLine("⚠ " + words.plural("flow.problems", count, n=words.number(count)), "badge"))
    if step.type == "parallel":
        lines.append(TextLine("+", "symbol"))
    lines += _wrapped(step.name, "name", width)
    if step.type in ("task", "subprocess"):
        owner = process.owner_of(step)
        if owner:
            lines += _wrapped(owner, "detail", width)
        detail = detail_text(step, words)
        if detail:
            lines += _wrapped(detail, "detail", width)
    return lines


def _shape_of(step: Step) -> str:
    if step.type in ("decision", "parallel"):
        return "diamond"
    if step.type in ("start", "end"):
        return "ellipse"
    return "box"


def fit_shape(lines: list[TextLine], shape: str) -> Box:
    """Size `shape` so the text block of `lines` fits inside it, with padding."""
    text_w = math.ceil(max((line.width for line in lines), default=0.0))
    text_h = math.ceil(sum(line.height for line in lines))
    if shape == "diamond":
        width, height = 2 * text_w + 2 * PAD_X, 2 * text_h + 2 * PAD_Y
    elif shape == "ellipse":
        width, height = math.sqrt(2) * text_w + 2 * PAD_X, math.sqrt(2) * text_h + 2 * PAD_Y
    else:
        width, height = text_w + 2 * PAD_X, text_h + 2 * PAD_Y
    min_width, min_height = _MIN_SIZES.get(shape, _MIN_SIZES["box"])
    return Box(tuple(lines), shape, float(math.ceil(max(width, min_width))),
               float(math.ceil(max(height, min_height))))


def step_box(process: Process, step: Step, words: Texts) -> Box:
    """The measured node of one step."""
    return fit_shape(step_lines(process, step, words), _shape_of(step))


def lane_title_lines(name: str, direction: str) -> list[TextLine]:
    """A lane's title, wrapped for a column (vertical) or a row header (horizontal)."""
    return _wrapped(name, "lane", WRAP_WIDTHS[f"lane-{direction}"])


def edge_lines(text: str) -> list[TextLine]:
    """A branch label (`when`), wrapped."""
    return _wrapped(text, "edge", WRAP_WIDTHS["edge"])


def html_label(lines: tuple[TextLine, ...] | list[TextLine], cell_width: float) -> str:
    """A Graphviz HTML-like label: one fixed-size cell per line, every text escaped.

    Fixed cells make both engines place the lines the same way, whatever their own
    (CJK-less) font metrics say.
    """
    rows = []
    for line in lines:
        # Graphviz expands \N, \G ... even in HTML-like labels; a doubled backslash is literal.
        # Control characters (YAML escapes like "\0") would end the DOT input: dropped.
        # `dot` 2.43 rejects some cells holding "]" (a name "]]" is a syntax error); &#93; is not.
        text = (html.escape(clean(line.text), quote=False).replace("\\", "\\\\")
                .replace("]", "&#93;") or " ")
        rows.append(
            f'<TR><TD WIDTH="{int(cell_width)}" HEIGHT="{math.ceil(line.height)}">'
            f'<FONT POINT-SIZE="{line.size:g}">{text}</FONT></TD></TR>'
        )
    return ('<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
            + "".join(rows) + "</TABLE>>")


def step_tooltip(process: Process, step: Step, words: Texts) -> str:
    """The hover text of a step: name, owner, duration and wait, one per line."""
    lines = [step.name]
    owner = process.owner_of(step)
    if owner:
        lines.append(words("flow.tip_owner", owner=owner))
    if step.duration is not None:
        lines.append(words("flow.tip_duration", time=words.written(step.duration.text)))
    if step.wait is not None:
        lines.append(words("flow.tip_wait", time=words.written(step.wait.text)))
    if step.process:
        lines.append(words("flow.tip_subprocess", process=step.process))
    for problem in step.problems:
        lines.append(f"⚠ {problem.description}")
    return "\n".join(lines)
