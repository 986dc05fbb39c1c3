"""Settings of a handbook build (from the sopdocs plugin's options in mkdocs.yml)."""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..limits import DEFAULT_LIMITS, Limits


@dataclass(frozen=True)
class PageOptions:
    """What the page generator needs to know besides the processes."""

    processes: Path = Path("processes")
    language: str = "en"
    catalogs: tuple[Path, ...] = ()
    """Folders of the handbook's own `.po` catalogs, looked up before the built-in ones."""
    allow_html: bool = False
    engine: str = "auto"
    directory_urls: bool = True
    limits: Limits = field(default_factory=lambda: DEFAULT_LIMITS)
    # issue 16: document control
    history: int = 20
    """Revisions listed on each process page, newest first (0: no revision history)."""
    build_date: str = ""
    """The day "overdue" is measured on (YYYY-MM-DD); empty: see `build_date`."""


BUILD_DATE_ENV = "SOPDOCS_BUILD_DATE"


def build_date(option: Optional[str] = None, today: Optional[dt.date] = None) -> str:
    """The build date: the `build_date` option, else $SOPDOCS_BUILD_DATE, else today
    (UTC). It only decides what is overdue for review; raises ValueError for a bad date."""
    for value, origin in ((option, "the build_date option"), (os.environ.get(BUILD_DATE_ENV), BUILD_DATE_ENV)):
        if value:
            text = str(value).strip()
            try:
                if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
                    raise ValueError
                return dt.date.fromisoformat(text).isoformat()
            except ValueError:
                raise ValueError(f"{origin} is '{text}', not a date YYYY-MM-DD (e.g. 2026-01-31)") from None
    return (today or dt.datetime.now(dt.timezone.utc).date()).isoformat()
