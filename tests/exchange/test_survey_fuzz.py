"""Property tests of the survey import: any grid of cells gives either diagnostics at
real cells or a process file without errors, never a crash; and an imported survey
exported and imported again is the same survey."""

import os
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sopdocs.diagnostics import InvalidProcessError
from sopdocs.exchange.sheet_export import export_sheet
from sopdocs.exchange.sheet_read import SheetError
from sopdocs.exchange.survey_import import import_survey
from sopdocs.load import load_text
from sopdocs.validate import run_rules
from tests import strategies
from tests.exchange.surveys import EN_HEADERS, ZH_HEADERS, write_csv, write_xlsx

EXAMPLES = int(os.environ.get("SOPDOCS_FUZZ_EXAMPLES", "50"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
ROUND = settings(FUZZ, max_examples=max(10, EXAMPLES // 5))  # two workbooks per example
CODE = re.compile(r"^SHEET\d{3}$")
WORDS = ["效率", "体验", "風險", "cost", "高", "中", "低", "high", "slow", "1", "0.5", "2d", "3h", "-1",
         "销售/法务/财务", "=1+1", ""]
cells = st.one_of(st.none(), strategies.texts, st.sampled_from(WORDS),
                  st.integers(-5, 50), st.floats(allow_nan=True, allow_infinity=True))
printable = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E) | st.characters(
    min_codepoint=0x4E00, max_codepoint=0x9FFF), min_size=1, max_size=16).filter(str.strip)


@FUZZ
@given(rows=st.lists(st.lists(cells, min_size=0, max_size=9), min_size=0, max_size=8),
       headers=st.sampled_from([ZH_HEADERS, EN_HEADERS, ZH_HEADERS[:3] + ["备注"] + ZH_HEADERS[3:]]))
def test_any_cells_give_diagnostics_at_cells_or_a_valid_file(tmp_path_factory, rows, headers):
    path = write_csv(tmp_path_factory.mktemp("fuzz") / "survey.csv",
                     [headers, *[[_as_csv(value) for value in row] for row in rows]])
    try:
        result = import_survey(path)
    except SheetError as error:
        assert str(error).startswith(str(path))
        return
    except InvalidProcessError as error:
        width = max([len(headers), *map(len, rows)])
        for diagnostic in error.diagnostics:
            assert CODE.match(diagnostic.code), diagnostic
            # rows are 2 to len(rows) + 1; "no steps" is reported at the row after the header
            assert 1 <= diagnostic.line <= len(rows) + 2 and 1 <= diagnostic.col <= width, diagnostic
        assert any(d.is_error for d in error.diagnostics)
        return
    errors = [d for d in run_rules(load_text(result.text, "processes/fuzz.yaml")) if d.is_error]
    assert errors == [], result.text


def _as_csv(value):
    return "" if value is None else value


@ROUND
@given(steps=st.lists(st.tuples(printable, st.sampled_from(["销售", "法务", "财务", "Sales"]),
                                st.sampled_from([None, 0, 0.5, 1, 2.25, 10]),
                                st.one_of(st.none(), st.tuples(printable, st.sampled_from(WORDS[:4]),
                                                               st.sampled_from(WORDS[4:8])))),
                      min_size=1, max_size=6))
def test_an_imported_survey_exported_and_imported_again_is_the_same(tmp_path_factory, steps):
    folder = tmp_path_factory.mktemp("round")
    rows = [[name, department, None, days, *((problem[1], problem[0], problem[2]) if problem else ())]
            for name, department, days, problem in steps]
    first = import_survey(write_xlsx(folder / "first.xlsx", [ZH_HEADERS, *rows])).process
    again = folder / "again.xlsx"
    again.write_bytes(export_sheet("survey", first))
    second = import_survey(again).process
    assert _survey(second) == _survey(first)
    assert second.lanes == first.lanes


def _survey(process):
    """Steps with their problems; a problem's priority as the pages show it (a stated
    priority that impact × frequency gives anyway is not kept: docs/spreadsheets.md)."""
    return [(s.id, s.name, s.lane, s.duration,
             [(p.description, p.type, p.impact, p.frequency, p.priority, p.why, p.id) for p in s.problems])
            for s in process.steps]
