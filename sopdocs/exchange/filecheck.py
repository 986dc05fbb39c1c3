"""Checks every importer makes before it opens a file from outside the team."""

from __future__ import annotations

from pathlib import Path


def checked_size(path: Path, shown: str, limit: int, limit_name: str, advice: str,
                 error: type[Exception]) -> int:
    """The file's size in bytes; raises `error` when it cannot be read or is larger than
    `limit` (named `limit_name` in docs/limits.md; `advice` says what to do instead)."""
    try:
        size = path.stat().st_size
    except OSError as failure:
        raise error(f"{shown}: cannot read the file: {failure.strerror or failure}") from None
    if size > limit:
        raise error(f"{shown}:1:1: the file has {size:,} bytes, more than the limit of"
                    f" {limit:,} ({limit_name}); {advice} or raise the limit")
    return size
