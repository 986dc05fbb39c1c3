"""The JSON Schema and the validator agree on the samples and on structural mistakes."""

import json

import jsonschema
import pytest

from sopdocs.load import load_file
from sopdocs.schema import json_schema
from sopdocs.validate import validate_paths
from tests.conftest import FIXTURES, ROOT, sample_files

# Rules the schema can express: shapes, keys, patterns. Cross-references (unknown lane,
# unreachable, duplicates, baseline) and warnings are beyond a JSON Schema.
STRUCTURAL = {"SOP101", "SOP102", "SOP103", "SOP104", "SOP105", "SOP113", "SOP140",
              "SOP130", "SOP132"}  # issue 15: the cases below are shapes (not min > max, not units)
VALIDATOR = jsonschema.Draft202012Validator(json_schema())

STRUCTURAL_CASES = {
    "unknown step key": "steps:\n  - {id: a, name: A, lane: s, duraton: 1h}\n",
    "unknown top key": "colour: red\nsteps:\n  - {id: a, name: A, lane: s}\n",
    "missing title": None,
    "missing step name": "steps:\n  - {id: a, lane: s}\n",
    "end step needs no name": "steps:\n  - {id: a, type: end, lane: s}\n",
    "bad duration": "steps:\n  - {id: a, name: A, lane: s, duration: 2 days}\n",
    "zero duration": "steps:\n  - {id: a, name: A, lane: s, duration: 0}\n",
    "bad type": "steps:\n  - {id: a, name: A, lane: s, type: decisio}\n",
    "bad id": "steps:\n  - {id: 'a b', name: A, lane: s}\n",
    "name is a list": "steps:\n  - {id: a, name: [A], lane: s}\n",
    "inputs as one text": "steps:\n  - {id: a, name: A, lane: s, inputs: Lead list}\n",
    "next as mapping": "steps:\n  - {id: a, name: A, lane: s, next: {to: b}}\n",
    "link without to": "steps:\n  - {id: a, name: A, lane: s, next: [{when: x}]}\n",
    "probability as text": "steps:\n  - {id: a, name: A, lane: s, next: [{to: a, probability: 'high'}]}\n",
    "bad target": "kpis:\n  - {name: K, target: at most 35}\n",
    "good target": "kpis:\n  - {name: K, value: 3, target: '>= 15%'}\n",
    "bad status": "status: done\n",
    "calendar": "calendar: {hours_per_day: 7.5, days_per_week: 6}\n",
    "bad calendar key": "calendar: {hours: 7.5}\n",
    # issue 16 (a date like 2025-02-30 passes the schema's pattern; only the validator knows the calendar)
    "approval": "approval: {by: Head of Sales, on: 2025-01-02}\neffective: 2025-01-06\n",
    "approval without date": "approval: {by: Head of Sales}\n",
    "approval date not ISO": "approval: {by: Head of Sales, on: 2025-1-2}\n",
    "review every and next": "review: {every: 6 months, next: 2025-07-01}\n",
    "review next only": "review: {next: 2025-07-01}\n",
    "review with neither": "review: {}\n",
    "review bad period": "review: {every: quarterly, next: 2025-07-01}\n",
    "effective as number": "effective: 20250101\n",
    # issue 15: duration ranges, arrivals, capacity, measures
    "triangular": "steps:\n  - {id: a, name: A, lane: s, duration: {min: 1d, likely: 2d, max: 4d}}\n",
    "uniform wait": "steps:\n  - {id: a, name: A, lane: s, wait: {min: 0, max: 1d, distribution: uniform}}\n",
    "exponential": "steps:\n  - {id: a, name: A, lane: s, duration: {mean: 30m, distribution: exponential}}\n",
    "mean alone": "steps:\n  - {id: a, name: A, lane: s, duration: {mean: 30m}}\n",
    "mean mixed": "steps:\n  - {id: a, name: A, lane: s, duration: {mean: 1h, max: 2h, distribution: exponential}}\n",
    "range without max": "steps:\n  - {id: a, name: A, lane: s, duration: {min: 1d, likely: 2d}}\n",
    "range unknown key": "steps:\n  - {id: a, name: A, lane: s, duration: {min: 1d, avg: 2d, max: 3d}}\n",
    "uniform with likely": "steps:\n  - {id: a, name: A, lane: s, duration: {min: 1d, likely: 2d, max: 3d, distribution: uniform}}\n",
    "triangular without likely": "steps:\n  - {id: a, name: A, lane: s, duration: {min: 1d, max: 3d, distribution: triangular}}\n",
    "exponential without mean": "steps:\n  - {id: a, name: A, lane: s, wait: {min: 1d, max: 3d, distribution: exponential}}\n",
    "range value without unit": "steps:\n  - {id: a, name: A, lane: s, duration: {min: 1, max: 3d}}\n",
    "capacity": "lanes:\n  - {id: s, owner: o, capacity: 3}\n",
    "capacity zero": "lanes:\n  - {id: s, owner: o, capacity: 0}\n",
    "capacity fraction": "lanes:\n  - {id: s, owner: o, capacity: 2.5}\n",
    "arrivals every": "arrivals: {every: 4h}\n",
    "arrivals per week": "arrivals: {per_week: 12.5}\n",
    "arrivals both": "arrivals: {every: 4h, per_week: 10}\n",
    "arrivals neither": "arrivals: {}\n",
    "arrivals per week zero": "arrivals: {per_week: 0}\n",
    "arrivals every zero": "arrivals: {every: 0}\n",
    "arrivals every range": "arrivals: {every: {min: 1h, max: 2h}}\n",
    "measures": "kpis:\n  - {name: K, unit: days, target: '<= 3', measures: lead_time}\n",
    "measures without target": "kpis:\n  - {name: K, unit: days, measures: lead_time}\n",
    "measures unknown": "kpis:\n  - {name: K, unit: days, target: '<= 3', measures: cycle_time}\n",
}


def _document(extra):
    if extra is None:
        return "lanes:\n  - {id: s, owner: o}\nsteps:\n  - {id: a, name: A, lane: s}\n"
    text = "title: T\n"
    if "lanes:" not in extra:
        text += "lanes:\n  - {id: s, owner: o}\n"
    if "steps:" not in extra:
        text += "steps:\n  - {id: a, name: A, lane: s}\n"
    return text + extra


def _schema_ok(path):
    loaded = load_file(path)
    return not list(VALIDATOR.iter_errors(loaded.tree.to_python()))


def _validator_ok(path):
    return not any(d.code in STRUCTURAL for d in validate_paths([path]).errors)


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(json_schema())


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.name)
def test_samples_pass_schema(path):
    errors = list(VALIDATOR.iter_errors(load_file(path).tree.to_python()))
    assert errors == []


@pytest.mark.parametrize("case", sorted(STRUCTURAL_CASES))
def test_schema_and_validator_agree(case, tmp_path):
    path = tmp_path / "p.yaml"
    path.write_text(_document(STRUCTURAL_CASES[case]), encoding="utf-8")
    assert _schema_ok(path) == _validator_ok(path)


def test_agreement_cases_include_both_outcomes(tmp_path):
    outcomes = set()
    for index, text in enumerate(STRUCTURAL_CASES.values()):
        path = tmp_path / f"{index}.yaml"
        path.write_text(_document(text), encoding="utf-8")
        outcomes.add(_validator_ok(path))
    assert outcomes == {True, False}


@pytest.mark.parametrize("name", ["unknown_key", "wrong_type", "bad_value", "bad_duration",
                                  "kpi_target", "missing_field", "five_mistakes"])
def test_invalid_fixtures_fail_schema_too(name):
    assert not _schema_ok(FIXTURES / "invalid" / f"{name}.yaml")


def test_duration_forms_are_one_of_four():
    # issue 15: a fixed value or one of the three range forms, each a $defs entry
    duration = json_schema()["$defs"]["step"]["properties"]["duration"]
    assert [item["$ref"] for item in duration["oneOf"]] == [
        "#/$defs/fixed_duration", "#/$defs/triangular_range", "#/$defs/uniform_range",
        "#/$defs/exponential_range"]
    assert json_schema()["$defs"]["step"]["properties"]["wait"]["oneOf"] == duration["oneOf"]


def test_schema_accepts_each_range_form_and_refuses_a_mix():
    def ok(value):
        document = {"title": "T", "lanes": [{"id": "s"}],
                    "steps": [{"id": "a", "name": "A", "lane": "s", "duration": value}]}
        return not list(VALIDATOR.iter_errors(document))

    assert ok("2h") and ok(0) and ok({"min": "1d", "likely": "2d", "max": "4d"})
    assert ok({"min": "1d", "max": "4d"}) and ok({"mean": "30m", "distribution": "exponential"})
    assert ok({"min": "1d", "likely": "2d", "max": "4d", "distribution": "triangular"})
    assert not ok({"min": "1d"}) and not ok({"mean": "30m"}) and not ok({})
    assert not ok({"min": "1d", "max": "4d", "mean": "2d", "distribution": "exponential"})
    assert not ok({"min": "1d", "max": "4d", "distribution": "exponential"})
    assert not ok({"min": "1 day", "max": "4d"}) and not ok(["1d", "2d"])


def test_committed_schema_file_is_current():
    committed = json.loads((ROOT / "sopdocs.schema.json").read_text(encoding="utf-8"))
    assert committed == json_schema(), "run: sopdocs schema -o sopdocs.schema.json"
