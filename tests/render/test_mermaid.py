"""Mermaid text: golden output for fixtures, safe ids, and escaping of hostile labels.

That Mermaid itself accepts the text (and shows hostile labels as text) is checked in
test_mermaid_browser.py with the real library.
"""

import re

import pytest

from sopdocs.analysis.diff import diff_processes
from sopdocs.render.mermaid import NodeIds, escape, mermaid_flowchart, mermaid_gantt
from sopdocs.validate import load_process
from tests.conftest import FIXTURES, sample_files

DIFF = FIXTURES / "diff"


def load(name):
    return load_process(DIFF / name)


def test_flowchart_golden(golden):
    golden("mermaid/base-flowchart.mmd", mermaid_flowchart(load("base.yaml")))


def test_diff_flowchart_golden(golden):
    old, new = load("base.yaml"), load("added_removed.yaml")
    golden("mermaid/added_removed-diff.mmd", mermaid_flowchart(new, diff_processes(old, new)))


def test_gantt_golden(golden):
    golden("mermaid/probabilities-gantt.mmd", mermaid_gantt(load("probabilities.yaml")))


def test_gantt_times_follow_the_schedule():
    text = mermaid_gantt(load("base.yaml"))
    # One working day (8 h) is drawn as one day: intake waits 1 h (3:00 on the drawn
    # clock) and works 2 h (6:00 more); approve waits 4 h from hour 3 (= 9:00 → 21:00).
    assert "    Take order #40;wait#41; :done, w_intake, 2000-01-01 00:00, 2000-01-01 03:00\n" in text
    assert "    Take order :crit, s_intake, 2000-01-01 03:00, 2000-01-01 09:00\n" in text
    assert "    Approve order #40;wait#41; :done, w_approve, 2000-01-01 09:00, 2000-01-01 21:00\n" in text
    assert ":crit, milestone, s_done, 2000-01-02 01:30, 0d" in text  # 8.5 h = 1.0625 d
    assert "Legal review" not in text  # off the expected path


def test_diff_marks_added_changed_and_removed_steps():
    old, new = load("base.yaml"), load("added_removed.yaml")
    text = mermaid_flowchart(new, diff_processes(old, new))
    assert "    class s_notify added\n" in text
    assert "    class s_approve changed\n" in text
    assert "    class s_old_archive removed\n" in text
    assert 'classDef removed' in text and "text-decoration:line-through" in text
    # The removed step keeps its old lane and its old edges, dotted.
    sales = text.split('subgraph lane_sales["Sales"]')[1].split("    end")[0]
    assert 's_old_archive["Archive order<br/>30m"]' in sales
    assert "    s_approve -.-> s_old_archive\n" in text and "    s_old_archive -.-> s_done\n" in text


def test_renamed_lane_shows_its_old_name():
    old, new = load("base.yaml"), load("lane_renamed.yaml")
    text = mermaid_flowchart(new, diff_processes(old, new))
    assert 'subgraph lane_legal["Legal #amp; Compliance #40;was Legal#41;"]' in text


@pytest.mark.parametrize("raw, expected", [
    ('say "hi"', "say #quot;hi#quot;"),
    ("<script>alert(1)</script>", "#lt;script#gt;alert#40;1#41;#lt;/script#gt;"),
    ("a & b", "a #amp; b"),
    ("#1; `x`", "#35;1#59; #96;x#96;"),
    ("[x] {y} (z) |p|", "#91;x#93; #123;y#125; #40;z#41; #124;p#124;"),
    ("%%{init: {}}%%", "#37;#37;#123;init#58; #123;#125;#125;#37;#37;"),
    ("$$x$$ \\", "#36;#36;x#36;#36; #92;"),
    ("one\ntwo\t three", "one two three"),
    ("合同审批 ≥ 5万", "合同审批 ≥ 5万"),
])
def test_escape(raw, expected):
    assert escape(raw) == expected


def test_escape_cuts_long_text_before_escaping():
    text = escape('"' * 500)
    assert text == "#quot;" * 79 + "…"  # 79 characters and an ellipsis: MAX_LABEL = 80


def test_hostile_labels_never_reach_the_flowchart_syntax_raw():
    old, new = load("hostile_old.yaml"), load("hostile_new.yaml")
    text = mermaid_flowchart(new, diff_processes(old, new))
    for line in text.splitlines():
        # Inside a quoted label only entity codes and safe characters occur, so every
        # double quote on a line belongs to the syntax (an even number of them) ...
        assert line.count('"') % 2 == 0, line
        for label in re.findall(r'"([^"]*)"', line):
            ours = label.replace("<br/>", "")  # the one piece of markup we write
            assert not set(ours) & set("<>`{}[]|%$\n"), label
            assert not re.search(r"#(?![a-z]+;|\d+;)", ours), label  # only entity codes
    outside_labels = re.sub(r'"[^"]*"', '""', text)
    assert "click" not in outside_labels and "script" not in outside_labels
    assert "%%" not in text


def test_hostile_labels_in_the_gantt():
    text = mermaid_gantt(load("hostile_new.yaml"))
    keywords = ("title ", "section ", "dateFormat ", "axisFormat ")
    for line in text.splitlines()[1:]:
        body = line.strip()
        if body.startswith(keywords):
            continue
        name, _, spec = body.rpartition(" :")
        plain = re.sub(r"#(?:[a-z]+|\d+);", "", name)  # entity codes are fine
        assert not set(plain) & set("#:;<>`\n%"), name  # ':' would end the task name
        assert re.fullmatch(r"(crit, )?(done, |milestone, )?[ws]_\w+, [-0-9 :]+, ([-0-9 :]+|0d)", spec), spec
    assert "section end\n" in text  # a lane named "end" is just text in a gantt


@pytest.mark.parametrize("name", ["click here", "Section review", "title page", "excludes"])
def test_gantt_task_names_cannot_be_read_as_keywords(name):
    process = load("base.yaml")
    renamed = process.__class__(**{**process.__dict__, "steps": tuple(
        step.__class__(**{**step.__dict__, "name": name}) if step.id == "intake" else step
        for step in process.steps)})
    line = next(l for l in mermaid_gantt(renamed).splitlines() if "s_intake," in l)
    assert line.strip().startswith(f"#{ord(name[0])};{name[1:]} :")


def test_node_ids_are_safe_and_unique():
    ids = NodeIds("s_")
    assert ids("a-b") == "s_a_b"
    assert ids("a_b") == "s_a_b_2"  # sanitised to the same text: numbered
    assert ids("a-b") == "s_a_b"  # stable
    assert ids("end") == "s_end" and ids("o") == "s_o"


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.stem)
def test_every_sample_node_id_is_generated(path):
    process = load_process(path)
    text = mermaid_flowchart(process)
    node_ids = re.findall(r"^\s+(s_\w+)[\[\(\{]", text, flags=re.M)
    assert len(node_ids) == len(set(node_ids)) == len({step.id for step in process.steps})
    assert all(re.fullmatch(r"s_[A-Za-z0-9_]+", node_id) for node_id in node_ids)
    assert text == mermaid_flowchart(process)  # deterministic
