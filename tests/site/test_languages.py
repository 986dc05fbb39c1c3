"""A Chinese-speaking reader meets no English of sopdocs' own, a Traditional Chinese
reader no Simplified character, and a handbook adds a language with one catalog file.

Built with the real MkDocs + Material; pages are read as HTML (their visible text and
hover, aria and alt texts), charts as the SVG the page inlines and the full-size file.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sopdocs.load import load_file
from sopdocs.scripts import language_script, simplified_only
from tests.conftest import ROOT, sample_files
from tests.site.sitetext import file_strings, foreign_words, shown_text

TECHNICAL = {"CRM", "KPI", "SOP", "ERP"}
"""Names a Chinese handbook writes in Latin letters too."""

pytestmark = pytest.mark.slow


def _build(project: Path, site: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "sopdocs", "build", "-f", str(project / "mkdocs.yml"),
                             "-d", str(site)], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.fixture(scope="module")
def sample_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("languages") / "site"
    _build(ROOT, site)
    return site


def _without_history(text: str) -> str:
    """The shown text before the revision history (issue 16): its rows are commit data
    (author names, subjects), and its one line outside git names git, not sopdocs's words."""
    for heading in ("修订历史", "修訂歷史", "Revision history"):
        text = text.split(heading, 1)[0]
    return text


def _chinese_samples() -> list[tuple[Path, object]]:
    found = []
    for path in sample_files():
        loaded = load_file(path)
        if language_script(loaded.process.language):
            found.append((path, loaded))
    assert {language_script(loaded.process.language) for _, loaded in found} == {"Hans", "Hant"}
    return found


def _process_texts(site: Path, path: Path, loaded) -> dict[str, str]:
    """Page and full-size flowchart of one sample process: name → shown text."""
    relative = path.relative_to(ROOT / "processes").with_suffix("")
    page = (site / "processes" / relative / "index.html").read_text(encoding="utf-8")
    chart = site / "assets" / "sopdocs" / "diagrams" / f"{loaded.process.id}-flowchart.svg"
    return {f"{relative} page": _without_history(shown_text(page)),
            f"{relative} full-size flowchart": shown_text(chart.read_text(encoding="utf-8"), None)}


def test_chinese_process_pages_and_charts_have_no_english_of_sopdocs_own(sample_site):
    for path, loaded in _chinese_samples():
        allowed = TECHNICAL | set(foreign_words("\n".join(file_strings(loaded.tree)), set()))
        for name, text in _process_texts(sample_site, path, loaded).items():
            assert len(text) > 1000, name  # the page was read: it has its SOP, the chart its steps
            assert foreign_words(text, allowed) == [], name


def test_traditional_pages_have_no_simplified_only_characters(sample_site):
    for path, loaded in _chinese_samples():
        if language_script(loaded.process.language) != "Hant":
            continue
        own = set("".join(file_strings(loaded.tree)))
        for name, text in _process_texts(sample_site, path, loaded).items():
            assert [char for char in simplified_only(text) if char not in own] == [], name
            # Taiwan conventions from the catalog, not converted Simplified words
            assert "負責人" in text and "关键" not in text, name


def test_the_check_catches_what_it_looks_for():
    # the page readers above would see these: an English label, a Simplified legend word
    text = shown_text('<article><p>Tags: <b title="Critical">图例</b></p><script>var x</script></article>')
    assert text.split("\n") == ["Tags: ", "Critical", "图例"]
    assert foreign_words(text, {"Critical"}) == ["Tags"]
    assert simplified_only(text) == ["图"]


def _handbook(tmp_path: Path, language: str, files: list[Path]) -> Path:
    """A handbook of `files` with theme.language `language` (the sample's mkdocs.yml)."""
    project = tmp_path / "project"
    (project / "processes").mkdir(parents=True)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("language: en", f"language: {language}")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    (project / "handbook").mkdir()  # only generated pages: the sample's about.md is English
    for path in files:
        shutil.copy(path, project / "processes" / path.name)
    return project


def test_a_traditional_handbook_is_traditional_on_every_page(tmp_path):
    sample = ROOT / "processes" / "taiwan" / "complaint-handling-zh-hant.yaml"
    project = _handbook(tmp_path, "zh-Hant", [sample])
    _build(project, tmp_path / "site")
    loaded = load_file(sample)
    own = set("".join(file_strings(loaded.tree)))
    allowed = TECHNICAL | set(foreign_words("\n".join(file_strings(loaded.tree)), set()))
    pages = sorted((tmp_path / "site").rglob("index.html"))
    assert len(pages) >= 4  # home, the process, its lanes' role pages
    for page in pages:
        html = page.read_text(encoding="utf-8")
        assert '<html lang="zh-Hant"' in html, page
        text = _without_history(shown_text(html))  # the content; Material's own words follow theme.language
        assert foreign_words(text, allowed) == [], page
        assert [char for char in simplified_only(text) if char not in own] == [], page


GERMAN = {
    "home_title": "Prozesshandbuch",
    "owner": "Verantwortlich",
    "sop": "Arbeitsanweisung",
    "key_figures": "Kennzahlen",
    "value.status.current": "aktuell",
}


def _german_catalog() -> str:
    """A German catalog: the header, a few messages and one plural; the rest falls back."""
    entries = "".join(f'msgid "{key}"\nmsgstr "{text}"\n\n' for key, text in GERMAN.items())
    return ('msgid ""\nmsgstr ""\n"Language: de\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
            '"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + entries
            + 'msgid "role.steps"\nmsgid_plural "role.steps"\nmsgstr[0] "{n} Schritt"\n'
              'msgstr[1] "{n} Schritte"\n')


def test_a_fourth_language_from_one_catalog_file(tmp_path):
    sample = ROOT / "processes" / "people" / "sales-onboarding.yaml"
    project = _handbook(tmp_path, "de", [sample])
    (project / "locales").mkdir()
    (project / "locales" / "de.po").write_text(_german_catalog(), encoding="utf-8")
    _build(project, tmp_path / "site")
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in home and "Prozesshandbuch" in shown_text(home)
    assert " Schritte" in shown_text(home) or " Schritt" in shown_text(home)
    process = load_file(sample).process
    page = shown_text((tmp_path / "site" / "processes" / "sales-onboarding" / "index.html")
                      .read_text(encoding="utf-8"))
    for word in ("Verantwortlich", "Arbeitsanweisung", "Kennzahlen"):
        assert word in page, word
    if process.status == "current":
        assert "aktuell" in page
    assert "Standard operating procedure" not in page
    assert "Flowchart" in page  # not in the catalog: English fills in


def _section(page_html: str, step_id: str) -> str:
    """The HTML of the SOP section of `step_id`: its heading up to the next heading."""
    start = page_html.index(f'id="step-{step_id}"')
    ends = [page_html.find(tag, start + 1) for tag in ("<h2", "<h3")]
    return page_html[start:min([end for end in ends if end > 0] or [len(page_html)])]


def _branch_texts(process, step, language=None) -> list[tuple[str, str]]:
    """(what the reader must see, where the branch leads) for every branch of `step`, in
    `language` (default: the process's)."""
    from sopdocs.analysis.schedule import branch_probabilities
    from sopdocs.i18n import texts_for

    texts, steps = texts_for(language or process.language), process.steps_by_id()
    expected = []
    for link, share in zip(step.next, branch_probabilities(step)):
        target = steps[link.to]
        name = texts("branch_end", name=target.name) if target.type == "end" else target.name
        expected.append((" ".join(filter(None, [link.when, name, texts.percent(share)])), link.to))
    return expected


def _decisions():
    for path in sample_files():
        process = load_file(path).process
        for step in process.steps:
            if step.type == "decision":
                yield path, process, step


def test_every_branch_of_every_decision_is_on_its_sop_page(sample_site):
    checked = 0
    for path, process, step in _decisions():
        relative = path.relative_to(ROOT / "processes").with_suffix("")
        html = (sample_site / "processes" / relative / "index.html").read_text(encoding="utf-8")
        section = _section(html, step.id)
        shown = " ".join(shown_text(f"<article>{section}</article>").split())
        for words, target in _branch_texts(process, step):
            for word in words.split(" "):
                assert word in shown, (relative, step.id, word)
            ended = process.step(target).type == "end"
            assert (f'href="#step-{target}"' in section) != ended, (relative, step.id, target)
        checked += len(step.next)
    assert checked >= 20  # every sample's decisions, two or three branches each


def test_a_branch_that_ends_the_flow_says_so(sample_site):
    # the Simplified sample's lead grading: yes 0.6 to the sales rep, no 0.4 to nurturing,
    # an end event; both branches are listed, the second as the end of the process
    html = (sample_site / "processes" / "china" / "sales-sop-zh-hans" / "index.html").read_text(encoding="utf-8")
    shown = shown_text(f"<article>{_section(html, 'lead-grade')}</article>").replace("\n", "")
    assert "下一步：" in shown
    assert "是 → 分配线索给销售代表（60%）" in shown
    assert "否 → 转入线索培育计划（流程结束）（40%）" in shown


def test_role_pages_list_every_branch_of_their_decisions(sample_site):
    from sopdocs.site.handbook import load_handbook

    handbook = load_handbook(ROOT / "processes")
    for path, process, step in _decisions():
        lane = process.lane(step.lane)
        page = handbook.role_page(lane.name).removesuffix(".md")
        shown = " ".join(shown_text((sample_site / page / "index.html").read_text(encoding="utf-8")).split())
        # a role page is shared by the handbook: in its language (the sample's is English)
        for words, _ in _branch_texts(process, step, "en"):
            for word in words.split(" "):
                assert word in shown, (page, step.id, word)


def test_a_language_without_catalog_is_reported(tmp_path):
    project = _handbook(tmp_path, "fr", [ROOT / "processes" / "people" / "sales-onboarding.yaml"])
    result = subprocess.run([sys.executable, "-m", "sopdocs", "build", "-f", str(project / "mkdocs.yml"),
                             "-d", str(tmp_path / "site")], cwd=project, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "no catalog for language 'fr'" in result.stderr and "locales/fr.po" in result.stderr
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="fr"' in home and "Process handbook" in home  # English words, French theme
