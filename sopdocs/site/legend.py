"""The legend on the home page: a tiny process drawn by the real flowchart renderer,
so the symbols explained are exactly the ones the charts use."""

from __future__ import annotations

import json

from ..i18n import Texts
from ..limits import DEFAULT_LIMITS, Limits
from ..load import load_text
from ..render.flowchart import flowchart_svg
from .markup import inline

_LEGEND_YAML = """
id: legend
title: {title}
lanes:
  - {{id: first, name: {lane_a}, owner: {owner}}}
  - {{id: second, name: {lane_b}, owner: {owner}}}
steps:
  - {{id: start, type: start, name: {start}, lane: first, next: task}}
  - id: task
    name: {task}
    lane: first
    duration: 2h
    wait: 1d
    problems: [{{description: {problem}, impact: high, frequency: high}}]
    next: decision
  - id: decision
    name: {decision}
    type: decision
    lane: first
    next:
      - {{to: parallel, when: {yes}, probability: 0.8}}
      - {{to: task, when: {no}}}
  - {{id: parallel, name: {parallel}, type: parallel, lane: second, next: [sub, other]}}
  - {{id: sub, name: {subprocess}, type: subprocess, process: {subprocess}, lane: second, duration: 1d, next: done}}
  - {{id: other, name: {task}, lane: first, duration: 1h, next: done}}
  - {{id: done, type: end, name: {end}, lane: second}}
"""

_WORDS = ("title", "lane_a", "lane_b", "owner", "start", "task", "decision", "yes", "no",
          "parallel", "subprocess", "end", "problem")
_SYMBOLS = ("lane", "task", "problem", "decision", "parallel", "subprocess", "rework", "critical")


def _quoted(text: str) -> str:
    """A catalog word as a YAML double-quoted scalar (JSON strings are YAML)."""
    return json.dumps(text, ensure_ascii=False)


def legend_svg(text: Texts, engine: str = "auto", limits: Limits = DEFAULT_LIMITS) -> str:
    """The legend diagram's SVG, in the handbook's language (its caption is
    `text["legend.title"]`)."""
    words = {word: _quoted(text[f"legend.{word}"]) for word in _WORDS}
    process = load_text(_LEGEND_YAML.format(**words), "legend.yaml").process
    rendered = flowchart_svg(process, engine=engine, critical={"start", "task", "decision", "parallel", "sub", "done"},
                             step_href=lambda step: None, limits=limits, id_prefix="legend-",
                             embed_style=False, texts=text)
    return rendered.svg


def legend_markdown(text: Texts) -> list[str]:
    """The explanation of each symbol, as a Markdown list."""
    return [f"- **{inline(text[f'legend.symbol.{key}'])}**: {inline(text[f'legend.meaning.{key}'])}"
            for key in _SYMBOLS]
