"""Walking a parsed process document against the field tables.

`mappings` visits every mapping the format defines (the process, its calendar, each
lane, step, branch, KPI and problem) with the table that governs it; `classify` says
whether one value has the kind its field wants and, if not, which rule's code applies.
Structural validation rules and the loader share these, so they agree.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass
from typing import Iterator, Optional

from . import fields
from .fields import FieldSpec
from .model import Calendar, Duration, DurationError, Target, TargetError
from .yamlnodes import YNode

WRONG_TYPE = "SOP103"
BAD_VALUE = "SOP104"
BAD_DURATION = "SOP105"
BAD_TARGET = "SOP113"
BAD_FORECAST_VALUE = "SOP132"  # issue 15: arrivals and lane capacity
_DATE_RE = re.compile(fields.DATE_PATTERN)
_INTERVAL_RE = re.compile(fields.INTERVAL_PATTERN)


@dataclass(frozen=True)
class Finding:
    """What is wrong with one value: the rule code, the message and a hint."""

    code: str
    message: str
    hint: str = ""
    at: Optional[YNode] = None


def mappings(root: YNode) -> Iterator[tuple[dict, YNode]]:
    """Every (field table, mapping node) pair in the document, in file order."""
    stack = [(fields.PROCESS, root)]  # children pushed in reverse: popped in file order
    while stack:
        table, node = stack.pop()
        if node.kind != "map":
            continue
        yield table, node
        children = []
        for key, _, value in node.pairs():
            spec = table.get(key)
            if spec is None:
                continue
            children.extend(_nested(spec, value))
        stack.extend(reversed(children))


def _nested(spec: FieldSpec, value: YNode) -> list[tuple[dict, YNode]]:
    if spec.kind == "next":
        if value.kind == "seq":
            return [(fields.LINK, item) for item in value.items if item.kind == "map"]
        return []
    if spec.kind not in fields.NESTED:
        return []
    table, is_list = fields.NESTED[spec.kind]
    if is_list:
        if value.kind != "seq":
            return []
        return [(table, item) for item in value.items if item.kind == "map"]
    return [(table, value)] if value.kind == "map" else []


def table_name(table: dict) -> str:
    """A reader's name for what a table describes ("step", "lane", ...)."""
    return fields.TABLE_NAMES[id(table)]


def expected(spec: FieldSpec) -> str:
    """A short phrase saying what kind of value a field wants."""
    return {
        "id": "an id (letters, digits, '-' or '_')",
        "text": "a text",
        "markdown": "a text (Markdown)",
        "number": "a number",
        "probability": "a number between 0 and 1",
        "duration": "a duration like 2h or 0.5d, or a range like {min: 1d, likely: 2d, max: 4d}",
        "fixed_duration": "a duration like 4h or 1d",  # issue 15
        "count": "a whole number like 3",
        "rate": "a number like 20",
        "target": 'a target like "<= 35"',
        "date": "a date YYYY-MM-DD",
        "enum": "one of " + ", ".join(spec.choices),
        "text_list": "a list of texts",
        "next": "a step id, a list of ids, or a list of {to, when, probability}",
        "calendar": "a mapping with hours_per_day and days_per_week",
        "pilot": "a mapping with scope, before and after",  # issue 12
        "period": "a mapping with period",  # issue 12
        "interval": "a period like 6 months or 1 year",  # issue 16
        "approval": "a mapping with by and on",
        "review": "a mapping with every and/or next",
        "arrivals": "a mapping with every or per_week",  # issue 15
    }.get(spec.kind, "a list of mappings")


def describe(node: YNode) -> str:
    """How a user would describe the value they wrote ("a list", "the number 3")."""
    if node.kind == "map":
        return "a mapping"
    if node.kind == "seq":
        return "a list"
    if node.value is None:
        return "nothing (null)"
    if isinstance(node.value, bool):
        return f"the boolean {node.raw}"
    if isinstance(node.value, (int, float)):
        return f"the number {node.raw}"
    return f"'{_short(node.raw)}'"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def classify(spec: FieldSpec, node: YNode) -> Optional[Finding]:
    """The problem with `node` as a value of `spec`, or None when it is acceptable."""
    checker = _CHECKERS.get(spec.kind, _check_nested)
    return checker(spec, node)


def _wrong(spec: FieldSpec, node: YNode) -> Finding:
    return Finding(
        WRONG_TYPE,
        f"'{spec.name}' must be {expected(spec)}, not {describe(node)}",
        _type_hint(spec, node),
    )


def _type_hint(spec: FieldSpec, node: YNode) -> str:
    if spec.kind in ("text", "markdown") and node.kind in ("map", "seq"):
        return "put the text in quotes if it contains ':' or starts with '[' or '{'"
    if spec.kind == "text_list" and node.kind == "map":
        return f"write a list: {spec.name}: [first, second]"
    if spec.kind in fields.NESTED and fields.NESTED[spec.kind][1]:
        return f"write '{spec.name}:' followed by items that start with '- '"
    return f"write {expected(spec)}"


def _is_text(node: YNode) -> bool:
    return node.kind == "scalar" and node.value is not None


def _check_text(spec: FieldSpec, node: YNode) -> Optional[Finding]:
    return None if _is_text(node) else _wrong(spec, node)


def _check_id(spec: FieldSpec, node: YNode) -> Optional[Finding]:
    if not _is_text(node):
        return _wrong(spec, node)
    if not fields.ID_RE.match(node.raw):
        return Finding(
            BAD_VALUE,
            f"'{_short(node.raw)}' is not a valid id for '{spec.name}'",
            "ids use letters, digits, '-' and '_' and start with a letter or digit,"
            " e.g. legal-review",
        )
    return None


def _check_number(spec: FieldSpec, node: YNode) -> Optional[Finding]:
    value = node.value
    if node.kind != "scalar" or isinstance(value, bool) or not isinstance(value, (int, float)):
        return _wrong(spec, node)
    if spec.kind == "number" and spec.name in ("hours_per_day", "days_per_week"):
        limit = 24 if spec.name == "hours_per_day" else 7
        if not 0 < value <= limit:
            return Finding(
                BAD_VALUE,
                f"'{spec.name}' must be above 0 and at most {limit}, not {node.raw}",
                f"write a number of working {'hours per day' if limit == 24 else 'days per week'}",
            )
    return None


def _check_enum(spec: FieldSpec, node: YNode) -> Optional[Finding]:
    if not _is_text(node):
        return _wrong(spec, node)
    if node.raw in spec.choices:
        return None
    guess = difflib.get_close_matches(node.raw, spec.choices, n=1)
    return Finding(
        BAD_VALUE,
        f"'{_short(node.raw)}' is not a valid {spec.name}",
        (f"did you mean '{guess[0]}'? " if guess else "") + "use one of " + ", ".join(spec.choices),
    )


def _check_duration(spec: FieldSpec, node: YNode) -> Optional[Finding]:
    if node.kind == "map" and spec.kind == "duration":  # issue 15: a range
        from .ranges import structure_problem

        problem = structure_problem(spec.name, node)
        return problem and Finding(problem.code, problem.message, problem.hint, problem.node)
    if node.kind != "scalar" or node.value is None:
        return _wrong(spec, node)
    try:
        Duration.parse(node.value, Calendar())
    except DurationError as error:
        return Finding(BAD_DURATION, f"'{spec.name}': {error}", _duration_hint(node.raw))
    return None


def _check_fixed_duration(spec: FieldSpec, node: YNode) -> Optional[Finding]:
    """issue 15: `arrivals.every`, a fixed duration above 0."""
    problem = _check_duration(spec, node)
    if problem is None and Duration.parse(node.value, Calendar()).is_zero:
        return Finding(BAD_FORECAST_VALUE, f"'{spec.name}: 0' would start infinitely many cases",
                       "write the mean time between two new cases, e.g. every: 4h")
    return problem


def _check_positive(spec: FieldSpec, node: YNode) -> Optional[Finding]:
    """issue 15: a lane's `capacity` (a whole number from 1) or `per_week` (a number above 0)."""
    value = node.value
    if node.kind != "scalar" or isinstance(value, bool) or not isinstance(value, (int, float)):
        return _wrong(spec, node)
    whole = spec.kind == "count"
    if (whole and (not isinstance(value, int) or value < 1)) or not 0 < value < float("inf"):
        return Finding(BAD_FORECAST_VALUE,
                       f"'{spec.name}' must be {'a whole number from 1' if whole else 'a number above 0'},"
                       f" not {node.raw}",
                       "write how many people work in the lane at once, e.g. capacity: 3" if whole else
                       "write the mean number of new cases per working week, e.g. per_week: 20")
    return None


_UNIT_WORDS = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(min|minutes?|mins?|hours?|hrs?|days?|weeks?|wks?)\s*$", re.I)


def _duration_hint(raw: str) -> str:
    match = _UNIT_WORDS.match(raw)
    if match:
        unit = match.group(2).lower()
        short = "m" if unit.startswith("min") else unit[0]
        return f"write {match.group(1)}{short}"
    if re.match(r"^\s*\d+(\.\d+)?\s*$", raw):
        return f"add a unit: {raw.strip()}h for hours, {raw.strip()}d for working days"
    return "e.g. 30m, 2h, 0.5d or 1w"


def _check_target(spec: FieldSpec, node: YNode) -> Optional[Finding]:
    if node.kind != "scalar" or node.value is None:
        return _wrong(spec, node)
    try:
        Target.parse(node.value)
    except TargetError as error:
        return Finding(BAD_TARGET, str(error), 'quote it: target: "<= 35"')
    return None


def _check_date(spec: FieldSpec, node: YNode) -> Optional[Finding]:
    if not _is_text(node) or not _DATE_RE.match(str(node.value)):
        return Finding(
            BAD_VALUE if _is_text(node) else WRONG_TYPE,
            f"'{spec.name}' must be a date YYYY-MM-DD, not {describe(node)}",
            f"e.g. {spec.name}: 2025-03-03",
        )
    try:
        datetime.date.fromisoformat(str(node.value))
    except ValueError:
        return Finding(BAD_VALUE, f"'{spec.name}': {node.raw} is not a date in the calendar",
                       "check the month (01-12) and the day of the month (e.g. February has 28 or 29 days)")
    return None


def _check_interval(spec: FieldSpec, node: YNode) -> Optional[Finding]:
    """issue 16: `review.every`, a count and a unit (day, week, month, year)."""
    if not _is_text(node):
        return _wrong(spec, node)
    if not _INTERVAL_RE.match(str(node.value)):
        return Finding(BAD_VALUE, f"'{spec.name}' must be a period like 6 months or 1 year, not {describe(node)}",
                       "write a whole number (1-999) and day(s), week(s), month(s) or year(s), e.g. every: 1 year")
    return None


def _check_text_list(spec: FieldSpec, node: YNode) -> Optional[Finding]:
    if _is_text(node):
        return None
    if node.kind != "seq":
        return _wrong(spec, node)
    for item in node.items:
        if not _is_text(item):
            return Finding(
                WRONG_TYPE,
                f"each item of '{spec.name}' must be a text, not {describe(item)}",
                "put the item in quotes if it contains ':'",
                item,
            )
    return None


def _check_next(spec: FieldSpec, node: YNode) -> Optional[Finding]:
    if _is_text(node):
        return _check_id(spec, node)
    if node.kind != "seq":
        return _wrong(spec, node)
    for item in node.items:
        if item.kind == "map":
            continue
        problem = _check_id(spec, item)
        if problem:
            return Finding(problem.code, problem.message, problem.hint, item)
    return None


def _check_nested(spec: FieldSpec, node: YNode) -> Optional[Finding]:
    _, is_list = fields.NESTED[spec.kind]
    if is_list and node.kind == "seq":
        if all(item.kind == "map" for item in node.items):
            return None
        return Finding(
            WRONG_TYPE,
            f"every item of '{spec.name}' must be a mapping (key: value pairs)",
            "write each item as '- id: ...' with its keys indented below",
        )
    if not is_list and node.kind == "map":
        return None
    return _wrong(spec, node)


_CHECKERS = {
    "id": _check_id,
    "text": _check_text,
    "markdown": _check_text,
    "number": _check_number,
    "probability": _check_number,
    "enum": _check_enum,
    "duration": _check_duration,
    "fixed_duration": _check_fixed_duration,  # issue 15
    "count": _check_positive,
    "rate": _check_positive,
    "target": _check_target,
    "date": _check_date,
    "interval": _check_interval,  # issue 16
    "text_list": _check_text_list,
    "next": _check_next,
}
