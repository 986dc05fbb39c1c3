"""Shared by rules about a mapping the model keeps a span of (an action, a problem, the
approval, the review): where its values sit in the file."""

from __future__ import annotations

import difflib
from typing import Iterator, Optional

from ..yamlnodes import YNode


def node_of(context, item) -> Optional[YNode]:
    """The mapping node an item (action, problem, approval, review) was built from."""
    span = item.span
    return context.node_at(span.line, span.col) if span is not None else None


def value_at(context, item, key: str) -> tuple[int, int]:
    """(line, col) of `item`'s value for `key`, else of the item itself."""
    node = node_of(context, item)
    value = node.get(key) if node is not None else None
    if value is not None:
        return value.line, value.col
    return (item.span.line, item.span.col) if item.span else (1, 1)


def list_items(context, item, key: str) -> Iterator[tuple[str, int, int]]:
    """(text, line, col) of every entry of `item`'s list `key` (a single text counts as one)."""
    node = node_of(context, item)
    value = node.get(key) if node is not None else None
    if value is None:
        return
    entries = [value] if value.kind == "scalar" else value.items
    for entry in entries:
        if entry.kind == "scalar" and entry.value is not None:
            yield (entry.value if isinstance(entry.value, str) else entry.raw), entry.line, entry.col


def problem_label(problem) -> str:
    """How a message names a problem: its id, else the start of its description."""
    if problem.id:
        return f"problem '{problem.id}'"
    return f"problem '{short(problem.description)}'"


def unknown_references(context, key: str, known: list[str]) -> Iterator[tuple]:
    """(action number, action, text, line, col, closest known id or None) for every entry
    of an action's list `key` that is not in `known`."""
    ids = set(known)
    for number, action in enumerate(context.process.actions, 1):
        for text, line, col in list_items(context, action, key):
            if text not in ids:
                guess = difflib.get_close_matches(text, known, n=1)
                yield number, action, text, line, col, guess[0] if guess else None


def short(text: str) -> str:
    """A text cut to 40 characters for a message."""
    return text if len(text) <= 40 else text[:39] + "…"
