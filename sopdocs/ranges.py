"""Duration ranges (issue 15): `{min, likely, max}` (triangular), `{min, max}` (uniform)
and `{mean, distribution: exponential}`, besides a fixed value.

`structure_problem` checks a range's keys and forms (no calendar needed; the field
tables' `classify` uses it), `order_problem` checks min ≤ likely ≤ max with the process's
calendar (rule SOP130), and `build_range` makes the model's Duration, whose `hours` is
the mean: triangular (min + likely + max) / 3, uniform (min + max) / 2, exponential the
mean. `summary` is the range's readable `text` (`1d–4d, likely 2d`, `2h–1d`, `mean
30m`), which `i18n.Texts.written` shows with its units in the page's language.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Optional

from .fields import RANGE_FORMS, RANGE_VALUE_KEYS
from .model import Calendar, Duration, DurationError, Span
from .yamlnodes import YNode

RANGE = "SOP130"
WRONG_TYPE = "SOP103"
BAD_DURATION = "SOP105"
FORMS_HINT = ("write {min: 1d, likely: 2d, max: 4d} (triangular), {min: 1d, max: 4d} (uniform)"
              " or {mean: 30m, distribution: exponential}")


_PART = r"(?:(?:\d+(?:\.\d+)?|\.\d+)\s*(?:min|m|h|d|w)|0)"
_SUMMARY = re.compile(rf"^(?P<min>{_PART})–(?P<max>{_PART})(?:, likely (?P<likely>{_PART}))?$|^mean (?P<mean>{_PART})$")


@dataclass(frozen=True)
class RangeProblem:
    """What is wrong with a range: the rule code, message, hint and the node to point at."""

    code: str
    message: str
    hint: str
    node: YNode


def _value_problem(name: str, key: str, node: YNode) -> Optional[RangeProblem]:
    if node.kind != "scalar" or node.value is None or isinstance(node.value, bool):
        shown = "a mapping" if node.kind == "map" else "a list" if node.kind == "seq" else f"'{node.raw}'"
        return RangeProblem(WRONG_TYPE, f"'{name}' {key} must be a duration like 2h or 0.5d, not {shown}",
                            f"write e.g. {key}: 2h", node)
    try:
        Duration.parse(node.value, Calendar())
    except DurationError as error:
        return RangeProblem(BAD_DURATION, f"'{name}' {key}: {error}", "e.g. 30m, 2h, 0.5d or 1w", node)
    return None


def _bad_distribution(name: str, value: YNode) -> RangeProblem:
    shown = f", not '{str(value.raw)[:40]}'" if value.kind == "scalar" else ""
    fixed = value.kind == "scalar" and value.raw == "fixed"
    return RangeProblem(RANGE, f"'{name}' distribution must be triangular, uniform or exponential{shown}",
                        f"a fixed duration is a single value: {name}: 2h" if fixed else FORMS_HINT, value)


def _read(name: str, node: YNode):
    """(value keys → (key node, value node), distribution (key node, value node), problem)."""
    values: dict[str, tuple[YNode, YNode]] = {}
    distribution = None
    for key, key_node, value in node.pairs():
        if key == "distribution":
            if not (value.kind == "scalar" and isinstance(value.value, str) and value.value in RANGE_FORMS):
                return values, None, _bad_distribution(name, value)
            distribution = (key_node, value)
        elif key in RANGE_VALUE_KEYS:
            problem = _value_problem(name, key, value)
            if problem:
                return values, None, problem
            values[key] = (key_node, value)
        else:
            guess = difflib.get_close_matches(str(key), RANGE_VALUE_KEYS + ("distribution",), n=1)
            return values, None, RangeProblem(
                RANGE, f"unknown key '{str(key)[:40]}' in the '{name}' range",
                (f"did you mean '{guess[0]}'? " if guess else "") + FORMS_HINT, key_node)
    return values, distribution, None


def _later(first: YNode, second: YNode) -> YNode:
    return max(first, second, key=lambda node: (node.line, node.col))


def structure_problem(name: str, node: YNode) -> Optional[RangeProblem]:
    """The first problem with the keys of the range mapping `node` (the value of `name`,
    duration or wait), or None when they make one of the three forms."""
    values, distribution, problem = _read(name, node)
    if problem:
        return problem
    if not values and not distribution:
        return RangeProblem(RANGE, f"the '{name}' range has no min, max or mean", FORMS_HINT, node)
    wanted = distribution[1].value if distribution else None
    if "mean" in values:
        others = [key for key in values if key != "mean"]
        if others:
            return RangeProblem(RANGE, f"the '{name}' range mixes 'mean' with '{others[0]}'",
                                "an exponential duration has only a mean; " + FORMS_HINT,
                                _later(values["mean"][0], values[others[0]][0]))
        if wanted is None:
            return RangeProblem(RANGE, f"the '{name}' range has 'mean' but no distribution",
                                f"write {{mean: {values['mean'][1].raw}, distribution: exponential}},"
                                " or give min and max", values["mean"][0])
        if wanted != "exponential":
            return RangeProblem(RANGE, f"a {wanted} '{name}' takes {', '.join(RANGE_FORMS[wanted])}, not 'mean'",
                                "write distribution: exponential for a mean", distribution[1])
        if Duration.parse(values["mean"][1].value, Calendar()).hours <= 0:
            return RangeProblem(RANGE, f"the exponential '{name}' has a mean of 0",
                                f"write {name}: 0 for a milestone, or a mean above 0", values["mean"][1])
        return None
    if wanted == "exponential":
        return RangeProblem(RANGE, f"an exponential '{name}' needs 'mean' (and no min, likely or max)",
                            "write {mean: 30m, distribution: exponential}", distribution[1])
    for key in ("min", "max"):
        if key not in values:
            return RangeProblem(RANGE, f"the '{name}' range has no '{key}'", FORMS_HINT, node)
    if wanted == "triangular" and "likely" not in values:
        return RangeProblem(RANGE, f"a triangular '{name}' needs 'likely'",
                            "add likely: (the most common value), or write distribution: uniform",
                            distribution[1])
    if wanted == "uniform" and "likely" in values:
        return RangeProblem(RANGE, f"a uniform '{name}' has no 'likely'",
                            "remove likely, or write distribution: triangular", values["likely"][0])
    return None


def order_problem(name: str, node: YNode, calendar: Calendar) -> Optional[RangeProblem]:
    """For a well-formed min/max range: a likely outside [min, max] or a max not above min
    (compared in working hours with `calendar`), else None."""
    get = {key: value for key, _, value in node.pairs() if key in ("min", "likely", "max")}
    if "min" not in get or "max" not in get:
        return None
    hours = {key: Duration.parse(value.value, calendar).hours for key, value in get.items()}
    text = {key: value.raw.strip() for key, value in get.items()}
    if "likely" in hours and hours["likely"] < hours["min"]:
        return RangeProblem(RANGE, f"the '{name}' likely ({text['likely']}) is below its min ({text['min']})",
                            "likely must lie between min and max", get["likely"])
    if "likely" in hours and hours["likely"] > hours["max"]:
        return RangeProblem(RANGE, f"the '{name}' likely ({text['likely']}) is above its max ({text['max']})",
                            "likely must lie between min and max", get["likely"])
    if hours["max"] < hours["min"]:
        return RangeProblem(RANGE, f"the '{name}' max ({text['max']}) is below its min ({text['min']})",
                            "swap min and max", get["max"])
    if hours["max"] == hours["min"]:
        return RangeProblem(RANGE, f"the '{name}' min and max are equal ({text['min']}, {text['max']}):"
                            " that is a fixed duration", f"write {name}: {text['min']}, or widen the range",
                            get["max"])
    return None


def summary(parts: dict[str, str]) -> str:
    """The readable text of a range from its parts: `1d–4d, likely 2d`, `2h–1d`, `mean 30m`."""
    if "mean" in parts:
        return f"mean {parts['mean']}"
    text = f"{parts.get('min', '')}–{parts.get('max', '')}"
    return f"{text}, likely {parts['likely']}" if "likely" in parts else text


def parse_summary(text: str) -> Optional[tuple[tuple[str, str], ...]]:
    """The parts of a range's `summary` text (`1d–4d, likely 2d` → min, likely, max), in
    the canonical order, or None when `text` is not one (a spreadsheet cell, issue 15)."""
    match = _SUMMARY.match(text.strip())
    if not match:
        return None
    found = {key: value for key, value in match.groupdict().items() if value}
    order = ("mean",) if "mean" in found else ("min", "likely", "max")
    return tuple((key, found[key]) for key in order if key in found)


def make_range(parts: tuple[tuple[str, str], ...], calendar: Calendar,
               span: Optional[Span] = None) -> Duration:
    """A range Duration from its parts (keys and duration texts, as written); `hours` is
    the mean. Raises DurationError for a text that is not a duration, KeyError for parts
    that make no form."""
    hours = {key: Duration.parse(0 if text == "0" else text, calendar).hours for key, text in parts}
    texts = dict(parts)
    if "mean" in hours:
        return Duration(hours["mean"], summary(texts), span, "exponential", parts=parts)
    low, high = hours["min"], hours["max"]
    if "likely" in hours:
        likely = hours["likely"]
        return Duration((low + likely + high) / 3, summary(texts), span, "triangular",
                        low, likely, high, parts)
    return Duration((low + high) / 2, summary(texts), span, "uniform", low, None, high, parts)


def build_range(node: YNode, calendar: Calendar, span: Optional[Span] = None) -> Duration:
    """The Duration of a range mapping that `structure_problem` accepts."""
    parts = tuple((key, Duration.parse(value.value, Calendar()).text)
                  for key, _, value in node.pairs() if key in RANGE_VALUE_KEYS)
    return make_range(parts, calendar, span)
