"""Links between generated pages (relative, as MkDocs resolves them from the page's source)."""

from __future__ import annotations

import posixpath


def relative(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative link from one page's source path to another page (and anchor)."""
    base = posixpath.dirname(from_page) or "."
    link = posixpath.relpath(to_page, base)
    return link + (f"#{anchor}" if anchor else "")
