"""Spreadsheets from outside are bounded: file size, zip bombs, XML entities, rows,
columns and huge cells are refused with a message naming the limit, before openpyxl
unpacks more than it must."""

import io
import zipfile

import pytest

from sopdocs.diagnostics import InvalidProcessError
from sopdocs.exchange.sheet_read import SheetError, column_letter, read_table
from sopdocs.exchange.survey_import import import_survey
from sopdocs.limits import Limits
from tests.exchange.surveys import ZH_HEADERS, ZH_ROWS, write_csv, write_xlsx


def _with_member(path, name, data):
    """Add a member to an existing .xlsx (a zip)."""
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)
    return path


def _replace_member(path, name, change):
    """Rewrite one member of an .xlsx through `change(text) -> text`."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            archive.writestr(info, change(data.decode()) if info.filename == name else data)
    return path


def test_column_letters():
    # 26 letters, then two: 27 = AA, 52 = AZ, 53 = BA, 702 = ZZ, 703 = AAA
    assert [column_letter(n) for n in (1, 26, 27, 52, 53, 702, 703)] == ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA"]


def test_a_file_over_max_sheet_bytes_is_refused_before_reading(tmp_path):
    path = write_csv(tmp_path / "s.csv", [ZH_HEADERS, *ZH_ROWS])
    size = path.stat().st_size
    with pytest.raises(SheetError) as caught:
        read_table(path, limits=Limits(max_sheet_bytes=size - 1))
    assert str(caught.value) == (f"{path}:1:1: the file has {size:,} bytes, more than the limit of"
                                 f" {size - 1:,} (max_sheet_bytes); split the survey or raise the limit")


def test_a_zip_bomb_is_refused_from_the_zip_directory(tmp_path):
    # 30,000,000 zero bytes deflate to about 30 KB: a ratio near 1,000, over the
    # default 100, though the 30 MB are under max_sheet_unzipped_bytes (100 MB)
    path = write_xlsx(tmp_path / "bomb.xlsx", [ZH_HEADERS, *ZH_ROWS])
    _with_member(path, "xl/media/padding.bin", b"\0" * 30_000_000)
    with pytest.raises(SheetError) as caught:
        import_survey(path)
    message = str(caught.value)
    assert message.startswith(f"{path}:1:1: the workbook unpacks to ")
    assert "(max_sheet_zip_ratio): this is how a zip bomb looks" in message
    ratio = int(message.split("unpacks to ")[1].split(" times")[0].replace(",", ""))
    assert ratio > 100


def test_a_workbook_unpacking_past_max_sheet_unzipped_bytes_is_refused(tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", [ZH_HEADERS, *ZH_ROWS])
    with zipfile.ZipFile(path) as archive:
        unzipped = sum(info.file_size for info in archive.infolist())
    with pytest.raises(SheetError) as caught:
        read_table(path, limits=Limits(max_sheet_unzipped_bytes=unzipped - 1))
    assert f"unpacks to {unzipped:,} bytes, more than the limit of {unzipped - 1:,}" in str(caught.value)


def test_a_real_survey_is_far_below_the_zip_ratio_limit(tmp_path):
    # 5,000 identical rows, the most repetitive survey the row limit allows: its ratio,
    # measured, is about 16, so max_sheet_zip_ratio = 100 leaves room for real ones
    path = write_xlsx(tmp_path / "big.xlsx", [ZH_HEADERS, *[ZH_ROWS[0]] * 4_999])
    table = read_table(path)
    assert len(table.rows) == 5_000
    with zipfile.ZipFile(path) as archive:
        ratio = sum(info.file_size for info in archive.infolist()) / path.stat().st_size
    assert 5 < ratio < 50


def test_entities_in_the_workbook_xml_are_refused(tmp_path):
    path = write_xlsx(tmp_path / "evil.xlsx", [ZH_HEADERS, *ZH_ROWS])
    _replace_member(path, "xl/worksheets/sheet1.xml", lambda text: (
        '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>' + text))
    with pytest.raises(SheetError) as caught:
        read_table(path)
    assert "forbidden XML feature" in str(caught.value)
    assert str(caught.value).startswith(f"{path}:1:1:")


def test_rows_and_columns_past_the_limits_are_refused(tmp_path):
    path = write_xlsx(tmp_path / "s.xlsx", [ZH_HEADERS, *ZH_ROWS])  # 6 rows, 7 columns
    with pytest.raises(SheetError) as caught:
        read_table(path, limits=Limits(max_sheet_rows=5))
    assert str(caught.value) == (f"{path}:6:1: sheet 'Survey' has more than 5 rows (max_sheet_rows);"
                                 " split the survey or raise the limit")
    with pytest.raises(SheetError) as caught:
        read_table(path, limits=Limits(max_sheet_columns=6))
    assert str(caught.value).startswith(f"{path}:1:7: sheet 'Survey' has more than 6 columns"
                                        " (max_sheet_columns): cell G1 is filled")
    csv_path = write_csv(tmp_path / "s.csv", [ZH_HEADERS, *ZH_ROWS])
    with pytest.raises(SheetError) as caught:
        read_table(csv_path, limits=Limits(max_sheet_rows=5))
    assert str(caught.value).startswith(f"{csv_path}:6:1: the file has more than 5 rows")


def test_a_dimension_claiming_a_million_rows_costs_nothing(tmp_path):
    # the sheet says A1:XFD1048576; only max_sheet_rows + 1 rows and columns are asked for
    path = write_xlsx(tmp_path / "s.xlsx", [ZH_HEADERS, *ZH_ROWS])
    _replace_member(path, "xl/worksheets/sheet1.xml",
                    lambda text: text.replace('<dimension ref="A1:G6"/>', '<dimension ref="A1:XFD1048576"/>'))
    table = read_table(path, limits=Limits(max_sheet_rows=50, max_sheet_columns=10))
    # the 6 rows there are, each cut to the 10 columns allowed (not 16,384)
    assert len(table.rows) == 6 and {len(row) for row in table.rows} == {10}
    assert len(import_survey(path).process.steps) == 4


def test_huge_cells_are_errors_at_their_cell(tmp_path):
    long_name, long_text = "步" * 1_001, "说" * 10_001  # over max_label_chars and max_cell_chars
    rows = [ZH_HEADERS, [long_name, "销售部", None, 1], ["报价", "销售部", long_text, 1]]
    with pytest.raises(InvalidProcessError) as caught:
        import_survey(write_xlsx(tmp_path / "s.xlsx", rows))
    found = {(d.code, d.line, d.col): d.message for d in caught.value.diagnostics if d.is_error}
    assert set(found) == {("SHEET104", 2, 1), ("SHEET104", 3, 3)}
    assert found["SHEET104", 2, 1].endswith("the cell has 1,001 characters, more than 1,000 (max_label_chars)")
    assert found["SHEET104", 3, 3].endswith("the cell has 10,001 characters, more than 10,000 (max_cell_chars)")


def test_a_huge_csv_field_is_refused_with_its_line(tmp_path):
    path = write_csv(tmp_path / "s.csv", [ZH_HEADERS, ZH_ROWS[0], ["报价", "销售部", "x" * 20_000, 1]])
    with pytest.raises(SheetError) as caught:
        read_table(path)
    assert str(caught.value) == (f"{path}:3:1: a cell in line 3 has more than 10,000 characters"
                                 " (max_cell_chars); shorten it or raise the limit")


def test_text_in_another_encoding_is_refused(tmp_path):
    path = tmp_path / "s.csv"
    path.write_bytes("流程环节,耗时\n".encode("utf-8") + b"\xff\xfe\x00\x81\x30")
    with pytest.raises(SheetError) as caught:
        read_table(path)
    assert "neither UTF-8, GB18030 nor Big5 text" in str(caught.value)


def test_utf16_unicode_text_from_excel_is_read(tmp_path):
    path = write_csv(tmp_path / "s.txt", [ZH_HEADERS, *ZH_ROWS], encoding="utf-16", delimiter="\t")
    assert len(import_survey(path).process.steps) == 4


def test_a_damaged_workbook_is_refused(tmp_path):
    path = tmp_path / "s.xlsx"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    path.write_bytes(buffer.getvalue())
    with pytest.raises(SheetError) as caught:
        read_table(path)
    assert str(caught.value).startswith(f"{path}:1:1: the workbook cannot be read")
    path.write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(SheetError) as caught:
        read_table(path)
    assert str(caught.value).startswith(f"{path}:1:1: not an .xlsx workbook")


def test_more_steps_or_departments_than_a_process_may_have_are_errors_at_the_row(tmp_path):
    rows = [["Step", "Department"], ["A", "Sales"], ["B", "Legal"], ["C", "Finance"], ["D", "Sales"]]
    path = write_xlsx(tmp_path / "s.xlsx", rows)
    with pytest.raises(InvalidProcessError) as caught:
        import_survey(path, limits=Limits(max_steps=3, max_lanes=2))
    # the 4th step is in row 5; the 3rd department (Finance) first appears in row 4, column B
    found = {(d.code, d.line, d.col): d.message for d in caught.value.diagnostics}
    assert set(found) == {("SHEET104", 5, 1), ("SHEET104", 4, 2)}
    assert found["SHEET104", 5, 1].endswith("the survey has 4 steps, more than 3 (max_steps)")
    assert found["SHEET104", 4, 2].endswith("the survey has 3 departments, more than 2 (max_lanes)")


def test_other_spreadsheet_formats_are_refused_by_name(tmp_path):
    path = tmp_path / "survey.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")  # the start of an OLE2 (.xls) file
    with pytest.raises(SheetError) as caught:
        read_table(path)
    assert str(caught.value) == (f"{path}:1:1: Excel 97-2003 (.xls) files are not read; save the"
                                 " survey as Excel Workbook (.xlsx) or as CSV UTF-8")
