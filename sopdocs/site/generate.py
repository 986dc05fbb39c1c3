"""Generate the whole handbook: Markdown pages, the diagrams inserted into them, and assets.

The result is plain data (text keyed by path), independent of any static-site generator;
the MkDocs plugin only hands it over.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from typing import Optional

from ..analysis.metrics import process_metrics
from ..i18n import texts_for
from .assets import CSS_PATH, SHIM_PATH, VIEWER_PATH, shim_script, site_stylesheet, viewer_script
from .builddate import build_date
from .cache import BuildCache
from .comparison_page import comparison_content, comparison_jobs
from .control_page import CONTROL, control_page
from .control_section import catalog_note, has_control
from .diagrams import asset_path, figure, process_diagrams, process_jobs
from .figures import LegendFigure, Words, catalog_digest
from .handbook import Handbook
from .history import cached_section, process_histories
from .home_page import HOME, home_page
from .improve_board import BOARD, board_page, board_summary, has_board
from .lastchange import last_changes
from .options import PageOptions
from .pipeline import Background, job_keys, start_jobs
from .process_page import process_page
from .role_page import role_page
from .stored import Drawn, LazyFigures, LazyText
from .viewer import with_viewer


@dataclass
class SiteContent:
    """Pages (path → Markdown), their diagrams (path → `LazyFigures`, a mapping of
    name → HTML), their languages (path → Texts), assets (path → text or `LazyText`),
    warnings."""

    pages: dict = field(default_factory=dict)
    languages: dict = field(default_factory=dict)
    figures: dict = field(default_factory=dict)
    assets: dict = field(default_factory=dict)
    warnings: list = field(default_factory=list)
    background: Optional[Background] = None

    def close(self, cancel: bool = False) -> None:
        """Stop the worker processes still laying out diagrams, if any."""
        if self.background is not None:
            self.background.close(cancel)
            self.background = None


def _language(process, options: PageOptions) -> str:
    """A process's language decides its pages; the handbook's fills in when it has none."""
    return (process.language if process else None) or options.language


def _texts(process, options: PageOptions, known: Optional[dict] = None):
    """The words of a page about `process` (None: a handbook page); `known` keeps them
    by language during one build (finding the catalogs looks at their files)."""
    language = _language(process, options)
    if known is None:
        return texts_for(language, options.catalogs)
    if language not in known:
        known[language] = texts_for(language, options.catalogs)
    return known[language]


def figure_jobs(handbook: Handbook, options: PageOptions, cache: Optional[BuildCache] = None) -> dict:
    """Every diagram job of the handbook, by page path (the home page's is its legend);
    under serve, a process's job is remembered while its inputs stay the same."""
    digest = catalog_digest(options.catalogs)
    catalogs = tuple(str(folder) for folder in options.catalogs)

    def words(process) -> Words:
        return Words(_language(process, options), catalogs, digest)

    jobs = {HOME: LegendFigure(words(None), options.engine, options.limits)}
    for entry in handbook.entries:
        made = partial(process_jobs, entry, handbook, options, words(entry.process))
        jobs[entry.page] = cache.memo("process job", (entry.page, entry.process, digest, catalogs, options,
                                                      _subprocess_pages(entry, handbook)), made) if cache else made()
    for pair in handbook.pairs:
        jobs[pair.page] = comparison_jobs(pair, handbook, options, words(pair.new.process))
    return jobs


def _subprocess_targets(entry, handbook: Handbook) -> list:
    """(process id, its entry or None) of each subprocess step of `entry`, in step order."""
    return [(step.process, handbook.entry(step.process))
            for step in entry.process.steps if step.type == "subprocess"]


def _subprocess_pages(entry, handbook: Handbook) -> tuple:
    """The pages of the processes that the subprocess steps of `entry` run."""
    return tuple((process_id, target.page if target else None)
                 for process_id, target in _subprocess_targets(entry, handbook))


def _page_inputs(entry, handbook: Handbook, digests: dict, language: str, options: PageOptions,
                 history=None) -> tuple:
    """What a process page's Markdown depends on besides its own process: its
    comparisons (with their effective dates), the pages of the subprocesses it links
    to, and its revision history."""
    pairs = tuple((pair.page, pair.old.page, digests[pair.old.page], pair.new.page, digests[pair.new.page])
                  for pair in handbook.pairs_of(entry))
    targets = tuple((process_id, target.page, digests.get(target.page)) if target else (process_id, None, None)
                    for process_id, target in _subprocess_targets(entry, handbook))
    return digests[entry.page], entry.page, language, options, pairs, targets, history


def generate_site(handbook: Handbook, options: PageOptions, cache: Optional[BuildCache] = None,
                  workers: int = 1) -> SiteContent:
    """Every page, figure and asset of the handbook (deterministic, sorted by path).

    Diagrams come from `cache` when it holds them (default: no cache) and are otherwise
    laid out by `workers` processes in the background while the caller goes on (call
    `close()` at the end); the result is the same either way. Figures and full-size
    files are made from the results when they are read (`stored`).
    """
    cache = cache or BuildCache(None)
    options = replace(options, build_date=options.build_date or build_date())  # issue 16: review dates
    histories = process_histories(handbook, options, cache)
    jobs = figure_jobs(handbook, options, cache)
    keys = job_keys(jobs, cache)
    drawn = {name: Drawn(keys[name], jobs[name], cache) for name in jobs}
    comparisons = [pair.page for pair in handbook.pairs]  # their text needs the results now
    background = start_jobs(drawn, workers, comparisons + [HOME] + [entry.page for entry in handbook.entries])

    def lazy(path: str, finish, warns: bool = False) -> LazyFigures:
        key = cache.key("figures", keys[path], path, options.directory_urls)
        return LazyFigures(drawn[path], finish, key, warns)

    site = SiteContent(assets={CSS_PATH: site_stylesheet(), SHIM_PATH: shim_script(),
                               VIEWER_PATH: viewer_script()}, background=background)
    known_texts: dict = {}
    text = _texts(None, options, known_texts)
    words = catalog_digest(options.catalogs)  # pages remembered in memory change with the catalogs
    digests = {entry.page: cache.key("process", entry.process) for entry in handbook.entries}
    metrics = {entry.process.id: cache.memo("metrics", digests[entry.page], partial(process_metrics, entry.process),
                                            stored=True)
               for entry in handbook.entries}
    controlled = any(has_control(entry) for entry in handbook.entries)  # issue 16
    notes = {entry.page: catalog_note(entry, histories.get(entry.page), text, options.build_date)
             for entry in handbook.entries}
    site.pages[HOME] = home_page(handbook, text, metrics, last_changes(handbook.root),
                                 tuple(board_summary(handbook, text, options.build_date, HOME)),
                                 CONTROL if controlled else "", notes)
    site.languages[HOME] = text
    site.figures[HOME] = lazy(HOME, partial(_legend_figures, text))
    for entry in handbook.entries:
        page_text, language = _texts(entry.process, options, known_texts), _language(entry.process, options)
        history = histories.get(entry.page)
        site.pages[entry.page] = cache.memo(
            "process page", (words, _page_inputs(entry, handbook, digests, language, options, history)),
            partial(process_page, entry, handbook, metrics[entry.process.id], page_text, options, history,
                    cached_section(history, page_text, words, cache)), stored=True)
        site.languages[entry.page] = page_text
        site.figures[entry.page] = lazy(entry.page, partial(_process_figures, entry, page_text, language, options),
                                        warns=True)
        site.assets[asset_path(entry.process)] = LazyText(drawn[entry.page], "asset", entry.page)
    if controlled:
        site.pages[CONTROL] = control_page(handbook, histories, text, options.build_date)
        site.languages[CONTROL] = text
    for pair in handbook.pairs:
        page_text, language = _texts(pair.new.process, options, known_texts), _language(pair.new.process, options)
        site.pages[pair.page], diagrams = comparison_content(pair, drawn[pair.page].get(), page_text)
        site.languages[pair.page] = page_text
        site.figures[pair.page] = lazy(pair.page, partial(_comparison_figures, pair, page_text, language))
        site.warnings += diagrams.warnings
    for name in handbook.roles:
        duties = tuple((digests[d.entry.page], d.entry.page, d.step.id, d.position) for d in handbook.roles[name])

        def section(entry, entry_duties, make, name=name):
            positions = tuple(duty.position for duty in entry_duties)
            return cache.memo("role section", (words, name, digests[entry.page], entry.page, positions, options), make)

        site.pages[handbook.role_page(name)] = cache.memo(
            "role page", (words, name, duties, options),
            partial(role_page, name, handbook, metrics, text, options, section), stored=True)
        site.languages[handbook.role_page(name)] = text
    if has_board(handbook):  # issue 12: the build date is in the options, so in the key
        site.pages[BOARD] = cache.memo(
            "improvement board", (words, tuple(sorted(digests.items())), options),
            partial(board_page, handbook, text, options.build_date), stored=True)
        site.languages[BOARD] = text
    site.pages = dict(sorted(site.pages.items()))
    site.assets = dict(sorted(site.assets.items()))
    return site


def _legend_figures(text, drawn: dict) -> dict:
    return {"legend": figure(drawn["svg"], text["legend.title"], "legend")}


def _process_figures(entry, page_text, language: str, options: PageOptions, drawn: dict) -> dict:
    return with_viewer(process_diagrams(entry, drawn, page_text, options).figures, page_text, language)


def _comparison_figures(pair, page_text, language: str, drawn: dict) -> dict:
    return with_viewer(comparison_content(pair, drawn, page_text)[1].figures, page_text, language)
