"""Survey spreadsheets made by the tests (openpyxl and the csv module), never stored blobs."""

import csv
import io

import openpyxl

ZH_HEADERS = ["流程环节", "涉及部门/人", "当前步骤简述", "耗时（天/单）", "问题类型", "具体问题描述", "改进优先级"]
HANT_HEADERS = ["流程環節", "涉及部門/人", "當前步驟簡述", "耗時(天/單)", "問題類型", "具體問題描述", "改進優先級"]
EN_HEADERS = ["Step", "Department or person", "What happens", "Days per order", "Problem type",
              "Problem", "Priority"]

ZH_ROWS = [
    ["线索分配", "市场部", "市场部按地区手工分配线索", 1, "效率", "分配规则不清，线索被抢或被冷落", "高"],
    ["客户拜访", "销售部", "销售拜访客户并记录需求", 3, None, None, None],
    [None, None, None, None, "体验", "客户资料在CRM和表格里录两遍", "中"],
    ["合同审核", "销售部/法务部/财务部", "5万以下的合同也要法务预审", 3, "效率", "小合同也走法务预审", "高"],
    ["签约归档", "财务部", "合同盖章归档", 0.5, None, None, None],
]


def write_xlsx(path, rows, title="Survey", before=()):
    """An .xlsx with one sheet `title`: the rows of `before` (a title row...), then `rows`."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in [*before, *rows]:
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # '=0' typed as text, as Excel keeps '=0
    workbook.save(path)
    return path


def write_csv(path, rows, encoding="utf-8", delimiter=","):
    """A CSV file of `rows` in `encoding` (utf-8-sig writes a BOM)."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(
        [["" if value is None else value for value in row] for row in rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path
