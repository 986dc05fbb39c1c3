"""The process diff: step matching, changed fields, lanes, metric deltas and KPI rows.

Each fixture in tests/fixtures/diff/ changes one thing in base.yaml (its header says
what); the expected numbers are worked out by hand in the comments.
"""

import pytest

from sopdocs.analysis.diff import diff_processes, percent_change
from sopdocs.validate import load_process
from tests.conftest import FIXTURES, PROCESSES, sample_files

DIFF = FIXTURES / "diff"
VARIANTS = sorted(p.name for p in DIFF.glob("*.yaml") if p.name not in ("base.yaml",)
                  and not p.name.startswith("hostile"))


def load(name: str):
    return load_process(DIFF / name)


def diff_from_base(name: str):
    return diff_processes(load("base.yaml"), load(name))


def fields_of(diff, new_id: str) -> dict:
    change = next(c for c in diff.changed if c.new_id == new_id)
    return {f.field: (f.old, f.new) for f in change.fields}


@pytest.mark.parametrize("old, new, expected", [
    (45, 32, -28.9),    # (32 − 45) / 45 = −0.28888…
    (12, 18, 50.0),     # 6 / 12
    (10.5, 8.2, -21.9),  # −2.3 / 10.5 = −0.21904…
    (6.2, 8.7, 40.3),   # 2.5 / 6.2 = 0.40322…
    (0, 0, 0.0),
    (0, 5, None),       # no percentage of nothing
    (5, None, None),
])
def test_percent_change(old, new, expected):
    assert percent_change(old, new) == expected


@pytest.mark.parametrize("path", sample_files() + sorted(DIFF.glob("*.yaml")), ids=lambda p: p.name)
def test_a_process_compared_with_itself_is_empty(path):
    process = load_process(path)
    diff = diff_processes(process, process)
    assert diff.is_empty
    assert (diff.added, diff.removed, diff.changed) == ((), (), ())
    assert all(metric.change == 0 and metric.change_pct in (0.0, None) for metric in diff.metrics)
    assert all(kpi.old == kpi.new for kpi in diff.kpis)


def test_added_and_removed_steps():
    diff = diff_from_base("added_removed.yaml")
    assert diff.added == ("notify",)
    assert diff.removed == ("archive",)
    # Only `approve` changed: it now leads to `notify` instead of `archive`.
    assert [c.new_id for c in diff.changed] == ["approve"]
    link = {"when": None, "probability": None}
    assert fields_of(diff, "approve") == {"next": ([{"to": "archive", **link}], [{"to": "notify", **link}])}
    lead = diff.metric("lead_time_days")
    # Lead 8.5 h → 8.25 h (notify takes 15 m instead of archive's 30 m); 8 h per day.
    assert (lead.old, lead.new, lead.change) == (1.06, 1.03, -0.03)  # 1.0625, 1.03125
    assert lead.change_pct == -2.9  # −0.25 / 8.5 = −2.94 %
    assert diff.metric("steps").change == 0  # one in, one out


def test_changed_fields_old_to_new():
    diff = diff_from_base("changed_fields.yaml")
    assert [c.new_id for c in diff.changed] == ["intake"]  # archive's 30m → 0.5h is no change
    assert fields_of(diff, "intake") == {
        "owner": ("Sales rep", "Sales assistant"),  # the lane's owner → the step's own
        "duration": ("2h", "3h"),
        "wait": ("1h", None),
        "inputs": (["Order form"], ["Order form", "Price list"]),
        "systems": (["CRM"], ["CRM", "E-mail"]),
        "instructions": ("1. Open the order form.", "1. Open the order form in the CRM."),
    }
    # intake finishes at 3 h either way (1 h wait + 2 h work, or 3 h work): lead unchanged;
    # work on the critical path 2 + 1 + 0.5 = 3.5 h → 3 + 1 + 0.5 = 4.5 h.
    assert diff.metric("lead_time_days").change == 0
    work = diff.metric("work_time_days")
    assert (work.old, work.new, work.change_pct) == (0.44, 0.56, 28.6)  # 1 / 3.5 = 28.57 %
    wait = diff.metric("wait_time_days")
    assert (wait.old, wait.new, wait.change_pct) == (0.62, 0.5, -20.0)  # 5 h → 4 h


def test_step_moved_to_another_lane():
    diff = diff_from_base("moved_lane.yaml")
    assert fields_of(diff, "archive") == {"lane": ("sales", "finance"),
                                          "owner": ("Sales rep", "Controller")}
    # Handoffs stay 2: check → approve (sales → finance) and now archive → done
    # (finance → sales) instead of approve → archive.
    assert diff.metric("handoffs").change == 0


def test_renamed_step_is_matched_by_id():
    diff = diff_from_base("renamed_step.yaml")
    (change,) = diff.changed
    assert (change.old_id, change.new_id, change.matched_by) == ("approve", "approve", "id")
    assert fields_of(diff, "approve") == {"name": ("Approve order", "Sign off order")}
    assert diff.added == diff.removed == ()


def test_step_recreated_under_a_new_id_is_matched_by_name():
    diff = diff_from_base("recreated_step.yaml")
    assert diff.added == diff.removed == ()
    (change,) = diff.changed
    assert (change.old_id, change.new_id, change.matched_by) == ("archive", "file-order", "name")
    assert fields_of(diff, "file-order") == {"id": ("archive", "file-order")}
    # `approve` now points at file-order, the same step: not reported as changed.
    assert "approve" not in [c.new_id for c in diff.changed]


def test_changed_branch_probabilities():
    diff = diff_from_base("probabilities.yaml")
    old_next, new_next = fields_of(diff, "check")["next"]
    assert [(b["to"], b["when"], b["probability"]) for b in old_next] == [("review", "yes", 0.3),
                                                                            ("approve", "no", 0.7)]
    assert [(b["to"], b["when"], b["probability"]) for b in new_next] == [("review", "yes", 0.6),
                                                                            ("approve", "no", 0.4)]
    # The expected path now runs through review: lead 8.5 h → 24.5 h.
    lead = diff.metric("lead_time_days")
    assert (lead.old, lead.new, lead.change) == (1.06, 3.06, 2.0)  # 1.0625 → 3.0625
    assert lead.change_pct == 188.2  # 16 / 8.5 = 1.88235
    handoffs = diff.metric("handoffs")
    assert (handoffs.old, handoffs.new, handoffs.change, handoffs.change_pct) == (2, 3, 1, 50.0)


def test_lane_renamed():
    diff = diff_from_base("lane_renamed.yaml")
    assert diff.lanes.renamed == (("legal", "Legal", "Legal & Compliance"),)
    assert diff.lanes.added == diff.lanes.removed == diff.lanes.owners == ()
    assert diff.changed == ()  # the steps keep their lane id


def test_lanes_added_and_removed_in_the_sample_pair():
    folder = PROCESSES / "sales" / "lead-to-contract"
    if not (folder / "optimized.yaml").exists():
        pytest.skip("the sample pair is not there")
    diff = diff_processes(load_process(folder / "current.yaml"), load_process(folder / "optimized.yaml"))
    old_lanes = {lane.id for lane in diff.old.lanes}
    new_lanes = {lane.id for lane in diff.new.lanes}
    assert set(diff.lanes.added) == new_lanes - old_lanes
    assert set(diff.lanes.removed) == old_lanes - new_lanes


def test_kpis_matched_by_name_with_missing_ones():
    diff = diff_from_base("kpis.yaml")
    rows = [(k.name, k.unit, k.old, k.new, k.change_pct, k.target, k.met) for k in diff.kpis]
    assert rows == [
        ("Cycle time", "days", 10, 7, -30.0, "<= 8", True),  # −3 / 10; 7 <= 8
        ("NPS", "", None, 40, None, ">= 50", False),          # new only; 40 < 50
        ("Error rate", "%", 5, None, None, "<= 2", None),     # old only: nothing to meet
    ]
    back = diff_processes(load("kpis.yaml"), load("base.yaml"))
    rows = [(k.name, k.old, k.new, k.change_pct, k.target, k.met) for k in back.kpis]
    assert rows == [
        ("Cycle time", 7, 10, 42.9, "<= 8", False),  # 3 / 7 = 42.86 %; 10 > 8
        ("Error rate", None, 5, None, "<= 2", False),
        ("NPS", 40, None, None, ">= 50", None),
    ]


def _mirrored(change):
    return {f.field: (f.new, f.old) for f in change.fields}


def _pairs():
    pairs = [("base.yaml", name) for name in VARIANTS] + [("hostile_old.yaml", "hostile_new.yaml")]
    return [(DIFF / a, DIFF / b) for a, b in pairs]


@pytest.mark.parametrize("old_path, new_path", _pairs(), ids=lambda p: p.stem)
def test_diff_in_reverse_mirrors_the_diff(old_path, new_path):
    old, new = load_process(old_path), load_process(new_path)
    forward, backward = diff_processes(old, new), diff_processes(new, old)
    assert forward.added == backward.removed and forward.removed == backward.added
    by_old_id = {c.old_id: c for c in forward.changed}
    assert sorted(by_old_id) == sorted(c.new_id for c in backward.changed)
    for change in backward.changed:
        mirrored = by_old_id[change.new_id]
        assert mirrored.new_id == change.old_id
        assert {f.field: (f.old, f.new) for f in change.fields} == _mirrored(mirrored)
    assert forward.lanes.added == backward.lanes.removed
    assert [(i, b, a) for i, a, b in forward.lanes.renamed] == list(backward.lanes.renamed)
    for ahead, behind in zip(forward.metrics, backward.metrics):
        assert (ahead.old, ahead.new, ahead.change) == (behind.new, behind.old, -behind.change)
    assert sorted((k.name, k.old, k.new) for k in forward.kpis) == \
        sorted((k.name, k.new, k.old) for k in backward.kpis)


def test_status_by_new_id_feeds_the_flowchart():
    diff = diff_from_base("added_removed.yaml")
    assert diff.status_by_new_id() == {"approve": "changed", "notify": "added"}
