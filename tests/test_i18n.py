"""The message catalogs: complete, consistent, looked up by language tag, formatted by
Babel, and the reports in both Chinese scripts."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from string import Formatter

import pytest
from babel.messages.pofile import read_po

from sopdocs.analysis.diff import diff_processes
from sopdocs.i18n import BUILTIN_CATALOGS, catalog_keys, catalog_name, fill, pad, texts_for
from sopdocs.render.diffreport import markdown_report, text_report
from sopdocs.scripts import simplified_only
from sopdocs.validate import load_process
from tests.conftest import FIXTURES, ROOT

CATALOGS = sorted(BUILTIN_CATALOGS.glob("*.po"))
DIFF = FIXTURES / "diff"


def _messages(path: Path) -> dict[str, tuple[str, ...]]:
    with open(path, "rb") as source:
        catalog = read_po(source)
    found = {}
    for message in catalog:
        if message.id:
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            found[key] = message.string if isinstance(message.string, tuple) else (message.string,)
    return found


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name is not None}


def test_the_three_languages_are_built_in():
    assert sorted(path.stem for path in CATALOGS) == ["en", "zh", "zh-Hant"]


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.stem)
def test_every_catalog_has_every_key(path):
    english = catalog_keys(BUILTIN_CATALOGS / "en.po").keys
    assert len(english) > 250
    assert catalog_keys(path).keys == english


@pytest.mark.parametrize("path", CATALOGS, ids=lambda path: path.stem)
def test_translations_fill_in_the_same_fields_as_english(path):
    english = _messages(BUILTIN_CATALOGS / "en.po")
    for key, forms in _messages(path).items():
        for form in forms:
            assert _fields(form) == _fields(english[key][0]), (path.stem, key, form)


def test_traditional_catalog_uses_no_simplified_only_character():
    text = "".join("".join(forms) for forms in _messages(BUILTIN_CATALOGS / "zh-Hant.po").values())
    assert simplified_only(text) == []
    # Taiwan conventions, not a character-by-character conversion of the Simplified one
    assert "工作天" in text and "負責人" in text and "關鍵路徑" in text and "時間軸" in text


def test_keys_named_in_the_code_are_in_the_english_catalog():
    english = catalog_keys(BUILTIN_CATALOGS / "en.po").keys
    prefixes = "report|tl|lc|flow|legend|metric|metrics|time|dur|value|role|forecast"
    named = set()
    for source in (ROOT / "sopdocs").rglob("*.py"):
        named |= set(re.findall(rf'["\'](({prefixes})\.[a-z_.]+[a-z])["\']', source.read_text(encoding="utf-8")))
    keys = {key for key, _ in named if not key.endswith((".yaml", ".svg", ".md"))}
    assert len(keys) > 60
    assert sorted(keys - english) == []


@pytest.mark.parametrize("tag, name", [
    ("en", "en"), (None, "en"), ("zh", "zh"), ("zh-CN", "zh"), ("zh-Hans", "zh"), ("zh_CN", "zh"),
    ("zh-Hant", "zh-Hant"), ("zh-TW", "zh-Hant"), ("zh-HK", "zh-Hant"), ("ZH-hant-TW", "zh-Hant"),
    ("fr", "en"), ("de-CH", "en"),
])
def test_catalog_for_a_language_tag(tag, name):
    assert catalog_name(tag, ["en", "zh", "zh-Hant"]) == name


def test_primary_language_catalog_serves_regional_tags():
    assert catalog_name("de-CH", ["en", "de"]) == "de"
    assert catalog_name("pt-BR", ["en", "pt", "pt-BR"]) == "pt-BR"


def test_english_plural_forms_and_number_formatting():
    en = texts_for("en")
    assert en.plural("flow.problems", 1, n=1) == "1 problem"
    assert en.plural("flow.problems", 2, n=2) == "2 problems"
    assert en.plural("flow.problems", 0, n=0) == "0 problems"
    # Babel's English: a comma every three digits, a point before the decimals
    assert en.number(1234567.891) == "1,234,567.891" and en.number(2.5, 1) == "2.5"
    assert en.number(3, 2) == "3.00" and en.number(0.1 + 0.2) == "0.3"
    assert en.percent(0.6) == "60%" and en.percent(0.289, 1) == "28.9%"
    # 6 January 2026 is a Tuesday
    assert en.date(dt.date(2026, 1, 6)) == "Tue, Jan 6"
    # 8 h per day: 12 h is 1.5 days; under a day the hours; written units kept short
    assert en.days_or_hours(12, 8) == "1.5 d" and en.days_or_hours(3, 8) == "3 h"
    assert en.hours(0.75) == "45 min" and en.written("1.5 d") == "1.5d"


def test_chinese_formatting_for_both_scripts():
    hans, hant = texts_for("zh"), texts_for("zh-Hant")
    assert hans.plural("flow.problems", 2, n=2) == "2 个问题"
    assert hant.plural("flow.problems", 2, n=2) == "2 個問題"
    assert hans.date(dt.date(2026, 1, 6)) == "1月6日周二"
    assert hant.date(dt.date(2026, 1, 6)) == "1月6日週二"
    assert hans.written("0.5d") == "0.5 天" and hant.written("1w") == "1 週"
    assert hans.join(["销售部", "法务部"]) == "销售部、法务部"
    assert hans.value("status", "current") == "现行" and hant.value("priority", "routine") == "例行"
    assert hans.value("status", "unknown-word") == "unknown-word"  # not a catalog value: as written


def test_missing_key_falls_back_to_english(tmp_path):
    (tmp_path / "fr.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "owner"\nmsgstr "Responsable"\n\n'
        'msgid "flow.problems"\nmsgid_plural "flow.problems"\nmsgstr[0] "{n} problème"\n'
        'msgstr[1] "{n} problèmes"\n', encoding="utf-8")
    french = texts_for("fr-CA", [tmp_path])
    assert french.language == "fr" and french["owner"] == "Responsable"
    assert french["sop"] == "Standard operating procedure"
    # no Plural-Forms header: Babel's rule for French (n > 1), so 0 and 1 are singular
    assert french.plural("flow.problems", 0, n=0) == "0 problème"
    assert french.plural("flow.problems", 2, n=2) == "2 problèmes"


def test_untranslated_entries_fall_back_to_english(tmp_path):
    (tmp_path / "fr.po").write_text(
        'msgid ""\nmsgstr ""\n"Language: fr\\n"\n\nmsgid "owner"\nmsgstr ""\n\n'
        'msgid "flow.problems"\nmsgid_plural "flow.problems"\nmsgstr[0] ""\nmsgstr[1] ""\n',
        encoding="utf-8")
    french = texts_for("fr", [tmp_path])
    assert french["owner"] == "Owner" and french.plural("flow.problems", 2, n=2) == "2 problems"
    assert catalog_keys(tmp_path / "fr.po").keys == frozenset()


def test_an_edited_catalog_is_read_again(tmp_path):
    catalog = tmp_path / "fr.po"
    catalog.write_text('msgid "owner"\nmsgstr "Responsable"\n', encoding="utf-8")
    assert texts_for("fr", [tmp_path])["owner"] == "Responsable"
    catalog.write_text('msgid "owner"\nmsgstr "Propriétaire"\n', encoding="utf-8")
    stat = catalog.stat()
    import os
    os.utime(catalog, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert texts_for("fr", [tmp_path])["owner"] == "Propriétaire"


def test_fill_escapes_the_template_not_the_values():
    def shout(text: str) -> str:
        return text.upper()

    assert fill(" say {what} twice ", shout, what="[x]") == " SAY [x] TWICE "
    assert fill("{a}{b}", shout, a="1", b="2") == "12"


def test_pad_counts_wide_characters_twice():
    assert pad("总周期", 8) == "总周期  " and pad("abc", 5, ">") == "  abc"


def _diff(old: str, new: str):
    return diff_processes(load_process(DIFF / old), load_process(DIFF / new))


def test_markdown_report_in_simplified_and_traditional():
    # lead 8.5 h → 24.5 h at 8 h/day: 1.06 d → 3.06 d, +188.2% (16 / 8.5); one step changed
    diff = _diff("base.yaml", "probabilities.yaml")
    english = markdown_report(diff)
    hans, hant = markdown_report(diff, texts_for("zh")), markdown_report(diff, texts_for("zh-Hant"))
    # the English report says "| Lead time | 1.06 d | 3.06 d | +2.00 d | +188.2% |"
    assert "| Lead time | 1.06 d | 3.06 d | +2.00 d | +188.2% |" in english
    assert "| 总周期 | 1.06 天 | 3.06 天 | +2.00 天 | +188.2% |" in hans
    assert "| 總週期 | 1.06 天 | 3.06 天 | +2.00 天 | +188.2% |" in hant
    assert "### 指标" in hans and "### 指標" in hant
    assert "修改 1 个步骤" in hans and "修改 1 個步驟" in hant
    for report in (hans, hant):
        assert "Metric" not in report and "Lead time" not in report and "Change" not in report
    assert [char for char in simplified_only(hant)
            if char not in "".join(file_text(diff))] == []


def file_text(diff) -> list[str]:
    """Text both versions of a diff bring themselves (titles, names, KPIs)."""
    found = []
    for process in (diff.old, diff.new):
        found += [process.title] + [step.name for step in process.steps]
        found += [lane.name for lane in process.lanes] + [kpi.name for kpi in process.kpis]
    return found


def test_text_report_in_both_scripts_with_aligned_columns():
    diff = _diff("base.yaml", "probabilities.yaml")
    hant = text_report(diff, texts_for("zh-Hant"))
    assert "指標：" in hant and "關鍵指標：" in hant
    lines = hant.splitlines()
    rows = lines[lines.index("指標：") + 1:lines.index("關鍵指標：") - 1]
    # each metric row puts its arrow at the same terminal column (CJK characters are two wide)
    arrows = {sum(2 if "\u4e00" <= c <= "\u9fff" else 1 for c in row[:row.index(" → ")]) for row in rows}
    assert len(rows) == 8 and len(arrows) == 1, rows


def test_english_report_pluralises():
    # one changed step: "1 step changed"; the base report of two files: "2 process files"
    assert "1 step changed" in markdown_report(_diff("base.yaml", "probabilities.yaml"))
    en = texts_for("en")
    assert en.plural("report.files_changed", 1, n=1, listed="1 added") == "1 process file changed: 1 added."
    assert en.plural("report.files_changed", 2, n=2, listed="2 modified") == "2 process files changed: 2 modified."


def test_diff_command_lang_option(run_cli):
    result = run_cli("diff", DIFF / "base.yaml", DIFF / "probabilities.yaml", "--lang", "zh-TW")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("總週期 1.06 天 → 3.06 天（+188.2%）")


def test_metrics_command_follows_the_file_language(run_cli):
    sample = ROOT / "processes" / "taiwan" / "complaint-handling-zh-hant.yaml"
    result = run_cli("metrics", sample)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("總週期")
    english = run_cli("metrics", sample, "--lang", "en")
    assert english.stdout.splitlines()[1].startswith("lead time")


def test_report_flowchart_words_follow_the_report_language():
    # lane_renamed.yaml renames the lane 'legal' ("Legal" → "Legal & Compliance")
    diff = _diff("base.yaml", "lane_renamed.yaml")
    assert "#40;was Legal#41;" in markdown_report(diff)
    hant = markdown_report(diff, texts_for("zh-Hant"))
    assert "#40;原為 Legal#41;" in hant and "was Legal" not in hant
