"""What happens to a generated page after Markdown conversion: diagrams go in, and
anything executable that slipped through is removed."""

from __future__ import annotations

from .markup import sanitize_html
from .options import PageOptions


def finish_page(html: str, page: str, options: PageOptions) -> str:
    """Sanitise the converted HTML of a generated page."""
    return sanitize_html(html)
