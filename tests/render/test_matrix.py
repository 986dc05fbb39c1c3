"""The impact × frequency matrix (issue 12): problems in the right cells, numbered as in
the register, linked to their steps, tinted by priority, escaped; golden-tested (our SVG)."""

import xml.etree.ElementTree as ET

from sopdocs.i18n import texts_for
from sopdocs.load import load_text
from sopdocs.render.matrix import CELL_H, CELL_W, LEFT, TOP, matrix_svg
from sopdocs.validate import load_process
from tests.conftest import PROCESSES

NS = "{http://www.w3.org/2000/svg}"
HREF = "{http://www.w3.org/1999/xlink}href"
CURRENT = PROCESSES / "sales" / "lead-to-contract" / "current.yaml"


def _cells(svg):
    root = ET.fromstring(svg)
    return root, {g.get("id"): g for g in root.iter(f"{NS}g") if (g.get("id") or "").startswith("cell-")}


def test_lead_to_contract_problems_sit_in_their_cells():
    svg = matrix_svg(load_process(CURRENT))
    _, cells = _cells(svg)
    # the file's problems: assign-lead high×high, update-spreadsheet medium×high,
    # approve-sales-manager high×high, legal-review high×high, approve-gm high×medium
    counts = {key: int(g.get("data-count")) for key, g in cells.items()}
    assert counts == {"cell-high-high": 3, "cell-high-medium": 1, "cell-high-low": 0,
                      "cell-medium-high": 1, "cell-medium-medium": 0, "cell-medium-low": 0,
                      "cell-low-high": 0, "cell-low-medium": 0, "cell-low-low": 0}
    # urgent top right, important beside and below it, routine elsewhere
    assert cells["cell-high-high"].get("class") == "cell urgent"
    assert cells["cell-high-low"].get("class") == "cell important"
    assert cells["cell-medium-high"].get("class") == "cell important"
    assert cells["cell-medium-medium"].get("class") == "cell routine"
    # geometry: frequency low → high from the left, impact high → low from the top
    rect = cells["cell-high-high"].find(f"{NS}rect")
    assert (float(rect.get("x")), float(rect.get("y"))) == (LEFT + 2 * CELL_W, TOP)
    rect = cells["cell-low-low"].find(f"{NS}rect")
    assert (float(rect.get("x")), float(rect.get("y"))) == (LEFT, TOP + 2 * CELL_H)
    # register numbers: 1-3 the urgent ones in file order, 4 approve-gm (high impact),
    # 5 the spreadsheet (medium impact); each links to its step
    links = [(a.get(HREF), a.find(f"{NS}text").text[:2]) for a in cells["cell-high-high"].iter(f"{NS}a")]
    assert links == [("#step-assign-lead", "1."), ("#step-approve-sales-manager", "2."),
                     ("#step-legal-review", "3.")]
    (gm,) = cells["cell-high-medium"].iter(f"{NS}a")
    assert gm.get(HREF) == "#step-approve-gm" and gm.find(f"{NS}text").text.startswith("4. ")
    # three problems × two lines fit the six lines of a cell: each wraps onto a second line
    assert [len(a.findall(f"{NS}text")) for a in cells["cell-high-high"].iter(f"{NS}a")] == [2, 2, 2]


def test_lines_stay_inside_their_cell():
    svg = matrix_svg(load_process(CURRENT))
    _, cells = _cells(svg)
    for cell in cells.values():
        rect = cell.find(f"{NS}rect")
        top, bottom = float(rect.get("y")), float(rect.get("y")) + float(rect.get("height"))
        for text in cell.iter(f"{NS}text"):
            # a baseline at least 4 px above the bottom leaves room for descenders at 12 px
            assert top < float(text.get("y")) <= bottom - 4


def test_matrix_golden(golden):
    golden("matrix/lead-to-contract.svg", matrix_svg(load_process(CURRENT), id_prefix="mx-"))


def test_chinese_words_and_full_cell(golden):
    problems = "".join(f"      - {{description: '问题{n}', impact: low, frequency: low}}\n" for n in range(1, 8))
    text = ("title: 流程\nlanguage: zh\nlanes: [{id: s, name: 销售}]\nsteps:\n  - id: a\n    name: 环节\n"
            "    lane: s\n    problems:\n" + problems)
    svg = matrix_svg(load_text(text, "p.yaml").process)
    _, cells = _cells(svg)
    lines = [t.text for t in cells["cell-low-low"].iter(f"{NS}text")]
    # the priority word, then 6 lines (MAX_LINES) for 7 problems: 5 of them and "+2 more";
    # 7 × 2 lines do not fit, so one line each
    assert lines == ["常规", "1. 问题1", "2. 问题2", "3. 问题3", "4. 问题4", "5. 问题5", "另有 2 个"]
    assert "频率 →" in svg and "影响 →" in svg
    golden("matrix/zh-full-cell.svg", svg)


def test_hostile_text_is_escaped():
    text = ("title: '<script>alert(1)</script>'\nlanes: [{id: s}]\nsteps:\n  - id: a\n    name: A\n"
            "    lane: s\n    problems:\n      - {description: '<img src=x onerror=alert(1)> & \"q\"', impact: high}\n")
    svg = matrix_svg(load_text(text, "p.yaml").process, texts=texts_for("en"))
    root = ET.fromstring(svg)  # well-formed
    assert not [e for e in root.iter() if e.tag.endswith(("script", "img"))]
    assert "&lt;img src=x onerror=alert(1)&gt; &amp;" in svg  # the link's title: the full text
    assert ">1. &lt;img src=x</text><text" in svg  # wrapped onto two lines in the cell


def test_dark_and_print_colours_are_defined():
    svg = matrix_svg(load_process(CURRENT))
    assert '[data-md-color-scheme="slate"] svg.sopdocs-diagram.sopdocs-matrix' in svg
    assert "@media print" in svg and "--sopdocs-matrix-urgent-fill: #3d2224" in svg
