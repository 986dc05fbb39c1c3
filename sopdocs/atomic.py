"""Writing outputs so that a failure never leaves a half-written file or folder behind."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are for sharing
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_text_atomic(path: Path, text: str) -> None:
    """Write UTF-8 text atomically (see write_bytes_atomic)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def swap_directory(new: Path, target: Path) -> None:
    """Replace folder `target` by folder `new` (same file system) with two renames.

    The old folder is moved aside first and removed only after the new one is in place,
    so at every moment `target` is either the complete old or the complete new output
    (or, killed between the two renames, missing with the old one beside it, which
    `recover_interrupted_swap` puts back).
    """
    new, target = Path(new), Path(target)
    old = target.with_name(f".{target.name}.old")
    recover_interrupted_swap(target)
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        os.replace(target, old)
    os.replace(new, target)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def recover_interrupted_swap(target: Path) -> bool:
    """Put the previous output back if a swap was killed between its two renames.

    Returns True when `target` was missing and `.<target>.old` was restored.
    """
    target = Path(target)
    old = target.with_name(f".{target.name}.old")
    if not target.exists() and old.is_dir() and not old.is_symlink():
        os.replace(old, target)
        return True
    return False
