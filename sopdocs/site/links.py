"""Links between generated pages.

Markdown links use source paths (`../other.md`), which MkDocs rewrites. Links inside
diagrams are inserted after Markdown conversion, so they need final URLs, which depend
on whether the site uses directory URLs (`processes/a/`) or file URLs
(`processes/a.html`, the offline build).
"""

from __future__ import annotations

import posixpath


def relative(from_page: str, to_page: str, anchor: str = "") -> str:
    """A relative Markdown link from one page's source path to another page (and anchor)."""
    base = posixpath.dirname(from_page) or "."
    link = posixpath.relpath(to_page, base)
    return link + (f"#{anchor}" if anchor else "")


def page_url(page: str, directory_urls: bool) -> str:
    """The URL (relative to the site root) MkDocs gives the page with source path `page`."""
    stem = page[: -len(".md")] if page.endswith(".md") else page
    if not directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def url_from(from_url: str, to_url: str, anchor: str = "") -> str:
    """A relative URL from the document at `from_url` to `to_url` (both site-relative)."""
    base = from_url if from_url.endswith("/") or from_url == "" else posixpath.dirname(from_url) + "/"
    target_is_dir = to_url.endswith("/") or to_url == ""
    link = posixpath.relpath(to_url or ".", base.rstrip("/") or ".")
    if target_is_dir:
        link = "./" if link == "." else link + "/"
    return link + (f"#{anchor}" if anchor else "")


def page_link(from_page: str, to_page: str, directory_urls: bool, anchor: str = "") -> str:
    """A relative URL between two generated pages, for links inside inserted HTML/SVG."""
    return url_from(page_url(from_page, directory_urls), page_url(to_page, directory_urls), anchor)
