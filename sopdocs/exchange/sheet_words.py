"""The words of the three improvement spreadsheets: column headers and cell values.

The headers are part of the spreadsheet format, like tag names of an XML format: the
import recognises every language's headers whatever the handbook's language, and the
export writes headers the import reads back, so both come from the tables here rather
than from the page catalogs. A header is matched by meaning: it is normalised (Unicode
NFKC, so full-width brackets and spaces become ASCII ones; case folded; Traditional
Chinese converted to Simplified with zhconv; spaces dropped), then looked up among the
column's names, first whole (`耗时(天/单)`), then without its bracketed part (`耗时`).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional

import zhconv

LANGUAGES = ("en", "zh", "zh-Hant")

SURVEY_COLUMNS: dict[str, tuple[tuple[str, str, str], tuple[str, ...]]] = {
    # key: ((English, Simplified, Traditional header written by the export), other names)
    "step": (("Step", "流程环节", "流程環節"),
             ("process step", "step name", "activity", "stage", "环节", "流程步骤", "步骤",
              "步骤名称", "工作环节")),
    "department": (("Department or person", "涉及部门/人", "涉及部門/人"),
                   ("department", "department/person", "who", "role", "team", "lane",
                    "涉及部门", "涉及人员", "部门", "部门/人", "执行部门", "岗位", "角色")),
    "description": (("What happens", "当前步骤简述", "當前步驟簡述"),
                    ("description", "current step", "current practice", "details",
                     "步骤简述", "当前做法", "简述", "描述", "说明", "步骤描述")),
    "days": (("Days per order", "耗时（天/单）", "耗時（天/單）"),
             ("days", "days/order", "duration", "time", "lead time", "time per order", "hours",
              "hours per order", "耗时", "用时", "时长",
              "耗时(天)", "周期")),
    "problem_type": (("Problem type", "问题类型", "問題類型"),
                     ("type", "category", "类型", "问题分类")),
    "problem": (("Problem", "具体问题描述", "具體問題描述"),
                ("problem description", "issue", "pain point", "问题描述", "具体问题", "问题",
                 "痛点")),
    "priority": (("Priority", "改进优先级", "改進優先級"),
                 ("improvement priority", "优先级", "优先")),
    # Beyond the team's seven columns: what the export writes so nothing is lost.
    "impact": (("Impact", "影响程度", "影響程度"), ("影响",)),
    "frequency": (("Frequency", "发生频率", "發生頻率"), ("频率", "频次")),
    "why": (("Why (symptom to root cause)", "原因链（现象→根因）", "原因鏈（現象→根因）"),
            ("why", "whys", "5 whys", "five whys", "root cause", "why chain", "原因链",
             "根本原因", "根因", "原因分析", "5个为什么", "五个为什么")),
    "wait": (("Wait before (days per order)", "等待（天/单）", "等待（天/單）"),
             ("wait", "waiting", "wait (days)", "queue", "等待", "等待时间", "排队")),
    "step_id": (("Step ID", "步骤编号", "步驟編號"), ("step id", "id", "步骤id")),
    "problem_id": (("Problem ID", "问题编号", "問題編號"), ("problem id", "问题id")),
    "number": (("No.", "序号", "序號"), ("no", "#", "number", "item", "编号", "行号")),
}
"""Survey columns in the order the export writes them (`number` is read and ignored)."""

ACTION_COLUMNS = (
    ("what", ("Improvement measure", "优化措施", "優化措施")),
    ("department", ("Responsible department", "责任部门", "責任部門")),
    ("owner", ("Owner", "负责人", "負責人")),
    ("due", ("Due date", "计划完成时间", "計劃完成時間")),
    ("resources", ("Resources needed", "所需资源", "所需資源")),
    ("acceptance", ("Acceptance criterion", "验收标准", "驗收標準")),
    ("status", ("Status", "状态", "狀態")),
    ("steps", ("Steps changed", "涉及环节", "涉及環節")),
    ("problems", ("Problems addressed", "针对问题", "針對問題")),
)

PILOT_COLUMNS = (
    ("name", ("Indicator", "评估指标", "評估指標")),
    ("unit", ("Unit", "单位", "單位")),
    ("before", ("Before the pilot", "试点前", "試點前")),
    ("after", ("After the pilot", "试点后", "試點後")),
    ("change", ("Change", "变化率", "變化率")),
    ("target", ("Target", "目标", "目標")),
    ("met", ("Target met", "达标情况", "達標情況")),
)

SHEET_TITLES = {"survey": ("Current-state survey", "现状调研", "現狀調研"),
                "actions": ("Responsibilities", "责任分工", "責任分工"),
                "pilot": ("Pilot evaluation", "试点评估", "試點評估")}

VALUE_WORDS = {
    # field: {canonical: (English, Simplified, Traditional written), other words read}
    "type": {"efficiency": (("efficiency", "效率", "效率"), ("时效",)),
             "cost": (("cost", "成本", "成本"), ("费用",)),
             "experience": (("experience", "体验", "體驗"), ("客户体验", "用户体验")),
             "risk": (("risk", "风险", "風險"), ("合规风险",))},
    "level": {"high": (("high", "高", "高"), ("h",)),
              "medium": (("medium", "中", "中"), ("m", "mid", "middle")),
              "low": (("low", "低", "低"), ("l",))},
    "priority": {"urgent": (("high", "高", "高"), ("urgent", "紧急", "h")),
                 "important": (("medium", "中", "中"), ("important", "重要", "m", "mid")),
                 "routine": (("low", "低", "低"), ("routine", "一般", "常规", "l"))},
    "status": {"planned": (("planned", "计划中", "計劃中"), ()),
               "doing": (("doing", "进行中", "進行中"), ()),
               "done": (("done", "已完成", "已完成"), ())},
    "met": {"met": (("met", "达标", "達標"), ()), "missed": (("missed", "未达标", "未達標"), ())},
}

NOTES = {
    "also": ("Also involves: {others} (the survey lists {cell}).", "同时涉及：{others}（调研表中为“{cell}”）。",
             "同時涉及：{others}（調研表中為「{cell}」）。"),
    "separator": (", ", "、", "、"),
    "separator_cell": ("/", "/", "/"),
    "unassigned": ("Unassigned", "未分配", "未分配"),
}
"""Texts the import writes into the process file, in its language."""

_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|【[^【】]*】")
_DROP = re.compile(r"[\s*:：_]+")
_HOURS = re.compile(r"小时|钟头|hour|hrs?\b|\bh\b")


def normalise(text: str) -> str:
    """A header or value as it is compared: NFKC, case folded, Simplified, no spaces."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _DROP.sub("", zhconv.convert(folded, "zh-hans"))


def _core(text: str) -> str:
    return _BRACKETS.sub("", normalise(text))


def _names() -> tuple[dict[str, str], dict[str, str]]:
    whole, core = {}, {}
    for key, (written, others) in SURVEY_COLUMNS.items():
        for name in (*written, *others):
            whole.setdefault(normalise(name), key)
            core.setdefault(_core(name), key)
    return whole, core


_WHOLE, _CORE = _names()


def survey_column(header: str) -> Optional[str]:
    """The survey column a header names (`step`, `days`...), or None for an unknown one."""
    if not header.strip():
        return None
    return _WHOLE.get(normalise(header)) or _CORE.get(_core(header)) or None


def hours_header(header: str) -> bool:
    """True when a duration header says its numbers are hours (`耗时（小时）`), not days."""
    return bool(_HOURS.search(normalise(header)))


def header(columns, key: str, language: str) -> str:
    """The header the export writes for `key` in `language` (en, zh or zh-Hant)."""
    table = dict(columns) if not isinstance(columns, dict) else {k: v[0] for k, v in columns.items()}
    return table[key][LANGUAGES.index(language)]


def value_word(field: str, canonical: str, language: str) -> str:
    """The word the export writes for a canonical value (`risk` → 风险)."""
    return VALUE_WORDS[field][canonical][0][LANGUAGES.index(language)]


def read_value(field: str, text: str) -> Optional[str]:
    """The canonical value a cell's word means (`風險` → risk), or None if it is unknown."""
    wanted = normalise(text)
    for canonical, (written, others) in VALUE_WORDS[field].items():
        if wanted in {normalise(word) for word in (canonical, *written, *others)}:
            return canonical
    return None


def allowed_words(field: str, language: str) -> str:
    """The words of a field in `language` and English, for a hint: `效率, 成本 (efficiency...)`."""
    index = LANGUAGES.index(language)
    local = [written[index] for written, _ in VALUE_WORDS[field].values()]
    english = [written[0] for written, _ in VALUE_WORDS[field].values()]
    shown = ", ".join(dict.fromkeys(local))
    return shown if local == english else f"{shown} (or {', '.join(english)})"
