"""Small helpers for SVG built with ElementTree: numbers, safe text, labels, the root.

ElementTree escapes `&`, `<`, `>` and quotes; `clean` additionally drops the characters
XML 1.0 cannot hold at all, so any YAML text lands as visible, well-formed text.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Optional

from . import palette
from .textmetrics import text_width, wrap

SVG_NS = "http://www.w3.org/2000/svg"
ELLIPSIS = "…"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: object) -> str:
    """`text` as a string without characters XML 1.0 forbids (control characters)."""
    return _NOT_XML.sub("", str(text))


def num(value: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros (`12.5`, `3`)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def fit_lines(text: str, max_width: float, font_size: float, max_lines: int = 2) -> list[str]:
    """`text` wrapped to `max_width` (measured), at most `max_lines`, the last one ending
    in an ellipsis when text had to be cut."""
    lines = wrap(clean(text), max(max_width, font_size), font_size) or [""]
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and text_width(last + ELLIPSIS, font_size) > max_width:
        last = last[:-1]
    kept[-1] = last.rstrip() + ELLIPSIS
    return kept


def add_text(parent: ET.Element, text: str, x: float, y: float, css: str = "",
             anchor: Optional[str] = None) -> ET.Element:
    """A `<text>` element at (x, y) holding `text` (cleaned; ElementTree escapes it)."""
    attributes = {"x": num(x), "y": num(y)}
    if css:
        attributes["class"] = css
    if anchor:
        attributes["text-anchor"] = anchor
    element = ET.SubElement(parent, "text", attributes)
    element.text = clean(text)
    return element


def svg_root(stylesheet: str, kind_class: str, title: str, id_prefix: str = "",
             data: Optional[dict] = None) -> tuple[ET.Element, ET.Element]:
    """(root `<svg>`, element to draw into) with an accessible title and the stylesheet.

    The root carries the palette's class plus `kind_class`; its size is set by
    `to_svg_text`.
    """
    title_id = f"{id_prefix}{kind_class}-title"
    svg = ET.Element("svg", {
        "xmlns": SVG_NS, "width": "0", "height": "0", "viewBox": "0 0 0 0",
        "class": f"{palette.ROOT_CLASS} {kind_class}", "role": "img", "aria-labelledby": title_id,
        **(data or {}),
    })
    ET.SubElement(svg, "title", {"id": title_id}).text = clean(title)
    ET.SubElement(svg, "style").text = stylesheet
    ET.SubElement(svg, "rect", {"class": "background", "x": "0", "y": "0",
                                "width": "100%", "height": "100%", "fill": "#ffffff"})
    return svg, svg


def to_svg_text(svg: ET.Element, width: float, height: float) -> str:
    """Set the root's size and serialise it (deterministic; ends with a newline)."""
    svg.set("width", num(width))
    svg.set("height", num(height))
    svg.set("viewBox", f"0 0 {num(width)} {num(height)}")
    return ET.tostring(svg, encoding="unicode") + "\n"
