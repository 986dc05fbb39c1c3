"""Reading a built handbook page the way a reader meets it: its visible text and the
texts it shows on hover or reads aloud (title, aria-label, alt), and the words a
process file brings itself."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from sopdocs.yamlnodes import YNode

WORD = re.compile(r"[A-Za-z]{2,}")
# keys whose values are canonical words or ids, which sopdocs must translate or hide
_CANONICAL_KEYS = {"id", "type", "status", "impact", "frequency", "language", "lane", "to",
                   "next", "process", "baseline", "start_date"}
_SHOWN_ATTRIBUTES = ("title", "aria-label", "alt", "xlink:title", "placeholder")


class _Reader(HTMLParser):
    def __init__(self, inside: str | None):
        super().__init__(convert_charrefs=True)
        self.inside, self.depth, self.hidden, self.parts = inside, 0 if inside else 1, 0, []

    def handle_starttag(self, tag, attrs):
        if tag == self.inside:
            self.depth += 1
        if not self.depth:
            return
        if tag in ("style", "script"):
            self.hidden += 1
        self.parts += [value for name, value in attrs if name in _SHOWN_ATTRIBUTES and value]

    def handle_endtag(self, tag):
        if self.depth and tag in ("style", "script"):
            self.hidden -= 1
        if tag == self.inside:
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.hidden and data.strip():
            self.parts.append(data)


def shown_text(page_html: str, inside: str | None = "article") -> str:
    """Text and hover/aria texts of `page_html` inside the first `inside` element (the
    page's content; None: the whole document), one piece per line."""
    reader = _Reader(inside)
    reader.feed(page_html)
    return "\n".join(reader.parts)


def file_strings(tree: YNode) -> list[str]:
    """Every text value of a process file but canonical words and ids."""
    found: list[str] = []

    def walk(node: YNode, key: str | None) -> None:
        if node.kind == "scalar":
            if isinstance(node.value, str) and key not in _CANONICAL_KEYS:
                found.append(node.value)
        elif node.kind == "map":
            for key_node, value in node.items:
                walk(value, key_node.raw)
        else:
            for item in node.items:
                walk(item, key)

    walk(tree, None)
    return found


def foreign_words(text: str, allowed_words: set[str]) -> list[str]:
    """Latin-letter words of `text` that are not in `allowed_words`, sorted."""
    return sorted({word for word in WORD.findall(text) if word not in allowed_words})
