"""Every text sopdocs writes itself (page labels, chart words, reports), from gettext catalogs.

The catalogs are `.po` files, one per language, named by language tag: the built-in
ones in `sopdocs/locales/` (en, zh for Simplified, zh-Hant for Traditional Chinese)
and any a handbook adds (the plugin's `catalogs` folder; see docs/translations.md).
Message ids are keys such as `owner` or `flow.problems`; `en.po` holds the English
text, and a language missing a key falls back to English. A catalog is compiled in
memory when first used (Babel reads the `.po`, writes a `.mo` into a buffer, and the
standard library's `gettext` reads that), so a source checkout and an installed wheel
work alike, with no build step and no generated file to ship.

Numbers, percentages and dates are formatted by Babel for the catalog's locale (its
`Language:` header), and plural forms follow the catalog's `Plural-Forms:` header.
Field values from process files (status, problem type, priority, step type...) keep
their canonical words in the YAML and are translated only when shown (`Texts.value`).
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from string import Formatter
from typing import Callable, Iterable, Optional

from babel import Locale, UnknownLocaleError
from babel.dates import format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

BUILTIN_CATALOGS = Path(__file__).parent / "locales"
DEFAULT_LANGUAGE = "en"
_TRADITIONAL_TAGS = ("hant", "tw", "hk", "mo")
_SIMPLIFIED_TAGS = ("hans", "cn", "sg", "my")
_WRITTEN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(min|m|h|d|w)\s*$")
_UNITS = {"m": "dur.m", "min": "dur.m", "h": "dur.h", "d": "dur.d", "w": "dur.w"}
# issue 15: the text of a duration range (ranges.summary): `1d–4d, likely 2d`, `2h–1d`, `mean 30m`
_RANGE = re.compile(r"^(?P<low>[^–,]+)–(?P<high>[^–,]+?)(?:, likely (?P<likely>[^–,]+))?$")
_MEAN = re.compile(r"^mean (?P<mean>[^–,]+)$")


class Texts:
    """The messages of one language, with Babel formatting for its locale.

    `texts["owner"]` is one message; `texts("flow.problems", n=3)` fills in values;
    `texts.plural("flow.problems", 3, n=3)` picks the plural form.
    """

    def __init__(self, language: str, translations: gettext.NullTranslations, locale: Locale,
                 tag: Optional[str] = None):
        self.language = language
        self.tag = tag or language
        """The language asked for (`zh-TW`), which pages declare; `language` is the
        catalog that serves it (`zh-Hant`)."""
        self.locale = locale
        self._translations = translations

    def __getitem__(self, key: str) -> str:
        return self._translations.gettext(key)

    def __call__(self, key: str, **values: object) -> str:
        return self[key].format(**values)

    def plural(self, key: str, count: int, **values: object) -> str:
        """The message `key` in the plural form for `count` (values filled in)."""
        return self._translations.ngettext(key, key, count).format(**values)

    def value(self, field: str, word: Optional[str]) -> str:
        """A canonical field value (`status` `current`) in this language; the word
        itself when the catalog has no entry for it."""
        if not word:
            return ""
        key = f"value.{field}.{word}"
        shown = self[key]
        return word if shown == key else shown

    def number(self, value: float, decimals: Optional[int] = None) -> str:
        """`value` with exactly `decimals` decimals, or up to three (trailing zeros
        dropped) when None, in the locale's digits and separators."""
        pattern = "#,##0.###" if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=self.locale)

    def percent(self, fraction: float, decimals: int = 0) -> str:
        """A fraction as a percentage (`0.6` → `60%`) in the locale's style."""
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
        return format_percent(fraction, format=pattern, locale=self.locale)

    def date(self, day: dt.date, skeleton: str = "MMMEd") -> str:
        """A date in the locale's short form for `skeleton` (`Mon, Jan 6`, `1月6日周一`)."""
        return format_skeleton(skeleton, day, locale=self.locale)

    def hours(self, hours: float) -> str:
        """Working time for a chart: `45 min` under an hour, else `17.5 h`."""
        if 0 < hours < 1:
            return self("time.minutes", n=self.number(round(hours * 60, 2)))
        return self("time.hours", n=self.number(round(hours, 2)))

    def days_or_hours(self, hours: float, hours_per_day: float) -> str:
        """Working time for a page: `1.5 d` from a day up, else `3 h`."""
        if hours_per_day > 0 and hours >= hours_per_day:
            return self("time.days", n=self.number(hours / hours_per_day, 1))
        return self("time.hours", n=self.number(round(hours, 2)))

    def written(self, text: str) -> str:
        """A duration as the file wrote it (`0.5d`, `2h`), its unit in this language; a
        range's text (`1d–4d, likely 2d`, `mean 30m`) with each of its durations so."""
        match = _WRITTEN.match(text or "")
        if not match:
            return self._written_range(text)
        return self(_UNITS[match.group(2)], n=self.number(float(match.group(1))))

    def _written_range(self, text: str) -> str:
        match = _RANGE.match(text or "") or _MEAN.match(text or "")
        if not match:
            return text
        shown = {key: self.written(value) for key, value in match.groupdict().items() if value}
        key = "forecast.range_mean" if "mean" in shown else \
            "forecast.range_likely" if "likely" in shown else "forecast.range"
        return self(key, **shown)

    def join(self, items: Iterable[str]) -> str:
        """Items as a run-in list with the language's separator (`, ` or `、`)."""
        return self["list_separator"].join(items)


def fill(template: str, escape: Callable[[str], str], **values: str) -> str:
    """A message in a markup: the template's own words passed through `escape` (their
    leading and trailing spaces kept), its `{name}` fields filled with `values`, which
    are in that markup already."""
    parts = []
    for literal, name, spec, _ in Formatter().parse(template):
        core = literal.strip()
        if core:
            start = literal.index(core[0])
            literal = literal[:start] + escape(core) + literal[start + len(core):]
        parts.append(literal)
        if name is not None:
            parts.append(format(values[name], spec or ""))
    return "".join(parts)


def pad(text: str, width: int, align: str = "<") -> str:
    """`text` padded to `width` terminal columns (a wide CJK character takes two),
    left-aligned (`<`) or right-aligned (`>`)."""
    columns = sum(2 if unicodedata.east_asian_width(char) in ("W", "F") else 1 for char in text)
    space = " " * max(width - columns, 0)
    return text + space if align == "<" else space + text


def catalog_files(folders: Iterable[Path] = ()) -> dict[str, Path]:
    """Language tag → `.po` file: the built-in catalogs, overridden by `folders`' ones."""
    found: dict[str, Path] = {}
    for folder in (BUILTIN_CATALOGS, *folders):
        folder = Path(folder)
        if folder.is_dir():
            for path in sorted(folder.glob("*.po")):
                found[path.stem] = path
    return found


def catalog_name(language: Optional[str], names: Iterable[str]) -> str:
    """The catalog that serves `language`: an exact tag (any case, `_` or `-`) first;
    Chinese by script (zh-TW, zh-HK → zh-Hant; zh-CN, zh-Hans → zh); then the primary
    language (`de-CH` → `de`); English when none fits."""
    by_lower = {name.lower().replace("_", "-"): name for name in names}
    code = (language or DEFAULT_LANGUAGE).lower().replace("_", "-")
    if code in by_lower:
        return by_lower[code]
    primary, *subtags = code.split("-")
    if primary == "zh":
        if any(tag in _TRADITIONAL_TAGS for tag in subtags) and "zh-hant" in by_lower:
            return by_lower["zh-hant"]
        if any(tag in _SIMPLIFIED_TAGS for tag in subtags) and "zh-hans" in by_lower:
            return by_lower["zh-hans"]
    return by_lower.get(primary, DEFAULT_LANGUAGE)


def _locale(name: str, header: Optional[Locale]) -> Locale:
    if header is not None:
        return header
    try:
        return Locale.parse(name, sep="-")
    except (ValueError, UnknownLocaleError):
        return Locale.parse(DEFAULT_LANGUAGE)


def _filled_forms(forms: tuple[str, ...], count: int) -> tuple[str, ...]:
    """Plural forms with the gaps filled from the form before them: a catalog written
    with two forms still reads well where the locale's rule has three (Babel's French:
    one, many, other)."""
    filled: list[str] = []
    for index in range(max(count, len(forms))):
        form = forms[index] if index < len(forms) else ""
        filled.append(form or (filled[-1] if filled else ""))
    return tuple(filled)


@lru_cache(maxsize=64)
def _compiled(path: Path, modified: float) -> tuple[bytes, Optional[Locale]]:
    """A `.po` file compiled in memory to `.mo` bytes (cached until the file changes)."""
    with open(path, "rb") as source:
        catalog = read_po(source, abort_invalid=True)
    untranslated = []
    for message in catalog:
        if message.id and isinstance(message.string, tuple):
            message.string = _filled_forms(message.string, catalog.num_plurals)
            if not any(message.string):
                untranslated.append(message.id)
    for message_id in untranslated:  # left to the English fallback, as empty singulars are
        catalog.delete(message_id)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    return buffer.getvalue(), catalog.locale


def load_catalog(path: Path) -> tuple[gettext.GNUTranslations, Optional[Locale]]:
    """The compiled messages of one `.po` file and the locale its header names."""
    path = Path(path).resolve()
    data, locale = _compiled(path, path.stat().st_mtime)
    return gettext.GNUTranslations(io.BytesIO(data)), locale


def texts_for(language: Optional[str], folders: Iterable[Path] = ()) -> Texts:
    """The Texts for `language` (a process's `language` or the handbook's), looking for
    catalogs in `folders` before the built-in ones; English fills any missing key."""
    files = catalog_files(tuple(folders))
    name = catalog_name(language, files)
    stamps = tuple((str(files[n]), files[n].stat().st_mtime) for n in dict.fromkeys((name, DEFAULT_LANGUAGE)))
    return _texts(name, stamps, language or DEFAULT_LANGUAGE)


@lru_cache(maxsize=64)
def _texts(name: str, stamps: tuple[tuple[str, float], ...], tag: str) -> Texts:
    """Texts of catalog `name` for language `tag`; `stamps` (paths and times) make an
    edited file reload."""
    english, _ = load_catalog(Path(stamps[-1][0]))
    if name == DEFAULT_LANGUAGE:
        return Texts(name, english, Locale.parse(DEFAULT_LANGUAGE), tag)
    translations, header = load_catalog(Path(stamps[0][0]))
    translations.add_fallback(english)
    return Texts(name, translations, _locale(name, header), tag)


@dataclass(frozen=True)
class CatalogKeys:
    """The message keys of one catalog, for completeness checks."""

    language: str
    keys: frozenset[str]


def catalog_keys(path: Path) -> CatalogKeys:
    """Every key a `.po` file translates (entries with an empty translation left out)."""
    with open(path, "rb") as source:
        catalog = read_po(source)
    keys = set()
    for message in catalog:
        if not message.id:
            continue
        key = message.id[0] if isinstance(message.id, tuple) else message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if all(strings) and not message.fuzzy:
            keys.add(key)
    return CatalogKeys(Path(path).stem, frozenset(keys))
