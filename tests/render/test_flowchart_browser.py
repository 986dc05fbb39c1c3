"""In headless Chromium, every step's text lies inside its shape (Chinese and English,
both engines), and step text keeps a readable contrast in the light and dark palettes.

All charts of one engine go into one page (ids prefixed so they do not clash), so the
cost is one browser start and one page per engine.
"""


import pytest

from sopdocs.render.flowchart import flowchart_svg
from sopdocs.validate import load_process
from tests.browser import chromium, missing_browser
from tests.conftest import FIXTURES, sample_files
from tests.render.engines import ENGINES

pytestmark = pytest.mark.browser
playwright_api = pytest.importorskip("playwright.sync_api", reason="Python Playwright is not installed")

FLOW = FIXTURES / "flowchart"
CHARTS = ([(path, "vertical") for path in sample_files() + sorted(FLOW.glob("*.yaml"))]
          + [(FLOW / "big-en.yaml", "horizontal"), (FLOW / "big-zh.yaml", "horizontal"),
             (FIXTURES / "hostile" / "xss.yaml", "vertical")])

# For each step: the text boxes (getBBox, the glyph cells Chromium lays out) against the
# inner shape: inside the box for tasks, inside the diamond's four edges for decisions,
# inside the ellipse equation for start/end. Returns one message per failure.
CHECK_TEXT_INSIDE = """
() => {
  const failures = [];
  let checked = 0;
  const inDiamond = (points, x, y) => {
    for (let i = 0; i < points.length; i++) {
      const a = points[i], b = points[(i + 1) % points.length];
      if ((b.x - a.x) * (y - a.y) - (b.y - a.y) * (x - a.x) > 0.01) return false;
    }
    return true;
  };
  for (const step of document.querySelectorAll("g.step")) {
    const shape = step.querySelector("polygon, path, ellipse");
    const box = shape.getBBox();
    for (const text of step.querySelectorAll("text")) {
      const t = text.getBBox();
      const corners = [[t.x, t.y], [t.x + t.width, t.y], [t.x, t.y + t.height],
                       [t.x + t.width, t.y + t.height]];
      let inside;
      if (shape.tagName === "ellipse") {
        const cx = +shape.getAttribute("cx"), cy = +shape.getAttribute("cy");
        const rx = +shape.getAttribute("rx"), ry = +shape.getAttribute("ry");
        inside = corners.every(([x, y]) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1.0001);
      } else if (step.classList.contains("decision") || step.classList.contains("parallel")) {
        const points = Array.from(shape.points).slice(0, 4);
        const clockwise = inDiamond(points, box.x + box.width / 2, box.y + box.height / 2);
        const ordered = clockwise ? points : points.reverse();
        inside = corners.every(([x, y]) => inDiamond(ordered, x, y));
      } else {
        inside = t.x >= box.x - 0.01 && t.y >= box.y - 0.01 &&
                 t.x + t.width <= box.x + box.width + 0.01 && t.y + t.height <= box.y + box.height + 0.01;
      }
      checked++;
      if (!inside) failures.push(`${step.id}: "${text.textContent}" ` +
        `text ${t.x.toFixed(1)},${t.y.toFixed(1)} ${t.width.toFixed(1)}x${t.height.toFixed(1)} ` +
        `shape ${box.x.toFixed(1)},${box.y.toFixed(1)} ${box.width.toFixed(1)}x${box.height.toFixed(1)}`);
    }
  }
  return {failures, checked};
}
"""

CONTRASTS = """
() => {
  const rgb = (value) => value.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const luminance = (c) => {
    const [r, g, b] = c.map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const results = [];
  for (const step of document.querySelectorAll("g.step")) {
    const fill = rgb(getComputedStyle(step.querySelector("polygon, path, ellipse")).fill);
    for (const text of step.querySelectorAll("text")) {
      const [a, b] = [luminance(rgb(getComputedStyle(text).fill)), luminance(fill)];
      results.push([step.id + " " + text.getAttribute("class"), (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)]);
    }
  }
  return results;
}
"""


@pytest.fixture(scope="module")
def browser():
    missing = missing_browser()
    if missing:
        pytest.skip(missing)
    with chromium() as launched:
        yield launched


def _page_with(browser, svgs, color_scheme="light"):
    body = "".join(svg.split("?>", 1)[1] for svg in svgs)
    page = browser.new_page(color_scheme=color_scheme)
    page.set_content(f"<!doctype html><html><body>{body}</body></html>")
    page.evaluate("document.fonts.ready")
    if not page.evaluate("document.fonts.check('12px \"Noto Sans CJK SC\"', '客户')"):
        pytest.skip("the Noto CJK fonts are not installed (scripts/install-os-deps.sh installs them)")
    return page


@pytest.mark.parametrize("engine", ENGINES)
def test_every_step_text_lies_inside_its_shape(browser, engine):
    svgs = [flowchart_svg(load_process(path), direction=direction, engine=engine,
                          id_prefix=f"c{index}-").svg
            for index, (path, direction) in enumerate(CHARTS)]
    page = _page_with(browser, svgs)
    result = page.evaluate(CHECK_TEXT_INSIDE)
    page.close()
    assert result["checked"] > 500  # every sample's and fixture's step lines were looked at
    assert result["failures"] == []


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_step_text_is_readable_in_light_and_dark(browser, color_scheme):
    process = load_process(FLOW / "shapes.yaml")
    svg = flowchart_svg(process, critical={"check"}, diff_status={"prepare": "added", "reply": "removed",
                                                                  "approve": "changed"}).svg
    page = _page_with(browser, [svg], color_scheme)
    contrasts = page.evaluate(CONTRASTS)
    page.close()
    assert len(contrasts) >= 15
    poor = [(name, round(ratio, 2)) for name, ratio in contrasts if ratio < 4.5]  # WCAG AA
    assert poor == []
