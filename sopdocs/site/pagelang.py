"""The language of a built page beyond its Markdown: the `<html lang>` attribute and
the titles Python-Markdown's `toc` extension puts on heading anchors.

A handbook has one theme language (Material's navigation and search follow it), but a
process page is in its process's language: a Traditional Chinese page in an English
handbook must say `lang="zh-Hant"` (screen readers, and the browser's choice of CJK
font, depend on it) and its heading anchors must not say "Permanent link".
"""

from __future__ import annotations

import html
import re

from pathlib import Path
from typing import Iterable

from ..i18n import DEFAULT_LANGUAGE, Texts, catalog_files, catalog_name

_HTML_LANG = re.compile(r'<html(\s[^>]*?)?\slang="[^"]*"')


def localise_headerlinks(page_html: str, texts: Texts, written_title: str) -> str:
    """Give every heading anchor titled `written_title` (the `toc` extension's
    `permalink_title`) the page language's word for it."""
    if 'class="headerlink"' not in page_html:
        return page_html
    escaped = html.escape(written_title, quote=True)
    pattern = re.compile(r'(<a class="headerlink" href="[^"]*" title=")' + re.escape(escaped) + '"')
    return pattern.sub(lambda match: match.group(1) + html.escape(texts["permalink"], quote=True) + '"',
                       page_html)


def set_html_lang(page_html: str, language: str) -> str:
    """The page's `<html lang="...">` set to `language` (a BCP 47 tag)."""
    return _HTML_LANG.sub(lambda match: f'<html{match.group(1) or ""} lang="{html.escape(language)}"',
                          page_html, count=1)


def theme_language(language: str, theme_dirs: Iterable[str]) -> str:
    """The theme's language closest to `language`, from the language files its template
    folders hold (Material: `partials/languages/zh-Hant.html`); `zh-Hans` → `zh`, `zh-HK`
    → `zh-Hant`, a language the theme lacks → English."""
    names = {path.stem for folder in theme_dirs
             for path in Path(folder, "partials", "languages").glob("*.html")}
    return catalog_name(language, names | {DEFAULT_LANGUAGE})


def has_catalog(language: str, folders: Iterable[Path]) -> bool:
    """True when a catalog (the handbook's or a built-in one) serves `language`."""
    served = catalog_name(language, catalog_files(tuple(folders)))
    return served != DEFAULT_LANGUAGE or language.lower().replace("_", "-").split("-")[0] == "en"
