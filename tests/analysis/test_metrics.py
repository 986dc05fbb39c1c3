"""Hand-computed metrics of the fixtures in tests/fixtures/schedule/, through the library
and through `sopdocs metrics --format json` (matched to 0.01 h)."""

import json

import pytest

from sopdocs.analysis.metrics import process_metrics, with_forecast
from sopdocs.validate import load_process
from tests.conftest import FIXTURES, ROOT, sample_files

SCHEDULE = FIXTURES / "schedule"
CONTRACT_KEYS = {"process", "lead_time_hours", "work_time_hours", "wait_time_hours",
                 "lead_time_days", "flow_efficiency", "handoffs", "steps", "critical_path",
                 "schedule", "off_path"}

# name → expected JSON values, with the arithmetic (working hours).
EXPECTED = {
    "linear": {
        # intake 2 + 3 = 5; process 5 + 4 + 8 = 17; file 17 + 0.5 = 17.5
        "lead_time_hours": 17.5,
        "work_time_hours": 11.5,            # 3 + 8 + 0.5
        "wait_time_hours": 6.0,             # 2 + 4
        "lead_time_days": 2.1875,           # 17.5 / 8
        "flow_efficiency": 0.6571,          # 11.5 / 17.5
        "handoffs": 1,                      # intake (front) → process (back)
        "steps": 5,
        "critical_path": ["begin", "intake", "process", "file", "finish"],
        "off_path": [],
        "schedule": {"process": (9, 17, True, "back"), "file": (17, 17.5, True, "back")},
    },
    "decision": {
        # triage 0 → 1; slow (p 0.6): 1 + wait 8 = 9, + 16 = 25
        "lead_time_hours": 25, "work_time_hours": 17, "wait_time_hours": 8,
        "lead_time_days": 3.125,            # 25 / 8
        "flow_efficiency": 0.68,            # 17 / 25
        "handoffs": 0, "steps": 8,
        "critical_path": ["begin", "triage", "route", "slow", "done"],
        "off_path": ["fast", "reject", "rejected"],
        "schedule": {"slow": (9, 25, True, "ops")},
    },
    "parallel": {
        # legal 0 → 2; finance 0 + 8 = 8 → 16; join waits for max(2, 16) = 16, + 2 = 18 → 19
        "lead_time_hours": 19,
        "work_time_hours": 9,               # finance 8 + join 1 (the critical chain)
        "wait_time_hours": 10,              # finance 8 + join 2; 9 + 10 = 19
        "lead_time_days": 2.375,            # 19 / 8
        "flow_efficiency": 0.4737,          # 9 / 19
        "handoffs": 4,                      # split→legal, split→finance, legal→join, finance→join
        "steps": 6,
        "critical_path": ["begin", "split", "finance-check", "join", "end"],
        "off_path": [],
        "schedule": {"legal-check": (0, 2, False, "legal"), "finance-check": (8, 16, True, "finance"),
                     "join": (18, 19, True, "sales")},
    },
    "rework": {
        # draft 0 → 4; review 4 + 4 = 8 → 10; ok (0.8 back to draft: not scheduled) → publish 10 → 11
        "lead_time_hours": 11, "work_time_hours": 7, "wait_time_hours": 4,
        "lead_time_days": 1.375,            # 11 / 8
        "flow_efficiency": 0.6364,          # 7 / 11
        "handoffs": 2,                      # draft (team) → review (qa), ok (qa) → publish (team)
        "steps": 6,
        "critical_path": ["begin", "draft", "review", "ok", "publish", "end"],
        "off_path": [],
        "schedule": {"publish": (10, 11, True, "team")},
    },
    "waits": {
        # submit 0 → 1; approve 1 + 16 = 17 → 17.5; confirmed 17.5 + 4 = 21.5
        "lead_time_hours": 21.5, "work_time_hours": 1.5, "wait_time_hours": 20,
        "lead_time_days": 2.6875,           # 21.5 / 8
        "flow_efficiency": 0.0698,          # 1.5 / 21.5 = 0.06977
        "handoffs": 0, "steps": 4,
        "critical_path": ["begin", "submit", "approve", "confirmed"],
        "off_path": [],
        "schedule": {"approve": (17, 17.5, True, "desk"), "confirmed": (21.5, 21.5, True, "desk")},
    },
    "calendar": {
        # 7.5 h/day, 6 d/week: scope 1d = 7.5; build wait 0.5w = 22.5 → 30, 2d = 15 → 45; check 1.5 → 46.5
        "lead_time_hours": 46.5,
        "work_time_hours": 24,              # 7.5 + 15 + 1.5
        "wait_time_hours": 22.5,
        "lead_time_days": 6.2,              # 46.5 / 7.5
        "flow_efficiency": 0.5161,          # 24 / 46.5
        "handoffs": 0, "steps": 5,
        "critical_path": ["begin", "scope", "build", "check", "end"],
        "off_path": [],
        "schedule": {"build": (30, 45, True, "plan"), "check": (45, 46.5, True, "plan")},
    },
}


def check_contract(data, expected):
    for key in ("lead_time_hours", "work_time_hours", "wait_time_hours", "lead_time_days"):
        assert data[key] == pytest.approx(expected[key], abs=0.01), key
    assert data["flow_efficiency"] == pytest.approx(expected["flow_efficiency"], abs=0.0001)
    for key in ("handoffs", "steps", "critical_path", "off_path"):
        assert data[key] == expected[key], key
    for step_id, (start, finish, critical, lane) in expected["schedule"].items():
        entry = data["schedule"][step_id]
        assert entry["start_hours"] == pytest.approx(start, abs=0.01), step_id
        assert entry["finish_hours"] == pytest.approx(finish, abs=0.01), step_id
        assert (entry["critical"], entry["lane"]) == (critical, lane), step_id


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_cli_json_matches_hand_computation(run_cli, name):
    result = run_cli("metrics", SCHEDULE / f"{name}.yaml", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert CONTRACT_KEYS <= set(data)
    assert data["process"] == f"sched-{name}"
    check_contract(data, EXPECTED[name])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_library_matches_cli(run_cli, name):
    process = load_process(SCHEDULE / f"{name}.yaml")
    metrics = process_metrics(process)
    cli = json.loads(run_cli("metrics", SCHEDULE / f"{name}.yaml", "--format", "json").stdout)
    # the CLI adds the forecast with its defaults: 10,000 runs from seed 15
    assert with_forecast(metrics, process, 10_000, 15).as_dict() == cli
    assert {key: cli[key] for key in metrics.as_dict()} == metrics.as_dict()
    # on the critical chain, lead time = work + wait exactly
    assert metrics.work_time_hours + metrics.wait_time_hours == pytest.approx(metrics.lead_time_hours)


def test_counts_effort_and_work_per_lane_and_owner():
    metrics = process_metrics(load_process(SCHEDULE / "parallel.yaml"))
    # effort counts both branches: legal 2 + finance 8 + join 1 = 11 (> work time 9)
    assert metrics.effort_hours == 11
    assert metrics.work_per_lane == {"sales": 1, "legal": 2, "finance": 8}
    assert metrics.work_per_owner == {"Controller": 8, "Counsel": 2, "Rep": 1}
    assert (metrics.tasks, metrics.decisions, metrics.lanes, metrics.rework_loops) == (3, 0, 3, 0)
    linear = process_metrics(load_process(SCHEDULE / "linear.yaml"))
    # file has its own owner (Archivist); process falls back to the lane owner (Officer)
    assert linear.work_per_owner == {"Archivist": 0.5, "Clerk": 3, "Officer": 8}
    rework = process_metrics(load_process(SCHEDULE / "rework.yaml"))
    assert (rework.rework_loops, rework.decisions) == (1, 1)


def test_table_format_shows_headline_numbers(run_cli):
    result = run_cli("metrics", SCHEDULE / "parallel.yaml")
    assert result.exit_code == 0
    assert "lead time        19.00 h (2.38 working days)" in result.stdout
    assert "flow efficiency  47.4%" in result.stdout
    critical_rows = [line for line in result.stdout.splitlines() if line.endswith(" *")]
    assert [line.split()[0] for line in critical_rows] == [
        "begin", "split", "finance-check", "join", "end"]


def test_invalid_file_fails_without_traceback(run_cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\ntitle: X\nsteps:\n  - {id: a, name: A, duration: 3 parsecs}\n")
    result = run_cli("metrics", bad)
    assert result.exit_code == 1
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.stem)
def test_samples_keep_the_contract(run_cli, path):
    data = json.loads(run_cli("metrics", path, "--format", "json").stdout)
    assert CONTRACT_KEYS <= set(data)
    assert 0 <= data["flow_efficiency"] <= 1
    assert set(data["schedule"]).isdisjoint(data["off_path"])
    assert data["critical_path"] and all(data["schedule"][s]["critical"] for s in data["critical_path"])
    assert data["lead_time_hours"] == pytest.approx(
        max(entry["finish_hours"] for entry in data["schedule"].values()))


def test_worked_example_of_the_docs(run_cli):
    """docs/analysis.md: the YAML shown there is this fixture, and its numbers hold."""
    fixture = (SCHEDULE / "worked-example.yaml").read_text(encoding="utf-8")
    doc = (ROOT / "docs" / "analysis.md").read_text(encoding="utf-8")
    shown = doc.split("## Worked example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    assert shown == fixture.split("\n", 1)[1]  # the fixture only adds a comment line
    data = json.loads(run_cli("metrics", SCHEDULE / "worked-example.yaml", "--format", "json").stdout)
    check_contract(data, {
        # request 0; draft 0+2 → 6; reviews 6; legal 6+8=14 → 18; credit 6 → 8;
        # merge max(18, 8) = 18 → 19; approved 19; sign 19+4 = 23 → 24; done 24
        "lead_time_hours": 24, "lead_time_days": 3,      # 24 / 8
        "work_time_hours": 10,                           # 4 + 4 + 1 + 1
        "wait_time_hours": 14,                           # 2 + 8 + 4
        "flow_efficiency": 0.4167,                       # 10 / 24
        "handoffs": 4, "steps": 10, "off_path": ["lost"],
        "critical_path": ["request", "draft", "reviews", "legal-review", "merge",
                          "approved", "sign", "done"],
        "schedule": {"credit-check": (6, 8, False, "finance"), "sign": (23, 24, True, "sales")},
    })
    assert data["schedule"]["credit-check"]["slack_hours"] == 10   # (19 - 1) - 8
    assert (data["effort_hours"], data["rework_loops"]) == (12, 1)  # 4 + 4 + 2 + 1 + 1
    assert data["work_per_lane"] == {"sales": 6, "legal": 4, "finance": 2}
