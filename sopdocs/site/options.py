"""Settings of a handbook build (from the sopdocs plugin's options in mkdocs.yml)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from ..analysis.forecast import DEFAULT_RUNS, DEFAULT_SEED
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
    # issue 12: the day overdue actions are measured against (see builddate.py)
    build_date: Optional[str] = None
    # issue 16: document control
    history: int = 20
    """Revisions listed on each process page, newest first (0: no revision history)."""
    # issue 15: the forecast of each process page and comparison
    forecast_runs: int = DEFAULT_RUNS
    """Monte Carlo runs per process (0: no simulation, exact expectations only)."""
    forecast_seed: int = DEFAULT_SEED
    """The random seed: the same seed gives the same figures on every machine."""

