"""The timeline SVG: bar geometry matches the schedule at the pixel scale, critical bars
carry the class, labels are measured and escaped, dates skip non-working days, and the
bytes are deterministic."""

import xml.etree.ElementTree as ET

import pytest

from sopdocs.analysis.schedule import schedule
from sopdocs.load import load_text
from sopdocs.render.textmetrics import text_width
from sopdocs.render.timeline import FONT_SIZE, PLOT_WIDTH, timeline_svg
from sopdocs.validate import load_process
from tests.conftest import FIXTURES, sample_files

NS = "{http://www.w3.org/2000/svg}"
SCHEDULE = FIXTURES / "schedule"
TOLERANCE = 0.011  # coordinates are written with two decimals


def parse(text):
    return ET.fromstring(text)


def by_id(root):
    return {element.get("id"): element for element in root.iter() if element.get("id")}


def classes(element):
    return set(element.get("class", "").split())


def check_geometry(process, svg_text):
    """Every bar and wait rectangle sits where the schedule says, at the SVG's scale."""
    root = parse(svg_text)
    scale = float(root.get("data-px-per-hour"))
    origin = float(root.get("data-origin-x"))
    elements = by_id(root)
    planned = schedule(process)
    for step in planned.scheduled:
        bar = elements[f"bar-{step.id}"]
        rects = bar.findall(f"{NS}rect")
        assert len(rects) == 1, step.id
        assert float(rects[0].get("x")) == pytest.approx(origin + step.start_hours * scale, abs=TOLERANCE)
        assert float(rects[0].get("width")) == pytest.approx(step.work_hours * scale, abs=TOLERANCE)
        assert ("critical" in classes(bar)) == step.critical, step.id
        assert ("critical" in classes(rects[0])) == step.critical, step.id
        if step.wait_hours:
            wait = elements[f"wait-{step.id}"].find(f"{NS}rect")
            assert float(wait.get("x")) == pytest.approx(origin + step.ready_hours * scale, abs=TOLERANCE)
            assert float(wait.get("width")) == pytest.approx(step.wait_hours * scale, abs=TOLERANCE)
        else:
            assert f"wait-{step.id}" not in elements
    return root, planned


@pytest.mark.parametrize("path", sample_files(), ids=lambda p: p.stem)
def test_sample_bars_match_the_schedule(path):
    process = load_process(path)
    root, planned = check_geometry(process, timeline_svg(process))
    # by default the lead time spans PLOT_WIDTH px
    assert float(root.get("data-px-per-hour")) * planned.lead_time_hours == pytest.approx(PLOT_WIDTH)
    ids = by_id(root)
    assert {f"off-{s}" for s in planned.off_path} <= set(ids)
    dependencies = [g for g in root.iter(f"{NS}g") if "dependency" in classes(g)]
    assert len(dependencies) == len(planned.edges)


def test_parallel_fixture_geometry_by_hand():
    process = load_process(SCHEDULE / "parallel.yaml")
    root = parse(timeline_svg(process, scale=10))
    origin = float(root.get("data-origin-x"))
    ids = by_id(root)
    # finance-check works 8 → 16 h: at 10 px/h x = origin + 80, width 80; its wait 0 → 8 h
    finance = ids["bar-finance-check"].find(f"{NS}rect")
    assert (float(finance.get("x")) - origin, float(finance.get("width"))) == (80, 80)
    wait = ids["wait-finance-check"].find(f"{NS}rect")
    assert (float(wait.get("x")) - origin, float(wait.get("width"))) == (0, 80)
    # join waits 16 → 18, works 18 → 19
    join = ids["bar-join"].find(f"{NS}rect")
    assert (float(join.get("x")) - origin, float(join.get("width"))) == (180, 10)
    assert "critical" not in classes(ids["bar-legal-check"])
    # milestones (start, parallel split, end) are diamonds with a zero-width rectangle
    for step_id in ("begin", "split", "end"):
        assert ids[f"bar-{step_id}"].find(f"{NS}polygon") is not None
        assert float(ids[f"bar-{step_id}"].find(f"{NS}rect").get("width")) == 0
    # critical dependency arrows: split → finance-check → join; not legal-check → join
    assert "critical" in classes(ids["dep-finance-check--join"])
    assert "critical" not in classes(ids["dep-legal-check--join"])


def test_shared_scale_for_two_timelines():
    short = load_process(SCHEDULE / "linear.yaml")      # lead 17.5 h
    long = load_process(SCHEDULE / "calendar.yaml")     # lead 46.5 h
    for process in (short, long):
        root = parse(timeline_svg(process, max_hours=46.5, label_width=200))
        # 960 px / 46.5 h for both, and the same origin (label column 200 + 2 × 12 margin)
        assert float(root.get("data-px-per-hour")) == pytest.approx(960 / 46.5)
        assert float(root.get("data-origin-x")) == 224
        check_geometry(process, timeline_svg(process, max_hours=46.5, label_width=200))
    root = parse(timeline_svg(short, scale=3.5))
    assert float(root.get("data-px-per-hour")) == 3.5


def test_lanes_have_headers_and_the_flowchart_colour_classes():
    process = load_process(SCHEDULE / "linear.yaml")
    ids = by_id(parse(timeline_svg(process)))
    # lanes in declared order: front = lane-0, back = lane-1
    assert classes(ids["lane-front"]) == {"lane", "lane-0"}
    assert classes(ids["lane-back"]) == {"lane", "lane-1"}
    assert "lane-0" in classes(ids["bar-intake"]) and "lane-1" in classes(ids["bar-process"])
    assert {"step", "task"} <= classes(ids["bar-intake"])
    assert "end" in classes(ids["bar-finish"])


def test_tooltip_names_step_owner_start_finish_and_wait():
    process = load_process(SCHEDULE / "linear.yaml")
    title = by_id(parse(timeline_svg(process, start_date="2025-01-03")))["bar-process"].find(f"{NS}title").text
    # process: ready 5, wait 4, works 9 → 17 h; Fri 3 Jan + day 1 = Mon 6 Jan (start, 9 h),
    # finish 17 h falls on day 2 = Tue 7 Jan
    assert title.splitlines() == [
        "Process", "Owner: Officer", "Lane: Back office", "Start: 9 h (2025-01-06)",
        "Finish: 17 h (2025-01-07)", "Wait: 4 h", "Critical path"]


def axis_labels(root):
    axis = next(g for g in root.iter(f"{NS}g") if g.get("class") == "axis")
    return [t.text for t in axis.iter(f"{NS}text") if t.get("text-anchor") == "middle"]


def test_axis_in_working_days_and_in_dates_skipping_weekends(run_cli, tmp_path):
    process = load_process(SCHEDULE / "linear.yaml")
    # lead 17.5 h: ticks at 0, 8 and 16 h = working days 0, 1, 2
    assert axis_labels(parse(timeline_svg(process))) == ["0", "1", "2"]
    out = tmp_path / "linear.svg"
    result = run_cli("render", "timeline", SCHEDULE / "linear.yaml", "-o", out, "--start", "2025-01-03")
    assert result.exit_code == 0, result.stderr
    # Friday 3 Jan, then the weekend is skipped
    assert axis_labels(parse(out.read_text(encoding="utf-8"))) == ["Fri, Jan 3", "Mon, Jan 6", "Tue, Jan 7"]
    # the file's own start_date (Saturday 4 Jan) with a 6-day week: Saturday works, Sunday not
    labels = axis_labels(parse(timeline_svg(load_process(SCHEDULE / "calendar.yaml"))))
    assert labels[:3] == ["Sat, Jan 4", "Mon, Jan 6", "Tue, Jan 7"]
    assert not any(label.startswith("Sun") for label in labels)


def test_short_process_gets_an_hour_axis():
    process = _inline("  - {id: a, name: A, lane: a, duration: 3h}\n")
    # 3 h at 320 px/h: the finest step with at most 8 intervals is 0.5 h
    assert axis_labels(parse(timeline_svg(process))) == [
        "0 h", "0.5 h", "1 h", "1.5 h", "2 h", "2.5 h", "3 h"]


def test_cli_output_equals_library_and_is_deterministic(run_cli, tmp_path):
    path = SCHEDULE / "parallel.yaml"
    first = run_cli("render", "timeline", path).stdout
    out = tmp_path / "t.svg"
    run_cli("render", "timeline", path, "-o", out)
    assert out.read_text(encoding="utf-8") == first == timeline_svg(load_process(path))
    assert timeline_svg(load_process(path)) == timeline_svg(load_process(path))


def test_bad_start_date_is_a_clear_error(run_cli):
    result = run_cli("render", "timeline", SCHEDULE / "linear.yaml", "--start", "2025-02-30")
    assert result.exit_code == 1
    assert "not a date; write YYYY-MM-DD" in result.stderr


HOSTILE = 'Say "hi" & {braces} <script>alert(1)</script>\nnext line ' + "x" * 480


def _inline(steps_yaml, lane_name="A"):
    text = f"id: t\ntitle: T\nlanes: [{{id: a, name: {lane_name!r}}}]\nsteps:\n" + steps_yaml
    loaded = load_text(text, "t.yaml")
    assert loaded.process is not None, loaded.diagnostics
    return loaded.process


def test_hostile_and_cjk_labels_are_escaped_measured_and_visible():
    name = HOSTILE.replace('"', '\\"').replace("\n", "\\n")
    cjk = "客户开发：展会、线上推广与老客户转介绍以及渠道伙伴推荐的线索统一录入系统并分级"
    process = _inline(f'  - {{id: a, name: "{name}", lane: a, duration: 2h, next: b}}\n'
                      f"  - {{id: b, name: {cjk}, lane: a, duration: 1h}}\n",
                      lane_name="<b>Lane & co</b>")
    text = timeline_svg(process)
    root = parse(text)  # well-formed despite the markup in the labels
    assert not [e for e in root.iter() if e.tag in (f"{NS}script", "script", f"{NS}b")]
    assert "&lt;script&gt;" in text and "<script>" not in text.split("</style>")[1]
    ids = by_id(root)
    assert ids["bar-a"].find(f"{NS}title").text.startswith(HOSTILE)
    labels = {t.get("data-step"): [s.text for s in t] for t in root.iter(f"{NS}text") if t.get("data-step")}
    assert " ".join(labels["a"]).startswith('Say "hi" & {braces} <script>alert(1)</script>')
    assert labels["a"][-1].endswith("…")  # 500 characters cut to two lines
    column = float(root.get("data-origin-x")) - 24  # label column width
    # the CJK name (40 wide characters = 480 px at 12 px) wraps within the column
    assert len(labels["b"]) == 2 and labels["b"][0].startswith("客户开发")
    for lines in labels.values():
        assert all(text_width(line, FONT_SIZE) <= column + 0.01 for line in lines)
        assert len(lines) <= 2
    assert "Lane &amp; co" in text

