"""Diagrams of the handbook pages: laid out once, inserted into the HTML after Markdown
conversion (never pasted into the Markdown source), plus full-size SVG files.

A page's Markdown holds an empty `<div data-sopdocs-diagram="NAME"></div>`; after
conversion and sanitising, `insert_diagrams` replaces it with the figure. Inlined SVGs
get an id prefix so their ids cannot clash with the page's `#step-<id>` sections or
with a second diagram on the same page.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..analysis.metrics import Metrics
from ..model import Process, Step
from ..render.flowchart import finish_flowchart, flowchart_layout
from ..render.lanechart import lane_chart_svg
from ..render.timeline import timeline_svg
from .handbook import Entry, Handbook
from .links import page_url, url_from
from .options import PageOptions

ASSET_FOLDER = "assets/sopdocs/diagrams"
_PLACEHOLDER = re.compile(r'<div data-sopdocs-diagram="([a-z0-9-]+)"></div>')


@dataclass
class PageDiagrams:
    """The figures of one page (name → HTML) and full-size SVG files (path → text)."""

    figures: dict = field(default_factory=dict)
    assets: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)


def placeholder(name: str) -> str:
    """The Markdown line that marks where diagram `name` goes."""
    return f'<div data-sopdocs-diagram="{name}"></div>'


def figure(svg: str, caption: str, kind: str, full_size: str = "", open_text: str = "") -> str:
    """A scrollable figure around an SVG, with a caption and an optional full-size link."""
    link = (f' <a class="sopdocs-full-size" href="{html.escape(full_size)}">{html.escape(open_text)}</a>'
            if full_size else "")
    svg_body = svg.split("?>", 1)[1].lstrip() if svg.startswith("<?xml") else svg
    return (f'<figure class="sopdocs-figure sopdocs-{kind}">'
            f'<div class="sopdocs-scroll" tabindex="0">{svg_body}</div>'
            f'<figcaption>{html.escape(caption)}{link}</figcaption></figure>')


def insert_diagrams(page_html: str, figures: dict) -> str:
    """Replace each placeholder div by its figure (unknown names are removed)."""
    return _PLACEHOLDER.sub(lambda match: figures.get(match.group(1), ""), page_html)


def step_linker(from_url: str, own_page: str, handbook: Handbook, options: PageOptions):
    """A step → href function for a diagram shown at `from_url` (a site-relative URL).

    A step links to its SOP section on `own_page` (its process page); a subprocess step
    links to the page of the process it runs.
    """
    own_url = page_url(own_page, options.directory_urls)

    def href(step: Step) -> str:
        target = handbook.entry(step.process) if step.type == "subprocess" and step.process else None
        if target is not None:
            return url_from(from_url, page_url(target.page, options.directory_urls))
        if from_url == own_url:
            return f"#step-{step.id}"
        return url_from(from_url, own_url, f"step-{step.id}")

    return href


def _critical(metrics: Metrics) -> set[str]:
    return set(metrics.critical_path)


def process_diagrams(entry: Entry, handbook: Handbook, metrics: Metrics, text: dict,
                     options: PageOptions) -> PageDiagrams:
    """Flowchart, timeline and work-per-lane chart of a process page."""
    process: Process = entry.process
    result = PageDiagrams()
    asset = f"{ASSET_FOLDER}/{process.id}-flowchart.svg"
    critical = _critical(metrics)
    here = page_url(entry.page, options.directory_urls)
    on_page = step_linker(here, entry.page, handbook, options)
    # one layout serves both copies: only the links (from the page or from the asset) differ
    layout = flowchart_layout(process, engine=options.engine, critical=critical,
                              step_href=on_page, limits=options.limits)
    inline = finish_flowchart(layout, process, on_page, id_prefix="fc-", embed_style=False)
    standalone = finish_flowchart(layout, process, step_linker(asset, entry.page, handbook, options))
    result.warnings.extend(f"{process.path}: {warning}" for warning in inline.warnings)
    result.assets[asset] = standalone.svg
    full_size = url_from(here, asset)
    result.figures["flowchart"] = figure(inline.svg, text["flowchart_caption"], "flowchart",
                                         full_size, text["open_full_size"])
    result.figures["timeline"] = figure(
        timeline_svg(process, metrics.schedule, id_prefix="tl-"), text["timeline_caption"], "timeline")
    result.figures["lanes"] = figure(
        lane_chart_svg(process, metrics, id_prefix="lc-"), text["lanes_caption"], "lanechart")
    return result
