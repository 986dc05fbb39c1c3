"""Post-processing of the engine's flowchart SVG (parsed with ElementTree, never regex).

What it does, so that the output is the same whichever engine ran and stays stable:
- drops the engine's comments, DOCTYPE, generated ids (`graph0`, `a_step-x`, `node4`)
  and presentation colours (fill/stroke), so colours come only from CSS classes;
- keeps our ids (`lane-<id>`, `step-<id>`, `edge-<step>-<n>`, `title-lane-<id>`),
  optionally prefixed, and gives every text line a class from its role;
- puts the CJK-capable font stack on every text, a `<title>` and `<desc>` on the
  diagram for screen readers, the tooltip as each step's `<title>` (what browsers show
  on hover), and the default stylesheet in a `<style>` element.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from typing import Callable, Optional

from ..diagnostics import SopdocsError
from ..i18n import Texts
from ..model import Process, Step
from . import palette
from .engine import Layout
from .flowshapes import FONT_SIZES, step_tooltip, words_for
from .svgwriter import clean
from .textmetrics import FONT_STACKS

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
_SVG = f"{{{SVG_NS}}}"
_XLINK_HREF = f"{{{XLINK_NS}}}href"
_XLINK_TITLE = f"{{{XLINK_NS}}}title"
_KEPT_ID_PREFIXES = ("lane-", "step-", "edge-", "title-lane-")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?")
_PAINT_ATTRIBUTES = ("fill", "stroke", "stroke-width", "stroke-dasharray", "fill-opacity",
                     "stroke-opacity")
_TEXT_CLASSES = {"name": "label", "detail": "muted", "badge": "problem-badge",
                 "symbol": "symbol", "lane": "lane-name"}
ET.register_namespace("", SVG_NS)
ET.register_namespace("xlink", XLINK_NS)


@dataclass(frozen=True)
class Rendered:
    """A finished diagram: the SVG text, the engine's warnings and the engine's name."""

    svg: str
    warnings: tuple[str, ...]
    engine: str


def _parse(svg_text: str) -> ET.Element:
    try:
        return ET.fromstring(svg_text.encode("utf-8"))
    except ET.ParseError as error:
        raise SopdocsError(f"the layout engine wrote SVG that cannot be read: {error}") from None


def _classes(element: ET.Element) -> list[str]:
    return (element.get("class") or "").split()


def _set_title(group: ET.Element, text: str) -> None:
    """Replace the group's `<title>` (the engine puts the node name there)."""
    title = group.find(f"{_SVG}title")
    if title is None:
        title = ET.Element(f"{_SVG}title")
        group.insert(0, title)
    title.text = clean(text)


def _clean_element(element: ET.Element, id_prefix: str) -> None:
    """Drop engine ids and paint attributes; prefix our ids."""
    element_id = element.get("id")
    if element_id is not None:
        if element_id.startswith(_KEPT_ID_PREFIXES):
            element.set("id", id_prefix + element_id)
        else:
            del element.attrib["id"]
    for name in _PAINT_ATTRIBUTES:
        element.attrib.pop(name, None)


def _shape_center_x(group: ET.Element) -> Optional[float]:
    """Horizontal centre of a node's shape (polygon, path or ellipse points)."""
    xs: list[float] = []
    for element in group.iter():
        if element.tag == f"{_SVG}ellipse":
            xs.append(float(element.get("cx", "0")))
        elif element.tag in (f"{_SVG}polygon", f"{_SVG}path"):
            numbers = _NUMBER.findall(element.get("points") or element.get("d") or "")
            xs += [float(value) for value in numbers[0::2]]
    return (min(xs) + max(xs)) / 2 if xs else None


def _style_node_texts(group: ET.Element, classes_by_size: dict[str, str]) -> None:
    """Centre each line on the shape (the engine left-aligns HTML-label text at an x
    from its own metrics, wrong for CJK) and class it by its role."""
    center = _shape_center_x(group)
    for text in group.iter(f"{_SVG}text"):
        if center is not None:
            text.set("text-anchor", "middle")
            text.set("x", f"{center:.2f}")
        role_class = classes_by_size.get(text.get("font-size", ""))
        if role_class:
            text.set("class", role_class)


def _text_classes_by_size() -> dict[str, str]:
    """`"12.00"` → `label`: the engine writes each line's size, which names its role."""
    return {f"{size:.2f}": _TEXT_CLASSES[role] for role, size in FONT_SIZES.items()
            if role != "edge"}


def _style_texts(root: ET.Element) -> None:
    """Font stack on every text; node texts centred and classed; edge labels classed."""
    classes_by_size = _text_classes_by_size()
    for group in root.iter(f"{_SVG}g"):
        classes = _classes(group)
        if "node" in classes:
            _style_node_texts(group, classes_by_size)
        elif "edge" in classes:
            for text in group.iter(f"{_SVG}text"):
                text.set("class", "edge-label")
    for text in root.iter(f"{_SVG}text"):
        text.set("font-family", FONT_STACKS["sans"])


def _annotate_steps(root: ET.Element, process: Process, href_of: Callable[[Step], Optional[str]],
                    id_prefix: str, words: Texts) -> None:
    """Tooltips as `<title>`, and the link target on every step's `<a>`."""
    steps = process.steps_by_id()
    for group in root.iter(f"{_SVG}g"):
        group_id = group.get("id") or ""
        step = steps.get(group_id[len(id_prefix) + len("step-"):]) if "step" in _classes(group) else None
        if step is None:
            continue
        tooltip = clean(step_tooltip(process, step, words))
        _set_title(group, tooltip)
        for anchor in group.iter(f"{_SVG}a"):
            anchor.set(_XLINK_TITLE, tooltip)
            href = href_of(step)
            if href:
                anchor.set(_XLINK_HREF, href)


def _annotate_lanes_and_edges(root: ET.Element, process: Process, id_prefix: str) -> None:
    lanes = {f"{id_prefix}lane-{lane.id}": lane.name for lane in process.lanes}
    lanes.update({f"{id_prefix}title-lane-{lane.id}": lane.name for lane in process.lanes})
    names = {step.id: step.name for step in process.steps}
    for group in root.iter(f"{_SVG}g"):
        classes = _classes(group)
        if "lane" in classes or "lane-title" in classes:
            _set_title(group, lanes.get(group.get("id") or "", ""))
        elif "edge" in classes:
            title = group.find(f"{_SVG}title")
            # a rework loop leaves from a port: "a:e->b:e" (ids have no ':')
            ends = [end.split(":")[0] for end in (title.text or "").split("->")] if title is not None else []
            if len(ends) == 2:
                _set_title(group, f"{names.get(ends[0], ends[0])} → {names.get(ends[1], ends[1])}")


def _description(process: Process, words: Texts) -> str:
    steps, lanes = len(process.steps), len(process.lanes)
    return words("flow.desc", title=process.title,
                 steps=words.plural("flow.desc_steps", steps, n=words.number(steps)),
                 lanes=words.plural("flow.desc_lanes", lanes, n=words.number(lanes),
                                    names=words.join(lane.name for lane in process.lanes)))


def _add_head(root: ET.Element, process: Process, id_prefix: str, embed_style: bool,
              words: Texts) -> None:
    """`<title>`, `<desc>` (and `<style>`) as the first children of the root."""
    title = ET.Element(f"{_SVG}title", {"id": f"{id_prefix}flowchart-title"})
    title.text = clean(process.title)
    desc = ET.Element(f"{_SVG}desc", {"id": f"{id_prefix}flowchart-desc"})
    desc.text = clean(_description(process, words))
    head = [title, desc]
    if embed_style:
        style = ET.Element(f"{_SVG}style")
        style.text = "\n" + palette.stylesheet()
        head.append(style)
    for index, element in enumerate(head):
        root.insert(index, element)
    root.set("class", f"{palette.ROOT_CLASS} flowchart")
    root.set("role", "group")
    root.set("aria-labelledby", f"{id_prefix}flowchart-title {id_prefix}flowchart-desc")
    root.set("lang", process.language or words.tag)


def _clean_graph_group(root: ET.Element) -> None:
    """The engine's outer group: drop its `<title>` (the graph name), mark the background."""
    graph = root.find(f"{_SVG}g")
    if graph is None:
        raise SopdocsError("the layout engine wrote an SVG without a drawing")
    title = graph.find(f"{_SVG}title")
    if title is not None:
        graph.remove(title)
    background = graph.find(f"{_SVG}polygon")
    if background is not None:
        background.set("class", "background")


def postprocess_flowchart(layout: Layout, process: Process,
                          href_of: Callable[[Step], Optional[str]],
                          id_prefix: str = "", embed_style: bool = True,
                          warnings: tuple[str, ...] | None = None,
                          texts: Optional[Texts] = None) -> Rendered:
    """Turn the engine's SVG into the flowchart sopdocs publishes (see module doc);
    `texts`: the words of tooltips and description (default: the process's language)."""
    words = words_for(process, texts)
    root = _parse(layout.output)
    _clean_graph_group(root)
    for element in root.iter():
        _clean_element(element, id_prefix)
    _style_texts(root)
    _annotate_steps(root, process, href_of, id_prefix, words)
    _annotate_lanes_and_edges(root, process, id_prefix)
    _add_head(root, process, id_prefix, embed_style, words)
    text = ET.tostring(root, encoding="unicode")
    svg = '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"
    return Rendered(svg, layout.warnings if warnings is None else warnings, layout.engine)
