"""The handbook's diagrams as jobs: plain values that say everything a diagram depends on,
so each can be computed in another process and its result cached under `job_key`.

A job holds the model itself, the links of every step (as a sorted tuple, not a
function, so it can be pickled and hashed), the critical path, the engine and the limits.
Its `compute()` returns plain strings. Captions and the `<figure>` around each diagram
are added by the page writer (cheap, and they depend on the page's language).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..analysis.metrics import process_metrics
from ..limits import DEFAULT_LIMITS, Limits
from ..model import Process, Step
from ..render.flowchart import finish_flowchart, flowchart_layout
from ..render.lanechart import lane_chart_svg
from ..render.timeline import timeline_svg


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
    """A process page's flowchart (inline and full-size copies), timeline and lane chart."""

    process: Process
    page_links: tuple
    asset_links: tuple
    engine: str = "auto"
    limits: Limits = DEFAULT_LIMITS

    def compute(self) -> dict:
        """{flowchart, asset, timeline, lanes: SVG text; warnings: tuple}."""
        metrics = process_metrics(self.process)
        critical = set(metrics.critical_path)
        on_page = _linker(self.page_links)
        # one layout serves both copies: only the links (from the page or from the asset) differ
        layout = flowchart_layout(self.process, engine=self.engine, critical=critical,
                                  step_href=on_page, limits=self.limits)
        inline = finish_flowchart(layout, self.process, on_page, id_prefix="fc-", embed_style=False)
        standalone = finish_flowchart(layout, self.process, _linker(self.asset_links))
        return {
            "flowchart": inline.svg,
            "asset": standalone.svg,
            "timeline": timeline_svg(self.process, metrics.schedule, id_prefix="tl-"),
            "lanes": lane_chart_svg(self.process, metrics, id_prefix="lc-"),
            "warnings": tuple(f"{self.process.path}: {warning}" for warning in inline.warnings),
        }


@dataclass(frozen=True)
class ComparisonFigures:
    """The two flowcharts of a comparison page, with diff classes."""

    old: Process
    new: Process
    old_links: tuple
    new_links: tuple
    engine: str = "auto"
    limits: Limits = DEFAULT_LIMITS

    def compute(self) -> dict:
        """The fields of `comparison.ComparisonData` that are text (diagrams, verdict,
        tables, warnings): everything the page shows, without the models."""
        from .comparison import comparison_data

        data = comparison_data(self.old, self.new, engine=self.engine, limits=self.limits,
                               step_href=_linker(self.old_links),
                               new_step_href=_linker(self.new_links))
        return {name: getattr(data, name) for name in COMPARISON_FIELDS}


COMPARISON_FIELDS = ("old_flowchart_svg", "new_flowchart_svg", "old_timeline_svg",
                     "new_timeline_svg", "verdict", "metrics_markdown", "kpis_markdown",
                     "lanes_markdown", "steps_markdown", "warnings")


@dataclass(frozen=True)
class LegendFigure:
    """The home page's legend, drawn in the handbook's language."""

    language: str
    engine: str = "auto"
    limits: Limits = DEFAULT_LIMITS

    def compute(self) -> dict:
        """{svg: the legend's SVG text}."""
        from .legend import legend_svg

        return {"svg": legend_svg(self.language, self.engine, self.limits)}


def compute_job(job) -> dict:
    """Run one job (the function worker processes call)."""
    return job.compute()
