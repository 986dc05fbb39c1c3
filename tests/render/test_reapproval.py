"""issue 16: the pull-request report names who must approve a changed process again."""

import json

import pytest

from tests.gitrepo import Repo, process_text

APPROVED = "approval: {by: Head of Sales, on: 2025-05-01}\nreview: {next: 2026-05-01}"


@pytest.fixture
def repo(tmp_path):
    """HEAD: three approved processes and one without approval. Working tree: `steps`
    gets a slower step (needs re-approval), `reviewed` only a new review date (needs
    none), `reapproved` a slower step and a new approval, `plain` (never approved) a
    slower step."""
    repo = Repo(tmp_path / "repo")
    for name in ("steps", "reviewed", "reapproved"):
        repo.write(f"processes/{name}.yaml", process_text(name, [("a", "1h")], APPROVED))
    repo.write("processes/plain.yaml", process_text("plain", [("a", "1h")]))
    repo.commit("approved versions", "2025-05-02")
    repo.write("processes/steps.yaml", process_text("steps", [("a", "2h")], APPROVED))
    repo.write("processes/reviewed.yaml", process_text("reviewed", [("a", "1h")],
                                                       APPROVED.replace("2026-05-01", "2027-05-01")))
    repo.write("processes/reapproved.yaml", process_text("reapproved", [("a", "2h")],
                                                         APPROVED.replace("on: 2025-05-01", "on: 2025-06-01")))
    repo.write("processes/plain.yaml", process_text("plain", [("a", "2h")]))
    return repo.folder


def test_markdown_names_the_approver_only_where_the_change_leaves_the_approval(repo, run_cli):
    result = run_cli("diff", "--base", "HEAD", "--format", "markdown", cwd=repo)
    assert result.exit_code == 0, result.output
    sections = {part.split("`", 1)[0]: part for part in result.stdout.split("### `processes/")[1:]}
    assert ("> ⚠️ Needs re-approval by **Head of Sales** (approved on 2025-05-01): this change does not"
            " update its approval.") in sections["steps.yaml"]
    assert "> Approval updated: by **Head of Sales** on 2025-06-01." in sections["reapproved.yaml"]
    assert "approval" not in sections["reviewed.yaml"].lower()
    assert "approv" not in sections["plain.yaml"].lower()
    assert result.stdout.count("Needs re-approval") == 1


def test_json_and_text_carry_the_same_verdicts(repo, run_cli):
    data = json.loads(run_cli("diff", "--base", "HEAD", "--format", "json", cwd=repo).stdout)
    verdicts = {entry["path"]: entry["approval"] for entry in data["files"]}
    assert verdicts == {
        "processes/plain.yaml": None,
        "processes/reapproved.yaml": {"status": "updated", "by": "Head of Sales", "on": "2025-06-01"},
        "processes/reviewed.yaml": None,
        "processes/steps.yaml": {"status": "needed", "by": "Head of Sales", "on": "2025-05-01"},
    }
    text = run_cli("diff", "--base", "HEAD", "--format", "text", cwd=repo).stdout
    steps = text.split("== processes/steps.yaml")[1].split("==")[1]
    assert steps.splitlines()[1] == ("Needs re-approval by Head of Sales (approved on 2025-05-01): this change"
                                     " does not update its approval.")


def test_removing_the_approval_is_named(repo, run_cli):
    path = repo / "processes" / "steps.yaml"
    path.write_text(process_text("steps", [("a", "2h")], "review: {next: 2026-05-01}"), encoding="utf-8")
    result = run_cli("diff", "--base", "HEAD", "--format", "markdown", cwd=repo)
    assert "> Approval removed (it was by **Head of Sales** on 2025-05-01)." in result.stdout
