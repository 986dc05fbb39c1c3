"""The lead-time histograms of issue 15 in headless Chromium: on the process page and on
the comparison page they are visible, their bars have height, and their words (marker
labels, axes) and bars stay readable against the chart's background in the light and
the dark scheme."""

from __future__ import annotations

import shutil

import pytest

from tests.browser import contrast, finish_builds, missing_browser, record_problems, serve_directory, start_build
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
_MISSING = missing_browser()
if _MISSING:
    pytest.skip(_MISSING, allow_module_level=True)

PAGES = ("processes/sales/lead-to-contract/current/", "compare/lead-to-contract-optimized/")

# For the first histogram on the page: its box, the bars' boxes, and each text's fill
# with the chart's background fill (computed colours, after the scheme's CSS applies).
_MEASURE = """(scheme) => {
  document.body.setAttribute('data-md-color-scheme', scheme);
  const svg = document.querySelector('figure.sopdocs-histogram svg.sopdocs-histogram');
  svg.scrollIntoView();
  const box = svg.getBoundingClientRect();
  const background = getComputedStyle(svg.querySelector('rect.background')).fill;
  const bars = [...svg.querySelectorAll('rect.bar[data-count]')].map(r => {
    const b = r.getBoundingClientRect(); const s = getComputedStyle(r);
    return {height: b.height, width: b.width, stroke: s.stroke, cls: r.getAttribute('class')};
  });
  const texts = [...svg.querySelectorAll('text')].map(t => ({text: t.textContent,
    fill: getComputedStyle(t).fill, width: t.getBoundingClientRect().width}));
  return {width: box.width, height: box.height, visible: box.width > 0 && getComputedStyle(svg).visibility === 'visible',
          background, bars, texts};
}"""


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    """The sample's lead-to-contract pair built as a handbook of its own, served."""
    folder = tmp_path_factory.mktemp("forecast-browser")
    project = folder / "project"
    (project / "processes" / "sales").mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project)
    shutil.copytree(ROOT / "handbook", project / "handbook")
    shutil.copytree(ROOT / "processes" / "sales" / "lead-to-contract", project / "processes" / "sales" / "lead-to-contract")
    finish_builds([start_build(folder / "site", cwd=project)])
    with serve_directory(folder / "site") as url:
        yield url


@pytest.mark.parametrize("path", PAGES, ids=["process", "comparison"])
def test_histogram_is_visible_and_readable_in_light_and_dark(browser, base_url, path):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    problems = record_problems(page)
    page.goto(base_url + path, wait_until="load")
    seen = {}
    for scheme in ("default", "slate"):
        measured = page.evaluate(_MEASURE, scheme)
        assert measured["visible"] and measured["width"] > 400 and measured["height"] > 200, measured
        tall = [bar for bar in measured["bars"] if bar["height"] > 2]
        assert len(tall) >= 5, measured["bars"]
        for text in measured["texts"]:
            if text["text"].strip():
                ratio = contrast(text["fill"], measured["background"])
                assert ratio >= 4.5, (scheme, text, measured["background"], ratio)
        for bar in measured["bars"]:  # graphics: 3:1 against the background (WCAG 1.4.11)
            assert contrast(bar["stroke"], measured["background"]) >= 3, (scheme, bar, measured["background"])
        seen[scheme] = measured["background"]
    assert seen["default"] != seen["slate"], "the dark scheme did not restyle the histogram"
    if path.startswith("compare/"):
        assert {bar["cls"] for bar in measured["bars"]} == {"bar s-current", "bar s-optimized"}
    assert problems == []
    context.close()
