"""The chart viewer of the handbook pages (fit, zoom, pan, full screen, "show in chart").

The behaviour is a plain JavaScript asset (static/sopdocs-viewer.js, with its CSS in
static/sopdocs-viewer.css); this module marks the figures it enhances and hands each
one its UI strings in the page's language, as JSON in a `data-sopdocs-viewer`
attribute. Figures without the attribute (the home page's legend) stay as they are.
"""

from __future__ import annotations

import html
import json

VIEWER_ATTRIBUTE = "data-sopdocs-viewer"
_FIGURE_START = '<figure class="sopdocs-figure '
# script name → i18n key
_TEXT_KEYS = {
    "controls": "viewer_controls",
    "zoomIn": "viewer_zoom_in",
    "zoomOut": "viewer_zoom_out",
    "fit": "viewer_fit",
    "actualSize": "viewer_actual_size",
    "fullScreen": "viewer_full_screen",
    "exitFullScreen": "viewer_exit_full_screen",
    "tooWide": "viewer_too_wide",
    "keys": "viewer_keys",
}


def viewer_text(text: dict, language: str) -> dict[str, str]:
    """The strings the viewer script shows, from the page's UI strings `text`."""
    strings = {name: text[key] for name, key in _TEXT_KEYS.items()}
    strings["lang"] = language
    return strings


def viewer_attribute(text: dict, language: str) -> str:
    """` data-sopdocs-viewer="…"`: the viewer's strings as JSON (sorted keys, escaped)."""
    value = json.dumps(viewer_text(text, language), ensure_ascii=False, sort_keys=True)
    return f' {VIEWER_ATTRIBUTE}="{html.escape(value, quote=True)}"'


def with_viewer(figures: dict, text: dict, language: str) -> dict:
    """The figures of a page (name → HTML from `diagrams.figure`), each marked for the
    viewer with its strings; anything that is not such a figure is left alone."""
    attribute = viewer_attribute(text, language)
    marked = {}
    for name, markup in figures.items():
        if markup.startswith(_FIGURE_START):
            markup = "<figure" + attribute + markup[len("<figure"):]
        marked[name] = markup
    return marked
