"""Reading spreadsheets from outside, bounded: one sheet of an .xlsx, or a .csv, as rows.

`read_table(path)` checks the file size before anything else (`max_sheet_bytes`). An
.xlsx is a zip of XML files: before openpyxl opens it, the zip's directory is read and
the declared uncompressed sizes are checked, in total (`max_sheet_unzipped_bytes`) and
against the file's size (`max_sheet_zip_ratio`), so a zip bomb is refused before a byte
is inflated (zipfile stops at the declared size and fails the CRC if a member lies).
openpyxl then reads in read-only mode (rows streamed, no styles), with defusedxml
refusing DTDs and entities, and only the first `max_sheet_rows` + 1 rows and
`max_sheet_columns` + 1 columns are asked for, so a sheet whose dimension claims a
million rows costs nothing. A .csv is decoded as UTF-8 (with or without a BOM),
UTF-16 with a BOM (Excel's "Unicode text"), or else GB18030 or Big5, whichever reads
as Chinese words. Every refusal
is a SheetError whose message starts with `file:row:col:` and says how to fix it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from ..diagnostics import SopdocsError
from ..limits import DEFAULT_LIMITS, Limits
from .filecheck import checked_size

XLSX_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")
OTHER_FORMATS = {".xls": "Excel 97-2003 (.xls)", ".xlsb": "Excel binary (.xlsb)",
                 ".ods": "OpenDocument (.ods)", ".numbers": "Apple Numbers"}


class SheetError(SopdocsError):
    """A spreadsheet that is refused or cannot be read; the message says where and why."""


@dataclass(frozen=True)
class Table:
    """The cells of one sheet: `rows[0]` is spreadsheet row 1; values are str, int, float,
    datetime or None. `sheet` is the sheet's name (None for a CSV file)."""

    path: str
    sheet: Optional[str]
    rows: tuple[tuple[object, ...], ...]
    sheets: tuple[str, ...] = ()


def column_letter(number: int) -> str:
    """Excel's letters for a 1-based column number: 1 → A, 27 → AA."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def read_table(path: str | os.PathLike, sheet: Optional[str] = None,
               limits: Limits = DEFAULT_LIMITS) -> Table:
    """The rows of the .xlsx sheet `sheet` (default: the first) or of a .csv file;
    raises SheetError for a refused, damaged or unknown file."""
    file_path, shown = Path(path), str(path)
    size = checked_size(file_path, shown, limits.max_sheet_bytes, "max_sheet_bytes",
                        "split the survey", SheetError)
    suffix = file_path.suffix.lower()
    if suffix in OTHER_FORMATS:
        raise SheetError(f"{shown}:1:1: {OTHER_FORMATS[suffix]} files are not read; save the"
                         " survey as Excel Workbook (.xlsx) or as CSV UTF-8")
    if suffix in XLSX_SUFFIXES or (suffix not in CSV_SUFFIXES and zipfile.is_zipfile(file_path)):
        return _read_xlsx(file_path, shown, size, sheet, limits)
    if sheet is not None:
        raise SheetError(f"{shown}: --sheet is for .xlsx workbooks; a CSV file has one table")
    return _read_csv(file_path, shown, limits)


def _check_zip(path: Path, shown: str, size: int, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError) as error:
        raise SheetError(f"{shown}:1:1: not an .xlsx workbook ({error}); save it again as"
                         " Excel Workbook (.xlsx), or as CSV UTF-8") from None
    unzipped = sum(member.file_size for member in members)
    if unzipped > limits.max_sheet_unzipped_bytes:
        raise SheetError(f"{shown}:1:1: the workbook unpacks to {unzipped:,} bytes, more than"
                         f" the limit of {limits.max_sheet_unzipped_bytes:,}"
                         " (max_sheet_unzipped_bytes); remove other sheets, pictures and"
                         " unused rows, or raise the limit")
    ratio = unzipped / max(size, 1)
    if ratio > limits.max_sheet_zip_ratio:
        raise SheetError(f"{shown}:1:1: the workbook unpacks to {ratio:,.0f} times its size"
                         f" ({unzipped:,} bytes from {size:,}), more than the limit of"
                         f" {limits.max_sheet_zip_ratio:,.0f} (max_sheet_zip_ratio): this is"
                         " how a zip bomb looks; save the survey again from the spreadsheet"
                         " program, or raise the limit if it is genuine")


def _read_xlsx(path: Path, shown: str, size: int, sheet: Optional[str], limits: Limits) -> Table:
    _check_zip(path, shown, size, limits)
    import openpyxl
    from defusedxml import DefusedXmlException

    if not openpyxl.DEFUSEDXML:  # OPENPYXL_DEFUSEDXML=False would let entities through
        raise SheetError("openpyxl is not using defusedxml (OPENPYXL_DEFUSEDXML is set to"
                         " False); unset it to import spreadsheets")
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        forbidden = _defused(error)
        if forbidden is not None:
            raise SheetError(f"{shown}:1:1: the workbook uses a forbidden XML feature"
                             f" ({type(forbidden).__name__}: DTDs and entities are refused, as"
                             " they carry the entity-expansion and external-entity attacks);"
                             " save it again from the spreadsheet program") from None
        raise SheetError(f"{shown}:1:1: the workbook cannot be read ({type(error).__name__}:"
                         f" {error}); open it in a spreadsheet program and save it again as"
                         " .xlsx, or as CSV UTF-8") from None
    chosen = sheet
    try:
        names = tuple(workbook.sheetnames)
        if sheet is not None and sheet not in names:
            raise SheetError(f"{shown}: no sheet '{sheet}'; the sheets are: {', '.join(names)}")
        chosen = sheet if sheet is not None else names[0]
        rows = _bounded_rows(workbook[chosen], shown, chosen, limits)
    except DefusedXmlException as error:
        raise SheetError(f"{shown}:1:1: sheet '{chosen}' uses a forbidden XML feature"
                         f" ({type(error).__name__}: DTDs and entities are refused); save the"
                         " workbook again from the spreadsheet program") from None
    finally:
        workbook.close()
    return Table(shown, chosen, rows, names)


def _defused(error: BaseException):
    """The defusedxml refusal behind an openpyxl error (it wraps them), or None."""
    from defusedxml import DefusedXmlException

    while error is not None:
        if isinstance(error, DefusedXmlException):
            return error
        error = error.__cause__ or error.__context__
    return None


def _bounded_rows(worksheet, shown: str, sheet: str, limits: Limits) -> tuple:
    """The sheet's rows, at most the limits (one more row and column are read to tell)."""
    max_rows, max_cols = limits.max_sheet_rows, limits.max_sheet_columns
    rows = []
    try:
        found = worksheet.iter_rows(min_row=1, max_row=max_rows + 1, min_col=1,
                                    max_col=max_cols + 1, values_only=True)
        for number, row in enumerate(found, 1):
            row = tuple(row)
            if len(row) > max_cols and any(_filled(value) for value in row[max_cols:]):
                raise SheetError(f"{shown}:{number}:{max_cols + 1}: sheet '{sheet}' has more"
                                 f" than {max_cols} columns (max_sheet_columns): cell"
                                 f" {column_letter(max_cols + 1)}{number} is filled; delete"
                                 " the columns the survey does not use, or raise the limit")
            if number > max_rows and any(_filled(value) for value in row):
                raise SheetError(f"{shown}:{number}:1: sheet '{sheet}' has more than"
                                 f" {max_rows:,} rows (max_sheet_rows); split the survey or"
                                 " raise the limit")
            rows.append(row[:max_cols])
    except SheetError:
        raise
    except (ValueError, TypeError, KeyError, zipfile.BadZipFile) as error:
        raise SheetError(f"{shown}:{len(rows) + 1}:1: sheet '{sheet}' cannot be read"
                         f" ({type(error).__name__}: {error}); save the workbook again") from None
    return tuple(rows[:max_rows])


def _filled(value: object) -> bool:
    return value is not None and not (isinstance(value, str) and not value.strip())


def _decode(data: bytes, shown: str) -> str:
    """The text of a CSV file: UTF-16 with a BOM, UTF-8, else GB18030 or Big5, whichever
    reads as words (nearly every byte pair is valid in both, so both may decode)."""
    for encoding in ("utf-16",) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else ("utf-8-sig",):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    readings = []
    for encoding in ("gb18030", "cp950"):
        try:
            readings.append(data.decode(encoding))
        except UnicodeDecodeError:
            continue
    if not readings:
        raise SheetError(f"{shown}:1:1: the file is neither UTF-8, GB18030 nor Big5 text; save it"
                         " as \"CSV UTF-8\" (Excel) or as .xlsx")
    return max(readings, key=_wordlike)  # max keeps the first (GB18030) on a tie


def _wordlike(text: str) -> float:
    """The share of the non-ASCII characters that are Chinese characters of the dictionary
    (a Big5 file read as GB18030 gives rare characters, kana and symbols)."""
    from ..scripts import known_han

    wide = [char for char in text if ord(char) > 0x7F]
    return sum(char in known_han() for char in wide) / max(len(wide), 1)


def _delimiter(text: str) -> str:
    """The delimiter of the first line that has one: tab, semicolon or comma, whichever
    occurs most (Excel writes ';' where ',' is the decimal comma)."""
    for line in text.splitlines()[:20]:
        counts = {d: line.count(d) for d in ("\t", ";", ",")}
        best = max(counts, key=lambda d: (counts[d], d == ","))
        if counts[best]:
            return best
    return ","


def _read_csv(path: Path, shown: str, limits: Limits) -> Table:
    try:
        text = _decode(path.read_bytes(), shown)
    except OSError as error:
        raise SheetError(f"{shown}: cannot read the file: {error.strerror or error}") from None
    previous = csv.field_size_limit(limits.max_cell_chars + 1)
    rows: list[tuple] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        for row in reader:
            number = len(rows) + 1
            if len(row) > limits.max_sheet_columns and any(_filled(v) for v in row[limits.max_sheet_columns:]):
                raise SheetError(f"{shown}:{number}:{limits.max_sheet_columns + 1}: the file has"
                                 f" more than {limits.max_sheet_columns} columns"
                                 f" (max_sheet_columns) in row {number}; delete the columns the"
                                 " survey does not use, or raise the limit")
            if number > limits.max_sheet_rows:
                if any(_filled(v) for v in row):
                    raise SheetError(f"{shown}:{number}:1: the file has more than"
                                     f" {limits.max_sheet_rows:,} rows (max_sheet_rows); split"
                                     " the survey or raise the limit")
                continue
            rows.append(tuple(value if value != "" else None for value in row))
    except csv.Error as error:
        line = reader.line_num
        if "field larger than field limit" in str(error):
            raise SheetError(f"{shown}:{line}:1: a cell in line {line} has more than"
                             f" {limits.max_cell_chars:,} characters (max_cell_chars); shorten"
                             " it or raise the limit") from None
        raise SheetError(f"{shown}:{line}:1: the CSV cannot be read ({error}); check the"
                         " quotes in that line") from None
    finally:
        csv.field_size_limit(previous)
    return Table(shown, None, tuple(rows))


def cell_text(value: object) -> str:
    """A cell's value as text, as a spreadsheet shows it (whole floats without `.0`)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()
