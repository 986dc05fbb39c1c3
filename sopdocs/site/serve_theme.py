"""Serve: an installed theme's static files are listed once a session, not per rebuild.

On every build MkDocs lists every file of the theme and matches each name against a
dozen patterns to find the static files to copy (`Files.add_files_from_theme`):
Material ships 14,500 files, mostly icons, so this costs about 0.1 s of a rebuild that
should take under a second. The files of a theme installed in site-packages do not
change while `sopdocs serve` runs, so in a serve session the list is made once per set
of theme folders and options and replayed on each rebuild: the files the docs folder
overrides are still checked against each build's own files. A theme with a folder
outside site-packages (`custom_dir:` in the project, which its author may be editing)
is listed afresh on every rebuild, as MkDocs does.
"""

from __future__ import annotations

import site
import sysconfig
from pathlib import Path

from mkdocs.structure.files import File, Files

_LISTED: dict[tuple, list[tuple[str, str]]] = {}
_ORIGINAL: list = []  # MkDocs's own Files.add_files_from_theme, once replaced


def _installed(folder: str) -> bool:
    """True for a folder inside one of Python's package folders."""
    roots = {sysconfig.get_paths()[name] for name in ("purelib", "platlib")}
    roots.update(site.getsitepackages() if hasattr(site, "getsitepackages") else ())
    real = Path(folder).resolve()
    return any(Path(root).resolve() in real.parents for root in roots if root)


def _theme_files(env, config) -> list[tuple[str, str]]:
    """(path in the theme, theme folder) of every static file the theme would add."""
    probe = Files([])
    _ORIGINAL[0](probe, env, config)
    return [(file.src_uri, file.src_dir) for file in probe]


def _remembering(self: Files, env, config) -> None:
    dirs = tuple(config.theme.dirs)
    if not all(_installed(folder) for folder in dirs):
        return _ORIGINAL[0](self, env, config)
    key = (dirs, tuple(config.theme.static_templates))
    if key not in _LISTED:
        _LISTED[key] = _theme_files(env, config)
    for path, folder in _LISTED[key]:
        if self.get_file_from_path(path) is None:
            self.append(File(path, folder, config.site_dir, config.use_directory_urls))
    return None


def remember_theme_files() -> None:
    """From now on in this process, list an installed theme's static files once."""
    if not _ORIGINAL:
        _ORIGINAL.append(Files.add_files_from_theme)
        Files.add_files_from_theme = _remembering


def forget_theme_files() -> None:
    """Undo `remember_theme_files` (tests)."""
    if _ORIGINAL:
        Files.add_files_from_theme = _ORIGINAL.pop()
        _LISTED.clear()
