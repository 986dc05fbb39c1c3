"""Nothing executable in a built handbook: the sample site and a site of hostile files.

Every .html and .svg file and the search index are parsed (tests/hostile/safety.py):
no <script> that MkDocs/Material did not ship (a file under assets/javascripts/, the
vendored iframe-worker shim, or an inline script that an empty build of the same
mkdocs.yml also has), no on*= attribute, no javascript:/vbscript:/data:text/html URL
in href, src, xlink:href, action or formaction, no iframe/object/embed/base.

The checker itself is tested on known-bad snippets first, so a checker that finds
nothing cannot pass for a safe site.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import FIXTURES, ROOT, sample_files
from tests.hostile import safety
from tests.hostile.runner import run_limited
from tests.hostile.sites import make_project, scanned_files, shipped_inline_scripts, site_findings

HOSTILE = FIXTURES / "hostile"
BAD_HTML = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<a href=' JaVa\tScRiPt:alert(1)'>x</a>",
    "<a href='&#106;avascript:alert(1)'>x</a>",
    "<form action='javascript:alert(1)'></form>",
    "<button formaction='vbscript:msgbox(1)'>x</button>",
    "<a href='data:text/html;base64,PHNjcmlwdD4='>x</a>",
    "<svg><a xlink:href='javascript:alert(1)'><text>x</text></a></svg>",
    "<iframe src='https://example.com'></iframe>",
    "<div style='background:url(javascript:alert(1))'>x</div>",
    "<script src='https://cdn.example.com/evil.js'></script>",
    "<script src='assets/javascripts/../../evil.js'></script>",
]
BAD_SVG = [
    '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
    '<a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="href" to="javascript:alert(1)"/></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div/></foreignObject></svg>',
    '<svg xmlns="http://www.w3.org/2000/svg"><text>unclosed</svg>',
]
SAFE_HTML = ("<p>&lt;script&gt;alert(1)&lt;/script&gt; onerror=alert(1) javascript:alert(1)</p>"
             "<a href='https://example.com/javascript:x'>ok</a><a href='#step-a'>ok</a>")


@pytest.mark.parametrize("snippet", BAD_HTML)
def test_the_checker_finds_executable_html(snippet):
    assert safety.page_findings(f"<html><body>{snippet}</body></html>", set()), snippet


@pytest.mark.parametrize("snippet", BAD_SVG)
def test_the_checker_finds_executable_svg(snippet):
    assert safety.svg_findings(snippet), snippet


def test_the_checker_accepts_escaped_text_and_safe_links():
    assert safety.page_findings(SAFE_HTML, set()) == []
    assert safety.is_shipped_src("../../assets/javascripts/bundle.a5f9d56c.min.js")
    assert safety.is_shipped_src("../assets/sopdocs/iframe-worker-shim.js")
    assert not safety.is_shipped_src("https://unpkg.com/iframe-worker/shim")


def test_the_checker_allows_exactly_the_reference_inline_scripts():
    shipped = shipped_inline_scripts()
    # Material's inline scripts: the __md_scope storage helpers, the palette and tab
    # restorers and the __config JSON; the same on every page once the base is normalised
    assert any("__md_scope" in script for script in shipped)
    assert any('"base": "<base>"' in script for script in shipped)
    page = "<script>__md_scope=new URL(\"../..\",location)</script>"
    assert safety.page_findings(page, {'__md_scope=new URL("<base>",location)'}) == []
    assert safety.page_findings("<script>alert(1)</script>", shipped)


def _build(project, site):
    outcome = run_limited(["build", "--strict", "-d", site], cwd=project, timeout=300)
    assert outcome.returncode == 0, outcome.stderr[-3000:]
    assert "Traceback" not in outcome.stderr
    return site


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory):
    return _build(ROOT, tmp_path_factory.mktemp("sample") / "site")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile")
    new = (FIXTURES / "diff" / "hostile_new.yaml").read_text(encoding="utf-8")
    project = make_project(folder / "project", {
        "xss.yaml": HOSTILE / "xss.yaml",
        "markdown_injection.yaml": HOSTILE / "markdown_injection.yaml",
        "title_breakout.yaml": HOSTILE / "title_breakout.yaml",
        "dom_clobbering.yaml": HOSTILE / "dom_clobbering.yaml",
        "dot_meta.yaml": HOSTILE / "dot_meta.yaml",
        "unicode.yaml": HOSTILE / "unicode.yaml",
        "old.yaml": FIXTURES / "diff" / "hostile_old.yaml",
        "new.yaml": "baseline: old.yaml\n" + new,  # a comparison page of hostile versions
    })
    return _build(project, folder / "site")


def test_sample_site_has_nothing_executable(sample_site):
    scanned = scanned_files(sample_site)
    pages = [path for path in scanned if path.suffix == ".html"]
    assert len(pages) > len(sample_files()), "the scan must cover every page of the site"
    assert any(path.suffix == ".svg" for path in scanned)
    assert site_findings(sample_site) == {}


def test_hostile_site_has_nothing_executable(hostile_site):
    pages = {path.relative_to(hostile_site).as_posix() for path in scanned_files(hostile_site)}
    for page in ("processes/xss/index.html", "processes/markdown_injection/index.html",
                 "processes/title_breakout/index.html", "processes/dom_clobbering/index.html",
                 "compare/new/index.html",
                 "search/search_index.json"):
        assert page in pages, (page, sorted(pages))
    assert site_findings(hostile_site) == {}


def test_hostile_text_is_shown_as_text(hostile_site):
    # what a reader sees: the hostile title as escaped text in the page and in <title>
    page = (hostile_site / "processes" / "title_breakout" / "index.html").read_text(encoding="utf-8")
    head_title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert head_title.startswith("x &lt;/title&gt;&lt;script&gt;alert('title-breakout')")
    # the literal entities the author typed stay visible as entities (&amp;lt;)
    assert "&amp;lt;/title&amp;gt;" in head_title
    xss = (hostile_site / "processes" / "xss" / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert('owner')&gt;" in xss
