"""`sopdocs diff --base`: the old text of each changed process file really comes from git.

A temporary repository gets two real commits; the working tree then changes a file
(and differs from the first commit by an added and a deleted file), so every status
is exercised against real `git` output.
"""

import json
import shutil
import subprocess

import pytest

from sopdocs.diagnostics import SopdocsError
from sopdocs.gitbase import base_changes, changed_process_files
from tests.conftest import FIXTURES

DIFF = FIXTURES / "diff"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def git(repo, *args):
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.com",
                        "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.com",
                        "HOME": str(repo), "PATH": "/usr/bin:/bin:/usr/local/bin",
                        "GIT_CONFIG_NOSYSTEM": "1"})


@pytest.fixture
def repo(tmp_path):
    """Commit 1: order.yaml (base), old.yaml, notes.txt. Commit 2: order.yaml renamed
    step (renamed_step.yaml). Working tree: order.yaml = probabilities.yaml, old.yaml
    deleted, new.yaml added (untracked), notes.txt changed (not a process file)."""
    folder = tmp_path / "processes"
    folder.mkdir()
    git(tmp_path, "init", "-q", "-b", "main")
    (folder / "order.yaml").write_text((DIFF / "base.yaml").read_text())
    (folder / "old.yaml").write_text((DIFF / "kpis.yaml").read_text())
    (folder / "notes.txt").write_text("first\n")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "first")
    (folder / "order.yaml").write_text((DIFF / "renamed_step.yaml").read_text())
    git(tmp_path, "commit", "-q", "-am", "second")
    (folder / "order.yaml").write_text((DIFF / "probabilities.yaml").read_text())
    (folder / "old.yaml").unlink()
    (folder / "new.yaml").write_text((DIFF / "moved_lane.yaml").read_text())
    (folder / "notes.txt").write_text("changed\n")
    return tmp_path


def test_changed_files_against_the_first_commit(repo):
    found = changed_process_files("HEAD~1", ["processes"], cwd=repo)
    assert [(f.status, f.path, f.old_path) for f in found] == [
        ("added", "processes/new.yaml", None),
        ("deleted", "processes/old.yaml", "processes/old.yaml"),
        ("modified", "processes/order.yaml", "processes/order.yaml"),
    ]


def test_old_text_comes_from_the_ref(repo, monkeypatch):
    monkeypatch.chdir(repo)
    (change,) = [c for c in base_changes("HEAD", ["processes"]) if c.file.status == "modified"]
    # HEAD has the renamed step; the working tree has base's name with new probabilities.
    assert change.old.step("approve").name == "Sign off order"
    assert change.new.step("approve").name == "Approve order"
    (first,) = [c for c in base_changes("HEAD~1", ["processes"]) if c.file.status == "modified"]
    assert first.old.step("approve").name == "Approve order"
    assert [link.probability for link in first.old.step("check").next] == [0.3, 0.7]
    assert [link.probability for link in first.new.step("check").next] == [0.6, 0.4]


def test_cli_base_json_reports_each_status(repo, run_cli):
    result = run_cli("diff", "--base", "HEAD~1", "--format", "json", cwd=repo)
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert payload["base"] == "HEAD~1"
    files = {entry["path"]: entry for entry in payload["files"]}
    assert files["processes/new.yaml"]["status"] == "added"
    assert files["processes/new.yaml"]["old"] is None and files["processes/new.yaml"]["diff"] is None
    assert files["processes/old.yaml"]["status"] == "deleted"
    assert files["processes/old.yaml"]["new"] is None
    order = files["processes/order.yaml"]["diff"]
    assert set(order) == {"old", "new", "steps", "lanes", "metrics", "kpis", "forecast"}
    # Old (HEAD~1, base.yaml) → working tree (probabilities.yaml): only `check` changed.
    assert list(order["steps"]["changed"]) == ["check"]
    assert order["metrics"]["handoffs"] == {"old": 2, "new": 3, "change": 1, "change_pct": 50.0}
    assert "notes.txt" not in result.stdout


def test_cli_base_markdown_names_added_and_deleted_files(repo, run_cli):
    result = run_cli("diff", "--base", "HEAD~1", "--format", "markdown", "processes", cwd=repo)
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert text.startswith("<!-- sopdocs-diff-report -->\n")
    assert "3 process files changed: 1 added, 1 deleted, 1 modified." in text
    assert "### `processes/new.yaml` (new file)" in text
    assert "### `processes/old.yaml` (deleted)" in text
    assert "### `processes/order.yaml`" in text
    assert "- `check` **Large order?** (Sales)" in text
    assert "next: `review` (yes, 30%), `approve` (no, 70%) → `review` (yes, 60%), `approve` (no, 40%)" in text


def test_merge_base_leaves_out_what_the_base_branch_did_since(repo, run_cli):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "third")  # order = probabilities, new = moved_lane
    git(repo, "checkout", "-q", "-b", "topic")
    (repo / "processes" / "order.yaml").write_text((DIFF / "renamed_step.yaml").read_text())
    git(repo, "commit", "-q", "-am", "topic renames a step")
    git(repo, "checkout", "-q", "main")
    (repo / "processes" / "new.yaml").write_text((DIFF / "kpis.yaml").read_text())
    git(repo, "commit", "-q", "-am", "main moves on")
    git(repo, "checkout", "-q", "topic")

    def changed(*options):
        payload = json.loads(run_cli("diff", "--base", "main", *options, "--format", "json",
                                     cwd=repo).stdout)
        return {e["path"]: list(e["diff"]["steps"]["changed"]) for e in payload["files"]}

    # The topic changed order.yaml (probabilities.yaml → renamed_step.yaml: `check` gets
    # base's probabilities back, `approve` a new name). Against main's tip, main's later
    # edit of new.yaml (moved_lane.yaml → kpis.yaml, reversed here) shows up as well.
    assert changed() == {"processes/new.yaml": ["archive"],
                         "processes/order.yaml": ["check", "approve"]}
    assert changed("--merge-base") == {"processes/order.yaml": ["check", "approve"]}


def test_renamed_file_is_compared_with_its_old_path(repo, run_cli):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "third")
    git(repo, "mv", "processes/new.yaml", "processes/moved.yaml")
    payload = json.loads(run_cli("diff", "--base", "HEAD", "--format", "json", cwd=repo).stdout)
    (entry,) = payload["files"]
    assert (entry["path"], entry["status"], entry["old_path"]) == (
        "processes/moved.yaml", "renamed", "processes/new.yaml")
    assert entry["diff"]["steps"] == {"added": [], "removed": [], "changed": {}}


def test_no_changes(repo, run_cli):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "third")
    result = run_cli("diff", "--base", "HEAD", "--format", "markdown", cwd=repo)
    assert "No process files changed." in result.stdout
    assert run_cli("diff", "--base", "HEAD", cwd=repo).stdout == "no process files changed since HEAD\n"


def test_errors_are_clear(repo, tmp_path_factory, run_cli):
    result = run_cli("diff", "--base", "no-such-ref", cwd=repo)
    assert result.exit_code == 1
    assert "unknown git ref 'no-such-ref'" in result.stderr and "Traceback" not in result.stderr
    outside = tmp_path_factory.mktemp("not-a-repo")
    with pytest.raises(SopdocsError, match="not inside a usable git repository"):
        changed_process_files("HEAD", ["."], cwd=outside)
    with pytest.raises(SopdocsError, match="is not a git ref"):
        changed_process_files("--output=x", ["processes"], cwd=repo)


def test_invalid_old_version_points_at_the_ref(repo, run_cli):
    (repo / "processes" / "order.yaml").write_text("title: x\nsteps: [\n")
    git(repo, "commit", "-q", "-am", "broken")
    (repo / "processes" / "order.yaml").write_text((DIFF / "base.yaml").read_text())
    result = run_cli("diff", "--base", "HEAD", cwd=repo)
    assert result.exit_code == 1
    assert result.stdout.startswith("HEAD:processes/order.yaml:")


def test_old_version_gets_the_encoding_check(repo, run_cli):
    (repo / "processes" / "order.yaml").write_bytes((DIFF / "base.yaml").read_text().encode("utf-16"))
    git(repo, "commit", "-q", "-am", "utf-16")
    (repo / "processes" / "order.yaml").write_text((DIFF / "base.yaml").read_text())
    result = run_cli("diff", "--base", "HEAD", cwd=repo)
    assert result.exit_code == 1
    assert "HEAD:processes/order.yaml:1:1: error[SOP004] the file is encoded as UTF-16" in result.stdout
