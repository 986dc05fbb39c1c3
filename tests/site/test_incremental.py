"""Builds with the cache, in parallel and incremental serve rebuilds give the very bytes a
plain build gives: the cache never serves a stale result."""

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from sopdocs.site.cache import BuildCache
from sopdocs.site.generate import generate_site
from sopdocs.site.handbook import load_handbook
from sopdocs.site.options import PageOptions
from sopdocs.site.plugin import build_site
from tests.conftest import ROOT

pytestmark = pytest.mark.slow


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project)
    shutil.copytree(ROOT / "handbook", project / "handbook")
    shutil.copytree(ROOT / "processes", project / "processes")
    return project


def _files(site: Path) -> dict:
    return {path.relative_to(site).as_posix(): path.read_bytes()
            for path in sorted(site.rglob("*")) if path.is_file()}


def _build(project: Path, name: str, **options) -> dict:
    site = project.parent / name
    build_site(str(project / "mkdocs.yml"), str(site), **options)
    return _files(site)


def _differences(one: dict, other: dict) -> list:
    return sorted(path for path in one.keys() | other.keys() if one.get(path) != other.get(path))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return _project(tmp_path_factory.mktemp("incremental"))


def test_cold_warm_parallel_and_uncached_builds_are_byte_identical(project):
    plain = _build(project, "plain", jobs=1, cache=False)
    cold = _build(project, "cold", jobs=1)
    warm = _build(project, "warm", jobs=1)
    parallel = _build(project, "parallel", jobs=2, cache_dir=str(project / "other-cache"))
    assert len(plain) > 50
    assert any(path.endswith("-flowchart.svg") for path in plain)
    assert _differences(plain, cold) == []
    assert _differences(plain, warm) == []
    assert _differences(plain, parallel) == []
    assert list((project / ".sopdocs-cache" / "build").glob("*/*.entry"))


EDITS = [
    # (file, text, replacement, a page or asset that must change)
    ("sales/quote-approval.yaml", "name: Build quote from CPQ template", "name: Build the quote in CPQ",
     "assets/sopdocs/diagrams/quote-approval-flowchart.svg"),
    ("sales/quote-approval.yaml", "1. From the opportunity in the CRM", "1. From the CRM opportunity",
     "processes/sales/quote-approval/index.html"),
    ("sales/quote-approval.yaml", "duration: 30m", "duration: 45m",
     "processes/sales/quote-approval/index.html"),
    ("sales/quote-approval.yaml", "name: Finance\n", "name: Finance and Controlling\n",
     "roles/finance-and-controlling/index.html"),
]


@pytest.mark.parametrize("file, old, new, changed_path", EDITS, ids=["step name", "instructions",
                                                                       "duration", "lane name"])
def test_after_an_edit_a_cached_build_equals_an_uncached_one(project, file, old, new, changed_path):
    before = _build(project, "before")
    _edit(project / "processes" / file, old, new)
    cached = _build(project, "cached")
    plain = _build(project, "plain-after", cache=False)
    assert _differences(cached, plain) == []
    assert changed_path in cached
    assert before.get(changed_path) != cached[changed_path]


def test_a_comparison_page_follows_its_baseline(project):
    baselines = [path for path in (project / "processes").rglob("*.yaml")
                 if "baseline:" in path.read_text(encoding="utf-8")]
    assert baselines, "the sample handbook has a baseline pair"
    new_version = baselines[0]
    target = new_version.parent / new_version.read_text(encoding="utf-8").split("baseline:", 1)[1].split()[0]
    before = _build(project, "before-baseline")
    text = target.read_text(encoding="utf-8")
    _edit(target, "title: ", "title: Renamed ")
    cached = _build(project, "cached-baseline")
    assert _differences(cached, _build(project, "plain-baseline", cache=False)) == []
    comparisons = [path for path in cached if path.startswith("compare/")]
    assert any(before.get(path) != cached[path] for path in comparisons)
    target.write_text(text, encoding="utf-8")


def test_a_page_linking_to_a_moved_process_follows_it(tmp_path):
    """A process page's Markdown is kept on disk under its inputs; moving the file of a
    subprocess it links to (same content, another folder, so another page) changes the
    link, so the kept page must not come back."""
    project = _project(tmp_path)
    caller = "processes/sales/end-to-end-sales-sop/index.html"
    before = _build(project, "before-move")
    assert b"quote-approval" in before[caller]
    (project / "processes" / "finance").mkdir()
    (project / "processes" / "sales" / "quote-approval.yaml").rename(
        project / "processes" / "finance" / "quote-approval.yaml")
    cached = _build(project, "cached-move")
    assert _differences(cached, _build(project, "plain-move", cache=False)) == []
    assert before[caller] != cached[caller]
    assert b"finance/quote-approval" in cached[caller]


def test_damaged_entries_are_recomputed(project):
    folder = project / "damaged-cache"
    _build(project, "fill", cache_dir=str(folder))
    entries = list(folder.glob("*/*.entry"))
    assert len(entries) > 20
    for path in entries:
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])  # as if the machine died while writing
    repaired = _build(project, "repaired", cache_dir=str(folder))
    assert _differences(repaired, _build(project, "plain-repaired", cache=False)) == []
    cache = BuildCache(folder)
    assert all(cache.get(path.stem) is not None for path in entries)  # all rewritten whole


def test_a_new_engine_version_lays_everything_out_again(tmp_path):
    processes = _project(tmp_path) / "processes"
    handbook = load_handbook(processes)
    options = PageOptions(processes=processes)
    first = BuildCache(tmp_path / "cache", salt="dot 2.43")
    _draw_all(generate_site(handbook, options, first))
    # a miss is a job the cache did not have, so it was laid out (hits are results read
    # back from the cache, which also happens for what this build laid out itself)
    jobs = first.misses
    assert jobs > 10  # one job per process page, comparison, legend
    same = BuildCache(tmp_path / "cache", salt="dot 2.43")
    _draw_all(generate_site(handbook, options, same))
    assert same.misses == 0 and same.hits > 0
    upgraded = BuildCache(tmp_path / "cache", salt="dot 12.1")
    _draw_all(generate_site(handbook, options, upgraded))
    assert upgraded.misses == jobs


def _draw_all(site) -> None:
    """Read every page's figures, as writing the pages does (jobs run when first read)."""
    for figures in site.figures.values():
        figures.load()


def _serve_build(config_file: Path, plugin_session):
    """One MkDocs build the way `sopdocs serve` runs it (dirty, one plugin instance)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    config = load_config(str(config_file), site_dir=plugin_session["site"])
    if plugin_session.get("started") is None:
        config.plugins.on_startup(command="serve", dirty=True)
        plugin_session["started"] = True
    build(config, dirty=True)
    return config


def _clean_build(project: Path, name: str) -> dict:
    """A build in a new process (MkDocs keeps plugin instances for a whole process)."""
    site = project.parent / name
    subprocess.run([sys.executable, "-m", "sopdocs", "build", "--no-cache", "-d", str(site)],
                   cwd=project, check=True, capture_output=True)
    return _files(site)


def test_serve_rebuilds_only_the_affected_pages_and_keeps_search_whole(tmp_path, monkeypatch):
    from sopdocs.site.stored import Drawn

    project = _project(tmp_path)
    session = {"site": tempfile.mkdtemp(dir=tmp_path)}
    site = Path(session["site"])
    _serve_build(project / "mkdocs.yml", session)
    first = {path: path.stat().st_mtime_ns for path in site.rglob("*.html")}
    _edit(project / "processes" / "sales" / "quote-approval.yaml",
          "1. From the opportunity in the CRM", "1. From the CRM opportunity")
    results_read, real_get = [], Drawn.get
    monkeypatch.setattr(Drawn, "get", lambda self: results_read.append(self.key) or real_get(self))
    config = _serve_build(project / "mkdocs.yml", session)
    # the Sales role page has one section per process it works in: 8 (its <h2>s in the
    # built sample, counted by hand); only the quote approval's changed, so the other 7
    # come from memory, and the page still equals a clean build's (checked below)
    assert config.plugins["sopdocs"].session.sections.reused == 7
    # only the pages written read their diagram results: the quote approval page (the Sales
    # role page has no diagram) and the sample's one comparison page (lead to contract),
    # whose text is made from its result; the pages served unchanged are compared by
    # their figures' keys, never loaded (the sample has 9 process pages with diagrams)
    assert len(set(results_read)) == 2
    rewritten = sorted(path.relative_to(site).as_posix() for path in first
                       if path.stat().st_mtime_ns != first[path])
    # the instructions show on the process page and the Sales role's checklist; MkDocs
    # renders its 404 page on every build; the other pages are left as they were
    assert rewritten == ["404.html", "processes/sales/quote-approval/index.html", "roles/sales/index.html"]
    assert "From the CRM opportunity" in (site / "roles/sales/index.html").read_text(encoding="utf-8")
    clean = _clean_build(project, "clean")
    served = _files(site)
    html = [path for path in clean if path.endswith(".html")]
    assert [path for path in html if served.get(path) != clean[path]] == []
    index = "search/search_index.json"
    assert json.loads(served[index])["docs"] == json.loads(clean[index])["docs"]


def test_serve_rebuilds_every_page_when_the_navigation_changes(tmp_path):
    project = _project(tmp_path)
    session = {"site": tempfile.mkdtemp(dir=tmp_path)}
    site = Path(session["site"])
    _serve_build(project / "mkdocs.yml", session)
    _edit(project / "processes" / "sales" / "quote-approval.yaml",
          "title: Quote and discount approval", "title: Quotes and discounts")
    _serve_build(project / "mkdocs.yml", session)
    clean = _clean_build(project, "clean-nav")
    served = _files(site)
    assert "Quotes and discounts" in served["index.html"].decode("utf-8")
    assert [path for path in clean if path.endswith(".html") and served.get(path) != clean[path]] == []
