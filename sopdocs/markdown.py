"""The one escaper of plain text (from process files or catalogs) into inline Markdown,
used by every page writer and report.

The text is put on one line, HTML-significant characters become entities (so raw HTML
shows as text), and every character Markdown could read as inline syntax is
backslash-escaped (emphasis, code, links and images, table cells, attribute lists,
headings, strike-through, `$` maths); the characters that only mean something at the
start of a line (`1.` `-` `+` `=`) are escaped there. What the reader sees is exactly the
text, and a report's Markdown source stays readable (`45.0 d`, not `45\\.0 d`). Reports posted as pull-request comments also break `@` mentions, so a
name in a process file cannot notify a GitHub user.
"""

from __future__ import annotations

import html
import re

_SPECIALS = re.compile(r"([\\`*_{}\[\]#!|~$])")
# an ordered or bullet list item, or a line of = or - (a heading underline, a rule)
_BLOCK_START = re.compile(r"^(\d+)([.)])(?=\s|$)|^([-+=])(?=\s|$|[-=]*$)")
ZERO_WIDTH_SPACE = "\u200b"


def escape_inline(text: object, break_mentions: bool = False) -> str:
    """Plain `text` as inline Markdown that renders as the same visible text, on one
    line; with `break_mentions`, `@` is followed by a zero-width space."""
    flat = " ".join(str(text).split())
    escaped = _SPECIALS.sub(r"\\\1", html.escape(flat, quote=False))
    escaped = _BLOCK_START.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}",
                               escaped)
    return escaped.replace("@", "@" + ZERO_WIDTH_SPACE) if break_mentions else escaped
