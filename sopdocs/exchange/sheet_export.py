"""A process's improvement tables as .xlsx workbooks: `export_sheet(kind, process)`.

`survey` is the current-state survey (one row per step, a further row per further
problem, in the columns `sopdocs import survey` reads back), `actions` the
responsibility table, `pilot` the pilot evaluation (before, after, change, target met).
Headers and words are in the process's language (en, zh, zh-Hant: sheet_words). The
header row is bold, frozen and filtered; columns are as wide as their text (a CJK
character counts two) up to a limit, beyond which cells wrap.

Texts from the process are written as text cells, never as formulas (a name starting
with `=` stays a name), and characters XML cannot carry become U+FFFD. The bytes
are deterministic: the document properties carry a fixed date, and the zip is written
again with fixed member times, so the same process gives the same file.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
import zipfile
from typing import Callable, Optional

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.writer.excel import ExcelWriter

from ..i18n import catalog_name
from ..model import Duration, Kpi, Process
from .sheet_words import (
    ACTION_COLUMNS, LANGUAGES, PILOT_COLUMNS, SHEET_TITLES, SURVEY_COLUMNS, header, value_word,
)

KINDS = ("survey", "actions", "pilot")
FIXED_TIME = dt.datetime(2000, 1, 1)
"""The date written as created and modified into every export (see the module docstring)."""
_ZIP_TIME = (2000, 1, 1, 0, 0, 0)
MAX_WIDTH = 60
_PRIORITY_LEVEL = {"urgent": "high", "important": "medium", "routine": "low"}
_SURVEY_ORDER = tuple(key for key in SURVEY_COLUMNS if key != "number")


def export_sheet(kind: str, process: Process) -> bytes:
    """The .xlsx bytes of table `kind` (survey, actions or pilot) of `process`."""
    language = catalog_name(process.language, LANGUAGES)
    headers, rows, extra = _BUILDERS[kind](process, language)
    return _workbook(SHEET_TITLES[kind][LANGUAGES.index(language)], headers, rows, extra)


def table_rows(kind: str, process: Process) -> int:
    """How many rows table `kind` of `process` has under its header."""
    language = catalog_name(process.language, LANGUAGES)
    return len(_BUILDERS[kind](process, language)[1])


def _days(duration: Optional[Duration], process: Process) -> object:
    """A duration as days per order; a range (issue 15) as its text (`1d–4d, likely 2d`),
    which `sopdocs import survey` reads back as the range."""
    if duration is None:
        return None
    if duration.is_range:
        return duration.text
    days = duration.hours / process.calendar.hours_per_day
    return int(days) if days.is_integer() else round(days, 12)


def _survey(process: Process, language: str):
    headers = [header(SURVEY_COLUMNS, key, language) for key in _SURVEY_ORDER]
    rows = []
    for step in process.steps:
        lane = process.lane(step.lane)
        first = {"step": step.name, "department": lane.name if lane else step.lane,
                 "description": step.instructions or None, "step_id": step.id,
                 "days": _days(step.duration, process), "wait": _days(step.wait, process)}
        problems = step.problems or (None,)
        for index, problem in enumerate(problems):
            cells = dict(first) if index == 0 else {}
            if problem is not None:
                cells.update({
                    "problem_type": value_word("type", problem.type, language),
                    "problem": problem.description,
                    "priority": value_word("level", _PRIORITY_LEVEL[problem.priority], language),
                    "impact": value_word("level", problem.impact, language),
                    "frequency": value_word("level", problem.frequency, language),
                    "why": " → ".join(problem.why) or None, "problem_id": problem.id})
            rows.append([cells.get(key) for key in _SURVEY_ORDER])
    return headers, rows, []


def _step_names(process: Process, ids: tuple[str, ...], separator: str) -> Optional[str]:
    names = [(process.step(step_id).name if process.step(step_id) else step_id) for step_id in ids]
    return separator.join(names) or None


def _problem_texts(process: Process, ids: tuple[str, ...], separator: str) -> Optional[str]:
    known = {problem.id: problem.description for _, problem in process.all_problems() if problem.id}
    return separator.join(known.get(problem_id, problem_id) for problem_id in ids) or None


def _date(text: Optional[str]) -> object:
    """A due date as a date cell; a text that is no calendar date (2025-02-30) stays text."""
    try:
        return dt.date.fromisoformat(text) if text else None
    except ValueError:
        return text


def _actions(process: Process, language: str):
    separator = "; " if language == "en" else "；"
    headers = [header(ACTION_COLUMNS, key, language) for key, _ in ACTION_COLUMNS]
    rows = []
    for action in process.actions:
        lane = process.lane(action.department)
        due = _date(action.due)
        rows.append([action.what, lane.name if lane else action.department, action.owner, due,
                     action.resources or None, action.acceptance or None,
                     value_word("status", action.status, language),
                     _step_names(process, action.steps, separator),
                     _problem_texts(process, action.problems, separator)])
    return headers, rows, []


def _pilot_row(kpi: Kpi, language: str) -> list:
    met = kpi.pilot_met
    change = kpi.change_percent
    return [kpi.name, kpi.unit or None, kpi.before, kpi.after,
            None if change is None else round(change / 100, 12),
            kpi.target.text if kpi.target else None,
            None if met is None else value_word("met", "met" if met else "missed", language)]


def _pilot(process: Process, language: str):
    pilot = process.pilot
    headers = [header(PILOT_COLUMNS, key, language) for key, _ in PILOT_COLUMNS]
    index = LANGUAGES.index(language)
    brackets = ("{0} ({1})", "{0}（{1}）", "{0}（{1}）")[index]
    if pilot is not None:
        for column, period in ((2, pilot.before_period), (3, pilot.after_period)):
            if period:
                headers[column] = brackets.format(headers[column], period)
    rows = [_pilot_row(kpi, language) for kpi in process.kpis]
    extra = []
    if pilot is not None and pilot.scope:
        extra = [[("Pilot scope", "试点范围", "試點範圍")[index], pilot.scope]]
    return headers, rows, extra


_BUILDERS: dict[str, Callable] = {"survey": _survey, "actions": _actions, "pilot": _pilot}


def _width(value: object) -> int:
    text = value.isoformat() if isinstance(value, dt.date) else str(value)
    return max((sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in line)
                for line in text.split("\n")), default=0)


def _text(value: object) -> object:
    return ILLEGAL_CHARACTERS_RE.sub("\ufffd", value) if isinstance(value, str) else value


def _workbook(title: str, headers: list[str], rows: list[list], extra: list[list]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    for row in [headers, *rows, *([[]] + extra if extra else [])]:
        sheet.append([_text(value) for value in row])
    bold, fill = Font(bold=True), PatternFill("solid", fgColor="E8EAF6")
    for cell in sheet[1]:
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    wrapped, unwrapped = Alignment(vertical="top", wrap_text=True), Alignment(vertical="top")
    percent_column = 5 if title in SHEET_TITLES["pilot"] else None
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            _style_cell(cell, wrapped, unwrapped, percent_column)
    for col in range(1, len(headers) + 1):
        widest = max([_width(headers[col - 1])] + [_width(r[col - 1]) for r in rows
                                                   if col <= len(r) and r[col - 1] is not None])
        sheet.column_dimensions[get_column_letter(col)].width = min(max(widest, 6) + 2, MAX_WIDTH)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{len(rows) + 1}"
    workbook.properties.creator = "sopdocs"
    workbook.properties.created = FIXED_TIME
    return _save(workbook)


def _style_cell(cell, wrapped, unwrapped, percent_column: Optional[int]) -> None:
    """Text cells as text (a text starting with '=' is not a formula), aligned to the
    top and wrapped when long; dates and the pilot's change formatted."""
    value = cell.value
    if isinstance(value, str):
        cell.data_type = "s"
        cell.alignment = wrapped if "\n" in value or _width(value) > MAX_WIDTH - 2 else unwrapped
    elif isinstance(value, dt.date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, float) and cell.column == percent_column:
        cell.number_format = "0.0%"


def _save(workbook) -> bytes:
    """The workbook's bytes with the fixed date in its properties and in every zip member."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        workbook.properties.modified = FIXED_TIME
        ExcelWriter(workbook, archive).write_data()
    fixed = io.BytesIO()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=_ZIP_TIME)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, member.external_attr
            target.writestr(info, source.read(member.filename))
    return fixed.getvalue()
