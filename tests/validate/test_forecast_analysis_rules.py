"""SOP131 (loop that never ends) and SOP220 (lane loaded over 100 %) at exact positions.

Positions were read off the YAML texts below by hand (1-based line and column).
"""

import pytest

from sopdocs.validate import validate_paths

NEVER_ENDS = """\
id: never
title: Never
lanes:
  - {id: team, name: Team, owner: Writer}
steps:
  - {id: begin, type: start, name: Begin, lane: team, next: draft}
  - {id: draft, name: Draft, lane: team, duration: 4h, next: ok}
  - id: ok
    name: Approved?
    type: decision
    lane: team
    next:
      - {to: draft, when: "no", probability: 1.0}
      - {to: done, when: "yes"}
  - {id: done, name: Done, type: end, lane: team}
"""


def diagnostics(tmp_path, text, name="process.yaml"):
    """(line, col, code, message, hint) of every diagnostic of one file."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [(d.line, d.col, d.code, d.message, d.hint) for d in validate_paths([path]).diagnostics]


def test_probability_one_back_is_reported_at_that_probability(tmp_path):
    found = diagnostics(tmp_path, NEVER_ENDS)
    # line 13 is '      - {to: draft, when: "no", probability: 1.0}': the 1.0 starts at col 46
    assert [(line, col, code) for line, col, code, _, _ in found] == [(13, 46, "SOP131")]
    _, _, _, message, hint = found[0]
    assert "draft, ok" in message and "probability 1" in message
    assert hint == "give the way out a probability above 0: the branch of 'ok' to 'done'"


def test_a_way_out_with_some_probability_is_fine(tmp_path):
    assert diagnostics(tmp_path, NEVER_ENDS.replace("probability: 1.0", "probability: 0.99")) == []


def test_way_out_written_as_zero(tmp_path):
    text = NEVER_ENDS.replace('{to: done, when: "yes"}', '{to: done, when: "yes", probability: 0}')
    found = diagnostics(tmp_path, text)
    assert [(line, col, code) for line, col, code, _, _ in found] == [(13, 46, "SOP131")]


def test_no_way_out_at_all_is_sop110_only(tmp_path):
    # call ↔ chase with no branch to an end: SOP110 already says so; SOP131 stays quiet
    text = """\
id: stuck
title: Stuck
lanes:
  - {id: team, name: Team, owner: Writer}
steps:
  - {id: call, name: Call, lane: team, duration: 1h, next: chase}
  - {id: chase, name: Chase, lane: team, duration: 1h, next: call}
"""
    assert [code for _, _, code, _, _ in diagnostics(tmp_path, text)] == ["SOP110"]


OVERLOADED = """\
id: busy
title: Busy
arrivals: {every: 2h}
lanes:
  - {id: front, name: Front, owner: Ann}
  - {id: legal, name: Legal, owner: Bob, capacity: 1}
steps:
  - {id: begin, type: start, name: Begin, lane: front, next: review}
  - {id: review, name: Review, lane: legal, duration: 2h, next: ok}
  - id: ok
    name: Fine?
    type: decision
    lane: legal
    next:
      - {to: review, when: "no", probability: 0.25}
      - {to: done, when: "yes"}
  - {id: done, name: Done, type: end, lane: front}
"""


def test_overloaded_lane_is_reported_at_its_capacity(tmp_path):
    found = diagnostics(tmp_path, OVERLOADED)
    # line 6 is "  - {id: legal, name: Legal, owner: Bob, capacity: 1}": the 1 is at col 52
    assert [(line, col, code) for line, col, code, _, _ in found] == [(6, 52, "SOP220")]
    _, _, _, message, hint = found[0]
    # review 2 h, redone with 0.25: 2 / (1 − 0.25) = 2.667 person-hours per case; a case
    # every 2 h: 2.667 / 2 = 133 % of 1 person; 2 people: 67 %
    assert "loaded 133%" in message and "2.667 person-hours" in message
    assert hint.startswith("with 2 people it would be loaded 67%")


def test_enough_people_no_warning(tmp_path):
    assert diagnostics(tmp_path, OVERLOADED.replace("capacity: 1", "capacity: 2")) == []
    # without arrivals there is no load to speak of
    assert diagnostics(tmp_path, OVERLOADED.replace("arrivals: {every: 2h}\n", "")) == []


def test_forecast_from_yaml_ranges_arrivals_and_kpi(tmp_path):
    from sopdocs.analysis.forecast import forecast
    from sopdocs.validate import load_process

    text = OVERLOADED.replace("capacity: 1", "capacity: 2").replace(
        "duration: 2h", "duration: {min: 1h, likely: 2h, max: 3h}") + (
        "kpis:\n  - {name: Cycle, unit: hours, target: \"<= 4\", measures: lead_time}\n")
    path = tmp_path / "process.yaml"
    path.write_text(text, encoding="utf-8")
    result = forecast(load_process(path), runs=20_000, seed=15, cases=500)
    # triangular (1, 2, 3) has mean 2; 1/(1 − 0.25) = 4/3 passes: 8/3 h expected
    assert result.expected.lead_time_hours == pytest.approx(8 / 3)
    assert result.simulation.lead_time_hours.mean == pytest.approx(8 / 3, rel=0.02)
    # P(lead <= 4 h): one pass (probability 0.75) takes at most 3 h; two passes
    # (0.25 × 0.75 = 0.1875) sum two triangulars, symmetric about 4 h: half of them;
    # three passes (0.047) stay under 4 h with probability 1/720: 0.75 + 0.09375 ≈ 0.844
    assert result.simulation.kpi_probability == pytest.approx(0.844, abs=0.01)
    assert result.queueing is not None and result.queueing.overloaded == ()
    # 2.667 person-hours every 2 h over 2 people: utilisation ≈ 67 %
    assert result.queueing.utilisation["legal"] == pytest.approx(2 / 3, rel=0.1)
