"""The layout engines the rendering tests run with, each skipped (saying why) when absent."""

import shutil

import pytest

from sopdocs.render.engine import find_engine_command

ENGINES = [
    pytest.param("dot", marks=pytest.mark.skipif(shutil.which("dot") is None,
                                                 reason="Graphviz `dot` is not installed"
                                                 " (scripts/install-os-deps.sh installs it)")),
    pytest.param("graphviz-pure", marks=pytest.mark.skipif(
        find_engine_command("graphviz-pure") is None, reason="graphviz-pure is not installed")),
]
