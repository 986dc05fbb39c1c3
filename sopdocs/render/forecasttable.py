"""The figures of a forecast (issue 15) as table rows, for process pages, comparison
pages and the pull-request report.

Every row says how its figure was made: on the expected path (the schedule as today:
the most probable branch at each decision, no rework), as an exact expectation (every
branch and rework loop with its probability) or simulated (N runs with a seed). Rows
are plain text; `markdown_table` and `html_table` escape them for where they land.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Optional, Sequence

from ..analysis.expected import expected_values
from ..analysis.forecast import DEFAULT_RUNS, DEFAULT_SEED, Forecast, monte_carlo
from ..analysis.metrics import process_metrics
from ..i18n import Texts
from ..markdown import escape_inline
from ..model import Process


@dataclass(frozen=True)
class Row:
    """One figure: its label, its values (one per process) and how it was computed."""

    label: str
    values: tuple[str, ...]
    basis: str
    numbers: tuple[Optional[float], ...] = ()
    """The raw values (hours, or a probability), for the change column."""
    probability: bool = False


def has_durations(process: Optional[Process]) -> bool:
    """Whether any step has a duration or a wait. Without one every lead time is zero,
    so there is nothing to forecast and pages and reports leave the forecast out."""
    return process is not None and any(step.duration is not None or step.wait is not None
                                       for step in process.steps)


def bases(forecast: Forecast, words: Texts) -> dict[str, str]:
    """The 'computed as' words of each kind of figure."""
    found = {"path": words["forecast.basis_path"], "expected": words["forecast.basis_expected"]}
    if forecast.simulation is not None:
        found["simulated"] = words("forecast.basis_simulated", runs=words.number(forecast.simulation.runs),
                                   seed=forecast.simulation.seed)
    if forecast.queueing is not None:
        found["queueing"] = words("forecast.basis_queueing", cases=words.number(forecast.queueing.cases),
                                  seed=forecast.queueing.seed)
    return found


def _kpi(process: Process, name: Optional[str]):
    return next((kpi for kpi in process.kpis if kpi.name == name), None)


def raw_figures(process: Process, forecast: Forecast) -> list[tuple[str, str, Optional[float], bool]]:
    """(label key, basis kind, value in hours or a probability, is a probability) of
    every figure a forecast gives for `process`, in the order the tables show them."""
    path = process_metrics(process)
    expected, simulation = forecast.expected, forecast.simulation
    figures = [("forecast.lead_time", "path", path.lead_time_hours, False),
               ("forecast.work_time", "path", path.work_time_hours, False),
               ("forecast.lead_time", "expected", expected.lead_time_hours if expected else None, False),
               ("forecast.work_time", "expected", expected.work_time_hours if expected else None, False),
               ("forecast.wait_time", "expected", expected.wait_time_hours if expected else None, False)]
    if simulation is not None:
        spread = simulation.lead_time_hours
        figures += [("forecast.lead_mean", "simulated", spread.mean, False),
                    ("forecast.p50", "simulated", spread.p50, False),
                    ("forecast.p85", "simulated", spread.p85, False),
                    ("forecast.p95", "simulated", spread.p95, False)]
        if simulation.kpi_probability is not None:
            figures.append(("forecast.kpi_probability", "simulated", simulation.kpi_probability, True))
    if forecast.queueing is not None:
        queueing = forecast.queueing
        figures += [("forecast.queue_lead_time", "queueing", queueing.lead_time_hours.p85, False),
                    ("forecast.queue_wait", "queueing", queueing.queue_wait_hours, False)]
    return figures


def _label(key: str, process: Process, forecast: Forecast, words: Texts) -> str:
    if key != "forecast.kpi_probability":
        return words[key]
    simulation = forecast.simulation
    kpi = _kpi(process, simulation.kpi)
    return words(key, kpi=simulation.kpi or "", target=simulation.kpi_target or "", unit=kpi.unit if kpi else "")


def shown(value: Optional[float], probability: bool, hours_per_day: float, words: Texts) -> str:
    """A figure as text: a percentage, a working time by the calendar, or 'none'."""
    if value is None:
        return words["forecast.no_expectation"]
    if probability:
        return words.percent(value)
    return words.days_or_hours(value, hours_per_day)


def forecast_rows(process: Process, forecast: Forecast, words: Texts) -> list[Row]:
    """The rows of one process's forecast table."""
    kinds = bases(forecast, words)
    hours_per_day = process.calendar.hours_per_day
    rows = []
    for key, kind, value, probability in raw_figures(process, forecast):
        rows.append(Row(_label(key, process, forecast, words), (shown(value, probability, hours_per_day, words),),
                        kinds[kind], (value,), probability))
    if forecast.queueing is not None:
        queueing = forecast.queueing
        rows += [Row(words["forecast.wip"], (words.number(queueing.wip, 1),), kinds["queueing"]),
                 Row(words["forecast.throughput"], (words.number(queueing.throughput_per_week, 1),),
                     kinds["queueing"])]
    return rows


def change(old: Optional[float], new: Optional[float], probability: bool, hours_per_day: float,
           words: Texts) -> str:
    """new − old with its sign (`−13 d (−29 %)`; a probability in percentage points)."""
    if old is None or new is None:
        return words["none"]
    delta = new - old
    sign = "+" if delta > 0 else "−" if delta < 0 else "±"
    if probability:
        return sign + words("forecast.points", n=words.number(abs(delta) * 100, 0))
    text = f"{sign}{words.days_or_hours(abs(delta), hours_per_day)}"
    if old:
        text += f" ({sign}{words.percent(abs(delta) / old)})"
    return text


def pair_rows(old: Process, new: Process, old_forecast: Forecast, new_forecast: Forecast,
              words: Texts) -> list[Row]:
    """The figures both versions have, side by side: (current, optimized, change)."""
    kinds = bases(new_forecast, words)
    new_figures = {(key, kind): (value, probability) for key, kind, value, probability
                   in raw_figures(new, new_forecast)}
    hours_per_day = new.calendar.hours_per_day
    rows = []
    for key, kind, value, probability in raw_figures(old, old_forecast):
        if (key, kind) not in new_figures or kind == "queueing" or key == "forecast.wait_time":
            continue
        if key == "forecast.kpi_probability" and old_forecast.simulation.kpi != new_forecast.simulation.kpi:
            continue
        other = new_figures[(key, kind)][0]
        rows.append(Row(_label(key, new, new_forecast, words),
                        (shown(value, probability, hours_per_day, words),
                         shown(other, probability, hours_per_day, words),
                         change(value, other, probability, hours_per_day, words)),
                        kinds[kind], (value, other), probability))
    return rows


def markdown_table(rows: Sequence[Row], headers: Sequence[str], cell=escape_inline) -> list[str]:
    """Rows as a Markdown table (text escaped by `cell`): label, values, basis."""
    lines = ["| " + " | ".join(cell(h) for h in headers) + " |",
             "|---|" + "---:|" * (len(headers) - 2) + "---|"]
    for row in rows:
        lines.append("| " + " | ".join(cell(part) for part in (row.label, *row.values, row.basis)) + " |")
    return lines


def html_table(rows: Sequence[Row], headers: Sequence[str]) -> str:
    """Rows as an HTML table (text escaped), numbers right-aligned."""
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = []
    for row in rows:
        values = "".join(f'<td style="text-align: right">{html.escape(v)}</td>' for v in row.values)
        body.append(f"<tr><td>{html.escape(row.label)}</td>{values}<td>{html.escape(row.basis)}</td></tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def flow_forecast(process: Process, runs: int = DEFAULT_RUNS, seed: int = DEFAULT_SEED) -> Forecast:
    """`forecast()` without the queueing simulation: exact expectations and the Monte
    Carlo runs, all a comparison shows. The queueing run of many cases costs seconds and
    the process page already shows it."""
    expected = expected_values(process)
    if expected is None:
        return Forecast(process.id, None, None, None)
    simulation = monte_carlo(process, runs, seed) if runs > 0 else None
    return Forecast(process.id, expected, simulation, None)


def pair_forecasts(old: Process, new: Process, runs: int = DEFAULT_RUNS,
                   seed: int = DEFAULT_SEED) -> Optional[tuple[Forecast, Forecast]]:
    """Both versions' flow forecasts, or None when neither has a duration (nothing to
    forecast)."""
    if not (has_durations(old) or has_durations(new)):
        return None
    return flow_forecast(old, runs, seed), flow_forecast(new, runs, seed)


def report_markdown(old: Process, new: Process, words: Texts, level: int, cell,
                    runs: int = DEFAULT_RUNS, seed: int = DEFAULT_SEED) -> list[str]:
    """The pull-request report's forecast section: the figures of both versions and
    their change, each labelled expected path, exact expectation or simulated (runs,
    seed); empty when neither version has a duration."""
    both = pair_forecasts(old, new, runs, seed)
    if both is None:
        return []
    headers = [words[k] for k in ("forecast.col_figure", "report.col_old", "report.col_new",
                                  "forecast.col_change", "forecast.col_basis")]
    return ([f"{'#' * level} {cell(words['forecast.report_heading'])}", ""]
            + markdown_table(pair_rows(old, new, *both, words), headers, cell) + [""])


def report_text(old: Process, new: Process, words: Texts, runs: int = DEFAULT_RUNS,
                seed: int = DEFAULT_SEED) -> list[str]:
    """The same figures as plain-text lines for a terminal (empty without durations)."""
    both = pair_forecasts(old, new, runs, seed)
    if both is None:
        return []
    lines = ["", f"{words['forecast.report_heading']}:"]
    for row in pair_rows(old, new, *both, words):
        before, after, delta = row.values
        lines.append(f"  {row.label}: {before} → {after}, {delta} [{row.basis}]")
    return lines


def report_json(old: Process, new: Process, runs: int = DEFAULT_RUNS, seed: int = DEFAULT_SEED) -> Optional[dict]:
    """{old, new: Forecast.as_dict(), change: {expected_lead_time_hours, p50, p85}} (None
    without durations); changes are new − old in hours, rounded to 4 decimals."""
    both = pair_forecasts(old, new, runs, seed)
    if both is None:
        return None
    before, after = both

    def delta(get) -> Optional[float]:
        try:
            return round(get(after) - get(before), 4)
        except AttributeError:  # a side without expectation or simulation
            return None

    return {"old": before.as_dict(), "new": after.as_dict(), "change": {
        "expected_lead_time_hours": delta(lambda f: f.expected.lead_time_hours),
        "simulated_p50_hours": delta(lambda f: f.simulation.lead_time_hours.p50),
        "simulated_p85_hours": delta(lambda f: f.simulation.lead_time_hours.p85)}}
