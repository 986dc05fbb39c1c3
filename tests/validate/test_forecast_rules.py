"""issue 15: SOP130 (bad duration range) and SOP132 (bad arrivals, capacity or measures),
each case with the exact position it points at, and nothing reported twice."""

from dataclasses import replace

import pytest

from sopdocs.limits import DEFAULT_LIMITS
from sopdocs.load import load_text
from sopdocs.validate import run_rules

# The range is the value on line 8, after "    duration: " (14 characters): its '{' is at
# column 15, the first key at 16.
RANGE_HEAD = "title: T\nlanes:\n  - {id: s, owner: o}\nsteps:\n  - id: a\n    name: A\n    lane: s\n"


def _found(text, limits=DEFAULT_LIMITS):
    return [(d.code, d.line, d.col) for d in run_rules(load_text(text, "p.yaml"), limits=limits)]


def _range(value, head=""):
    return _found(head + RANGE_HEAD + f"    duration: {value}\n")


RANGE_CASES = {
    # "{min: 1h, " is 10 characters from column 15: 'avg' at 25
    "unknown key": ("{min: 1h, avg: 2h}", ("SOP130", 8, 25)),
    # a missing key: at the mapping itself
    "no max": ("{min: 1h}", ("SOP130", 8, 15)),
    "no min": ("{likely: 1h, max: 2h}", ("SOP130", 8, 15)),
    "empty": ("{}", ("SOP130", 8, 15)),
    # "{mean: 1h, " is 11 characters: 'max', the key that mixes the forms, at 26
    "mean mixed with max": ("{mean: 1h, max: 2h, distribution: exponential}", ("SOP130", 8, 26)),
    # 'mean' itself, at 16
    "mean without distribution": ("{mean: 1h}", ("SOP130", 8, 16)),
    # "{min: 2d, likely: " is 18 characters: the likely value at 33
    "likely below min": ("{min: 2d, likely: 1d, max: 4d}", ("SOP130", 8, 33)),
    "likely above max": ("{min: 1d, likely: 5d, max: 4d}", ("SOP130", 8, 33)),
    # "{min: 4d, max: " is 15 characters: the max value at 30
    "max below min": ("{min: 4d, max: 1d}", ("SOP130", 8, 30)),
    # 1d = 8 h at the default calendar: min and max equal, a fixed duration
    "min equals max": ("{min: 1d, max: 8h}", ("SOP130", 8, 30)),
    # "{min: 1h, max: 2h, distribution: " is 33 characters: the value at 48
    "triangular without likely": ("{min: 1h, max: 2h, distribution: triangular}", ("SOP130", 8, 48)),
    "exponential without mean": ("{min: 1h, max: 2h, distribution: exponential}", ("SOP130", 8, 48)),
    "distribution fixed": ("{min: 1h, max: 2h, distribution: fixed}", ("SOP130", 8, 48)),
    # the 'likely' key, at 25
    "uniform with likely": ("{min: 1h, likely: 2h, max: 3h, distribution: uniform}", ("SOP130", 8, 25)),
    # "{mean: " is 7 characters: the 0 at 22
    "exponential mean 0": ("{mean: 0, distribution: exponential}", ("SOP130", 8, 22)),
    # not a duration text: SOP105 at the value (30); a list: SOP103 at the value (21)
    "bad text in a range": ("{min: 1h, max: 2 hours}", ("SOP105", 8, 30)),
    "list in a range": ("{min: [1h], max: 2h}", ("SOP103", 8, 21)),
}


@pytest.mark.parametrize("case", sorted(RANGE_CASES))
def test_range_problem_at_its_key(case):
    value, expected = RANGE_CASES[case]
    assert _range(value) == [expected]


@pytest.mark.parametrize("value", [
    "{min: 1d, likely: 2d, max: 4d}", "{min: 1d, likely: 1d, max: 4d}", "{min: 1d, likely: 4d, max: 4d}",
    "{min: 0, max: 30m}", "{min: 1h, max: 2h, distribution: uniform}",
    "{max: 4d, likely: 2d, min: 1d, distribution: triangular}", "{mean: 45min, distribution: exponential}",
    "{distribution: exponential, mean: 2h}",
])
def test_good_ranges(value):
    assert _range(value) == []


def test_order_is_checked_with_the_files_calendar():
    # at 10 h a day, 1d = 10 h is above 9 h; at the default 8 h it is below
    assert _range("{min: 9h, max: 1d}", "calendar: {hours_per_day: 10}\n") == []
    assert _range("{min: 9h, max: 1d}") == [("SOP130", 8, 30)]


def test_block_style_range_points_at_the_line():
    text = RANGE_HEAD + "    duration: 1h\n    wait:\n      min: 1d\n      likely: 3d\n      max: 2d\n"
    # likely is on line 11; "      likely: " is 14 characters, its value at column 15
    assert _found(text) == [("SOP130", 11, 15)]


def test_range_messages_say_what_and_how():
    (diagnostic,) = run_rules(load_text(RANGE_HEAD + "    duration: {min: 2d, likely: 1d, max: 4d}\n", "p.yaml"))
    assert diagnostic.message == "the 'duration' likely (1d) is below its min (2d)"
    assert "between min and max" in diagnostic.hint
    (diagnostic,) = run_rules(load_text(RANGE_HEAD + "    duration: {min: 1h, maxx: 2h}\n", "p.yaml"))
    assert (diagnostic.line, diagnostic.col) == (8, 25)  # "{min: 1h, " is 10 characters from 15
    assert diagnostic.message == "unknown key 'maxx' in the 'duration' range"
    assert diagnostic.hint.startswith("did you mean 'max'?")


def test_measures_without_unit_and_target_says_both():
    text = RANGE_HEAD + "    duration: 1h\nkpis:\n  - {name: K, measures: lead_time}\n"
    (diagnostic,) = run_rules(load_text(text, "p.yaml"))
    assert diagnostic.message == "a KPI that measures lead_time has no unit and no target"
    assert "unit: days" in diagnostic.hint and 'target: "<= 35"' in diagnostic.hint


def test_a_list_as_duration_is_still_wrong_type():
    # "    duration: " is 14 characters: the list at column 15
    assert _range("[1h, 2h]") == [("SOP103", 8, 15)]


# Line 2 holds `arrivals: ...` ("arrivals: " is 10 characters: '{' at 11, the first key at
# 12); line 4 the lane ("  - {id: s, owner: o, capacity: " is 32 characters: its value at
# 33); line 8 the KPI.
def _inputs(arrivals="{every: 4h}", capacity="2", kpi="{name: K, unit: days, target: '<= 3', measures: lead_time}"):
    return _found(f"title: T\narrivals: {arrivals}\nlanes:\n  - {{id: s, owner: o, capacity: {capacity}}}\n"
                  f"steps:\n  - {{id: a, name: A, lane: s, duration: 1h}}\nkpis:\n  - {kpi}\n")


def test_all_good_inputs():
    assert _inputs() == []
    assert _inputs(arrivals="{per_week: 2.5}", capacity="10000") == []
    for unit in ("h", "Hours", "day", "weeks", "小时", "天", "工作日", "周"):
        assert _inputs(kpi=f"{{name: K, unit: {unit}, target: '<= 3', measures: work_time}}") == [], unit


@pytest.mark.parametrize("arrivals, expected", [
    # "{every: 4h, " is 12 characters from column 11: 'per_week' at 23
    ("{every: 4h, per_week: 20}", ("SOP132", 2, 23)),
    ("{per_week: 20, every: 4h}", ("SOP132", 2, 26)),  # "{per_week: 20, " is 15: 'every' at 26
    ("{}", ("SOP132", 2, 11)),
    # "{per_week: " is 11 characters: the value at 22
    ("{per_week: 0}", ("SOP132", 2, 22)),
    ("{per_week: -3}", ("SOP132", 2, 22)),
    ("{per_week: .inf}", ("SOP132", 2, 22)),
    ("{per_week: many}", ("SOP103", 2, 22)),
    # "{every: " is 8 characters: the value at 19
    ("{every: 0}", ("SOP132", 2, 19)),
    ("{every: 4 hours}", ("SOP105", 2, 19)),
    ("{every: {min: 1h, max: 2h}}", ("SOP103", 2, 19)),  # arrivals are exponential: no range
    ("4h", ("SOP103", 2, 11)),
])
def test_bad_arrivals(arrivals, expected):
    assert _inputs(arrivals=arrivals) == [expected]


def test_unknown_key_in_arrivals_is_sop101():
    # "{every: 4h, " is 12 characters: 'rate' at 23
    assert _inputs(arrivals="{every: 4h, rate: 3}") == [("SOP101", 2, 23)]


@pytest.mark.parametrize("capacity, code", [
    ("0", "SOP132"), ("-1", "SOP132"), ("2.5", "SOP132"), ("10001", "SOP132"),
    ("three", "SOP103"), ("true", "SOP103"), ("[2]", "SOP103"),
])
def test_bad_capacity_at_its_value(capacity, code):
    assert _inputs(capacity=capacity) == [(code, 4, 33)]


def test_capacity_limit_is_a_setting():
    text = ("title: T\nlanes:\n  - {id: s, owner: o, capacity: 6}\n"
            "steps:\n  - {id: a, name: A, lane: s, duration: 1h}\n")
    assert _found(text, replace(DEFAULT_LIMITS, max_lane_capacity=6)) == []
    # "  - {id: s, owner: o, capacity: " is 32 characters: the 6 at column 33
    assert _found(text, replace(DEFAULT_LIMITS, max_lane_capacity=5)) == [("SOP132", 3, 33)]


@pytest.mark.parametrize("kpi, expected", [
    # "  - {name: K, unit: days, measures: " is 36 characters: the value at 37
    ("{name: K, unit: days, measures: lead_time}", [("SOP132", 8, 37)]),
    # "  - {name: K, unit: " is 20 characters: the unit at 21
    ("{name: K, unit: '%', target: '<= 3', measures: work_time}", [("SOP132", 8, 21)]),
    # "  - {name: K, target: '<= 3', measures: " is 40 characters: the value at 41
    ("{name: K, target: '<= 3', measures: lead_time}", [("SOP132", 8, 41)]),
    # neither unit nor target: one diagnostic at 'measures' ("  - {name: K, measures: " is 24)
    ("{name: K, measures: lead_time}", [("SOP132", 8, 25)]),
    # an unknown measure is SOP104, and then nothing else is said about it
    # ("  - {name: K, unit: '%', measures: " is 35 characters)
    ("{name: K, unit: '%', measures: cycle}", [("SOP104", 8, 36)]),
])
def test_bad_measures(kpi, expected):
    assert _inputs(kpi=kpi) == expected


def test_no_measures_no_check():
    assert _inputs(kpi="{name: Share, unit: '%', value: 3}") == []
