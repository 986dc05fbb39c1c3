"""The built-in configuration: `sopdocs build` and `serve` in a folder without mkdocs.yml."""

import os
import signal
import subprocess
import sys

from sopdocs.scaffold import STARTER, handbook_files
from sopdocs.site.defaultconfig import handbook_language
from tests.conftest import ROOT
from tests.site.test_build import _free_port, _wait_for

NOTE = ("no mkdocs.yml here: using sopdocs's built-in handbook configuration "
        "(`sopdocs init` writes one you can edit)")


def _folder(tmp_path, languages):
    """A folder with only processes/: one starter file per language given."""
    for number, language in enumerate(languages):
        text = handbook_files(language)[STARTER].replace("id: quote-approval", f"id: quote-{number}")
        path = tmp_path / "processes" / f"quote-{number}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    (tmp_path / "tmp").mkdir()
    return tmp_path


def _sopdocs(folder, *args):
    env = {**os.environ, "TMPDIR": str(folder / "tmp"), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "sopdocs", *args], cwd=folder, env=env,
                          capture_output=True, text=True)


def test_build_without_mkdocs_yml_uses_the_builtin_configuration(tmp_path):
    folder = _folder(tmp_path, ["en"])
    result = _sopdocs(folder, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines()[0] == NOTE
    assert "WARNING" not in result.stderr
    page = (folder / "site" / "processes" / "quote-0" / "index.html").read_text(encoding="utf-8")
    assert "<title>Quote approval - Process handbook</title>" in page and '<html lang="en"' in page
    assert (folder / "site" / "roles" / "finance" / "index.html").is_file()
    assert not (folder / "mkdocs.yml").exists()                 # nothing written into the folder
    # outputs only: the site and the build cache (beside the processes, not in the temporary folder)
    assert sorted(p.name for p in folder.iterdir()) == [".sopdocs-cache", "processes", "site", "tmp"]
    assert list((folder / ".sopdocs-cache" / "build").glob("*/*.entry"))
    assert list((folder / "tmp").iterdir()) == []               # the temporary config is gone


def test_builtin_language_is_the_one_most_files_name(tmp_path):
    folder = _folder(tmp_path, ["zh", "en", "zh"])
    assert handbook_language(folder / "processes") == "zh"      # 2 zh files against 1 en
    result = _sopdocs(folder, "build")
    assert result.returncode == 0, result.stderr
    home = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh"' in home and "<title>流程手册</title>" in home


def test_language_ties_and_unnamed_languages_count_as_english(tmp_path):
    folder = _folder(tmp_path, ["zh-Hant", "en"])
    assert handbook_language(folder / "processes") == "en"      # 1 to 1: en comes first
    (folder / "processes" / "quote-1.yaml").unlink()
    assert handbook_language(folder / "processes") == "zh-Hant"


def test_builtin_configuration_uses_handbook_pages_when_there_are_some(tmp_path):
    folder = _folder(tmp_path, ["en"])
    (folder / "handbook").mkdir()
    (folder / "handbook" / "welcome.md").write_text("# Welcome aboard\n", encoding="utf-8")
    result = _sopdocs(folder, "build", "--strict")
    assert result.returncode == 0, result.stderr
    assert "Welcome aboard" in (folder / "site" / "welcome" / "index.html").read_text(encoding="utf-8")


def test_no_configuration_and_no_processes_is_a_clear_error(tmp_path):
    result = _sopdocs(_folder(tmp_path, []), "build")
    assert result.returncode == 1
    assert result.stderr == ("error: no mkdocs.yml and no processes/ folder here; "
                             "`sopdocs init` starts a handbook\n")


def test_serve_without_mkdocs_yml_previews_and_cleans_up(tmp_path):
    folder = _folder(tmp_path, ["en"])
    port = _free_port()
    env = {**os.environ, "TMPDIR": str(folder / "tmp"), "PYTHONPATH": str(ROOT)}
    server = subprocess.Popen([sys.executable, "-m", "sopdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=folder, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              text=True)
    try:
        page = f"http://127.0.0.1:{port}/processes/quote-0/"
        assert _wait_for(page, "Draft the quote in the CRM", 60), "the preview did not come up"
        source = folder / "processes" / "quote-0.yaml"
        source.write_text(source.read_text(encoding="utf-8").replace(
            "name: Send the quote", "name: Send the signed quote"), encoding="utf-8")
        assert _wait_for(page, "Send the signed quote", 60), "no rebuild after the YAML changed"
    finally:
        server.send_signal(signal.SIGINT)          # Ctrl-C: how a person stops the preview
        _, errors = server.communicate(timeout=30)
    assert errors.splitlines()[0] == NOTE
    assert list((folder / "tmp").iterdir()) == []  # the temporary config and pages are gone
