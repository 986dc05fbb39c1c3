"""The wheel works outside this repository: it holds every file sopdocs reads at run time,
and a fresh virtual environment with only the wheel and its declared dependencies can
`sopdocs init` a handbook in each language, then validate, build and review it with the
very commands the generated CI runs.

Cheap but honest: the wheel is built with the project's hatchling (no download), and the
fresh environment sees its dependencies through a folder of links to the project's
installed copies of exactly the distributions the wheel's metadata requires (followed
transitively), nothing else: not the repository, not the test tools. `pip check` then
confirms those declarations are satisfied.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from email.parser import Parser
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from ruamel.yaml import YAML

from sopdocs import __version__
from tests.conftest import ROOT

pytestmark = pytest.mark.slow

TITLES = {"en": "Quote approval", "zh": "报价审批", "zh-Hant": "報價審批"}
CI = {"en": "github", "zh": "gitlab", "zh-Hant": "github"}


def _run(args, cwd, env=None, check=True):
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if check:
        assert result.returncode == 0, f"{args}: {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
          "--wheel-dir", str(out), str(ROOT)], cwd=out)
    (built,) = out.glob("sopdocs-*.whl")
    return built


def _closure(requirements: list[str]) -> list[metadata.Distribution]:
    """The installed distributions these requirements need, transitively (no extras)."""
    seen: dict[str, metadata.Distribution] = {}
    pending = [Requirement(text) for text in requirements]
    while pending:
        requirement = pending.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": ""}):
            continue
        name = canonicalize_name(requirement.name)
        if name in seen:
            continue
        seen[name] = metadata.distribution(requirement.name)
        pending += [Requirement(text) for text in seen[name].requires or []]
    return [seen[name] for name in sorted(seen)]


def _link_dependencies(requirements: list[str], folder: Path) -> list[str]:
    """Link the top-level files of each needed distribution into `folder`; their names."""
    folder.mkdir()
    names = []
    for dist in _closure(requirements):
        names.append(dist.metadata["Name"])
        tops = {Path(str(path)).parts[0] for path in dist.files or () if not str(path).startswith("..")}
        for top in sorted(tops):
            source = Path(dist.locate_file(top))
            if source.exists() and not (folder / top).exists() and top != "__pycache__":
                (folder / top).symlink_to(source)
    return names


@pytest.fixture(scope="module")
def fresh(wheel, tmp_path_factory) -> dict:
    """A virtual environment outside the repository with the wheel installed; returns the
    environment variables to run its `sopdocs` with."""
    base = tmp_path_factory.mktemp("fresh")
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=base)
    python = venv / "bin" / "python"
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
          "--no-index", str(wheel)], cwd=base)
    requires = _wheel_metadata(wheel).get_all("Requires-Dist")
    _link_dependencies(requires, base / "deps")
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                     cwd=base).stdout.strip())
    (site / "sopdocs-test-deps.pth").write_text(str(base / "deps") + "\n", encoding="utf-8")
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", HOME=str(base),
               GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.org",
               GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="test@example.org")
    return {"env": env, "python": python, "venv": venv, "base": base}


def _wheel_metadata(wheel: Path):
    with zipfile.ZipFile(wheel) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        return Parser().parsestr(archive.read(name).decode("utf-8"))


def test_wheel_holds_every_package_file_and_the_entry_points(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        entry_points = archive.read(f"sopdocs-{__version__}.dist-info/entry_points.txt").decode()
    package = [path.relative_to(ROOT).as_posix() for path in sorted((ROOT / "sopdocs").rglob("*"))
               if path.is_file() and "__pycache__" not in path.parts]
    missing = [path for path in package if path not in names]
    assert missing == [], "files of sopdocs/ that the wheel lacks"
    # the kinds of package data sopdocs reads at run time, each present by name
    for needed in ("sopdocs/templates/mkdocs.yml.j2", "sopdocs/templates/zh-Hant/quote-approval.yaml",
                   "sopdocs/templates/github-workflow.yml.j2", "sopdocs/site/vendor/iframe-worker-shim.js"):
        assert needed in names, needed
    assert "sopdocs = sopdocs.cli:main" in entry_points
    assert "sopdocs = sopdocs.site.plugin:SopdocsPlugin" in entry_points
    assert not [name for name in names if name.startswith(("tests/", "processes/", "docs/"))]


def test_wheel_metadata_has_the_one_version_and_the_dependencies(wheel):
    info = _wheel_metadata(wheel)
    assert info["Version"] == __version__ and wheel.name == f"sopdocs-{__version__}-py3-none-any.whl"
    names = {canonicalize_name(Requirement(text).name) for text in info.get_all("Requires-Dist")
             if "extra ==" not in text}
    assert {"jinja2", "mkdocs", "mkdocs-material", "ruamel-yaml", "click", "jieba"} <= names


def test_fresh_environment_runs_the_wheel_not_the_repository(fresh):
    probe = ("import sopdocs, sys; print(sopdocs.__file__); "
             "print(any(p.rstrip('/') == sys.argv[1] for p in sys.path))")
    out = _run([str(fresh["python"]), "-c", probe, str(ROOT)], cwd=fresh["base"], env=fresh["env"])
    location, repository_on_path = out.stdout.split()
    assert location.startswith(str(fresh["venv"])) and repository_on_path == "False"
    for test_tool in ("pytest", "hypothesis", "playwright", "jsonschema"):
        result = _run([str(fresh["python"]), "-c", f"import {test_tool}"], cwd=fresh["base"],
                      env=fresh["env"], check=False)
        assert result.returncode == 1, f"{test_tool} leaked into the fresh environment"
    # every requirement the wheel declares (and theirs) is met by what the environment sees
    check = _run([sys.executable, "-m", "pip", "--python", str(fresh["python"]), "check"],
                 cwd=fresh["base"], env=fresh["env"])
    assert check.stdout.strip() == "No broken requirements found."
    version = _run(["sopdocs", "--version"], cwd=fresh["base"], env=fresh["env"])
    assert version.stdout == f"sopdocs, version {__version__}\n"


def _ci_commands(language: str, repo: Path) -> list[str]:
    """The sopdocs command lines of the CI file `init` wrote, in order (parsed as YAML)."""
    if CI[language] == "github":
        workflow = YAML(typ="safe").load((repo / ".github/workflows/handbook.yml").read_text("utf-8"))
        lines = [step["run"] for step in workflow["jobs"]["handbook"]["steps"] if "run" in step]
    else:
        config = YAML(typ="safe").load((repo / ".gitlab-ci.yml").read_text("utf-8"))
        lines = config["handbook"]["script"] + config["process-review"]["script"]
    return [line for line in lines if line.startswith("sopdocs ")]


@pytest.mark.parametrize("language", sorted(TITLES))
def test_init_then_validate_build_and_review_in_an_empty_repository(fresh, tmp_path, language):
    env, repo = fresh["env"], tmp_path / "handbook"
    _run(["git", "init", "--quiet", "--initial-branch", "main", str(repo)], cwd=tmp_path, env=env)
    init = _run(["sopdocs", "init", "--language", language, "--ci", CI[language]], cwd=repo, env=env)
    assert "wrote processes/quote-approval.yaml" in init.stderr.splitlines()
    _run(["git", "add", "-A"], cwd=repo, env=env)
    _run(["git", "commit", "--quiet", "-m", "Start the handbook"], cwd=repo, env=env)
    _run(["git", "update-ref", "refs/remotes/origin/main", "HEAD"], cwd=repo, env=env)  # as CI fetches it
    starter = repo / "processes" / "quote-approval.yaml"
    text = starter.read_text(encoding="utf-8")
    assert text.count("duration: 2h") == 1
    starter.write_text(text.replace("duration: 2h", "duration: 4h"), encoding="utf-8")

    commands = _ci_commands(language, repo)
    expected = {"github": ["sopdocs validate --format github", "sopdocs build --strict",
                           'sopdocs diff --base "$BASE" --merge-base --format markdown -o sopdocs-diff.md'],
                "gitlab": ["sopdocs validate --format gitlab > gl-code-quality-report.json || true",
                           "sopdocs validate", "sopdocs build --strict",
                           'sopdocs diff --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" '
                           "--merge-base --format markdown -o sopdocs-diff.md"]}
    assert commands == expected[CI[language]]
    ci_env = {**env, "BASE": "origin/main", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "main"}
    for command in commands:   # exactly as the CI shell runs them
        result = _run(["bash", "-euo", "pipefail", "-c", command], cwd=repo, env=ci_env)
        assert "Traceback" not in result.stderr and "WARNING" not in result.stderr, command

    page = (repo / "site" / "processes" / "quote-approval" / "index.html").read_text(encoding="utf-8")
    assert re.search(f"<h1 id=\"[^\"]*\">{TITLES[language]}<", page)
    assert f'<html lang="{language}"' in page
    assert (repo / "site" / "about" / "index.html").is_file()
    report = (repo / "sopdocs-diff.md").read_text(encoding="utf-8")
    assert report.startswith("<!-- sopdocs-diff-report -->") and "2h → 4h" in report
    if CI[language] == "gitlab":
        assert (repo / "gl-code-quality-report.json").read_text(encoding="utf-8").strip() == "[]"

    # the issue's own sequence, by hand: validate, build --strict, diff --base HEAD
    assert _run(["sopdocs", "validate", "--strict"], cwd=repo, env=env).stderr == "1 file OK\n"
    _run(["sopdocs", "build", "--strict"], cwd=repo, env=env)
    diff = _run(["sopdocs", "diff", "--base", "HEAD"], cwd=repo, env=env).stdout
    assert "margin-check" in diff and "2h → 4h" in diff
    if language != "en":   # Chinese is cut into words (jieba) for the search index
        index = json.loads((repo / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
        assert "\\u200b" in index["config"]["separator"]          # the regex text, as in mkdocs.yml
        summary = "报价\u200b需求" if language == "zh" else "報價\u200b需求"
        assert any(summary in doc["text"] for doc in index["docs"])


def test_builtin_configuration_from_the_wheel(fresh, tmp_path):
    from sopdocs.scaffold import STARTER, handbook_files

    (tmp_path / "processes").mkdir()
    (tmp_path / STARTER).write_text(handbook_files("zh-Hant")[STARTER], encoding="utf-8")
    result = _run(["sopdocs", "build", "--strict"], cwd=tmp_path, env=fresh["env"])
    assert result.stderr.startswith("no mkdocs.yml here: using sopdocs's built-in handbook configuration")
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hant"' in home and "流程手冊" in home
