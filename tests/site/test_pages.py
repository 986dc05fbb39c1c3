"""The generated Markdown: structure, escaping, languages, role order and links."""

import pytest

from sopdocs.site.generate import generate_site
from sopdocs.site.handbook import load_handbook
from sopdocs.site.links import page_link, page_url, url_from
from sopdocs.site.options import PageOptions
from tests.conftest import FIXTURES

SITE_FIXTURE = FIXTURES / "site" / "processes"


@pytest.fixture(scope="module")
def site():
    # the fixture lives in this project's git history, which every commit moves on: the
    # golden pages leave the revision history out (tests/site/test_history.py covers it)
    options = PageOptions(processes=SITE_FIXTURE, history=0)
    return generate_site(load_handbook(SITE_FIXTURE), options)


def test_process_page_golden(site, golden):
    golden("site/onboarding.md", site.pages["processes/team/onboarding.md"])


def test_role_page_golden(site, golden):
    golden("site/role-hr.md", site.pages["roles/hr.md"])


def test_role_page_follows_the_flow_not_the_file(site):
    page = site.pages["roles/hr.md"]
    # flow: paperwork (0–2 h) → laptop (IT, 2–6 h) → welcome (wait 8 h, 14–14.5 h)
    assert page.index("Contract and paperwork") < page.index("Welcome call")
    assert "- [ ] [Contract and paperwork](../processes/team/onboarding.md#step-paperwork)" in page


def test_key_figures(site):
    page = site.pages["processes/team/onboarding.md"]
    # lead time = 2 h + 4 h (0.5 d) + 8 h wait + 0.5 h = 14.5 h = 1.8 d at 8 h/day;
    # work = 6.5 h (under a day, so shown in hours); waiting = 8 h = 1.0 d;
    # flow efficiency = 6.5 / 14.5 = 45 %; handoffs: hr→it and it→hr = 2; steps = 5
    assert "| **1.8 d** | **6.5 h** | **1.0 d** | **45%** | **2** | **5** |" in page


def test_raw_html_in_markdown_fields_is_shown_as_text(site):
    page = site.pages["processes/team/onboarding.md"]
    assert "&lt;b>Raw HTML is shown as text.&lt;/b>" in page
    assert "**first customer call**" in page  # Markdown itself still works


def test_inline_fields_are_escaped(site):
    page = site.pages["processes/team/onboarding.md"]
    # in flow order the laptop (IT, right after the paperwork) is the second step
    assert "### 2. Set up laptop &amp; CRM account {#step-laptop}" in page


def test_every_page_has_its_diagrams(site):
    # issue 15: the onboarding has durations, so its forecast section too
    assert set(site.figures["processes/team/onboarding.md"]) == {"flowchart", "timeline", "lanes", "forecast"}
    for name in ("flowchart", "timeline", "lanes", "forecast"):
        assert f'<div data-sopdocs-diagram="{name}"></div>' in site.pages["processes/team/onboarding.md"]
    assert "assets/sopdocs/diagrams/onboarding-flowchart.svg" in site.assets


def test_inline_flowchart_ids_do_not_clash_with_sections(site):
    figure = site.figures["processes/team/onboarding.md"]["flowchart"]
    assert 'id="fc-step-paperwork"' in figure and 'id="step-paperwork"' not in figure
    assert 'href="#step-paperwork"' in figure


def test_chinese_handbook_labels():
    site = generate_site(load_handbook(SITE_FIXTURE), PageOptions(processes=SITE_FIXTURE, language="zh"))
    assert "## 标准作业程序" in site.pages["processes/team/onboarding.md"]
    assert site.pages["index.md"].startswith("# 流程手册")


@pytest.mark.parametrize("directory_urls, expected", [
    (True, ("processes/a/b/", "", "../../c/#step-x", "../../../")),
    (False, ("processes/a/b.html", "index.html", "../c.html#step-x", "../../index.html")),
])
def test_links(directory_urls, expected):
    # from processes/a/b to processes/c: up out of b/ and a/ (directory URLs), or out of a/
    assert page_url("processes/a/b.md", directory_urls) == expected[0]
    assert page_url("index.md", directory_urls) == expected[1]
    assert page_link("processes/a/b.md", "processes/c.md", directory_urls, "step-x") == expected[2]
    assert page_link("processes/a/b.md", "index.md", directory_urls) == expected[3]


def test_url_from_an_asset_to_a_page():
    assert url_from("assets/sopdocs/diagrams/x.svg", "processes/a/", "step-1") == "../../../processes/a/#step-1"


def test_home_page_catalog_and_roles(site):
    home = site.pages["index.md"]
    # one folder "team" → heading "Team"; the process row links to its page
    assert "### Team" in home
    assert "| [Onboarding a new rep](processes/team/onboarding.md) | Head of People | current | 2 | 5 | 1.8 d |" in home
    # HR does paperwork and the welcome call (2 steps) in 1 process; IT the laptop (1 step)
    # plural forms from the catalog: 2 steps, but 1 step and 1 process
    assert "- [HR](roles/hr.md): 2 steps · 1 process" in home
    assert "- [IT](roles/it.md): 1 step · 1 process" in home


def test_folder_titles():
    from sopdocs.site.home_page import folder_title

    assert folder_title("sales/lead-to-contract") == "Sales / Lead to contract"
    assert folder_title("") == ""
