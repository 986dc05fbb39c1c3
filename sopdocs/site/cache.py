"""The build cache: derived artefacts (validated models, laid-out diagrams) kept on disk
between builds, keyed by a hash of everything they are derived from.

`BuildCache.key(kind, *parts)` hashes a kind name, a salt and the parts' `repr`. The
salt holds the sopdocs version, a fingerprint of sopdocs's own source files (so an
edited checkout never reuses results of older code), the Python version and whatever
the caller adds (the layout engine and its version). The parts are the inputs
themselves: a file's bytes, the model, the links and options that shape the output, so
a key can only repeat when the output would be the same.

Entries are single files `<key[:2]>/<key>.entry`: a header line with a format tag and the
SHA-256 of the payload, then the payload (a pickle of plain values and sopdocs model
classes, read back by a restricted unpickler). An entry is written to a temporary file
in the same folder and renamed over the final name, so a reader sees a whole entry or
none; two builds writing the same key write the same bytes. An entry whose checksum or
unpickling fails is removed and reported as missing, so the caller recomputes it.

Trust: the cache folder is the project's own (like `site/`), but the unpickler still
refuses every class outside a short allow-list, so a planted entry cannot run code.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Optional

from .. import __version__

_FORMAT = b"sopdocs-cache-1"
DEFAULT_CACHE_DIR = ".sopdocs-cache/build"
"""Where the cache goes, relative to mkdocs.yml, unless `cache_dir` says otherwise."""
_ALLOWED_MODULES = ("sopdocs.model", "sopdocs.diagnostics", "sopdocs.limits",
                    "sopdocs.analysis.revisions",  # issue 16: revision histories
                    "sopdocs.analysis.metrics", "sopdocs.analysis.schedule")  # key figures
_ALLOWED_BUILTINS = {"tuple", "list", "dict", "set", "frozenset", "str", "bytes", "int",
                     "float", "bool", "complex", "NoneType"}
_STALE_SECONDS = 30 * 24 * 3600
_TEMP_STALE_SECONDS = 3600


def code_fingerprint() -> str:
    """SHA-256 over the names and bytes of sopdocs's own source and data files."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent.parent
    for path in sorted(package.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".js", ".css", ".json", ".po", ".j2", ".yaml"):
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


_FINGERPRINT: Optional[str] = None


def _fingerprint() -> str:
    global _FINGERPRINT
    if _FINGERPRINT is None:
        _FINGERPRINT = code_fingerprint()
    return _FINGERPRINT


class _RestrictedUnpickler(pickle.Unpickler):
    """Rebuilds only plain values and sopdocs's model classes."""

    def find_class(self, module: str, name: str):
        if module == "builtins" and name in _ALLOWED_BUILTINS:
            return super().find_class(module, name)
        if module in _ALLOWED_MODULES and not name.startswith("_"):
            found = super().find_class(module, name)
            if isinstance(found, type) and found.__module__ == module:  # its classes, not what it imports
                return found
        raise pickle.UnpicklingError(f"class {module}.{name} is not allowed in the cache")


class BuildCache:
    """A folder of cache entries; `folder=None` keeps nothing (every lookup misses)."""

    def __init__(self, folder: Optional[Path], salt: str = ""):
        self.folder = Path(folder) if folder is not None else None
        self.salt = "\n".join((__version__, _fingerprint(), sys.version, salt))
        self.hits = 0
        self.misses = 0
        self.used: set[str] = set()
        self.memory: Optional[dict] = None  # set to a dict to keep values in memory too (serve)
        self._prepared = False

    def _prepare(self) -> None:
        """Create the folder with a `.gitignore` of `*`, so git never picks entries up
        even in a project whose own .gitignore does not list the cache."""
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# sopdocs build cache: derived files, safe to delete\n*\n", encoding="utf-8")
        self._prepared = True

    def key(self, kind: str, *parts: Any) -> str:
        """The key of an artefact of `kind` derived from `parts` (compared by repr)."""
        digest = hashlib.sha256()
        for part in (kind, self.salt, *parts):
            data = part if isinstance(part, bytes) else repr(part).encode("utf-8")
            digest.update(len(data).to_bytes(8, "big"))
            digest.update(data)
        return digest.hexdigest()

    def memo(self, kind: str, part: Any, compute, stored: bool = False):
        """`compute()` remembered under the key of (kind, part): in memory (when `memory`
        is on), and with `stored` also on disk, for values that cost more to compute than
        to read back (a page's Markdown); without `stored`, for values cheaper to compute
        than to read or that the unpickler does not rebuild."""
        if stored and self.folder is not None:
            key = self.key(kind, part)
            value = self.get(key)
            if value is None:
                value = compute()
                self.put(key, value)
            return value
        if self.memory is None:
            return compute()
        key = self.key(kind, part)
        if key not in self.memory:
            self.memory[key] = compute()
        return self.memory[key]

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.entry"

    def get(self, key: str) -> Optional[Any]:
        """The stored value of `key`, or None when missing or damaged (then removed)."""
        self.used.add(key)
        if self.memory is not None and key in self.memory:
            self.hits += 1
            return self.memory[key]
        if self.folder is None:
            self.misses += 1
            return None
        path = self._path(key)
        try:
            data = path.read_bytes()
        except OSError:
            self.misses += 1
            return None
        value = _decode(data)
        if value is None:
            path.unlink(missing_ok=True)  # damaged: the caller recomputes and rewrites it
            self.misses += 1
            return None
        self.hits += 1
        if self.memory is not None:
            self.memory[key] = value[0]
        try:
            os.utime(path)  # "last used", for prune
        except OSError:
            pass
        return value[0]

    def has(self, key: str) -> bool:
        """Whether an entry for `key` exists (in memory or on disk; not checked for
        damage: `get` does that when the value is read)."""
        self.used.add(key)
        if self.memory is not None and key in self.memory:
            return True
        if self.folder is None:
            return False
        path = self._path(key)
        try:
            os.utime(path)  # "last used", for prune
        except OSError:
            return False
        return True

    def put(self, key: str, value: Any) -> bool:
        """Store `value` under `key` (atomically); False when it could not be kept
        (no folder and no memory, or a read-only or full disk)."""
        if self.memory is not None:
            self.memory[key] = value
        if self.folder is None:
            return self.memory is not None
        payload = pickle.dumps(value, protocol=5)
        header = _FORMAT + b" " + hashlib.sha256(payload).hexdigest().encode() + b"\n"
        self.used.add(key)
        path = self._path(key)
        try:
            if not self._prepared:
                self._prepare()
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{key[:12]}.", suffix=".tmp")
            with os.fdopen(handle, "wb") as out:
                out.write(header + payload)
            os.replace(temporary, path)
        except OSError:
            return self.memory is not None  # costs speed, never correctness
        return True

    def prune(self, keep: Optional[set[str]] = None, now: Optional[float] = None) -> int:
        """Remove entries not in `keep` (default: the keys this object used) that are
        older than 30 days, and temporary files older than an hour (left by killed
        builds); returns how many went."""
        keep = self.used if keep is None else keep
        if self.folder is None or not self.folder.is_dir():
            return 0
        now = time.time() if now is None else now
        removed = 0
        for path in self.folder.glob("*/*"):
            age = now - path.stat().st_mtime
            stale_temp = path.suffix == ".tmp" and age > _TEMP_STALE_SECONDS
            stale_entry = path.suffix == ".entry" and path.stem not in keep and age > _STALE_SECONDS
            if stale_temp or stale_entry:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


def _decode(data: bytes) -> Optional[tuple]:
    """(value,) from an entry's bytes, or None when its header or checksum is wrong."""
    header, _, payload = data.partition(b"\n")
    parts = header.split(b" ")
    if len(parts) != 2 or parts[0] != _FORMAT:
        return None
    if hashlib.sha256(payload).hexdigest().encode() != parts[1]:
        return None
    try:
        return (_RestrictedUnpickler(io.BytesIO(payload)).load(),)
    except Exception:  # any damage that passed the checksum: treat as missing
        return None
