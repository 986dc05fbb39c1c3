"""Escaping text from process files for the Markdown pages, and sanitising the result.

Two layers: text fields are escaped where they land (inline Markdown, HTML attributes),
and Markdown fields (`summary`, `instructions`) have raw HTML turned into visible text
unless the handbook allows HTML. After Markdown conversion, `sanitize_html` removes
anything executable (script, event handlers, javascript: URLs) whatever got through.
"""

from __future__ import annotations

import html
import re
from functools import partial

import nh3
from markupsafe import Markup

from ..i18n import fill
from ..markdown import escape_inline

_FENCE = re.compile(r"^(\s*)(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(.+?)\1", re.S)


def inline(text: object) -> str:
    """Plain text as inline Markdown: HTML and Markdown syntax shown literally, one line
    (see sopdocs.markdown, the one escaper)."""
    return escape_inline(text)


def message(template: str, **values: str) -> str:
    """A catalog message as inline Markdown: the template's own words escaped like
    `inline`, the `{name}` fields filled with `values` that are Markdown already."""
    return fill(template, inline, **values)


def cell(text: object) -> str:
    """Plain text for a Markdown table cell (inline, with `|` escaped)."""
    return inline(text)


def attr(text: object) -> str:
    """Text for an HTML attribute value (quotes escaped)."""
    return html.escape(str(text), quote=True)


def _escape_line(line: str) -> str:
    parts, last = [], 0
    for match in _CODE_SPAN.finditer(line):
        parts.append(line[last:match.start()].replace("<", "&lt;"))
        parts.append(match.group(0))
        last = match.end()
    parts.append(line[last:].replace("<", "&lt;"))
    return "".join(parts)


def block(markdown: str, allow_html: bool = False) -> str:
    """A Markdown field from YAML, ready to include in a page.

    Raw HTML becomes visible text (outside code, where Markdown already escapes it)
    unless `allow_html`; sanitize_html still removes anything executable afterwards.
    """
    text = markdown.replace("\r\n", "\n").strip("\n")
    if allow_html:
        return text
    lines, fence = [], None
    for line in text.split("\n"):
        match = _FENCE.match(line)
        if fence is None and match:
            fence = match.group(2)[0] * 3
        elif fence is not None and line.strip().startswith(fence):
            fence = None
        elif fence is None and not line.startswith(("    ", "\t")):
            line = _escape_line(line)
        lines.append(line)
    return "\n".join(lines)


_ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "title", "lang", "dir", "style"},
    "a": {"href", "name", "target", "rel"},
    "img": {"src", "alt", "width", "height", "loading"},
    "input": {"type", "checked", "disabled"},
    "label": {"for"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
    "ol": {"start"},
    "details": {"open"},
    "div": {"data-sopdocs-diagram"},
}
_ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "ins", "kbd", "label",
    "li", "mark", "ol", "p", "pre", "s", "small", "span", "strong", "sub", "summary", "sup",
    "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "figure", "figcaption",
    "nav", "section",
}


def _outside_theme_namespace(element: str, attribute: str, value: str):
    """Drop ids (and label targets) in Material's namespace (`__config`, `__search`...).

    A heading or a `{: #__config }` attribute list in a process's Markdown would come
    before the theme's own element, and the theme's `querySelector("#__config")` would
    read the author's text as its configuration (e.g. the search worker's script URL).
    """
    if attribute in ("id", "for", "name") and value.startswith("__"):
        return None
    return value


def sanitize_html(fragment: str) -> str:
    """Remove scripts, event handlers, javascript: URLs, unknown tags and ids that
    could shadow the theme's own elements from page HTML."""
    return nh3.clean(
        fragment,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        attribute_filter=_outside_theme_namespace,
        url_schemes={"http", "https", "mailto"},
        link_rel=None,
        strip_comments=True,
        filter_style_properties={"width", "height", "max-width", "--lane-colour"},
    )


def kept_sanitized(fragment: str, cache) -> str:
    """`sanitize_html(fragment)`, kept in the build cache under the fragment and nh3's
    version (a warm build converts the same page HTML again; cleaning it costs more
    than reading it back)."""
    return cache.memo("sanitized html", (nh3.__version__, fragment), partial(sanitize_html, fragment), stored=True)


def escape_head_title(page_html: str, title: object) -> str:
    """Escape the text of the page's `<title>` element again.

    Material writes `{{ page.title | striptags }}` without autoescaping, and `striptags`
    decodes entities, so a process titled `</title><script>…` (shown escaped in the
    page) would close the element and run as script. The text written there is found
    by applying the same filter, and replaced (once, in the head) by its escaped form.
    """
    if not title:
        return page_html
    shown = Markup(str(title)).striptags()
    return page_html.replace(f"<title>{shown}", f"<title>{html.escape(shown, quote=False)}", 1)
