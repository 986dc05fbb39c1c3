"""The files the handbook links: the stylesheet (diagram palette, page layout, print
rules, chart viewer), the chart viewer's script and Material's offline search shim."""

from __future__ import annotations

from pathlib import Path

from ..render.palette import stylesheet

CSS_PATH = "assets/sopdocs/sopdocs.css"
SHIM_PATH = "assets/sopdocs/iframe-worker-shim.js"
SHIM_CDN = "https://unpkg.com/iframe-worker/shim"
VIEWER_PATH = "assets/sopdocs/sopdocs-viewer.js"
_VENDOR = Path(__file__).resolve().parent / "vendor"
_STATIC = Path(__file__).resolve().parent / "static"

_PAGE_CSS = """
/* sopdocs: figures scroll sideways inside the text column at natural size (as they stay
   without script; the chart viewer's rules, sopdocs-viewer.css, follow below) */
.sopdocs-figure { margin: 1em 0 1.5em; }
.sopdocs-scroll {
  overflow-x: auto; overflow-y: hidden;
  border: 1px solid var(--md-default-fg-color--lightest);
  border-radius: 0.2rem;
  background: var(--md-default-bg-color);
}
.sopdocs-scroll:focus-visible { outline: 2px solid var(--md-accent-fg-color); }
.sopdocs-scroll > svg { display: block; max-width: none; height: auto; margin: 0; }
.sopdocs-figure figcaption {
  max-width: none; margin: 0.4em 0 0; text-align: left; font-style: normal;
  font-size: 0.7rem; color: var(--md-default-fg-color--light);
}
.sopdocs-full-size { margin-left: 0.5em; white-space: nowrap; }
.md-typeset table.sopdocs-key-figures td { font-size: 0.9rem; }

@media print {
  .sopdocs-scroll { overflow: visible; border: none; }
  /* fit the page width; a tall chart continues on the next page rather than shrinking */
  .sopdocs-scroll > svg { max-width: 100%; width: auto; height: auto; }
  .sopdocs-full-size, .headerlink { display: none; }
  .md-typeset h2, .md-typeset h3 { break-after: avoid; page-break-after: avoid; }
  .md-typeset a { color: inherit; }
}
"""


def site_stylesheet() -> str:
    """The CSS of the handbook's sopdocs pages (deterministic text)."""
    return stylesheet() + _PAGE_CSS + (_STATIC / "sopdocs-viewer.css").read_text(encoding="utf-8")


def viewer_script() -> str:
    """The chart viewer (fit, zoom, pan, full screen, "show in chart"; see viewer.py)."""
    return (_STATIC / "sopdocs-viewer.js").read_text(encoding="utf-8")


def shim_script() -> str:
    """Material's iframe-worker shim (vendored), which offline search needs under file://."""
    return (_VENDOR / "iframe-worker-shim.js").read_text(encoding="utf-8")
