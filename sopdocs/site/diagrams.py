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

from ..model import Process, Step
from ..i18n import Texts
from ..render.matrix import matrix_svg
from .figures import ProcessFigures, Words, href_table
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


def process_jobs(entry: Entry, handbook: Handbook, options: PageOptions, words: Words) -> ProcessFigures:
    """The diagram job of a process page: the process, the links from the page and
    from the full-size asset, and the words (the page's language)."""
    here = page_url(entry.page, options.directory_urls)
    asset = asset_path(entry.process)
    return ProcessFigures(
        entry.process,
        href_table(entry.process, step_linker(here, entry.page, handbook, options)),
        href_table(entry.process, step_linker(asset, entry.page, handbook, options)),
        words=words, engine=options.engine, limits=options.limits,
        runs=options.forecast_runs, seed=options.forecast_seed)


def asset_path(process: Process) -> str:
    """Where the full-size flowchart of a process goes in the site."""
    return f"{ASSET_FOLDER}/{process.id}-flowchart.svg"


def process_diagrams(entry: Entry, drawn: dict, text: Texts, options: PageOptions) -> PageDiagrams:
    """Flowchart, timeline and work-per-lane chart of a process page, from the result
    of its `process_jobs` job."""
    asset = asset_path(entry.process)
    full_size = url_from(page_url(entry.page, options.directory_urls), asset)
    figures = {
        "flowchart": figure(drawn["flowchart"], text["flowchart_caption"], "flowchart",
                            full_size, text["open_full_size"]),
        "timeline": figure(drawn["timeline"], text["timeline_caption"], "timeline"),
        "lanes": figure(drawn["lanes"], text["lanes_caption"], "lanechart"),
    }
    if drawn.get("forecast"):  # issue 15: the job's HTML (see forecast_section)
        figures["forecast"] = drawn["forecast"]
    if any(step.problems for step in entry.process.steps):  # issue 12: cheap, so drawn here
        figures["matrix"] = figure(matrix_svg(entry.process, id_prefix="mx-", texts=text),
                                   text["improve_matrix_caption"], "matrix")
    return PageDiagrams(figures=figures, assets={asset: drawn["asset"]}, warnings=list(drawn["warnings"]))
