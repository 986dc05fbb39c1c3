"""Search segmentation that knows Traditional Chinese words.

Material's search plugin cuts Chinese text into words with jieba before indexing, and a
query matches the start of an indexed word. jieba's dictionary is Simplified Chinese: it
cuts 更換產品 as 更 / 換產品 but 更换产品 as 更换 / 产品, so a reader searching a
Traditional page for 產品 finds nothing. The handbook's Traditional text is therefore
cut the way jieba cuts its Simplified form (mapped character by character), and the
Traditional words found are added to jieba's dictionary with the frequency of their
Simplified twins before the search index is built.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Iterable

import jieba
import zhconv

from ..model import Process
from ..scripts import is_han, language_script


@lru_cache(maxsize=8192)
def _simplified(char: str) -> str:
    converted = zhconv.convert(char, "zh-hans")
    return converted if len(converted) == 1 else char


def to_simplified(text: str) -> str:
    """`text` with each Traditional character replaced by its Simplified form (one for
    one, so positions stay the same)."""
    return "".join(_simplified(char) for char in text)


def traditional_words(texts: Iterable[str], tokenizer=None) -> dict[str, int]:
    """Words of Traditional `texts` as jieba cuts their Simplified form: word → the
    Simplified word's dictionary frequency (0 when jieba found it by its HMM)."""
    tokenizer = tokenizer or jieba.dt
    words: dict[str, int] = {}
    for text in texts:
        simplified, position = to_simplified(text), 0
        for piece in tokenizer.cut(simplified):
            original = text[position:position + len(piece)]
            position += len(piece)
            if len(piece) > 1 and original != piece and all(is_han(char) for char in original):
                words[original] = max(words.get(original, 0), tokenizer.FREQ.get(piece) or 0)
    return dict(sorted(words.items()))


def process_texts(process: Process) -> list[str]:
    """The texts of a process a reader may search for."""
    texts = [process.title, process.summary, process.owner or ""]
    texts += [text for lane in process.lanes for text in (lane.name, lane.owner or "")]
    for step in process.steps:
        texts += [step.name, step.owner or "", step.instructions, *step.inputs, *step.outputs,
                  *step.systems, *(problem.description for problem in step.problems)]
    texts += [kpi.name for kpi in process.kpis]
    return [text for text in texts if text]


def teach_traditional_words(processes: Iterable[Process], default_language: str = "en",
                            tokenizer=None) -> int:
    """Add the Traditional words of the Traditional Chinese processes (by their own
    `language`, else `default_language`) to jieba's dictionary, the one Material's search
    uses; returns how many were added."""
    tokenizer = tokenizer or jieba.dt
    texts = [text for process in processes
             if language_script(process.language or default_language) == "Hant"
             for text in process_texts(process)]
    if not texts:
        return 0
    words = traditional_words(texts, _pristine() if tokenizer is jieba.dt else tokenizer)
    taught = _TAUGHT.setdefault(id(tokenizer), set())
    for word, frequency in words.items():
        if word not in taught:  # each add_word raises jieba's total: teach a word once a process
            tokenizer.add_word(word, frequency or None)
            taught.add(word)
    return len(words)


@lru_cache(maxsize=1)
def _pristine():
    """A jieba tokenizer nobody adds words to, so the words found depend on the texts
    only, not on what earlier builds in this process taught the shared one."""
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


_TAUGHT: dict[int, set] = {}
"""Words already added, per tokenizer: a second build (or a serve rebuild) in the same
process must cut text exactly as the first did."""
