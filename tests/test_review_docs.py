"""docs/review.md: its CI examples parse and run the command and marker the code uses."""

import re

from ruamel.yaml import YAML

from sopdocs.render.diffreport import REPORT_MARKER
from tests.conftest import ROOT

PAGE = (ROOT / "docs" / "review.md").read_text(encoding="utf-8")


def yaml_blocks() -> list[dict]:
    return [YAML(typ="safe").load(block) for block in re.findall(r"```yaml\n(.*?)```", PAGE, re.S)]


def test_github_workflow_runs_the_diff_and_updates_one_comment():
    workflow = next(block for block in yaml_blocks() if "jobs" in block)
    assert workflow["permissions"]["pull-requests"] == "write"
    steps = workflow["jobs"]["diff"]["steps"]
    checkout = next(step for step in steps if step.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    runs = " ".join(step.get("run", "") for step in steps)
    assert "sopdocs diff --base origin/main" in runs and "--format markdown -o sopdocs-diff.md" in runs
    script = next(step for step in steps if step.get("uses", "").startswith("actions/github-script@"))
    code = script["with"]["script"]
    assert f"'{REPORT_MARKER}'" in code and "updateComment" in code and "createComment" in code


def test_gitlab_job_runs_the_diff_and_updates_one_note():
    job = next(block for block in yaml_blocks() if "process-review" in block)["process-review"]
    script = "\n".join(job["script"])
    assert 'sopdocs diff --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME"' in script
    assert f"marker='{REPORT_MARKER}'" in script and "-X PUT" in script and "-X POST" in script
    assert job["variables"]["GIT_DEPTH"] == 0
