"""Templates of the files `sopdocs init` writes and of the built-in handbook configuration.

The templates are package data beside this module (Jinja2, rendered with undefined names
as errors); per-language texts live in `<language>/` folders, never in code. Values that
come from outside (paths, a pip requirement) go through the `yaml` and `shell` filters.
"""

from __future__ import annotations

import json
import shlex
from functools import lru_cache
from pathlib import Path

from ruamel.yaml import YAML

from .. import __version__

LANGUAGES = ("en", "zh", "zh-Hant")
FOLDER = Path(__file__).resolve().parent


def yaml_string(value) -> str:
    """A YAML double-quoted scalar (a JSON string is one); safe for any text."""
    return json.dumps(str(value), ensure_ascii=False)


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    environment = Environment(loader=FileSystemLoader(str(FOLDER)), undefined=StrictUndefined,
                              keep_trailing_newline=True, trim_blocks=True,
                              lstrip_blocks=True, autoescape=False)
    environment.filters["yaml"] = yaml_string
    environment.filters["shell"] = lambda value: shlex.quote(str(value))
    return environment


def language_texts(language: str) -> dict:
    """The texts of `<language>/texts.yml` (site name, description)."""
    return YAML(typ="safe").load((FOLDER / language / "texts.yml").read_text(encoding="utf-8"))


def render(name: str, **values) -> str:
    """The text of template `name` (a path under this folder) with `values` filled in."""
    return _environment().get_template(name).render(version=__version__, **values)
