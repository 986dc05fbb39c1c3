"""Fixtures of the browser tests: one Chromium per module, and the module's online site
(its `sites` fixture) served over HTTP."""

import pytest

from tests.browser import chromium, serve_directory


@pytest.fixture(scope="module")
def browser():
    with chromium() as started:
        yield started


@pytest.fixture(scope="module")
def base_url(sites):
    with serve_directory(sites.online) as url:
        yield url
