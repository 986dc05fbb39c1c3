"""Serve: the process sections of a role page that did not change are not converted again.

A role page is a checklist of one lane's steps across every process it works in (at
200 processes, 190 KB of Markdown); renaming one step changes one of its sections, but
MkDocs converts the whole page again: about 0.3 s of a rebuild that should take under a
second. In a serve session each `## ` section's body is converted once and its HTML
remembered, keyed by the page and the body's text:

- a body not seen before is wrapped in two HTML comments, which Markdown passes through
  untouched, so its HTML can be cut out of the converted page (and the comments removed);
- a body seen before is replaced by one comment, and its remembered HTML put in its place
  in the converted page, before the page is sanitised and indexed for search.

The section headings stay in the Markdown, so the table of contents and the heading ids
are those of a full conversion. A body whose conversion could depend on the rest of the
page is always converted with it (headings, attribute lists or setext underlines in it),
and a page is converted whole when any of it could reach across sections (reference-link
definitions, footnotes, abbreviations, `[TOC]`) or its site's Markdown extensions pull
in other files (snippets, abbreviations). The served HTML equals a clean
build's (tested in tests/site/test_incremental.py).
"""

from __future__ import annotations

import hashlib
import re

_SECTION = re.compile(r"^## ", re.MULTILINE)
_PAGE_WIDE = re.compile(r"^ *\[[^\]]*\]:|\[\^|^ *\*\[|\[TOC\]", re.MULTILINE)
"""Definitions any section may use (reference links, footnotes, abbreviations) or a
table of contents: the page is converted whole."""
_DEPENDS_ON_THE_PAGE = re.compile(r"^ *#|\{|^ *(=+|-+) *$|<!--", re.MULTILINE)
"""Headings (ids unique across the page), attribute lists, setext underlines, comments."""
_GLOBAL_EXTENSIONS = ("abbr", "pymdownx.snippets", "footnotes", "extra")
_OPEN, _CLOSE, _CACHED = "<!--sopdocs-section {}-->", "<!--/sopdocs-section {}-->", "<!--sopdocs-cached {}-->"
# Markdown writes a comment block followed by a blank line; a clean page has one newline
# between blocks and none at its end
_MARKED = re.compile(r"<!--sopdocs-section (\w+)-->\n*(.*?)\n<!--/sopdocs-section \1-->\n*", re.DOTALL)
_PLACED = re.compile(r"<!--sopdocs-cached (\w+)-->\n*")


def usable(markdown_extensions: list) -> bool:
    """False when the site's Markdown extensions let one part of a page depend on
    files or definitions elsewhere (then every page is converted whole)."""
    names = [name if isinstance(name, str) else next(iter(name), "") for name in markdown_extensions]
    return not any(name.split(".")[-1] in _GLOBAL_EXTENSIONS or name in _GLOBAL_EXTENSIONS
                   for name in names)


class SectionMemo:
    """Converted HTML of role-page section bodies, per page, for one serve session."""

    def __init__(self):
        self.html: dict[str, dict[str, str]] = {}
        self.reused = 0  # sections put back from memory in the last conversion (tests)

    def markdown(self, page: str, markdown: str) -> str:
        """`markdown` with every section body marked (new) or replaced (remembered)."""
        self.reused = 0
        if _PAGE_WIDE.search(markdown):
            self.html.pop(page, None)
            return markdown
        known = self.html.get(page, {})
        pieces = _SECTION.split(markdown)
        out = [pieces[0]]
        for piece in pieces[1:]:
            heading, newline, body = piece.partition("\n")
            if not body.strip() or _DEPENDS_ON_THE_PAGE.search(body):
                out.append("## " + piece)
                continue
            key = hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]
            if key in known:
                self.reused += 1
                out.append(f"## {heading}\n\n{_CACHED.format(key)}\n\n")
            else:
                out.append(f"## {heading}\n\n{_OPEN.format(key)}\n\n{body}\n\n{_CLOSE.format(key)}\n\n")
        return "".join(out)

    def content(self, page: str, html: str) -> str:
        """The converted page with the markers gone and remembered bodies put back;
        remembers this conversion's bodies (and forgets the page's others)."""
        known = self.html.get(page, {})
        kept: dict[str, str] = {}

        def cut(match: re.Match) -> str:
            kept[match.group(1)] = match.group(2)
            return match.group(2) + ("\n" if match.end() < len(match.string) else "")

        def put(match: re.Match) -> str:
            kept[match.group(1)] = known[match.group(1)]
            return known[match.group(1)] + ("\n" if match.end() < len(match.string) else "")

        html = _PLACED.sub(put, _MARKED.sub(cut, html))
        self.html[page] = kept
        return html
