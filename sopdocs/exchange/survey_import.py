"""A current-state survey spreadsheet as a process: `import_survey(path)`.

One step per row in row order, each leading to the next (a survey is a list, not a
graph); one lane per department in the order the departments first appear; 耗时（天/单）
(days per order) as the step's duration; 具体问题描述 with its 问题类型 and 改进优先级 as
the step's problem. A row whose step cell is empty but whose problem cells are filled
adds another problem to the step above (this is also how merged step cells read). A
row naming several departments (销售/法务/财务) stays one step, in the first one's lane,
with a note in its instructions. The language comes from the headers. Any malformed
cell raises InvalidProcessError with every problem found, so nothing is written;
unknown columns are warnings. docs/spreadsheets.md has the columns and the mapping.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..diagnostics import Diagnostic, InvalidProcessError
from ..dump import dump_process
from ..limits import DEFAULT_LIMITS, Limits
from ..model import Calendar, Duration, Lane, Link, Problem, Process, Step
from ..ranges import make_range, parse_summary
from ..scripts import is_han, script_evidence
from .ids import unique_id
from .sheet_read import cell_text, column_letter, read_table
from .sheet_words import LANGUAGES, NOTES
from .survey_cells import ASSUMED, BAD_ID, ROW_SHAPE, TOO_LONG, Cells

_DEPARTMENTS = re.compile(r"\s*[/／、,，;；]\s*")
_SLUG = re.compile(r"[^a-z0-9]+")
_STEP_KEYS = ("department", "description", "days", "wait", "step_id")
_PROBLEM_KEYS = ("problem_type", "priority", "impact", "frequency", "why", "problem_id")
_DEFAULT_SHEETS = re.compile(r"^(sheet|工作表|sheet\s*\d+|工作表\s*\d+)$", re.IGNORECASE)


@dataclass(frozen=True)
class SurveyImport:
    """An imported survey: the process, its commented YAML text, the import's warnings."""

    process: Process
    text: str
    warnings: tuple[Diagnostic, ...] = ()


@dataclass
class _Row:
    number: int
    name: str
    departments: list[str]
    description: str
    duration: Optional[str]
    wait: Optional[str]
    step_id: Optional[str]
    problems: list[Problem] = field(default_factory=list)


def import_survey(path: str | os.PathLike, sheet: Optional[str] = None,
                  process_id: Optional[str] = None, limits: Limits = DEFAULT_LIMITS) -> SurveyImport:
    """Import the survey in the .xlsx sheet `sheet` (default: the first) or .csv `path`.

    Raises SheetError for a refused or unreadable file and InvalidProcessError (with
    every malformed cell) when a cell cannot be imported.
    """
    table = read_table(path, sheet, limits)
    cells = Cells(table, limits)
    cells.unnamed_columns()
    language = _language(cells)
    rows = _rows(cells, language)
    if not rows and not any(d.is_error for d in cells.diagnostics):
        cells.report(ROW_SHAPE, cells.header.row + 1, cells.header.columns["step"],
                     "the survey has no steps below its header row",
                     "write one step per row under the header")
    _check_size(cells, rows)
    lanes, steps = _lanes_and_steps(cells, rows, language)
    if any(d.is_error for d in cells.diagnostics):
        raise InvalidProcessError(cells.diagnostics)
    stem = Path(table.path).stem
    wanted = process_id or slug(stem) or "survey"
    process = Process(id=wanted, title=_title(cells, stem), path="", status="current",
                      language=language, lanes=tuple(lanes), steps=tuple(steps))
    text = _comments(cells, rows) + dump_process(process)
    return SurveyImport(process, text, tuple(d for d in cells.diagnostics if not d.is_error))


def _check_size(cells: Cells, rows: list[_Row]) -> None:
    """The process limits (max_steps, max_lanes), reported at the row that crosses them."""
    limits, step_col = cells.limits, cells.header.columns["step"]
    if len(rows) > limits.max_steps:
        cells.report(TOO_LONG, rows[limits.max_steps].number, step_col, f"the survey has"
                     f" {len(rows):,} steps, more than {limits.max_steps:,} (max_steps)",
                     "split the survey into several processes")
    departments = list(dict.fromkeys(row.departments[0] for row in rows if row.departments))
    if len(departments) > limits.max_lanes:
        first = next(row for row in rows if row.departments and row.departments[0] == departments[limits.max_lanes])
        cells.report(TOO_LONG, first.number, cells.header.columns["department"], f"the survey"
                     f" has {len(departments):,} departments, more than {limits.max_lanes:,}"
                     " (max_lanes)", "merge departments, or split the survey")


def _language(cells: Cells) -> str:
    """en, zh or zh-Hant, from the recognised headers (all the sheet's text if they are
    Chinese but too short to tell the script)."""
    header = cells.header
    names = " ".join(header.names[col] for col in header.columns.values())
    if not any(is_han(char) for char in names):
        return "en"
    script = script_evidence(names).script
    if script is None:
        script = script_evidence(" ".join(cell_text(v) for row in cells.table.rows for v in row)).script
    return "zh-Hant" if script == "Hant" else "zh"


def _filled(cells: Cells, number: int, keys) -> list[str]:
    return [key for key in keys if cell_text(cells.value(number, key))]


def _rows(cells: Cells, language: str) -> list[_Row]:
    rows: list[_Row] = []
    for number in range(cells.header.row + 1, len(cells.table.rows) + 1):
        if not any(cell_text(value) for value in cells.table.rows[number - 1]):
            continue
        name = cells.text(number, "step")
        if not name:
            _continuation(cells, number, rows, language)
            continue
        department = cells.text(number, "department")
        row = _Row(number, name, [part for part in _DEPARTMENTS.split(department) if part],
                   cells.text(number, "description"), cells.duration(number, "days"),
                   cells.duration(number, "wait"), cells.identifier(number, "step_id"))
        problem = _problem(cells, number, language)
        if problem is not None:
            row.problems.append(problem)
        rows.append(row)
    return rows


def _continuation(cells: Cells, number: int, rows: list[_Row], language: str) -> None:
    """A row without a step name: another problem of the step above, or a mistake."""
    col = cells.header.columns["step"]
    step_cells = _filled(cells, number, _STEP_KEYS)
    if step_cells:
        shown = ", ".join(column_letter(cells.header.columns[key]) for key in step_cells)
        cells.report(ROW_SHAPE, number, col, f"the row has step cells ({shown}) but no step name",
                     "write the step's name in this cell; a row with only problem cells adds"
                     " a problem to the step above")
    elif not rows:
        cells.report(ROW_SHAPE, number, col, "a problem comes before the first step",
                     "write the step's name in this cell")
    else:
        problem = _problem(cells, number, language)
        if problem is not None:
            rows[-1].problems.append(problem)
        elif not _filled(cells, number, ("problem", *_PROBLEM_KEYS)):
            cells.report(ROW_SHAPE, number, col, "the row has no step name and no problem",
                         "write the step's name in this cell, or clear the row")


def _problem(cells: Cells, number: int, language: str) -> Optional[Problem]:
    description = cells.text(number, "problem")
    kind = cells.word(number, "problem_type", "type", language)
    priority = cells.word(number, "priority", "priority", language)
    impact = cells.word(number, "impact", "level", language)
    frequency = cells.word(number, "frequency", "level", language)
    why, problem_id = cells.why(number), cells.identifier(number, "problem_id")
    if not description:
        others = _filled(cells, number, _PROBLEM_KEYS)
        if others and "problem" in cells.header.columns:
            shown = ", ".join(column_letter(cells.header.columns[key]) for key in others)
            cells.report(ROW_SHAPE, number, cells.header.columns["problem"], f"cells {shown}"
                         " describe a problem, but this cell, its description, is empty",
                         "describe the problem here, or clear those cells")
        return None
    if not cell_text(cells.value(number, "problem_type")):
        cells.report(ASSUMED, number, cells.header.columns.get("problem_type")
                     or cells.header.columns["problem"], "the problem has no type; efficiency"
                     " is assumed", "write its type: 效率, 成本, 体验 or 风险 (efficiency, cost,"
                     " experience, risk)")
    problem = Problem(description, kind or "efficiency", impact or "medium", frequency or "medium",
                      why=why, stated_priority=priority, id=problem_id)
    if impact and frequency and priority == problem.derived_priority:
        problem = Problem(description, problem.type, impact, frequency, why=why, id=problem_id)
    return problem


def slug(text: str) -> str:
    """An id made of the Latin letters and digits of `text` (`Check order` → check-order;
    '' for a text without any)."""
    return _SLUG.sub("-", text.casefold()).strip("-")[:60].strip("-")


def _lanes_and_steps(cells: Cells, rows: list[_Row], language: str) -> tuple[list[Lane], list[Step]]:
    lane_of: dict[str, Lane] = {}
    lane_ids: set[str] = set()
    for row in rows:
        name = row.departments[0] if row.departments else NOTES["unassigned"][LANGUAGES.index(language)]
        if not row.departments:
            cells.report(ASSUMED, row.number, cells.header.columns.get("department")
                         or cells.header.columns["step"], f"the step has no department; it goes"
                         f" to the lane '{name}'", "write who does the step in the department column")
        if name not in lane_of:
            lane_of[name] = Lane(unique_id(slug(name) or f"lane-{len(lane_of) + 1}", lane_ids), name)
        row.departments[:1] = [name]
    ids = _step_ids(cells, rows)
    steps = []
    for index, row in enumerate(rows):
        links = (Link(ids[index + 1]),) if index + 1 < len(rows) else ()
        steps.append(Step(id=ids[index], name=row.name, lane=lane_of[row.departments[0]].id,
                          duration=_duration(row.duration), wait=_duration(row.wait),
                          instructions=_instructions(row, language), next=links,
                          problems=tuple(row.problems)))
    return list(lane_of.values()), steps


def _duration(text: Optional[str]) -> Optional[Duration]:
    parts = parse_summary(text) if text is not None else None
    if parts:  # issue 15: a range cell, as sheet_export writes one
        return make_range(parts, Calendar())
    return None if text is None else Duration.parse(0 if text == "0" else text, Calendar())


def _step_ids(cells: Cells, rows: list[_Row]) -> list[str]:
    """The Step ID cell where given (unique), else made from the name (`step-3` for one
    with no Latin letters)."""
    given: dict[str, int] = {}
    for row in rows:
        if row.step_id is None:
            continue
        if row.step_id in given:
            cells.report(BAD_ID, row.number, cells.header.columns["step_id"], f"the step id"
                         f" '{row.step_id}' is already the id of row {given[row.step_id]}",
                         "give each step its own id, or clear the cell")
        given.setdefault(row.step_id, row.number)
    taken = set(given)
    return [row.step_id or unique_id(slug(row.name) or f"step-{index}", taken)
            for index, row in enumerate(rows, 1)]


def _instructions(row: _Row, language: str) -> str:
    if len(row.departments) < 2:
        return row.description
    index = LANGUAGES.index(language)
    others = NOTES["separator"][index].join(row.departments[1:])
    note = NOTES["also"][index].format(others=others, cell=NOTES["separator_cell"][index].join(row.departments))
    return f"{row.description}\n\n{note}" if row.description else note


def _title(cells: Cells, stem: str) -> str:
    """The title row above the header, else the sheet's name (unless Excel's default), else the file's name."""
    for row in cells.table.rows[:cells.header.row - 1]:
        texts = [cell_text(value) for value in row if cell_text(value)]
        if texts:
            return texts[0][:cells.limits.max_label_chars]
    sheet = cells.table.sheet
    return sheet if sheet and not _DEFAULT_SHEETS.match(sheet.strip()) else stem


def _comments(cells: Cells, rows: list[_Row]) -> str:
    table, header = cells.table, cells.header
    sheet = f", sheet '{table.sheet}'" if table.sheet is not None else ""
    lines = [f"Imported by `sopdocs import survey` from {os.path.basename(table.path)}{sheet}"
             f" (header in row {header.row}).",
             "One step per row, in row order, each leading to the next; one lane per department,",
             "in the order they first appear; days per order became durations. The mapping is",
             "in docs/spreadsheets.md; check the file with `sopdocs validate`.",
             "Still to do: owners of the lanes or steps, and branches where the flow is not a line."]
    if "impact" not in header.columns or "frequency" not in header.columns:
        lines += ["The survey gives no impact and frequency: the problems keep the survey's",
                  "priority; rate impact and frequency to have sopdocs check it (SOP210)."]
    shared = [row for row in rows if len(row.departments) > 1]
    if shared:
        lines.append("Rows naming several departments, kept as one step in the first one's lane:")
        lines += [f"  row {row.number}, {row.name}: {' / '.join(row.departments)}" for row in shared]
    warnings = [d for d in cells.diagnostics if not d.is_error]
    if warnings:
        lines.append("What the import could not keep as it was:")
        lines += [f"  row {d.line}: {d.message}" for d in warnings]
    return "".join(f"# {_one_line(line)}\n" for line in lines)


def _one_line(text: str) -> str:
    """Text fit for one comment line: line breaks and other controls become spaces."""
    return "".join(char if char.isprintable() else " " for char in text).rstrip()
