"""Writing a Process back to YAML: `dump_process(process)` gives the text of a process
file that loads to an equal Process (source spans aside).

Useful for tools that build or transform processes in Python (a converter from a
spreadsheet, a script that renames a lane) and for the round-trip property test.
Comments and the original quoting are not kept: the output is a normalised file in the
order of the format reference. Every `next` is written as a list of `{to, when,
probability}` mappings and durations as their original text (`0.5d`), so the numbers
come back exactly; a duration range (issue 15) as a mapping of its parts in the order
they were written (`{min: 1d, likely: 2d, max: 4d}`). Texts are plain scalars when that is unambiguous, Markdown with
several lines is a literal block (`|`), and anything else is double-quoted with
escapes, so any string, control and non-ASCII characters included, round-trips.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Optional

from ruamel.yaml import YAML
from ruamel.yaml.nodes import ScalarNode

from .model import Action, Arrivals, Calendar, Duration, Kpi, Lane, Link, Pilot, Problem, Process, Step

_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _./()-]*[A-Za-z0-9_./()-]|[A-Za-z0-9]")
_NOT_PLAIN = {"null", "true", "false", "yes", "no", "on", "off", "y", "n"}
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}
_LINE_BREAKS = "\x85\u2028\u2029\ufeff"
_RESOLVER = YAML(typ="safe").resolver
_STR_TAG = "tag:yaml.org,2002:str"


@dataclass(frozen=True)
class _Raw:
    """A scalar written as is (numbers, a bare 0 duration)."""

    text: str


def _quoted(text: str) -> str:
    out = []
    for char in text:
        code = ord(char)
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif char.isprintable() and char not in _LINE_BREAKS:
            out.append(char)
        else:
            out.append(f"\\x{code:02x}" if code <= 0xFF else
                       f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}")
    return '"' + "".join(out) + '"'


def _scalar(text: str) -> str:
    """Plain when YAML reads the plain text back as the same string, else quoted."""
    if (_PLAIN.fullmatch(text) and text.lower() not in _NOT_PLAIN
            and _RESOLVER.resolve(ScalarNode, text, (True, False)) == _STR_TAG):
        return text
    return _quoted(text)


def _is_block(text: str) -> bool:
    lines = text.split("\n")
    return (len(lines) > 1 and text[0] not in " \n"
            and all(char == "\n" or (char.isprintable() and char not in _LINE_BREAKS) for char in text)
            and all(line.strip() or not line for line in lines))


def _text_lines(head: str, text: str, indent: int) -> list[str]:
    if not _is_block(text):
        return [f"{head} {_scalar(text)}"]
    body = text.rstrip("\n")
    trailing = len(text) - len(body)
    chomp = "-" if trailing == 0 else "" if trailing == 1 else "+"
    lines = body.split("\n") + [""] * max(trailing - 1, 0)
    return [f"{head} |{chomp}"] + [" " * indent + line if line else "" for line in lines]


def _number(value: float) -> _Raw:
    if math.isnan(value):
        return _Raw(".nan")
    if math.isinf(value):
        return _Raw(".inf" if value > 0 else "-.inf")
    return _Raw(repr(float(value)))


def _fixed(text: str) -> object:
    return _Raw("0") if text == "0" else text


def _duration(duration: Optional[Duration]) -> object:
    if duration is None:
        return None
    if duration.is_range:  # issue 15: a mapping of the parts as written, in their order
        mapping = {key: _fixed(text) for key, text in duration.parts}
        if duration.distribution == "exponential":
            mapping["distribution"] = "exponential"
        return mapping
    return _fixed(duration.text)


def _arrivals(arrivals: Optional[Arrivals]) -> Optional[dict]:
    """issue 15: `{every: 4h}` or `{per_week: 20.0}`."""
    if arrivals is None:
        return None
    if arrivals.every is not None:
        return {"every": arrivals.every.text}
    return {"per_week": _number(arrivals.per_week)} if arrivals.per_week is not None else None


def _emit(pairs: list, indent: int, lines: list[str], first: Optional[str] = None) -> None:
    """Append `key: value` lines; values are texts, _Raw, tuples of texts, lists of
    mappings (lists of pairs) or a nested mapping (a dict); None and empty are skipped."""
    pad = " " * indent
    for key, value in [(k, v) for k, v in pairs if v is not None and v != () and v != []]:
        head, first = f"{first if first is not None else pad}{key}:", None
        if isinstance(value, _Raw):
            lines.append(f"{head} {value.text}")
        elif isinstance(value, str):
            lines.extend(_text_lines(head, value, indent + 2))
        elif isinstance(value, tuple):
            lines.append(head)
            for item in value:
                lines.extend(_text_lines(f"{pad}  -", item, indent + 4))
        elif isinstance(value, list):
            lines.append(head)
            for mapping in value:
                _emit(mapping, indent + 4, lines, f"{pad}  - ")
        else:
            lines.append(head)
            _emit(list(value.items()), indent + 2, lines)


def _link(link: Link) -> list:
    probability = None if link.probability is None else _number(link.probability)
    return [("to", link.to), ("when", link.when), ("probability", probability)]


def _problem(problem: Problem) -> list:
    return [("id", problem.id), ("description", problem.description), ("type", problem.type),
            ("impact", problem.impact), ("frequency", problem.frequency),
            ("why", problem.why), ("priority", problem.stated_priority)]  # issue 12: id, why, priority


def _step(step: Step) -> list:
    return [("id", step.id), ("name", step.name), ("type", step.type), ("lane", step.lane),
            ("owner", step.owner), ("duration", _duration(step.duration)),
            ("wait", _duration(step.wait)), ("inputs", step.inputs), ("outputs", step.outputs),
            ("systems", step.systems), ("instructions", step.instructions or None),
            ("next", [_link(link) for link in step.next]),
            ("problems", [_problem(problem) for problem in step.problems]),
            ("process", step.process)]


def _lane(lane: Lane) -> list:
    return [("id", lane.id), ("name", lane.name), ("owner", lane.owner),
            ("capacity", None if lane.capacity is None else _Raw(str(lane.capacity)))]  # issue 15


def _kpi(kpi: Kpi) -> list:
    return [("name", kpi.name), ("unit", kpi.unit or None),
            ("value", None if kpi.value is None else _number(kpi.value)),
            ("target", kpi.target.text if kpi.target else None),
            # issue 12
            ("before", None if kpi.before is None else _number(kpi.before)),
            ("after", None if kpi.after is None else _number(kpi.after)),
            ("measures", kpi.measures)]  # issue 15


# issue 12: improvement actions and the pilot
def _action(action: Action) -> list:
    return [("what", action.what), ("department", action.department), ("owner", action.owner),
            ("due", _Raw(action.due) if action.due else None),
            ("resources", action.resources or None), ("acceptance", action.acceptance or None),
            ("status", action.status), ("steps", action.steps), ("problems", action.problems)]


def _pilot(pilot: Optional[Pilot]) -> Optional[dict]:
    if pilot is None:
        return None
    result: dict = {"scope": pilot.scope}
    for key, period in (("before", pilot.before_period), ("after", pilot.after_period)):
        if period:
            result[key] = {"period": period}
    return result


def _calendar(calendar: Calendar) -> Optional[dict]:
    if calendar == Calendar():
        return None
    return {"hours_per_day": _number(calendar.hours_per_day),
            "days_per_week": _number(calendar.days_per_week)}


def dump_process(process: Process) -> str:
    """YAML text of a process file that loads to a Process equal to `process`.

    The file's path is not part of the text: load it under the same path (the model's
    `path`) to compare. Spans (line and column) differ, as the layout is normalised.
    """
    lines: list[str] = []
    _emit([("id", process.id), ("title", process.title), ("summary", process.summary or None),
           ("owner", process.owner), ("version", process.version), ("status", process.status),
           ("baseline", process.baseline), ("tags", process.tags),
           ("calendar", _calendar(process.calendar)), ("start_date", process.start_date),
           ("language", process.language), ("lanes", [_lane(lane) for lane in process.lanes]),
           ("steps", [_step(step) for step in process.steps]),
           ("kpis", [_kpi(kpi) for kpi in process.kpis]),
           # issue 12
           ("actions", [_action(action) for action in process.actions]),
           ("pilot", _pilot(process.pilot)),
           # issue 16: document control
           ("approval", {"by": process.approval.by, "on": process.approval.on} if process.approval else None),
           ("effective", process.effective),
           ("review", {"every": process.review.every, "next": process.review.next} if process.review else None),
           ("arrivals", _arrivals(process.arrivals))],  # issue 15
          0, lines)
    return "\n".join(lines) + "\n"
