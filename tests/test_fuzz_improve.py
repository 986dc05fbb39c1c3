"""Fuzzing the issue-12 fields (tests/strategies.improvement_documents): valid documents
validate without errors, load → dump → load gives the same model, and the improvement
sections, the board and the matrix come out escaped and well-formed for any text."""

from hypothesis import given

from sopdocs.dump import dump_process
from sopdocs.i18n import texts_for
from sopdocs.load import load_text
from sopdocs.render.matrix import matrix_svg
from sopdocs.site.improve_page import improvement_sections
from tests import strategies
from tests.hostile import safety
from tests.test_fuzz import FUZZ, PATH, load_valid

DOCUMENTS = strategies.improvement_documents().map(strategies.to_yaml)


@FUZZ
@given(DOCUMENTS)
def test_improvement_documents_validate_and_round_trip(text):
    process = load_valid(text)
    dumped = dump_process(process)
    again = load_text(dumped, PATH).process
    assert again == process, dumped
    assert dump_process(again) == dumped


@FUZZ
@given(DOCUMENTS)
def test_improvement_pages_and_matrix_are_safe(text):
    process = load_valid(text)
    svg = matrix_svg(process, texts=texts_for(process.language))
    assert safety.svg_findings(svg) == []
    lines = improvement_sections(process, texts_for(process.language), "2025-07-01")
    markdown = "\n".join(lines)
    assert "<script" not in markdown.lower()
    # one table line per problem and per action: no text broke out of its row or cell
    texts = texts_for(process.language)
    problems = sum(len(step.problems) for step in process.steps)
    assert _table_rows(lines, texts["improve_register"]) == problems
    assert _table_rows(lines, texts["improve_actions"]) == len(process.actions)
    for line in lines:
        if line.startswith("| "):
            assert "\n" not in line


def _table_rows(lines, heading):
    """The data rows of the table under `### heading` (0 when there is none)."""
    try:
        start = lines.index(f"### {heading}") + 2  # the heading, a blank line
    except ValueError:
        return 0
    rows = 0
    for line in lines[start + 2:]:  # after the header and the separator
        if not line.startswith("| "):
            break
        rows += 1
    return rows


@FUZZ
@given(DOCUMENTS)
def test_bpmn_export_import_keeps_the_improvement_fields(text):
    import tempfile
    from pathlib import Path

    from sopdocs.exchange.bpmn_export import process_to_bpmn
    from sopdocs.exchange.bpmn_import import import_bpmn
    from tests.test_fuzz import _xml_normal

    process = load_valid(text)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.bpmn"
        path.write_text(process_to_bpmn(process, diagram=False), encoding="utf-8")
        [imported] = import_bpmn(path)
    back, expected = _xml_normal(imported.process), _xml_normal(process)
    # what issue 12 adds comes back as it went out (texts as XML can hold them)
    assert back.actions == expected.actions and back.pilot == expected.pilot
    assert [(k.before, k.after) for k in back.kpis] == [(k.before, k.after) for k in expected.kpis]
    assert [(p.id, p.stated_priority, p.why) for s in back.steps for p in s.problems] == \
        [(p.id, p.stated_priority, p.why) for s in expected.steps for p in s.problems]
