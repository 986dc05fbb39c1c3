"""The handbook's diagrams as jobs: plain values that say everything a diagram depends on,
so each can be computed in another process and its result cached under `job_key`.

A job holds the model itself, the links of every step (as a sorted tuple, not a
function, so it can be pickled and hashed), the engine, the limits and the words: the
language, the handbook's catalog folders and a digest of those catalogs' bytes (the
words drawn set the boxes' sizes, so an edited catalog is a new key).
Its `compute()` returns plain strings. Captions and the `<figure>` around each diagram
are added by the page writer (cheap, and they depend on the page's language).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import hashlib
from pathlib import Path

from ..analysis.forecast import DEFAULT_RUNS, DEFAULT_SEED
from ..analysis.metrics import process_metrics
from ..i18n import catalog_files, texts_for
from ..limits import DEFAULT_LIMITS, Limits
from ..model import Process, Step
from ..render.flowchart import finish_flowchart, flowchart_layout
from ..render.lanechart import lane_chart_svg
from ..render.timeline import timeline_svg


@dataclass(frozen=True)
class Words:
    """Which words a diagram is drawn with: a language, the handbook's catalog folders
    and the digest of their `.po` files (see `catalog_digest`)."""

    language: str = "en"
    catalogs: tuple = ()
    digest: str = ""

    def texts(self):
        """The `i18n.Texts` these words name."""
        return texts_for(self.language, tuple(Path(folder) for folder in self.catalogs))


def catalog_digest(folders) -> str:
    """SHA-256 over the names and bytes of the catalogs a handbook adds in `folders`
    (the built-in ones are part of sopdocs's own code fingerprint)."""
    digest = hashlib.sha256()
    builtin = catalog_files(())
    for name, path in sorted(catalog_files(tuple(folders)).items()):
        if builtin.get(name) != path:
            digest.update(name.encode() + b"\0" + Path(path).read_bytes())
    return digest.hexdigest()


def href_table(process: Process, href) -> tuple[tuple[str, Optional[str]], ...]:
    """Every step's link from `href(step)`, as a sorted (step id, href) tuple."""
    return tuple(sorted((step.id, href(step)) for step in process.steps))


def _linker(table: tuple):
    links = dict(table)

    def href(step: Step) -> Optional[str]:
        return links.get(step.id)

    return href


@dataclass(frozen=True)
class ProcessFigures:
    """A process page's flowchart (inline and full-size copies), timeline, lane chart
    and forecast section (issue 15: `runs` Monte Carlo runs with `seed`)."""

    process: Process
    page_links: tuple
    asset_links: tuple
    words: Words = Words()
    engine: str = "auto"
    limits: Limits = DEFAULT_LIMITS
    runs: int = DEFAULT_RUNS
    seed: int = DEFAULT_SEED

    def compute(self) -> dict:
        """{flowchart, asset, timeline, lanes: SVG text; forecast: HTML; warnings: tuple}."""
        from .forecast_section import section_html

        texts = self.words.texts()
        metrics = process_metrics(self.process)
        critical = set(metrics.critical_path)
        on_page = _linker(self.page_links)
        # one layout serves both copies: only the links (from the page or from the asset) differ
        layout = flowchart_layout(self.process, engine=self.engine, critical=critical,
                                  step_href=on_page, limits=self.limits, texts=texts)
        inline = finish_flowchart(layout, self.process, on_page, id_prefix="fc-", embed_style=False,
                                  texts=texts)
        standalone = finish_flowchart(layout, self.process, _linker(self.asset_links), texts=texts)
        return {
            "flowchart": inline.svg,
            "asset": standalone.svg,
            "timeline": timeline_svg(self.process, metrics.schedule, id_prefix="tl-", texts=texts),
            "lanes": lane_chart_svg(self.process, metrics, id_prefix="lc-", texts=texts),
            "forecast": section_html(self.process, self.runs, self.seed, texts),
            "warnings": tuple(f"{self.process.path}: {warning}" for warning in inline.warnings),
        }


@dataclass(frozen=True)
class ComparisonFigures:
    """The two flowcharts of a comparison page, with diff classes, and both forecasts
    (issue 15: `runs` Monte Carlo runs with `seed`)."""

    old: Process
    new: Process
    old_links: tuple
    new_links: tuple
    words: Words = Words()
    engine: str = "auto"
    limits: Limits = DEFAULT_LIMITS
    runs: int = DEFAULT_RUNS
    seed: int = DEFAULT_SEED

    def compute(self) -> dict:
        """The fields of `comparison.ComparisonData` that are text (diagrams, verdict,
        tables, warnings): everything the page shows, without the models."""
        from .comparison import comparison_data
        from .forecast_section import comparison_forecast

        texts = self.words.texts()
        data = comparison_data(self.old, self.new, engine=self.engine, limits=self.limits,
                               step_href=_linker(self.old_links),
                               new_step_href=_linker(self.new_links), texts=texts)
        fields = {name: getattr(data, name) for name in COMPARISON_FIELDS}
        return {**fields, **comparison_forecast(self.old, self.new, self.runs, self.seed, texts),
                "forecast_runs": self.runs, "forecast_seed": self.seed}


COMPARISON_FIELDS = ("old_flowchart_svg", "new_flowchart_svg", "old_timeline_svg",
                     "new_timeline_svg", "verdict", "metrics_markdown", "kpis_markdown",
                     "lanes_markdown", "steps_markdown", "warnings")
"""The fields of ComparisonData a comparison job returns; it adds `forecast_markdown`,
`forecast_svg`, `forecast_runs` and `forecast_seed` (issue 15)."""


@dataclass(frozen=True)
class LegendFigure:
    """The home page's legend, drawn in the handbook's language."""

    words: Words
    engine: str = "auto"
    limits: Limits = DEFAULT_LIMITS

    def compute(self) -> dict:
        """{svg: the legend's SVG text}."""
        from .legend import legend_svg

        return {"svg": legend_svg(self.words.texts(), self.engine, self.limits)}


def compute_job(job) -> dict:
    """Run one job (the function worker processes call)."""
    return job.compute()
