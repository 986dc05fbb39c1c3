"""Generate the whole handbook: Markdown pages, the diagrams inserted into them, and assets.

The result is plain data (text keyed by path), independent of any static-site generator;
the MkDocs plugin only hands it over.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..analysis.metrics import process_metrics
from .assets import CSS_PATH, SHIM_PATH, shim_script, site_stylesheet
from .comparison_page import comparison_content
from .diagrams import process_diagrams
from .handbook import Handbook
from .home_page import HOME, home_page
from .i18n import strings
from .lastchange import last_changes
from .legend import legend_figure
from .options import PageOptions
from .process_page import process_page
from .role_page import role_page


@dataclass
class SiteContent:
    """Pages (path → Markdown), their diagrams (path → name → HTML), assets, warnings."""

    pages: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)
    assets: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)


def _language(process, options: PageOptions) -> str:
    return process.language or options.language


def generate_site(handbook: Handbook, options: PageOptions) -> SiteContent:
    """Every page, figure and asset of the handbook (deterministic, sorted by path)."""
    site = SiteContent(assets={CSS_PATH: site_stylesheet(), SHIM_PATH: shim_script()})
    text = strings(options.language)
    metrics = {entry.process.id: process_metrics(entry.process) for entry in handbook.entries}
    site.pages[HOME] = home_page(handbook, text, options.language, metrics,
                                 last_changes(handbook.root))
    site.figures[HOME] = {"legend": legend_figure(options.language, options)}
    for entry in handbook.entries:
        page_text = strings(_language(entry.process, options))
        site.pages[entry.page] = process_page(entry, handbook, metrics[entry.process.id], page_text, options)
        diagrams = process_diagrams(entry, handbook, metrics[entry.process.id], page_text, options)
        site.figures[entry.page] = diagrams.figures
        site.assets.update(diagrams.assets)
        site.warnings += diagrams.warnings
    for pair in handbook.pairs:
        page_text = strings(_language(pair.new.process, options))
        site.pages[pair.page], diagrams = comparison_content(pair, handbook, page_text, options)
        site.figures[pair.page] = diagrams.figures
        site.warnings += diagrams.warnings
    for name in handbook.roles:
        site.pages[handbook.role_page(name)] = role_page(name, handbook, metrics, text, options)
    site.pages = dict(sorted(site.pages.items()))
    site.assets = dict(sorted(site.assets.items()))
    return site
