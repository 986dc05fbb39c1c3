"""Search segmentation of Traditional Chinese: cut as jieba cuts the Simplified form."""

import jieba

from sopdocs.model import Process, Step
from sopdocs.site.segment import teach_traditional_words, to_simplified, traditional_words


def test_to_simplified_keeps_positions():
    text = "執行修復或更換產品並完成驗證"
    assert to_simplified(text) == "执行修复或更换产品并完成验证"
    assert len(to_simplified(text)) == len(text)


def test_traditional_words_follow_the_simplified_cut():
    tokenizer = jieba.Tokenizer()
    # jieba cuts the Simplified form 执行/修复/或/更换/产品/并/完成/验证; the Traditional
    # words it finds that way (one-character pieces are left alone)
    words = traditional_words(["執行修復或更換產品並完成驗證"], tokenizer)
    assert sorted(words) == sorted(["執行", "修復", "更換", "產品", "驗證"])
    assert words["產品"] == tokenizer.FREQ["产品"] > 0


def test_only_traditional_processes_teach_words():
    tokenizer = jieba.Tokenizer()
    steps = (Step(id="a", name="更換產品", lane="x"),)
    assert teach_traditional_words([Process(id="p", title="流程", path="p.yaml", steps=steps, language="zh")], "en",
                                   tokenizer) == 0
    assert teach_traditional_words([Process(id="p", title="流程", path="p.yaml", steps=steps)], "zh-Hant", tokenizer) == 2
    assert list(tokenizer.cut("更換產品")) == ["更換", "產品"]
