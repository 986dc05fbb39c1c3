"""What a handbook comparison page shows: the current and the optimized version side by side.

`comparison_data(old, new)` gathers it in one value the page generator writes out:

- both swimlane flowcharts from the flowchart renderer, with diff status classes:
  removed steps marked on the current (old) side, added and changed steps on the
  optimized (new) side;
- both timelines on one scale (the same pixels per working hour and the same label
  column), so equal bar lengths mean equal times;
- the diff itself (metric deltas, KPI rows, lane and step changes) and the same tables
  as Markdown, escaped, ready to be placed on the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from ..analysis.diff import ProcessDiff, diff_processes
from ..analysis.schedule import schedule
from ..limits import DEFAULT_LIMITS, Limits
from ..model import Process
from ..i18n import Texts
from ..render import diffreport
from ..render.diffformat import report_texts
from ..render.flowchart import StepHref, flowchart_svg
from ..render.timeline import LABEL_MAX, timeline_scale, timeline_svg


@dataclass(frozen=True)
class ComparisonData:
    """Everything a comparison page needs, computed once (deterministic text)."""

    diff: ProcessDiff
    old_flowchart_svg: str
    new_flowchart_svg: str
    old_timeline_svg: str
    new_timeline_svg: str
    px_per_hour: float
    verdict: str
    metrics_markdown: str
    kpis_markdown: str
    lanes_markdown: str
    steps_markdown: str
    warnings: tuple[str, ...] = ()

    @property
    def old(self) -> Process:
        """The current (baseline) version."""
        return self.diff.old

    @property
    def new(self) -> Process:
        """The optimized version."""
        return self.diff.new


def diff_statuses(diff: ProcessDiff) -> tuple[dict[str, str], dict[str, str]]:
    """(old side, new side) step id → status: removed on the old, added/changed on the new."""
    old_side = {step_id: "removed" for step_id in diff.removed}
    return dict(sorted(old_side.items())), diff.status_by_new_id()


def shared_timelines(old: Process, new: Process, id_prefixes: tuple[str, str] = ("old-", "new-"),
                     start_date=None, texts: Optional[Texts] = None) -> tuple[str, str, float]:
    """Both timelines on one scale and one label column; returns (old svg, new svg, px/h).

    The longer lead time spans the plot width; both label columns get the timeline's
    widest label width (LABEL_MAX), so the two time axes start at the same x.
    """
    plans = (schedule(old), schedule(new))
    scale = timeline_scale(max(plan.lead_time_hours for plan in plans))
    svgs = [timeline_svg(process, plan, scale=scale, start_date=start_date,
                         label_width=LABEL_MAX, id_prefix=prefix, texts=texts)
            for process, plan, prefix in zip((old, new), plans, id_prefixes)]
    return svgs[0], svgs[1], scale


def comparison_data(old: Process, new: Process, *, direction: str = "vertical",
                    engine: str = "auto", step_href: Optional[StepHref] = None,
                    new_step_href: Optional[StepHref] = None, limits: Limits = DEFAULT_LIMITS,
                    start_date=None, id_prefixes: tuple[str, str] = ("old-", "new-"),
                    texts: Optional[Texts] = None) -> ComparisonData:
    """Compare `old` (current) with `new` (optimized) for a handbook comparison page.

    `step_href` links the old side's steps (and the new side's unless `new_step_href`
    is given); `id_prefixes` keep the ids of the four inlined SVGs apart (each diagram
    gets `<prefix>flow-` or `<prefix>time-` in front of its ids). Raises
    SopdocsError when the layout engine fails. `texts`: the words of the charts and
    tables (default: the optimized version's language).
    """
    diff = diff_processes(old, new)
    texts = report_texts(diff, texts)
    old_status, new_status = diff_statuses(diff)
    old_chart = flowchart_svg(old, direction, engine, diff_status=old_status,
                              step_href=step_href, limits=limits,
                              id_prefix=f"{id_prefixes[0]}flow-", texts=texts)
    new_chart = flowchart_svg(new, direction, engine, diff_status=new_status,
                              step_href=new_step_href or step_href, limits=limits,
                              id_prefix=f"{id_prefixes[1]}flow-", texts=texts)
    old_timeline, new_timeline, scale = shared_timelines(
        old, new, (f"{id_prefixes[0]}time-", f"{id_prefixes[1]}time-"), start_date, texts)
    return ComparisonData(
        diff=diff,
        old_flowchart_svg=old_chart.svg,
        new_flowchart_svg=new_chart.svg,
        old_timeline_svg=old_timeline,
        new_timeline_svg=new_timeline,
        px_per_hour=scale,
        verdict=diffreport.verdict(diff, texts),
        metrics_markdown=_join(diffreport.metrics_table(diff.metrics, texts)),
        kpis_markdown=_join(diffreport.kpi_table(diff.kpis, texts)) if diff.kpis else "",
        lanes_markdown=_join(diffreport.lane_lines(diff, texts)),
        steps_markdown=_join(diffreport.step_changes(diff, texts)),
        warnings=tuple(old_chart.warnings) + tuple(new_chart.warnings),
    )


def _join(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n") + "\n" if lines else ""
