"""The JSON Schema (draft 2020-12) of the process format, generated from the field tables.

Editors use it to autocomplete and flag mistakes while a process owner types; it checks
shapes only (keys, types, patterns). Cross-references (unknown lane, unreachable step)
are the validator's job.
"""

from __future__ import annotations

import json

from . import fields
from .fields import FieldSpec

SCHEMA_ID = "https://sopdocs.invalid/process.schema.json"

_SCALAR = {"type": ["string", "number", "integer", "boolean"]}
_ID = {"type": ["string", "integer"], "pattern": fields.ID_PATTERN}


_FIXED_DURATION = {"oneOf": [{"type": "string", "pattern": fields.DURATION_PATTERN}, {"const": 0}]}


def _range(distribution: str, title: str) -> dict:
    """issue 15: one range form: its value keys required, `distribution` optional (or
    required, for exponential) and then equal to the form's name."""
    keys = fields.RANGE_FORMS[distribution]
    value = {"$ref": "#/$defs/fixed_duration"}
    return {
        "type": "object", "title": title,
        "properties": {**{key: value for key in keys}, "distribution": {"const": distribution}},
        "required": list(keys) + (["distribution"] if distribution == "exponential" else []),
        "additionalProperties": False,
    }


_DURATION_DEFS = {
    "fixed_duration": {"title": "fixed duration (2h, 0.5d; 0 for a milestone)", **_FIXED_DURATION},
    "triangular_range": _range("triangular", "triangular range {min, likely, max}"),
    "uniform_range": _range("uniform", "uniform range {min, max}"),
    "exponential_range": _range("exponential", "exponential {mean, distribution: exponential}"),
}


def _value_schema(spec: FieldSpec) -> dict:
    kind = spec.kind
    if kind in ("text", "markdown"):
        schema = dict(_SCALAR)
    elif kind == "id":
        schema = dict(_ID)
    elif kind in ("number", "probability"):
        schema = {"type": "number"}
    elif kind == "enum":
        schema = {"type": "string", "enum": list(spec.choices)}
    elif kind == "duration":  # issue 15: a fixed value or one of the three range forms
        schema = {"oneOf": [{"$ref": f"#/$defs/{name}"} for name in _DURATION_DEFS]}
    elif kind == "fixed_duration":
        schema = {"type": "string", "pattern": fields.DURATION_PATTERN}
    elif kind == "count":
        schema = {"type": "integer", "minimum": 1}
    elif kind == "rate":
        schema = {"type": "number", "exclusiveMinimum": 0}
    elif kind == "target":
        schema = {"type": "string", "pattern": fields.TARGET_PATTERN}
    elif kind == "date":
        schema = {"type": "string", "pattern": fields.DATE_PATTERN}
    elif kind == "interval":  # issue 16
        schema = {"type": "string", "pattern": fields.INTERVAL_PATTERN}
    elif kind == "text_list":
        schema = {"oneOf": [_SCALAR, {"type": "array", "items": _SCALAR}]}
    elif kind == "next":
        schema = {"oneOf": [_ID, {"type": "array", "items": {"oneOf": [_ID, {"$ref": "#/$defs/link"}]}}]}
    else:
        table_name, is_list = fields.NESTED[kind]
        ref = {"$ref": f"#/$defs/{_def_name(table_name)}"}
        schema = {"type": "array", "items": ref} if is_list else ref
    if spec.description:
        schema["description"] = spec.description
    return schema


def _def_name(table: dict) -> str:
    return {id(fields.CALENDAR): "calendar", id(fields.LANE): "lane", id(fields.STEP): "step",
            id(fields.LINK): "link", id(fields.KPI): "kpi", id(fields.PROBLEM): "problem",
            # issue 12
            id(fields.ACTION): "action", id(fields.PILOT): "pilot", id(fields.PERIOD): "period",
            id(fields.APPROVAL): "approval", id(fields.REVIEW): "review",  # issue 16
            id(fields.ARRIVALS): "arrivals",  # issue 15
            }[id(table)]


def _object(table: dict) -> dict:
    schema = {
        "type": "object",
        "properties": {name: _value_schema(spec) for name, spec in table.items()},
        "required": [name for name, spec in table.items() if spec.required],
        "additionalProperties": False,
    }
    if table is fields.STEP:
        # name is required except for start and end steps
        schema["if"] = {"not": {"properties": {"type": {"enum": ["start", "end"]}}, "required": ["type"]}}
        schema["then"] = {"required": ["name"]}
    if table is fields.REVIEW:  # issue 16: every, next or both
        schema["anyOf"] = [{"required": ["every"]}, {"required": ["next"]}]
    if table is fields.ARRIVALS:  # issue 15: exactly one of every, per_week
        schema["oneOf"] = [{"required": ["every"]}, {"required": ["per_week"]}]
    if table is fields.KPI:  # issue 15: a KPI that measures a time needs a target
        schema["dependentRequired"] = {"measures": ["target", "unit"]}
    return schema


def json_schema() -> dict:
    """The JSON Schema of one process file, as a dict ready for json.dumps."""
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "sopdocs process",
        "description": "One business process: lanes (swimlanes), steps and KPIs.",
    }
    schema.update(_object(fields.PROCESS))
    schema["$defs"] = {
        _def_name(table): _object(table)
        for table in (fields.CALENDAR, fields.LANE, fields.STEP, fields.LINK, fields.KPI, fields.PROBLEM,
                      fields.ACTION, fields.PILOT, fields.PERIOD,  # issue 12
                      fields.APPROVAL, fields.REVIEW,  # issue 16
                      fields.ARRIVALS)  # issue 15
    }
    schema["$defs"].update(_DURATION_DEFS)
    return schema


def schema_text() -> str:
    """The schema as the JSON text `sopdocs schema` prints (indented, UTF-8, final newline)."""
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"
