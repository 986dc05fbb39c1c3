"""SOP131 (loop that never ends) and SOP220 (lane loaded over 100 %) at exact positions.

Positions were read off the YAML texts below by hand (1-based line and column).
"""

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
