"""Serve lists an installed theme's static files once; what a build gets stays the same."""

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files

from sopdocs.site.serve_theme import forget_theme_files, remember_theme_files


@pytest.fixture
def remembered():
    remember_theme_files()
    yield
    forget_theme_files()


def _config(tmp_path, custom_dir=None):
    (tmp_path / "docs").mkdir(exist_ok=True)
    theme = "{name: material" + (f", custom_dir: {custom_dir}" if custom_dir else "") + "}"
    (tmp_path / "mkdocs.yml").write_text(f"site_name: t\ntheme: {theme}\n", encoding="utf-8")
    return load_config(str(tmp_path / "mkdocs.yml"), site_dir=str(tmp_path / "site"))


def _theme_files(config, docs_files=()) -> list[tuple]:
    files = Files(list(docs_files))
    files.add_files_from_theme(config.theme.get_env(), config)
    return [(f.src_uri, f.abs_src_path, f.dest_uri) for f in files]


def test_remembered_theme_files_equal_mkdocs_own_and_docs_files_still_win(tmp_path, remembered):
    config = _config(tmp_path)
    forget_theme_files()
    mkdocs_own = _theme_files(config)
    remember_theme_files()
    assert len(mkdocs_own) > 10  # Material's assets: bundle, stylesheets, favicon, ...
    assert _theme_files(config) == mkdocs_own  # the first rebuild lists the theme
    assert _theme_files(config) == mkdocs_own  # later rebuilds replay the list
    favicon = "assets/images/favicon.png"
    own = File(favicon, str(tmp_path / "docs"), config.site_dir, config.use_directory_urls)
    with_docs = _theme_files(config, [own])
    assert [entry for entry in with_docs if entry[0] == favicon] == [
        (favicon, str(tmp_path / "docs" / favicon), favicon)]  # the project's own favicon
    assert len(with_docs) == len(mkdocs_own)


def test_a_custom_dir_in_the_project_is_listed_on_every_rebuild(tmp_path, remembered):
    overrides = tmp_path / "overrides"
    (overrides / "assets").mkdir(parents=True)
    config = _config(tmp_path, custom_dir="overrides")
    before = {entry[0] for entry in _theme_files(config)}
    (overrides / "assets" / "extra.css").write_text("body {}\n", encoding="utf-8")
    after = {entry[0] for entry in _theme_files(config)}
    assert after - before == {"assets/extra.css"}
