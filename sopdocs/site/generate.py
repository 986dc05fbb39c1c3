"""Generate every page of the handbook as Markdown text, keyed by path under docs/."""

from __future__ import annotations

from .handbook import Handbook, load_handbook
from .home_page import HOME, home_page
from .i18n import strings
from .options import PageOptions
from .process_page import process_page
from .role_page import role_page


def generate_pages(handbook: Handbook, options: PageOptions) -> dict[str, str]:
    """Path under the docs folder → Markdown text, for every generated page (sorted)."""
    text = strings(options.language)
    pages = {HOME: home_page(handbook, text)}
    for entry in handbook.entries:
        pages[entry.page] = process_page(entry, handbook, text, options)
    for name in handbook.roles:
        pages[handbook.role_page(name)] = role_page(name, handbook, text, options)
    return dict(sorted(pages.items()))


def generate(options: PageOptions) -> dict[str, str]:
    """Load the processes folder and generate its pages (raises on invalid processes)."""
    return generate_pages(load_handbook(options.processes, options.limits), options)
