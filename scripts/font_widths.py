"""Print the per-character width table used by sopdocs/render/textmetrics.py.

Reads the advance widths of a few installed sans fonts straight from their `cmap` and
`hmtx` tables (no third-party library) and keeps, for every character, the WIDEST of
them in thousandths of an em, so labels measured with the table fit in whichever of
these fonts the browser picks. Run it by hand when the font stack changes:

    python scripts/font_widths.py _SANS_REGULAR \
        /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf \
        /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
    python scripts/font_widths.py _SANS_BOLD \
        /usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf \
        /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc
"""

from __future__ import annotations

import struct
import sys
import unicodedata

CHARACTERS = [chr(code) for code in range(0x20, 0x7F)] + [
    chr(code) for code in range(0xA0, 0x180)
] + list("‐‑‒–—―‘’‚“”„†‡•…‰′″‹›€™←↑→↓↔≤≥≠±×÷√∞≈·°")


def _font_offset(data: bytes, index: int) -> int:
    if data[:4] == b"ttcf":
        count = struct.unpack(">I", data[8:12])[0]
        assert index < count
        return struct.unpack(">I", data[12 + 4 * index:16 + 4 * index])[0]
    return 0


def _tables(data: bytes, offset: int) -> dict[str, int]:
    count = struct.unpack(">H", data[offset + 4:offset + 6])[0]
    tables = {}
    for entry in range(count):
        base = offset + 12 + 16 * entry
        tag = data[base:base + 4].decode("latin-1")
        tables[tag] = struct.unpack(">I", data[base + 8:base + 12])[0]
    return tables


def _cmap_format4(data: bytes, start: int) -> dict[int, int]:
    segments = struct.unpack(">H", data[start + 6:start + 8])[0] // 2
    ends_at = start + 14
    starts_at = ends_at + 2 * segments + 2
    deltas_at = starts_at + 2 * segments
    ranges_at = deltas_at + 2 * segments
    mapping = {}
    for seg in range(segments):
        end, first = (struct.unpack(">H", data[at + 2 * seg:at + 2 * seg + 2])[0]
                      for at in (ends_at, starts_at))
        delta = struct.unpack(">h", data[deltas_at + 2 * seg:deltas_at + 2 * seg + 2])[0]
        range_offset = struct.unpack(">H", data[ranges_at + 2 * seg:ranges_at + 2 * seg + 2])[0]
        for code in range(first, min(end, 0xFFFE) + 1):
            if range_offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                at = ranges_at + 2 * seg + range_offset + 2 * (code - first)
                glyph = struct.unpack(">H", data[at:at + 2])[0]
                glyph = (glyph + delta) & 0xFFFF if glyph else 0
            mapping[code] = glyph
    return mapping


def advance_widths(path: str, index: int = 0) -> dict[str, float]:
    """Character → advance width in thousandths of an em, for one font file."""
    data = open(path, "rb").read()
    offset = _font_offset(data, index)
    tables = _tables(data, offset)
    units_per_em = struct.unpack(">H", data[tables["head"] + 18:tables["head"] + 20])[0]
    metrics_count = struct.unpack(">H", data[tables["hhea"] + 34:tables["hhea"] + 36])[0]
    cmap = tables["cmap"]
    mapping: dict[int, int] = {}
    for sub in range(struct.unpack(">H", data[cmap + 2:cmap + 4])[0]):
        platform, encoding, sub_offset = struct.unpack(">HHI", data[cmap + 4 + 8 * sub:cmap + 12 + 8 * sub])
        fmt = struct.unpack(">H", data[cmap + sub_offset:cmap + sub_offset + 2])[0]
        if platform == 3 and encoding == 1 and fmt == 4:
            mapping = _cmap_format4(data, cmap + sub_offset)
    widths = {}
    for char in CHARACTERS:
        glyph = mapping.get(ord(char), 0)
        if not glyph:
            continue
        slot = min(glyph, metrics_count - 1)
        advance = struct.unpack(">H", data[tables["hmtx"] + 4 * slot:tables["hmtx"] + 4 * slot + 2])[0]
        widths[char] = round(1000 * advance / units_per_em)
    return widths


def widest_widths(paths: list[str]) -> dict[str, int]:
    """Character → the widest advance over the fonts (wide/full-width characters left out)."""
    tables = [advance_widths(path) for path in paths]
    widest = {}
    for char in CHARACTERS:
        found = [table[char] for table in tables if char in table]
        if found and unicodedata.east_asian_width(char) not in ("W", "F"):
            widest[char] = max(found)
    return widest


def main(arguments: list[str]) -> None:
    """Print `NAME = (characters, widths)` for pasting into textmetrics.py.

    Arguments: a table name, then font files (regular and bold are separate runs).
    """
    name, paths = arguments[0], arguments[1:]
    widest = widest_widths(paths)
    numbers = " ".join(str(widest[char]) for char in widest)
    characters = "".join(widest)
    print(f"{name} = (")
    print("    (")
    for start in range(0, len(characters), 60):
        print(f"        {characters[start:start + 60]!r}")
    print("    ),")
    print("    (")
    line = ""
    for word in numbers.split():
        if len(line) + len(word) + 1 > 80:
            print(f"        {line!r}")
            line = ""
        line += word + " "
    print(f"        {line.rstrip()!r}")
    print("    ),")
    print(")")


if __name__ == "__main__":
    main(sys.argv[1:])
