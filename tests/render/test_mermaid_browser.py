"""The real Mermaid library renders every Mermaid text sopdocs writes, hostile ones included.

Covers the flowchart and gantt of every sample, and the Mermaid block of the Markdown
report of every diff: the fixture pairs (both directions), the samples' baseline pairs
and a 40-step pair where every step changes. See mermaid_harness for the setup; the
test skips only when Node/npm or Chromium cannot be had.
"""

import re

import pytest

from sopdocs.analysis.diff import diff_processes
from sopdocs.render.diffreport import markdown_report
from sopdocs.render.mermaid import mermaid_flowchart, mermaid_gantt
from sopdocs.validate import load_process
from tests.conftest import FIXTURES, ROOT, sample_files
from tests.render import mermaid_harness

pytestmark = pytest.mark.browser
DIFF = FIXTURES / "diff"
BROKEN = 'flowchart TD\n    a["x" --> b\n'


def many_steps_yaml(count: int, changed: bool) -> str:
    """A process of `count` tasks across three lanes; `changed` renames and re-times all."""
    lines = ["title: Many steps", "lanes:"] + [f"  - {{id: l{n}, name: Lane {n}}}" for n in range(3)]
    lines.append("steps:")
    for n in range(count):
        name = f"Step {n} {'revised' if changed else 'original'}"
        after = f"next: t{n + 1}" if n + 1 < count else ""
        lines.append(f"  - {{id: t{n}, name: {name}, lane: l{n % 3}, "
                     f"duration: {2 if changed else 1}h{', ' + after if after else ''}}}")
    return "\n".join(lines) + "\n"


def _pairs(tmp_folder):
    variants = sorted(p for p in DIFF.glob("*.yaml") if p.name != "base.yaml"
                      and not p.name.startswith("hostile"))
    pairs = [(DIFF / "base.yaml", v) for v in variants] + [(v, DIFF / "base.yaml") for v in variants]
    pairs += [(DIFF / "hostile_old.yaml", DIFF / "hostile_new.yaml"),
              (DIFF / "hostile_new.yaml", DIFF / "hostile_old.yaml")]
    for path in sample_files():
        process = load_process(path)
        if process.baseline:
            pairs.append(((path.parent / process.baseline).resolve(), path))
    (tmp_folder / "many_old.yaml").write_text(many_steps_yaml(40, False), encoding="utf-8")
    (tmp_folder / "many_new.yaml").write_text(many_steps_yaml(40, True), encoding="utf-8")
    pairs.append((tmp_folder / "many_old.yaml", tmp_folder / "many_new.yaml"))
    return pairs


def _name(path):
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.name


def collect_diagrams(tmp_folder) -> dict[str, str]:
    """Name → Mermaid text for everything the tests render."""
    diagrams = {"broken (negative control)": BROKEN}
    for path in sample_files() + [DIFF / "hostile_new.yaml"]:
        process = load_process(path)
        diagrams[f"flowchart {_name(path)}"] = mermaid_flowchart(process)
        diagrams[f"gantt {_name(path)}"] = mermaid_gantt(process)
    for old_path, new_path in _pairs(tmp_folder):
        report = markdown_report(diff_processes(load_process(old_path), load_process(new_path)))
        (block,) = re.findall(r"```mermaid\n(.*?)```", report, flags=re.S)
        diagrams[f"diff {_name(old_path)} -> {_name(new_path)}"] = block
    return diagrams


# Mermaid 10 gets the diagrams that exercise every construct we write (lanes, shapes,
# edge labels, rework loops, classDef, removed steps, CJK, hostile text); 11 gets all.
V10_SUBSET = (
    "broken (negative control)",
    "flowchart tests/fixtures/diff/hostile_new.yaml",
    "gantt tests/fixtures/diff/hostile_new.yaml",
    "diff tests/fixtures/diff/hostile_old.yaml -> tests/fixtures/diff/hostile_new.yaml",
    "diff tests/fixtures/diff/base.yaml -> tests/fixtures/diff/added_removed.yaml",
    "diff tests/fixtures/diff/base.yaml -> tests/fixtures/diff/lane_renamed.yaml",
    "diff processes/sales/lead-to-contract/current.yaml -> processes/sales/lead-to-contract/optimized.yaml",
    "flowchart processes/china/sales-sop-zh-hans.yaml",
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    diagrams = collect_diagrams(tmp_path_factory.mktemp("mermaid"))
    subset = {name: diagrams[name] for name in V10_SUBSET if name in diagrams}
    try:
        return diagrams, mermaid_harness.render_all({"11": diagrams, "10": subset})
    except mermaid_harness.Unavailable as reason:
        pytest.skip(f"real Mermaid check skipped: {reason}")


@pytest.mark.parametrize("major", sorted(mermaid_harness.VERSIONS))
def test_every_diagram_renders(rendered, major):
    diagrams, results = rendered
    expected = set(diagrams) if major == "11" else set(V10_SUBSET) & set(diagrams)
    assert set(results[major]) == expected and set(V10_SUBSET[:6]) <= expected  # fixtures: always
    assert results[major]["broken (negative control)"]["error"], "a syntax error must be caught"
    failures = {name: result["error"] for name, result in results[major].items()
                if name != "broken (negative control)" and (result["error"] or not result["svg"])}
    assert failures == {}
    assert sum(name.startswith("diff ") for name in diagrams) >= 19  # 8 × 2 fixtures, 2 hostile, 1 big
    assert sum(name.startswith("flowchart processes/") for name in diagrams) == len(sample_files())
    assert sum(name.startswith("gantt processes/") for name in diagrams) == len(sample_files())


@pytest.mark.parametrize("major", sorted(mermaid_harness.VERSIONS))
def test_hostile_labels_render_as_visible_text(rendered, major):
    _, results = rendered
    name = "diff tests/fixtures/diff/hostile_old.yaml -> tests/fixtures/diff/hostile_new.yaml"
    result = results[major][name]
    assert result["scripts"] == 0
    for visible in ('Sales "A" <script>alert(1)</script> & [x] {y} #1; `tick` %%{init: {}}%% end',
                    'Start"]; click start "javascript:alert(1)"',
                    'yes" --> end; %% `x` |y| (60%)',
                    "Line one line two <b>bold</b> **md** _u_ ~~s~~ $x$ \\ back",
                    "#quot; ; : #35; [[sub]] ((c)) {{hex}} >flag] @mention",
                    'Removed "step" <script>x</script> #1; `b`',
                    "Review the very long contract clause"):
        assert visible in result["text"], visible
    gantt = results[major]["gantt tests/fixtures/diff/hostile_new.yaml"]
    assert 'Hostile "labels" <script>alert(1)</script> & co' in gantt["text"]


@pytest.mark.parametrize("major", sorted(mermaid_harness.VERSIONS))
def test_removed_steps_are_struck_through(rendered, major):
    _, results = rendered
    struck = results[major]["diff tests/fixtures/diff/base.yaml -> tests/fixtures/diff/added_removed.yaml"]["struck"]
    assert struck["removed"] == [True]  # archive
    assert struck["added"] == [False] and struck["changed"] == [False]  # notify, approve
    assert not any(struck["none"])
