"""Which Chinese script a text is written in, from the characters only one script uses.

The character sets are CC-CEDICT's (through the zhon package): a character found only
among the dictionary's Simplified forms (图, 负, 关) is Simplified-only, one found only
among its Traditional forms (圖, 負, 關) Traditional-only; the many characters both
scripts share (流程, 部门's 部) count for neither.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from zhon import cedict

MIN_EVIDENCE = 3
"""Script-only characters needed before a text is said to be in one script."""


@lru_cache(maxsize=1)
def _only() -> tuple[frozenset[str], frozenset[str]]:
    simplified, traditional = set(cedict.simplified), set(cedict.traditional)
    return frozenset(simplified - traditional), frozenset(traditional - simplified)


@lru_cache(maxsize=1)
def known_han() -> frozenset[str]:
    """Every character of the dictionary, Simplified or Traditional (issue 12: telling
    GB18030 from Big5)."""
    return frozenset(cedict.simplified) | frozenset(cedict.traditional)


def _in_order(text: str, chars: frozenset[str]) -> list[str]:
    """The characters of `text` found in `chars`, in order of first use, once each (a
    set intersection first: most texts hold none, and a file's text is long)."""
    found = chars.intersection(text)
    return [char for char in dict.fromkeys(text) if char in found] if found else []


def simplified_only(text: str) -> list[str]:
    """The characters of `text` that only Simplified Chinese uses, in order, once each."""
    return _in_order(text, _only()[0])


def traditional_only(text: str) -> list[str]:
    """The characters of `text` that only Traditional Chinese uses, in order, once each."""
    return _in_order(text, _only()[1])


@dataclass(frozen=True)
class ScriptEvidence:
    """How many Simplified-only and Traditional-only characters a text holds, with examples."""

    simplified: tuple[str, ...]
    traditional: tuple[str, ...]

    @property
    def script(self) -> Optional[str]:
        """`Hans` or `Hant` when one script's characters clearly outnumber the other's
        (at least MIN_EVIDENCE distinct ones and three times as many), else None."""
        simplified, traditional = len(self.simplified), len(self.traditional)
        if simplified >= MIN_EVIDENCE and simplified >= 3 * traditional:
            return "Hans"
        if traditional >= MIN_EVIDENCE and traditional >= 3 * simplified:
            return "Hant"
        return None


def script_evidence(text: str) -> ScriptEvidence:
    """The script-only characters of `text` (each counted once)."""
    return ScriptEvidence(tuple(simplified_only(text)), tuple(traditional_only(text)))


_HAN = re.compile("[\u4e00-\u9fff\u3400-\u4dbf]")


def count_han(text: str) -> int:
    """How many characters of `text` are CJK unified ideographs (see `is_han`)."""
    return len(_HAN.findall(text))


def is_han(char: str) -> bool:
    """True for a CJK unified ideograph (the basic block and extension A)."""
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


def language_script(language: Optional[str]) -> Optional[str]:
    """The script a `language` tag asks for: `Hant` (zh-Hant, zh-TW, zh-HK, zh-MO),
    `Hans` (other zh tags), None for any other language."""
    parts = (language or "").lower().replace("_", "-").split("-")
    if parts[0] != "zh":
        return None
    return "Hant" if any(part in ("hant", "tw", "hk", "mo") for part in parts[1:]) else "Hans"
