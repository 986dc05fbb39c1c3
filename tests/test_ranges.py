"""issue 15: duration ranges, arrivals, lane capacity and KPI `measures` reach the model."""

import pytest

from sopdocs.i18n import texts_for
from sopdocs.load import load_text
from sopdocs.model import Arrivals, Calendar
from sopdocs.ranges import make_range, parse_summary, summary
from sopdocs.validate import run_rules

LANES = "lanes:\n  - {id: s, owner: o, capacity: 3}\n"


def _load(step_keys: str, head: str = "", tail: str = ""):
    text = ("title: T\n" + head + LANES + "steps:\n  - id: a\n    name: A\n    lane: s\n"
            + step_keys + tail)
    loaded = load_text(text, "p.yaml")
    return loaded.process, run_rules(loaded)


def test_triangular_mean_at_8_hours_a_day():
    process, found = _load("    duration: {min: 1d, likely: 2d, max: 6d}\n")
    assert found == []
    duration = process.steps[0].duration
    # (8 + 16 + 48) / 3 = 72 / 3 = 24 h
    assert duration.hours == 24.0
    assert (duration.distribution, duration.low_hours, duration.likely_hours, duration.high_hours) == \
        ("triangular", 8.0, 16.0, 48.0)
    assert duration.parts == (("min", "1d"), ("likely", "2d"), ("max", "6d"))
    assert duration.is_range and duration.text == "1d–6d, likely 2d"
    assert process.steps[0].work_hours == 24.0  # the expected path reads the mean


def test_uniform_mean_and_explicit_distribution():
    process, found = _load("    duration: {min: 2h, max: 1d, distribution: uniform}\n    wait: {max: 1w, min: 0}\n")
    assert found == []
    duration, wait = process.steps[0].duration, process.steps[0].wait
    # (2 + 8) / 2 = 5 h
    assert (duration.hours, duration.distribution, duration.low_hours, duration.likely_hours,
            duration.high_hours) == (5.0, "uniform", 2.0, None, 8.0)
    # written max first: parts keep the file's order; (0 + 40) / 2 = 20 h
    assert wait.parts == (("max", "1w"), ("min", "0")) and wait.hours == 20.0
    assert wait.text == "0–1w"


def test_exponential_mean():
    process, found = _load("    duration: {mean: 30m, distribution: exponential}\n")
    assert found == []
    duration = process.steps[0].duration
    # 30 min = 0.5 h; an exponential has no min, likely or max
    assert (duration.hours, duration.distribution, duration.low_hours, duration.high_hours) == \
        (0.5, "exponential", None, None)
    assert duration.parts == (("mean", "30m"),) and duration.text == "mean 30m"


def test_days_follow_the_calendar():
    process, found = _load("    duration: {min: 1d, likely: 1.5 d, max: 1w}\n",
                           head="calendar: {hours_per_day: 6, days_per_week: 4}\n")
    assert found == []
    # 6 h/day, 24 h/week: (6 + 9 + 24) / 3 = 39 / 3 = 13 h
    assert process.steps[0].duration.hours == 13.0
    assert process.steps[0].duration.text == "1d–1w, likely 1.5 d"


def test_a_fixed_duration_is_unchanged():
    process, _ = _load("    duration: 2h\n")
    duration = process.steps[0].duration
    assert (duration.hours, duration.text, duration.distribution, duration.parts) == (2.0, "2h", "fixed", ())
    assert not duration.is_range


def test_a_bad_range_is_left_out_of_the_model():
    process, found = _load("    duration: {min: 1d, likely: 2d}\n")
    assert process.steps[0].duration is None
    assert [d.code for d in found] == ["SOP130"]


def test_arrivals_every_and_per_week():
    every, found = _load("    duration: 1h\n", head="arrivals: {every: 4h}\n")
    assert found == []
    assert every.arrivals.interval_hours == 4.0 and every.arrivals.every.text == "4h"
    assert every.arrivals.per_week is None
    weekly, found = _load("    duration: 1h\n", head="arrivals: {per_week: 20}\n")
    assert found == []
    # 8 h x 5 days = 40 h a week; 40 / 20 = one case every 2 h
    assert weekly.arrivals == Arrivals(2.0, per_week=20.0)
    none, _ = _load("")
    assert none.arrivals is None


def test_per_week_uses_the_calendar():
    process, _ = _load("", head="calendar: {hours_per_day: 7.5, days_per_week: 4}\narrivals: {per_week: 6}\n")
    # 7.5 x 4 = 30 h a week; 30 / 6 = 5 h between cases
    assert process.arrivals.interval_hours == 5.0


def test_capacity_and_measures():
    process, found = _load("    duration: 1h\n", tail='kpis:\n  - {name: Cycle, unit: days, target: "<= 35", measures: lead_time}\n'
                               "  - {name: Quality, unit: '%', value: 3}\n")
    assert found == []
    assert process.lanes[0].capacity == 3
    assert process.kpis[0].measures == "lead_time" and process.kpis[1].measures is None


def test_no_capacity_is_none():
    loaded = load_text("title: T\nlanes:\n  - {id: s, owner: o}\nsteps:\n  - {id: a, name: A, lane: s}\n", "p.yaml")
    assert loaded.process.lanes[0].capacity is None


@pytest.mark.parametrize("parts, text", [
    ((("min", "1d"), ("likely", "2d"), ("max", "4d")), "1d–4d, likely 2d"),
    ((("min", "2h"), ("max", "1d")), "2h–1d"),
    ((("mean", "30m"),), "mean 30m"),
    ((("min", "0"), ("max", "1.5 d")), "0–1.5 d"),
])
def test_summary_and_parse_summary_agree(parts, text):
    assert summary(dict(parts)) == text
    assert parse_summary(text) == parts


def test_parse_summary_refuses_other_texts():
    for text in ("2h", "1-2d", "1d–", "likely 2d", "mean", "1 day–2 days"):
        assert parse_summary(text) is None, text


def test_make_range_from_parts():
    duration = make_range((("min", "1h"), ("likely", "2h"), ("max", "6h")), Calendar())
    # (1 + 2 + 6) / 3 = 3 h
    assert duration.hours == 3.0 and duration.distribution == "triangular"
    with pytest.raises(KeyError):
        make_range((("min", "1h"),), Calendar())


def test_range_texts_in_three_languages():
    en, hans, hant = texts_for("en"), texts_for("zh"), texts_for("zh-Hant")
    assert en.written("1d–4d, likely 2d") == "1d–4d, likely 2d"
    assert en.written("1.5 d–1w") == "1.5d–1w"
    assert hans.written("1d–4d, likely 2d") == "1 天–4 天，最可能 2 天"
    assert hans.written("mean 30m") == "平均 30 分钟"
    assert hant.written("2h–1w") == "2 小時–1 週"
    assert hant.written("mean 45min") == "平均 45 分鐘"
    assert hans.written("not a range") == "not a range"
