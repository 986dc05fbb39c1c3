"""The built-in handbook configuration, for a folder with process files but no mkdocs.yml.

It is the `mkdocs.yml` that `sopdocs init` writes, with absolute paths, in a temporary
folder: `processes/` is read, `handbook/` holds the hand-written pages when it exists, and
the theme's language is the one most process files name (`en` when none does).
"""

from __future__ import annotations

import tempfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

from ..diagnostics import SopdocsError
from ..templates import LANGUAGES, language_texts, render
from ..validate import validate_paths
from .cache import DEFAULT_CACHE_DIR

CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml")


def find_config(folder: Path) -> Path | None:
    """The folder's MkDocs configuration file (mkdocs.yml or mkdocs.yaml), or None."""
    return next((Path(folder) / name for name in CONFIG_NAMES if (Path(folder) / name).is_file()), None)


def handbook_language(processes: Path) -> str:
    """The language most process files under `processes` name (ties: en, zh, zh-Hant order)."""
    counts = Counter()
    for process in validate_paths([processes]).processes:
        language = "zh" if process.language == "zh-Hans" else process.language
        counts[language if language in LANGUAGES else "en"] += 1
    return max(LANGUAGES, key=lambda language: (counts[language], -LANGUAGES.index(language)))


@contextmanager
def builtin_config(folder: Path, processes: str = "processes") -> Iterator[str]:
    """Yield the path of a temporary mkdocs.yml for the handbook in `folder`; it is removed
    afterwards (with the empty pages folder it uses when `folder` has no handbook/)."""
    folder = Path(folder).resolve()
    language = handbook_language(folder / processes)
    with tempfile.TemporaryDirectory(prefix="sopdocs-builtin-") as temporary:
        pages = folder / "handbook"
        if not pages.is_dir():
            pages = Path(temporary) / "pages"
            pages.mkdir()
        config = Path(temporary) / "mkdocs.yml"
        config.write_text(render("mkdocs.yml.j2", builtin=True, language=language,
                                 texts=language_texts(language), docs_dir=str(pages),
                                 site_dir=str(folder / "site"), processes=str(folder / processes),
                                 cache_dir=str(folder / DEFAULT_CACHE_DIR)),
                          encoding="utf-8")
        yield str(config)


def handbook_config(folder: Path, config_file=None):
    """(a context manager yielding the configuration file to build with, a note or None):
    `config_file`, else the folder's mkdocs.yml, else the built-in configuration with a
    note that says so. Raises SopdocsError when there is neither a configuration nor a
    processes/ folder."""
    config_file = config_file or find_config(folder)
    if config_file:
        return nullcontext(str(config_file)), None
    if not (Path(folder) / "processes").is_dir():
        raise SopdocsError("no mkdocs.yml and no processes/ folder here; "
                           "`sopdocs init` starts a handbook")
    return builtin_config(folder), ("no mkdocs.yml here: using sopdocs's built-in handbook "
                                    "configuration (`sopdocs init` writes one you can edit)")
