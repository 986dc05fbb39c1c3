"""Ids for imported files: the importers' shared way to keep generated ids unique."""

from __future__ import annotations


def unique_id(wanted: str, taken: set[str]) -> str:
    """`wanted`, or `wanted-2`, `wanted-3`... the first not in `taken` (which gains it)."""
    result, number = wanted, 2
    while result in taken:
        result, number = f"{wanted}-{number}", number + 1
    taken.add(result)
    return result
