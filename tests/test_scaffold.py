"""`sopdocs init`: the files it writes, what they contain, and what it refuses to do."""

import json
import shlex

import pytest
from mkdocs.utils.yaml import yaml_load
from ruamel.yaml import YAML

from sopdocs import __version__
from sopdocs.render.diffreport import REPORT_MARKER
from sopdocs.scaffold import DEFAULT_REQUIREMENT, STARTER, handbook_files, init_handbook
from sopdocs.schema import json_schema
from sopdocs.validate import validate_paths
from tests.conftest import ROOT

LANGUAGES = ("en", "zh", "zh-Hant")
TITLES = {"en": "Quote approval", "zh": "报价审批", "zh-Hant": "報價審批"}
ALWAYS = {".gitignore", ".pre-commit-config.yaml", ".vscode/extensions.json", ".vscode/settings.json",
          "handbook/about.md", "mkdocs.yml", "processes/quote-approval.yaml", "sopdocs.schema.json"}


def _yaml(text: str):
    return YAML(typ="safe").load(text)


def test_files_written_for_each_ci_choice():
    assert set(handbook_files(ci="none")) == ALWAYS
    assert set(handbook_files(ci="github")) == ALWAYS | {".github/workflows/handbook.yml"}
    assert set(handbook_files(ci="gitlab")) == ALWAYS | {".gitlab-ci.yml"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_starter_validates_without_warnings_in_its_language(tmp_path, language):
    files = handbook_files(language)
    (tmp_path / "quote-approval.yaml").write_text(files[STARTER], encoding="utf-8")
    report = validate_paths([tmp_path])
    assert report.diagnostics == []
    (process,) = report.processes
    assert (process.id, process.title, process.language) == ("quote-approval", TITLES[language], language)
    assert files[STARTER].startswith("# yaml-language-server: $schema=../sopdocs.schema.json\n")


@pytest.mark.parametrize("language", LANGUAGES)
def test_mkdocs_yml_sets_theme_language_search_and_plugin(language):
    config = yaml_load(handbook_files(language)["mkdocs.yml"])   # MkDocs's own loader (!ENV)
    assert config["theme"]["name"] == "material" and config["theme"]["language"] == language
    assert (config["docs_dir"], config["site_dir"]) == ("handbook", "site")
    plugins = {name: options for entry in config["plugins"] for name, options in entry.items()}
    assert plugins["sopdocs"] == {"processes": "processes"}
    separator = plugins["search"]["separator"]
    assert "\\u200b" in separator          # where jieba cut Chinese words
    assert ("。" in separator) == (language != "en")
    assert plugins["offline"] == {"enabled": False}   # SOPDOCS_OFFLINE is unset here


def test_schema_and_editor_settings_agree():
    files = handbook_files()
    assert json.loads(files["sopdocs.schema.json"]) == json_schema()
    settings = json.loads(files[".vscode/settings.json"])
    assert settings["yaml.schemas"] == {"./sopdocs.schema.json": ["processes/**/*.yaml", "processes/**/*.yml"]}
    assert json.loads(files[".vscode/extensions.json"])["recommendations"] == ["redhat.vscode-yaml"]


def test_pre_commit_config_runs_the_hook_the_repository_declares():
    (manifest,) = _yaml((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (repo,) = _yaml(handbook_files()[".pre-commit-config.yaml"])["repos"]
    (hook,) = repo["hooks"]
    assert repo["repo"] == "local"
    for key in ("id", "name", "entry", "language", "pass_filenames", "files"):
        assert hook[key] == manifest[key], key
    assert hook["additional_dependencies"] == [f"sopdocs=={__version__}"] == [DEFAULT_REQUIREMENT]


def test_github_workflow_validates_builds_and_comments_once():
    workflow = _yaml(handbook_files(ci="github")[".github/workflows/handbook.yml"])
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write"}
    steps = workflow["jobs"]["handbook"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    assert runs[:3] == [f"python -m pip install sopdocs=={__version__}",
                        "sopdocs validate --format github", "sopdocs build --strict"]
    diff = next(step for step in steps if step.get("run", "").startswith("sopdocs diff"))
    assert diff["env"] == {"BASE": "origin/${{ github.base_ref }}"}
    assert diff["run"] == 'sopdocs diff --base "$BASE" --merge-base --format markdown -o sopdocs-diff.md'
    script = steps[-1]["with"]["script"]
    assert f"const marker = '{REPORT_MARKER}';" in script and "updateComment" in script
    assert steps[0]["with"]["fetch-depth"] == 0


def test_gitlab_ci_reports_code_quality_and_notes_once():
    config = _yaml(handbook_files(ci="gitlab")[".gitlab-ci.yml"])
    job = config["handbook"]
    assert job["script"][1:] == ["sopdocs validate --format gitlab > gl-code-quality-report.json || true",
                                 "sopdocs validate", "sopdocs build --strict"]
    assert job["artifacts"]["reports"] == {"codequality": "gl-code-quality-report.json"}
    review = config["process-review"]
    assert review["variables"]["GIT_DEPTH"] == 0
    assert review["script"][2] == ('sopdocs diff --base "origin/$CI_MERGE_REQUEST_TARGET_BRANCH_NAME" '
                                   "--merge-base --format markdown -o sopdocs-diff.md")
    note = review["script"][3]
    assert f'marker = "{REPORT_MARKER}"' in note and '"PUT"' in note and '"POST"' in note
    compile(note.split("<<'PY'\n", 1)[1].rsplit("PY\n", 1)[0], "note.py", "exec")  # the Python parses


def test_requirement_is_quoted_for_yaml_and_the_shell():
    hostile = 'sopdocs @ git+https://example.org/x.git@v1 "$(touch pwned)" # \': x'
    files = handbook_files(ci="github", requirement=hostile)
    install = _yaml(files[".github/workflows/handbook.yml"])["jobs"]["handbook"]["steps"][2]["run"]
    assert shlex.split(install) == ["python", "-m", "pip", "install", hostile]
    gitlab = _yaml(handbook_files(ci="gitlab", requirement=hostile)[".gitlab-ci.yml"])
    assert shlex.split(gitlab["handbook"]["script"][0])[-1] == hostile
    (repo,) = _yaml(files[".pre-commit-config.yaml"])["repos"]
    assert repo["hooks"][0]["additional_dependencies"] == [hostile]


def test_bad_choices_and_requirements_are_refused():
    from sopdocs.diagnostics import SopdocsError

    for kwargs in ({"language": "fr"}, {"ci": "jenkins"}, {"requirement": "sopdocs\nrm -rf /"},
                   {"requirement": " "}):
        with pytest.raises(SopdocsError):
            handbook_files(**kwargs)


def test_no_template_syntax_is_left_over():
    for language in LANGUAGES:
        for ci in ("github", "gitlab"):
            for path, text in handbook_files(language, ci).items():
                leftover = text.replace("${{", "")
                assert "{{" not in leftover and "{%" not in leftover and "{#" not in leftover, path


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: Ours\n", encoding="utf-8")
    from sopdocs.diagnostics import SopdocsError

    with pytest.raises(SopdocsError, match=r"mkdocs.yml already exists .*--force .*nothing was written"):
        init_handbook(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mkdocs.yml"]
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == "site_name: Ours\n"
    done = init_handbook(tmp_path, force=True)
    assert ("overwrote", "mkdocs.yml") in done and ("wrote", STARTER) in done
    assert (tmp_path / "mkdocs.yml").read_text(encoding="utf-8") == handbook_files()["mkdocs.yml"]


def test_init_merges_an_existing_gitignore(tmp_path):
    (tmp_path / ".gitignore").write_text("node_modules/\n/site/", encoding="utf-8")  # no final newline
    done = init_handbook(tmp_path)
    assert ("updated", ".gitignore") in done
    lines = (tmp_path / ".gitignore").read_text(encoding="utf-8").splitlines()
    # kept both of ours, added the 3 missing entries (and the comment), /site/ only once
    assert lines[:2] == ["node_modules/", "/site/"] and lines.count("/site/") == 1
    assert {"/.sopdocs-cache/", "/sopdocs-diff.md", "/gl-code-quality-report.json"} <= set(lines)
    before = (tmp_path / ".gitignore").read_text(encoding="utf-8")
    done = init_handbook(tmp_path, force=True)
    assert ".gitignore" not in [path for _, path in done]   # complete: left alone
    assert (tmp_path / ".gitignore").read_text(encoding="utf-8") == before


def test_init_stops_when_a_folder_is_in_the_way(tmp_path):
    from sopdocs.diagnostics import SopdocsError

    (tmp_path / "mkdocs.yml").mkdir()
    with pytest.raises(SopdocsError, match="mkdocs.yml: a folder is in the way"):
        init_handbook(tmp_path, force=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mkdocs.yml"]


def test_cli_init_says_what_it_wrote_and_refuses_twice(run_cli, tmp_path):
    result = run_cli("init", "hb", "--language", "zh", "--ci", "gitlab", cwd=tmp_path)
    assert result.exit_code == 0, result.stderr
    written = [line for line in result.stderr.splitlines() if line.startswith("wrote ")]
    assert len(written) == 9   # the 8 files every handbook has + .gitlab-ci.yml
    assert "wrote hb/processes/quote-approval.yaml" in written
    assert result.stderr.splitlines()[-1] == "next: cd hb && sopdocs build (or sopdocs serve for a live preview)"
    again = run_cli("init", "hb", cwd=tmp_path)
    assert again.exit_code == 1 and "Traceback" not in again.stderr
    assert "mkdocs.yml, processes/quote-approval.yaml, sopdocs.schema.json already exist in hb" in again.stderr
    assert run_cli("init", "--language", "fr", cwd=tmp_path).exit_code == 2


def test_cli_choices_are_the_library_choices():
    from sopdocs.cli import init
    from sopdocs.scaffold import CI_CHOICES
    from sopdocs.templates import LANGUAGES as TEMPLATE_LANGUAGES

    choices = {param.name: tuple(param.type.choices) for param in init.params if hasattr(param.type, "choices")}
    assert choices == {"language": TEMPLATE_LANGUAGES, "ci": CI_CHOICES}
    assert TEMPLATE_LANGUAGES == LANGUAGES
