"""Reading the cells of a current-state survey: the header row, then one row at a time.

Every problem found is a Diagnostic at the cell's spreadsheet row and column, its message
naming the sheet and the cell in Excel's A1 style (`sheet 'Survey', cell D5`) and the
column's header, its hint saying how to fix the cell. Codes: SHEET1xx are errors (the
import writes nothing), SHEET2xx warnings.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Optional

from ..diagnostics import ERROR, WARNING, Diagnostic
from ..fields import ID_RE
from ..limits import Limits
from ..ranges import parse_summary
from .sheet_read import SheetError, Table, cell_text, column_letter
from .sheet_words import allowed_words, hours_header, read_value, survey_column

BAD_CELL, ROW_SHAPE, HEADER, TOO_LONG, BAD_ID = "SHEET101", "SHEET102", "SHEET103", "SHEET104", "SHEET105"
UNKNOWN_COLUMN, ASSUMED = "SHEET201", "SHEET202"
HEADER_SEARCH_ROWS = 20
"""Rows searched for the header row (a title row or two may come before it)."""
TEXT_COLUMNS = ("step", "department", "problem", "problem_type", "priority", "impact",
                "frequency", "step_id", "problem_id", "days", "wait")
"""Columns whose cells are short texts, bounded by max_label_chars (the others by max_cell_chars)."""

_NUMBER = r"(\d+(?:\.\d+)?|\.\d+)"
_UNITS = {"d": "d", "day": "d", "days": "d", "天": "d", "日": "d", "工作日": "d",
          "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h", "小时": "h", "小時": "h",
          "时": "h", "時": "h", "m": "m", "min": "m", "mins": "m", "minute": "m", "minutes": "m",
          "分钟": "m", "分鐘": "m", "分": "m", "w": "w", "week": "w", "weeks": "w", "周": "w",
          "週": "w", "星期": "w"}
_DURATION = re.compile(rf"^{_NUMBER}\s*([^\d\s.]*)$")
_WHY_SPLIT = re.compile(r"\s*(?:\n|→|->|⇒|=>)\s*")


@dataclass
class Header:
    """The header row: its number, the column of each survey key, and the raw headers."""

    row: int
    columns: dict[str, int]
    names: dict[int, str]
    hours: dict[str, bool] = field(default_factory=dict)


class Cells:
    """The survey table with its header, and the diagnostics found while reading it."""

    def __init__(self, table: Table, limits: Limits):
        self.table = table
        self.limits = limits
        self.diagnostics: list[Diagnostic] = []
        self.header = Header(0, {}, {})
        self.header = self._find_header()

    def at(self, row: int, col: int) -> str:
        """`sheet 'X', cell D5 (header)` (without the sheet for a CSV file)."""
        name = self.header.names.get(col, "")
        sheet = f"sheet '{self.table.sheet}', " if self.table.sheet is not None else ""
        return f"{sheet}cell {column_letter(col)}{row}" + (f" ({name})" if name else "")

    def report(self, code: str, row: int, col: int, message: str, hint: str = "") -> None:
        """Record a diagnostic at a cell (an error for SHEET1xx, a warning for SHEET2xx)."""
        severity = ERROR if code.startswith("SHEET1") else WARNING
        self.diagnostics.append(Diagnostic(self.table.path, row, col, code, severity,
                                           f"{self.at(row, col)}: {message}", hint))

    def _find_header(self) -> Header:
        for index, row in enumerate(self.table.rows[:HEADER_SEARCH_ROWS], 1):
            keys = [survey_column(cell_text(value)) for value in row]
            if "step" in keys and sum(key is not None for key in keys) >= 2:
                return self._header(index, row, keys)
        sheet = f" of sheet '{self.table.sheet}'" if self.table.sheet is not None else ""
        raise SheetError(f"{self.table.path}:1:1: no header row in the first {HEADER_SEARCH_ROWS}"
                         f" rows{sheet}: a survey needs a step column (流程环节 / 流程環節 / Step)"
                         " and at least one more (涉及部门/人, 耗时（天/单）, 具体问题描述...);"
                         " see docs/spreadsheets.md for the column names"
                         + (f"; the workbook's sheets are: {', '.join(self.table.sheets)}"
                            if len(self.table.sheets) > 1 else ""))

    def _header(self, number: int, row: tuple, keys: list) -> Header:
        header = Header(number, {}, {cell: cell_text(value) for cell, value in enumerate(row, 1)
                                     if cell_text(value)})
        self.header = header
        for col, key in enumerate(keys, 1):
            text = cell_text(row[col - 1])
            if key is None:
                if text:
                    self.report(UNKNOWN_COLUMN, number, col, "this column is not imported: no survey"
                                " column has this name", "rename the header to a survey column"
                                " (docs/spreadsheets.md lists them), or copy what matters into"
                                " 当前步骤简述 / What happens")
            elif key in header.columns:
                first = header.columns[key]
                self.report(HEADER, number, col, f"this column means the same as column"
                            f" {column_letter(first)} ({header.names[first]})",
                            "delete or rename one of the two")
            else:
                header.columns[key] = col
                header.hours[key] = key in ("days", "wait") and hours_header(text)
        return header

    def unnamed_columns(self) -> None:
        """Warn about filled cells under an empty header (nothing imports them)."""
        width = max((len(row) for row in self.table.rows), default=0)
        for col in range(1, width + 1):
            if col in self.header.names:
                continue
            for number in range(self.header.row + 1, len(self.table.rows) + 1):
                if cell_text(self._value(number, col)):
                    self.report(UNKNOWN_COLUMN, number, col, "this cell is in a column with no"
                                " header and is not imported", "give the column a survey header,"
                                " or clear it")
                    break

    def _value(self, row: int, col: int) -> object:
        cells = self.table.rows[row - 1]
        return cells[col - 1] if col <= len(cells) else None

    def value(self, row: int, key: str) -> object:
        """The raw value of a survey column in a row (None when the column is missing)."""
        col = self.header.columns.get(key)
        return None if col is None else self._value(row, col)

    def text(self, row: int, key: str) -> str:
        """A survey cell as text, checked against the length limits (an error, and the
        text cut at the limit, when too long)."""
        text = cell_text(self.value(row, key))
        limit = self.limits.max_label_chars if key in TEXT_COLUMNS else self.limits.max_cell_chars
        if len(text) > limit:
            setting = "max_label_chars" if key in TEXT_COLUMNS else "max_cell_chars"
            self.report(TOO_LONG, row, self.header.columns[key], f"the cell has {len(text):,}"
                        f" characters, more than {limit:,} ({setting})", "shorten it; long"
                        " explanations belong in 当前步骤简述 / What happens")
            return text[:limit]
        return text

    def duration(self, row: int, key: str) -> Optional[str]:
        """A duration cell as a process-file duration (`2d`, `3h`, `0`, or a range's text
        `1d–4d, likely 2d`), or None if empty."""
        value = self.value(row, key)
        unit = "h" if self.header.hours.get(key) else "d"
        if value is None or (isinstance(value, str) and not value.strip()):
            return None
        if isinstance(value, str) and parse_summary(value):  # issue 15: a range as sheet_export writes it
            return value.strip()
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            number, written = float(value), unit
        else:
            match = _DURATION.match(cell_text(value).replace(",", "."))
            written = _UNITS.get(match.group(2).casefold(), None) if match and match.group(2) else unit
            if not match or written is None:
                self._bad_duration(row, key, value, unit)
                return None
            number = float(match.group(1))
        if number < 0 or not math.isfinite(number):
            self._bad_duration(row, key, value, unit)
            return None
        return "0" if number == 0 else f"{number_text(number)}{written}"

    def _bad_duration(self, row: int, key: str, value: object, unit: str) -> None:
        per = "hours" if unit == "h" else "days"
        self.report(BAD_CELL, row, self.header.columns[key], f"'{cell_text(value)}' is not a"
                    f" number of {per}", f"write the average {per} per order as one number, like"
                    " 2 or 0.5, or with a unit: 3h, 30min, 1.5d; a range (1-2) has to become"
                    " its average")

    def word(self, row: int, key: str, field_name: str, language: str) -> Optional[str]:
        """A cell holding one of a field's words (效率, 高...) as its canonical value."""
        text = self.text(row, key)
        if not text:
            return None
        canonical = read_value(field_name, text)
        if canonical is None:
            self.report(BAD_CELL, row, self.header.columns[key], f"'{text}' is not one of the"
                        f" words this column takes", f"write one of {allowed_words(field_name, language)};"
                        " for two problems of one step, use a second row with the step cell left empty")
        return canonical

    def identifier(self, row: int, key: str) -> Optional[str]:
        """An id cell (step or problem id): letters, digits, '-' and '_'; None if empty or bad."""
        text = self.text(row, key)
        if text and not ID_RE.match(text):
            self.report(BAD_ID, row, self.header.columns[key], f"'{text}' is not an id",
                        "use letters, digits, '-' and '_' (e.g. check-order), or clear the cell"
                        " to have one made from the step's name")
            return None
        return text or None

    def why(self, row: int) -> tuple[str, ...]:
        """The why-chain: one reason per line of the cell, or separated by →."""
        return tuple(part for part in _WHY_SPLIT.split(self.text(row, "why")) if part)


def number_text(number: float) -> str:
    """A number as the shortest plain decimal (2, 0.5, 0.333333333333), never 1e-05."""
    text = f"{number:.12f}".rstrip("0").rstrip(".")
    return text or "0"
