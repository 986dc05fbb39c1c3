"""Fuzzing with Hypothesis over generated process files (tests/strategies.py).

Properties:
- reading and validating never raises, whatever the text or bytes (every problem is a
  diagnostic with a position and a code);
- a generated valid process validates without errors;
- every valid process renders: timeline and lane chart SVG that parse as XML, Mermaid
  flowchart and gantt text (non-empty, no raw HTML), DOT; and, with the real layout
  engine (fewer examples: each layout costs ~50 ms), a flowchart SVG that parses and
  DOT the engine accepts; no output holds anything executable;
- `diff(p, p)` is empty, and `diff(a, b)` mirrors `diff(b, a)`;
- load → dump → load gives an equal Process.

CI runs SOPDOCS_FUZZ_EXAMPLES (default 50) examples per property; `make fuzz` runs 2000.
"""

from __future__ import annotations

import dataclasses
import os
import re
import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sopdocs.analysis.diff import diff_processes
from sopdocs.analysis.metrics import process_metrics
from sopdocs.diagnostics import Diagnostic
from sopdocs.dump import dump_process
from sopdocs.load import decode, load_text
from sopdocs.model import Process
from sopdocs.render.engine import run_layout
from sopdocs.render.flowchart import flowchart_dot, flowchart_svg
from sopdocs.render.flowdot import ENGINE_ARGS
from sopdocs.render.lanechart import lane_chart_svg
from sopdocs.render.mermaid import mermaid_flowchart, mermaid_gantt
from sopdocs.render.timeline import timeline_svg
from sopdocs.validate import run_rules
from tests import strategies
from tests.hostile import safety

EXAMPLES = int(os.environ.get("SOPDOCS_FUZZ_EXAMPLES", "50"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
ENGINE = settings(FUZZ, max_examples=max(15, EXAMPLES // 40))
CODE = re.compile(r"^SOP\d{3}$")
PATH = "processes/fuzz.yaml"


def check_diagnostics(diagnostics: list) -> None:
    for diagnostic in diagnostics:
        assert isinstance(diagnostic, Diagnostic)
        assert diagnostic.line >= 1 and diagnostic.col >= 1, diagnostic
        assert CODE.match(diagnostic.code) and diagnostic.severity in ("error", "warning")
        assert diagnostic.message, diagnostic


def load_valid(text: str) -> Process:
    loaded = load_text(text, PATH)
    diagnostics = run_rules(loaded)
    errors = [d for d in diagnostics if d.is_error]
    assert not errors, (errors, text)
    return loaded.process


@FUZZ
@given(strategies.any_yaml())
def test_validate_never_raises_on_any_text(text):
    loaded = load_text(text, PATH)
    check_diagnostics(run_rules(loaded))
    assert loaded.process is None or isinstance(loaded.process, Process)


@FUZZ
@given(st.binary(max_size=300) | strategies.valid_yaml().map(lambda t: t.encode("utf-16")))
def test_reading_any_bytes_never_raises(data):
    text, diagnostics = decode(data, PATH)
    check_diagnostics(diagnostics)
    if text is not None:
        check_diagnostics(run_rules(load_text(text, PATH)))
    else:
        assert any(d.code == "SOP004" for d in diagnostics)


@FUZZ
@given(strategies.valid_yaml())
def test_generated_valid_processes_validate(text):
    assert isinstance(load_valid(text), Process)


@FUZZ
@given(strategies.valid_yaml())
def test_valid_processes_render_timeline_lane_chart_mermaid_and_dot(text):
    process = load_valid(text)
    metrics = process_metrics(process)
    for svg in (timeline_svg(process, metrics.schedule), lane_chart_svg(process, metrics)):
        assert ET.fromstring(svg).tag.endswith("svg")
        assert safety.svg_findings(svg) == []
    for mermaid in (mermaid_flowchart(process), mermaid_gantt(process)):
        assert mermaid.strip() and "<script" not in mermaid.lower()
        assert safety.mermaid_findings(mermaid) == []
    dot = flowchart_dot(process)
    assert dot.startswith("digraph") and safety.dot_findings(dot) == []


@ENGINE
@given(strategies.valid_yaml(max_steps=6))
def test_valid_processes_lay_out_with_the_engine(text):
    process = load_valid(text)
    rendered = flowchart_svg(process)
    assert ET.fromstring(rendered.svg).tag.endswith("svg")
    assert safety.svg_findings(rendered.svg) == []
    run_layout(flowchart_dot(process), output_format="dot", extra_args=ENGINE_ARGS)  # accepted as drawn


@FUZZ
@given(strategies.valid_yaml())
def test_diff_of_a_process_with_itself_is_empty(text):
    process = load_valid(text)
    diff = diff_processes(process, process)
    assert diff.is_empty
    assert (diff.added, diff.removed, diff.changed) == ((), (), ())


def _mirrored(diff):
    """What diff(b, a) must be, computed from diff(a, b) (orders aside: each report lists
    things in its own sides' file order)."""
    return {
        "added": sorted(diff.removed), "removed": sorted(diff.added),
        "changed": sorted((c.new_id, c.old_id, c.matched_by,
                           tuple((f.field, f.new, f.old) for f in c.fields)) for c in diff.changed),
        "lanes": (sorted(diff.lanes.removed), sorted(diff.lanes.added),
                  sorted((lane, new, old) for lane, old, new in diff.lanes.renamed),
                  sorted(((lane, new, old) for lane, old, new in diff.lanes.owners), key=repr)),
        "metrics": [(m.key, m.new, m.old, -m.change) for m in diff.metrics],
        "kpis": sorted(((k.name, k.new, k.old) for k in diff.kpis), key=repr),
    }


def _plain(diff):
    return {
        "added": sorted(diff.added), "removed": sorted(diff.removed),
        "changed": sorted((c.old_id, c.new_id, c.matched_by,
                           tuple((f.field, f.old, f.new) for f in c.fields)) for c in diff.changed),
        "lanes": (sorted(diff.lanes.added), sorted(diff.lanes.removed), sorted(diff.lanes.renamed),
                  sorted(diff.lanes.owners, key=repr)),
        "metrics": [(m.key, m.old, m.new, m.change) for m in diff.metrics],
        "kpis": sorted(((k.name, k.old, k.new) for k in diff.kpis), key=repr),
    }


@FUZZ
@given(strategies.valid_yaml(), strategies.valid_yaml())
def test_diff_mirrors_when_the_sides_swap(old_text, new_text):
    old, new = load_valid(old_text), load_valid(new_text)
    forward, backward = diff_processes(old, new), diff_processes(new, old)
    assert _plain(backward) == _mirrored(forward)


@FUZZ
@given(st.one_of(strategies.valid_yaml(), strategies.mutated_documents().map(strategies.to_yaml)))
def test_load_dump_load_round_trips(text):
    process = load_text(text, PATH).process
    if process is None:
        return
    dumped = dump_process(process)
    again = load_text(dumped, PATH)
    assert again.process == process, dumped
    assert dump_process(again.process) == dumped  # and dumping is stable


def _xml_normal(value):
    """What an XML round trip keeps of a model value: texts without the control characters
    XML 1.0 cannot hold, and line ends as XML parsers normalise them in element text."""
    from sopdocs.render.svgwriter import clean

    if isinstance(value, str):
        return clean(value).replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, tuple):
        return tuple(_xml_normal(item) for item in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in dataclasses.fields(value):
            if f.compare:
                normal = _xml_normal(getattr(value, f.name))
                # an optional text that was control characters only is absent in XML
                changes[f.name] = None if normal == "" and f.default is None else normal
        return dataclasses.replace(value, **changes)
    return value


@FUZZ
@given(strategies.valid_yaml())
def test_bpmn_export_import_round_trips(text):
    import tempfile
    from pathlib import Path

    from sopdocs.exchange.bpmn_export import process_to_bpmn
    from sopdocs.exchange.bpmn_import import import_bpmn
    from tests.exchange.bpmnxsd import schema_errors

    process = load_valid(text)
    bpmn = process_to_bpmn(process, diagram=False)
    assert schema_errors(bpmn) == [], bpmn
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.bpmn"
        path.write_text(bpmn, encoding="utf-8")
        [imported] = import_bpmn(path)
    assert imported.warnings == ()
    back = _xml_normal(dataclasses.replace(imported.process, path=process.path))
    expected = _xml_normal(process)
    # a name of control characters only is empty in XML: the import names it by its id;
    # Markdown of whitespace only is not exported
    expected = dataclasses.replace(
        expected, title=expected.title or expected.id,
        summary=expected.summary if expected.summary.strip() else "",
        steps=tuple(dataclasses.replace(s, name=s.name or s.id, instructions=s.instructions
                                        if s.instructions.strip() else "") for s in expected.steps),
        lanes=tuple(dataclasses.replace(lane, name=lane.name or lane.id) for lane in expected.lanes))
    assert back == expected, bpmn
