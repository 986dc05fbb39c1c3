"""The built handbook in headless Chromium (issue 6, "Done when"): pages load cleanly,
flowcharts are readable, clickable and searchable, both colour schemes keep diagram
text readable, the offline build works from file://, hostile text never runs, a process
prints cleanly, and the screenshots in docs/screenshots/ are regenerated.

The sample handbook is built once per module (online and offline, plus a project holding
only tests/fixtures/hostile/xss.yaml), the three builds running side by side.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import quote, unquote, urlsplit

import pytest

from tests.browser import contrast, finish_builds, missing_browser, record_problems, start_build
from tests.conftest import FIXTURES, ROOT

pytestmark = pytest.mark.browser
_MISSING = missing_browser()
if _MISSING:
    pytest.skip(_MISSING, allow_module_level=True)

SCREENSHOTS = ROOT / "docs" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}
A4_WIDTH_PX = 794  # 210 mm at 96 CSS px per inch: 210 / 25.4 * 96 = 793.7
QUOTE_APPROVAL = "processes/sales/quote-approval"
CHINESE_PROCESS = "processes/china/sales-sop-zh-hans"
TRADITIONAL_PROCESS = "processes/taiwan/complaint-handling-zh-hant"


def _build(destination: Path, *options: str, cwd: Path = ROOT):
    return start_build(destination, *options, cwd=cwd)


def _hostile_project(folder: Path) -> Path:
    project = folder / "hostile"
    (project / "processes").mkdir(parents=True)
    shutil.copy(ROOT / "mkdocs.yml", project)
    shutil.copytree(ROOT / "handbook", project / "handbook")
    shutil.copy(FIXTURES / "hostile" / "xss.yaml", project / "processes")
    return project


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """The sample handbook built online and --offline, and the hostile project's site."""
    folder = tmp_path_factory.mktemp("browser-sites")
    built = SimpleNamespace(online=folder / "online", offline=folder / "offline",
                            hostile=folder / "hostile-site")
    builds = [_build(built.online), _build(built.offline, "--offline"),
              _build(built.hostile, cwd=_hostile_project(folder))]
    finish_builds(builds)
    return built


@pytest.fixture
def context(browser):
    """A fresh browser context (no stored colour scheme), light, desktop-sized."""
    fresh = browser.new_context(viewport=VIEWPORT, color_scheme="light")
    yield fresh
    fresh.close()


def site_pages(site: Path) -> list[str]:
    """Every generated page of a built site as a site-relative path (404.html left out)."""
    return sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html")
                  if path.name != "404.html")


def page_url(base: str, relative: str) -> str:
    """The URL of a site-relative file path under `base` (non-ASCII role names quoted)."""
    return base + quote(relative)


# For each flowchart in a scroll container: is it visible, its rendered width, its
# intrinsic width in CSS px (width attribute in pt * 4/3, or px, else the viewBox), and
# whether its container scrolls sideways.
MEASURE_FLOWCHARTS = """
() => [...document.querySelectorAll('.sopdocs-scroll svg.flowchart')].map(svg => {
  const box = svg.getBoundingClientRect();
  const style = getComputedStyle(svg);
  const width = svg.getAttribute('width') || '';
  const number = parseFloat(width);
  let intrinsic = width.endsWith('pt') ? number * 4 / 3 : number;
  if (!(intrinsic > 0)) intrinsic = svg.viewBox.baseVal.width;
  const scroll = svg.closest('.sopdocs-scroll');
  return {visible: box.width > 0 && box.height > 0 && style.visibility === 'visible'
                   && style.display !== 'none',
          width: box.width, intrinsic: intrinsic,
          scrolls: scroll.scrollWidth > scroll.clientWidth};
})
"""

# Per step text of every flowchart: its fill and the fill of the step's shape behind it.
STEP_TEXT_COLOURS = """
() => {
  const pairs = [];
  for (const step of document.querySelectorAll('svg.flowchart g.step')) {
    const shapes = [...step.querySelectorAll('polygon, path, ellipse')]
      .map(shape => getComputedStyle(shape).fill).filter(fill => fill.startsWith('rgb'));
    for (const text of step.querySelectorAll('text')) {
      pairs.push({step: step.id, text: text.textContent,
                  fill: getComputedStyle(text).fill, shape: shapes[0] || 'none'});
    }
  }
  return {scheme: document.body.getAttribute('data-md-color-scheme'), pairs: pairs};
}
"""

# Under print media: the navigation still shown (should be none), the text column, and
# the box of every flowchart.
MEASURE_PRINT = """
() => {
  const content = document.querySelector('.md-content');
  const column = content.getBoundingClientRect();
  return {
    contentWidth: content.clientWidth, contentRight: column.right,
    navigation: [...document.querySelectorAll('.md-sidebar, .md-header, .md-tabs')]
      .filter(element => element.getClientRects().length > 0
                         && getComputedStyle(element).visibility !== 'hidden')
      .map(element => element.className),
    charts: [...document.querySelectorAll('svg.flowchart')].map(svg => {
      const box = svg.getBoundingClientRect();
      return {width: box.width, right: box.right, height: box.height};
    }),
  };
}
"""


def _measure_charted_page(page) -> dict:
    """Flowchart sizes on screen, step colours in the opening scheme and after the
    palette toggle, and the layout under print media on an A4-wide viewport."""
    measured = {"charts": page.evaluate(MEASURE_FLOWCHARTS), "colours": []}
    for _ in range(2):
        measured["colours"].append(page.evaluate(STEP_TEXT_COLOURS))
        page.click("form[data-md-component=palette] label:visible")
    page.set_viewport_size({"width": A4_WIDTH_PX, "height": 1123})
    page.emulate_media(media="print")
    measured["print"] = page.evaluate(MEASURE_PRINT)
    page.emulate_media(media="screen")
    page.set_viewport_size(VIEWPORT)
    return measured


@pytest.fixture(scope="module")
def visited(sites, base_url, browser):
    """Every page of the online site loaded once (waiting for 'load' only): the problems
    seen, and the measurements of each page with flowcharts (processes/, compare/)."""
    context = browser.new_context(viewport=VIEWPORT, color_scheme="light")
    page = context.new_page()
    problems = record_problems(page)
    pages = site_pages(sites.online)
    charted = {}
    for relative in pages:
        response = page.goto(page_url(base_url, relative), wait_until="load")
        if response is None or not response.ok:
            problems.append(f"{relative}: {response and response.status}")
        if relative.startswith(("processes/", "compare/")):
            charted[relative] = _measure_charted_page(page)
    context.close()
    return SimpleNamespace(pages=pages, problems=problems, charted=charted)


def test_every_page_loads_without_errors_or_missing_assets(visited):
    # home, about, one page per process, a comparison, role pages
    assert len([p for p in visited.pages if p.startswith("processes/")]) >= 5, visited.pages
    assert "index.html" in visited.pages and any(p.startswith("roles/") for p in visited.pages)
    assert visited.problems == []


def test_flowcharts_are_visible_wide_or_scrolling_and_never_below_sixty_percent(visited):
    for relative, measured in visited.charted.items():
        assert measured["charts"], f"{relative}: no flowchart in a .sopdocs-scroll container"
        for number, chart in enumerate(measured["charts"]):
            where = f"{relative} flowchart {number}: {chart}"
            assert chart["visible"], where
            assert chart["width"] > 600 or chart["scrolls"], where
            assert chart["width"] / chart["intrinsic"] >= 0.6, where


def _in_viewport(page, selector: str) -> dict:
    return page.evaluate("""(selector) => {
      const box = document.querySelector(selector).getBoundingClientRect();
      const header = document.querySelector('.md-header').getBoundingClientRect();
      return {top: box.top, bottom: box.bottom, headerBottom: header.bottom,
              height: window.innerHeight};
    }""", selector)


def test_clicking_a_step_in_the_flowchart_scrolls_to_its_sop_section(base_url, context):
    page = context.new_page()
    page.goto(page_url(base_url, f"{QUOTE_APPROVAL}/index.html"), wait_until="load")
    node = page.locator("svg.flowchart g.step.task a").first
    href = node.get_attribute("href") or node.get_attribute("xlink:href")
    assert href and href.startswith("#step-"), href
    heading = f"[id='{href[1:]}']"
    before = _in_viewport(page, heading)
    assert before["top"] > before["height"], f"{href} is already on screen before the click"
    node.click()
    page.wait_for_function("(hash) => location.hash === hash", arg=href, timeout=5000)
    after = _in_viewport(page, heading)
    # on screen and not hidden under Material's sticky header
    assert after["headerBottom"] - 1 <= after["top"] and after["bottom"] <= after["height"], after


def _search(page, words: str) -> list[str]:
    """Type `words` into Material's search box; the result links, once there are some."""
    page.click("input.md-search__input")
    page.fill("input.md-search__input", words)
    page.press("input.md-search__input", "End")  # Material reads the query on keyup
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    return page.eval_on_selector_all(".md-search-result__item a", "links => links.map(a => a.href)")


def _result_paths(links: list[str]) -> set[str]:
    return {unquote(urlsplit(link).path) for link in links}


def _chinese_search_word() -> str:
    """A word of 4+ Chinese characters from a task name of the Chinese sample, segmented
    by jieba as Material's search plugin segments the index."""
    import logging

    import jieba

    from sopdocs.validate import load_process

    jieba.setLogLevel(logging.WARNING)
    process = load_process(ROOT / f"{CHINESE_PROCESS}.yaml")
    for step in process.steps:
        if step.type == "task":
            for word in jieba.cut(step.name):
                if len(word) >= 4 and all("\u4e00" <= char <= "\u9fff" for char in word):
                    return word
    raise AssertionError(f"no task name in {CHINESE_PROCESS}.yaml has a 4-character word")


def _traditional_search_word() -> str:
    """A two-character word of the Traditional sample that jieba's own dictionary hides
    inside longer pieces (更換產品 → 更 / 換產品: no indexed word starts with 產品), but
    that it knows in Simplified characters: what sopdocs teaches the search segmentation.
    Two characters, because the browser cuts a longer query into words itself."""
    import jieba

    from sopdocs.site.segment import process_texts, traditional_words
    from sopdocs.validate import load_process

    process = load_process(ROOT / f"{TRADITIONAL_PROCESS}.yaml")
    untaught = jieba.Tokenizer()  # a fresh dictionary, without the build's additions
    texts = process_texts(process)
    plain_cut = {word for text in texts for word in untaught.cut(text)}
    for word, frequency in traditional_words(texts, untaught).items():
        if len(word) == 2 and frequency and not any(cut.startswith(word) for cut in plain_cut):
            return word
    raise AssertionError(f"no word of {TRADITIONAL_PROCESS}.yaml needs teaching")


@pytest.mark.parametrize("process, word_of", [(CHINESE_PROCESS, _chinese_search_word),
                                              (TRADITIONAL_PROCESS, _traditional_search_word)],
                         ids=["simplified", "traditional"])
def test_search_finds_a_chinese_word(base_url, context, process, word_of):
    word = word_of()
    page = context.new_page()
    page.goto(page_url(base_url, "index.html"), wait_until="load")
    links = _search(page, word)
    assert f"/{process}/" in _result_paths(links), (word, links)


def test_contrast_helper():
    # black on white is the maximum, (1 + 0.05) / (0 + 0.05) = 21
    assert contrast("rgb(0, 0, 0)", "rgb(255, 255, 255)") == pytest.approx(21)
    # #777 on white: luminance ((0.4667 + 0.055) / 1.055) ** 2.4 = 0.1845 → 1.05 / 0.2345 = 4.48
    assert contrast("rgb(119, 119, 119)", "rgb(255, 255, 255)") == pytest.approx(4.48, abs=0.01)


def test_flowchart_step_text_is_readable_in_light_and_dark(visited):
    seen_schemes, step_fills, unreadable = set(), {}, set()
    for relative, measured in visited.charted.items():
        for colours in measured["colours"]:  # the scheme the page opened in, then the other
            seen_schemes.add(colours["scheme"])
            assert colours["pairs"], relative
            for pair in colours["pairs"]:
                assert pair["shape"] != "none", (relative, pair)
                ratio = contrast(pair["fill"], pair["shape"])
                if ratio < 4.5:
                    unreadable.add(f"{colours['scheme']}: {pair['text']!r} {pair['fill']} on"
                                   f" {pair['shape']} = {ratio:.2f}:1 ({relative} {pair['step']})")
            step_fills[colours["scheme"]] = colours["pairs"][0]["shape"]
    assert seen_schemes == {"default", "slate"}
    assert step_fills["default"] != step_fills["slate"], "the dark scheme did not restyle the diagram"
    assert sorted(unreadable) == []


def _step_word(path: Path) -> str:
    """The longest word of the first task's name in a process file (to search for)."""
    from sopdocs.validate import load_process

    task = next(step for step in load_process(path).steps if step.type == "task")
    return max(task.name.split(), key=len)


def test_offline_build_from_file_url_shows_diagrams_and_finds_a_step(sites, context):
    page = context.new_page()
    problems = record_problems(page)
    page.goto((sites.offline / f"{QUOTE_APPROVAL}.html").as_uri(), wait_until="load")
    flowchart = page.locator(".sopdocs-scroll svg.flowchart")
    assert flowchart.count() == 1 and flowchart.is_visible()
    assert flowchart.locator("g.step").count() >= 3
    word = _step_word(ROOT / f"{QUOTE_APPROVAL}.yaml")
    links = _search(page, word)
    assert all(link.startswith("file://") for link in links), links
    expected = (sites.offline / f"{QUOTE_APPROVAL}.html").as_posix()
    assert expected in _result_paths(links), (word, links)
    assert problems == []


TRIPWIRE = """
window.__xss = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (...args) => { window.__xss.push(name + '(' + args.join(',') + ')'); };
}
"""

# Attributes that would run or load script: on* handlers anywhere in the content, and
# javascript: URLs in links (HTML href and SVG xlink:href), sources and frames.
SCRIPT_VECTORS = """
() => {
  const found = [];
  for (const element of document.querySelectorAll('.md-content *, .md-sidebar *')) {
    for (const attribute of element.attributes) {
      const value = attribute.value.trim().toLowerCase();
      if (attribute.name.toLowerCase().startsWith('on') || value.startsWith('javascript:'))
        found.push(element.tagName + ' ' + attribute.name + '=' + attribute.value);
    }
  }
  for (const script of document.querySelectorAll('.md-content script')) found.push(script.outerHTML);
  return found;
}
"""


def test_hostile_process_builds_a_page_where_no_script_runs(browser, sites):
    context = browser.new_context(viewport=VIEWPORT)
    context.add_init_script(TRIPWIRE)
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = site_pages(sites.hostile)
    assert "processes/xss/index.html" in pages, pages
    for relative in pages:
        page.goto((sites.hostile / relative).as_uri(), wait_until="load")
        page.hover(".md-content")  # would fire a mouseover handler had one survived
        page.wait_for_timeout(100)  # let late handlers (ontoggle, onerror) fire
        assert page.evaluate("window.__xss") == [], relative
        assert page.evaluate(SCRIPT_VECTORS) == [], relative
    assert dialogs == []
    page.goto((sites.hostile / "processes/xss/index.html").as_uri(), wait_until="load")
    text = page.inner_text(".md-content")
    assert "<script>alert('step')</script> Receive" in text
    assert "<img src=x onerror=alert('step-owner')>" in text
    assert "<script>alert('instructions')</script>" in text
    context.close()


def test_process_prints_without_navigation_and_with_flowcharts_fitting_the_page(visited):
    for relative, measured in visited.charted.items():
        printed = measured["print"]
        assert printed["navigation"] == [], (relative, printed["navigation"])
        assert printed["charts"], relative
        for chart in printed["charts"]:
            assert 0 < chart["width"] <= printed["contentWidth"] + 0.5, (relative, chart, printed)
            assert chart["right"] <= printed["contentRight"] + 0.5, (relative, chart, printed)


def test_process_page_prints_to_pdf(base_url, context):
    page = context.new_page()
    page.goto(page_url(base_url, f"{QUOTE_APPROVAL}/index.html"), wait_until="load")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") >= 2


# name → (page, section to scroll to): the part of each page a trainer wants to show
SCREENSHOT_PAGES = {
    "home": ("index.html", "processes"),
    "process": (f"{QUOTE_APPROVAL}/index.html", "flowchart"),
    "comparison": ("compare/lead-to-contract-optimized/index.html", ""),
    "role": ("roles/sales/index.html", ""),
}


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots_of_home_process_comparison_and_role_pages(sites, base_url, browser, scheme):
    context = browser.new_context(viewport=VIEWPORT, color_scheme=scheme)
    page = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    expected_scheme = {"light": "default", "dark": "slate"}[scheme]
    for name, (relative, section) in SCREENSHOT_PAGES.items():
        assert (sites.online / relative).exists(), relative
        page.goto(page_url(base_url, relative) + (f"#{section}" if section else ""), wait_until="load")
        if section:
            assert page.locator(f"[id='{section}']").is_visible(), (relative, section)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected_scheme
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{scheme}.png"), animations="disabled")
    context.close()
