"""Each limit, crossed, gives its diagnostic (and nothing hangs or explodes)."""

from dataclasses import replace

from sopdocs.limits import DEFAULT_LIMITS
from sopdocs.load import load_file
from sopdocs.validate import validate_paths

STEP = "  - id: s{0}\n    name: Step {0}\n    lane: a\n    duration: 1h\n    next: s{1}\n"


def _process(steps: int, lanes: int = 1, name: str = "Step") -> str:
    text = "title: Big\nlanes:\n" + "".join(f"  - {{id: {'a' if i == 0 else f'l{i}'}, owner: o}}\n"
                                             for i in range(lanes))
    text += "steps:\n" + "".join(STEP.format(i, i + 1) for i in range(steps - 1))
    return text + f"  - id: s{steps - 1}\n    name: {name}\n    lane: a\n    duration: 1h\n"


def _codes(path, limits=DEFAULT_LIMITS):
    return [(d.line, d.col, d.code) for d in validate_paths([path], limits).errors]


def test_file_size_limit(tmp_path):
    # a 50 MB file is refused from its size alone, before it is read
    path = tmp_path / "huge.yaml"
    with open(path, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    diagnostics = load_file(path).diagnostics
    assert [(d.code, d.line, d.col) for d in diagnostics] == [("SOP008", 1, 1)]
    assert "52,428,800 bytes" in diagnostics[0].message and "max_file_bytes" in diagnostics[0].hint


def test_alias_expansion_limit(tmp_path):
    # 9 levels of 10 aliases each would expand to 10**9 nodes ("billion laughs")
    lines = ["a0: &a0 [lol]"] + [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (diagnostic,) = load_file(path).diagnostics
    assert diagnostic.code == "SOP009" and "max_yaml_nodes" in diagnostic.hint
    # level 5 holds 1 + 10 * size(level 4) nodes; expansion first crosses 200,000 there
    assert diagnostic.line == 6


def test_nesting_depth_limit(tmp_path):
    path = tmp_path / "deep.yaml"
    path.write_text("x: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    (diagnostic,) = load_file(path).diagnostics
    # the mapping is level 1, so the 64th '[' (column 3 + 63 = 66) opens level 65
    assert (diagnostic.code, diagnostic.line, diagnostic.col) == ("SOP010", 1, 67)


def test_steps_limit(tmp_path):
    path = tmp_path / "steps.yaml"
    path.write_text(_process(11), encoding="utf-8")
    assert _codes(path, replace(DEFAULT_LIMITS, max_steps=11)) == []
    # 'steps:' is on line 4 after the title and one lane; its list starts at line 5, col 3
    assert _codes(path, replace(DEFAULT_LIMITS, max_steps=10)) == [(5, 3, "SOP116")]


def test_default_steps_limit_with_5000_steps(tmp_path):
    path = tmp_path / "steps.yaml"
    path.write_text(_process(5000), encoding="utf-8")
    assert _codes(path) == [(5, 3, "SOP116")]


def test_lanes_limit(tmp_path):
    path = tmp_path / "lanes.yaml"
    path.write_text(_process(2, lanes=1000), encoding="utf-8")
    # 1000 lanes > max_lanes 100; the lanes list starts at line 3, col 3
    assert _codes(path) == [(3, 3, "SOP116")]


def test_label_length_limit(tmp_path):
    path = tmp_path / "label.yaml"
    path.write_text(_process(2, name="x" * 1001), encoding="utf-8")
    # the last step's name is on line 11 ("    name: xxx…"), value at column 11
    assert _codes(path) == [(11, 11, "SOP116")]
    path.write_text(_process(2, name="x" * 1000), encoding="utf-8")
    assert _codes(path) == []


def test_lane_capacity_limit(tmp_path):
    # issue 15: the lane on line 3; "  - {id: a, owner: o, capacity: " is 32 characters
    path = tmp_path / "capacity.yaml"
    path.write_text("title: C\nlanes:\n  - {id: a, owner: o, capacity: 500}\n"
                    "steps:\n  - {id: s, name: S, lane: a, duration: 1h}\n", encoding="utf-8")
    assert _codes(path) == []
    assert _codes(path, replace(DEFAULT_LIMITS, max_lane_capacity=499)) == [(3, 33, "SOP132")]
    (diagnostic,) = validate_paths([path], replace(DEFAULT_LIMITS, max_lane_capacity=499)).errors
    assert "max_lane_capacity" in diagnostic.hint
