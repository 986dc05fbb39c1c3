"""Swimlane flowcharts: the DOT text (golden), the laid-out geometry read back from the
SVG for both engines (equal, ordered, non-overlapping lanes; steps inside their lanes;
no overlapping steps), ids, classes, links and tooltips, escaping, and determinism."""

import xml.etree.ElementTree as ET

import pytest

from sopdocs.load import load_text
from sopdocs.render.flowchart import flowchart_dot, flowchart_svg
from sopdocs.validate import load_process
from tests.conftest import FIXTURES, sample_files
from tests.render.engines import ENGINES
from tests.render.svggeometry import lane_boxes, step_boxes

NS = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
FLOW = FIXTURES / "flowchart"
FIXTURE_FILES = sorted(FLOW.glob("*.yaml"))
TOLERANCE = 1.0  # pt, as the issue allows


def _root(svg):
    return ET.fromstring(svg.encode("utf-8"))


def _groups(svg):
    return {g.get("id"): g for g in _root(svg).iter(f"{NS}g") if g.get("id")}


def _classes(element):
    return set((element.get("class") or "").split())


def _texts(group):
    return [text.text or "" for text in group.iter(f"{NS}text")]


def _hostile_process(name):
    yaml_name = name.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return load_text(f"""
title: Hostile
lanes:
  - {{id: a, name: "Lane {{a}} & <b>"}}
steps:
  - {{id: s1, name: "{yaml_name}", lane: a, duration: 1h, next: s2}}
  - {{id: s2, name: "Done", type: end, lane: a}}
""", "hostile.yaml").process


# ---------------------------------------------------------------- DOT (no engine)

@pytest.mark.parametrize("name,direction", [("shapes", "vertical"), ("shapes", "horizontal"),
                                            ("big-zh", "vertical")])
def test_dot_text_matches_golden(golden, name, direction):
    process = load_process(FLOW / f"{name}.yaml")
    golden(f"flowchart/{name}-{direction}.dot", flowchart_dot(process, direction=direction))


def test_dot_is_a_pure_function_of_the_model():
    process = load_process(FLOW / "big-en.yaml")
    assert flowchart_dot(process) == flowchart_dot(load_process(FLOW / "big-en.yaml"))


def test_dot_marks_diff_status_critical_path_and_rework_loops():
    process = load_process(FLOW / "shapes.yaml")
    dot = flowchart_dot(process, diff_status={"check": "added", "reply": "removed", "prepare": "changed"},
                        critical={"begin", "check", "complete"})
    assert 'class="step task critical added has-problems"' in dot
    assert 'class="step task removed"' in dot and 'class="step task changed"' in dot
    assert dot.count('class="flow critical"') == 2  # begin -> check -> complete
    loop = next(line for line in dot.splitlines() if "complete -> check" in line)
    assert 'class="flow rework"' in loop and "style=dashed" in loop  # back to an earlier step


def test_dot_rejects_an_unknown_direction():
    with pytest.raises(ValueError, match="direction"):
        flowchart_dot(load_process(FLOW / "shapes.yaml"), direction="diagonal")


# ---------------------------------------------------------------- geometry (engines)

GEOMETRY_FILES = [pytest.param(path, id=path.stem) for path in sample_files() + FIXTURE_FILES]


def _check_geometry(process, svg, direction):
    lanes = lane_boxes(svg)
    declared = [lane.id for lane in process.lanes]
    assert list(lanes) == declared  # one group per lane, in declared order in the document
    boxes = [lanes[lane_id] for lane_id in declared]
    along = [(box.top, box.bottom) if direction == "vertical" else (box.left, box.right) for box in boxes]
    for start, end in along:  # all lanes share one extent along the flow axis
        assert abs(start - along[0][0]) <= TOLERANCE and abs(end - along[0][1]) <= TOLERANCE, along
    across = [(box.left, box.right) if direction == "vertical" else (box.top, box.bottom) for box in boxes]
    for (_, end), (start, _) in zip(across, across[1:]):  # declared order, no overlap
        assert end <= start, f"lanes out of order or overlapping: {list(zip(declared, across))}"
    steps = step_boxes(svg)
    assert set(steps) == {step.id for step in process.steps}
    for step in process.steps:
        assert steps[step.id].inside(lanes[step.lane]), f"{step.id} outside lane {step.lane}"
    ids = sorted(steps)
    for index, first in enumerate(ids):
        for second in ids[index + 1:]:
            assert not steps[first].overlaps(steps[second]), f"{first} overlaps {second}"


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("direction", ["vertical", "horizontal"])
@pytest.mark.parametrize("path", GEOMETRY_FILES)
def test_lanes_are_equal_ordered_and_hold_their_steps(path, direction, engine):
    process = load_process(path)
    rendered = flowchart_svg(process, direction=direction, engine=engine)
    assert rendered.warnings == ()
    _check_geometry(process, rendered.svg, direction)


def test_the_large_fixture_has_what_the_issue_asks_for():
    from sopdocs.graph import back_edges

    for language in ("en", "zh"):
        process = load_process(FLOW / f"big-{language}.yaml")
        types = [step.type for step in process.steps]
        assert len(process.steps) == 60 and len(process.lanes) == 6
        assert types.count("decision") == 2 and types.count("parallel") == 1
        assert back_edges(process)  # a rework loop
    assert load_process(FLOW / "big-zh.yaml").language == "zh"


# ---------------------------------------------------------------- SVG content

@pytest.fixture(scope="module")
def shapes_svg():
    process = load_process(FLOW / "shapes.yaml")
    return flowchart_svg(process, critical={"begin", "check"}, diff_status={"reply": "changed"}).svg


def test_lanes_and_steps_carry_ids_classes_and_titles(shapes_svg):
    groups = _groups(shapes_svg)
    assert "lane" in _classes(groups["lane-front"]) and "lane-0" in _classes(groups["lane-front"])
    assert groups["lane-back"].find(f"{NS}title").text == "Back office"
    expected = {"begin": "start", "check": "task", "complete": "decision", "split": "parallel",
                "approve": "subprocess", "finished": "end"}
    for step_id, step_type in expected.items():
        assert {"step", step_type} <= _classes(groups[f"step-{step_id}"])
    assert "critical" in _classes(groups["step-check"]) and "changed" in _classes(groups["step-reply"])
    assert "critical" not in _classes(groups["step-reply"])


def test_every_step_links_to_its_section_and_has_a_tooltip(shapes_svg):
    groups = _groups(shapes_svg)
    for step_id in ("begin", "check", "approve", "finished"):
        anchor = groups[f"step-{step_id}"].find(f".//{NS}a")
        assert anchor.get(f"{XLINK}href") == f"#step-{step_id}"
    tooltip = groups["step-check"].find(f"{NS}title").text
    assert tooltip == ("Check the request\nOwner: Clerk\nDuration: 2h\nWait: 1d\n"
                       "⚠ Requests arrive incomplete.")
    assert groups["step-check"].find(f".//{NS}a").get(f"{XLINK}title") == tooltip


def test_subprocess_links_use_the_href_builder():
    process = load_process(FLOW / "shapes.yaml")

    def href(step):
        return f"{step.process}.html" if step.process else f"#step-{step.id}"

    groups = _groups(flowchart_svg(process, step_href=href).svg)
    assert groups["step-approve"].find(f".//{NS}a").get(f"{XLINK}href") == "contract-approval.html"
    assert groups["step-check"].find(f".//{NS}a").get(f"{XLINK}href") == "#step-check"


def test_problem_marker_branch_labels_and_rework_loop(shapes_svg):
    groups = _groups(shapes_svg)
    badge = [t for t in groups["step-check"].iter(f"{NS}text") if "problem-badge" in _classes(t)]
    assert [t.text for t in badge] == ["⚠ 1 problem"]
    assert not [t for t in groups["step-reply"].iter(f"{NS}text") if "problem-badge" in _classes(t)]
    assert _texts(groups["edge-complete-0"]) == ["yes"]
    loop = groups["edge-complete-1"]
    assert "rework" in _classes(loop) and _texts(loop) == ["no, ask again"]


def test_svg_has_title_desc_style_and_no_hard_coded_colours(shapes_svg):
    root = _root(shapes_svg)
    assert root.find(f"{NS}title").text == "Every flowchart shape"
    assert "2 lanes (Front office, Back office)" in root.find(f"{NS}desc").text
    assert "--sopdocs-lane-0-fill" in root.find(f"{NS}style").text
    assert {"sopdocs-diagram", "flowchart"} <= _classes(root)
    for element in root.iter():
        assert element.get("fill") is None and element.get("stroke") is None, element.tag
    for text in root.iter(f"{NS}text"):
        assert "Noto Sans CJK SC" in text.get("font-family")


def test_svg_has_no_engine_comments_timestamps_or_generated_ids(shapes_svg):
    assert "<!--" not in shapes_svg and "Generated by" not in shapes_svg
    ids = [g.get("id") for g in _root(shapes_svg).iter() if g.get("id")]
    assert all(i.startswith(("lane-", "step-", "edge-", "title-lane-", "flowchart-")) for i in ids), ids
    assert len(ids) == len(set(ids))


def test_id_prefix_applies_to_every_id():
    process = load_process(FLOW / "shapes.yaml")
    root = _root(flowchart_svg(process, id_prefix="v1-", embed_style=False).svg)
    ids = [element.get("id") for element in root.iter() if element.get("id")]
    assert ids and all(i.startswith("v1-") for i in ids)
    assert root.find(f"{NS}style") is None


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", ["big-zh", "reordered"])
def test_rendering_twice_gives_identical_bytes(engine, name):
    first = flowchart_svg(load_process(FLOW / f"{name}.yaml"), engine=engine).svg.encode("utf-8")
    second = flowchart_svg(load_process(FLOW / f"{name}.yaml"), engine=engine).svg.encode("utf-8")
    assert first == second


def test_dot_pins_every_node_lane_and_arrow():
    process = load_process(FLOW / "shapes.yaml")
    dot = flowchart_dot(process)
    statements = [line.strip() for line in dot.splitlines()]
    nodes = [line for line in statements if line.split(" ", 1)[0] in {s.id for s in process.steps}
             and "->" not in line]
    edges = [line for line in statements if " -> " in line]
    assert len(nodes) == len(process.steps) and all(" pos=" in line for line in nodes)
    assert len(edges) == sum(len(step.next) for step in process.steps)
    assert all('pos="e,' in line for line in edges)  # a spline ending in an arrowhead
    assert dot.count("bb=") == 1 + len(process.lanes)  # the graph and every lane


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("direction", ["vertical", "horizontal"])
def test_the_engine_draws_boxes_and_lanes_where_sopdocs_put_them(engine, direction):
    from sopdocs.render.lanelayout import swimlane_layout

    process = load_process(FLOW / "reordered.yaml")  # plain `dot` would reorder these lanes
    layout = swimlane_layout(process, direction)
    svg = flowchart_svg(process, direction=direction, engine=engine).svg
    drawn = {**{f"step {k}": v for k, v in step_boxes(svg).items()},
             **{f"lane {k}": v for k, v in lane_boxes(svg).items()}}
    wanted = {**{f"step {k}": n.rect for k, n in layout.nodes.items()},
              **{f"lane {b.lane_id}": b.rect for b in layout.lanes}}
    assert set(drawn) == set(wanted)
    for key, rect in wanted.items():  # the engine's y axis is flipped: its y = ours - height
        box = drawn[key]
        assert abs(box.left - rect.x) <= TOLERANCE and abs(box.right - rect.right) <= TOLERANCE, key
        assert abs(box.top + layout.height - rect.y) <= TOLERANCE, key
        assert abs(box.bottom + layout.height - rect.bottom) <= TOLERANCE, key
    _check_geometry(process, svg, direction)


HOSTILE = ('Say "hi" {to} <script>alert(1)</script> & \\N \\G <b>not bold</b>\nsecond line '
           + "x" * 430)


@pytest.mark.parametrize("engine", ENGINES)
def test_hostile_label_renders_as_visible_text(engine):
    assert len(HOSTILE) >= 500
    process = _hostile_process(HOSTILE)
    svg = flowchart_svg(process, engine=engine).svg
    root = _root(svg)
    assert not list(root.iter(f"{NS}script")) and not list(root.iter(f"{NS}b"))
    step = _groups(svg)["step-s1"]
    shown = "".join(text for text in _texts(step) if not text.startswith("⚠"))
    assert "".join(HOSTILE.split()) in "".join(shown.split())  # every character, in order
    assert step.find(f"{NS}title").text.startswith(HOSTILE)
    lane_title = _groups(svg)["title-lane-a"]
    assert "".join(_texts(lane_title)) == "Lane {a} & <b>"


def test_hostile_fixture_renders_with_both_lanes():
    process = load_process(FIXTURES / "hostile" / "xss.yaml")
    svg = flowchart_svg(process).svg
    assert "<script" not in svg  # the text is there, escaped as &lt;script
    root = _root(svg)
    assert not list(root.iter(f"{NS}script"))
    assert set(lane_boxes(svg)) == {"sales", "legal"}


# ---------------------------------------------------------------- CLI

def test_cli_dot_output_is_the_library_dot(run_cli):
    path = FLOW / "shapes.yaml"
    result = run_cli("render", "flowchart", path, "--format", "dot", "--direction", "horizontal")
    assert result.exit_code == 0
    assert result.stdout == flowchart_dot(load_process(path), direction="horizontal")


def test_cli_writes_svg_to_a_file(run_cli, tmp_path):
    out = tmp_path / "chart.svg"
    result = run_cli("render", "flowchart", FLOW / "shapes.yaml", "-o", out, "--engine", "graphviz-pure")
    assert result.exit_code == 0, result.stderr
    assert set(lane_boxes(out.read_text(encoding="utf-8"))) == {"front", "back"}


def test_cli_prints_engine_warnings_to_stderr(run_cli, monkeypatch):
    import sopdocs.render.flowchart as flowchart_module
    from sopdocs.render.svgpost import Rendered

    monkeypatch.setattr(flowchart_module, "flowchart_svg",
                        lambda *args, **kwargs: Rendered("<svg/>\n", ("node size odd",), "dot"))
    result = run_cli("render", "flowchart", FLOW / "shapes.yaml")
    assert result.exit_code == 0
    assert result.stdout == "<svg/>\n"
    assert "warning: dot: node size odd" in result.stderr


def test_cli_reports_a_missing_engine_without_traceback(run_cli, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    result = run_cli("render", "flowchart", FLOW / "shapes.yaml", "--engine", "dot")
    assert result.exit_code == 1
    assert "error: the Graphviz `dot` program is not on PATH" in result.stderr
    assert "Traceback" not in result.stderr
