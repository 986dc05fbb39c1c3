"""The build date overdue actions are measured against: env over mkdocs.yml over
SOURCE_DATE_EPOCH over today's date, each checked, with messages that say where."""

import datetime as dt

import pytest

from sopdocs.diagnostics import SopdocsError
from sopdocs.site.builddate import build_date


def test_precedence():
    env = {"SOPDOCS_BUILD_DATE": "2025-07-01", "SOURCE_DATE_EPOCH": "0"}
    assert build_date("2024-01-02", env) == "2025-07-01"
    assert build_date("2024-01-02", {"SOURCE_DATE_EPOCH": "0"}) == "2024-01-02"
    # 1 700 000 000 s after 1970-01-01 UTC is 2023-11-14 22:13:20 UTC
    assert build_date(None, {"SOURCE_DATE_EPOCH": "1700000000"}) == "2023-11-14"
    assert build_date(None, {}, today=dt.date(2026, 2, 28)) == "2026-02-28"


def test_a_yaml_date_from_mkdocs_yml_is_accepted():
    assert build_date(dt.date(2025, 7, 1), {}) == "2025-07-01"


@pytest.mark.parametrize("option, env, where", [
    (None, {"SOPDOCS_BUILD_DATE": "2025-02-30"}, "the environment variable SOPDOCS_BUILD_DATE"),
    ("next week", {}, "the sopdocs option build_date in mkdocs.yml"),
    (None, {"SOURCE_DATE_EPOCH": "yesterday"}, "SOURCE_DATE_EPOCH"),
])
def test_bad_values_say_where_and_how(option, env, where):
    with pytest.raises(SopdocsError) as raised:
        build_date(option, env)
    assert str(raised.value).startswith(where)


def test_build_with_a_bad_build_date_fails_cleanly(tmp_path, run_cli):
    from tests.conftest import ROOT
    import shutil
    shutil.copy(ROOT / "mkdocs.yml", tmp_path)
    shutil.copytree(ROOT / "handbook", tmp_path / "handbook")
    (tmp_path / "processes").mkdir()
    (tmp_path / "processes" / "p.yaml").write_text(
        "title: P\nlanes: [{id: s, owner: o}]\nsteps:\n  - {id: a, name: A, lane: s, duration: 1h}\n",
        encoding="utf-8")
    text = (tmp_path / "mkdocs.yml").read_text(encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(text.replace('build_date: "2025-07-01"', 'build_date: "2025-13-01"'),
                                         encoding="utf-8")
    result = run_cli("build", "-d", tmp_path / "site", cwd=tmp_path)
    assert result.exit_code != 0
    assert "build_date in mkdocs.yml is '2025-13-01', which is not a date" in result.output + (result.stderr or "")
    assert "Traceback" not in result.output and not (tmp_path / "site").exists()
