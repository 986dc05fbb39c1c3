"""Issue 12 rules: action references, problem ids, stated priorities, pilot data.

Positions were read off the fixtures by hand (1-based line and column of the value).
"""

import pytest

from sopdocs.load import load_text
from sopdocs.model import Problem, normalise_priority
from sopdocs.validate import run_rules, validate_paths

from tests.conftest import FIXTURES

IMPROVE = FIXTURES / "improve"


def _found(path):
    return [(d.line, d.col, d.code) for d in validate_paths([path]).diagnostics]


def test_bad_references_positions():
    # 12:13 second "id: manual" value; 17:10 "due: 2025-04-31" (April has 30 days);
    # 18:21 "asign" inside "    steps: [assign, asign]"; 19:16 "manul" in "    problems: [manul, manual]";
    # 20:5 the second action lacks owner and due (SOP212); 21:12 "steps: qualify"
    assert _found(IMPROVE / "bad_refs.yaml") == [
        (12, 13, "SOP122"), (17, 10, "SOP104"), (18, 21, "SOP120"), (19, 16, "SOP121"),
        (20, 5, "SOP212"), (21, 12, "SOP120")]


def test_bad_references_messages_say_how_to_fix():
    by_code = {}
    for diagnostic in validate_paths([IMPROVE / "bad_refs.yaml"]).diagnostics:
        by_code.setdefault(diagnostic.code, diagnostic)  # the first of each code
    assert by_code["SOP120"].hint == "did you mean 'assign'?"
    assert "unknown step 'asign'" in by_code["SOP120"].message
    assert by_code["SOP121"].hint == "did you mean 'manual'?"
    assert "2025-04-31 is not a date in the calendar" in by_code["SOP104"].message
    assert "owner and no due" in by_code["SOP212"].message
    assert "step 'assign'" in by_code["SOP122"].message


def test_action_problem_hint_when_no_problem_has_an_id(tmp_path):
    text = ("title: T\nlanes:\n  - {id: s, owner: o}\nsteps:\n  - {id: a, name: A, lane: s, duration: 1h}\n"
            "actions:\n  - {what: W, owner: O, due: 2025-01-02, problems: [slow]}\n")
    diagnostics = run_rules(load_text(text, "p.yaml"))
    (only,) = [d for d in diagnostics if d.code == "SOP121"]
    # "  - {" 5 + "what: W, " 9 + "owner: O, " 10 + "due: 2025-01-02, " 17 + "problems: [" 11 = 52
    assert (only.line, only.col) == (7, 53)
    assert "give the problem an id" in only.hint


def test_pilot_gaps():
    # 7:5 Lead time has before and no after; 8:5 Conversion has both but there is no pilot
    found = validate_paths([IMPROVE / "pilot_gaps.yaml"]).diagnostics
    assert [(d.line, d.col, d.code) for d in found] == [(7, 5, "SOP211"), (8, 5, "SOP211")]
    assert "no 'after' value" in found[0].message
    assert "no 'pilot:'" in found[1].message


def test_pilot_without_measured_kpi(tmp_path):
    text = ("title: T\nlanes:\n  - {id: s, owner: o}\nsteps:\n  - {id: a, name: A, lane: s, duration: 1h}\n"
            "pilot: {scope: Team North}\n")
    found = [(d.line, d.col, d.code) for d in run_rules(load_text(text, "p.yaml"))]
    assert found == [(6, 8, "SOP211")]  # the pilot mapping starts after "pilot: "


# impact × frequency → derived priority, worked out from the rule in docs/format.md:
# both high → urgent; high impact (any frequency) or medium impact with high frequency →
# important; everything else → routine.
MATRIX = {
    ("high", "high"): "urgent", ("high", "medium"): "important", ("high", "low"): "important",
    ("medium", "high"): "important", ("medium", "medium"): "routine", ("medium", "low"): "routine",
    ("low", "high"): "routine", ("low", "medium"): "routine", ("low", "low"): "routine",
}
# every spelling of the three survey levels and what it means
SPELLINGS = {"urgent": "urgent", "high": "urgent", "高": "urgent",
             "important": "important", "medium": "important", "中": "important",
             "routine": "routine", "low": "routine", "低": "routine"}


@pytest.mark.parametrize("impact, frequency", sorted(MATRIX))
def test_derived_priority_all_nine_cells(impact, frequency):
    problem = Problem("p", impact=impact, frequency=frequency)
    assert problem.derived_priority == MATRIX[impact, frequency]
    assert problem.priority == MATRIX[impact, frequency]  # no override: the derived one


def test_normalise_priority():
    assert {word: normalise_priority(word) for word in SPELLINGS} == SPELLINGS
    assert normalise_priority("High") == "urgent"
    assert normalise_priority("soon") is None and normalise_priority(None) is None


def _problem_file(impact, frequency, stated):
    return ("title: T\nlanes:\n  - {id: s, owner: o}\nsteps:\n  - id: a\n    name: A\n    lane: s\n"
            "    duration: 1h\n    problems:\n      - description: Slow\n"
            f"        impact: {impact}\n        frequency: {frequency}\n        priority: {stated}\n")


@pytest.mark.parametrize("impact, frequency", sorted(MATRIX))
@pytest.mark.parametrize("stated", sorted(SPELLINGS))
def test_override_warning_all_cells_and_levels(impact, frequency, stated):
    loaded = load_text(_problem_file(impact, frequency, stated), "p.yaml")
    (problem,) = loaded.process.steps[0].problems
    assert problem.stated_priority == SPELLINGS[stated]
    assert problem.priority == SPELLINGS[stated]  # the stated one wins on the pages
    assert problem.derived_priority == MATRIX[impact, frequency]
    warnings = [d for d in run_rules(loaded) if d.code == "SOP210"]
    if SPELLINGS[stated] == MATRIX[impact, frequency]:
        assert warnings == []
    else:
        (warning,) = warnings
        assert (warning.line, warning.col) == (13, 19)  # "        priority: " is 18 characters
        assert warning.severity == "warning"
        assert f"stated as {SPELLINGS[stated]}" in warning.message
        assert f"gives {MATRIX[impact, frequency]}" in warning.message


def test_a_priority_without_impact_or_frequency_is_not_warned():
    # an imported survey ranks problems (高 → urgent) but rates neither impact nor frequency,
    # whose defaults (medium × medium → routine) would otherwise disagree with every 高 and 中
    text = _problem_file("medium", "medium", "高").replace("        impact: medium\n", "")
    text = text.replace("        frequency: medium\n", "")
    loaded = load_text(text, "p.yaml")
    assert loaded.process.steps[0].problems[0].priority == "urgent"
    assert [d for d in run_rules(loaded) if d.code == "SOP210"] == []
    # writing one of the two is a rating: medium impact × (default) medium → routine ≠ urgent
    rated = load_text(text.replace("priority: 高", "impact: medium\n        priority: 高"), "p.yaml")
    assert [d.code for d in run_rules(rated) if d.code == "SOP210"] == ["SOP210"]


def test_unknown_priority_word_is_an_error():
    diagnostics = run_rules(load_text(_problem_file("high", "high", "asap"), "p.yaml"))
    assert [(d.line, d.col, d.code) for d in diagnostics] == [(13, 19, "SOP104")]
