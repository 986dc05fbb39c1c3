"""The legend on the home page: a tiny process drawn by the real flowchart renderer,
so the symbols explained are exactly the ones the charts use."""

from __future__ import annotations

from ..load import load_text
from ..render.flowchart import flowchart_svg
from ..limits import DEFAULT_LIMITS, Limits
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
    problems: [{{description: x, impact: high, frequency: high}}]
    next: decision
  - id: decision
    name: {decision}
    type: decision
    lane: first
    next:
      - {{to: parallel, when: {yes}, probability: 0.8}}
      - {{to: task, when: {no}}}
  - {{id: parallel, name: {parallel}, type: parallel, lane: second, next: [sub, other]}}
  - {{id: sub, name: {subprocess}, type: subprocess, process: legend, lane: second, duration: 1d, next: done}}
  - {{id: other, name: {other}, lane: first, duration: 1h, next: done}}
  - {{id: done, type: end, name: {end}, lane: second}}
"""

_WORDS = {
    "en": dict(title="Legend", lane_a="Lane (a department)", lane_b="Another lane", owner="Owner",
               start="Start", task="Task", decision="Decision?", yes="yes", no="no (rework)",
               parallel="Parallel", subprocess="Subprocess", other="Task", end="End"),
    "zh": dict(title="图例", lane_a="泳道（部门）", lane_b="另一泳道", owner="负责人", start="开始",
               task="任务", decision="判断？", yes="是", no="否（返工）", parallel="并行",
               subprocess="子流程", other="任务", end="结束"),
}

_EXPLANATIONS = {
    "en": [
        ("Lane", "a column per department or role; every step sits in the lane that does it"),
        ("Task", "a rounded box: the step's name, its owner, its duration and the wait before it"),
        ("⚠", "the step has known problems, listed in its instructions"),
        ("Decision", "a diamond; the labels on its arrows say which way the flow goes"),
        ("Parallel", "a bar that starts several branches at once; the step they meet at waits for all"),
        ("Subprocess", "a double-bordered box: click it to open the process it runs"),
        ("Dashed arrow", "a rework loop back to an earlier step (not counted in the timeline)"),
        ("Red", "the critical path: the chain of steps that sets the lead time"),
    ],
    "zh": [
        ("泳道", "每个部门或角色一列，步骤位于执行它的泳道中"),
        ("任务", "圆角框：步骤名称、负责人、用时及开始前的等待"),
        ("⚠", "该步骤存在已知问题，详见操作说明"),
        ("判断", "菱形，箭头上的标签说明流程走向"),
        ("并行", "同时开始多个分支；汇合的步骤等待所有分支完成"),
        ("子流程", "双线框：点击打开它执行的流程"),
        ("虚线箭头", "返工回到之前的步骤（不计入时间线）"),
        ("红色", "关键路径：决定总周期的步骤链"),
    ],
}


def legend_svg(language: str, engine: str = "auto", limits: Limits = DEFAULT_LIMITS) -> str:
    """The legend diagram's SVG, in the handbook's language."""
    key = "zh" if language.startswith("zh") else "en"
    process = load_text(_LEGEND_YAML.format(**_WORDS[key]), "legend.yaml").process
    rendered = flowchart_svg(process, engine=engine, critical={"start", "task", "decision", "parallel", "sub", "done"},
                             step_href=lambda step: None, limits=limits, id_prefix="legend-",
                             embed_style=False)
    return rendered.svg


def legend_caption(language: str) -> str:
    """The legend figure's caption."""
    return _WORDS["zh" if language.startswith("zh") else "en"]["title"]


def legend_markdown(language: str) -> list[str]:
    """The explanation of each symbol, as a Markdown list."""
    key = "zh" if language.startswith("zh") else "en"
    return [f"- **{inline(symbol)}**: {inline(meaning)}" for symbol, meaning in _EXPLANATIONS[key]]
