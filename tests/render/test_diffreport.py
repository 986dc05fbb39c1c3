"""The diff reports: JSON contract, Markdown pull-request comment, plain text, CLI."""

import json
import re

import pytest

from sopdocs.analysis.diff import diff_processes
from sopdocs.render.diffformat import md
from sopdocs.render.diffreport import FOLD_AFTER, REPORT_MARKER, diff_json, markdown_report, text_report
from sopdocs.validate import load_process
from tests.conftest import FIXTURES, PROCESSES

DIFF = FIXTURES / "diff"
PAIR = PROCESSES / "sales" / "lead-to-contract"
needs_pair = pytest.mark.skipif(not (PAIR / "optimized.yaml").exists(), reason="sample pair missing")


def diff_of(old_name, new_name):
    return diff_processes(load_process(DIFF / old_name), load_process(DIFF / new_name))


@needs_pair
def test_sample_pair_kpis_in_json(run_cli):
    result = run_cli("diff", PAIR / "current.yaml", PAIR / "optimized.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    payload = json.loads(result.stdout)
    assert list(payload) == ["old", "new", "steps", "lanes", "metrics", "kpis", "forecast"]
    rows = [(k["name"], k["old"], k["new"], k["change_pct"], k["target"], k["met"]) for k in payload["kpis"]]
    assert rows == [
        ("Average deal cycle", 45, 32, -28.9, "<= 35", True),        # −13 / 45 = −28.89 %
        ("Lead conversion rate", 12, 18, 50.0, ">= 15", True),       # 6 / 12
        ("Rep daily working hours", 10.5, 8.2, -21.9, "<= 9", True),  # −2.3 / 10.5 = −21.90 %
        ("Team satisfaction", 6.2, 8.7, 40.3, ">= 8", True),          # 2.5 / 6.2 = 40.32 %
    ]
    assert all(set(k) == {"name", "unit", "old", "new", "change_pct", "target", "met"} for k in payload["kpis"])
    assert set(payload["steps"]) == {"added", "removed", "changed"}
    for metric in payload["metrics"].values():
        assert set(metric) == {"old", "new", "change", "change_pct"}


@needs_pair
def test_sample_pair_kpis_in_markdown(run_cli):
    text = run_cli("diff", PAIR / "current.yaml", PAIR / "optimized.yaml", "--format", "markdown").stdout
    assert "| Average deal cycle | 45 days | 32 days | −28.9% | &lt;= 35 | ✅ |" in text
    assert "| Lead conversion rate | 12% | 18% | +50.0% | &gt;= 15 | ✅ |" in text
    assert "| Rep daily working hours | 10.5 h | 8.2 h | −21.9% | &lt;= 9 | ✅ |" in text
    assert "| Team satisfaction | 6.2/10 | 8.7/10 | +40.3% | &gt;= 8 | ✅ |" in text
    assert re.search(r"^\*\*Lead time [\d.]+ d → [\d.]+ d \(−[\d.]+%\), handoffs \d+ → \d+", text, re.M)
    assert "```mermaid\nflowchart TD\n" in text


def test_markdown_golden(golden):
    golden("diffreport/added_removed.md", markdown_report(diff_of("base.yaml", "added_removed.yaml")))


def test_text_golden(golden):
    golden("diffreport/probabilities.txt", text_report(diff_of("base.yaml", "probabilities.yaml")))


def test_verdict_and_tables():
    text = markdown_report(diff_of("base.yaml", "probabilities.yaml"))
    assert text.startswith(REPORT_MARKER + "\n")
    # Lead 8.5 h → 24.5 h at 8 h/day: 1.06 d → 3.06 d, +188.2 % (16 / 8.5).
    assert "**Lead time 1.06 d → 3.06 d (+188.2%), handoffs 2 → 3, 1 step changed**" in text
    assert "| Lead time | 1.06 d | 3.06 d | +2.00 d | +188.2% |" in text
    assert "| Handoffs | 2 | 3 | +1 | +50.0% |" in text
    assert "| Cycle time | 10 days | 10 days | 0.0% | &lt;= 8 | ❌ |" in text


def test_kpi_missing_on_one_side_in_markdown():
    text = markdown_report(diff_of("base.yaml", "kpis.yaml"))
    assert "| NPS | — | 40 | n/a | &gt;= 50 | ❌ |" in text
    assert "| Error rate | 5% | — | n/a | &lt;= 2 | — |" in text


def test_unchanged_pair_says_so():
    text = markdown_report(diff_of("base.yaml", "base.yaml"))
    assert "handoffs 2 → 2, no changes**" in text
    assert "### Steps" not in text


def test_recreated_step_is_reported_with_its_old_id():
    text = markdown_report(diff_of("base.yaml", "recreated_step.yaml"))
    assert "- `file-order` **Archive order** (Sales)\n  - id: `archive` → `file-order` (matched by name)" in text


def test_hostile_text_is_escaped_in_markdown():
    text = markdown_report(diff_of("hostile_old.yaml", "hostile_new.yaml"))
    report = text.split("```mermaid")[0]
    assert "<script>" not in report and "<i>" not in report
    assert "| KPI \\| with \"quotes\" &lt;i&gt;&amp;&lt;/i&gt; |" in report
    assert "<del>Removed \"step\" &lt;script&gt;x&lt;/script&gt; \\#1; \\`b\\`</del>" in report


@pytest.mark.parametrize("raw, expected", [
    ("a | b", "a \\| b"),
    ("<b>x</b> & y", "&lt;b&gt;x&lt;/b&gt; &amp; y"),
    ("**x** _y_ `z` ~~s~~ [l](u) $m$ #h !i", "\\*\\*x\\*\\* \\_y\\_ \\`z\\` \\~\\~s\\~\\~ \\[l\\](u) \\$m\\$ \\#h \\!i"),
    ("ping @octocat", "ping @\u200boctocat"),
    ("two\nlines", "two lines"),
])
def test_markdown_escaping(raw, expected):
    assert md(raw) == expected


def test_forty_changed_steps_fold_into_details(tmp_path):
    from tests.render.test_mermaid_browser import many_steps_yaml

    (tmp_path / "old.yaml").write_text(many_steps_yaml(40, False), encoding="utf-8")
    (tmp_path / "new.yaml").write_text(many_steps_yaml(40, True), encoding="utf-8")
    diff = diff_processes(load_process(tmp_path / "old.yaml"), load_process(tmp_path / "new.yaml"))
    assert len(diff.changed) == 40 > FOLD_AFTER
    text = markdown_report(diff)
    assert '<details markdown="1">\n<summary>40 step changes: 0 added, 0 removed, 40 changed</summary>\n\n' in text
    details = text.split("<details")[1].split("</details>")[0]
    assert details.count("\n- `t") == 40 and "name: Step 39 original → Step 39 revised" in details
    before = text.split("<details")[0]
    assert "| Lead time |" in before and len(before.splitlines()) < 40  # the summary stays short
    assert text == markdown_report(diff)  # deterministic


def test_short_step_lists_are_not_folded():
    assert "<details" not in markdown_report(diff_of("base.yaml", "added_removed.yaml"))


def test_json_mirrors_the_dataclass():
    diff = diff_of("base.yaml", "lane_renamed.yaml")
    payload = diff_json(diff)
    assert payload["lanes"] == {"added": [], "removed": [], "renamed": {"legal": ["Legal", "Legal & Compliance"]},
                                "owners": {}}
    assert payload["steps"] == {"added": [], "removed": [], "changed": {}}
    assert json.loads(json.dumps(payload)) == payload


def test_cli_usage_errors(run_cli):
    assert run_cli("diff", DIFF / "base.yaml").exit_code == 2
    assert run_cli("diff", DIFF / "base.yaml", DIFF / "nope.yaml").exit_code == 2
    assert run_cli("diff", "--merge-base", DIFF / "base.yaml", DIFF / "kpis.yaml").exit_code == 2


def test_cli_output_file_and_text_format(run_cli, tmp_path):
    target = tmp_path / "report.md"
    result = run_cli("diff", DIFF / "base.yaml", DIFF / "kpis.yaml", "--format", "markdown", "-o", target)
    assert result.exit_code == 0 and result.stdout == ""
    assert target.read_text(encoding="utf-8") == markdown_report(diff_of("base.yaml", "kpis.yaml"))
    text = run_cli("diff", DIFF / "base.yaml", DIFF / "kpis.yaml").stdout
    assert "  Cycle time: 10 days → 7 days (−30.0%) target <= 8 met\n" in text


def test_cli_render_mermaid(run_cli):
    from sopdocs.render.mermaid import mermaid_flowchart, mermaid_gantt

    process = load_process(DIFF / "base.yaml")
    assert run_cli("render", "mermaid", DIFF / "base.yaml").stdout == mermaid_flowchart(process)
    assert run_cli("render", "mermaid", DIFF / "base.yaml", "--timeline").stdout == mermaid_gantt(process)
    broken = run_cli("render", "mermaid", FIXTURES / "invalid" / "unknown_lane.yaml")
    assert broken.exit_code == 1 and "Traceback" not in broken.stdout + broken.stderr


def test_unchanged_file_gets_no_flowchart():
    assert "```mermaid" not in markdown_report(diff_of("base.yaml", "base.yaml"))
    assert "```mermaid" in markdown_report(diff_of("base.yaml", "lane_renamed.yaml"))


def test_text_lists_lanes_with_names(tmp_path):
    text = (DIFF / "base.yaml").read_text(encoding="utf-8")
    text = text.replace("{id: legal, name: Legal, owner: Legal counsel}", "{id: ops, name: Operations}")
    (tmp_path / "new.yaml").write_text(text.replace("lane: legal", "lane: ops"), encoding="utf-8")
    diff = diff_processes(load_process(DIFF / "base.yaml"), load_process(tmp_path / "new.yaml"))
    assert "\nlanes:\n  + ops: Operations\n  - legal: Legal\n" in text_report(diff)
