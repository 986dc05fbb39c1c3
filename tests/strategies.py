"""Hypothesis strategies for process files, as YAML text (what users and attackers write).

- `process_documents()`: a valid process as a Python dict, built valid by construction:
  steps chained in order (so every step is reachable and reaches the last one), decisions
  and parallel splits with two or more branches, rework loops and self links, optional
  probabilities that add up to at most 1, lanes, owners, durations, waits, problems, KPIs
  and calendars. Texts mix ASCII, HTML/Markdown/DOT/Mermaid metacharacters, CJK, emoji
  and any other code point (control characters included: they reach the model through
  YAML escapes such as "\\0").
- `valid_yaml()`: such a document dumped as YAML (ruamel.yaml's emitter quotes and
  escapes whatever a text needs).
- `invalid_yaml()`: a valid document mutated: a key dropped, a value of the wrong type,
  an unknown key, a bad duration, a dangling `next`, a text replaced by random Unicode,
  a huge or negative number; or the YAML text itself damaged (characters inserted,
  cut short, lines shuffled, a BOM, a tab).
- `any_yaml()`: all of the above and arbitrary text.
"""

from __future__ import annotations

import copy
import io
from typing import Any

from hypothesis import strategies as st
from ruamel.yaml import YAML

from sopdocs.model import LEVELS, PROBLEM_TYPES, STATUSES

ID_POOL = ("start", "a", "b", "c", "review", "sign", "done", "x-1", "y_2", "Z9", "legal-review")
LANE_POOL = ("sales", "legal", "finance", "ops", "l-1", "Sales2")
METACHARACTERS = "<>&\"'{}[]|#;:`\\%*_~!@$()-=+/?.,\n\t "
DURATIONS = ("30m", "45min", "1h", "2h", "1.5 h", "0.5d", "1d", "3d", "1w", ".5h", 0)
# issue 15: ranges valid at any calendar the documents use (4 h a day and more: 1d > 2h)
RANGES = ({"min": "1h", "likely": "2h", "max": "1d"}, {"min": "30m", "max": "2h"},
          {"max": "1w", "min": 0, "distribution": "uniform"}, {"mean": "45min", "distribution": "exponential"},
          {"distribution": "triangular", "min": "2h", "likely": "2h", "max": "1d"})
# a fresh copy per draw: mutated_documents edits the mappings it finds in place, and a
# shared RANGES dict would carry that edit into every later draw
durations = st.sampled_from(DURATIONS + RANGES).map(copy.deepcopy)
BAD_DURATIONS = ("5", "2 hours", "-1h", "1x", "", "1e9999h", "nan h", "1.h", "h", "∞h", 7)
TARGETS = ("<= 35", ">= 15%", "< 2", "> 0.5", "== 0", "≤ 10", "≥ 8")
WRONG_VALUES = (123, 1.5, True, None, [], {}, ["x"], {"a": 1}, "text", -1e308, 1e308)

ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_-]{0,7}", fullmatch=True)
characters = st.one_of(
    st.sampled_from(METACHARACTERS),
    st.characters(min_codepoint=0x20, max_codepoint=0x7E),
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK ideographs
    st.characters(exclude_categories=("Cs",)),  # anything else: controls, emoji, RTL...
)
texts = st.lists(characters, min_size=1, max_size=24).map("".join)
markdown = st.lists(st.one_of(texts, st.sampled_from([
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "\n\n", "\n- item", "```\ncode\n```",
    "<img src=x onerror=alert(1)>", "# heading", "| a | b |", "{: onclick=alert(1) }"])),
    min_size=1, max_size=6).map("\n".join)


def _optional(draw, strategy, probability_none: float = 0.5) -> Any:
    return None if draw(st.floats(0, 1)) < probability_none else draw(strategy)


def _prune(mapping: dict) -> dict:
    return {key: value for key, value in mapping.items() if value is not None}


def _branches(draw, step_ids: list[str], index: int, kind: str) -> list:
    """The `next` of a decision or parallel step: the chain target plus one or two others."""
    chain = step_ids[index + 1]
    if kind == "parallel":  # forward only: a parallel split starts work, it does not loop
        others = step_ids[index + 2:]
    else:
        others = [sid for sid in step_ids if sid not in (chain, step_ids[index])]
    extra = draw(st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True))
    targets = [chain] + extra
    if kind == "parallel":
        return targets
    probabilities = draw(st.lists(st.sampled_from([None, 0.1, 0.2, 0.5, 0.7, 1.0]),
                                  min_size=len(targets), max_size=len(targets)))
    total = sum(p for p in probabilities if p is not None)
    if total > 1:
        probabilities = [None if p is None else p / total for p in probabilities]
        total = 1.0
    if probabilities[0] is None and total >= 1:  # the chain branch keeps a share (SOP131)
        probabilities = [None if p is None else p * 0.9 / total for p in probabilities]
    return [_prune({"to": target, "when": _optional(draw, texts), "probability": probability})
            for target, probability in zip(targets, probabilities)]


def _kind(draw, index: int, count: int) -> str:
    if index == 0:
        return draw(st.sampled_from(["task", "start"]))
    if index == count - 1:
        return draw(st.sampled_from(["task", "end"]))
    kinds = ["task", "task", "decision", "subprocess"]
    if index + 2 < count:
        kinds.append("parallel")
    return draw(st.sampled_from(kinds))


def _next(draw, step_ids: list[str], index: int, kind: str) -> Any:
    if kind == "end" or index == len(step_ids) - 1:
        return None
    if kind in ("decision", "parallel"):
        return _branches(draw, step_ids, index, kind)
    chain = step_ids[index + 1]
    loop = _optional(draw, st.sampled_from(step_ids[: index + 1]), 0.8)  # rework or self link
    return [chain, loop] if loop else chain


def _step(draw, step_ids: list[str], index: int, lane_ids: list[str]) -> dict:
    kind = _kind(draw, index, len(step_ids))
    step = {"id": step_ids[index], "name": draw(texts) if kind not in ("start", "end") else
            _optional(draw, texts), "type": None if kind == "task" and draw(st.booleans()) else kind,
            "lane": draw(st.sampled_from(lane_ids)), "owner": _optional(draw, texts),
            "duration": _optional(draw, durations, 0.3),
            "wait": _optional(draw, durations, 0.7),
            "inputs": _optional(draw, st.lists(texts, max_size=3)),
            "outputs": _optional(draw, st.lists(texts, max_size=3)),
            "systems": _optional(draw, st.lists(texts, max_size=2), 0.7),
            "instructions": _optional(draw, markdown, 0.7),
            "next": _next(draw, step_ids, index, kind),
            "process": draw(ids) if kind == "subprocess" else None,
            "problems": _optional(draw, st.lists(st.fixed_dictionaries({
                "description": texts, "type": st.sampled_from(PROBLEM_TYPES),
                "impact": st.sampled_from(LEVELS), "frequency": st.sampled_from(LEVELS)}),
                max_size=2), 0.8)}
    return _prune(step)


@st.composite
def process_documents(draw, max_steps: int = 8) -> dict:
    """A valid process document (a dict ready to dump as YAML)."""
    lane_ids = draw(st.lists(st.one_of(st.sampled_from(LANE_POOL), ids), min_size=1, max_size=4,
                             unique=True))
    step_ids = draw(st.lists(st.one_of(st.sampled_from(ID_POOL), ids), min_size=2,
                             max_size=max_steps, unique=True))
    lanes = [_prune({"id": lane_id, "name": _optional(draw, texts, 0.2),
                     "owner": _optional(draw, texts),
                     "capacity": _optional(draw, st.integers(1, 50), 0.7)}) for lane_id in lane_ids]
    kpis = draw(st.lists(st.fixed_dictionaries(
        {"name": texts}, optional={"unit": texts, "value": st.floats(-1e6, 1e6, allow_nan=False),
                                   "target": st.sampled_from(TARGETS)}), max_size=3))
    kpis += draw(st.lists(st.fixed_dictionaries(  # issue 15: KPIs a forecast measures
        {"name": texts, "unit": st.sampled_from(["days", "h", "weeks", "天", "小时"]),
         "target": st.sampled_from(TARGETS), "measures": st.sampled_from(["lead_time", "work_time"])}),
        max_size=1))
    calendar = _optional(draw, st.fixed_dictionaries(
        {}, optional={"hours_per_day": st.sampled_from([4, 7.5, 8, 10, 24]),
                      "days_per_week": st.sampled_from([1, 4.5, 5, 6, 7])}), 0.7)
    return _prune({
        "id": _optional(draw, ids), "title": draw(texts), "summary": _optional(draw, markdown),
        "owner": _optional(draw, texts), "version": _optional(draw, texts, 0.7),
        "status": _optional(draw, st.sampled_from(STATUSES)),
        "tags": _optional(draw, st.lists(texts, max_size=3), 0.7), "calendar": calendar,
        "start_date": _optional(draw, st.dates().map(lambda day: day.isoformat()), 0.8),
        "language": _optional(draw, st.sampled_from(["en", "zh"]), 0.8),
        "lanes": lanes,
        "steps": [_step(draw, step_ids, index, lane_ids) for index in range(len(step_ids))],
        "kpis": kpis or None,
        "arrivals": _optional(draw, st.one_of(  # issue 15
            st.fixed_dictionaries({"every": st.sampled_from(["30m", "4h", "1.5 d", "1w"])}),
            st.fixed_dictionaries({"per_week": st.sampled_from([1, 2.5, 20, 1000])})), 0.7),
    })


def to_yaml(document: Any) -> str:
    """YAML text of a document (block style, Unicode kept, escapes where YAML needs them)."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    stream = io.StringIO()
    yaml.dump(document, stream)
    return stream.getvalue()


def valid_yaml(max_steps: int = 8) -> st.SearchStrategy[str]:
    """The YAML text of a valid process."""
    return process_documents(max_steps).map(to_yaml)


def _mappings(node: Any, found: list) -> list:
    if isinstance(node, dict):
        found.append(node)
        for value in node.values():
            _mappings(value, found)
    elif isinstance(node, list):
        for value in node:
            _mappings(value, found)
    return found


@st.composite
def mutated_documents(draw) -> dict:
    """A valid document with one structural mistake (see the module docstring)."""
    document = draw(process_documents())
    mapping = draw(st.sampled_from([found for found in _mappings(document, []) if found]))
    mutation = draw(st.sampled_from(["drop", "wrong_type", "unknown_key", "bad_duration",
                                     "dangling_next", "unicode", "number"]))
    key = draw(st.sampled_from(sorted(mapping)))
    if mutation == "drop":
        del mapping[key]
    elif mutation == "wrong_type":
        mapping[key] = draw(st.sampled_from(WRONG_VALUES))
    elif mutation == "unknown_key":
        mapping[draw(texts)] = draw(st.sampled_from(WRONG_VALUES))
    elif mutation == "bad_duration":
        step = draw(st.sampled_from(document["steps"]))
        step[draw(st.sampled_from(["duration", "wait"]))] = draw(st.sampled_from(BAD_DURATIONS))
    elif mutation == "dangling_next":
        draw(st.sampled_from(document["steps"]))["next"] = draw(st.one_of(ids, st.lists(ids)))
    elif mutation == "unicode":
        mapping[key] = draw(st.text(max_size=50))
    else:
        mapping[key] = draw(st.one_of(st.floats(), st.integers(-10 ** 30, 10 ** 30)))
    return document


@st.composite
def damaged_text(draw) -> str:
    """The YAML text of a valid process, damaged as text."""
    text = draw(valid_yaml())
    position = draw(st.integers(0, len(text)))
    damage = draw(st.sampled_from(["insert", "cut", "shuffle", "bom", "tab"]))
    if damage == "insert":
        return text[:position] + draw(st.text(min_size=1, max_size=10)) + text[position:]
    if damage == "cut":
        return text[:position]
    if damage == "shuffle":
        return "\n".join(draw(st.permutations(text.split("\n"))))
    if damage == "bom":
        return "\ufeff" + text
    return text[:position] + "\t" + text[position:]


def invalid_yaml() -> st.SearchStrategy[str]:
    """The YAML text of an invalid (or at least damaged) process."""
    return st.one_of(mutated_documents().map(to_yaml), damaged_text())


def any_yaml() -> st.SearchStrategy[str]:
    """Valid, invalid or arbitrary text."""
    return st.one_of(valid_yaml(), invalid_yaml(), st.text(max_size=200))


# issue 12: why-chains, stated priorities, problem ids, actions, the pilot, KPI pilot values
PRIORITY_WORDS = ("urgent", "important", "routine", "high", "medium", "low", "高", "中", "低")


@st.composite
def improvement_documents(draw, max_steps: int = 6) -> dict:
    """A valid process document (see `process_documents`) whose problems carry ids,
    why-chains and stated priorities, with actions that name its steps and problems,
    an optional pilot and KPIs with before/after values."""
    document = draw(process_documents(max_steps))
    step_ids = [step["id"] for step in document["steps"]]
    problem_ids = []
    for step in document["steps"]:
        for index, problem in enumerate(step.get("problems", [])):
            problem["id"] = f"{step['id']}-p{index}"  # unique: step ids are
            problem_ids.append(problem["id"])
            problem.update(_prune({"why": _optional(draw, st.lists(texts, min_size=1, max_size=3)),
                                   "priority": _optional(draw, st.sampled_from(PRIORITY_WORDS))}))
    action = st.fixed_dictionaries({"what": texts}, optional={
        "department": st.one_of(texts, st.sampled_from([lane["id"] for lane in document["lanes"]])),
        "owner": texts, "due": st.dates().map(lambda day: day.isoformat()), "resources": texts,
        "acceptance": texts, "status": st.sampled_from(["planned", "doing", "done"]),
        "steps": st.lists(st.sampled_from(step_ids), max_size=3, unique=True),
        "problems": st.lists(st.sampled_from(problem_ids), max_size=2, unique=True)
        if problem_ids else st.just([])})
    document["actions"] = draw(st.lists(action, max_size=4)) or None
    for kpi in document.get("kpis") or []:
        if draw(st.booleans()):
            kpi["before"] = draw(st.floats(-1e6, 1e6, allow_nan=False))
            kpi["after"] = draw(st.floats(-1e6, 1e6, allow_nan=False))
    document["pilot"] = _optional(draw, st.fixed_dictionaries({"scope": texts}, optional={
        "before": st.fixed_dictionaries({"period": texts}),
        "after": st.fixed_dictionaries({"period": texts})}))
    return _prune(document)
