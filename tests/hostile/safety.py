"""Find anything executable in sopdocs output, by parsing it (never by grepping text that
may hold escaped, harmless `&lt;script&gt;`).

- HTML (pages, inline SVG, search-index fragments): `html.parser`. It is stricter than a
  browser in one way (it does not treat `<title>` as raw text, so `<title><script>` counts
  as a script), which is the safe direction for a test.
- SVG files: `xml.etree`, as an image viewer or `<img>`/`<object>` would read them.
- DOT: the values of its URL-like attributes. Mermaid: labels must carry no raw `<` (they
  use `#lt;`), no `javascript:` and no `click` statement (Mermaid's link/callback syntax).

Each check returns a list of findings (strings); an empty list means the output is safe.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterable, Optional

DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
URL_ATTRIBUTES = {"href", "src", "xlink:href", "action", "formaction", "data", "poster",
                  "background", "codebase", "cite", "ping", "lowsrc", "dynsrc", "srcset"}
# SVG animation elements can set an href to javascript: (`<set attributeName="href" to=...>`)
ANIMATION_VALUE_ATTRIBUTES = {"to", "from", "values", "by"}
FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base",
                  "foreignobject", "handler", "listener"}
_CSS_DANGER = re.compile(r"javascript:|vbscript:|expression\s*\(|-moz-binding|behavior\s*:", re.I)
_URL_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_RELATIVE_PREFIX = re.compile(r"^(?:\.\./|\./|/)*")
_SHIPPED_SRC = re.compile(r"assets/javascripts/(?:[\w-][\w.-]*/)*[\w-][\w.-]*\.js"
                          r"|assets/sopdocs/(?:iframe-worker-shim|sopdocs-viewer)\.js")
_BASE_LITERAL = re.compile(r'"(?:\.\.?/?)+"|"/"')
_BASE_PREFIX = re.compile(r'"(?:\.\./)+|"/(?=assets/)')


def dangerous_url(value: Optional[str]) -> bool:
    """True for a javascript:, vbscript: or data:text/html URL, read as a browser reads it
    (WHATWG URL: leading and trailing controls and spaces trimmed, tabs and newlines
    removed anywhere, scheme case-insensitive); entities are already decoded by the
    parsers."""
    if not value:
        return False
    squeezed = _URL_TAB_NEWLINE.sub("", value.strip("".join(map(chr, range(0x21))))).lower()
    return squeezed.startswith(DANGEROUS_SCHEMES)


def normalized_script(text: str) -> str:
    """An inline script with the page's relative base (".", "../..", "/") made uniform,
    so Material's scripts on pages at different depths compare equal."""
    return _BASE_PREFIX.sub('"', _BASE_LITERAL.sub('"<base>"', text.strip()))


def is_shipped_src(src: str) -> bool:
    """True for a script file of MkDocs/Material (assets/javascripts/), sopdocs' own
    vendored iframe-worker shim or its chart viewer."""
    inside = _RELATIVE_PREFIX.sub("", src.strip(), count=1)
    return bool(_SHIPPED_SRC.fullmatch(inside)) and ".." not in inside.split("/")


@dataclass
class Script:
    """A <script> element: its attributes and inline text."""

    attrs: dict
    text: str = ""


@dataclass
class _Scan:
    findings: list = field(default_factory=list)
    scripts: list = field(default_factory=list)
    ids: list = field(default_factory=list)


def _attribute_findings(tag: str, name: str, value: Optional[str]) -> list[str]:
    local = name.lower().rsplit("}", 1)[-1]
    if name.lower().endswith("}href") or name.lower() == "xlink:href":
        local = "xlink:href" if "xlink" in name.lower() else "href"
    found = []
    if local.startswith("on"):
        found.append(f"<{tag}> has an event handler attribute {name}={value!r}")
    if (local in URL_ATTRIBUTES or local.endswith(":href")) and dangerous_url(value):
        found.append(f"<{tag}> has a dangerous URL {name}={value!r}")
    if tag in {"set", "animate"} and local in ANIMATION_VALUE_ATTRIBUTES and dangerous_url(value):
        found.append(f"<{tag}> animates to a dangerous URL {name}={value!r}")
    if local == "style" and value and _CSS_DANGER.search(value):
        found.append(f"<{tag}> has a dangerous style {value!r}")
    if local == "srcdoc":
        found.append(f"<{tag}> has srcdoc (an inline document)")
    return found


def _tag_findings(tag: str, attrs: dict) -> list[str]:
    found = []
    if tag in FORBIDDEN_TAGS:
        found.append(f"<{tag}> element (can load or run active content)")
    if tag == "meta" and str(attrs.get("http-equiv", "")).lower() == "refresh":
        found.append("<meta http-equiv=refresh> (can redirect to a script URL)")
    return found


class _HtmlScanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.scan = _Scan()
        self._script: Optional[Script] = None
        self._style: Optional[list] = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value for name, value in attrs}
        if attributes.get("id") is not None:
            self.scan.ids.append(attributes["id"])
        self.scan.findings += _tag_findings(tag, attributes)
        for name, value in attrs:
            self.scan.findings += _attribute_findings(tag, name, value)
        if tag == "script":
            self._script = Script(attributes)
            self.scan.scripts.append(self._script)
        elif tag == "style":
            self._style = []

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_data(self, data):
        if self._script is not None:
            self._script.text += data
        elif self._style is not None:
            self._style.append(data)

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None
        elif tag == "style" and self._style is not None:
            if _CSS_DANGER.search("".join(self._style)):
                self.scan.findings.append("<style> with a script URL or expression()")
            self._style = None


def scan_html(text: str) -> _Scan:
    """Parse HTML and return its findings (handlers, URLs, forbidden tags) and scripts."""
    scanner = _HtmlScanner()
    scanner.feed(text)
    scanner.close()
    raw_scripts = len(re.findall(r"<script\b", text, re.I))
    if raw_scripts != len(scanner.scan.scripts):  # a <script the parser did not see as one
        scanner.scan.findings.append(f"{raw_scripts} raw '<script' but {len(scanner.scan.scripts)}"
                                     " parsed script elements")
    return scanner.scan


def html_fragment_findings(text: str) -> list[str]:
    """Findings in HTML that must hold no script at all (generated content, search index)."""
    scan = scan_html(text)
    return scan.findings + [f"<script> {script.attrs} {script.text[:80]!r}" for script in scan.scripts]


def page_findings(text: str, shipped_inline: set) -> list[str]:
    """Findings in a whole page: every script must be MkDocs/Material's (a file under
    assets/javascripts/), sopdocs' own (the vendored shim, the chart viewer), or an inline
    script that an empty build of the same mkdocs.yml also has (see
    `shipped_inline_scripts`), and no id may repeat."""
    scan = scan_html(text)
    findings = list(scan.findings)
    # an element of the content with the id of a theme element shadows it for
    # querySelector/getElementById (DOM clobbering: e.g. a fake #__config)
    findings += [f"id {name!r} appears {scan.ids.count(name)} times (DOM clobbering)"
                 for name in sorted(set(scan.ids)) if scan.ids.count(name) > 1]
    for script in scan.scripts:
        src = script.attrs.get("src")
        if src is not None:
            if not is_shipped_src(src) or script.text.strip():
                findings.append(f"<script src={src!r}> is not shipped by MkDocs/Material")
        elif normalized_script(script.text) not in shipped_inline:
            findings.append(f"inline <script> not shipped by MkDocs/Material: {script.text[:120]!r}")
    return findings


def shipped_inline_scripts(pages: Iterable[Path]) -> set:
    """The normalized inline scripts of a reference build (an empty handbook)."""
    found = set()
    for page in pages:
        for script in scan_html(page.read_text(encoding="utf-8")).scripts:
            if "src" not in script.attrs:
                found.add(normalized_script(script.text))
    return found


def svg_findings(text: str) -> list[str]:
    """Parse an SVG document as XML; findings for script, handlers and dangerous URLs."""
    try:
        root = ET.fromstring(text)
    except ET.ParseError as error:
        return [f"the SVG is not well-formed XML: {error}"]
    findings = []
    for element in root.iter():
        tag = str(element.tag).rsplit("}", 1)[-1].lower()
        if tag == "script":
            findings.append("<script> element in the SVG")
        if tag in {"set", "animate"} and str(element.get("attributeName", "")).lower().endswith("href"):
            findings.append(f"<{tag}> animating an href")
        findings += _tag_findings(tag, dict(element.attrib))
        for name, value in element.attrib.items():
            findings += _attribute_findings(tag, name, value)
        if tag == "style" and _CSS_DANGER.search("".join(element.itertext())):
            findings.append("<style> with a script URL or expression()")
    return findings


_DOT_URL_ATTRIBUTE = re.compile(r'\b(URL|href|tailURL|headURL|labelURL|edgeURL)=("(?:[^"\\]|\\.)*"|[^\s\]]+)',
                                re.I)


def dot_findings(text: str) -> list[str]:
    """Dangerous URLs in the link attributes of DOT source (Graphviz copies them into
    the SVG's xlink:href)."""
    return [f"DOT {name}={value}" for name, value in _DOT_URL_ATTRIBUTE.findall(text)
            if dangerous_url(value.strip('"'))]


def mermaid_findings(text: str) -> list[str]:
    """Mermaid text must not carry raw HTML, javascript: URLs or click/call statements."""
    findings = []
    for number, line in enumerate(text.splitlines(), start=1):
        without_breaks = line.replace("<br/>", "")
        if "<" in without_breaks.replace("-->", "").replace("-.->", ""):
            findings.append(f"line {number}: raw '<' in {line[:100]!r}")
        if re.search(r"(javascript|vbscript)\s*:", line, re.I):
            findings.append(f"line {number}: javascript: URL in {line[:100]!r}")
        if re.match(r"\s*(click|call)\b", line):
            findings.append(f"line {number}: click/call statement {line[:100]!r}")
    return findings


def search_index_findings(path: Path) -> list[str]:
    """Material renders search results as HTML: every title and text must hold no script."""
    index = json.loads(path.read_text(encoding="utf-8"))
    findings = []
    for doc in index.get("docs", []):
        for key in ("title", "text"):
            findings += [f"search index {doc.get('location')!r} {key}: {finding}"
                         for finding in html_fragment_findings(doc.get(key, ""))]
    return findings


def markdown_findings(markdown_text: str) -> list[str]:
    """Render Markdown (as a PR comment would be) and look for anything executable; raw
    HTML the Markdown passes through counts."""
    import markdown

    rendered = markdown.markdown(markdown_text, extensions=["tables", "fenced_code"])
    return html_fragment_findings(rendered)
