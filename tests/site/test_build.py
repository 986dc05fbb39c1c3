"""The handbook build: pages for every process, strict mode, and a failed build keeps site/."""

import shutil
import subprocess
import sys

import pytest

from tests.conftest import FIXTURES, ROOT, sample_files


@pytest.fixture(scope="module")
def built_site(tmp_path_factory):
    site = tmp_path_factory.mktemp("built") / "site"
    result = subprocess.run([sys.executable, "-m", "sopdocs", "build", "--strict", "-d", str(site)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr
    return site


def test_every_process_has_a_page_with_every_step(built_site):
    for path in sample_files():
        relative = path.relative_to(ROOT / "processes").with_suffix("")
        page = built_site / "processes" / relative / "index.html"
        html = page.read_text(encoding="utf-8")
        from sopdocs.load import load_file
        process = load_file(path).process
        for step in process.steps:
            if step.type not in ("start", "end"):
                assert f'id="step-{step.id}"' in html, (page, step.id)


def test_home_lists_every_process(built_site):
    html = (built_site / "index.html").read_text(encoding="utf-8")
    from sopdocs.load import load_file
    for path in sample_files():
        title = load_file(path).process.title
        assert title.replace("&", "&amp;") in html, title


def _project_copy(tmp_path, processes):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project)
    shutil.copytree(ROOT / "handbook", project / "handbook")
    shutil.copytree(processes, project / "processes")
    return project


def test_invalid_process_stops_build_and_keeps_previous_site(tmp_path):
    project = _project_copy(tmp_path, FIXTURES / "valid")
    run = lambda: subprocess.run([sys.executable, "-m", "sopdocs", "build"], cwd=project,  # noqa: E731
                                 capture_output=True, text=True)
    first = run()
    assert first.returncode == 0, first.stderr
    before = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*"))
    shutil.copy(FIXTURES / "invalid" / "unknown_lane.yaml", project / "processes" / "broken.yaml")
    second = run()
    assert second.returncode == 1
    assert "broken.yaml:10:11: error[SOP107]" in second.stdout
    assert "Traceback" not in second.stderr
    after = sorted(p.relative_to(project / "site") for p in (project / "site").rglob("*"))
    assert after == before
    assert not list(project.glob(".site.building-*"))


def test_mkdocs_build_strict_works_directly(tmp_path):
    # the plugin is an ordinary MkDocs plugin: `mkdocs build --strict` needs no sopdocs command
    mkdocs = ROOT / ".venv" / "bin" / "mkdocs"
    command = [str(mkdocs)] if mkdocs.exists() else [sys.executable, "-m", "mkdocs"]
    result = subprocess.run(command + ["build", "--strict", "-q", "-d", str(tmp_path / "site")],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # MkDocs logs warnings as "WARNING -  ..." (Material's end-of-life banner is not one)
    assert "WARNING -" not in result.stderr
    assert (tmp_path / "site" / "processes" / "sales" / "quote-approval" / "index.html").is_file()


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _fetch(url: str) -> str:
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, text: str, seconds: float) -> bool:
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in _fetch(url):
            return True
        time.sleep(0.5)
    return False


def test_serve_rebuilds_when_a_process_file_changes(tmp_path):
    project = _project_copy(tmp_path, FIXTURES / "valid")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "sopdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        page = f"http://127.0.0.1:{port}/processes/crlf/"
        assert _wait_for(page, "CRLF", 60), "the preview did not come up"
        source = project / "processes" / "crlf.yaml"
        source.write_text(source.read_text(encoding="utf-8").replace("title: CRLF", "title: Renamed live"),
                          encoding="utf-8")
        assert _wait_for(page, "Renamed live", 60), "the preview did not rebuild after the YAML changed"
    finally:
        server.terminate()
        server.wait(timeout=20)
