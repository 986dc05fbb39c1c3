"""Text measurement and wrapping: CJK is 1 em, Latin comes from the width table, lines
never exceed the width, and breaks fall where the rules allow."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sopdocs.render.textmetrics import FONT_STACKS, char_width, text_height, text_width, wrap


def test_latin_widths_come_from_the_table():
    # "Sales" at 10 pt: S .635 + a .613 + l .284 + e .615 + s .521 = 2.668 em → 26.68 pt
    assert text_width("Sales", 10) == pytest.approx(26.68)
    # W is the widest Latin letter, i one of the narrowest: .989 vs .278 em
    assert text_width("W", 10) == pytest.approx(9.89)
    assert text_width("i", 10) == pytest.approx(2.78)


def test_wide_and_fullwidth_characters_are_one_em():
    # 线索分级: four wide characters x 1 em x 12 pt = 48 pt
    assert text_width("线索分级", 12) == 48
    # full-width comma and full-width Latin letter are East Asian Width F/W too
    assert text_width("，Ａ", 10) == 20
    # mixed: "CRM" (C .698 + R .695 + M .863 = 2.256 em) + 系统 (2 em) = 4.256 em at 10 pt
    assert text_width("CRM系统", 10) == pytest.approx(42.56)


def test_bold_is_measured_wider_and_unknown_characters_count_one_em():
    # bold S .720 vs regular .635
    assert char_width("S", bold=True) == pytest.approx(0.72)
    assert text_width("Sales", 10, bold=True) > text_width("Sales", 10)
    assert char_width("Ж") == 1.0          # not in the table: the conservative fallback
    assert char_width("\u0301") == 0.0     # a combining accent adds no width
    assert char_width("\u200b") == 0.0     # zero-width space (format character)


def test_multiline_text_measures_its_widest_line_and_height_is_per_line():
    assert text_width("ab\n客户客户", 10) == 40  # four wide characters beat "ab"
    # 3 lines x 12 pt x 1.5 em line height = 54 pt
    assert text_height(3, 12) == 54


def test_unknown_family_is_refused():
    with pytest.raises(ValueError, match="unknown font family"):
        text_width("x", 10, family="comic")
    assert "Noto Sans CJK SC" in FONT_STACKS["sans"]


def test_mono_family_is_fixed_width():
    # 4 half-width characters x 0.602 em x 10 pt = 24.08 pt
    assert text_width("abcd", 10, family="mono") == pytest.approx(24.08)


def test_cjk_breaks_between_any_two_characters():
    # 12 pt, 50 pt wide: four 12-pt characters (48 pt) fit, five (60 pt) do not
    assert wrap("客户沟通需求分析确认预算", 50, 12) == ["客户沟通", "需求分析", "确认预算"]


def test_latin_breaks_only_at_spaces_and_hyphens():
    lines = wrap("Review the end-to-end contract carefully", 70, 12)
    assert lines == ["Review the", "end-to-end", "contract", "carefully"]
    narrow = wrap("end-to-end", 30, 12)
    assert narrow == ["end-", "to-", "end"]  # after each hyphen, never inside "end"


def test_closing_punctuation_never_starts_a_line():
    lines = wrap("确认预算和决策人，然后报价", 48, 12)
    assert all(not line.startswith(("，", "。", "）")) for line in lines)
    assert "".join(lines) == "确认预算和决策人，然后报价"


def test_a_word_longer_than_the_line_is_broken_as_a_last_resort():
    lines = wrap("supercalifragilisticexpialidocious", 50, 12)
    assert "".join(lines) == "supercalifragilisticexpialidocious"
    assert len(lines) > 1
    assert all(text_width(line, 12) <= 50 for line in lines)


def test_explicit_newlines_are_kept_and_spaces_collapse():
    assert wrap("one\n\ntwo   three", 200, 12) == ["one", "", "two three"]
    assert wrap("", 100, 12) == [""]


def test_width_must_be_positive():
    with pytest.raises(ValueError):
        wrap("x", 0, 12)


_TEXT = st.text(
    alphabet=st.sampled_from(list("abcdefghij XYZ-客户沟通需求，。（）") + ["\n"]), max_size=80)


@settings(max_examples=200, deadline=None)
@given(_TEXT, st.floats(min_value=15, max_value=300))
def test_wrapped_lines_fit_and_keep_every_visible_character(text, max_width):
    lines = wrap(text, max_width, 12)
    for line in lines:
        # a line only overflows when it is a single character wider than the line
        assert text_width(line, 12) <= max_width + 1e-9 or len(line) == 1
    assert "".join("".join(lines).split()) == "".join(text.split())
