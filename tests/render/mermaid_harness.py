"""Render Mermaid text with the real `mermaid` npm package in headless Chromium.

The packages are installed with npm into `.sopdocs-cache/node/` (git-ignored) on first
use and reused afterwards. Two majors are tested: the current one (GitHub follows the
latest releases) and 10.x (older GitLab versions bundle it). Every diagram of a run is
rendered in one page per version, so the cost is one browser start.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.browser import CHROMIUM, CHROMIUM_ARGS as BROWSER_ARGS
from tests.conftest import ROOT

CACHE = ROOT / ".sopdocs-cache" / "node"
PACKAGES = {"mermaid": "11.17.2", "mermaid-v10": "npm:mermaid@10.9.8"}
VERSIONS = {"11": ("mermaid", "11.17.2"), "10": ("mermaid-v10", "10.9.8")}
CHROMIUM_ARGS = BROWSER_ARGS + [
    # pages render side by side: none of them may be throttled as "background"
    "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows"]


class Unavailable(Exception):
    """Node/npm, the packages or Chromium cannot be had here; the message says which."""


def _installed_version(folder: str) -> str | None:
    manifest = CACHE / "node_modules" / folder / "package.json"
    if not manifest.is_file():
        return None
    return json.loads(manifest.read_text(encoding="utf-8")).get("version")


def bundles() -> dict[str, Path]:
    """Major version → path of its `dist/mermaid.min.js`, installing with npm if needed."""
    wanted = {major: (folder, version) for major, (folder, version) in VERSIONS.items()}
    if any(_installed_version(folder) != version for folder, version in wanted.values()):
        npm = shutil.which("npm")
        if npm is None or shutil.which("node") is None:
            raise Unavailable("Node.js/npm is not installed; install Node 18+ to run the Mermaid checks")
        CACHE.mkdir(parents=True, exist_ok=True)
        manifest = {"name": "sopdocs-test-node", "private": True, "dependencies": PACKAGES}
        (CACHE / "package.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
        try:
            done = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--ignore-scripts",
                                   "--loglevel=error"], cwd=CACHE, capture_output=True, text=True,
                                  timeout=600)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise Unavailable(f"npm install could not run: {error}") from None
        if done.returncode != 0:
            raise Unavailable(f"npm install of {PACKAGES} failed: {done.stderr.strip()[-500:]}")
    paths = {major: CACHE / "node_modules" / folder / "dist" / "mermaid.min.js"
             for major, (folder, _) in wanted.items()}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        raise Unavailable(f"npm installed mermaid but there is no {missing[0]}")
    return paths


_RENDER_ALL = """
window.renderAll = async (diagrams) => {
  mermaid.initialize({startOnLoad: false, securityLevel: 'strict'});
  const host = document.getElementById('host');
  const results = {};
  let index = 0;
  for (const [name, text] of Object.entries(diagrams)) {
    index += 1;
    try {
      const {svg} = await mermaid.render('diagram' + index, text);
      // Computed styles need the SVG in the document (a layout); the rest reads an
      // inert <template> copy, which costs no layout.
      const styled = text.includes('classDef');
      let root;
      if (styled) {
        host.innerHTML = svg;
        root = host.querySelector('svg');
      } else {
        const template = document.createElement('template');
        template.innerHTML = svg;
        root = template.content.querySelector('svg');
      }
      const struck = {};
      for (const node of styled ? root.querySelectorAll('g.node') : []) {
        const classes = node.getAttribute('class').split(/\\s+/);
        const status = ['added', 'changed', 'removed'].find(c => classes.includes(c)) || 'none';
        const label = [...node.querySelectorAll('.nodeLabel, text')];
        const lined = label.some(e => getComputedStyle(e).textDecorationLine.includes('line-through'));
        (struck[status] = struck[status] || []).push(lined);
      }
      results[name] = {error: null, svg: !!root, scripts: root.querySelectorAll('script').length,
                       text: root.textContent.replace(/\\s+/g, ' '), struck};
    } catch (error) {
      results[name] = {error: String((error && error.message) || error)};
    }
    host.innerHTML = '';
  }
  return results;
};
"""


def render_all(diagrams_by_major: dict[str, dict[str, str]]) -> dict[str, dict[str, dict]]:
    """Major version → diagram name → {error, svg, scripts, text, struck}.

    Each version renders its diagrams in its own page; the pages run at the same time
    (Chromium gives each its own renderer process).
    """
    paths = bundles()
    try:
        from playwright.sync_api import Error as PlaywrightError, sync_playwright
    except ImportError as error:
        raise Unavailable(f"Python Playwright is not installed: {error}") from None
    try:
        with sync_playwright() as playwright:
            options = {"args": CHROMIUM_ARGS}
            if Path(CHROMIUM).exists():
                options["executable_path"] = str(CHROMIUM)
            browser = playwright.chromium.launch(**options)
            pages = {}
            for major, diagrams in diagrams_by_major.items():
                page = browser.new_context().new_page()  # own context: own renderer process
                page.set_content("<!doctype html><html><body><div id='host'></div></body></html>")
                page.add_script_tag(path=str(paths[major]))
                page.add_script_tag(content=_RENDER_ALL)
                page.evaluate("(d) => { window.done = null; renderAll(d).then(r => { window.done = r; }); }",
                              diagrams)
                pages[major] = page
            results = {}
            for major, page in pages.items():
                page.wait_for_function("window.done !== null", polling=50, timeout=300_000)
                results[major] = page.evaluate("window.done")
            browser.close()
    except PlaywrightError as error:
        if "Executable doesn't exist" in str(error) or "Failed to launch" in str(error):
            raise Unavailable(f"Chromium cannot be started: {str(error)[:300]}") from None
        raise
    return results
