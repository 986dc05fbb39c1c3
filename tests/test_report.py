"""Diagnostic formats: GitLab's code-quality report."""

import json

from tests.conftest import FIXTURES

INVALID = FIXTURES / "invalid"


def test_gitlab_format_is_a_code_quality_report(run_cli):
    result = run_cli("validate", "--format", "gitlab", INVALID / "unknown_target.yaml")
    assert result.exit_code == 1
    (issue,) = json.loads(result.stdout)
    assert issue["check_name"] == "SOP108" and issue["severity"] == "major"
    assert issue["description"].startswith("SOP108: step 'call' leads to unknown step 'qualfy'")
    assert issue["location"]["path"].endswith("unknown_target.yaml")
    assert issue["location"]["positions"]["begin"] == {"line": 12, "column": 9}   # as --format github
    assert len(issue["fingerprint"]) == 64


def test_gitlab_format_fingerprints_are_stable_and_distinct(run_cli):
    first = json.loads(run_cli("validate", "--format", "gitlab", INVALID / "five_mistakes.yaml").stdout)
    second = json.loads(run_cli("validate", "--format", "gitlab", INVALID / "five_mistakes.yaml").stdout)
    assert first == second and len(first) == 5
    assert len({issue["fingerprint"] for issue in first}) == 5


def test_gitlab_format_warnings_are_minor_and_clean_files_give_an_empty_list(run_cli):
    warnings = json.loads(run_cli("validate", "--format", "gitlab", INVALID / "warnings.yaml").stdout)
    assert warnings and {issue["severity"] for issue in warnings} == {"minor"}
    clean = run_cli("validate", "--format", "gitlab", FIXTURES / "valid")
    assert clean.exit_code == 0 and json.loads(clean.stdout) == []
