"""Temporary handbook projects, and the safety scan of a whole built site.

`make_project` copies the real mkdocs.yml and handbook/ pages next to a processes/
folder holding only the given files, so a hostile file is built exactly as the sample
handbook is. `shipped_inline_scripts` builds an empty project with the same mkdocs.yml
once per test session: its inline scripts are, by construction, the ones MkDocs and
Material ship, and the only inline scripts a real build may contain.
"""

from __future__ import annotations

import atexit
import functools
import shutil
import tempfile
from pathlib import Path

from tests.conftest import ROOT
from tests.hostile import safety
from tests.hostile.runner import run_limited


def make_project(folder: Path, files: dict) -> Path:
    """A project in `folder`: mkdocs.yml, handbook/ and processes/ with `files`
    (name → source path, or name → YAML text)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "handbook", folder / "handbook", dirs_exist_ok=True)
    processes = folder / "processes"
    processes.mkdir(exist_ok=True)
    for name, source in files.items():
        target = processes / name
        if isinstance(source, Path):
            shutil.copyfile(source, target)
        else:
            target.write_text(source, encoding="utf-8")
    return folder


@functools.lru_cache(maxsize=None)
def shipped_inline_scripts() -> frozenset:
    """Normalised inline scripts of an empty build of the real mkdocs.yml."""
    folder = Path(tempfile.mkdtemp(prefix="sopdocs-reference-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    project = make_project(folder / "project", {})
    outcome = run_limited(["build", "--strict", "-d", folder / "site"], cwd=project, timeout=120)
    assert outcome.returncode == 0, outcome.stderr
    scripts = safety.shipped_inline_scripts((folder / "site").rglob("*.html"))
    assert scripts, "the reference build has no inline scripts: is the theme still Material?"
    return frozenset(scripts)


def site_findings(site: Path) -> dict[str, list[str]]:
    """Findings per file (relative path) for every .html, .svg and the search index."""
    shipped = shipped_inline_scripts()
    found = {}
    for path in sorted(site.rglob("*")):
        if path.suffix == ".html":
            findings = safety.page_findings(path.read_text(encoding="utf-8"), shipped)
        elif path.suffix == ".svg":
            findings = safety.svg_findings(path.read_text(encoding="utf-8"))
        elif path.name == "search_index.json":
            findings = safety.search_index_findings(path)
        else:
            continue
        if findings:
            found[path.relative_to(site).as_posix()] = findings
    return found


def scanned_files(site: Path) -> list[Path]:
    """The files `site_findings` parses (to assert the scan covered the site)."""
    return [path for path in site.rglob("*")
            if path.suffix in (".html", ".svg") or path.name == "search_index.json"]
