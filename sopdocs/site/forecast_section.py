"""The "How long it really takes" section of a process page and of a comparison page
(issue 15): the forecast's figures in a small table, labelled expected path, exact
expectation or simulated (runs, seed), the lead-time histogram, and with queueing the
utilisation of each lane.

The forecast runs inside the page's diagram job (`figures.ProcessFigures`), in a
background worker and cached with the job, so the job's key holds the runs and the
seed. The page's Markdown keeps the section heading and a placeholder; the body built
here is HTML (escaped here: it is inserted after the page is sanitised).
"""

from __future__ import annotations

import html
from typing import Optional

import numpy as np

from ..analysis.forecast import Forecast, forecast, histogram, kpi_target_hours
from ..i18n import Texts
from ..model import Process
from ..render.forecasttable import (forecast_rows, has_durations, html_table, markdown_table, pair_forecasts,
                                    pair_rows)
from ..render.histogram import Series, histogram_svg

PLACEHOLDER = "forecast"
BINS = 30
TAIL_PERCENTILE = 99
"""Runs beyond this percentile of all series fall into the last bin ("or more"), so a
rare very long run does not squeeze the rest of the distribution into a few bars."""


def _figure(svg: str, caption: str) -> str:
    return (f'<figure class="sopdocs-figure sopdocs-histogram">'
            f'<div class="sopdocs-scroll" tabindex="0">{svg}</div>'
            f'<figcaption>{html.escape(caption)}</figcaption></figure>')


def binned(series: list) -> tuple:
    """(edges, counts per series) over shared bins, the longest 1 % lumped into the last."""
    cap = float(np.percentile(np.concatenate(series), TAIL_PERCENTILE))
    counts = histogram([np.minimum(values, cap) for values in series], BINS)
    return counts.edges, counts.counts


def _target(process: Process, words: Texts) -> tuple[Optional[float], str]:
    """The lead-time KPI target in hours and its label (None when there is none)."""
    kpi, hours = kpi_target_hours(process)
    if kpi is None or hours is None or kpi.measures != "lead_time":
        return None, ""
    return hours, words("forecast.chart_target", target=f"{kpi.target.text} {kpi.unit}".strip())


def _histogram(process: Process, result: Forecast, words: Texts, id_prefix: str) -> str:
    simulation = result.simulation
    edges, counts = binned([simulation.lead_times])
    target, label = _target(process, words)
    svg = histogram_svg(edges, [Series(counts[0], simulation.lead_time_hours.p50,
                                       simulation.lead_time_hours.p85)],
                        process.calendar.hours_per_day, words,
                        words("forecast.chart_title", title=process.title), id_prefix, target, label, True)
    caption = words("forecast.histogram_caption", runs=words.number(simulation.runs), seed=simulation.seed)
    return _figure(svg, caption)


def _queue_html(process: Process, result: Forecast, words: Texts) -> str:
    """Utilisation and queue wait per lane that has a capacity, ⚠ on overloaded lanes."""
    queueing = result.queueing
    headers = [words[k] for k in ("forecast.col_lane", "forecast.col_capacity", "forecast.col_utilisation",
                                  "forecast.col_queue_wait")]
    rows = []
    for lane in process.lanes:
        if lane.id not in queueing.utilisation:
            continue
        load = words.percent(queueing.utilisation[lane.id])
        if lane.id in queueing.overloaded:
            load = f"⚠ {load}"
        wait = words.days_or_hours(queueing.queue_wait_per_lane.get(lane.id, 0.0), process.calendar.hours_per_day)
        capacity = words.number(lane.capacity) if lane.capacity else words["forecast.unlimited"]
        cells = "".join(f'<td style="text-align: right">{html.escape(v)}</td>' for v in (capacity, load, wait))
        rows.append(f"<tr><td>{html.escape(lane.name or lane.id)}</td>{cells}</tr>")
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    interval = words.days_or_hours(process.arrivals.interval_hours, process.calendar.hours_per_day) \
        if process.arrivals else words["none"]
    parts = [f"<p><strong>{html.escape(words['forecast.queue_title'])}</strong></p>",
             f"<p>{html.escape(words('forecast.queue_intro', interval=interval))}</p>",
             f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"]
    if queueing.overloaded:
        names = words.join(lane.name or lane.id for lane in process.lanes if lane.id in queueing.overloaded)
        parts.append(f'<div class="admonition warning"><p>'
                     f'{html.escape(words("forecast.overloaded_note", lanes=names))}</p></div>')
    return "".join(parts)


def section_html(process: Process, runs: int, seed: int, words: Texts, id_prefix: str = "fh-") -> str:
    """The body of a process page's forecast section (empty without durations)."""
    if not has_durations(process):
        return ""
    result = forecast(process, runs=runs, seed=seed)
    headers = [words[k] for k in ("forecast.col_figure", "forecast.col_value", "forecast.col_basis")]
    parts = [f"<p>{html.escape(words('forecast.page_intro', runs=words.number(runs), seed=seed))}</p>",
             html_table(forecast_rows(process, result, words), headers)]
    if result.simulation is not None and result.simulation.lead_times.size:
        parts.append(_histogram(process, result, words, id_prefix))
    if result.queueing is not None:
        parts.append(_queue_html(process, result, words))
    return f'<div class="sopdocs-forecast">{"".join(parts)}</div>'


def comparison_forecast(old: Process, new: Process, runs: int, seed: int, words: Texts) -> dict:
    """{forecast_markdown: the table of changes, forecast_svg: both distributions
    overlaid} of a comparison page (both empty when neither version has durations)."""
    if not (has_durations(old) or has_durations(new)):
        return {"forecast_markdown": "", "forecast_svg": ""}
    before, after = pair_forecasts(old, new, runs, seed)
    headers = [words[k] for k in ("forecast.col_figure", "current_version", "optimized_version",
                                  "forecast.col_change", "forecast.col_basis")]
    table = "\n".join(markdown_table(pair_rows(old, new, before, after, words), headers))
    svg = ""
    if before.simulation is not None and after.simulation is not None:
        edges, counts = binned([before.simulation.lead_times, after.simulation.lead_times])
        series = [Series(counts[0], before.simulation.lead_time_hours.p50,
                         before.simulation.lead_time_hours.p85, words["forecast.chart_current"]),
                  Series(counts[1], after.simulation.lead_time_hours.p50,
                         after.simulation.lead_time_hours.p85, words["forecast.chart_optimized"])]
        target, label = _target(new, words)
        svg = histogram_svg(edges, series, new.calendar.hours_per_day, words,
                            words("forecast.chart_title", title=new.title), "ch-", target, label, True)
    return {"forecast_markdown": table, "forecast_svg": svg}


def comparison_figure(svg: str, runs: int, seed: int, words: Texts) -> str:
    """The overlaid histogram of a comparison page in its figure (empty without one)."""
    if not svg:
        return ""
    return _figure(svg, words("forecast.comparison_caption", runs=words.number(runs), seed=seed))
