"""`sopdocs export survey|actions|pilot`: the tables as .xlsx in the process's language,
byte-identical from one run to the next; the exported survey imports back to the same
steps, lanes, durations and problems."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from sopdocs.exchange.sheet_export import FIXED_TIME, export_sheet
from sopdocs.exchange.survey_import import import_survey
from sopdocs.load import load_text
from sopdocs.validate import load_process, run_rules
from tests.conftest import ROOT

PROCESS = """\
id: order
title: Order handling
language: {language}
lanes:
  - {{id: sales, name: Sales}}
  - {{id: finance, name: Finance}}
steps:
  - id: check
    name: "=Check order"
    lane: sales
    duration: 2h
    next: approve
    problems:
      - id: typed-twice
        description: Customer data typed twice
        type: efficiency
        impact: high
        frequency: high
        why: [Data typed twice, CRM and sheet are not linked, "nobody owns the sheet"]
      - description: Prices looked up by hand
        type: risk
        impact: low
        frequency: low
        priority: urgent
  - id: approve
    name: Approve the invoice
    lane: finance
    duration: 1.5d
    wait: 1d
    next: archive
  - id: archive
    name: Archive
    lane: sales
    duration: 30m
kpis:
  - {{name: Lead time, unit: d, target: "<= 3", before: 5, after: 2.5}}
  - {{name: Conversion, unit: "%", target: ">= 20", before: 16, after: 18}}
  - {{name: Satisfaction, unit: points}}
actions:
  - what: Link the CRM and the sheet
    department: sales
    owner: Li Wei
    due: 2025-06-30
    resources: 2 days of IT
    acceptance: No data typed twice
    status: doing
    steps: [check]
    problems: [typed-twice]
pilot:
  scope: Team East
  before: {{period: 2025-01 to 2025-03}}
  after: {{period: 2025-04 to 2025-06}}
"""


def _process(tmp_path, language="en"):
    path = tmp_path / "order.yaml"
    path.write_text(PROCESS.format(language=language), encoding="utf-8")
    return load_process(path)


def _sheet(data):
    return openpyxl.load_workbook(io.BytesIO(data)).active


def _rows(data):
    return [list(row) for row in _sheet(data).iter_rows(values_only=True)]


def test_the_order_process_is_a_valid_fixture(tmp_path):
    loaded = load_text(PROCESS.format(language="en"), "processes/order.yaml")
    assert [d for d in run_rules(loaded) if d.is_error] == []


def test_survey_rows_headers_and_words(tmp_path):
    data = export_sheet("survey", _process(tmp_path, "zh"))
    sheet = _sheet(data)
    assert sheet.title == "现状调研"
    assert sheet.freeze_panes == "A2"
    rows = _rows(data)
    assert rows[0][:7] == ["流程环节", "涉及部门/人", "当前步骤简述", "耗时（天/单）", "问题类型", "具体问题描述", "改进优先级"]
    # check: 2 h at 8 h a day = 0.25 days; high × high → urgent → 高; the second
    # problem gets its own row with only the problem cells
    assert rows[1] == ["=Check order", "Sales", None, 0.25, "效率", "Customer data typed twice", "高",
                       "高", "高", "Data typed twice → CRM and sheet are not linked → nobody owns the sheet",
                       None, "check", "typed-twice"]
    assert rows[2] == [None, None, None, None, "风险", "Prices looked up by hand", "高", "低", "低",
                       None, None, None, None]
    # approve: 1.5 d, waiting 1 d; archive: 30 min = 0.0625 days
    assert rows[3][:4] + rows[3][10:12] == ["Approve the invoice", "Finance", None, 1.5, 1, "approve"]
    assert rows[4][3] == 0.0625
    # a name starting with '=' is a text cell, not a formula
    assert sheet["A2"].data_type == "s"


def test_headers_follow_the_language(tmp_path):
    first = {language: _rows(export_sheet("survey", _process(tmp_path, language)))[0][0]
             for language in ("en", "zh", "zh-Hant")}
    assert first == {"en": "Step", "zh": "流程环节", "zh-Hant": "流程環節"}


def test_column_widths_fit_the_text(tmp_path):
    sheet = _sheet(export_sheet("survey", _process(tmp_path, "zh")))
    # 当前步骤简述: six CJK characters count 12, + 2 = 14; the why-chain (73 characters)
    # is capped at 60 and wraps
    assert sheet.column_dimensions["C"].width == 14
    assert sheet.column_dimensions["J"].width == 60
    assert sheet["J2"].alignment.wrap_text is True


def test_actions_table(tmp_path):
    rows = _rows(export_sheet("actions", _process(tmp_path, "zh-Hant")))
    assert rows[0] == ["優化措施", "責任部門", "負責人", "計劃完成時間", "所需資源", "驗收標準", "狀態",
                       "涉及環節", "針對問題"]
    # the department is the lane's name; steps by name, problems by description
    assert rows[1] == ["Link the CRM and the sheet", "Sales", "Li Wei", dt.datetime(2025, 6, 30),
                       "2 days of IT", "No data typed twice", "進行中", "=Check order",
                       "Customer data typed twice"]


def test_pilot_table_with_change_and_target(tmp_path):
    data = export_sheet("pilot", _process(tmp_path))
    rows = _rows(data)
    assert rows[0] == ["Indicator", "Unit", "Before the pilot (2025-01 to 2025-03)",
                       "After the pilot (2025-04 to 2025-06)", "Change", "Target", "Target met"]
    # lead time 5 → 2.5: (2.5 − 5) / 5 = −50 %, 2.5 <= 3 met; conversion 16 → 18:
    # +12.5 %, 18 < 20 missed; satisfaction has no values
    assert rows[1:4] == [["Lead time", "d", 5, 2.5, -0.5, "<= 3", "met"],
                         ["Conversion", "%", 16, 18, 0.125, ">= 20", "missed"],
                         ["Satisfaction", "points", None, None, None, None, None]]
    assert rows[5][:2] == ["Pilot scope", "Team East"]
    assert _sheet(data)["E2"].number_format == "0.0%"


def test_two_exports_are_byte_identical_and_carry_no_clock_time(tmp_path):
    process = _process(tmp_path, "zh")
    for kind in ("survey", "actions", "pilot"):
        first, second = export_sheet(kind, process), export_sheet(kind, process)
        assert first == second
        with zipfile.ZipFile(io.BytesIO(first)) as archive:
            assert {info.date_time for info in archive.infolist()} == {(2000, 1, 1, 0, 0, 0)}
            core = archive.read("docProps/core.xml").decode()
        assert core.count(FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ")) == 2  # created and modified


def _travels(process):
    """What a survey carries: per step its id, name, lane name, work and wait in days,
    and its problems."""
    per_day = process.calendar.hours_per_day
    return [(step.id, step.name, process.lane(step.lane).name,
             round(step.work_hours / per_day, 9), round(step.wait_hours / per_day, 9),
             [(p.id, p.description, p.type, p.impact, p.frequency, p.priority, p.why) for p in step.problems])
            for step in process.steps]


@pytest.mark.parametrize("source", [
    None, "processes/china/sales-sop-zh-hans.yaml", "processes/taiwan/complaint-handling-zh-hant.yaml",
    "processes/sales/lead-to-contract/current.yaml"])
def test_export_then_import_gives_the_same_survey(tmp_path, source):
    process = _process(tmp_path) if source is None else load_process(ROOT / source)
    path = tmp_path / "survey.xlsx"
    path.write_bytes(export_sheet("survey", process))
    result = import_survey(path)
    back = result.process
    assert _travels(back) == _travels(process)
    assert back.language == (process.language or "en")
    # lanes: those with steps, in the order their first step comes
    first_seen = list(dict.fromkeys(process.lane(step.lane).name for step in process.steps))
    assert [lane.name for lane in back.lanes] == first_seen
    assert [step.instructions.strip() for step in back.steps] == [step.instructions.strip() for step in process.steps]
    assert [d for d in run_rules(load_text(result.text, "processes/back.yaml")) if d.is_error] == []


def test_cli_export_writes_the_workbook(tmp_path, run_cli):
    source = ROOT / "processes" / "sales" / "quote-approval.yaml"
    out = tmp_path / "survey.xlsx"
    result = run_cli("export", "survey", source, "-o", out)
    assert result.exit_code == 0, result.stderr
    steps = len(load_process(source).steps)
    assert result.stderr.startswith(f"wrote {out} (")
    assert len(_rows(out.read_bytes())) - 1 >= steps
    wrong = run_cli("export", "pilot", source, "-o", tmp_path / "pilot.csv")
    assert wrong.exit_code == 1 and "name the file .xlsx" in wrong.stderr
    assert not (tmp_path / "pilot.csv").exists()
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\ntitle: [\n", encoding="utf-8")
    failed = run_cli("export", "actions", broken, "-o", tmp_path / "a.xlsx")
    assert failed.exit_code == 1 and "Traceback" not in failed.stdout + failed.stderr
    assert not Path(tmp_path / "a.xlsx").exists()
