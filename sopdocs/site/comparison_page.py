"""The comparison page of a baseline pair: verdict, before/after tables, changes, diagrams."""

from __future__ import annotations

from types import SimpleNamespace

from ..i18n import Texts
from .diagrams import PageDiagrams, figure, placeholder, step_linker
from .figures import ComparisonFigures, Words, href_table
from .forecast_section import PLACEHOLDER as FORECAST, comparison_figure
from .handbook import Handbook, Pair
from .improve_page import comparison_actions
from .links import page_url, relative
from .markup import inline
from .options import PageOptions


def comparison_page(pair: Pair, data: SimpleNamespace, text: Texts) -> str:
    """The Markdown of a comparison page (diagrams as placeholders); `data` is the
    result of its job as a namespace (figures.COMPARISON_FIELDS and the forecast's)."""
    old, new, page = pair.old, pair.new, pair.page
    lines = [
        f"# {inline(new.process.title)} ⇄ {inline(old.process.title)}", "",
        f"[{inline(text['current_version'])}: {inline(old.process.title)}]({relative(page, old.page)}) · "
        f"[{inline(text['optimized_version'])}: {inline(new.process.title)}]({relative(page, new.page)})", "",
        f'!!! abstract "{inline(text["verdict"])}"', "", f"    {inline(data.verdict)}", "",
        f"## {inline(text['metrics'])}", "", data.metrics_markdown.strip(), "",
    ]
    if data.kpis_markdown:
        lines += [f"## {inline(text['kpis'])}", "", data.kpis_markdown.strip(), ""]
    if data.forecast_markdown:  # issue 15
        lines += [f"## {inline(text['forecast.page_title'])}", "", data.forecast_markdown.strip(), "",
                  placeholder(FORECAST), ""]
    lines += [f"## {inline(text['changes'])}", ""]
    if data.lanes_markdown.strip():
        lines += [data.lanes_markdown.strip(), ""]
    lines += [data.steps_markdown.strip(), ""]
    lines += [f"## {inline(text['flowchart'])}: {inline(text['current_version'])}", "",
              placeholder("old-flowchart"), "",
              f"## {inline(text['flowchart'])}: {inline(text['optimized_version'])}", "",
              placeholder("new-flowchart"), "",
              f"## {inline(text['timelines_same_scale'])}", "",
              placeholder("old-timeline"), "", placeholder("new-timeline"), ""]
    return "\n".join(lines).rstrip() + "\n"


def comparison_jobs(pair: Pair, handbook: Handbook, options: PageOptions, words: Words) -> ComparisonFigures:
    """The diagram job of a comparison page: both processes, their step links and the
    words (the page's language)."""
    here = page_url(pair.page, options.directory_urls)
    return ComparisonFigures(
        pair.old.process, pair.new.process,
        href_table(pair.old.process, step_linker(here, pair.old.page, handbook, options)),
        href_table(pair.new.process, step_linker(here, pair.new.page, handbook, options)),
        words=words, engine=options.engine, limits=options.limits,
        runs=options.forecast_runs, seed=options.forecast_seed)


def comparison_content(pair: Pair, drawn: dict, text: Texts) -> tuple[str, PageDiagrams]:
    """The page's Markdown and its four diagrams (old/new flowchart and timeline), from
    the result of its `comparison_jobs` job."""
    data = SimpleNamespace(**drawn)
    diagrams = PageDiagrams(warnings=list(data.warnings))
    old_title, new_title = pair.old.process.title, pair.new.process.title
    diagrams.figures = {
        "old-flowchart": figure(data.old_flowchart_svg, f"{text['current_version']}: {old_title}", "flowchart"),
        "new-flowchart": figure(data.new_flowchart_svg, f"{text['optimized_version']}: {new_title}", "flowchart"),
        "old-timeline": figure(data.old_timeline_svg, f"{text['current_version']}: {old_title}", "timeline"),
        "new-timeline": figure(data.new_timeline_svg, f"{text['optimized_version']}: {new_title}", "timeline"),
        FORECAST: comparison_figure(data.forecast_svg, data.forecast_runs, data.forecast_seed, text),
    }
    page = comparison_page(pair, data, text)
    actions = comparison_actions(pair, text)  # issue 12
    if actions:
        page = page.rstrip("\n") + "\n\n" + "\n".join(actions).rstrip() + "\n"
    return page, diagrams
