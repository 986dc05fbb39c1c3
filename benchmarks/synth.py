"""Synthetic handbooks for benchmarks: N processes × M steps × L lanes.

`write_handbook(folder, processes=200, steps=30, lanes=5)` writes a project (mkdocs.yml,
handbook/, processes/) that `sopdocs build` and `mkdocs build` read. Every process is
a chain of tasks spread over the lanes with a decision every 10 steps (one branch goes
on, the other is a rework loop back a few steps); every fourth process is in Chinese;
every tenth has a baseline (a slower current version with one more step), so the
handbook has comparison pages. `spread_process(steps, lanes)` is one large process with
steps spread randomly (seeded) over the lanes, for the layout benchmark.

Run: python benchmarks/synth.py FOLDER [PROCESSES [STEPS [LANES]]].
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

LANES_EN = ("Sales", "Sales Management", "Finance", "Legal", "Operations", "Service",
            "Marketing", "Procurement", "Logistics", "Quality")
LANES_ZH = ("销售部", "销售管理部", "财务部", "法务部", "运营部", "客服部", "市场部", "采购部",
            "物流部", "质量部")
VERBS_EN = ("Check", "Prepare", "Review", "Approve", "Send", "Record", "Confirm", "Update")
NOUNS_EN = ("the quote", "the contract", "customer data", "the order", "the invoice",
            "delivery dates", "the discount", "payment terms")
VERBS_ZH = ("核对", "准备", "审核", "批准", "发送", "登记", "确认", "更新")
NOUNS_ZH = ("报价单", "合同", "客户资料", "订单", "发票", "交付日期", "折扣", "付款条件")

MKDOCS_YML = """site_name: Synthetic handbook
docs_dir: handbook
theme:
  name: material
  language: en
  features:
    - navigation.prune  # as sopdocs init writes it: each page carries only its part of the menu
plugins:
  - search
  - sopdocs:
      processes: processes
"""


def _q(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML string


def _step_name(index: int, chinese: bool) -> str:
    if chinese:
        return f"{VERBS_ZH[index % 8]}{NOUNS_ZH[(index // 8) % 8]}（第{index}步）"
    return f"{VERBS_EN[index % 8]} {NOUNS_EN[(index // 8) % 8]} (step {index})"


def process_yaml(number: int, steps: int = 30, lanes: int = 5, chinese: bool = False,
                 lane_of=None, slower: bool = False, baseline: str = "") -> str:
    """One synthetic process file: start, `steps` tasks and decisions, end.

    `lane_of(index)` picks each step's lane (default: a lane per block of steps, in
    declared order); `slower` doubles waits (a current version to compare against).
    """
    lane_names = (LANES_ZH if chinese else LANES_EN)[:lanes]
    lane_of = lane_of or (lambda index: (index * lanes) // max(steps, 1))
    lines = [f"id: synthetic-{number:04d}{'-current' if slower else ''}",
             f"title: {_q(('流程' if chinese else 'Process ') + str(number))}",
             f"summary: {_q('合成的基准流程。' if chinese else 'A synthetic benchmark process.')}",
             "owner: Operations", "status: " + ("current" if slower or not baseline else "optimized")]
    if chinese:
        lines.append("language: zh")
    if baseline:
        lines.append(f"baseline: {baseline}")
    lines.append("lanes:")
    lines += [f"  - {{id: lane-{i}, name: {_q(name)}, owner: {_q(name + ' owner')}}}"
              for i, name in enumerate(lane_names)]
    lines += ["steps:", "  - {id: start, type: start, name: Start, lane: lane-0, next: s1}"]
    for index in range(1, steps + 1):
        following = f"s{index + 1}" if index < steps else "done"
        lane = f"lane-{lane_of(index - 1) % lanes}"
        if index % 10 == 0:
            back = f"s{max(1, index - 3)}"
            lines += [f"  - id: s{index}", f"    name: {_q(_step_name(index, chinese) + '?')}",
                      "    type: decision", f"    lane: {lane}", "    next:",
                      f"      - {{to: {following}, when: {_q('是' if chinese else 'yes')}, probability: 0.8}}",
                      f"      - {{to: {back}, when: {_q('否' if chinese else 'no')}}}"]
            continue
        wait = "2h" if slower else "1h"
        lines += [f"  - id: s{index}", f"    name: {_q(_step_name(index, chinese))}",
                  f"    lane: {lane}", f"    duration: {30 + (index % 4) * 15}m", f"    wait: {wait}",
                  f"    instructions: {_q('按模板操作并记录结果。' if chinese else 'Follow the template and record the result in the CRM.')}",
                  f"    next: {following}"]
    lines.append("  - {id: done, type: end, name: Done, lane: lane-0}")
    lines.append("kpis:\n  - {name: Lead time, unit: days, value: 4, target: \"<= 3\"}")
    return "\n".join(lines) + "\n"


def write_handbook(folder: Path, processes: int = 200, steps: int = 30, lanes: int = 5) -> Path:
    """Write a synthetic project into `folder` (created); returns its mkdocs.yml."""
    folder = Path(folder)
    (folder / "handbook").mkdir(parents=True, exist_ok=True)
    (folder / "handbook" / "about.md").write_text("# About\n\nA synthetic handbook.\n", encoding="utf-8")
    for number in range(processes):
        chinese = number % 4 == 3
        group = folder / "processes" / f"group-{number // 25:02d}"
        group.mkdir(parents=True, exist_ok=True)
        name = f"process-{number:04d}.yaml"
        baseline = ""
        if number % 10 == 9:
            baseline = f"process-{number:04d}-current.yaml"
            (group / baseline).write_text(process_yaml(number, steps, lanes, chinese, slower=True),
                                          encoding="utf-8")
        (group / name).write_text(process_yaml(number, steps, lanes, chinese, baseline=baseline),
                                  encoding="utf-8")
    config = folder / "mkdocs.yml"
    config.write_text(MKDOCS_YML, encoding="utf-8")
    return config


def spread_process(steps: int = 1000, lanes: int = 10, seed: int = 7) -> str:
    """A large process whose steps sit in random lanes (seeded, so always the same)."""
    chooser = random.Random(seed)
    picks = [chooser.randrange(lanes) for _ in range(steps)]
    return process_yaml(1, steps, lanes, lane_of=lambda index: picks[index])


def main() -> None:
    """Command line: write a synthetic handbook."""
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    sizes = [int(value) for value in sys.argv[2:5]]
    config = write_handbook(Path(sys.argv[1]), *sizes)
    print(f"wrote {config}")


if __name__ == "__main__":
    main()
