"""Shared helpers of the browser tests: the OS's Chromium driven by Python Playwright
(never a downloaded browser), sites built side by side and served over HTTP on
127.0.0.1, a recorder of a page's console errors and failed requests, and the WCAG
contrast ratio.

`make test` installs Chromium as root (scripts/install-os-deps.sh); where it or
Playwright is missing, `missing_browser()` says exactly what, and the tests skip with it.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def missing_browser() -> str | None:
    """What the browser tests lack on this machine (a sentence to skip with), or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Python Playwright is not installed (pip install -e '.[test]' installs it)"
    if not CHROMIUM.exists():
        return (f"{CHROMIUM} is missing (`make test` as root installs the chromium package"
                " via scripts/install-os-deps.sh)")
    return None


@contextmanager
def chromium() -> Iterator[object]:
    """A headless Chromium (Playwright Browser) from CHROMIUM; closed on exit."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def start_build(destination: Path, *options: str, cwd: Path, config: Path | None = None) -> subprocess.Popen:
    """Start `sopdocs build --strict` of the project in `cwd` (or of `config`) into
    `destination`, in the background; see `finish_builds`."""
    command = [sys.executable, "-m", "sopdocs", "build", "--strict", *options, "-d", str(destination)]
    if config is not None:
        command += ["-f", str(config)]
    return subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish_builds(builds: list[subprocess.Popen]) -> None:
    """Wait for all the builds, then check each succeeded without a warning."""
    outputs = [build.communicate(timeout=300) for build in builds]  # wait for all of them
    for build, (stdout, stderr) in zip(builds, outputs):
        assert build.returncode == 0, f"{build.args}:\n{stdout}\n{stderr}"
        assert "WARNING" not in stderr, stderr


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass  # keep pytest's output clean; failed requests are checked in the browser


@contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """Serve `directory` on 127.0.0.1 (a free port) from a thread; yields the base URL
    ("http://127.0.0.1:PORT/") and shuts the server down on exit."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def record_problems(page) -> list[str]:
    """Collect console errors, uncaught exceptions, failed requests and HTTP errors."""
    problems: list[str] = []
    page.on("console", lambda message: message.type == "error"
            and problems.append(f"console error: {message.text} at {page.url}"))
    page.on("pageerror", lambda error: problems.append(f"uncaught {error} at {page.url}"))
    # ERR_ABORTED is Chromium cancelling the search worker's fetches when we navigate
    # on after 'load'; a missing file is a 404 response or ERR_FILE_NOT_FOUND instead.
    page.on("requestfailed", lambda request: request.failure != "net::ERR_ABORTED"
            and problems.append(f"{request.url} failed: {request.failure} on {page.url}"))
    page.on("response", lambda response: response.status >= 400
            and problems.append(f"{response.url}: HTTP {response.status} on {page.url}"))
    return problems


def _luminance(css_colour: str) -> float:
    """WCAG relative luminance of an `rgb(r, g, b)` colour."""
    channels = [float(part) / 255 for part in css_colour[css_colour.index("(") + 1:-1].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio of two CSS rgb() colours (1 to 21)."""
    lighter, darker = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
