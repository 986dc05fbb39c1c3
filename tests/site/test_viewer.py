"""The chart viewer's side in the generated site: which figures it enhances, the strings
it gets in the page's language, the "show in chart" links, and the assets it needs."""

import html
import json
import re

import pytest

from sopdocs.site.assets import CSS_PATH, VIEWER_PATH, site_stylesheet, viewer_script
from sopdocs.site.generate import generate_site
from sopdocs.site.handbook import load_handbook
from sopdocs.i18n import texts_for as strings
from sopdocs.site.options import PageOptions
from sopdocs.site.viewer import _TEXT_KEYS, VIEWER_ATTRIBUTE, viewer_attribute, viewer_text, with_viewer
from tests.conftest import FIXTURES, ROOT

SITE_FIXTURE = FIXTURES / "site" / "processes"
LANGUAGES = ("en", "zh", "zh-Hant")  # the built-in catalogs
_ATTRIBUTE = re.compile(VIEWER_ATTRIBUTE + r'="([^"]*)"')


@pytest.fixture(scope="module")
def site():
    return generate_site(load_handbook(SITE_FIXTURE), PageOptions(processes=SITE_FIXTURE))


def _viewer_json(markup: str) -> dict:
    match = _ATTRIBUTE.search(markup)
    assert match, markup[:200]
    return json.loads(html.unescape(match.group(1)))


def test_every_process_figure_is_marked_for_the_viewer_and_the_legend_is_not(site):
    figures = site.figures["processes/team/onboarding.md"]
    assert sorted(figures) == ["flowchart", "forecast", "lanes", "timeline"]
    for name in ("flowchart", "lanes", "timeline"):
        assert figures[name].startswith(f"<figure {VIEWER_ATTRIBUTE}="), name
        assert _viewer_json(figures[name])["zoomIn"] == "Zoom in"
    # the forecast section's body (a table and a histogram drawn to the column's width)
    # is not a chart to zoom
    assert VIEWER_ATTRIBUTE not in figures["forecast"]
    assert VIEWER_ATTRIBUTE not in site.figures["index.md"]["legend"]


def test_the_strings_come_in_the_language_of_the_page():
    for language, expected in (("en", "Zoom in"), ("zh", "放大"), ("zh-Hant", "放大"),
                               ("zh-TW", "放大")):
        text = viewer_text(strings(language), language)
        assert text["zoomIn"] == expected and text["lang"] == language
    assert viewer_text(strings("zh-Hant"), "zh-Hant")["fullScreen"] == "全螢幕"
    assert viewer_text(strings("zh"), "zh")["fullScreen"] == "全屏"
    # every string the script reads exists in every language and is not empty
    for language in LANGUAGES:
        assert all(viewer_text(strings(language), language).values()), language


def test_the_readable_minimum_note_has_a_place_for_the_percentage():
    for language in LANGUAGES:
        assert strings(language)["viewer_too_wide"].count("{percent}") == 1, language


def test_the_attribute_is_escaped_json_and_deterministic():
    english = strings("en")
    text = {key: english[key] for key in _TEXT_KEYS.values()} | {"viewer_zoom_in": 'Zoom "in" & <out>'}
    attribute = viewer_attribute(text, "en")
    assert '"in"' not in attribute.split("=", 1)[1][1:-1]  # quotes inside are entities
    assert "<out>" not in attribute and "&lt;out&gt;" in attribute
    assert _viewer_json(attribute)["zoomIn"] == 'Zoom "in" & <out>'
    assert attribute == viewer_attribute(text, "en")


def test_with_viewer_leaves_other_markup_alone():
    figures = {"chart": '<figure class="sopdocs-figure sopdocs-timeline"><svg/></figure>',
               "other": '<div class="note">x</div>'}
    marked = with_viewer(figures, strings("en"), "en")
    assert marked["other"] == figures["other"]
    assert marked["chart"].endswith(' class="sopdocs-figure sopdocs-timeline"><svg/></figure>')
    assert figures["chart"].startswith('<figure class=')  # the input is not changed


def test_each_sop_section_links_to_its_step_in_the_flowchart(site):
    page = site.pages["processes/team/onboarding.md"]
    flowchart = site.figures["processes/team/onboarding.md"]["flowchart"]
    sections = re.findall(r"\{#step-([a-z0-9-]+)\}", page)
    links = re.findall(r"\[Show in chart\]\(#fc-step-([a-z0-9-]+)\)\{: \.sopdocs-show-in-chart \}", page)
    assert sections and links == sections
    for step in links:
        assert f'id="fc-step-{step}"' in flowchart, step


def test_every_show_in_chart_link_of_the_sample_handbook_has_its_step_in_the_chart():
    sample = generate_site(load_handbook(ROOT / "processes"), PageOptions(processes=ROOT / "processes"))
    checked = 0
    for path, page in sample.pages.items():
        for step in re.findall(r"\]\(#fc-step-([a-z0-9-]+)\)\{: \.sopdocs-show-in-chart \}", page):
            assert f'id="fc-step-{step}"' in sample.figures[path]["flowchart"], (path, step)
            checked += 1
    # one link per SOP section: every step but start and end, over all sample processes
    assert checked == sum(page.count("{#step-") for page in sample.pages.values()) > 50


def test_chinese_pages_say_show_in_chart_in_chinese():
    assert strings("zh")["show_in_chart"] == "在流程图中查看"
    assert strings("zh-Hant")["show_in_chart"] == "在流程圖中查看"


def test_the_script_and_its_styles_are_site_assets(site):
    assert site.assets[VIEWER_PATH] == viewer_script()
    assert "sopdocs-toolbar" in site.assets[CSS_PATH] == site_stylesheet()
    # no network: the script loads nothing and names no CDN
    script = viewer_script()
    for word in ("http://", "https://", "fetch(", "XMLHttpRequest", "import(", "eval("):
        assert word not in script, word


def test_print_rules_hide_the_controls_and_undo_the_zoom():
    css = site_stylesheet()
    print_rules = css[css.rindex("@media print"):]
    assert ".sopdocs-toolbar" in print_rules and "display: none !important" in print_rules
    assert "width: auto !important; height: auto !important" in print_rules


def test_the_plugin_links_the_script_once():
    from mkdocs.config import load_config

    from sopdocs.site.plugin import SopdocsPlugin

    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["sopdocs"]
    assert isinstance(plugin, SopdocsPlugin)
    for _ in range(2):  # mkdocs serve calls on_config again on every rebuild
        config = plugin.on_config(config)
    assert [str(script) for script in config.extra_javascript].count(VIEWER_PATH) == 1
