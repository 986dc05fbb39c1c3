"""`sopdocs import survey`: surveys in English, Simplified and Traditional Chinese, as .xlsx
and .csv (UTF-8 with and without BOM, GB18030), made by the tests; malformed cells give
sheet, row and column and write nothing; every imported file validates and builds."""

import shutil
import subprocess
import sys

import pytest

from sopdocs.diagnostics import InvalidProcessError
from sopdocs.exchange.survey_import import import_survey
from sopdocs.load import load_text
from sopdocs.validate import run_rules
from tests.conftest import ROOT
from tests.exchange.surveys import (
    EN_HEADERS, HANT_HEADERS, ZH_HEADERS, ZH_ROWS, write_csv, write_xlsx,
)


def _errors(result, path="processes/imported.yaml"):
    return [d for d in run_rules(load_text(result.text, path)) if d.is_error]


def _summary(process):
    """(name, lane name, hours, [(description, type, priority)]) per step."""
    return [(step.name, process.lane(step.lane).name, step.duration.hours if step.duration else None,
             [(p.description, p.type, p.priority) for p in step.problems]) for step in process.steps]


def test_simplified_chinese_xlsx_with_a_title_row(tmp_path):
    path = write_xlsx(tmp_path / "lead-survey.xlsx", [ZH_HEADERS + ["备注"], *ZH_ROWS],
                      title="现状", before=[["销售线索到合同现状调研"]])
    result = import_survey(path)
    process = result.process
    assert (process.id, process.title, process.language) == ("lead-survey", "销售线索到合同现状调研", "zh")
    # lanes in first-seen order; 销售部/法务部/财务部 goes to 销售部 (seen in row 4 already)
    assert [lane.name for lane in process.lanes] == ["市场部", "销售部", "财务部"]
    # days at 8 h a day: 1 → 8 h, 3 → 24 h, 0.5 → 4 h; the row without a step name adds
    # its problem to 客户拜访; 高 → urgent, 中 → important
    assert _summary(process) == [
        ("线索分配", "市场部", 8.0, [("分配规则不清，线索被抢或被冷落", "efficiency", "urgent")]),
        ("客户拜访", "销售部", 24.0, [("客户资料在CRM和表格里录两遍", "experience", "important")]),
        ("合同审核", "销售部", 24.0, [("小合同也走法务预审", "efficiency", "urgent")]),
        ("签约归档", "财务部", 4.0, []),
    ]
    assert [step.targets for step in process.steps] == [("step-2",), ("step-3",), ("step-4",), ()]
    contract = process.steps[2]
    assert contract.instructions == ("5万以下的合同也要法务预审\n\n"
                                     "同时涉及：法务部、财务部（调研表中为“销售部/法务部/财务部”）。")
    assert "#   row 6, 合同审核: 销售部 / 法务部 / 财务部" in result.text
    # the 备注 column (H, in header row 2) is reported, and listed in the file's comments
    assert [(w.code, w.line, w.col) for w in result.warnings] == [("SHEET201", 2, 8)]
    assert "sheet '现状', cell H2 (备注): this column is not imported" in result.warnings[0].message
    assert "#   row 2: sheet '现状', cell H2 (备注)" in result.text
    assert _errors(result) == []


def test_traditional_headers_with_ascii_brackets_and_spaces(tmp_path):
    headers = ["流程 環節", "涉及部門 / 人", "當前步驟簡述", "耗時 (天/單)", "問題類型", "具體問題描述", "改進優先級"]
    rows = [["受理客訴", "客服部", "登記客訴", 0.5, "體驗", "客戶要重複說明問題", "高"],
            ["調查原因", "品質部", "調查根本原因", 2, "風險", "調查結果沒有回饋", "低"]]
    result = import_survey(write_xlsx(tmp_path / "complaints.xlsx", [headers, *rows]))
    process = result.process
    assert process.language == "zh-Hant"
    assert result.warnings == ()
    assert _summary(process) == [
        ("受理客訴", "客服部", 4.0, [("客戶要重複說明問題", "experience", "urgent")]),
        ("調查原因", "品質部", 16.0, [("調查結果沒有回饋", "risk", "routine")]),
    ]
    assert _errors(result) == []


def test_hant_headers_as_the_team_writes_them(tmp_path):
    rows = [["報價", "業務部", "業務員製作報價單", 1, "成本", "折扣審批層級太多", "中"]]
    result = import_survey(write_xlsx(tmp_path / "quote.xlsx", [HANT_HEADERS, *rows]))
    assert result.process.language == "zh-Hant"
    assert _summary(result.process) == [("報價", "業務部", 8.0, [("折扣審批層級太多", "cost", "important")])]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_simplified_csv_in_utf8_with_and_without_bom_and_gb18030(tmp_path, encoding):
    path = write_csv(tmp_path / "survey.csv", [ZH_HEADERS, *ZH_ROWS], encoding)
    if encoding == "gb18030":  # really GB18030 bytes, which UTF-8 cannot decode
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")
    result = import_survey(path)
    expected = import_survey(write_xlsx(tmp_path / "survey.xlsx", [ZH_HEADERS, *ZH_ROWS]))
    assert result.process.language == "zh"
    assert _summary(result.process) == _summary(expected.process)
    assert [s.instructions for s in result.process.steps] == [s.instructions for s in expected.process.steps]


def test_traditional_csv_in_big5_as_excel_writes_it_in_taiwan(tmp_path):
    rows = [HANT_HEADERS, ["受理客訴", "客服部", "登記客訴", 0.5, "體驗", "客戶要重複說明問題", "高"]]
    path = write_csv(tmp_path / "survey.csv", rows, "cp950")
    # the same bytes also decode as GB18030, to nonsense: the reading with words wins
    assert path.read_bytes().decode("gb18030") != path.read_bytes().decode("cp950")
    result = import_survey(path)
    assert result.process.language == "zh-Hant"
    assert _summary(result.process) == [("受理客訴", "客服部", 4.0, [("客戶要重複說明問題", "experience", "urgent")])]


def test_a_header_in_hours_makes_bare_numbers_hours(tmp_path):
    for header in ("耗时（小时/单）", "Duration (h)", "Hours per order"):
        rows = [["Step", "Department", header], ["Check", "Sales", 3], ["Ship", "Sales", "1.5天"]]
        steps = import_survey(write_xlsx(tmp_path / "s.xlsx", rows)).process.steps
        # 3 → 3h; a unit in the cell wins: 1.5 days = 12 h
        assert [(s.duration.text, s.duration.hours) for s in steps] == [("3h", 3.0), ("1.5d", 12.0)], header


def test_english_csv_with_semicolons_and_units_in_the_cells(tmp_path):
    rows = [EN_HEADERS,
            ["Check order", "Sales", "Sales checks the order", "2", "risk", "Prices are typed by hand", "High"],
            ["Approve discount", "Sales manager", "", "3h", "cost", "Waits for the manager", "low"],
            ["Ship", "Logistics", "", "30 min", "", "", ""]]
    result = import_survey(write_csv(tmp_path / "Order survey.csv", rows, delimiter=";"))
    process = result.process
    assert (process.id, process.title, process.language) == ("order-survey", "Order survey", "en")
    assert [step.id for step in process.steps] == ["check-order", "approve-discount", "ship"]
    assert [lane.id for lane in process.lanes] == ["sales", "sales-manager", "logistics"]
    # "2" → 2d = 16 h, "3h" → 3 h, "30 min" → 30m = 0.5 h
    assert [(s.duration.text, s.duration.hours) for s in process.steps] == [("2d", 16.0), ("3h", 3.0), ("30m", 0.5)]
    assert [[(p.type, p.priority) for p in s.problems] for s in process.steps] == [
        [("risk", "urgent")], [("cost", "routine")], []]
    assert _errors(result) == []


def test_extra_columns_give_impact_frequency_why_and_ids(tmp_path):
    headers = EN_HEADERS + ["Impact", "Frequency", "Why (symptom to root cause)", "Step ID", "Problem ID"]
    rows = [headers, ["Assign lead", "Sales", "", 1, "efficiency", "Leads wait", "high", "high", "high",
                      "Leads wait → no rule who takes them\nnobody owns the rule", "assign", "lead-wait"],
            [None, None, None, None, "risk", "Leads are lost", "medium", "low", "high", "", "", ""]]
    result = import_survey(write_xlsx(tmp_path / "s.xlsx", rows))
    [step] = result.process.steps
    assert step.id == "assign"
    first, second = step.problems
    # high × high gives urgent, as stated: the stated priority is not written
    assert (first.impact, first.frequency, first.stated_priority, first.id) == ("high", "high", None, "lead-wait")
    assert first.why == ("Leads wait", "no rule who takes them", "nobody owns the rule")
    # low × high gives routine (medium impact needs high frequency): medium stays stated
    assert (second.impact, second.frequency, second.stated_priority) == ("low", "high", "important")


def test_malformed_cells_are_all_reported_with_sheet_row_and_column(tmp_path, run_cli):
    rows = [ZH_HEADERS,
            ["线索分配", "市场部", "", "两天", "效率", "规则不清", "高"],       # row 2: D2 not a number
            ["客户拜访", "销售部", "", 1, "慢", "录两遍", "最高"],             # row 3: E3 and G3
            [None, "法务部", "预审", 2, None, None, None],                     # row 4: no step name
            ["签约", "财务部", "", -1, "成本", None, "高"]]                    # row 5: D5 < 0, G5 without problem
    path = write_xlsx(tmp_path / "bad.xlsx", rows, title="调研")
    with pytest.raises(InvalidProcessError) as caught:
        import_survey(path)
    found = [(d.code, d.line, d.col) for d in caught.value.diagnostics if d.is_error]
    assert found == [("SHEET101", 2, 4), ("SHEET101", 3, 5), ("SHEET101", 3, 7), ("SHEET102", 4, 1),
                     ("SHEET101", 5, 4), ("SHEET102", 5, 6)]
    messages = {(d.line, d.col): d for d in caught.value.diagnostics}
    assert messages[2, 4].message == "sheet '调研', cell D2 (耗时（天/单）): '两天' is not a number of days"
    assert "like 2 or 0.5" in messages[2, 4].hint
    assert messages[3, 5].message == "sheet '调研', cell E3 (问题类型): '慢' is not one of the words this column takes"
    assert messages[3, 5].hint.startswith("write one of 效率, 成本, 体验, 风险 (or efficiency, cost, experience, risk)")
    assert "step cells (B, C, D) but no step name" in messages[4, 1].message
    out = tmp_path / "bad.yaml"
    result = run_cli("import", "survey", path, "-o", out)
    assert result.exit_code == 1
    assert f"{path}:2:4: error[SHEET101] sheet '调研', cell D2" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert not out.exists()


def test_a_survey_without_a_step_column_is_refused(tmp_path, run_cli):
    path = write_xlsx(tmp_path / "other.xlsx", [["Name", "Amount"], ["a", 1]])
    result = run_cli("import", "survey", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}:1:1: no header row in the first 20 rows of sheet 'Survey'")


def test_duplicate_and_unnamed_columns_and_bad_ids(tmp_path):
    rows = [["Step", "Step name", "Days", None, "Step ID"],
            ["A", "x", 1, "stray", "a b"],
            ["B", "y", 1, None, "b"]]
    with pytest.raises(InvalidProcessError) as caught:
        import_survey(write_xlsx(tmp_path / "s.xlsx", rows))
    found = [(d.code, d.line, d.col, d.severity) for d in caught.value.diagnostics]
    # no department column: both steps go to the lane Unassigned (SHEET202 at their step cells)
    assert found == [("SHEET103", 1, 2, "error"), ("SHEET202", 2, 1, "warning"),
                     ("SHEET201", 2, 4, "warning"), ("SHEET105", 2, 5, "error"),
                     ("SHEET202", 3, 1, "warning")]


def test_sheet_option_picks_the_sheet(tmp_path, run_cli):
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.title = "Notes"
    workbook.active.append(["nothing here"])
    survey = workbook.create_sheet("现状")
    for row in [ZH_HEADERS, *ZH_ROWS]:
        survey.append(row)
    path = tmp_path / "book.xlsx"
    workbook.save(path)
    assert len(import_survey(path, sheet="现状").process.steps) == 4
    result = run_cli("import", "survey", path, "--sheet", "Missing")
    assert result.exit_code == 1
    assert result.stderr == f"error: {path}: no sheet 'Missing'; the sheets are: Notes, 现状\n"


def test_cli_writes_the_file_once_and_refuses_to_overwrite(tmp_path, run_cli):
    path = write_csv(tmp_path / "survey.csv", [ZH_HEADERS, *ZH_ROWS])
    out = tmp_path / "processes" / "lead-to-contract.yaml"
    result = run_cli("import", "survey", path, "-o", out)
    assert result.exit_code == 0, result.stderr
    assert f"wrote {out}" in result.stderr
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Imported by `sopdocs import survey` from survey.csv (header in row 1).\n")
    assert "\nid: lead-to-contract\n" in text  # the id follows the file it is written to
    assert run_cli("validate", out).exit_code == 0
    again = run_cli("import", "survey", path, "-o", out)
    assert again.exit_code == 1 and "already exists; use --force" in again.stderr
    assert run_cli("import", "survey", path, "-o", out, "--force").exit_code == 0
    to_stdout = run_cli("import", "survey", path)
    assert to_stdout.stdout.startswith("# Imported by")


@pytest.mark.slow
def test_imported_surveys_build_into_a_handbook(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project)
    shutil.copytree(ROOT / "handbook", project / "handbook")
    (project / "processes").mkdir()
    hant = [["受理客訴", "客服部", "登記客訴", 0.5, "體驗", "客戶要重複說明問題", "高"]]
    en = [["Check order", "Sales", "Sales checks it", 1, "risk", "Typed by hand", "high"]]
    for name, rows in (("zh.xlsx", [ZH_HEADERS, *ZH_ROWS]), ("hant.xlsx", [HANT_HEADERS, *hant]),
                       ("en.xlsx", [EN_HEADERS, *en])):
        result = import_survey(write_xlsx(tmp_path / name, rows), process_id=name.split(".")[0])
        assert _errors(result) == []
        (project / "processes" / f"{result.process.id}.yaml").write_text(result.text, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "sopdocs", "build", "--strict"], cwd=project,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    for name in ("zh", "hant", "en"):
        assert (project / "site" / "processes" / name / "index.html").is_file()


def test_output_folder_and_csv_sheet_option(tmp_path, run_cli):
    path = write_csv(tmp_path / "Lead survey.csv", [ZH_HEADERS, *ZH_ROWS])
    folder = tmp_path / "processes"
    folder.mkdir()
    result = run_cli("import", "survey", path, "-o", folder)
    assert result.exit_code == 0, result.stderr
    written = folder / "lead-survey.yaml"  # the input's name, made an id
    assert "\nid: lead-survey\n" in written.read_text(encoding="utf-8")
    refused = run_cli("import", "survey", path, "--sheet", "x")
    assert refused.exit_code == 1
    assert refused.stderr == f"error: {path}: --sheet is for .xlsx workbooks; a CSV file has one table\n"


def test_a_range_that_excel_turned_into_a_date_is_an_error(tmp_path):
    import datetime as dt

    rows = [ZH_HEADERS, ["报价", "销售部", None, dt.datetime(2026, 1, 2)]]  # "1-2" typed in Excel
    with pytest.raises(InvalidProcessError) as caught:
        import_survey(write_xlsx(tmp_path / "s.xlsx", rows))
    [error] = [d for d in caught.value.diagnostics if d.is_error]
    assert (error.code, error.line, error.col) == ("SHEET101", 2, 4)
    assert "'2026-01-02' is not a number of days" in error.message
    assert "a range (1-2) has to become its average" in error.hint
