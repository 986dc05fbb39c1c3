"""`sopdocs metrics` with the forecast: --runs, --seed, the JSON keys and the table labels."""

import json

import pytest

from tests.conftest import FIXTURES

EXAMPLE = FIXTURES / "schedule" / "worked-example.yaml"


def test_json_gains_expected_and_simulation(run_cli):
    result = run_cli("metrics", EXAMPLE, "--format", "json", "--runs", "2000", "--seed", "3")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    # the expected-path keys are unchanged (docs/analysis.md's worked example)
    assert (data["lead_time_hours"], data["work_time_hours"], data["wait_time_hours"]) == (24, 10, 14)
    # with rework (back to draft with 0.1): 19 h per pass × 1/(1 − 0.1) + sign 5 h × 0.85/0.9
    # = 21.1111 + 4.7222 = 25.8333
    expected = data["expected"]
    assert expected["lead_time_hours"] == pytest.approx(25.8333, abs=1e-4)
    assert expected["work_time_hours"] == pytest.approx(10.9444, abs=1e-4)
    assert expected["wait_time_hours"] == pytest.approx(14.8889, abs=1e-4)
    assert expected["visits"]["draft"] == pytest.approx(1.1111, abs=1e-4)
    assert list(expected["visits"])[:2] == ["request", "draft"]   # file order
    simulation = data["simulation"]
    assert (simulation["runs"], simulation["seed"]) == (2000, 3)
    assert set(simulation["lead_time_hours"]) == {"mean", "p50", "p85", "p95"}
    # most contracts pass at once (24 h); P95 includes one rework pass: 24 + 19 = 43 h
    assert simulation["lead_time_hours"]["p50"] == 24
    assert simulation["lead_time_hours"]["p95"] == 43
    assert simulation["kpi_probability"] is None and simulation["utilisation"] == {}
    assert data["queueing"] is None


def test_seed_and_runs_change_the_simulated_figures_only(run_cli):
    def figures(*options):
        return json.loads(run_cli("metrics", EXAMPLE, "--format", "json", *options).stdout)
    first, other = figures("--runs", "500", "--seed", "1"), figures("--runs", "500", "--seed", "2")
    assert first == figures("--runs", "500", "--seed", "1")
    assert first["expected"] == other["expected"]
    assert first["simulation"]["lead_time_hours"] != other["simulation"]["lead_time_hours"]


def test_table_says_which_figures_are_which(run_cli):
    table = run_cli("metrics", EXAMPLE, "--runs", "1000").stdout
    lines = {line.split("  ")[0]: line for line in table.splitlines() if "  " in line}
    assert "lead 24.00 h = work 10.00 h + wait 14.00 h" in lines["expected path"]
    assert "lead 25.83 h = work 10.94 h + wait 14.89 h, effort 13.17 h" in lines["expected (with rework)"]
    assert "1000 runs, seed 15" in lines["simulated"] and "P95 43.00 h" in lines["simulated"]


def test_runs_must_be_positive(run_cli):
    result = run_cli("metrics", EXAMPLE, "--runs", "0")
    assert result.exit_code == 2 and "--runs" in result.stderr
