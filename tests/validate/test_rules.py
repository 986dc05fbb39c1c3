"""Each rule reports the exact (line, col, code) on its fixture file.

Positions were read off the fixture files by hand: line numbers count from 1 and columns
are 1-based character positions of the value (or key) that is wrong.
"""

from pathlib import Path

import pytest

from sopdocs.validate import validate_paths

from tests.conftest import FIXTURES

INVALID = FIXTURES / "invalid"

# file → the (line, col, code) of every diagnostic, in sorted order
EXPECTED = {
    # line 10 is "    duraton: 1h": the key starts at column 5; the step (line 7) lacks duration
    "unknown_key.yaml": [(7, 5, "SOP202"), (10, 5, "SOP101")],
    # the step mapping starts at line 6 col 5 ("- id: call" → 'id' at col 5); no lane, so no owner
    "missing_field.yaml": [(6, 5, "SOP102"), (6, 5, "SOP201")],
    # 'lanes' value (a mapping) starts at 3:3; the list value of name at 6:11
    "wrong_type.yaml": [(3, 3, "SOP103"), (5, 5, "SOP201"), (6, 11, "SOP103")],
    # "status: optimised" → value at col 9; "  - id: call the customer" → value at col 9
    "bad_value.yaml": [(2, 9, "SOP104"), (7, 9, "SOP104")],
    # "    duration: 2 days" → col 15; "    wait: 3" → col 11
    "bad_duration.yaml": [(9, 15, "SOP105"), (10, 11, "SOP105")],
    # second lane 'sales' at line 5, second step 'call' at line 17
    "duplicate_id.yaml": [(5, 5, "SOP106"), (17, 5, "SOP106")],
    # "    lane: legl" → col 11; the lane 'legl' has no owner, so the step has none
    "unknown_lane.yaml": [(8, 5, "SOP201"), (10, 11, "SOP107")],
    # the second branch "      - {to: qualfy ...}" → the mapping starts at col 9
    "unknown_target.yaml": [(12, 9, "SOP108")],
    "unreachable.yaml": [(10, 5, "SOP109")],
    "dead_end_cycle.yaml": [(6, 5, "SOP110")],
    # "    next: done" → col 11
    "decision_branches.yaml": [(10, 11, "SOP111")],
    # the 'next' list of 'big' starts at 11:7; the 1.5 branch mapping at 18:9
    "probabilities.yaml": [(11, 7, "SOP112"), (18, 9, "SOP112")],
    # "    target: at most 35" → col 13
    "kpi_target.yaml": [(13, 13, "SOP113")],
    "baseline_outside.yaml": [(2, 11, "SOP114")],
    "baseline_missing.yaml": [(2, 11, "SOP114")],
    "warnings.yaml": [(5, 5, "SOP201"), (5, 5, "SOP202")],
    # the tab is the first character of line 3
    "tabs.yaml": [(3, 1, "SOP003")],
    "bom.yaml": [(1, 1, "SOP005")],
    # "title: Caf\xe9": the bad byte is the 11th character of line 1
    "latin1.yaml": [(1, 11, "SOP004")],
    "binary.yaml": [(1, 1, "SOP004")],
    "empty.yaml": [(1, 1, "SOP006")],
    "list_root.yaml": [(1, 1, "SOP007")],
    # "steps: []" on line 3: the ':' at col 6 is where the unclosed flow list breaks
    "syntax.yaml": [(3, 6, "SOP001")],
    "duplicate_key.yaml": [(2, 1, "SOP002")],
    # "language: zh" (value at 2:11) over Traditional text: 訴 處 門 專 獲 ...
    "language_script.yaml": [(2, 11, "SOP203")],
    # 36 Chinese characters and no language key: reported at the top of the file
    "language_missing.yaml": [(1, 1, "SOP203")],
    # five different mistakes, each reported once, sorted by position
    "five_mistakes.yaml": [(2, 9, "SOP104"), (10, 15, "SOP105"), (14, 11, "SOP107"),
                           (17, 5, "SOP101"), (21, 13, "SOP113")],
    # issue 16: "effective: 2025-02-30" → value at 2:12 (no such day); in
    # "approval: {by: Head of Sales, on: 2025-3-5}" the date starts at col 35;
    # "  every: 2 fortnights" → value at 5:10
    "document_control.yaml": [(2, 12, "SOP104"), (3, 35, "SOP104"), (5, 10, "SOP104")],
    # "  on: 2025-03-05" (line 5, value at col 7) is after effective 2025-03-01
    "approval_late.yaml": [(5, 7, "SOP230")],
    # the review mapping starts at 3:3 with an unknown key and neither every nor next
    "review_empty.yaml": [(3, 3, "SOP101"), (3, 3, "SOP140")],
    # "review: {every: 6 months}" → the value of every at col 17
    "review_origin.yaml": [(2, 17, "SOP231")],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_rule_positions(name):
    report = validate_paths([INVALID / name])
    found = [(d.line, d.col, d.code) for d in report.diagnostics]
    assert found == EXPECTED[name]


def test_every_invalid_fixture_is_covered():
    assert sorted(p.name for p in INVALID.glob("*.yaml")) == sorted(EXPECTED)


def test_every_diagnostic_has_message_and_hint():
    report = validate_paths([INVALID])
    assert len(report.diagnostics) >= len(EXPECTED)
    for diagnostic in report.diagnostics:
        assert diagnostic.message and diagnostic.hint, diagnostic


def test_did_you_mean_hints():
    report = validate_paths([INVALID / "unknown_key.yaml", INVALID / "unknown_target.yaml",
                             INVALID / "unknown_lane.yaml", INVALID / "bad_value.yaml"])
    hints = {(d.code, d.line): d.hint for d in report.diagnostics if d.is_error}
    assert hints["SOP101", 10] == "did you mean 'duration'?"
    assert hints["SOP108", 12] == "did you mean 'qualify'?"
    assert hints["SOP107", 10] == "did you mean 'legal'?"
    assert hints["SOP104", 2].startswith("did you mean 'optimized'?")


def test_five_mistakes_in_one_run_sorted():
    report = validate_paths([INVALID / "five_mistakes.yaml"])
    diagnostics = report.diagnostics
    assert len(diagnostics) == 5
    assert len({d.code for d in diagnostics}) == 5
    assert diagnostics == sorted(diagnostics, key=lambda d: (d.line, d.col))


def test_crlf_file_is_valid(tmp_path):
    report = validate_paths([FIXTURES / "valid" / "crlf.yaml"])
    assert report.diagnostics == []
    assert report.processes[0].steps[0].name == "Call"


def test_baseline_symlink_outside_is_refused(tmp_path):
    root = tmp_path / "processes"
    root.mkdir()
    outside = tmp_path / "secret.yaml"
    outside.write_text("title: secret\n", encoding="utf-8")
    (root / "link.yaml").symlink_to(outside)
    text = (INVALID / "baseline_missing.yaml").read_text(encoding="utf-8")
    (root / "p.yaml").write_text(text.replace("nowhere.yaml", "link.yaml"), encoding="utf-8")
    report = validate_paths([root])
    codes = [(Path(d.path).name, d.code, d.message) for d in report.errors]
    assert any(name == "p.yaml" and code == "SOP114" and "outside" in message
               for name, code, message in codes), codes


def test_absolute_baseline_is_refused(tmp_path):
    text = (INVALID / "baseline_missing.yaml").read_text(encoding="utf-8")
    path = tmp_path / "p.yaml"
    path.write_text(text.replace("nowhere.yaml", "/etc/hosts.yaml"), encoding="utf-8")
    errors = validate_paths([path]).errors
    assert [(e.code, "absolute" in e.message) for e in errors] == [("SOP114", True)]


def test_duplicate_process_id_across_files(tmp_path):
    text = (FIXTURES / "valid" / "crlf.yaml").read_text(encoding="utf-8")
    (tmp_path / "a.yaml").write_text("id: same\n" + text, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("id: same\n" + text, encoding="utf-8")
    errors = validate_paths([tmp_path]).errors
    # only the later file (b.yaml) is reported, at its 'id' value (line 1, col 5)
    assert [(Path(e.path).name, e.line, e.col, e.code) for e in errors] == [("b.yaml", 1, 5, "SOP117")]


def test_language_script_messages_say_which_script_and_what_to_write():
    report = validate_paths([INVALID / "language_script.yaml", INVALID / "language_missing.yaml"])
    by_file = {Path(d.path).name: d for d in report.diagnostics}
    wrong = by_file["language_script.yaml"]
    assert "Traditional Chinese" in wrong.message and "'zh' is Simplified Chinese" in wrong.message
    assert wrong.hint == "write 'language: zh-Hant'"
    missing = by_file["language_missing.yaml"]
    assert "no language" in missing.message and missing.hint == "write 'language: zh'"


def test_language_script_accepts_matching_and_mixed_text(tmp_path):
    # the Traditional sample is marked zh-Hant and the Simplified one zh: no SOP203
    from tests.conftest import PROCESSES
    report = validate_paths([PROCESSES / "taiwan", PROCESSES / "china"])
    assert [d for d in report.diagnostics if d.code == "SOP203"] == []
    # two Traditional-only characters (訴, 門; the rest both scripts share) are not
    # enough evidence: MIN_EVIDENCE is 3
    sparse = tmp_path / "sparse.yaml"
    sparse.write_text("title: 客訴流程\nlanguage: zh\nlanes: [{id: cs, name: 客服部門, owner: 客服}]\n"
                      "steps:\n  - {id: a, name: 接受, lane: cs, duration: 1h, next: b}\n"
                      "  - {id: b, name: 完成, lane: cs, duration: 1h}\n", encoding="utf-8")
    assert [d.code for d in validate_paths([sparse]).diagnostics] == []
