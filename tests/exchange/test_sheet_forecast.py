"""issue 15: the survey export writes a duration range as its text, and the survey import
reads that text back as the range; other cells are read as before."""

import io

import openpyxl

from sopdocs.exchange.sheet_export import export_sheet
from sopdocs.exchange.survey_import import import_survey
from sopdocs.load import load_text

SOURCE = """title: Ranges
language: {language}
lanes:
  - {{id: s, name: Sales, owner: o}}
steps:
  - id: a
    name: Draft
    lane: s
    duration: {{min: 1d, likely: 2d, max: 6d}}
    wait: {{min: 2h, max: 1d}}
    next: b
  - id: b
    name: Call
    lane: s
    duration: {{mean: 30m, distribution: exponential}}
    wait: 4h
"""


def _process(language="en"):
    return load_text(SOURCE.format(language=language), "p.yaml").process


def _cells(data):
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_a_range_is_written_as_its_text_a_fixed_value_as_days():
    rows = _cells(export_sheet("survey", _process()))
    header = rows[0]
    days, wait = header.index("Days per order"), header.index("Wait before (days per order)")
    assert rows[1][days] == "1d–6d, likely 2d" and rows[1][wait] == "2h–1d"
    # a fixed 4 h wait is half a day of 8 h, as before
    assert rows[2][days] == "mean 30m" and rows[2][wait] == 0.5


def test_the_import_reads_the_ranges_back(tmp_path):
    for language in ("en", "zh"):
        path = tmp_path / f"survey-{language}.xlsx"
        path.write_bytes(export_sheet("survey", _process(language)))
        result = import_survey(path)
        assert result.warnings == ()
        draft, call = result.process.steps
        # (8 + 16 + 48) / 3 = 24 h; (2 + 8) / 2 = 5 h; 0.5 h; 4 h
        assert (draft.duration.distribution, draft.duration.hours) == ("triangular", 24.0)
        assert (draft.wait.distribution, draft.wait.hours) == ("uniform", 5.0)
        assert (call.duration.distribution, call.duration.hours) == ("exponential", 0.5)
        assert call.wait.text == "0.5d" and call.wait.hours == 4.0
        assert "duration:\n      min: 1d\n      likely: 2d\n      max: 6d\n" in result.text
        again = load_text(result.text, "processes/back.yaml")
        assert again.process.steps[0].duration == draft.duration


def test_export_stays_byte_identical():
    assert export_sheet("survey", _process("zh")) == export_sheet("survey", _process("zh"))
